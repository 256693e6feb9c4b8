package generator_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

// importedClients lists the app clients (logical IDs) whose IDs v imports
// from the identity stack, sorted.
func importedClients(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["Fn::Sub"].(string); ok && strings.HasPrefix(s, "${CognitoStackName}-") && strings.HasSuffix(s, "ClientId") {
				out = append(out, strings.TrimSuffix(strings.TrimPrefix(s, "${CognitoStackName}-"), "Id"))
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	sort.Strings(out)
	return out
}

// functionClients checks that service name's function accepts tokens of
// exactly clients (EnvTokenClientIDs, imported from the identity stack).
func functionClients(t *testing.T, dir, name string, clients []string) {
	t.Helper()
	tmpl := yamlFile(t, filepath.Join(dir, "services", name, "deploy", "template.yaml"))
	vars := mapAt(tmpl, "Resources", sam.FunctionID, "Properties", "Environment", "Variables")
	ids := mapAt(vars, model.EnvTokenClientIDs)
	join := listAt(ids, "Fn::Join")
	if len(join) != 2 || join[0] != "," {
		t.Errorf("service %s: %s = %v, want the imported client IDs joined by commas", name, model.EnvTokenClientIDs, vars[model.EnvTokenClientIDs])
		return
	}
	if d := cmp.Diff(clients, importedClients(join[1])); d != "" {
		t.Errorf("service %s: client IDs the function accepts (-want +got):\n%s", name, d)
	}
	if mapAt(tmpl, "Parameters")[sam.ParamTokenClientIDs] != nil {
		t.Errorf("service %s: parameter %s is a second source of the client IDs", name, sam.ParamTokenClientIDs)
	}
}

// The example's services accept tokens of exactly the clients that may
// call them: the declared clients whose scopes name the service, and the
// machine client of each service whose calls list it (orders calls
// catalog). Cognito access tokens carry client_id and no aud, which an
// HTTP API's JWT authorizer matches against its audience: without
// OrdersCallerClient in catalog's audience every orders -> catalog call
// would get 401. A REST API's Cognito authorizer has no audience: the
// function checks the token's client_id against the same clients. With
// gateway: existing the functions verify tokens themselves, against the
// same clients, imported from the identity stack.
// A service needing tokens that no client may call is refused.
func TestPlatformAudiences(t *testing.T) {
	want := map[string][]string{
		"catalog": {"BackofficeClient", "OrdersCallerClient", "WebClient"},
		"offers":  {"BackofficeClient"},
		"orders":  {"WebClient"},
	}
	t.Run("aws gateway: JWT authorizer audience", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
			t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
		}
		checked := 0
		for name, clients := range want {
			tmpl := yamlFile(t, filepath.Join(dir, "services", name, "deploy", "template.yaml"))
			schemes := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody", "components", "securitySchemes")
			for scheme := range schemes {
				jwt := mapAt(schemes, scheme, "x-amazon-apigateway-authorizer", "jwtConfiguration")
				if jwt == nil {
					continue // a REST API's Cognito authorizer has no audience
				}
				checked++
				if d := cmp.Diff(clients, importedClients(jwt["audience"])); d != "" {
					t.Errorf("service %s: JWT audience (-want +got):\n%s", name, d)
				}
			}
		}
		if checked != 2 {
			t.Errorf("%d JWT authorizers checked, want catalog's and offers'", checked)
		}
		// orders is a REST API: its Cognito authorizer passes a token of
		// any app client of the pool, so its function checks the client.
		functionClients(t, dir, "orders", want["orders"])
	})
	t.Run("existing gateway: the function's client IDs", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		editFile(t, file, "gateway: aws", "gateway: existing\ngatewayAccess: iam")
		if code, out, errOut := specgate(t, "platform", "generate", "--platform", file); code != 0 {
			t.Fatalf("platform generate: exit %d\n%s%s", code, out, errOut)
		}
		for name, clients := range want {
			functionClients(t, dir, name, clients)
		}
	})
	t.Run("a service no client may call", func(t *testing.T) {
		dir := copyExamplePlatform(t)
		file := filepath.Join(dir, "platform.yaml")
		editFile(t, file, "      offers: [offers.write]\n", "")
		code, out, errOut := specgate(t, "platform", "generate", "--platform", file)
		if code != 1 || !strings.Contains(errOut, "platform.yaml:") || !strings.Contains(errOut, "service offers has operations that need a token") {
			t.Errorf("exit %d, want 1 naming service offers in platform.yaml\n%s%s", code, out, errOut)
		}
	})
}
