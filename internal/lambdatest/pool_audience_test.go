package lambdatest_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/lambdatest"
)

// TestExistingPoolAudience generates a single REST service (Cognito
// authorizer) on an existing user pool, whose other apps' clients share
// it, and runs its function under the emulator with the environment its
// deploy/template.yaml gives it, each client ID the template imports
// resolved to a stand-in for the ID deploy/cognito.yaml exports under
// that name. A REST API's Cognito authorizer checks no audience, so the
// function refuses, 401 invalid_token, a verified token of another app's
// client, and serves the service's own clients (review 5 item 3: the
// template set the client IDs only in a platform, and the other app's
// token reached the handler).
func TestExistingPoolAudience(t *testing.T) {
	dir := t.TempDir()
	lambdatest.GenerateProject(t, identitySpec, lambdatest.WithDir(dir), lambdatest.WithAPI(model.REST), lambdatest.WithModule("example.com/identity"),
		lambdatest.WithUserPoolARN("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123"))
	var tmpl, cognito map[string]any
	for file, v := range map[string]*map[string]any{"template.yaml": &tmpl, "cognito.yaml": &cognito} {
		data, err := os.ReadFile(filepath.Join(dir, "deploy", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, v); err != nil {
			t.Fatalf("deploy/%s: %v", file, err)
		}
	}
	exports := map[string]bool{} // deploy/cognito.yaml's export names, after ${AWS::StackName}-
	for _, out := range mapOf(cognito["Outputs"]) {
		if name, ok := mapOf(mapOf(out)["Export"])["Name"].(map[string]any); ok {
			s, _ := name["Fn::Sub"].(string)
			exports[strings.TrimPrefix(s, "${AWS::StackName}-")] = true
		}
	}
	fn := mapOf(mapOf(mapOf(tmpl["Resources"])[sam.FunctionID])["Properties"])
	join, _ := mapOf(mapOf(mapOf(fn["Environment"])["Variables"])[model.EnvTokenClientIDs])["Fn::Join"].([]any)
	if len(join) != 2 {
		t.Fatalf("the function's %s is %v, want the service's client IDs joined (Fn::Join)", model.EnvTokenClientIDs, join)
	}
	var ids []string
	imports, _ := join[1].([]any)
	for _, imp := range imports {
		sub, _ := mapOf(mapOf(imp)["Fn::ImportValue"])["Fn::Sub"].(string)
		export := strings.TrimPrefix(sub, "${"+sam.ParamCognitoStack+"}-")
		if !exports[export] {
			t.Fatalf("the template imports %q, which deploy/cognito.yaml does not export (it exports %v)", sub, exports)
		}
		ids = append(ids, "id-of-"+export)
	}
	if len(ids) == 0 {
		t.Fatal("the template imports no client ID")
	}
	emu := lambdatest.StartEmulatorEnv(t, lambdatest.BuildBootstrap(t, dir), model.EnvTokenClientIDs+"="+strings.Join(ids, ","))
	idp := newIdentityProvider(t)
	access := func(client string) map[string]any {
		c := idp.claims("alice", []string{"identity/orders/read"})
		c["client_id"] = client
		return c
	}
	foreign := verdict{http.StatusUnauthorized, `Bearer error="invalid_token"`, "the token is for another app client"}
	stub := verdict{Status: http.StatusNotImplemented, Detail: "this operation is not implemented yet"}
	for _, tc := range []struct {
		name   string
		claims map[string]any
		want   verdict
	}{
		{"the service's own client " + ids[0], access(ids[0]), stub},
		{"another app's client of the pool", access("client-of-another-app"), foreign},
	} {
		res := emu.InvokeREST(t, restEvent("GET", "/orders", nil, tc.claims))
		if got := verdictOf(t, res.StatusCode, res.Headers, []byte(res.Body)); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// mapOf is v as a YAML mapping; nil when it is none.
func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
