package generator_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/platform"
)

// gateway: existing: API Gateway has no authorizer (the functions verify
// the forwarded token against the one pool, TokenIssuer and
// the client IDs imported from it), the identity stack still holds every service's scopes
// and exports the issuer, and every template passes cfn-lint and the SAM
// translator.
func TestPlatformExistingGateway(t *testing.T) {
	dir := copyExamplePlatform(t)
	file := filepath.Join(dir, "platform.yaml")
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), "gateway: aws", "gateway: existing", 1)), 0o644)
	// With gatewayAccess token the APIs are public and no authorizer runs:
	// legacy routes needing a token are refused
	// (TestPlatformLegacyNeedsVerifyingGateway); here orders' are public.
	orders := filepath.Join(dir, "services", "orders", "openapi.yaml")
	if src := readFile(t, orders); len(publicLegacyRE.FindAllString(src, -1)) != 2 {
		t.Fatalf("%s: want orders' 2 legacy operations' security", orders)
	} else if err := os.WriteFile(orders, []byte(publicLegacyRE.ReplaceAllString(src, "security: []\n$1")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
		t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := specgate(t, "platform", "check", "--platform", file); code != 0 {
		t.Fatalf("platform check: exit %d\n%s%s", code, out, errOut)
	}
	p, err := platform.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	identity := filepath.Join(dir, "platform", "identity.yaml")
	all := []string{identity, filepath.Join(dir, "platform", "domain.yaml")}
	var services []string
	for _, name := range p.ServiceNames() {
		f := filepath.Join(p.ServiceDir(name), "deploy", "template.yaml")
		services = append(services, f)
		src, _ := os.ReadFile(f)
		tmpl := yamlFile(t, f)
		params := mapAt(tmpl, "Parameters")
		// The client IDs are imported from the identity stack (TestPlatformAudiences).
		ids := mapAt(tmpl, "Resources", sam.FunctionID, "Properties", "Environment", "Variables", model.EnvTokenClientIDs)["Fn::Join"]
		if params["TokenIssuer"] == nil || ids == nil || strings.Contains(string(src), "cognito_user_pools") || strings.Contains(string(src), "jwtConfiguration") {
			t.Errorf("%s: want no authorizer, the TokenIssuer parameter and the imported client IDs of a function that verifies tokens", f)
		}
	}
	tmpl := yamlFile(t, identity)
	var scopes []string
	for _, rs := range resourcesOfType(tmpl, "AWS::Cognito::UserPoolResourceServer") {
		for _, s := range rs["Scopes"].([]any) {
			scopes = append(scopes, rs["Identifier"].(string)+"/"+s.(map[string]any)["ScopeName"].(string))
		}
	}
	sort.Strings(scopes)
	want := []string{"print-shop-catalog/catalog.read", "print-shop-catalog/catalog.write", "print-shop-offers/offers.write",
		"print-shop-orders/orders.read", "print-shop-orders/orders.write", "print-shop-orders/shipping.read"}
	if d := cmp.Diff(want, scopes); d != "" {
		t.Errorf("identity scopes (-want +got):\n%s", d)
	}
	if _, ok := tmpl["Outputs"].(map[string]any)["Issuer"]; !ok {
		t.Error("identity.yaml does not export the Issuer the functions verify")
	}
	runCFNLint(t, dir, append(all, services...))
	runSAMTransform(t, dir, services)
}

// gateway: existing, gatewayAccess private and iam: API Gateway admits only
// the existing gateway (a PRIVATE REST API behind its VPC endpoint, or
// AWS_IAM with a resource policy naming its principal), every function
// still verifies the forwarded token (TokenIssuer, the imported client IDs; for iam
// from X-Forwarded-Authorization, see TestAuthorizerNoneVerifiesTokens),
// and every template passes cfn-lint and the SAM translator. An HTTP API
// cannot be private: that is an error naming gatewayAccess.
func TestPlatformGatewayAccess(t *testing.T) {
	setup := func(t *testing.T, access string, rest bool) (string, string) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		data, _ := os.ReadFile(file)
		os.WriteFile(file, []byte(strings.Replace(string(data), "gateway: aws", "gateway: existing\ngatewayAccess: "+access, 1)), 0o644)
		if rest {
			for _, svc := range []string{"catalog", "offers"} {
				cfg := filepath.Join(dir, "services", svc, "specgate.yaml")
				data, _ := os.ReadFile(cfg)
				os.WriteFile(cfg, []byte(strings.Replace(string(data), "api: http\nauth:\n  authorizer: jwt\n", "api: rest\n", 1)), 0o644)
			}
		}
		return dir, file
	}
	t.Run("private needs REST APIs", func(t *testing.T) {
		_, file := setup(t, "private", false)
		code, out, errOut := specgate(t, "platform", "generate", "--platform", file)
		if code != 1 || !strings.Contains(errOut, "platform.yaml:6:16:") || !strings.Contains(errOut, "service catalog is an HTTP API, which cannot be private") {
			t.Errorf("exit %d, want 1 naming platform.yaml:6:16 (gatewayAccess)\n%s%s", code, out, errOut)
		}
	})
	for _, access := range []string{"private", "iam"} {
		t.Run(access, func(t *testing.T) {
			dir, file := setup(t, access, access == "private")
			if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
				t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
			}
			p, err := platform.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			all := []string{filepath.Join(dir, "platform", "identity.yaml")}
			if _, err := os.Stat(filepath.Join(dir, "platform", "domain.yaml")); (err == nil) != (access != "private") {
				t.Errorf("domain.yaml written: %v; want it only where the APIs are not private", err == nil)
			} else if err == nil {
				all = append(all, filepath.Join(dir, "platform", "domain.yaml"))
			}
			var services []string
			for _, name := range p.ServiceNames() {
				f := filepath.Join(p.ServiceDir(name), "deploy", "template.yaml")
				services = append(services, f)
				tmpl := yamlFile(t, f)
				params := mapAt(tmpl, "Parameters")
				ids := mapAt(tmpl, "Resources", sam.FunctionID, "Properties", "Environment", "Variables", model.EnvTokenClientIDs)["Fn::Join"]
				if params["TokenIssuer"] == nil || ids == nil {
					t.Errorf("%s: the function must still verify the forwarded token (TokenIssuer, the imported client IDs)", f)
				}
				props := mapAt(tmpl, "Resources", sam.APIID, "Properties")
				def := mapAt(props, "DefinitionBody")
				rest := mapAt(tmpl, "Resources", sam.APIID)["Type"] == "AWS::Serverless::Api"
				policy := mapAt(def, "x-amazon-apigateway-policy")
				var deny map[string]any
				for _, st := range listAt(policy, "Statement") {
					if st.(map[string]any)["Effect"] == "Deny" {
						deny = st.(map[string]any)
					}
				}
				switch access {
				case "private":
					ec := mapAt(props, "EndpointConfiguration")
					if ec["Type"] != "PRIVATE" || !cmp.Equal(listAt(ec, "VPCEndpointIds"), []any{map[string]any{"Ref": sam.ParamGatewayVpce}}) {
						t.Errorf("%s: EndpointConfiguration %v, want PRIVATE through %s", f, ec, sam.ParamGatewayVpce)
					}
					if !cmp.Equal(mapAt(deny, "Condition", "StringNotEquals")["aws:SourceVpce"], map[string]any{"Ref": sam.ParamGatewayVpce}) {
						t.Errorf("%s: resource policy %v does not deny requests from elsewhere than the gateway's VPC endpoint", f, policy)
					}
				case "iam":
					for path, item := range mapAt(def, "paths") {
						for method, op := range item.(map[string]any) {
							if method == "options" {
								continue
							}
							if sec := listAt(op, "security"); len(sec) != 1 || mapAt(sec[0])[apigw.SigV4Scheme] == nil {
								t.Errorf("%s: %s %s security %v, want AWS_IAM (%s) only", f, method, path, sec, apigw.SigV4Scheme)
							}
						}
					}
					if mapAt(def, "components", "securitySchemes", apigw.SigV4Scheme)["x-amazon-apigateway-authtype"] != "awsSigv4" {
						t.Errorf("%s: no awsSigv4 security scheme", f)
					}
					vars := mapAt(tmpl, "Resources", sam.FunctionID, "Properties", "Environment", "Variables")
					if vars[model.EnvTokenHeader] != model.ForwardedTokenHeader {
						t.Errorf("%s: the function reads the token from %v, want %s (Authorization holds the signature)", f, vars[model.EnvTokenHeader], model.ForwardedTokenHeader)
					}
					if rest && !cmp.Equal(mapAt(deny, "Condition", "ArnNotEquals")["aws:PrincipalArn"], map[string]any{"Ref": sam.ParamGatewayPrincipal}) {
						t.Errorf("%s: resource policy %v does not deny principals other than the gateway's", f, policy)
					}
				}
			}
			runCFNLint(t, dir, append(all, services...))
			runSAMTransform(t, dir, services)
		})
	}
}
