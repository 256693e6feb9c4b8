// Secure-default behaviour of a generated print-shop function, dropped into
// its api package (module example.com/securesvc) by
// generator/secure_test.go (TestSecureLambdaBehaviour), which also writes
// testdata/operations.json: every operation, a well-formed request of it,
// and the scopes it needs. SECURITY.md names these tests.
package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/securesvc/api"
	"example.com/securesvc/handlers"
)

type operation struct {
	Method, Path, Template string
	PathParams             map[string]string
	Query                  string
	Headers                map[string]string
	Body                   string
	Public                 bool
	Alternatives           [][]string
}

func operations(t *testing.T) []operation {
	t.Helper()
	data, err := os.ReadFile("testdata/operations.json")
	if err != nil {
		t.Fatal(err)
	}
	var ops []operation
	if err := json.Unmarshal(data, &ops); err != nil {
		t.Fatal(err)
	}
	if len(ops) == 0 {
		t.Fatal("no operations")
	}
	return ops
}

// answer is a response of either payload format.
type answer struct {
	status  int
	headers map[string]string
	body    string
}

// call sends one request through both payload formats, with the token's
// scopes (nil: no authorizer claims at all) and extra headers.
func call(t *testing.T, h api.Handler, op operation, scopes []string, headers map[string]string, body string, b64 bool) []answer {
	t.Helper()
	hs := map[string]string{}
	for k, v := range op.Headers {
		hs[k] = v
	}
	for k, v := range headers {
		hs[k] = v
	}
	query, _ := url.ParseQuery(op.Query)
	rest := events.APIGatewayProxyRequest{HTTPMethod: op.Method, Path: op.Path, Resource: op.Template,
		PathParameters: op.PathParams, Headers: hs, Body: body, IsBase64Encoded: b64,
		MultiValueQueryStringParameters: query}
	if scopes != nil {
		rest.RequestContext.Authorizer = map[string]any{"claims": map[string]any{
			"sub": "user-1", "token_use": "access", "scope": strings.Join(scopes, " ")}}
	}
	httpEv := events.APIGatewayV2HTTPRequest{Version: "2.0", RouteKey: op.Method + " " + op.Template, RawPath: op.Path,
		RawQueryString: op.Query, PathParameters: op.PathParams, Body: body, IsBase64Encoded: b64, Headers: map[string]string{}}
	for k, v := range hs {
		httpEv.Headers[strings.ToLower(k)] = v
	}
	httpEv.RequestContext.HTTP.Method = op.Method
	httpEv.RequestContext.HTTP.Path = op.Path
	if scopes != nil {
		httpEv.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{
				Claims: map[string]string{"sub": "user-1", "token_use": "access", "scope": strings.Join(scopes, " ")},
				Scopes: scopes,
			},
		}
	}
	r1, err := api.NewRESTHandler(h)(context.Background(), rest)
	if err != nil {
		t.Fatalf("REST handler error: %v", err)
	}
	r2, err := api.NewHTTPHandler(h)(context.Background(), httpEv)
	if err != nil {
		t.Fatalf("HTTP API handler error: %v", err)
	}
	decode := func(body string, b64 bool) string {
		if !b64 {
			return body
		}
		b, err := base64.StdEncoding.DecodeString(body)
		if err != nil {
			t.Fatalf("bad base64 body: %v", err)
		}
		return string(b)
	}
	return []answer{
		{r1.StatusCode, r1.Headers, decode(r1.Body, r1.IsBase64Encoded)},
		{r2.StatusCode, r2.Headers, decode(r2.Body, r2.IsBase64Encoded)},
	}
}

var formats = []string{"REST", "HTTP API"}

