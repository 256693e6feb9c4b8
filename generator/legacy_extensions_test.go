package generator_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/lint"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// extSpec has a legacy POST /orders (a JSON body API Gateway has a model
// of), a Lambda POST /lambda with the same body, and GET /orders/{id} sent
// to an HTTP backend by the spec's own x-amazon-apigateway-integration,
// each token-protected; the spec's own extensions try to switch off what
// specgate secures and validates.
const extSpec = `openapi: 3.0.3
info: {title: orders, version: "1"}
x-amazon-apigateway-request-validators:
  off: {validateRequestBody: false, validateRequestParameters: false}
  paramsonly: {validateRequestBody: false, validateRequestParameters: true}
paths:
  /orders:
    post:
      operationId: createOrder
      security: [{cognito: [a]}]
      x-specgate-integration: {type: http_proxy, uri: "https://legacy.example.com/orders"}
      x-amazon-apigateway-request-validator: "off"
      x-amazon-apigateway-auth: {type: NONE}
      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: POST, uri: "https://elsewhere.example.com/orders"}
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}}
      responses: {"201": {description: ok}}
  /lambda:
    post:
      operationId: createLambda
      security: [{cognito: [a]}]
      x-amazon-apigateway-request-validator: paramsonly
      x-amazon-apigateway-auth: {type: NONE}
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}}
      responses: {"201": {description: ok}}
  /orders/{id}:
    get:
      operationId: getOrder
      security: [{cognito: [a]}]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: "https://legacy.example.com/orders/{id}"
        payloadFormatVersion: "1.0"
        requestParameters: {MAPPING}
      responses: {"200": {description: ok}}
components:
  schemas:
    Order: {type: object, required: [n], properties: {n: {type: integer, maximum: 5}}}
  securitySchemes:
    cognito: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://auth.example.com/token", scopes: {a: A}}}}
`

