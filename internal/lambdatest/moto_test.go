package lambdatest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// motoInstall says how to get moto's server, which this test needs.
const motoInstall = "pip install 'moto[server]==5.2.1'"

// motoSpec has one operation per thing a Cognito token is checked for:
// a token without scopes, Cognito's own scope, a resource server's scope.
const motoSpec = `openapi: 3.0.3
info: {title: moto shop, version: "1.0"}
security:
  - cognito: []
paths:
  /me:
    get:
      operationId: getMe
      responses: {"200": {description: ok}}
  /admin:
    get:
      operationId: getAdmin
      security: [{cognito: [aws.cognito.signin.user.admin]}]
      responses: {"200": {description: ok}}
  /orders:
    get:
      operationId: listOrders
      security: [{cognito: [orders/read]}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    cognito:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://example.auth.us-east-1.amazoncognito.com/oauth2/token
          scopes: {orders/read: read orders, aws.cognito.signin.user.admin: the user's own profile}
`

// TestLocalServerAgainstMotoCognito checks the generated local server's
// cognito mode against a third-party issuer: moto's Cognito (a user pool,
// a resource server, an app client, a user signed in with
// ADMIN_USER_PASSWORD_AUTH). The server accepts moto's RS256 access token
// from moto's JWKS where its scopes suffice, enforces scopes it lacks
// (403), refuses its ID token where an access token is needed, no token,
// another issuer and another audience (401). moto 5.2.1 gives user tokens
// only the aws.cognito.signin.user.admin scope and does not serve the
// client-credentials token endpoint (docs/contract-tests.md says so).
func TestLocalServerAgainstMotoCognito(t *testing.T) {
	moto, err := exec.LookPath("moto_server")
	if err != nil {
		t.Fatalf("moto_server is not on PATH: %s", motoInstall)
	}
	addr := freePort(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(moto, "-H", "127.0.0.1", "-p", port)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	setProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start moto_server (%s): %v", motoInstall, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		signalGroup(cmd.Process.Pid, false)
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			signalGroup(cmd.Process.Pid, true)
			<-done
		}
		if t.Failed() {
			t.Logf("moto_server output:\n%s", out.String())
		}
	})
	base := "http://" + addr
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not listen on %s within 20s:\n%s", addr, out.String())
		}
	}
	call := func(action string, in map[string]any) map[string]any {
		t.Helper()
		body, _ := json.Marshal(in)
		req, _ := http.NewRequest(http.MethodPost, base+"/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+action)
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("moto %s: %v", action, err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("moto %s: %s: %s", action, res.Status, raw)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("moto %s: %v: %s", action, err, raw)
		}
		return m
	}
	pool := call("CreateUserPool", map[string]any{"PoolName": "moto-shop"})["UserPool"].(map[string]any)["Id"].(string)
	call("CreateResourceServer", map[string]any{"UserPoolId": pool, "Identifier": "moto-shop", "Name": "moto-shop",
		"Scopes": []map[string]string{{"ScopeName": "orders/read", "ScopeDescription": "read orders"}}})
	client := call("CreateUserPoolClient", map[string]any{"UserPoolId": pool, "ClientName": "web",
		"ExplicitAuthFlows": []string{"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}})["UserPoolClient"].(map[string]any)["ClientId"].(string)
	call("AdminCreateUser", map[string]any{"UserPoolId": pool, "Username": "alice", "TemporaryPassword": "Temp0rary!pass"})
	call("AdminSetUserPassword", map[string]any{"UserPoolId": pool, "Username": "alice", "Password": "Contract-t3st!", "Permanent": true})
	auth := call("AdminInitiateAuth", map[string]any{"UserPoolId": pool, "ClientId": client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
		"AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": "Contract-t3st!"}})["AuthenticationResult"].(map[string]any)
	access, id := auth["AccessToken"].(string), auth["IdToken"].(string)
	issuer := "https://cognito-idp.us-east-1.amazonaws.com/" + pool // what moto writes in iss
	jwks := base + "/" + pool + "/.well-known/jwks.json"

	specFile := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(specFile, []byte(motoSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	p := GenerateProject(t, specFile, WithModule("example.com/motoshop"))
	bin := BuildLocal(t, p.Dir)
	get := func(srv *LocalServer, path, token string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	// 501: past the authorizer, into the generated stub.
	srv := StartLocal(t, bin, p.Dir, "--auth", "cognito", "--issuer", issuer, "--jwks-url", jwks, "--audience", client)
	for _, c := range []struct {
		path, token, what string
		want              int
	}{
		{"/me", access, "moto's access token, no scope needed", 501},
		{"/admin", access, "moto's access token with the scope it carries", 501},
		{"/orders", access, "moto's access token without orders/read", 403},
		{"/me", "", "no token", 401},
		{"/orders", id, "moto's ID token where a scope is needed", 401},
		{"/me", access[:len(access)-4] + "AAAA", "a token whose signature does not verify", 401},
	} {
		if got := get(srv, c.path, c.token); got != c.want {
			t.Errorf("%s (GET %s): %d, want %d", c.what, c.path, got, c.want)
		}
	}
	wrongIssuer := StartLocal(t, bin, p.Dir, "--auth", "cognito", "--issuer", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other", "--jwks-url", jwks)
	if got := get(wrongIssuer, "/me", access); got != 401 {
		t.Errorf("moto's token at a server trusting another issuer: %d, want 401", got)
	}
	wrongAudience := StartLocal(t, bin, p.Dir, "--auth", "cognito", "--issuer", issuer, "--jwks-url", jwks, "--audience", "another-client")
	if got := get(wrongAudience, "/me", access); got != 401 {
		t.Errorf("moto's token for client %s at a server for another-client: %d, want 401", client, got)
	}
	if !strings.HasPrefix(access, "ey") {
		t.Errorf("moto's access token is not a JWT: %.20s", access)
	}
}
