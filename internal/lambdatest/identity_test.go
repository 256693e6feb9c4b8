package lambdatest_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/lambdatest"
)

var identitySpec = filepath.Join("testdata", "identity.yaml")

// verdict is what a caller learns from an answer about its identity.
type verdict struct {
	Status    int
	Challenge string // WWW-Authenticate
	Detail    string
}

func verdictOf(t *testing.T, status int, header map[string]string, body []byte) verdict {
	t.Helper()
	v := verdict{Status: status, Challenge: canonical(header)["Www-Authenticate"]}
	var p problemBody
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("answer %d is not a problem: %v: %s", status, err, body)
	}
	v.Detail = p.Detail
	return v
}

// restEvent is a REST API (payload 1.0) event whose authorizer claims are
// JSON values of any type, as a Lambda authorizer may set them.
func restEvent(method, path string, header map[string]string, claims map[string]any) events.APIGatewayProxyRequest {
	e := events.APIGatewayProxyRequest{
		Resource: path, Path: path, HTTPMethod: method,
		RequestContext: events.APIGatewayProxyRequestContext{ResourcePath: path, HTTPMethod: method, Path: "/prod" + path, Stage: "prod",
			RequestID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", AccountID: "123456789012"},
	}
	for k, v := range header {
		if e.Headers == nil {
			e.Headers, e.MultiValueHeaders = map[string]string{}, map[string][]string{}
		}
		e.Headers[k], e.MultiValueHeaders[k] = v, []string{v}
	}
	if claims != nil {
		e.RequestContext.Authorizer = map[string]any{"claims": claims}
	}
	return e
}

// TestIdentitySameVerdict sends the same callers (their token's claims) to
// the generated Lambda router under the emulator and to the local server
// in front of the same handlers, and wants the same status, challenge
// (RFC 6750) and detail from both: scope claims read by their JSON type,
// access tokens required where scopes are, 403 naming the missing scopes,
// and a mutualTLS-only operation that asks no bearer token but a client
// certificate API Gateway verified, which only the function can see.
func TestIdentitySameVerdict(t *testing.T) {
	for _, kind := range []model.APIKind{model.REST, model.HTTP} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			sameVerdict(t, kind)
		})
	}
}

