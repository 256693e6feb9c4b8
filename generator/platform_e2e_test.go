package generator_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/cmd"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/platform"
)

// copyExamplePlatform copies examples/platform to a temporary directory.
func copyExamplePlatform(t *testing.T) string {
	t.Helper()
	src := "../examples/platform"
	dst := t.TempDir()
	for p, data := range readTree(t, src) {
		out := filepath.Join(dst, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// specgate runs the command line in-process and returns exit code, stdout, stderr.
func specgate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmd.Execute(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func yamlFile(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// resourcesOfType returns the resources of template t with type typ, by logical ID.
func resourcesOfType(t map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	res, _ := t["Resources"].(map[string]any)
	for id, r := range res {
		if m, _ := r.(map[string]any); m["Type"] == typ {
			out[id], _ = m["Properties"].(map[string]any)
		}
	}
	return out
}

// The worked example: platform generate writes every service and the
// shared stacks; what they hold is what platform.yaml says; check exits 0
// after generate and 1 after a spec edit; every template passes cfn-lint
// and the SAM translator; each service builds and vets.
func TestPlatformExample(t *testing.T) {
	dir := copyExamplePlatform(t)
	file := filepath.Join(dir, "platform.yaml")
	if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
		t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := specgate(t, "platform", "check", "--platform", file); code != 0 {
		t.Fatalf("platform check after generate: exit %d\n%s%s", code, out, errOut)
	}
	p, err := platform.Load(file)
	if err != nil {
		t.Fatal(err)
	}

	// Every CloudFormation/SAM template the platform deploys.
	identity := filepath.Join(dir, "platform", "identity.yaml")
	domain := filepath.Join(dir, "platform", "domain.yaml")
	var serviceTemplates []string
	for _, name := range p.ServiceNames() {
		serviceTemplates = append(serviceTemplates, filepath.Join(p.ServiceDir(name), "deploy", "template.yaml"))
		if _, err := os.Stat(filepath.Join(p.ServiceDir(name), "deploy", "cognito.yaml")); err == nil {
			t.Errorf("service %s has a deploy/cognito.yaml of its own", name)
		}
	}
	all := append([]string{identity, domain}, serviceTemplates...)

	t.Run("one user pool", func(t *testing.T) {
		pools := 0
		for _, f := range all {
			pools += len(resourcesOfType(yamlFile(t, f), "AWS::Cognito::UserPool"))
			if n := len(resourcesOfType(yamlFile(t, f), "AWS::Cognito::UserPoolClient")); n > 0 && f != identity {
				t.Errorf("%s declares %d app clients; only platform/identity.yaml may", f, n)
			}
		}
		if pools != 1 {
			t.Errorf("%d user pools across the platform's stacks, want exactly 1", pools)
		}
	})

	t.Run("clients hold exactly their scopes", func(t *testing.T) {
		clients := resourcesOfType(yamlFile(t, identity), "AWS::Cognito::UserPoolClient")
		callers := 0
		for _, s := range p.Services {
			if len(s.Calls) > 0 {
				callers++
			}
		}
		if len(clients) != len(p.Clients)+callers {
			t.Errorf("%d app clients, platform.yaml declares %d and %d services call others", len(clients), len(p.Clients), callers)
		}
		for name, c := range p.Clients {
			props := clients[platform.ClientLogicalID(name)]
			if props == nil {
				t.Errorf("no app client for %s", name)
				continue
			}
			var want []string
			for svc, scopes := range c.Scopes {
				for _, s := range scopes {
					want = append(want, p.Name+"-"+svc+"/"+s)
				}
			}
			if c.Type == platform.ClientPublic {
				want = append(want, "openid")
			}
			sort.Strings(want)
			var got []string
			for _, s := range props["AllowedOAuthScopes"].([]any) {
				got = append(got, s.(string))
			}
			sort.Strings(got)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("client %s scopes (-want +got):\n%s", name, d)
			}
			flows := props["AllowedOAuthFlows"].([]any)
			switch c.Type {
			case platform.ClientPublic:
				if props["GenerateSecret"] != false || len(flows) != 1 || flows[0] != "code" {
					t.Errorf("public client %s: GenerateSecret %v, flows %v; want no secret and the code flow (PKCE)", name, props["GenerateSecret"], flows)
				}
				if got := props["CallbackURLs"].([]any); len(got) != len(c.CallbackURLs) || got[0] != c.CallbackURLs[0] {
					t.Errorf("public client %s: CallbackURLs %v, want %v", name, got, c.CallbackURLs)
				}
			case platform.ClientMachine:
				if props["GenerateSecret"] != true || len(flows) != 1 || flows[0] != "client_credentials" {
					t.Errorf("machine client %s: GenerateSecret %v, flows %v; want a secret and client_credentials", name, props["GenerateSecret"], flows)
				}
			}
		}
	})

	t.Run("services import the platform's identity", func(t *testing.T) {
		// Which clients each accepts: TestPlatformAudiences.
		for _, f := range serviceTemplates {
			if got := mapAt(yamlFile(t, f), "Parameters", "CognitoStackName")["Default"]; got != p.IdentityStack() {
				t.Errorf("%s: CognitoStackName defaults to %v, want the platform's identity stack %s", f, got, p.IdentityStack())
			}
		}
	})

	t.Run("one mapping per service", func(t *testing.T) {
		tmpl := yamlFile(t, domain)
		if n := len(resourcesOfType(tmpl, "AWS::ApiGatewayV2::DomainName")); n != 1 {
			t.Errorf("%d domain names, want 1", n)
		}
		keys := map[string]int{}
		for _, m := range resourcesOfType(tmpl, "AWS::ApiGatewayV2::ApiMapping") {
			keys[m["ApiMappingKey"].(string)]++
		}
		want := map[string]int{}
		for _, s := range p.Services {
			want[s.BasePath] = 1
		}
		if d := cmp.Diff(want, keys); d != "" {
			t.Errorf("mappings by base path (-want +got):\n%s", d)
		}
	})

	t.Run("route table", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(dir, "platform", "routes.json"))
		if err != nil {
			t.Fatal(err)
		}
		validateRoutes(t, data)
		var table platform.RouteTable
		if err := json.Unmarshal(data, &table); err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, r := range table.Routes {
			got[r.Method+" "+r.Path]++
		}
		// Every operation of every spec, read independently of the generator.
		want := map[string]int{}
		for name, s := range p.Services {
			spec := yamlFile(t, filepath.Join(p.ServiceDir(name), "openapi.yaml"))
			for path, item := range spec["paths"].(map[string]any) {
				for method := range item.(map[string]any) {
					want[strings.ToUpper(method)+" /"+s.BasePath+path]++
				}
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("routes (-every operation once +routes.json):\n%s", d)
		}
		// Legacy routes say how API Gateway reaches the backend: each
		// vpc-link route names the parameter its service's template
		// really connects through (read from the template, not the
		// generator), which that template declares.
		vpcRoutes := 0
		for _, r := range table.Routes {
			if r.Upstream.Kind != "legacy" {
				if r.Upstream.Connection != "" || r.Upstream.VPCLink != nil {
					t.Errorf("%s %s: a service route with connection %q, vpcLink %v", r.Method, r.Path, r.Upstream.Connection, r.Upstream.VPCLink)
				}
				continue
			}
			tmpl := yamlFile(t, filepath.Join(p.ServiceDir(r.Service), "deploy", "template.yaml"))
			path := strings.TrimPrefix(r.Path, "/"+p.Services[r.Service].BasePath)
			in := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody", "paths", path, strings.ToLower(r.Method), "x-amazon-apigateway-integration")
			link, _ := mapAt(in, "connectionId")["Ref"].(string)
			switch {
			case in["connectionType"] == "VPC_LINK" && (r.Upstream.Connection != "vpc-link" || r.Upstream.VPCLink == nil || r.Upstream.VPCLink.IDParameter != link):
				t.Errorf("%s %s: the template connects through VPC link parameter %s; routes.json says connection %q, vpcLink %+v", r.Method, r.Path, link, r.Upstream.Connection, r.Upstream.VPCLink)
			case in["connectionType"] != "VPC_LINK" && (r.Upstream.Connection != "internet" || r.Upstream.VPCLink != nil):
				t.Errorf("%s %s: the template reaches the backend over the internet; routes.json says connection %q, vpcLink %+v", r.Method, r.Path, r.Upstream.Connection, r.Upstream.VPCLink)
			case r.Upstream.VPCLink != nil:
				vpcRoutes++
				if mapAt(tmpl, "Parameters", link)["Type"] == nil || r.Upstream.VPCLink.Stack != p.ServiceStack(r.Service) {
					t.Errorf("%s %s: vpcLink %+v; want a parameter of stack %s's template", r.Method, r.Path, r.Upstream.VPCLink, p.ServiceStack(r.Service))
				}
			}
		}
		if vpcRoutes != 2 {
			t.Errorf("%d routes through a VPC link, want orders' 2 legacy operations", vpcRoutes)
		}
		readme, _ := os.ReadFile(filepath.Join(dir, "platform", "README.md"))
		if !strings.Contains(string(readme), "through VPC link `LegacyShippingVpcLinkId`") {
			t.Errorf("platform/README.md's route table does not name the shipping backend's VPC link:\n%s", readme)
		}
	})

	t.Run("a service that calls another gets a least-privilege machine client", func(t *testing.T) {
		tmpl := yamlFile(t, identity)
		id := platform.CallerLogicalID("orders")
		client := resourcesOfType(tmpl, "AWS::Cognito::UserPoolClient")[id]
		if client == nil {
			t.Fatalf("no machine client %s for orders (calls: [catalog])", id)
		}
		// Read independently of the generator: for each catalog operation,
		// its security (or the root's); the alternative with the fewest
		// scopes; all of them together, by their full names.
		spec := yamlFile(t, filepath.Join(p.ServiceDir("catalog"), "openapi.yaml"))
		var want []string
		for _, item := range spec["paths"].(map[string]any) {
			for _, op := range item.(map[string]any) {
				sec, ok := op.(map[string]any)["security"]
				if !ok {
					sec = spec["security"]
				}
				var best []any
				for i, alt := range sec.([]any) {
					for _, scopes := range alt.(map[string]any) {
						if i == 0 || len(scopes.([]any)) < len(best) {
							best = scopes.([]any)
						}
					}
				}
				for _, s := range best {
					want = append(want, "print-shop-catalog/"+s.(string))
				}
			}
		}
		sort.Strings(want)
		if d := cmp.Diff(want, strs(listAt(client, "AllowedOAuthScopes"))); d != "" || len(want) == 0 {
			t.Errorf("orders' client scopes (-want +got):\n%s", d)
		}
		if client["GenerateSecret"] != true || !cmp.Equal(listAt(client, "AllowedOAuthFlows"), []any{"client_credentials"}) {
			t.Errorf("orders' client: GenerateSecret %v, flows %v; want client_credentials with a secret", client["GenerateSecret"], client["AllowedOAuthFlows"])
		}
		secret := resourcesOfType(tmpl, "AWS::SecretsManager::Secret")[platform.CallerSecretID("orders")]
		if got := mapAt(secret, "SecretString")["Fn::Sub"]; got != `{"client_id":"${`+id+`}","client_secret":"${`+id+`.ClientSecret}"}` {
			t.Errorf("orders' secret: SecretString %v, want the client's ID and secret read by CloudFormation", got)
		}
		outs := mapAt(tmpl, "Outputs")
		secretArn := platform.CallerSecretID("orders") + "Arn"
		for _, o := range []string{id + "Id", secretArn} {
			if mapAt(outs, o, "Export", "Name")["Fn::Sub"] != "${AWS::StackName}-"+o {
				t.Errorf("identity.yaml does not export %s", o)
			}
		}
		orders := yamlFile(t, filepath.Join(p.ServiceDir("orders"), "deploy", "template.yaml"))
		vars := mapAt(orders, "Resources", sam.FunctionID, "Properties", "Environment", "Variables")
		for env, export := range map[string]string{model.EnvCallerClientID: id + "Id", model.EnvCallerSecretARN: secretArn, model.EnvCallerTokenURL: "TokenUrl"} {
			if got := mapAt(vars, env, "Fn::ImportValue")["Fn::Sub"]; got != "${CognitoStackName}-"+export {
				t.Errorf("orders' function %s = %v, want the identity stack's %s", env, vars[env], export)
			}
		}
		if vars[model.CalledServiceEnv("catalog")] != "https://api.print-shop.example.com/catalog" {
			t.Errorf("orders' function %s = %v", model.CalledServiceEnv("catalog"), vars[model.CalledServiceEnv("catalog")])
		}
		st := listAt(mapAt(orders, "Resources", sam.CallsPolicyID, "Properties", "PolicyDocument"), "Statement")
		if len(st) != 1 || mapAt(st[0])["Action"] != "secretsmanager:GetSecretValue" ||
			mapAt(st[0], "Resource", "Fn::ImportValue")["Fn::Sub"] != "${CognitoStackName}-"+secretArn {
			t.Errorf("orders' role may %v; want GetSecretValue on its own secret only", st)
		}
		// No secret in clear: only the secret resource names the client
		// secret, and nothing reads it back out.
		for _, f := range all {
			data, _ := os.ReadFile(f)
			n := strings.Count(string(data), ".ClientSecret")
			if want := map[bool]int{true: 1, false: 0}[f == identity]; n != want {
				t.Errorf("%s names ClientSecret %d times, want %d (in the secret's SecretString only)", f, n, want)
			}
		}
		for name := range resourcesOfType(yamlFile(t, filepath.Join(p.ServiceDir("catalog"), "deploy", "template.yaml")), "AWS::IAM::RolePolicy") {
			if name == sam.CallsPolicyID {
				t.Error("catalog calls no service, yet its role may read a caller secret")
			}
		}
	})

	t.Run("private backends through VPC links", func(t *testing.T) {
		tmpl := yamlFile(t, filepath.Join(p.ServiceDir("orders"), "deploy", "template.yaml"))
		for path, method := range map[string]string{"/shipments/{trackingNumber}": "get", "/quotes": "post"} {
			in := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody", "paths", path, method, "x-amazon-apigateway-integration")
			if in["connectionType"] != "VPC_LINK" || mapAt(in, "connectionId")["Ref"] == nil {
				t.Errorf("orders %s: connectionType %v, connectionId %v; want VPC_LINK and a parameter", path, in["connectionType"], in["connectionId"])
			}
		}
	})

	t.Run("cfn-lint and SAM translator", func(t *testing.T) {
		runCFNLint(t, dir, all)
		runSAMTransform(t, dir, serviceTemplates)
	})

	t.Run("services build and vet", func(t *testing.T) {
		goTool := goBinary(t)
		pool := newBuildPool(1)
		for _, name := range p.ServiceNames() {
			if _, err := pool.buildAndVet(goTool, p.ServiceDir(name)); err != nil {
				t.Errorf("service %s: %v", name, err)
			}
		}
	})

	// A spec edit is drift.
	spec := filepath.Join(p.ServiceDir("offers"), "openapi.yaml")
	data, _ := os.ReadFile(spec)
	edited := strings.Replace(string(data), "maxLength: 120", "maxLength: 121", 1)
	if edited == string(data) {
		t.Fatal("the edit changed nothing")
	}
	os.WriteFile(spec, []byte(edited), 0o644)
	code, out, errOut := specgate(t, "platform", "check", "--platform", file)
	if code != 1 || !strings.Contains(out, "maxLength") || !strings.Contains(errOut, "out of date") {
		t.Errorf("platform check after a spec edit: exit %d, want 1 with a diff\n%s%s", code, out, errOut)
	}
}

// validateRoutes validates a route table against schema/routes.schema.json.
func validateRoutes(t *testing.T, data []byte) {
	t.Helper()
	f, err := os.Open("../schema/routes.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(platform.RoutesSchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(platform.RoutesSchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("routes.json does not validate against its schema: %v", err)
	}
}

// A client scope no service's spec declares is an error naming its place
// in platform.yaml; generate writes nothing then.
func TestPlatformUndeclaredScope(t *testing.T) {
	dir := copyExamplePlatform(t)
	file := filepath.Join(dir, "platform.yaml")
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), "offers: [offers.write]", "offers: [offers.write, offers.delete]", 1)), 0o644)
	code, out, errOut := specgate(t, "platform", "generate", "--platform", file)
	if code != 1 || !strings.Contains(errOut, "platform.yaml:21:") || !strings.Contains(errOut, `scope "offers.delete" is not a scope of service offers's spec`) {
		t.Errorf("exit %d, want 1 naming platform.yaml:21\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "platform")); err == nil {
		t.Error("platform/ was written despite the error")
	}
	if _, err := os.Stat(filepath.Join(dir, "services", "orders", "go.mod")); err == nil {
		t.Error("a service was written despite the error")
	}
}

