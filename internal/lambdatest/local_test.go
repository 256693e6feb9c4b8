package lambdatest_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/lambdatest"
)

// TestLocalServer generates print-shop for each API kind and runs its local
// server (cmd/local) over loopback in front of a JWKS served on loopback
// and a loopback stand-in for the legacy backends. It checks tokens the way
// the Cognito authorizer does, forwards legacy routes with the identity
// headers, answers like the function under the Lambda emulator for a
// shared table of requests, logs one line per request without tokens, and
// stays out of the Lambda binary.
func TestLocalServer(t *testing.T) {
	for _, kind := range []model.APIKind{model.REST, model.HTTP} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			lambdatest.GenerateProject(t, printShop, lambdatest.WithDir(dir), lambdatest.WithAPI(kind), lambdatest.WithModule(module),
				lambdatest.WithCORSOrigins(allowedOrigin, "https://admin.print-shop.example"))
			writeHandlers(t, dir)
			writeFiles(t, dir, "localhandlers", "handlers")
			idp := newIdentityProvider(t)
			stub := newLegacyStub(t)
			bin := lambdatest.BuildLocal(t, dir)
			srv := &localClient{LocalServer: lambdatest.StartLocal(t, bin, dir,
				"--auth", "cognito", "--issuer", idp.issuer, "--jwks-url", idp.jwksURL,
				"--legacy", "LegacyShippingURL="+stub.url,
				"--legacy", "pricing.legacy.print-shop.internal="+stub.url+"/pricing")}

			getOrder := req{method: "GET", path: "/orders/ord_abc123def456", template: "/orders/{orderId}", pathParams: map[string]string{"orderId": "ord_abc123def456"}}
			track := req{method: "GET", path: "/shipments/1Z999AA10123456784", query: url.Values{"verbose": {"1"}}}
			t.Run("tokens checked like the Cognito authorizer", func(t *testing.T) {
				for _, r := range []req{getOrder, track} {
					res := srv.send(t, r, "")
					res.problem(t, http.StatusUnauthorized)
					if res.header["Www-Authenticate"] != "Bearer" {
						t.Errorf("%s without a token: WWW-Authenticate = %q, want Bearer", r.path, res.header["Www-Authenticate"])
					}
					for name, tc := range map[string]struct {
						token  string
						detail string
					}{
						"bad signature":       {idp.forge(t, idp.claims("alice", allScopes)), "signature"},
						"expired":             {idp.sign(t, idp.claims("alice", allScopes), func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }), "expired"},
						"wrong issuer":        {idp.sign(t, idp.claims("alice", allScopes), func(c map[string]any) { c["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" }), "issuer"},
						"ID token":            {idp.sign(t, idp.idClaims("alice"), nil), "access token"},
						"no expiry":           {idp.sign(t, idp.claims("alice", allScopes), func(c map[string]any) { delete(c, "exp") }), "expiry"},
						"unsigned (alg none)": {unsigned(idp.claims("alice", allScopes)), "signature"},
						"not a JWT":           {"not-a-token", "not a JWT"},
						"token_use neither":   {idp.sign(t, idp.claims("alice", allScopes), func(c map[string]any) { c["token_use"] = "refresh" }), "token_use"},
					} {
						res := srv.send(t, r, tc.token)
						p := res.problem(t, http.StatusUnauthorized)
						if !strings.Contains(p.Detail, tc.detail) {
							t.Errorf("%s %s, %s: detail %q does not say %q", r.method, r.path, name, p.Detail, tc.detail)
						}
						if res.header["Www-Authenticate"] != `Bearer error="invalid_token"` {
							t.Errorf("%s %s, %s: WWW-Authenticate = %q", r.method, r.path, name, res.header["Www-Authenticate"])
						}
					}
					without := idp.sign(t, idp.claims("alice", []string{"print-shop/catalog/read", "print-shop/orders/write"}), nil)
					srv.send(t, r, without).problem(t, http.StatusForbidden)
				}
				// With the scopes: the handler's answer, with the token's identity.
				res := srv.send(t, getOrder, idp.sign(t, idp.claims("alice", []string{"print-shop/orders/read"}), nil))
				var who struct {
					OrderID, Sub, TokenUse, ClientID string
					Scopes                           []string
				}
				res.json(t, http.StatusOK, "application/json", &who)
				if who.OrderID != "ord_abc123def456" || who.Sub != "alice" || who.TokenUse != "access" || who.ClientID != "web" || strings.Join(who.Scopes, " ") != "print-shop/orders/read" {
					t.Errorf("the handler saw %+v, want order ord_abc123def456 for alice (access token of client web, scope print-shop/orders/read)", who)
				}
				// A public operation needs no token, and ignores a bad one as the gateway does.
				for _, tok := range []string{"", "not-a-token"} {
					var page struct{ Items []any }
					srv.send(t, req{method: "GET", path: "/products", query: url.Values{"limit": {"1"}}}, tok).json(t, http.StatusOK, "application/json", &page)
					if len(page.Items) != 1 {
						t.Errorf("GET /products?limit=1 gave %d items, want 1", len(page.Items))
					}
				}
			})

			t.Run("legacy routes forwarded with identity headers and path parameters", func(t *testing.T) {
				r := track
				// Every spelling of the identity headers (any case, '_' for '-') is
				// the caller's forgery; the caller's credentials stay with the API.
				r.header = map[string]string{"X-Specgate-Subject": "mallory", "x-specgate-scopes": "print-shop/catalog/write",
					"X_Specgate_Subject": "mallory", "x_specgate_scopes": "print-shop/catalog/write", "X-SPECGATE-SUBJECT": "mallory",
					"X-Request-Note": "kept", "Cookie": "session=s3cret"}
				tok := idp.sign(t, idp.claims("alice", []string{"print-shop/shipping/read", "print-shop/catalog/read"}), nil)
				res := srv.send(t, r, tok)
				if res.status != http.StatusOK || string(res.body) != `{"events":[{"status":"in transit"}]}` || res.header["X-Legacy"] != "yes" {
					t.Errorf("answer = %d %v %s, want the backend's 200 with its body and headers", res.status, res.header, res.body)
				}
				got := stub.last(t)
				want := forwarded{method: "GET", path: "/track/1Z999AA10123456784", query: "verbose=1", subject: "alice", scopes: "print-shop/shipping/read print-shop/catalog/read",
					identity: "X-Specgate-Scopes,X-Specgate-Subject", note: "kept",
					requestID: res.header["X-Request-Id"]} // the id the answer carries (see "request ids" below)
				if got != want || got.requestID == "" {
					t.Errorf("the backend got\n%+v\nwant\n%+v", got, want)
				}
				// POST with a body, to a backend whose base URL has a path (overridden by host).
				body := `{"productId":"3f6c1a52-8d1e-4c53-9a57-0b8f5f2b6a11","quantity":250}`
				quote := req{method: "POST", path: "/quotes", header: map[string]string{"Content-Type": "application/json"}, body: body}
				res = srv.send(t, quote, idp.sign(t, idp.claims("bob", []string{"print-shop/catalog/read"}), nil))
				if res.status != http.StatusOK {
					t.Errorf("POST /quotes = %d %s, want the backend's 200", res.status, res.body)
				}
				got = stub.last(t)
				if got.method != "POST" || got.path != "/pricing/calc/v2/quote" || got.body != body || got.subject != "bob" || got.scopes != "print-shop/catalog/read" {
					t.Errorf("the backend got %+v, want POST /pricing/calc/v2/quote from bob with the body", got)
				}
				// Refused requests never reach the backend.
				n := stub.count()
				srv.send(t, track, "")
				srv.send(t, track, idp.sign(t, idp.claims("alice", []string{"print-shop/catalog/read"}), nil))
				if stub.count() != n {
					t.Errorf("a request without a valid token or scope reached the legacy backend")
				}
			})

			fn := gateway{kind: kind, emu: lambdatest.StartEmulator(t, lambdatest.BuildBootstrap(t, dir))}
			t.Run("same status and body as the function behind API Gateway", func(t *testing.T) {
				const id = "3f6c1a52-8d1e-4c53-9a57-0b8f5f2b6a11"
				product := `{"sku":"BC-0001","name":"Linen business cards","category":"business-cards","price":{"amount":25,"currency":"EUR"},"dimensions":{"widthMm":85,"heightMm":55}}`
				replace := req{method: "PUT", path: "/products/" + id, template: "/products/{productId}", pathParams: map[string]string{"productId": id},
					header: map[string]string{"If-Match": `"v7"`, "Content-Type": "application/json"}, body: product}
				anonymous := getOrder
				anonymous.anonymous = true
				wrongScope := getOrder
				wrongScope.scopes = []string{"print-shop/orders/write"}
				oneScope := getOrder
				oneScope.scopes = []string{"print-shop/orders/read"}
				stale := replace
				stale.header = map[string]string{"If-Match": "stale", "Content-Type": "application/json"}
				noIfMatch := replace
				noIfMatch.header = map[string]string{"Content-Type": "application/json"}
				badBody := replace
				badBody.body = `{"sku":"bc","name":"","category":"mugs","price":{"amount":-1,"currency":"EUR"}}`
				notJSON := replace
				notJSON.header = map[string]string{"If-Match": "x", "Content-Type": "text/plain"}
				cases := []struct {
					name string
					r    req
				}{
					{"no token", anonymous},
					{"without the scope", wrongScope},
					{"with every scope", getOrder},
					{"with just the scope", oneScope},
					{"public, no token", req{method: "GET", path: "/products", template: "/products", query: url.Values{"limit": {"3"}, "category": {"posters"}, "cursor": {"c/42 x"}}, anonymous: true}},
					{"public stub", req{method: "GET", path: "/health", template: "/health", anonymous: true}},
					{"implemented", replace},
					{"typed alternative answer", stale},
					{"missing header", noIfMatch},
					{"invalid body", badBody},
					{"not JSON", notJSON},
					{"POST", req{method: "POST", path: "/products", template: "/products", header: map[string]string{"Content-Type": "application/json"}, body: product}},
					{"array query", req{method: "GET", path: "/orders", template: "/orders", query: url.Values{"status": {"shipped,pending"}, "placedAfter": {"2026-01-02T03:04:05Z"}}}},
					{"bad integer", req{method: "GET", path: "/products", template: "/products", query: url.Values{"limit": {"ten"}}}},
					{"bad path parameter", req{method: "GET", path: "/orders/nope", template: "/orders/{orderId}", pathParams: map[string]string{"orderId": "nope"}}},
					{"panic", req{method: "DELETE", path: "/products/" + id, template: "/products/{productId}", pathParams: map[string]string{"productId": id}}},
					{"stub", req{method: "POST", path: "/offers", template: "/offers", header: map[string]string{"Content-Type": "application/json"}, body: `{"code":"SPRING","percentOff":10,"validFrom":"2026-03-01","validTo":"2026-03-31","productIds":["` + id + `"]}`}},
					{"unknown path", req{method: "GET", path: "/nope"}},
					{"wrong method", req{method: "PATCH", path: "/orders"}},
				}
				for _, c := range cases {
					want := fn.call(t, c.r)
					got := srv.send(t, c.r, idp.token(t, c.r))
					if got.status != want.status || !bytes.Equal(got.body, want.body) {
						t.Errorf("%s (%s %s):\nlocal:    %d %s\nfunction: %d %s", c.name, c.r.method, c.r.path, got.status, got.body, want.status, want.body)
					}
					for _, h := range []string{"Content-Type", "Allow", "Www-Authenticate"} {
						if g, w := got.header[h], canonical(want.header)[h]; g != w {
							t.Errorf("%s (%s %s): %s = %q locally, %q from the function", c.name, c.r.method, c.r.path, h, g, w)
						}
					}
				}
			})

			t.Run("adversarial requests: the same answer from the function and the local server", func(t *testing.T) {
				runAdversarial(t, fn, srv, idp, stub)
			})
			t.Run("a browser's preflight and request", func(t *testing.T) {
				browserSequence(t, kind, dir, fn, srv, idp)
			})
			t.Run("request ids reach the answer, the legacy backend and the log", func(t *testing.T) {
				localRequestIDs(t, srv, stub, idp.sign(t, idp.claims("alice", allScopes), nil), track)
			}) // requestlog_test.go

			t.Run("one log line per request, no token in it", func(t *testing.T) {
				// The line is written once the answer is sent: wait for the last.
				var lines []string
				for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
					lines = lines[:0]
					for _, l := range strings.Split(srv.Output(), "\n") {
						if strings.Contains(l, `"msg":"request"`) {
							lines = append(lines, l)
						}
					}
					if int64(len(lines)) >= srv.sent.Load() || time.Now().After(deadline) {
						break
					}
				}
				if int64(len(lines)) != srv.sent.Load() {
					t.Errorf("%d request log lines for %d requests", len(lines), srv.sent.Load())
				}
				for _, l := range lines {
					for _, field := range []string{`"requestId":`, `"method":`, `"status":`, `"durationMs":`} {
						if !strings.Contains(l, field) {
							t.Errorf("log line lacks %s: %s", field, l)
						}
					}
				}
				want := `"operation":"getOrder","method":"GET","route":"/orders/{orderId}","status":200,"durationMs":`
				if !strings.Contains(srv.Output(), want) {
					t.Errorf("no log line like %q", want)
				}
				noSecrets(t, srv.Output())
				for _, tok := range srv.tokens() {
					for _, part := range strings.Split(tok, ".") {
						if len(part) > 16 && strings.Contains(srv.Output(), part) {
							t.Fatalf("the log shows part of a token: %s", part)
						}
					}
				}
			})

			if kind != model.REST {
				return
			}
			t.Run("the Lambda binary links neither the JOSE library nor the local server", func(t *testing.T) {
				banned := []string{"github.com/golang-jwt/jwt", "github.com/MicahParks/", module + "/local", module + "/internal/localrt"}
				lambdaDeps := goOutput(t, dir, "list", "-deps", "./cmd/lambda")
				localDeps := goOutput(t, dir, "list", "-deps", "./cmd/local")
				for _, b := range banned {
					if strings.Contains(lambdaDeps, b) {
						t.Errorf("go list -deps ./cmd/lambda lists %s", b)
					}
					// The check can fail: the local server does link it.
					if !strings.Contains(localDeps, b) {
						t.Errorf("go list -deps ./cmd/local does not list %s; the check above proves nothing", b)
					}
				}
				linked := goOutput(t, dir, "version", "-m", filepath.Join(dir, "bootstrap"))
				if !strings.Contains(linked, "github.com/aws/aws-lambda-go") {
					t.Fatalf("go version -m bootstrap lists no aws-lambda-go; is it the Lambda binary?\n%s", linked)
				}
				for _, b := range banned {
					if strings.Contains(linked, b) {
						t.Errorf("the built bootstrap links %s:\n%s", b, linked)
					}
				}
			})
			t.Run("dev mode: a local key pair and the token command", func(t *testing.T) {
				dev := &localClient{LocalServer: lambdatest.StartLocal(t, bin, dir)}
				fi, err := os.Stat(filepath.Join(dir, ".specgate", "dev-key.json"))
				if err != nil || fi.Mode().Perm() != 0o600 {
					t.Fatalf("dev key: %v (mode %v), want .specgate/dev-key.json with mode 0600", err, fi)
				}
				if ignore, err := os.ReadFile(filepath.Join(dir, ".gitignore")); err != nil || !strings.Contains(string(ignore), "/.specgate/") {
					t.Errorf(".gitignore does not ignore /.specgate/ (err %v)", err)
				}
				mint := func(args ...string) string {
					t.Helper()
					cmd := exec.Command(bin, append([]string{"token"}, args...)...)
					cmd.Dir = dir
					var stderr bytes.Buffer
					cmd.Stderr = &stderr
					out, err := cmd.Output()
					if err != nil {
						t.Fatalf("local-server token %v: %v\n%s", args, err, stderr.Bytes())
					}
					return strings.TrimSpace(string(out))
				}
				// The README's command: the spec's scope name, expanded as Cognito names it.
				res := dev.send(t, getOrder, mint("--scope", "orders/read", "--sub", "alice"))
				var who struct {
					Sub, TokenUse string
					Scopes        []string
				}
				res.json(t, http.StatusOK, "application/json", &who)
				if who.Sub != "alice" || who.TokenUse != "access" || strings.Join(who.Scopes, " ") != "print-shop/orders/read" {
					t.Errorf("the handler saw %+v, want alice with print-shop/orders/read", who)
				}
				dev.send(t, getOrder, mint("--scope", "catalog/read orders/write")).problem(t, http.StatusForbidden)
				dev.send(t, getOrder, mint("--id")).problem(t, http.StatusUnauthorized)
				dev.send(t, getOrder, mint("--scope", "orders/read", "--ttl", "-1m")).problem(t, http.StatusUnauthorized)
				// A user pool's token is not the dev key's.
				dev.send(t, getOrder, idp.token(t, getOrder)).problem(t, http.StatusUnauthorized)
				// With an existing user pool, --issuer defaults to the pool's
				// issuer: it is for --auth cognito, and dev mode still accepts
				// its own tokens (and still not the pool's).
				pool := &localClient{LocalServer: lambdatest.StartLocal(t, bin, dir, "--issuer", idp.issuer)}
				pool.send(t, getOrder, mint("--scope", "orders/read", "--sub", "bob")).json(t, http.StatusOK, "application/json", &who)
				if who.Sub != "bob" {
					t.Errorf("dev mode with --issuer: the handler saw %+v, want bob", who)
				}
				pool.send(t, getOrder, idp.token(t, getOrder)).problem(t, http.StatusUnauthorized)
			})
			t.Run("auth off: every request runs, with a warning", func(t *testing.T) {
				off := &localClient{LocalServer: lambdatest.StartLocal(t, bin, dir, "--auth", "off", "--sub", "dev")}
				var who struct {
					Sub    string
					Scopes []string
				}
				off.send(t, getOrder, "").json(t, http.StatusOK, "application/json", &who)
				if who.Sub != "dev" || strings.Join(who.Scopes, " ") != "print-shop/orders/read" {
					t.Errorf("the handler saw %+v, want dev with the operation's scopes", who)
				}
				off.send(t, req{method: "GET", path: "/health"}, "")
				deadline := time.Now().Add(5 * time.Second)
				for strings.Count(off.Output(), `"auth":"off: no token was checked"`) < 2 && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if n := strings.Count(off.Output(), `"auth":"off: no token was checked"`); n != 2 {
					t.Errorf("%d warnings for 2 requests:\n%s", n, off.Output())
				}
			})
			t.Run("refuses to start with a JWKS it cannot fetch or an unknown backend", func(t *testing.T) {
				for _, tc := range []struct {
					args []string
					want string
				}{
					{[]string{"--auth", "cognito", "--issuer", idp.issuer, "--jwks-url", idp.jwksURL + "/missing"}, "fetch the JWKS"},
					{[]string{"--auth", "cognito"}, "--auth cognito needs --issuer"},
					{[]string{"--legacy", "LegacyBillingURL=http://127.0.0.1:9"}, "LegacyPricingURL (pricing.legacy.print-shop.internal), LegacyShippingURL"},
					{[]string{"--auth", "sometimes"}, "use cognito, dev or off"},
				} {
					cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0"}, tc.args...)...)
					cmd.Dir = dir
					var out bytes.Buffer
					cmd.Stdout, cmd.Stderr = &out, &out
					done := make(chan error, 1)
					if err := cmd.Start(); err != nil {
						t.Fatal(err)
					}
					go func() { done <- cmd.Wait() }()
					select {
					case err := <-done:
						if code := exitCode(err); code != 2 || !strings.Contains(out.String(), tc.want) {
							t.Errorf("%v: exit %d, output %q; want exit 2 saying %q", tc.args, code, out.String(), tc.want)
						}
					case <-time.After(20 * time.Second):
						_ = cmd.Process.Kill()
						<-done
						t.Errorf("%v: still running after 20s; want it to refuse to start", tc.args)
					}
				}
			})
		})
	}
}

