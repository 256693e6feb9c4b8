package lambdatest_test

import (
	"net/http"
	"testing"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/lambdatest"
)

// TestRESTAuthorizerAudience runs a generated REST function (Cognito
// authorizer) under the emulator with SPECGATE_TOKEN_CLIENT_IDS, as a
// platform's template sets it: a REST API's Cognito authorizer passes a
// token of any app client of the pool, so the function refuses, 401
// invalid_token, a verified token (access or ID) issued to a client that
// may not call the service, and serves the clients that may.
func TestRESTAuthorizerAudience(t *testing.T) {
	dir := t.TempDir()
	lambdatest.GenerateProject(t, identitySpec, lambdatest.WithDir(dir), lambdatest.WithAPI(model.REST), lambdatest.WithModule("example.com/identity"))
	emu := lambdatest.StartEmulatorEnv(t, lambdatest.BuildBootstrap(t, dir), model.EnvTokenClientIDs+"=web,orders-caller")
	idp := newIdentityProvider(t)
	const read = "identity/orders/read"
	access := func(client string) map[string]any {
		c := idp.claims("alice", []string{read})
		c["client_id"] = client
		return c
	}
	id := func(aud string) map[string]any {
		c := idp.idClaims("alice")
		c["aud"] = aud
		return c
	}
	foreign := verdict{http.StatusUnauthorized, `Bearer error="invalid_token"`, "the token is for another app client"}
	stub := verdict{Status: http.StatusNotImplemented, Detail: "this operation is not implemented yet"}
	for _, tc := range []struct {
		name, path string
		claims     map[string]any
		want       verdict
	}{
		{"a declared client", "/orders", access("web"), stub},
		{"a caller's machine client", "/orders", access("orders-caller"), stub},
		{"another client of the pool", "/orders", access("intruder"), foreign},
		{"an ID token for a declared client", "/signed-in", id("web"), stub},
		{"an ID token for another client", "/signed-in", id("intruder"), foreign},
	} {
		res := emu.InvokeREST(t, restEvent("GET", tc.path, nil, tc.claims))
		if got := verdictOf(t, res.StatusCode, res.Headers, []byte(res.Body)); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