// In a platform, a legacy backend on a private host without a VPC link
// is an error naming the service's specgate.yaml and the key to add.
func TestPlatformPrivateBackendNeedsVPCLink(t *testing.T) {
	dir := copyExamplePlatform(t)
	file := filepath.Join(dir, "platform.yaml")
	cfg := filepath.Join(dir, "services", "orders", "specgate.yaml")
	data, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(data), "shipping.legacy.print-shop.internal: vpc-link", "shipping.legacy.print-shop.internal: internet", 1)), 0o644)
	code, out, errOut := specgate(t, "platform", "generate", "--platform", file)
	if code != 1 || !strings.Contains(errOut, filepath.Join("orders", "specgate.yaml")+": service orders: legacy backend https://shipping.legacy.print-shop.internal is private") ||
		!strings.Contains(errOut, "connections: {shipping.legacy.print-shop.internal: vpc-link}") || strings.Contains(errOut, "pricing") {
		t.Errorf("exit %d, want 1 naming orders/specgate.yaml and the shipping backend only\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "platform")); err == nil {
		t.Error("platform/ was written despite the error")
	}
}

// platform lint reports a scope Cognito refuses exactly when platform
// generate refuses it, also for a service whose own authorizer is none
// and behind gateway: existing: the identity stack holds every service's
// scopes, whatever runs in front of it.
func TestPlatformLintAgreesOnScopes(t *testing.T) {
	for _, gateway := range []string{"aws", "existing"} {
		t.Run(gateway, func(t *testing.T) {
			dir := copyExamplePlatform(t)
			file := filepath.Join(dir, "platform.yaml")
			data, _ := os.ReadFile(file)
			os.WriteFile(file, []byte(strings.Replace(string(data), "gateway: aws", "gateway: "+gateway, 1)), 0o644)
			cfg := filepath.Join(dir, "services", "orders", "specgate.yaml")
			data, _ = os.ReadFile(cfg)
			os.WriteFile(cfg, []byte(strings.Replace(string(data), "api: rest\n", "api: rest\nauth:\n  authorizer: none\n", 1)), 0o644)
			// No authorizer: orders' legacy routes must be public
			// (TestPlatformLegacyNeedsVerifyingGateway).
			orders := filepath.Join(dir, "services", "orders", "openapi.yaml")
			os.WriteFile(orders, []byte(publicLegacyRE.ReplaceAllString(readFile(t, orders), "security: []\n$1")), 0o644)
			if code, out, errOut := specgate(t, "platform", "lint", "--platform", file); code != 0 {
				t.Fatalf("platform lint of the example: exit %d\n%s%s", code, out, errOut)
			}
			spec := filepath.Join(dir, "services", "orders", "openapi.yaml")
			data, _ = os.ReadFile(spec)
			os.WriteFile(spec, []byte(strings.Replace(string(data), "shipping.read: Track shipments.", "shipping.read: Track shipments.\n            bad//scope: Refused by Cognito.", 1)), 0o644)
			code, out, errOut := specgate(t, "platform", "lint", "--platform", file)
			if code != 1 || !strings.Contains(out, `error: scope "bad//scope"`) || !strings.Contains(out, "[cognito-scope-name]") {
				t.Errorf("platform lint: exit %d, want 1 with the service's cognito-scope-name finding\n%s%s", code, out, errOut)
			}
			if code, _, errOut := specgate(t, "platform", "generate", "--platform", file); code != 1 || !strings.Contains(errOut, `scope "bad//scope"`) {
				t.Errorf("platform generate: exit %d, want 1 refusing the same scope\n%s", code, errOut)
			}
		})
	}
}

