package generator_test

// Secure defaults of the generated service, each asserted on the generated
// artifacts. SECURITY.md names the test behind every default; keep the two
// in step.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
)

// secCase is one generation whose artifacts the secure-default tests read.
type secCase struct {
	name string
	opts generator.Options
	res  *generator.Result
	def  map[string]any // deploy/openapi.yaml
	tmpl map[string]any // deploy/template.yaml
}

const secPool = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"

// secCases generates print-shop in the configurations that change security
// (REST and HTTP API, Cognito and JWT authorizers, an existing pool, CORS),
// the hostile specs, and a spec written for API Gateway with Cognito.
func secCases(t *testing.T) []*secCase {
	t.Helper()
	ps := "../testdata/print-shop.yaml"
	cases := []*secCase{
		{name: "print-shop-rest", opts: generator.Options{SpecPath: ps}},
		{name: "print-shop-http", opts: generator.Options{SpecPath: ps, Kind: model.HTTP}},
		{name: "print-shop-http-jwt-cors", opts: generator.Options{SpecPath: ps, Kind: model.HTTP, Authorizer: "jwt",
			CORSOrigins: []string{"https://app.example.com", "https://admin.example.com"}}},
		{name: "print-shop-rest-pool-cors", opts: generator.Options{SpecPath: ps, UserPoolARN: secPool,
			CORSOrigins: []string{"https://app.example.com", "https://admin.example.com"}}},
		{name: "names-rest", opts: generator.Options{SpecPath: "../testdata/hostile/names.yaml"}},
		{name: "swagger2-http", opts: generator.Options{SpecPath: "../testdata/hostile/swagger2.json", Kind: model.HTTP}},
		{name: "powertools-cognito", opts: generator.Options{SpecPath: filepath.Join(sharedDir, "specs", "awssamples-powertools-orders-cognito.json")}},
		{name: "no-security-declared", opts: generator.Options{SpecPath: secWrite(t, "openapi: 3.0.3\ninfo: {title: undeclared, version: '1'}\n"+
			"paths:\n  /things:\n    get:\n      responses: {'200': {description: ok}}\n    post:\n      responses: {'201': {description: created}}\n")}},
	}
	for _, c := range cases {
		res, err := generator.Generate(context.Background(), c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		c.res = res
		c.def = secYAML(t, res, "deploy/openapi.yaml")
		c.tmpl = secYAML(t, res, "deploy/template.yaml")
	}
	return cases
}

func secWrite(t *testing.T, doc string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func secYAML(t *testing.T, res *generator.Result, path string) map[string]any {
	t.Helper()
	f, ok := res.Files.Get(path)
	if !ok {
		t.Fatalf("no %s planned", path)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(f.Data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// secAt walks nested maps by key; nil when a step is missing.
func secAt(v any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	m, _ := v.(map[string]any)
	return m
}

func secList(v any) []any { l, _ := v.([]any); return l }

// secDefinitions are the API Gateway definitions a case deploys: the
// reviewable deploy/openapi.yaml and the one inlined in the SAM template.
func (c *secCase) secDefinitions() map[string]map[string]any {
	return map[string]map[string]any{
		"deploy/openapi.yaml":                 c.def,
		"deploy/template.yaml DefinitionBody": secAt(c.tmpl, "Resources", secAPIResource(c.tmpl), "Properties", "DefinitionBody"),
	}
}

// secAPIResource is the logical ID of the template's API.
func secAPIResource(tmpl map[string]any) string {
	for id, r := range secAt(tmpl, "Resources") {
		if typ, _ := secAt(r)["Type"].(string); typ == "AWS::Serverless::Api" || typ == "AWS::Serverless::HttpApi" {
			return id
		}
	}
	return ""
}

// secNeedsToken reports whether some security alternative of op is made
// only of a token (so the gateway must check a token), and the scopes of
// those alternatives, Cognito-qualified. It reads the operation's Access,
// the one meaning of its security (model.API.ResolveAccess); an operation
// that declares no security at all needs a token (any scopes).
func secNeedsToken(op *model.Operation) (bool, [][]string) {
	var alts [][]string
	for _, alt := range op.Access.Alternatives {
		if alt.Token && len(alt.Credentials) == 0 && !alt.MutualTLS {
			alts = append(alts, append([]string{}, alt.Scopes...))
		}
	}
	return len(alts) > 0, alts
}

// TestSecureAuthorizerOnEveryProtectedOperation: every operation the spec
// does not mark `security: []` and that requires an OAuth 2.0 / OpenID
// Connect token carries, in both deployed definitions, exactly one
// security requirement naming the authorizer (a Cognito user pool or JWT
// authorizer defined in the same document) with the operation's scopes;
// public operations carry `security: []`.
func TestSecureAuthorizerOnEveryProtectedOperation(t *testing.T) {
	for _, c := range secCases(t) {
		t.Run(c.name, func(t *testing.T) {
			protected := 0
			for where, def := range c.secDefinitions() {
				if def == nil {
					t.Fatalf("%s: missing", where)
				}
				authorizers := map[string]bool{}
				for name, s := range secAt(def, "components", "securitySchemes") {
					typ, _ := secAt(s, "x-amazon-apigateway-authorizer")["type"].(string)
					if typ == "cognito_user_pools" || typ == "jwt" {
						authorizers[name] = true
					}
				}
				for _, op := range c.res.API.Operations {
					o := secAt(def, "paths", op.Path, strings.ToLower(op.Method))
					if o == nil {
						if op.Method != "TRACE" { // API Gateway has no TRACE
							t.Errorf("%s: %s %s missing", where, op.Method, op.Path)
						}
						continue
					}
					sec, declared := o["security"]
					if op.Public {
						if !declared || len(secList(sec)) != 0 {
							t.Errorf("%s: public %s %s has security %v, want []", where, op.Method, op.Path, sec)
						}
						continue
					}
					token, alts := secNeedsToken(op)
					if !token {
						continue // API keys and the like: see TestSecureNonTokenSchemesWarned
					}
					protected++
					reqs := secList(sec)
					if len(reqs) != 1 {
						t.Errorf("%s: %s %s needs a token but has security %v", where, op.Method, op.Path, sec)
						continue
					}
					req := secAt(reqs[0])
					if len(req) != 1 {
						t.Errorf("%s: %s %s: security requirement %v should name one authorizer", where, op.Method, op.Path, req)
						continue
					}
					for name, scopes := range req {
						if !authorizers[name] {
							t.Errorf("%s: %s %s names %q, which is no Cognito or JWT authorizer of the definition", where, op.Method, op.Path, name)
						}
						want := map[string]bool{}
						for _, alt := range alts {
							if len(alt) == 0 { // one alternative needs only a valid token
								want = map[string]bool{}
								break
							}
							for _, s := range alt {
								want[s] = true
							}
						}
						got := map[string]bool{}
						for _, s := range secList(scopes) {
							got[fmt.Sprint(s)] = true
						}
						if fmt.Sprint(secSortedKeys(got)) != fmt.Sprint(secSortedKeys(want)) {
							t.Errorf("%s: %s %s: authorizer scopes %v, want %v", where, op.Method, op.Path, secSortedKeys(got), secSortedKeys(want))
						}
					}
				}
			}
			if protected == 0 && c.name != "print-shop-none" {
				t.Errorf("no protected operation checked: the case proves nothing")
			}
		})
	}
}

func secSortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestSecureNonTokenSchemesWarned: an operation protected only by schemes
// API Gateway's token authorizers cannot check (API keys, HTTP basic) is
// not silently public: generation warns about it.
func TestSecureNonTokenSchemesWarned(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: keys, version: "1"}
paths:
  /k:
    get:
      operationId: withKey
      security: [{key: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
`
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: file})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "GET /k") {
			return
		}
	}
	t.Errorf("no warning about GET /k, which only an API key protects:\n%s", strings.Join(res.Warnings, "\n"))
}

// TestSecureRoleLeastPrivilege: the function's role (the one role besides
// the opt-in REST account logs role) can be assumed only by
// the Lambda service and allows only writing the function's own log
// group (and, when the function is traced, X-Ray's two write actions, which
// take no resource but "*"): no managed policies, no inline or SAM policies, no wildcard
// action or resource, and no other IAM resource in the template. Only this
// API, in this account, may invoke the function.
func TestSecureRoleLeastPrivilege(t *testing.T) {
	for _, c := range secCases(t) {
		t.Run(c.name, func(t *testing.T) {
			resources := secAt(c.tmpl, "Resources")
			var roles, policies []string
			logGroups := map[string]bool{}
			traced := false
			for id, r := range resources {
				switch typ, _ := secAt(r)["Type"].(string); typ {
				case "AWS::IAM::Role":
					// The REST account's CloudWatch Logs role (opt-in; checked
					// in TestOperableTemplate) is API Gateway's, not the function's.
					if id == sam.AccountLogsRoleID && secAt(r)["Condition"] == "CreateApiGatewayLogsRole" &&
						fmt.Sprint(secAt(r, "Properties")["ManagedPolicyArns"]) == "[map[Fn::Sub:"+sam.PushToCloudWatchLogsPolicy+"]]" {
						continue
					}
					roles = append(roles, id)
				case "AWS::IAM::RolePolicy":
					policies = append(policies, id)
				case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::AccessKey":
					t.Errorf("%s: unexpected IAM resource %s", id, typ)
				case "AWS::Logs::LogGroup":
					if secAt(r, "Properties")["LogGroupName"] != nil { // the function's, not the stage's access logs
						logGroups[id] = true
					}
				case "AWS::Serverless::Function", "AWS::Lambda::Function":
					props := secAt(r, "Properties")
					for _, k := range []string{"Policies", "Tracing"} {
						if _, ok := props[k]; ok && k == "Policies" {
							t.Errorf("%s: has SAM Policies %v; the role must be the generated one only", id, props[k])
						}
					}
					traced = traced || props["Tracing"] == "Active"
					if props["Role"] == nil {
						t.Errorf("%s: no Role: SAM would create one with its own policies", id)
					}
				}
			}
			if len(roles) != 1 {
				t.Fatalf("%d IAM roles (%v), want the function's one", len(roles), roles)
			}
			// Only this API, in this account, may invoke the function.
			perms := 0
			for id, r := range resources {
				if secAt(r)["Type"] != "AWS::Lambda::Permission" {
					continue
				}
				perms++
				p := secAt(r, "Properties")
				src, _ := secAt(p["SourceArn"])["Fn::Sub"].(string)
				if p["Principal"] != "apigateway.amazonaws.com" || p["Action"] != "lambda:InvokeFunction" ||
					!strings.Contains(src, "${"+secAPIResource(c.tmpl)+"}/") || secAt(p["SourceAccount"])["Ref"] != "AWS::AccountId" {
					t.Errorf("%s lets more than this API invoke the function: %v", id, p)
				}
			}
			if perms == 0 {
				t.Errorf("no AWS::Lambda::Permission: the API cannot invoke the function")
			}
			role := secAt(resources, roles[0], "Properties")
			for _, k := range []string{"ManagedPolicyArns", "Policies", "PermissionsBoundary"} {
				if k != "PermissionsBoundary" && role[k] != nil {
					t.Errorf("role %s has %s: %v", roles[0], k, role[k])
				}
			}
			stmts := secList(secAt(role, "AssumeRolePolicyDocument")["Statement"])
			if len(stmts) != 1 {
				t.Fatalf("role trust policy has %d statements, want 1", len(stmts))
			}
			st := secAt(stmts[0])
			if st["Effect"] != "Allow" || st["Action"] != "sts:AssumeRole" || fmt.Sprint(secAt(st, "Principal")) != "map[Service:lambda.amazonaws.com]" {
				t.Errorf("role trust policy %v: want Lambda alone to assume it", st)
			}
			if len(policies) == 0 {
				t.Fatalf("no policy lets the function write its logs")
			}
			for _, id := range policies {
				p := secAt(resources, id, "Properties")
				if ref := secAt(p["RoleName"])["Ref"]; ref != roles[0] {
					t.Errorf("%s is attached to %v, not the function role", id, p["RoleName"])
				}
				for _, s := range secList(secAt(p, "PolicyDocument")["Statement"]) {
					st := secAt(s)
					if st["Effect"] != "Allow" {
						continue
					}
					if a := secStrings(st["Action"]); traced && len(a) == 2 && a[0] == "xray:PutTraceSegments" && a[1] == "xray:PutTelemetryRecords" && st["Resource"] == "*" {
						continue // tracing: X-Ray has no resource-level permissions for these
					}
					for _, a := range secStrings(st["Action"]) {
						if a != "logs:CreateLogStream" && a != "logs:PutLogEvents" {
							t.Errorf("%s allows %s; the function may only write its own logs", id, a)
						}
					}
					if st["NotAction"] != nil || st["NotResource"] != nil {
						t.Errorf("%s uses NotAction/NotResource: %v", id, st)
					}
					res := st["Resource"]
					if att := secList(secAt(res)["Fn::GetAtt"]); len(att) != 2 || !logGroups[fmt.Sprint(att[0])] || att[1] != "Arn" {
						t.Errorf("%s: Resource %v, want the function's own log group (Fn::GetAtt LogGroup.Arn)", id, res)
					}
				}
			}
		})
	}
}

func secStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = fmt.Sprint(x)
		}
		return out
	}
	return nil
}

// TestSecureNoWildcardCORS: without configured origins the deployed API
// and the function send no CORS headers at all; with origins configured,
// only those origins are ever allowed, never "*". (A spec's own
// x-amazon-apigateway-cors is kept as written; a wildcard there is warned
// about, see the last case.)
func TestSecureNoWildcardCORS(t *testing.T) {
	originRE := regexp.MustCompile(`https?://[A-Za-z0-9.\-:]+`)
	for _, c := range secCases(t) {
		t.Run(c.name, func(t *testing.T) {
			allowed := map[string]bool{}
			for _, o := range c.opts.CORSOrigins {
				allowed[o] = true
			}
			for _, p := range []string{"deploy/openapi.yaml", "deploy/template.yaml"} {
				f, _ := c.res.Files.Get(p)
				text := string(f.Data)
				if len(allowed) == 0 {
					for _, s := range []string{"Access-Control-Allow-Origin", "x-amazon-apigateway-cors", "CorsConfiguration", "Cors:"} {
						if strings.Contains(text, s) {
							t.Errorf("%s mentions %s though no CORS origin is configured", p, s)
						}
					}
					continue
				}
				if !strings.Contains(text, "Access-Control-Allow-Origin") && !strings.Contains(text, "allowOrigins") {
					t.Errorf("%s: CORS origins configured but no CORS in the definition", p)
				}
				for i, line := range strings.Split(text, "\n") {
					low := strings.ToLower(line)
					if !strings.Contains(low, "allow-origin") && !strings.Contains(low, "$origin ==") {
						continue
					}
					if strings.Contains(line, "'*'") || strings.Contains(line, `"*"`) {
						t.Errorf("%s:%d: wildcard origin: %s", p, i+1, line)
					}
					for _, o := range originRE.FindAllString(line, -1) {
						if !allowed[o] {
							t.Errorf("%s:%d: origin %s is not configured: %s", p, i+1, o, line)
						}
					}
				}
			}
			var walk func(v any)
			walk = func(v any) {
				switch v := v.(type) {
				case map[string]any:
					for k, x := range v {
						if k == "allowOrigins" || k == "AllowOrigins" {
							for _, o := range secStrings(x) {
								if !allowed[o] {
									t.Errorf("%s: allows origin %q, which is not configured", k, o)
								}
							}
						}
						walk(x)
					}
				case []any:
					for _, x := range v {
						walk(x)
					}
				}
			}
			walk(c.def)
			walk(c.tmpl)
			// The function (and the local server) echo an Origin only when it is
			// one of exactly the configured origins (issue 12 item 17).
			var quoted []string
			for _, o := range c.opts.CORSOrigins {
				quoted = append(quoted, strconv.Quote(o))
			}
			list := "[]string{" + strings.Join(quoted, ", ") + "}"
			for p, want := range map[string]*regexp.Regexp{
				"api/router.gen.go":   regexp.MustCompile(`\tCORSOrigins: +` + regexp.QuoteMeta(list) + ",\n"),
				"local/routes.gen.go": regexp.MustCompile(`\tCORSOrigins: +` + regexp.QuoteMeta(list) + ",\n"),
			} {
				if f, _ := c.res.Files.Get(p); !want.Match(f.Data) {
					t.Errorf("%s does not hold exactly the configured origins: want %s", p, want)
				}
			}
		})
	}
	t.Run("spec wildcard is warned", func(t *testing.T) {
		res, err := generator.Generate(context.Background(), generator.Options{SpecPath: filepath.Join(sharedDir, "specs", "awsdocs-http-api-petstore.json"), Kind: model.HTTP})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(res.Warnings, "\n"), "allows every origin (*)") {
			t.Errorf("a spec's wildcard x-amazon-apigateway-cors is kept without a warning:\n%s", strings.Join(res.Warnings, "\n"))
		}
	})
}

// TestSecureRequestValidatorOnEveryRESTMethod: in a REST API every method
// names a request validator the definition declares, which validates the
// parameters, and the body too wherever the operation takes a JSON body.
func TestSecureRequestValidatorOnEveryRESTMethod(t *testing.T) {
	for _, c := range secCases(t) {
		if c.res.API.Kind != model.REST {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			for where, def := range c.secDefinitions() {
				validators := secAt(def, "x-amazon-apigateway-request-validators")
				methods := 0
				for path, item := range secAt(def, "paths") {
					for method, o := range secAt(item) {
						if !secIsHTTPMethod(method) {
							continue
						}
						methods++
						name, _ := secAt(o)["x-amazon-apigateway-request-validator"].(string)
						v := secAt(validators, name)
						if v == nil {
							t.Errorf("%s: %s %s has validator %q, which is not declared", where, method, path, name)
							continue
						}
						if v["validateRequestParameters"] != true {
							t.Errorf("%s: %s %s: validator %q does not validate parameters", where, method, path, name)
						}
						if secHasJSONBody(secAt(o)) && v["validateRequestBody"] != true {
							t.Errorf("%s: %s %s takes a JSON body but validator %q does not validate it", where, method, path, name)
						}
					}
				}
				if methods == 0 {
					t.Errorf("%s: no methods", where)
				}
			}
		})
	}
}

func secIsHTTPMethod(m string) bool {
	switch m {
	case "get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method":
		return true
	}
	return false
}

func secHasJSONBody(o map[string]any) bool {
	for ct := range secAt(o, "requestBody", "content") {
		if strings.Contains(ct, "json") {
			return true
		}
	}
	return false
}

// TestSecureStageThrottling: the stage throttles every route by default
// (REST: MethodSettings for /* and every method; HTTP API:
// DefaultRouteSettings), with positive limits from template parameters.
func TestSecureStageThrottling(t *testing.T) {
	for _, c := range secCases(t) {
		t.Run(c.name, func(t *testing.T) {
			id := secAPIResource(c.tmpl)
			props := secAt(c.tmpl, "Resources", id, "Properties")
			var settings map[string]any
			if c.res.API.Kind == model.REST {
				for _, s := range secList(props["MethodSettings"]) {
					if m := secAt(s); m["ResourcePath"] == "/*" && m["HttpMethod"] == "*" {
						settings = m
					}
				}
			} else {
				settings = secAt(props, "DefaultRouteSettings")
			}
			if settings == nil {
				t.Fatalf("%s: no stage-wide throttling settings: %v", id, props)
			}
			for _, k := range []string{"ThrottlingRateLimit", "ThrottlingBurstLimit"} {
				v := settings[k]
				if ref, ok := secAt(v)["Ref"].(string); ok {
					v = secAt(c.tmpl, "Parameters", ref)["Default"]
				}
				n, ok := v.(int)
				if !ok || n <= 0 {
					t.Errorf("%s: %s is %v, want a positive number", id, k, settings[k])
				}
			}
		})
	}
}

// TestSecureGatewayErrorsRevealNothing: the gateway responses API Gateway
// sends for its own errors (bad request, unauthorized, 4xx, 5xx) are
// problem+json made only of $context.error fields: never the request, the
// token or the authorizer's claims.
func TestSecureGatewayErrorsRevealNothing(t *testing.T) {
	for _, c := range secCases(t) {
		if c.res.API.Kind != model.REST {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			responses := secAt(c.def, "x-amazon-apigateway-gateway-responses")
			for _, want := range []string{"DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED", "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS"} {
				r := secAt(responses, want)
				if r == nil {
					t.Errorf("no gateway response %s", want)
					continue
				}
				for ct, tpl := range secAt(r, "responseTemplates") {
					s := fmt.Sprint(tpl)
					if !strings.Contains(ct, "json") {
						t.Errorf("%s: template for %s", want, ct)
					}
					for _, leak := range []string{"$input", "$context.authorizer", "$util.base64", "$context.identity", "$stageVariables"} {
						if strings.Contains(s, leak) {
							t.Errorf("%s: response template uses %s: %s", want, leak, s)
						}
					}
				}
			}
		})
	}
}

// TestSecureLegacyHTTPSOnly: a legacy backend over plain http is refused
// (with the file:line and how to allow it) unless explicitly allowed, and
// it is used as written; every legacy backend in the print-shop
// artifacts is https, as is every backend URL the template accepts.
func TestSecureLegacyHTTPSOnly(t *testing.T) {
	doc := "openapi: 3.0.3\ninfo: {title: legacy, version: '1'}\npaths:\n  /l:\n    get:\n      operationId: legacy\n      security: []\n      x-specgate-integration: {type: http_proxy, uri: 'http://legacy.example.com/l'}\n      responses: {'200': {description: ok}}\n"
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := generator.Generate(context.Background(), generator.Options{SpecPath: file})
	if err == nil || !strings.Contains(err.Error(), file+":5:") || !strings.Contains(err.Error(), "uses plain http") || !strings.Contains(err.Error(), "legacy.allowHTTP") {
		t.Errorf("plain-http backend: want a located refusal saying how to allow it, got %v", err)
	}
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: file, AllowHTTPLegacy: true})
	if err != nil {
		t.Fatalf("with AllowHTTPLegacy: %v", err)
	}
	if f, _ := res.Files.Get("deploy/openapi.yaml"); !strings.Contains(string(f.Data), "http://legacy.example.com/l") {
		t.Errorf("with AllowHTTPLegacy the plain-http backend is not in the definition")
	}
	// An override of a legacy base URL to plain http is refused too.
	_, err = generator.Generate(context.Background(), generator.Options{SpecPath: "../testdata/print-shop.yaml",
		LegacyBaseURLs: map[string]string{"pricing.legacy.print-shop.internal": "http://pricing.example.com"}})
	if err == nil || !strings.Contains(err.Error(), "plain http") {
		t.Errorf("plain-http base URL override: want a refusal, got %v", err)
	}
	for _, c := range secCases(t) {
		for where, def := range c.secDefinitions() {
			for path, item := range secAt(def, "paths") {
				for method, o := range secAt(item) {
					in := secAt(o, "x-amazon-apigateway-integration")
					if typ, _ := in["type"].(string); strings.HasPrefix(typ, "http") {
						uri := fmt.Sprint(in["uri"])
						if sub, ok := secAt(in["uri"])["Fn::Sub"].(string); ok {
							uri = sub
						}
						if !strings.HasPrefix(uri, "https://") && !strings.HasPrefix(uri, "${") {
							t.Errorf("%s %s: %s %s: legacy integration %s is not https", c.name, where, method, path, uri)
						}
					}
				}
			}
		}
		for name, p := range secAt(c.tmpl, "Parameters") {
			if strings.HasPrefix(name, "Legacy") {
				if pat, _ := secAt(p)["AllowedPattern"].(string); !strings.HasPrefix(pat, "^https://") {
					t.Errorf("%s: parameter %s accepts %q, not only https URLs", c.name, name, pat)
				}
			}
		}
	}
}

// TestSecureBodySizeLimit: the generated function refuses bodies larger
// than 1 MiB by default (413, before decoding), and the limit follows
// Options.MaxBodyBytes. The behaviour is run in TestSecureLambdaBehaviour.
func TestSecureBodySizeLimit(t *testing.T) {
	for _, want := range []int{0, 4096} {
		res, err := generator.Generate(context.Background(), generator.Options{SpecPath: "../testdata/print-shop.yaml", MaxBodyBytes: want})
		if err != nil {
			t.Fatal(err)
		}
		f, ok := res.Files.Get("api/router.gen.go")
		if !ok {
			t.Fatal("no api/router.gen.go")
		}
		if want == 0 {
			want = 1 << 20
		}
		if !strings.Contains(string(f.Data), fmt.Sprintf("const MaxBodyBytes = %d\n", want)) {
			t.Errorf("MaxBodyBytes is not %d in api/router.gen.go", want)
		}
	}
}

// TestSecureLambdaBehaviour builds print-shop, drops
// testdata/secure/lambda_secure_test.go into its api package and runs it:
// the function checks every operation's scopes again (401 without a token,
// 403 without the scopes, through both payload formats), answers handler
// errors and panics with a 500 that carries no internals, never logs or
// echoes the Authorization header, and refuses bodies over MaxBodyBytes.
func TestSecureLambdaBehaviour(t *testing.T) {
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: "../testdata/print-shop.yaml", Module: "example.com/securesvc"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "secure", "lambda_secure_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api", "lambda_secure_test.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	// The operations, as the in-project test needs them.
	type opCase struct {
		Method, Path, Template string
		PathParams             map[string]string
		Query                  string
		Headers                map[string]string
		Body                   string
		Public                 bool
		Alternatives           [][]string // Cognito-qualified scopes; one alternative must be held in full
	}
	var ops []opCase
	for _, op := range res.API.LambdaOperations() {
		ev := seedEvent(op, "FuzzRESTHandler", "")
		oc := opCase{Method: op.Method, Path: ev[1].(string), Template: op.Path, Public: op.Public, Headers: map[string]string{}}
		oc.PathParams = secFirst(secParseQuery(ev[3].(string)))
		oc.Query = ev[4].(string)
		for line := range strings.SplitSeq(ev[5].(string), "\n") {
			if k, v, ok := strings.Cut(line, ": "); ok && !strings.EqualFold(k, "Authorization") {
				oc.Headers[k] = v
			}
		}
		if b, _ := ev[6].([]byte); b != nil {
			oc.Body = string(b)
		}
		_, oc.Alternatives = secNeedsToken(op)
		if !op.Public && len(oc.Alternatives) == 0 {
			continue // not a token operation: the gateway's business
		}
		ops = append(ops, oc)
	}
	data, err := json.MarshalIndent(ops, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "api", "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api", "testdata", "operations.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runGo(t, dir, 10*time.Minute, "test", "-count=1", "-v", "./api")
	if err != nil {
		t.Fatalf("the secure-behaviour tests failed in the generated project: %v\n%s", err, out)
	}
	for _, name := range []string{"TestScopesCheckedAgain", "TestErrorsRevealNothing", "TestAuthorizationNeverLogged", "TestBodySizeLimit"} {
		if !strings.Contains(out, "--- PASS: "+name) {
			t.Errorf("%s did not run and pass:\n%s", name, out)
		}
	}
}

// secFirst and secParseQuery mirror the router fuzz test's helpers.
func secFirst(m map[string][]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

func secParseQuery(s string) map[string][]string {
	q, _ := url.ParseQuery(s)
	return q
}