func service(t *testing.T) *handlers.Service {
	t.Helper()
	svc, err := handlers.New()
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestScopesCheckedAgain: the function checks every operation's scopes
// itself, with OpenAPI's meaning (all scopes of one alternative): 401
// without a token, 403 with a token that lacks one needed scope, through
// when the token has them; public operations need no token.
func TestScopesCheckedAgain(t *testing.T) {
	svc := service(t)
	protected := 0
	for _, op := range operations(t) {
		name := op.Method + " " + op.Template
		noToken := call(t, svc, op, nil, nil, op.Body, false)
		for i, a := range noToken {
			switch {
			case op.Public && (a.status == 401 || a.status == 403):
				t.Errorf("%s (%s): public operation answered %d without a token", name, formats[i], a.status)
			case !op.Public && a.status != 401:
				t.Errorf("%s (%s): %d without a token, want 401", name, formats[i], a.status)
			}
		}
		if op.Public {
			continue
		}
		protected++
		anyToken := false
		for _, alt := range op.Alternatives {
			anyToken = anyToken || len(alt) == 0
		}
		for i, a := range call(t, svc, op, []string{"unrelated/scope"}, nil, op.Body, false) {
			if anyToken && (a.status == 401 || a.status == 403) {
				t.Errorf("%s (%s): needs only a token, answered %d", name, formats[i], a.status)
			}
			if !anyToken && a.status != 403 {
				t.Errorf("%s (%s): %d with a token lacking its scopes, want 403", name, formats[i], a.status)
			}
		}
		for _, alt := range op.Alternatives {
			if len(alt) >= 2 && !anyToken {
				for i, a := range call(t, svc, op, alt[:len(alt)-1], nil, op.Body, false) {
					if a.status != 403 {
						t.Errorf("%s (%s): %d with all scopes but %s, want 403 (OpenAPI requires every scope)", name, formats[i], a.status, alt[len(alt)-1])
					}
				}
			}
			for i, a := range call(t, svc, op, alt, nil, op.Body, false) {
				if a.status == 401 || a.status == 403 {
					t.Errorf("%s (%s): %d with scopes %v, which the spec asks for", name, formats[i], a.status, alt)
				}
			}
		}
	}
	if protected == 0 {
		t.Fatal("no protected operation: the test proves nothing")
	}
}

// failing makes two public print-shop operations fail the worst ways.
type failing struct{ *handlers.Service }

const secret = "secret-detail password=hunter2 at /srv/app/db.go:42"

func (failing) GetHealth(context.Context, *api.GetHealthRequest) (api.GetHealthResponse, error) {
	panic(secret)
}

func (failing) ListProducts(context.Context, *api.ListProductsRequest) (api.ListProductsResponse, error) {
	return api.ListProductsResponse{}, errors.New(secret)
}

func find(t *testing.T, method, template string) operation {
	t.Helper()
	for _, op := range operations(t) {
		if op.Method == method && op.Template == template {
			return op
		}
	}
	t.Fatalf("no operation %s %s", method, template)
	return operation{}
}

var internals = []string{"secret", "hunter2", "goroutine", ".go:", "panic", "runtime error", "Go struct", "json: ", "api.", "unmarshal"}

func checkProblem(t *testing.T, what string, a answer, status int) {
	t.Helper()
	if a.status != status {
		t.Errorf("%s: status %d, want %d (%s)", what, a.status, status, a.body)
	}
	if ct := a.headers["Content-Type"]; ct != "application/problem+json" {
		t.Errorf("%s: Content-Type %q, want application/problem+json", what, ct)
	}
	for _, leak := range internals {
		if strings.Contains(a.body, leak) {
			t.Errorf("%s: error body reveals %q: %s", what, leak, a.body)
		}
	}
}

// TestErrorsRevealNothing: a handler panic and a handler error become a
// 500 problem with no message, stack or file name; malformed and mistyped
// JSON bodies get a 400 that names the place, not Go's types.
func TestErrorsRevealNothing(t *testing.T) {
	h := failing{service(t)}
	for i, a := range call(t, h, find(t, "GET", "/health"), nil, nil, "", false) {
		checkProblem(t, "panicking handler ("+formats[i]+")", a, http.StatusInternalServerError)
	}
	products := find(t, "GET", "/products")
	products.Query = "" // every parameter is optional
	for i, a := range call(t, h, products, nil, nil, "", false) {
		checkProblem(t, "failing handler ("+formats[i]+")", a, http.StatusInternalServerError)
	}
	order := find(t, "POST", "/orders")
	for _, body := range []string{`{"lines": [`, `{"lines": "not a list", "shippingAddress": 7}`} {
		for i, a := range call(t, h, order, order.Alternatives[0], nil, body, false) {
			checkProblem(t, "bad body "+body+" ("+formats[i]+")", a, http.StatusBadRequest)
		}
	}
}

// logs captures what the function logs.
var logs struct {
	sync.Mutex
	bytes.Buffer
}

type logWriter struct{}

func (logWriter) Write(p []byte) (int, error) {
	logs.Lock()
	defer logs.Unlock()
	return logs.Buffer.Write(p)
}

// TestAuthorizationNeverLogged: requests carrying a bearer token and a
// session cookie go down every failing path (panic, handler error, 401,
// 403, 400, 404, 413); neither credential appears in any log line or any
// response, while the panic itself is logged for the operators.
func TestAuthorizationNeverLogged(t *testing.T) {
	slog.SetDefault(slog.New(slog.NewJSONHandler(logWriter{}, &slog.HandlerOptions{Level: slog.LevelDebug})))
	log.SetOutput(logWriter{})
	const tok, cookie = "eyJhbGciOiJSUzI1NiJ9.bearer-credential-1234567890", "session-credential-0987654321"
	creds := map[string]string{"Authorization": "Bearer " + tok, "Cookie": "session=" + cookie}
	h := failing{service(t)}
	order := find(t, "POST", "/orders")
	var answers []answer
	answers = append(answers, call(t, h, find(t, "GET", "/health"), nil, creds, "", false)...)
	products := find(t, "GET", "/products")
	products.Query = ""
	answers = append(answers, call(t, h, products, nil, creds, "", false)...)
	answers = append(answers, call(t, h, order, nil, creds, order.Body, false)...)
	answers = append(answers, call(t, h, order, []string{"unrelated/scope"}, creds, order.Body, false)...)
	answers = append(answers, call(t, h, order, order.Alternatives[0], creds, `{"lines": [`, false)...)
	answers = append(answers, call(t, h, operation{Method: "GET", Path: "/nowhere", Template: "/nowhere"}, nil, creds, "", false)...)
	answers = append(answers, call(t, h, order, order.Alternatives[0], creds, strings.Repeat(" ", api.MaxBodyBytes+1), false)...)
	logs.Lock()
	logged := logs.String()
	logs.Unlock()
	if !strings.Contains(logged, "secret-detail") {
		t.Fatalf("the panic was not logged, so this test cannot see the logs:\n%s", logged)
	}
	for _, c := range []string{tok, cookie, "bearer-credential"} {
		if strings.Contains(logged, c) {
			t.Errorf("a credential was logged:\n%s", logged)
		}
		for _, a := range answers {
			if strings.Contains(a.body, c) || strings.Contains(strings.Join(values(a.headers), " "), c) {
				t.Errorf("a credential is in a response (%d): %s", a.status, a.body)
			}
		}
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestBodySizeLimit: a body over api.MaxBodyBytes is refused with 413
// before anything reads it, plain or base64-encoded; a body of exactly the
// limit is not refused for its size.
func TestBodySizeLimit(t *testing.T) {
	svc := service(t)
	order := find(t, "POST", "/orders")
	scopes := order.Alternatives[0]
	big := strings.Repeat(" ", api.MaxBodyBytes+1)
	for i, a := range call(t, svc, order, scopes, nil, big, false) {
		checkProblem(t, "oversized body ("+formats[i]+")", a, http.StatusRequestEntityTooLarge)
	}
	for i, a := range call(t, svc, order, scopes, nil, base64.StdEncoding.EncodeToString([]byte(big)), true) {
		checkProblem(t, "oversized base64 body ("+formats[i]+")", a, http.StatusRequestEntityTooLarge)
	}
	for i, a := range call(t, svc, order, scopes, nil, strings.Repeat(" ", api.MaxBodyBytes), false) {
		if a.status == http.StatusRequestEntityTooLarge {
			t.Errorf("a body of exactly MaxBodyBytes was refused (%s)", formats[i])
		}
	}
}

// TestMalformedQueryRefused: an HTTP API query string with a pair that
// does not parse is refused (400), never read with that pair dropped, so
// a malformed repeat cannot dodge the check of a single-valued parameter.
func TestMalformedQueryRefused(t *testing.T) {
	svc := service(t)
	for _, op := range operations(t) {
		var scopes []string
		if !op.Public {
			scopes = op.Alternatives[0]
		}
		for _, q := range []string{"zz=%zz", "a=1;", "a=1&a=%gg"} {
			op.Query = q
			got := call(t, svc, op, scopes, nil, op.Body, false)[1] // HTTP API: REST events carry decoded values
			checkProblem(t, op.Method+" "+op.Path+"?"+q+" (HTTP API)", got, http.StatusBadRequest)
		}
	}
}