// The rules across services: one error format (a 4xx declared with
// another JSON media type than application/problem+json is an error, in
// lint and generate alike, at the operation's position), and security
// schemes that map onto the platform's pool (an API key is reported at
// the scheme's position).
func TestPlatformProtocolRules(t *testing.T) {
	dir := copyExamplePlatform(t)
	file := filepath.Join(dir, "platform.yaml")
	spec := filepath.Join(dir, "services", "catalog", "openapi.yaml")
	data, _ := os.ReadFile(spec)
	src := strings.Replace(string(data), `        "201":
          description: Added.`, `        "400":
          description: Refused.
          content:
            application/json:
              schema: {type: object}
        "201":
          description: Added.`, 1)
	src = strings.Replace(src, "  securitySchemes:\n", "  securitySchemes:\n    partnerKey: {type: apiKey, in: header, name: X-Partner-Key}\n", 1)
	os.WriteFile(spec, []byte(src), 0o644)
	wantErr := "openapi.yaml:24:5: service catalog: POST /products answers 400 as application/json; the platform's error format is application/problem+json"
	code, out, errOut := specgate(t, "platform", "lint", "--platform", file)
	if code != 1 || !strings.Contains(errOut, wantErr) {
		t.Errorf("platform lint: exit %d, want 1 with %q\n%s%s", code, wantErr, out, errOut)
	}
	if code, _, errOut := specgate(t, "platform", "generate", "--platform", file); code != 1 || !strings.Contains(errOut, wantErr) {
		t.Errorf("platform generate: exit %d, want 1 with the same error\n%s", code, errOut)
	}
	os.WriteFile(spec, []byte(strings.Replace(src, "application/json:\n              schema: {type: object}", "application/problem+json:\n              schema: {type: object}", 1)), 0o644)
	code, out, errOut = specgate(t, "platform", "lint", "--platform", file)
	wantWarn := `openapi.yaml:54:5: service catalog: security scheme "partnerKey" (apiKey) does not map onto the platform's user pool`
	if code != 0 || !strings.Contains(out, "warning: ") || !strings.Contains(out, wantWarn) {
		t.Errorf("platform lint: exit %d, want 0 with %q\n%s%s", code, wantWarn, out, errOut)
	}
}