// localClient sends requests to a local server over loopback and remembers
// how many it sent and the tokens it used.
type localClient struct {
	*lambdatest.LocalServer
	sent atomic.Int64
	mu   sync.Mutex
	toks []string
}

// send makes r an HTTP request with token as its bearer token ("" for
// none) and returns the answer. The event fields of r (template, stage...)
// are API Gateway's business and are not used.
func (c *localClient) send(t *testing.T, r req, token string) resp {
	t.Helper()
	u := c.URL + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	hr, err := http.NewRequest(r.method, u, strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	if token != "" {
		hr.Header.Set("Authorization", "Bearer "+token)
		c.mu.Lock()
		c.toks = append(c.toks, token)
		c.mu.Unlock()
	}
	c.sent.Add(1)
	res, err := (&http.Client{Timeout: 30 * time.Second}).Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read the answer: %v", r.method, u, err)
	}
	h := map[string]string{}
	for k, vs := range res.Header {
		h[k] = strings.Join(vs, ", ")
	}
	return resp{status: res.StatusCode, header: h, body: b}
}

func (c *localClient) tokens() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.toks...)
}

func canonical(h map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[http.CanonicalHeaderKey(k)] = v
	}
	return out
}

// identityProvider stands in for a Cognito user pool: an RSA key whose
// public half a loopback server publishes as a JWKS, and an issuer name.
type identityProvider struct {
	key, other *rsa.PrivateKey // other signs forged tokens under key's kid
	kid        string
	issuer     string
	jwksURL    string
}