func sameVerdict(t *testing.T, kind model.APIKind) {
	dir := t.TempDir()
	lambdatest.GenerateProject(t, identitySpec, lambdatest.WithDir(dir), lambdatest.WithAPI(kind), lambdatest.WithModule("example.com/identity"))
	emu := lambdatest.StartEmulator(t, lambdatest.BuildBootstrap(t, dir))
	idp := newIdentityProvider(t)
	srv := &localClient{LocalServer: lambdatest.StartLocal(t, lambdatest.BuildLocal(t, dir), dir,
		"--auth", "cognito", "--issuer", idp.issuer, "--jwks-url", idp.jwksURL)}

	const read, write = "identity/orders/read", "identity/orders/write"
	access := func(scope any) map[string]any {
		c := idp.claims("alice", nil)
		if scope == nil {
			delete(c, "scope")
		} else {
			c["scope"] = scope
		}
		return c
	}
	idToken := idp.idClaims("alice")
	idToken["scope"] = read
	stub := verdict{Status: http.StatusNotImplemented, Detail: "this operation is not implemented yet"}
	needToken := verdict{Status: http.StatusUnauthorized, Challenge: "Bearer", Detail: "this operation needs a bearer token"}
	for _, tc := range []struct {
		name         string
		method, path string
		claims       map[string]any // nil: no token
		want         verdict
	}{
		{"mutualTLS only, no certificate", "GET", "/certified", nil, verdict{Status: http.StatusUnauthorized, Detail: "this operation needs a client certificate that API Gateway verified (mutual TLS at the API's custom domain)"}},
		{"no token", "GET", "/orders", nil, needToken},
		{"scope string", "GET", "/orders", access(read), stub},
		{"scope array holding it among others", "GET", "/orders", access([]any{"a", read, "b"}), stub},
		{"scope array of just it", "GET", "/orders", access([]any{read}), stub},
		{"scope array as text is no scope", "GET", "/orders", access("[a " + read + " b]"), verdict{http.StatusForbidden, `Bearer error="insufficient_scope", scope="` + read + `"`, "the token lacks the scopes this operation needs: " + read}},
		{"scope of another type", "GET", "/orders", access(7), verdict{http.StatusForbidden, `Bearer error="insufficient_scope", scope="` + read + `"`, "the token lacks the scopes this operation needs: " + read}},
		{"other scope", "GET", "/orders", access(write), verdict{http.StatusForbidden, `Bearer error="insufficient_scope", scope="` + read + `"`, "the token lacks the scopes this operation needs: " + read}},
		{"all of two scopes, one missing", "POST", "/orders", access(read), verdict{http.StatusForbidden, `Bearer error="insufficient_scope", scope="` + read + " " + write + `"`, "the token lacks the scopes this operation needs: " + write}},
		{"all of two scopes", "POST", "/orders", access(read + " " + write), stub},
		{"ID token where scopes are needed", "GET", "/orders", idToken, verdict{http.StatusUnauthorized, `Bearer error="invalid_token"`, "this operation needs an access token, not an ID token"}},
		{"ID token where any token does", "GET", "/signed-in", idp.idClaims("alice"), stub},
		{"any token, none sent", "GET", "/signed-in", nil, needToken},
	} {
		if scope, isText := tc.claims["scope"].(string); kind == model.HTTP && tc.claims["scope"] != nil && (!isText || strings.HasPrefix(scope, "[")) {
			continue // a REST authorizer context's case: an HTTP API's JWT authorizer passes claims as text and the scopes as the list it read
		}
		t.Run(tc.name, func(t *testing.T) {
			var fromLambda verdict
			if kind == model.REST {
				res := emu.InvokeREST(t, restEvent(tc.method, tc.path, nil, tc.claims))
				body, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
				if err != nil {
					t.Fatal(err)
				}
				fromLambda = verdictOf(t, res.StatusCode, res.Headers, body)
			} else {
				res := emu.InvokeHTTP(t, httpEvent(tc.method, tc.path, tc.claims))
				body, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
				if err != nil {
					t.Fatal(err)
				}
				fromLambda = verdictOf(t, res.StatusCode, res.Headers, body)
			}
			tok := ""
			if tc.claims != nil {
				tok = idp.sign(t, tc.claims, nil)
			}
			l := srv.send(t, req{method: tc.method, path: tc.path}, tok)
			fromLocal := verdictOf(t, l.status, l.header, l.body)
			if fromLambda != tc.want {
				t.Errorf("Lambda: %+v, want %+v", fromLambda, tc.want)
			}
			if fromLocal != tc.want {
				t.Errorf("local server: %+v, want %+v", fromLocal, tc.want)
			}
		})
	}
	// Only the function sees a certificate API Gateway verified: in the
	// request context, where a custom domain with mutual TLS puts it.
	t.Run("mutualTLS only, certificate verified", func(t *testing.T) {
		const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
		var status int
		var body []byte
		var err error
		if kind == model.REST {
			e := restEvent("GET", "/certified", nil, nil)
			e.RequestContext.Identity.ClientCert = &events.APIGatewayCustomAuthorizerRequestTypeRequestIdentityClientCert{ClientCertPem: pem}
			res := emu.InvokeREST(t, e)
			status = res.StatusCode
			body, err = lambdatest.Body(res.Body, res.IsBase64Encoded)
		} else {
			e := httpEvent("GET", "/certified", nil)
			e.RequestContext.Authentication.ClientCert.ClientCertPem = pem
			res := emu.InvokeHTTP(t, e)
			status = res.StatusCode
			body, err = lambdatest.Body(res.Body, res.IsBase64Encoded)
		}
		if err != nil {
			t.Fatal(err)
		}
		if status != stub.Status {
			t.Errorf("a verified certificate: %d %s, want %d (the stub)", status, body, stub.Status)
		}
	})
}

// httpEvent is an HTTP API (payload 2.0) event as API Gateway's JWT
// authorizer passes a token on: every claim as text, and the token's
// scope claim as a list.
func httpEvent(method, path string, claims map[string]any) events.APIGatewayV2HTTPRequest {
	e := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: method + " " + path, RawPath: path,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: method + " " + path, AccountID: "123456789012", Stage: "$default", RequestID: "JKJaXmPLvHcESHA=",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path, Protocol: "HTTP/1.1", SourceIP: "192.0.2.1"},
		},
	}
	if claims != nil {
		jwt := &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{}}
		for k, v := range claims {
			if s, ok := v.(string); ok {
				jwt.Claims[k] = s
				continue
			}
			b, _ := json.Marshal(v)
			jwt.Claims[k] = string(b)
		}
		if s, ok := claims["scope"].(string); ok {
			jwt.Scopes = strings.Fields(s)
		}
		e.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{JWT: jwt}
	}
	return e
}

