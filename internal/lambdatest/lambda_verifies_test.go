package lambdatest_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/lambdatest"
)

// mixedSpec has an operation that takes a token or an API key, on which
// API Gateway runs no authorizer (it cannot check the key), beside one the
// authorizer checks.
const mixedSpec = `openapi: 3.0.3
info: {title: mixed, version: "1"}
paths:
  /mixed:
    get:
      operationId: mixed
      security: [{oauth: [me.read]}, {key: []}]
      responses: {"204": {description: OK}}
  /me:
    get:
      operationId: me
      security: [{oauth: [me.read]}]
      responses: {"204": {description: OK}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://auth.example.com/oauth2/authorize
          tokenUrl: https://auth.example.com/oauth2/token
          scopes: {me.read: Read me}
    key: {type: apiKey, in: header, name: X-Api-Key}
`

// TestLambdaVerifiesLeftToken generates a REST service with the Cognito
// authorizer and an operation that also accepts an API key, so the
// gateway checks no token on it and the function must (generate's
// warning says so): its template gives the function the pool's issuer and
// the service's client IDs, and the function, under the emulator with
// that environment, verifies a bearer token sent there against the JWKS
// (review 5 item 8: it had no verifier, and refused every token with 401
// "the bearer token was not verified"). The operation the authorizer
// checks still takes the authorizer's claims.
func TestLambdaVerifiesLeftToken(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "mixed.yaml")
	if err := os.WriteFile(spec, []byte(mixedSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	lambdatest.GenerateProject(t, spec, lambdatest.WithDir(out), lambdatest.WithAPI(model.REST), lambdatest.WithModule("example.com/mixed"))
	var tmpl map[string]any
	data, err := os.ReadFile(filepath.Join(out, "deploy", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	vars := mapOf(mapOf(mapOf(mapOf(mapOf(tmpl["Resources"])[sam.FunctionID])["Properties"])["Environment"])["Variables"])
	issuerSub, _ := mapOf(vars[model.EnvTokenIssuer])["Fn::Sub"].([]any)
	if len(issuerSub) != 2 || !strings.HasPrefix(issuerSub[0].(string), "https://cognito-idp.${AWS::Region}.amazonaws.com/") {
		t.Errorf("the function's %s = %v, want the pool's issuer", model.EnvTokenIssuer, vars[model.EnvTokenIssuer])
	}
	if join, _ := mapOf(vars[model.EnvTokenClientIDs])["Fn::Join"].([]any); len(join) != 2 || !strings.Contains(strings.Join(strs(join[1]), " "), "-WebClientId") {
		t.Errorf("the function's %s = %v, want the service's client IDs imported", model.EnvTokenClientIDs, vars[model.EnvTokenClientIDs])
	}

	jwks := newJWKSServer(t)
	key := jwks.publish(t, "key-1")
	const issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Mixed"
	emu := lambdatest.StartEmulatorEnv(t, lambdatest.BuildBootstrap(t, out),
		model.EnvTokenIssuer+"="+issuer, model.EnvTokenClientIDs+"=web", model.EnvJWKSURL+"="+jwks.url+"/.well-known/jwks.json")
	token := func(client, scope string) string {
		return signJWT(t, key, "key-1", map[string]any{"sub": "alice", "iss": issuer, "client_id": client, "token_use": "access",
			"scope": scope, "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()})
	}
	stub := verdict{Status: http.StatusNotImplemented, Detail: "this operation is not implemented yet"}
	for _, tc := range []struct {
		name, path string
		header     map[string]string
		claims     map[string]any
		want       verdict
	}{
		{"a valid token where the function verifies", "/mixed", map[string]string{"Authorization": "Bearer " + token("web", "mixed/me.read")}, nil, stub},
		{"a token without the scope", "/mixed", map[string]string{"Authorization": "Bearer " + token("web", "")}, nil,
			verdict{http.StatusForbidden, `Bearer error="insufficient_scope", scope="mixed/me.read"`, "the token lacks the scopes this operation needs: mixed/me.read"}},
		{"a token of another client", "/mixed", map[string]string{"Authorization": "Bearer " + token("other-app", "mixed/me.read")}, nil,
			verdict{http.StatusUnauthorized, `Bearer error="invalid_token"`, "the token is for another app client"}},
		{"nothing", "/mixed", nil, nil, verdict{http.StatusUnauthorized, "Bearer", "this operation needs a bearer token"}},
		{"the authorizer's claims where it runs", "/me", nil, map[string]any{"sub": "alice", "client_id": "web", "token_use": "access", "scope": "mixed/me.read"}, stub},
	} {
		res := emu.InvokeREST(t, restEvent("GET", tc.path, tc.header, tc.claims))
		body, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
		if err != nil {
			t.Fatal(err)
		}
		if got := verdictOf(t, res.StatusCode, res.Headers, body); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// strs is v's strings, as text.
func strs(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			sub, _ := mapOf(m["Fn::ImportValue"])["Fn::Sub"].(string)
			out = append(out, sub)
			continue
		}
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
