package generator_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/cognito"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

// collector records what a check reports.
type collector struct{ errs []string }

func (c *collector) Helper() {}
func (c *collector) Errorf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf(format, args...))
}

// printShopCase generates print-shop through the whole pipeline.
func printShopCase(t *testing.T, opts generator.Options) *deployCase {
	t.Helper()
	opts.SpecPath = filepath.Join(sharedDir, "examples", "print-shop.yaml")
	res, err := generator.Generate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	c := &deployCase{name: "print-shop", opts: opts, res: res, docs: map[string]any{}, raw: map[string][]byte{}}
	for _, p := range []string{apigw.Path, sam.Path, cognito.Path} {
		f, ok := res.Files.Get(p)
		if !ok {
			t.Fatalf("no %s", p)
		}
		c.raw[p] = f.Data
	}
	return c
}

// fresh decodes the case's files again, so each mutation starts clean.
func (c *deployCase) fresh(t *testing.T) *deployCase {
	t.Helper()
	cp := *c
	cp.docs = map[string]any{}
	for p, data := range c.raw {
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		cp.docs[p] = v
	}
	return &cp
}

// TestDeployChecksCatchMistakes breaks generated print-shop deploy files
// in the ways no validator here notices (and a few more) and requires the
// checks TestDeploy runs to report each one.
func TestDeployChecksCatchMistakes(t *testing.T) {
	base := printShopCase(t, generator.Options{})
	httpBase := printShopCase(t, generator.Options{Kind: model.HTTP})
	all := func(t checker, c *deployCase) {
		checkDefinition(t, c)
		checkTemplate(t, c)
		checkCognito(t, c)
	}
	clean := &collector{}
	all(clean, base.fresh(t))
	all(clean, httpBase.fresh(t))
	if len(clean.errs) > 0 {
		t.Fatalf("the unbroken files already fail the checks:\n%s", strings.Join(clean.errs, "\n"))
	}
	fn := func(c *deployCase) map[string]any {
		return mapAt(c.docs[sam.Path], "Resources", sam.FunctionID, "Properties")
	}
	api := func(c *deployCase) map[string]any {
		return mapAt(c.docs[sam.Path], "Resources", sam.APIID, "Properties")
	}
	op := func(c *deployCase, path, method string) map[string]any {
		return mapAt(c.docs[apigw.Path], "paths", path, method)
	}
	cases := []struct {
		name   string
		http   bool
		break_ func(c *deployCase)
		want   string
	}{
		{"function without CodeUri", false, func(c *deployCase) { delete(fn(c), "CodeUri") }, "CodeUri"},
		{"function with a Runtime Lambda does not have", false, func(c *deployCase) { fn(c)["Runtime"] = "provided.al2024" }, "Runtime"},
		{"function for the deprecated go1.x runtime", false, func(c *deployCase) { fn(c)["Runtime"] = "go1.x" }, "Runtime"},
		{"function built without the Makefile", false, func(c *deployCase) { delete(mapAt(c.docs[sam.Path], "Resources", sam.FunctionID), "Metadata") }, "BuildMethod"},
		{"typo in an Auth.Authorizers entry", false, func(c *deployCase) {
			api(c)["Auth"] = map[string]any{"Authorizers": map[string]any{"CognitoAuth": map[string]any{"UserPoolArn": "x", "AuthorizationScopez": []any{"a"}}}}
		}, "has Auth"},
		{"invalid AuthorizationType (authtype) on the REST authorizer", false, func(c *deployCase) {
			mapAt(c.docs[apigw.Path], "components", "securitySchemes", "cognito")["x-amazon-apigateway-authtype"] = "COGNITO_USER_POOL"
		}, "not a Cognito user pool authorizer"},
		{"invalid authorizer type in the template's definition", false, func(c *deployCase) {
			mapAt(api(c), "DefinitionBody", "components", "securitySchemes", "cognito", "x-amazon-apigateway-authorizer")["type"] = "COGNITO"
		}, "not a Cognito user pool authorizer"},
		{"JWT authorizer without an issuer", true, func(c *deployCase) {
			delete(mapAt(c.docs[apigw.Path], "components", "securitySchemes", "cognito", "x-amazon-apigateway-authorizer", "jwtConfiguration"), "issuer")
		}, "not a JWT authorizer"},
		{"operation with one scope too few", false, func(c *deployCase) {
			op(c, "/products", "post")["security"] = []any{map[string]any{"cognito": []any{}}}
		}, "want exactly"},
		{"operation with a scope too many", false, func(c *deployCase) {
			op(c, "/orders", "get")["security"] = []any{map[string]any{"cognito": []any{"print-shop/orders/read", "print-shop/orders/write"}}}
		}, "want exactly"},
		{"protected operation left open", false, func(c *deployCase) { op(c, "/orders", "get")["security"] = []any{} }, "want one security requirement"},
		{"public operation behind the authorizer", false, func(c *deployCase) {
			op(c, "/health", "get")["security"] = []any{map[string]any{"cognito": []any{}}}
		}, "want security: []"},
		{"operation without an integration", false, func(c *deployCase) { delete(op(c, "/orders", "post"), "x-amazon-apigateway-integration") }, "no x-amazon-apigateway-integration"},
		{"legacy operation sent to the function", false, func(c *deployCase) {
			op(c, "/quotes", "post")["x-amazon-apigateway-integration"] = map[string]any{"type": "aws_proxy", "httpMethod": "POST", "uri": "x"}
		}, "legacy operation"},
		{"legacy operation without the caller's identity", false, func(c *deployCase) {
			delete(mapAt(op(c, "/quotes", "post"), "x-amazon-apigateway-integration", "requestParameters"), "integration.request.header."+model.SubjectHeader)
		}, "identity is not forwarded"},
		{"model with a discriminator", false, func(c *deployCase) {
			mapAt(c.docs[apigw.Path], "components", "schemas", "NewOrder")["discriminator"] = map[string]any{"propertyName": "type"}
		}, `keyword "discriminator"`},
		{"model with a default", false, func(c *deployCase) {
			mapAt(c.docs[apigw.Path], "components", "schemas", "NewProduct", "properties", "paper")["default"] = "matte"
		}, `keyword "default"`},
		{"model with a 3.1 numeric exclusiveMinimum", false, func(c *deployCase) {
			m := mapAt(c.docs[apigw.Path], "components", "schemas", "NewOffer", "properties", "percentOff")
			delete(m, "minimum")
			m["exclusiveMinimum"] = 0
		}, `keyword "exclusiveMinimum"`},
		{"model name that is not alphanumeric", false, func(c *deployCase) {
			mapAt(c.docs[apigw.Path], "components", "schemas")["New_Order"] = map[string]any{"type": "object"}
		}, "not alphanumeric"},
		{"recursive models", false, func(c *deployCase) {
			mapAt(c.docs[apigw.Path], "components", "schemas", "Money")["properties"] = map[string]any{"next": map[string]any{"$ref": "#/components/schemas/Money"}}
		}, "cycle"},
		{"method without a request validator", false, func(c *deployCase) { delete(op(c, "/orders", "post"), "x-amazon-apigateway-request-validator") }, "no request validator"},
		{"method naming an undefined request validator", false, func(c *deployCase) {
			op(c, "/orders", "post")["x-amazon-apigateway-request-validator"] = "all"
		}, "is not defined"},
		{"gateway response missing", false, func(c *deployCase) {
			delete(mapAt(c.docs[apigw.Path], "x-amazon-apigateway-gateway-responses"), "BAD_REQUEST_BODY")
		}, "gateway response BAD_REQUEST_BODY missing"},
		{"gateway response quoting the validation message", false, func(c *deployCase) {
			mapAt(c.docs[apigw.Path], "x-amazon-apigateway-gateway-responses", "BAD_REQUEST_PARAMETERS", "responseTemplates")["application/json"] = `{"title":"Bad Request","detail":"$context.error.validationErrorString"}`
		}, "substitutes $context.error.validationErrorString"},
		{"function role misspelt", false, func(c *deployCase) {
			fn(c)["Role"] = map[string]any{"Fn::GetAtt": []any{"ApiFunctionRol", "Arn"}}
		}, "names no resource"},
		{"integration invoking another function", false, func(c *deployCase) {
			in := mapAt(api(c), "DefinitionBody", "paths", "/orders", "post", "x-amazon-apigateway-integration")
			in["uri"] = map[string]any{"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Other.Arn}/invocations"}
		}, "does not invoke"},
		{"permission for another API", false, func(c *deployCase) {
			mapAt(c.docs[sam.Path], "Resources", sam.PermissionID, "Properties")["SourceArn"] = map[string]any{"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*"}
		}, "does not let the API invoke"},
		{"authorizer importing an output the Cognito stack lacks", false, func(c *deployCase) {
			s := mapAt(api(c), "DefinitionBody", "components", "securitySchemes", "cognito", "x-amazon-apigateway-authorizer")
			s["providerARNs"] = []any{map[string]any{"Fn::ImportValue": map[string]any{"Fn::Sub": "${CognitoStackName}-PoolArn"}}}
		}, "imports PoolArn"},
		{"Ref to a parameter that does not exist", false, func(c *deployCase) {
			api(c)["StageName"] = map[string]any{"Ref": "StageName"}
		}, "names nothing"},
		{"definition in the template and openapi.yaml disagree", false, func(c *deployCase) {
			delete(mapAt(api(c), "DefinitionBody", "paths"), "/health")
		}, "in only one of"},
		{"scope no resource server defines", false, func(c *deployCase) {
			rs := mapAt(c.docs[cognito.Path], "Resources", "ResourceServerOrders", "Properties")
			rs["Scopes"] = listAt(rs, "Scopes")[:1]
		}, "no resource server defines"},
		{"client that does not wait for a resource server", false, func(c *deployCase) {
			delete(mapAt(c.docs[cognito.Path], "Resources", "WebClient"), "DependsOn")
		}, "does not depend on"},
		{"scope name Cognito refuses", false, func(c *deployCase) {
			rs := mapAt(c.docs[cognito.Path], "Resources", "ResourceServerOffers", "Properties")
			mapAt(listAt(rs, "Scopes")[0])["ScopeName"] = "write all"
		}, "breaks Cognito's rules"},
		{"client_credentials client with a standard scope", false, func(c *deployCase) {
			p := mapAt(c.docs[cognito.Path], "Resources", "ServiceClient", "Properties")
			p["AllowedOAuthScopes"] = append(listAt(p, "AllowedOAuthScopes"), "openid")
		}, "standard scope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			if tc.http {
				c = httpBase
			}
			c = c.fresh(t)
			tc.break_(c)
			got := &collector{}
			all(got, c)
			for _, e := range got.errs {
				if strings.Contains(e, tc.want) {
					return
				}
			}
			t.Errorf("no check reported %q; they reported:\n%s", tc.want, strings.Join(got.errs, "\n"))
		})
	}
}

// TestGoformationRefusesUnknownProperties proves the typed parse in
// TestDeploy fails on a misspelt property, as the validators README says.
func TestGoformationRefusesUnknownProperties(t *testing.T) {
	c := printShopCase(t, generator.Options{})
	dir := t.TempDir()
	for _, tc := range []struct{ from, to string }{
		{"      CodeUri: ..\n", "      CodeUrl: ..\n"},
		{"      Handler: bootstrap\n", "      Handler: bootstrap\n      Runtim: provided.al2023\n"},
		{"Type: AWS::Serverless::Function", "Type: AWS::Serverless::Functions"},
	} {
		data := string(c.raw[sam.Path])
		if !strings.Contains(data, tc.from) {
			t.Fatalf("template lacks %q", tc.from)
		}
		p := filepath.Join(dir, "template.yaml")
		if err := os.WriteFile(p, []byte(strings.Replace(data, tc.from, tc.to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := goformation.Open(p); err == nil {
			t.Errorf("goformation accepted the template with %q", strings.TrimSpace(tc.to))
		}
	}
}