func writeExtSpec(t *testing.T, mapping string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(extSpec, "MAPPING", mapping, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A spec's own x-amazon-apigateway-auth and request validator cannot turn
// off what the gateway checks of an operation specgate secures: on the
// legacy operation (which no function sees) and on the Lambda one alike,
// deploy/openapi.yaml keeps the authorizer and a request validator that
// validates the body and the parameters, generate says why (a warning per
// dropped extension, as lint does: amazon-extension-dropped), and deploy/validation-report.md does not say a
// spec's validator may change what it lists. A legacy operation's own
// x-amazon-apigateway-integration does not replace its legacy route.
func TestLegacyAmazonExtensionsCannotWeaken(t *testing.T) {
	path := writeExtSpec(t, "integration.request.path.id: method.request.path.id")
	tmpl, res := deployTemplate(t, generator.Options{SpecPath: path})
	def := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody")
	validators := mapAt(def, "x-amazon-apigateway-request-validators")
	for _, p := range []string{"/orders", "/lambda"} {
		op := mapAt(def, "paths", p, "post")
		name, _ := op["x-amazon-apigateway-request-validator"].(string)
		v := mapAt(validators, name)
		if v["validateRequestBody"] != true || v["validateRequestParameters"] != true {
			t.Errorf("POST %s: request validator %q (%v) does not validate the body and parameters", p, name, v)
		}
		if a, ok := op["x-amazon-apigateway-auth"]; ok {
			t.Errorf("POST %s: the spec's x-amazon-apigateway-auth %v is deployed on a token-protected operation", p, a)
		}
		if got := fmt.Sprint(op["security"]); got != "[map[cognito:[orders/a]]]" {
			t.Errorf("POST %s: security %s, want the authorizer with orders/a", p, got)
		}
	}
	in := mapAt(def, "paths", "/orders", "post", "x-amazon-apigateway-integration")
	if fmt.Sprint(in["uri"]) == "https://elsewhere.example.com/orders" || mapAt(in, "requestParameters")["integration.request.header."+model.SubjectHeader] == nil {
		t.Errorf("the legacy operation's own x-amazon-apigateway-integration replaced its legacy route: %v", in)
	}
	warnings := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		"POST /orders: the spec's x-amazon-apigateway-auth (type NONE) is dropped",
		"POST /lambda: the spec's x-amazon-apigateway-auth (type NONE) is dropped",
		"POST /orders: the spec's x-amazon-apigateway-request-validator off does not validate the request parameters and body",
		"POST /lambda: the spec's x-amazon-apigateway-request-validator paramsonly does not validate the request body",
		"POST /orders: the spec's x-amazon-apigateway-integration is dropped",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("no warning %q in:\n%s", want, warnings)
		}
	}
	findings, err := lint.File(path, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var dropped []string
	for _, f := range findings {
		if f.Rule == "amazon-extension-dropped" {
			dropped = append(dropped, fmt.Sprintf("%d:%d %s", f.Line, f.Col, f.Message))
		}
	}
	for _, want := range []string{
		"13:7 POST /orders: x-amazon-apigateway-auth (type NONE)",
		"22:7 POST /lambda: x-amazon-apigateway-auth (type NONE)",
		"12:7 POST /orders: request validator off does not validate the request parameters and body",
		"21:7 POST /lambda: request validator paramsonly does not validate the request body",
		"14:7 POST /orders: x-amazon-apigateway-integration on a legacy operation",
	} {
		if !strings.Contains(strings.Join(dropped, "\n"), want) {
			t.Errorf("lint: no amazon-extension-dropped warning %q in:\n%s", want, strings.Join(dropped, "\n"))
		}
	}
	// Behind an existing gateway that signs every request (authorizer none,
	// gatewayAccess iam) the gateway checks the signature: lint judges the
	// auth extension by the same rule as generate (model.SignedByGateway).
	signed, err := lint.File(path, lint.Options{Authorizer: "none", GatewayAccess: "iam"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range signed {
		found = found || f.Rule == "amazon-extension-dropped" && strings.Contains(f.Message, "POST /lambda: x-amazon-apigateway-auth (type NONE)")
	}
	if !found {
		t.Errorf("lint behind a signing gateway: no amazon-extension-dropped warning for POST /lambda's auth NONE")
	}
	full, err := generate(t, generator.Options{SpecPath: path})
	if err != nil {
		t.Fatal(err)
	}
	report, ok := full.Files.Get("deploy/validation-report.md")
	if !ok {
		t.Fatal("no deploy/validation-report.md")
	}
	if strings.Contains(string(report.Data), "changes that") {
		t.Errorf("the validation report still says a spec's own validator may change what it lists")
	}
}

// An operation the spec's own http_proxy integration sends to an HTTP
// backend gets the legacy header rules, merged with the spec's mapping:
// the identity headers carry the authorizer's verified claims, the
// caller's Authorization and Cookie stay behind (REST: blanked; HTTP API:
// Cookie removed), the backend gets the gateway's request id. A spec
// mapping that sets the identity headers itself, or hands the backend the
// caller's credentials, is refused at the operation, by generate and by
// lint (integration-header-mapping) alike.
func TestLegacyKeptHTTPIntegrationHeaderRules(t *testing.T) {
	for _, kind := range []model.APIKind{model.REST, model.HTTP} {
		t.Run(string(kind), func(t *testing.T) {
			mapping := "integration.request.path.id: method.request.path.id"
			want := map[string]string{
				"integration.request.path.id":                         "method.request.path.id",
				"integration.request.header." + model.SubjectHeader:   "context.authorizer.claims.sub",
				"integration.request.header." + model.ScopesHeader:    "context.authorizer.claims.scope",
				"integration.request.header.Authorization":            "''",
				"integration.request.header.Cookie":                   "''",
				"integration.request.header." + model.RequestIDHeader: "context.requestId",
			}
			if kind == model.HTTP {
				mapping = "overwrite:path: /orders/$request.path.id"
				want = map[string]string{
					"overwrite:path": "/orders/$request.path.id",
					"overwrite:header." + model.SubjectHeader:   "$context.authorizer.claims.sub",
					"overwrite:header." + model.ScopesHeader:    "$context.authorizer.claims.scope",
					"remove:header.Cookie":                      "''",
					"overwrite:header." + model.RequestIDHeader: "$context.requestId",
				}
			}
			tmpl, _ := deployTemplate(t, generator.Options{SpecPath: writeExtSpec(t, mapping), Kind: kind})
			def := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody")
			params := mapAt(def, "paths", "/orders/{id}", "get", "x-amazon-apigateway-integration", "requestParameters")
			for k, v := range want {
				if got := fmt.Sprint(params[k]); got != v {
					t.Errorf("GET /orders/{id}: requestParameters %s = %s, want %s (all: %v)", k, got, v, params)
				}
			}
		})
	}
	for _, c := range []struct{ mapping, fault string }{
		{"integration.request.header.X-Specgate-Subject: \"'admin'\"", "one of the identity headers"},
		{"overwrite:header.x-specgate-scopes: \"orders/a\"", "one of the identity headers"},
		{"integration.request.header.Authorization: method.request.header.Authorization", "to the caller's Authorization"},
		{"integration.request.header.X-Session: method.request.header.Cookie", "to the caller's Cookie"},
	} {
		t.Run(c.mapping, func(t *testing.T) {
			path := writeExtSpec(t, c.mapping)
			findings, err := lint.File(path, lint.Options{})
			if err != nil {
				t.Fatal(err)
			}
			linted := false
			for _, f := range findings {
				linted = linted || f.Rule == "integration-header-mapping" && f.Severity == lint.Error && f.Line == 26 && f.Col == 5 && strings.Contains(f.Message, c.fault)
			}
			if !linted {
				t.Errorf("lint reports no integration-header-mapping error at 26:5 for %s: %v", c.mapping, findings)
			}
			_, err = generate(t, generator.Options{SpecPath: path})
			var se *spec.Error
			if !errors.As(err, &se) {
				t.Fatalf("generate accepts a kept integration mapping %s: %v", c.mapping, err)
			}
			if !strings.Contains(err.Error(), c.fault) || !strings.Contains(err.Error(), "openapi.yaml:26:5: GET /orders/{id}") {
				t.Errorf("error does not name the operation and %q:\n%v", c.fault, err)
			}
		})
	}
}