// platform serve: one listener routes by base path to every service's
// local server with one dev issuer; a web token reaches orders, is refused
// (403) where only the backoffice client's scopes apply, no token gets
// 401, a public route answers without one, and a declared origin gets CORS
// headers on a real response. Each service accepts tokens of exactly the
// clients that may call it, as deployed (platform.ServiceClients): offers'
// /drafts, which needs a token and no scope, lets in backoffice, the only
// client with scopes on offers, and refuses the web client's and orders'
// caller's tokens with 401 (review 5 item 7: they got in). Cancelling
// stops every process it started.
func TestPlatformServe(t *testing.T) {
	dir := copyExamplePlatform(t)
	file := filepath.Join(dir, "platform.yaml")
	editFile(t, filepath.Join(dir, "services", "offers", "openapi.yaml"), "components:\n", `  /drafts:
    get:
      operationId: listDrafts
      summary: Offers not yet published.
      security:
        - cognito: []
      responses:
        "200":
          description: Drafts.
components:
`)
	if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
		t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
	}
	token := func(client string) string {
		code, out, errOut := specgate(t, "platform", "token", "--platform", file, "--client", client)
		if code != 0 {
			t.Fatalf("platform token --client %s: exit %d\n%s", client, code, errOut)
		}
		return strings.TrimSpace(out)
	}
	web, backoffice := token("web"), token("backoffice")
	// orders calls catalog: its caller client's token carries exactly the
	// scopes identity.yaml grants that client, and nothing it is not granted.
	code, out, errOut := specgate(t, "platform", "token", "--platform", file, "--caller", "orders")
	if code != 0 {
		t.Fatalf("platform token --caller orders: exit %d\n%s", code, errOut)
	}
	caller := strings.TrimSpace(out)
	granted := resourcesOfType(yamlFile(t, filepath.Join(dir, "platform", "identity.yaml")), "AWS::Cognito::UserPoolClient")[platform.CallerLogicalID("orders")]
	if claims := tokenClaims(t, caller); !cmp.Equal(strings.Fields(claims["scope"].(string)), strs(listAt(granted, "AllowedOAuthScopes"))) ||
		claims["client_id"] != "orders-caller" || claims["sub"] != "orders-caller" {
		t.Errorf("caller token claims %v; want client_id and sub orders-caller and the scopes identity.yaml grants it, %v", claims, granted["AllowedOAuthScopes"])
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--caller", "catalog"}, `--caller "catalog" is not a service of`},
		{[]string{"--caller", "orders", "--scope", "orders:orders.read"}, `--scope "orders:orders.read" is not a scope of client orders-caller`},
		{[]string{"--caller", "orders", "--client", "web"}, "none of the others can be"},
		{nil, "at least one of the flags"},
	} {
		code, _, errOut := specgate(t, append([]string{"platform", "token", "--platform", file}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("platform token %v: exit %d, want an error with %q\n%s", c.args, code, c.want, errOut)
		}
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var serveOut, serveErr syncBuffer
	go func() {
		done <- cmd.Execute(ctx, []string{"platform", "serve", "--platform", file, "--addr", addr}, strings.NewReader(""), &serveOut, &serveErr)
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("platform serve: exit %d\n%s", code, serveErr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("platform serve did not stop within 30 s of cancellation")
		}
	}()
	base := "http://" + addr
	deadline := time.Now().Add(3 * time.Minute)
	for !strings.Contains(serveOut.String(), "Ctrl-C stops") {
		if time.Now().After(deadline) {
			t.Fatalf("platform serve did not start:\n%s", serveErr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}

	do := func(method, path, tok, origin, body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	// The handlers are the scaffold's stubs: 501 is the handler answering.
	for _, c := range []struct {
		name, method, path, tok, body string
		want                          int
	}{
		{"web token reaches orders", "GET", "/orders/orders/o-1", web, "", http.StatusNotImplemented},
		{"no token", "GET", "/orders/orders/o-1", "", "", http.StatusUnauthorized},
		{"web token where only backoffice's scopes apply", "POST", "/catalog/products", web, `{"sku":"a","name":"b"}`, http.StatusForbidden},
		{"backoffice token there", "POST", "/catalog/products", backoffice, `{"sku":"a","name":"b"}`, http.StatusNotImplemented},
		{"public route without a token", "GET", "/offers/offers", "", "", http.StatusNotImplemented},
		{"unknown base path", "GET", "/nope/x", web, "", http.StatusNotFound},
		{"caller token where its granted scope applies", "POST", "/catalog/products", caller, `{"sku":"a","name":"b"}`, http.StatusNotImplemented},
		{"caller token on orders, which no service calls", "GET", "/orders/orders/o-1", caller, "", http.StatusUnauthorized},
		{"caller token on offers, which it does not call", "POST", "/offers/offers", caller, `{"title":"a"}`, http.StatusUnauthorized},
		{"backoffice token on a route that needs no scope", "GET", "/offers/drafts", backoffice, "", http.StatusNotImplemented},
		{"web token on offers, which web may not call", "GET", "/offers/drafts", web, "", http.StatusUnauthorized},
		{"caller token on offers, no scope needed", "GET", "/offers/drafts", caller, "", http.StatusUnauthorized},
	} {
		if got := do(c.method, c.path, c.tok, "", c.body).StatusCode; got != c.want {
			t.Errorf("%s: %s %s = %d, want %d", c.name, c.method, c.path, got, c.want)
		}
	}
	origin := "https://shop.print-shop.example.com"
	if got := do("GET", "/catalog/products", "", origin, "").Header.Get("Access-Control-Allow-Origin"); got != origin {
		t.Errorf("declared origin: Access-Control-Allow-Origin %q, want %q", got, origin)
	}
	if got := do("GET", "/catalog/products", "", "https://evil.example.com", "").Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("undeclared origin: Access-Control-Allow-Origin %q, want none", got)
	}
}

// tokenClaims decodes (without verifying) a JWT's claims.
func tokenClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	data, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(data, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