// jwksServer publishes RSA keys on loopback and counts the fetches; its
// keys can be rotated.
type jwksServer struct {
	url     string
	mu      sync.Mutex
	keys    map[string]*rsa.PrivateKey
	fetches atomic.Int32
}

func newJWKSServer(t *testing.T) *jwksServer {
	t.Helper()
	s := &jwksServer{keys: map[string]*rsa.PrivateKey{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		s.fetches.Add(1)
		s.mu.Lock()
		var keys []map[string]string
		for kid, k := range s.keys {
			keys = append(keys, map[string]string{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
				"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()), "e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())})
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func (s *jwksServer) publish(t *testing.T, kid string) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.keys = map[string]*rsa.PrivateKey{kid: k}
	s.mu.Unlock()
	return k
}

// hs256 signs claims with HMAC-SHA256 under secret: the algorithm
// confusion attack, with the issuer's public key as the secret.
func hs256(t *testing.T, secret []byte, kid string, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signing := enc(map[string]string{"alg": "HS256", "typ": "JWT", "kid": kid}) + "." + enc(claims)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// TestAuthorizerNoneVerifiesTokens generates a project deployed without an
// authorizer (--authorizer none) and checks that nothing trusts identity
// headers: the template passes the issuer and client IDs to the function,
// and the function, under the emulator, verifies the forwarded bearer token
// itself against a JWKS served on loopback (fetched on first use, cached,
// fetched again when the issuer rotates its key).
func TestAuthorizerNoneVerifiesTokens(t *testing.T) {
	dir := t.TempDir()
	p := lambdatest.GenerateProject(t, identitySpec, lambdatest.WithDir(dir), lambdatest.WithModule("example.com/identity"), lambdatest.WithAuthorizer("none"))

	t.Run("template passes the token settings and trusts no header", func(t *testing.T) {
		var tmpl map[string]any
		data, err := os.ReadFile(filepath.Join(dir, "deploy", "template.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, &tmpl); err != nil {
			t.Fatal(err)
		}
		params, _ := tmpl["Parameters"].(map[string]any)
		for _, name := range []string{"TokenIssuer", "TokenClientIds"} {
			prm, _ := params[name].(map[string]any)
			if prm == nil || prm["AllowedPattern"] == nil || prm["Default"] != nil {
				t.Errorf("parameter %s = %v, want one the deployer must set, with an AllowedPattern", name, prm)
			}
		}
		fn, _ := tmpl["Resources"].(map[string]any)["ApiFunction"].(map[string]any)
		vars, _ := fn["Properties"].(map[string]any)["Environment"].(map[string]any)["Variables"].(map[string]any)
		for env, param := range map[string]string{model.EnvTokenIssuer: "TokenIssuer", model.EnvTokenClientIDs: "TokenClientIds"} {
			if ref, _ := vars[env].(map[string]any); ref["Ref"] != param {
				t.Errorf("the function's %s = %v, want !Ref %s", env, vars[env], param)
			}
		}
		for _, f := range p.Result.Files.Files() {
			if (strings.HasPrefix(f.Path, "api/") || strings.HasPrefix(f.Path, "internal/apirt/")) && (strings.Contains(strings.ToLower(string(f.Data)), "x-specgate") || strings.Contains(strings.ToLower(string(f.Data)), "x_specgate")) {
				t.Errorf("%s mentions an identity header: the function must not read one", f.Path)
			}
		}
	})

	jwks := newJWKSServer(t)
	key := jwks.publish(t, "key-1")
	const issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_NoneTest"
	bootstrap := lambdatest.BuildBootstrap(t, dir)

	t.Run("without settings or keys every token is refused", func(t *testing.T) {
		tok := signJWT(t, key, "key-1", map[string]any{"sub": "alice", "iss": issuer, "client_id": "cli", "token_use": "access",
			"scope": "identity/orders/read", "exp": time.Now().Add(time.Hour).Unix()})
		for name, env := range map[string][]string{
			"no settings":      nil,
			"no client IDs":    {model.EnvTokenIssuer + "=" + issuer, model.EnvJWKSURL + "=" + jwks.url + "/.well-known/jwks.json"},
			"plain-http JWKS":  {model.EnvTokenIssuer + "=" + issuer, model.EnvTokenClientIDs + "=cli", model.EnvJWKSURL + "=http://jwks.example.com/keys"},
			"unreachable JWKS": {model.EnvTokenIssuer + "=" + issuer, model.EnvTokenClientIDs + "=cli", model.EnvJWKSURL + "=" + jwks.url + "/missing"},
		} {
			emu := lambdatest.StartEmulatorEnv(t, bootstrap, env...)
			res := emu.InvokeREST(t, restEvent("GET", "/orders", map[string]string{"Authorization": "Bearer " + tok}, nil))
			body, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
			if err != nil {
				t.Fatal(err)
			}
			got := verdictOf(t, res.StatusCode, res.Headers, body)
			if want := (verdict{http.StatusUnauthorized, `Bearer error="invalid_token"`, "the token could not be verified"}); got != want {
				t.Errorf("%s: %+v, want %+v", name, got, want)
			}
		}
	})

	emu := lambdatest.StartEmulatorEnv(t, bootstrap,
		model.EnvTokenIssuer+"="+issuer, model.EnvTokenClientIDs+"=web,cli", model.EnvJWKSURL+"="+jwks.url+"/.well-known/jwks.json")
	const read = "identity/orders/read"
	claims := func(edit func(map[string]any)) map[string]any {
		now := time.Now()
		c := map[string]any{"sub": "alice", "iss": issuer, "client_id": "cli", "token_use": "access", "scope": read,
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "jti": "j-1"}
		if edit != nil {
			edit(c)
		}
		return c
	}
	call := func(t *testing.T, header map[string]string) verdict {
		t.Helper()
		res := emu.InvokeREST(t, restEvent("GET", "/orders", header, nil))
		body, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
		if err != nil {
			t.Fatal(err)
		}
		return verdictOf(t, res.StatusCode, res.Headers, body)
	}
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

	t.Run("forged identity headers are not an identity", func(t *testing.T) {
		for _, h := range []map[string]string{
			{"X-Specgate-Subject": "mallory", "X-Specgate-Scopes": read},
			{"x-specgate-subject": "mallory", "x-specgate-scopes": read},
			{"X_Specgate_Subject": "mallory", "X_Specgate_Scopes": read},
		} {
			if got := call(t, h); got.Status != http.StatusUnauthorized || got.Challenge != "Bearer" {
				t.Errorf("headers %v: %+v, want 401 with WWW-Authenticate: Bearer", h, got)
			}
		}
		if n := jwks.fetches.Load(); n != 0 {
			t.Errorf("the JWKS was fetched %d times before any token came: want it fetched lazily", n)
		}
	})
	t.Run("a token the issuer signed is accepted, once the keys are fetched", func(t *testing.T) {
		for range 3 {
			if got := call(t, bearer(signJWT(t, key, "key-1", claims(nil)))); got.Status != http.StatusNotImplemented {
				t.Errorf("valid token: %+v, want past the check (501 from the stub)", got)
			}
		}
		if n := jwks.fetches.Load(); n != 1 {
			t.Errorf("the JWKS was fetched %d times for three tokens, want once (cached)", n)
		}
		c := claims(func(c map[string]any) { c["scope"] = "identity/orders/write" })
		if got := call(t, bearer(signJWT(t, key, "key-1", c))); got.Status != http.StatusForbidden || !strings.Contains(got.Challenge, "insufficient_scope") {
			t.Errorf("token without the scope: %+v, want 403 insufficient_scope", got)
		}
	})
	t.Run("refused tokens", func(t *testing.T) {
		otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		for name, tc := range map[string]struct{ tok, detail string }{
			"wrong issuer":  {signJWT(t, key, "key-1", claims(func(c map[string]any) { c["iss"] = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other" })), "issuer"},
			"expired":       {signJWT(t, key, "key-1", claims(func(c map[string]any) { c["exp"] = time.Now().Add(-2 * time.Minute).Unix() })), "expired"},
			"not yet valid": {signJWT(t, key, "key-1", claims(func(c map[string]any) { c["nbf"] = time.Now().Add(5 * time.Minute).Unix() })), "not valid yet"},
			"no expiry":     {signJWT(t, key, "key-1", claims(func(c map[string]any) { delete(c, "exp") })), "expiry"},
			"alg none":      {unsigned(claims(nil)), "signature"},
			"HS256":         {hs256(t, key.PublicKey.N.Bytes(), "key-1", claims(nil)), "signature"},
			"other key":     {signJWT(t, otherKey, "key-1", claims(nil)), "signature"},
			"other client":  {signJWT(t, key, "key-1", claims(func(c map[string]any) { c["client_id"] = "elsewhere" })), "app client"},
			"refresh token": {signJWT(t, key, "key-1", claims(func(c map[string]any) { c["token_use"] = "refresh" })), "token_use"},
			"ID token":      {signJWT(t, key, "key-1", claims(func(c map[string]any) { c["token_use"], c["aud"] = "id", "web"; delete(c, "client_id") })), "access token"},
			"not a JWT":     {"not-a-token", "not a JWT"},
		} {
			got := call(t, bearer(tc.tok))
			if got.Status != http.StatusUnauthorized || got.Challenge != `Bearer error="invalid_token"` || !strings.Contains(got.Detail, tc.detail) {
				t.Errorf("%s: %+v, want 401 invalid_token saying %q", name, got, tc.detail)
			}
		}
	})
	t.Run("a rotated key is fetched again, at most once a minute", func(t *testing.T) {
		before := jwks.fetches.Load()
		key2 := jwks.publish(t, "key-2")
		if got := call(t, bearer(signJWT(t, key2, "key-2", claims(nil)))); got.Status != http.StatusNotImplemented {
			t.Errorf("token of the rotated key: %+v, want accepted", got)
		}
		if got := call(t, bearer(signJWT(t, key2, "key-3", claims(nil)))); got.Status != http.StatusUnauthorized {
			t.Errorf("token of an unknown kid: %+v, want 401", got)
		}
		if n := jwks.fetches.Load() - before; n > 1 {
			t.Errorf("the JWKS was fetched %d times after the rotation, want at most once a minute", n)
		}
	})
	// gatewayAccess iam: the gateway in front signs (SigV4 in
	// Authorization) and forwards the caller's token in
	// X-Forwarded-Authorization, where the template tells the function to
	// read it; the token is verified and its scopes enforced all the same.
	t.Run("token forwarded beside the gateway's signature", func(t *testing.T) {
		emu := lambdatest.StartEmulatorEnv(t, bootstrap, model.EnvTokenIssuer+"="+issuer, model.EnvTokenClientIDs+"=web,cli",
			model.EnvJWKSURL+"="+jwks.url+"/.well-known/jwks.json", model.EnvTokenHeader+"="+model.ForwardedTokenHeader)
		const sigv4 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
		call := func(header map[string]string) verdict {
			t.Helper()
			res := emu.InvokeREST(t, restEvent("GET", "/orders", header, nil))
			body, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
			if err != nil {
				t.Fatal(err)
			}
			return verdictOf(t, res.StatusCode, res.Headers, body)
		}
		key := jwks.publish(t, "key-4")
		good := signJWT(t, key, "key-4", claims(nil))
		noScope := signJWT(t, key, "key-4", claims(func(c map[string]any) { c["scope"] = "identity/orders/write" }))
		for name, tc := range map[string]struct {
			header map[string]string
			want   int
		}{
			"forwarded token with the scope":    {map[string]string{"Authorization": sigv4, model.ForwardedTokenHeader: "Bearer " + good}, http.StatusNotImplemented},
			"forwarded token without the scope": {map[string]string{"Authorization": sigv4, model.ForwardedTokenHeader: "Bearer " + noScope}, http.StatusForbidden},
			"forwarded token that is not valid": {map[string]string{"Authorization": sigv4, model.ForwardedTokenHeader: "Bearer not-a-token"}, http.StatusUnauthorized},
			"signature alone":                   {map[string]string{"Authorization": sigv4}, http.StatusUnauthorized},
			"token only in Authorization":       {map[string]string{"Authorization": "Bearer " + good}, http.StatusUnauthorized},
		} {
			if got := call(tc.header); got.Status != tc.want {
				t.Errorf("%s: %+v, want %d", name, got, tc.want)
			}
		}
	})
}