func newIdentityProvider(t *testing.T) *identityProvider {
	t.Helper()
	p := &identityProvider{kid: "test-key-1", issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalTest"}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if p.other, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	jwks, err := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": p.kid, "use": "sig", "alg": "RS256",
		"n": b64(p.key.N.Bytes()), "e": b64(big.NewInt(int64(p.key.E)).Bytes()),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(jwks)
	}))
	t.Cleanup(srv.Close)
	p.jwksURL = srv.URL + "/.well-known/jwks.json"
	return p
}

// claims are a Cognito access token's claims.
func (p *identityProvider) claims(sub string, scopes []string) map[string]any {
	now := time.Now()
	return map[string]any{
		"sub": sub, "iss": p.issuer, "client_id": "web", "token_use": "access", "scope": strings.Join(scopes, " "),
		"auth_time": now.Unix(), "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "jti": "j-1", "username": sub, "version": 2,
	}
}

// idClaims are a Cognito ID token's claims.
func (p *identityProvider) idClaims(sub string) map[string]any {
	c := p.claims(sub, nil)
	delete(c, "scope")
	delete(c, "client_id")
	c["token_use"], c["aud"] = "id", "web"
	return c
}

// token is the access token carrying r's claims (as the gateway helper
// puts them in events), or "" for an anonymous request.
func (p *identityProvider) token(t *testing.T, r req) string {
	t.Helper()
	c := r.claims()
	if c == nil {
		return ""
	}
	claims := p.claims(c["sub"], strings.Fields(c["scope"]))
	claims["client_id"], claims["token_use"] = c["client_id"], c["token_use"]
	return p.sign(t, claims, nil)
}

// sign makes an RS256 JWT of claims (changed by edit first) with the key.
func (p *identityProvider) sign(t *testing.T, claims map[string]any, edit func(map[string]any)) string {
	t.Helper()
	if edit != nil {
		edit(claims)
	}
	return signJWT(t, p.key, p.kid, claims)
}

// forge signs claims with another key under the key's kid.
func (p *identityProvider) forge(t *testing.T, claims map[string]any) string {
	t.Helper()
	return signJWT(t, p.other, p.kid, claims)
}

func signJWT(t *testing.T, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signing := enc(map[string]string{"alg": "RS256", "typ": "JWT", "kid": kid}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// unsigned is a token with "alg": "none" and no signature.
func unsigned(claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
	c, _ := json.Marshal(claims)
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c) + "."
}

// forwarded is what a legacy backend received.
type forwarded struct {
	method, path, query string
	subject, scopes     string // the identity headers
	identity            string // the names of every header that spells an identity header, sorted
	note                string // X-Request-Note, a header of the caller's own
	auth, cookie        string
	body                string
	requestID           string // X-Request-Id
	traceparent         string
}

// legacyStub stands in for the legacy backends on loopback.
type legacyStub struct {
	url string
	mu  sync.Mutex
	got []forwarded
}

func newLegacyStub(t *testing.T) *legacyStub {
	t.Helper()
	s := &legacyStub{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var identity []string
		for k := range r.Header {
			n := strings.ReplaceAll(k, "_", "-")
			if strings.EqualFold(n, model.SubjectHeader) || strings.EqualFold(n, model.ScopesHeader) {
				identity = append(identity, k)
			}
		}
		sort.Strings(identity)
		s.mu.Lock()
		s.got = append(s.got, forwarded{
			method: r.Method, path: r.URL.Path, query: r.URL.RawQuery,
			subject: r.Header.Get(model.SubjectHeader), scopes: r.Header.Get(model.ScopesHeader), identity: strings.Join(identity, ","),
			note: r.Header.Get("X-Request-Note"), auth: r.Header.Get("Authorization"), cookie: r.Header.Get("Cookie"), body: string(b),
			requestID: r.Header.Get("X-Request-Id"), traceparent: r.Header.Get("Traceparent"),
		})
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Legacy", "yes")
		fmt.Fprint(w, `{"events":[{"status":"in transit"}]}`)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func (s *legacyStub) last(t *testing.T) forwarded {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.got) == 0 {
		t.Fatal("the legacy backend got no request")
	}
	return s.got[len(s.got)-1]
}

func (s *legacyStub) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

// writeFiles copies testdata/<from>/*.go into the project's <to> folder.
func writeFiles(t *testing.T, dir, from, to string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", from, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/%s/*.go (err %v)", from, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goOutput runs the go command in dir and returns its output.
func goOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %v in %s: %v\n%s", args, dir, err, out)
	}
	return string(out)
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
