package lambdatest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/lambdatest"
)

// module is the generated project's module path; the handler files in
// testdata/handlers import its api package.
const module = "example.com/printshop"

var printShop = filepath.Join("..", "..", "testdata", "print-shop.yaml")

// TestPrintShopUnderEmulator generates print-shop for each API kind, writes
// the team's handler files for a few operations, builds the bootstrap, and
// invokes it under the real AWS Lambda Runtime Interface Emulator with the
// events API Gateway sends. Then it regenerates into the same directory:
// the team's files stay byte-for-byte, and the rebuilt function still works.
func TestPrintShopUnderEmulator(t *testing.T) {
	for _, kind := range []model.APIKind{model.REST, model.HTTP} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			dir := t.TempDir()
			lambdatest.GenerateProject(t, printShop, lambdatest.WithDir(dir), lambdatest.WithAPI(kind), lambdatest.WithModule(module))
			mine := writeHandlers(t, dir)
			fn := gateway{kind: kind, emu: lambdatest.StartEmulator(t, lambdatest.BuildBootstrap(t, dir))}

			t.Run("request ids and the request log", func(t *testing.T) { checkRequestLog(t, fn, fn.emu.Output) }) // requestlog_test.go
			t.Run("stub answers 501", func(t *testing.T) {
				res := fn.call(t, req{method: "GET", path: "/orders/ord_abc123def456", template: "/orders/{orderId}", pathParams: map[string]string{"orderId": "ord_abc123def456"}})
				p := res.problem(t, http.StatusNotImplemented)
				if !strings.Contains(p.Detail, "not implemented") {
					t.Errorf("detail = %q, want it to say the operation is not implemented", p.Detail)
				}
			})
			t.Run("no token answers 401, missing scope 403, public needs none", func(t *testing.T) {
				getOrder := req{method: "GET", path: "/orders/ord_abc123def456", template: "/orders/{orderId}", pathParams: map[string]string{"orderId": "ord_abc123def456"}}
				r := getOrder
				r.anonymous = true
				res := fn.call(t, r)
				res.problem(t, http.StatusUnauthorized)
				if res.header["WWW-Authenticate"] != "Bearer" {
					t.Errorf("401 WWW-Authenticate = %q, want Bearer", res.header["WWW-Authenticate"])
				}
				r = getOrder
				r.scopes = []string{"print-shop/orders/write", "print-shop/catalog/read"}
				fn.call(t, r).problem(t, http.StatusForbidden)
				r.scopes = []string{"orders/read"} // the spec's name, not Cognito's full name
				fn.call(t, r).problem(t, http.StatusForbidden)
				r.scopes = []string{"print-shop/orders/read"}
				fn.call(t, r).problem(t, http.StatusNotImplemented) // past the scope check, into the stub
				health := req{method: "GET", path: "/health", template: "/health", anonymous: true}
				fn.call(t, health).problem(t, http.StatusNotImplemented)
			})
			t.Run("unknown path answers 404", func(t *testing.T) {
				for _, path := range []string{"/nope", "/products/123/extra", "/"} {
					fn.call(t, req{method: "GET", path: path}).problem(t, http.StatusNotFound)
				}
			})
			t.Run("wrong method answers 405 with Allow", func(t *testing.T) {
				for path, want := range map[string]string{
					"/products/3f6c1a52-8d1e-4c53-9a57-0b8f5f2b6a11": "DELETE, GET, PUT",
					"/health": "GET",
					"/orders": "GET, POST",
				} {
					res := fn.call(t, req{method: "PATCH", path: path})
					res.problem(t, http.StatusMethodNotAllowed)
					if got := sortedList(res.header["Allow"]); got != want {
						t.Errorf("PATCH %s: Allow = %q, want %q", path, res.header["Allow"], want)
					}
				}
			})

			const id = "3f6c1a52-8d1e-4c53-9a57-0b8f5f2b6a11"
			newProduct := `{"sku":"BC-0001","name":"Linen business cards","category":"business-cards","price":{"amount":25,"currency":"EUR"},"dimensions":{"widthMm":85,"heightMm":55},"tags":["premium","linen"]}`
			replace := req{
				method: "PUT", path: "/products/" + id, template: "/products/{productId}", pathParams: map[string]string{"productId": id},
				header: map[string]string{"If-Match": `"v7"`, "Content-Type": "application/json"},
				body:   newProduct,
			}
			checkReplace := func(t *testing.T, res resp) {
				t.Helper()
				var got struct {
					Name       string            `json:"name"`
					Sku        string            `json:"sku"`
					Category   string            `json:"category"`
					Attributes map[string]string `json:"attributes"`
				}
				res.json(t, http.StatusOK, "application/json", &got)
				want := map[string]string{"productId": id, "ifMatch": `"v7"`, "rawBody": newProduct}
				if got.Name != "Linen business cards" || got.Sku != "BC-0001" || got.Category != "business-cards" || !maps.Equal(got.Attributes, want) {
					t.Errorf("body = %+v, want the request's path, header and body echoed (%v)", got, want)
				}
			}
			t.Run("implemented handler: routed by API Gateway's route", func(t *testing.T) {
				r := replace
				r.basePath = true // the raw path carries the base path: only the route can match
				checkReplace(t, fn.call(t, r))
			})
			t.Run("implemented handler: routed by API Gateway's route on a named stage", func(t *testing.T) {
				r := replace
				r.stage = true
				checkReplace(t, fn.call(t, r))
			})
			t.Run("implemented handler: routed by the raw path", func(t *testing.T) {
				r := replace
				r.template, r.pathParams = "", nil
				checkReplace(t, fn.call(t, r))
			})
			t.Run("implemented handler: routed by the raw path behind {proxy+}", func(t *testing.T) {
				r := replace
				r.template, r.pathParams, r.proxy = "", nil, true
				checkReplace(t, fn.call(t, r))
			})
			t.Run("implemented handler: routed by the raw path behind {proxy+} on a named stage", func(t *testing.T) {
				r := replace
				r.template, r.pathParams, r.proxy, r.stage = "", nil, true, true
				checkReplace(t, fn.call(t, r))
			})
			t.Run("implemented handler: base64 body", func(t *testing.T) {
				r := replace
				r.base64 = true
				checkReplace(t, fn.call(t, r))
			})
			t.Run("implemented handler: typed alternative answer", func(t *testing.T) {
				r := replace
				r.header = map[string]string{"If-Match": "stale"}
				p := fn.call(t, r).problem(t, http.StatusPreconditionFailed)
				if p.Detail != "the product changed since stale" {
					t.Errorf("detail = %q, want the handler's", p.Detail)
				}
			})
			t.Run("missing required header answers 400 naming it", func(t *testing.T) {
				r := replace
				r.header = map[string]string{"Content-Type": "application/json"}
				p := fn.call(t, r).problem(t, http.StatusBadRequest)
				p.wantError(t, "header", "If-Match")
			})
			t.Run("POST with a base64 JSON body", func(t *testing.T) {
				res := fn.call(t, req{method: "POST", path: "/products", template: "/products", header: map[string]string{"Content-Type": "application/json"}, body: newProduct, base64: true})
				var got map[string]any
				res.json(t, http.StatusCreated, "application/json", &got)
				var want map[string]any
				if err := json.Unmarshal([]byte(newProduct), &want); err != nil {
					t.Fatal(err)
				}
				for k, v := range want {
					if !reflect.DeepEqual(got[k], v) {
						t.Errorf("created product %q = %v, want the request's %v", k, got[k], v)
					}
				}
			})
			t.Run("defaults are applied before the handler", func(t *testing.T) {
				res := fn.call(t, req{method: "POST", path: "/products", template: "/products", header: map[string]string{"Content-Type": "application/json"}, body: newProduct})
				var got struct {
					Paper string `json:"paper"`
				}
				res.json(t, http.StatusCreated, "application/json", &got)
				if got.Paper != "matte" {
					t.Errorf("paper = %q, want the spec's default \"matte\"", got.Paper)
				}
			})
			placeOrder := req{method: "POST", path: "/orders", template: "/orders",
				header: map[string]string{"Content-Type": "application/json", "Idempotency-Key": "key-0123456789abcdef"}}
			t.Run("valid placeOrder body reaches the handler", func(t *testing.T) {
				r := placeOrder
				r.body = `{"customerEmail":"ann@example.com","lines":[{"productId":"3f6c1a52-8d1e-4c53-9a57-0b8f5f2b6a11","quantity":250,"finish":"foil"}],` +
					`"shipTo":{"name":"Ann","line1":"1 Main St","city":"Leeds","postalCode":"LS1 4AP","country":"GB"},"payment":{"type":"card","token":"tok_12345678"}}`
				var got struct {
					Status string `json:"status"`
					Total  struct {
						Amount float64 `json:"amount"`
					} `json:"total"`
					Payment map[string]any `json:"payment"`
				}
				fn.call(t, r).json(t, http.StatusCreated, "application/json", &got)
				if got.Status != "pending" || got.Total.Amount != 250 || got.Payment["token"] != "tok_12345678" {
					t.Errorf("order = %+v, want the request's lines and payment echoed", got)
				}
			})
			t.Run("invalid placeOrder body answers 400 naming every violation", func(t *testing.T) {
				r := placeOrder
				r.body = `{"customerEmail":"not-an-email","lines":[],"shipTo":{"name":"","line1":"1 Main St","city":"Leeds","postalCode":"LS1 4AP","country":"gb"},` +
					`"payment":{"type":"cheque"},"notes":"x","extra":1}`
				p := fn.call(t, r).problem(t, http.StatusBadRequest)
				got := map[string]bool{}
				for _, e := range p.Errors {
					if e.In != "body" {
						t.Errorf("error %+v: in = %q, want body", e, e.In)
					}
					if e.Message == "" {
						t.Errorf("error %+v has no message", e)
					}
					got[e.Pointer] = true
				}
				for _, ptr := range []string{"/customerEmail", "/lines", "/shipTo/name", "/shipTo/country", "/payment/type"} {
					if !got[ptr] {
						t.Errorf("no error points at %s; errors: %+v", ptr, p.Errors)
					}
				}
			})
			t.Run("malformed JSON 400, wrong Content-Type 415, never 500", func(t *testing.T) {
				r := placeOrder
				r.body = `{"customerEmail":`
				fn.call(t, r).problem(t, http.StatusBadRequest)
				r.header = map[string]string{"Content-Type": "text/plain", "Idempotency-Key": "key-0123456789abcdef"}
				r.body = `{}`
				fn.call(t, r).problem(t, http.StatusUnsupportedMediaType)
				// A JSON type the operation does not declare is refused too.
				r.header = map[string]string{"Content-Type": "application/merge-patch+json", "Idempotency-Key": "key-0123456789abcdef"}
				fn.call(t, r).problem(t, http.StatusUnsupportedMediaType)
			})
			t.Run("typed query parameters", func(t *testing.T) {
				res := fn.call(t, req{method: "GET", path: "/products", template: "/products", query: url.Values{"limit": {"3"}, "category": {"posters"}, "cursor": {"c/42 x"}}})
				var page struct {
					Items []struct {
						Sku      string `json:"sku"`
						Category string `json:"category"`
					} `json:"items"`
					NextCursor *string `json:"nextCursor"`
				}
				res.json(t, http.StatusOK, "application/json", &page)
				if len(page.Items) != 3 || page.Items[2].Sku != "SKU-0003" || page.Items[0].Category != "posters" || page.NextCursor == nil || *page.NextCursor != "c/42 x" {
					t.Errorf("page = %+v, want 3 posters and nextCursor %q", page, "c/42 x")
				}
			})
			t.Run("array query parameter", func(t *testing.T) {
				res := fn.call(t, req{method: "GET", path: "/orders", template: "/orders", query: url.Values{"status": {"shipped,pending"}, "placedAfter": {"2026-01-02T03:04:05Z"}}})
				var orders []struct {
					ID     string  `json:"id"`
					Status string  `json:"status"`
					Notes  *string `json:"notes"`
				}
				res.json(t, http.StatusOK, "application/json", &orders)
				if len(orders) != 2 || orders[0].Status != "shipped" || orders[1].Status != "pending" || orders[1].Notes == nil || *orders[1].Notes != "2026-01-02T03:04:05Z" {
					t.Errorf("orders = %+v, want shipped then pending, placedAfter echoed", orders)
				}
			})
			t.Run("bad integer answers 400 naming the parameter", func(t *testing.T) {
				res := fn.call(t, req{method: "GET", path: "/products", template: "/products", query: url.Values{"limit": {"ten"}}})
				p := res.problem(t, http.StatusBadRequest)
				p.wantError(t, "query", "limit")
			})
			t.Run("panic answers 500 without its message", func(t *testing.T) {
				res := fn.call(t, req{method: "DELETE", path: "/products/" + id, template: "/products/{productId}", pathParams: map[string]string{"productId": id}})
				res.problem(t, http.StatusInternalServerError)
				if bytes.Contains(res.body, []byte("hunter2")) || bytes.Contains(res.body, []byte("secret")) {
					t.Errorf("500 body leaks the panic: %s", res.body)
				}
				// The panic happened (it is logged, not answered).
				if !fn.emu.WaitOutput("hunter2", 5*time.Second) {
					t.Errorf("the function's log does not show the panic")
				}
			})
			if t.Failed() {
				return
			}
			t.Logf("first generation: %v", time.Since(start).Round(time.Millisecond))

			// Regenerate into the same directory: the team's files are kept.
			again := lambdatest.GenerateProject(t, printShop, lambdatest.WithDir(dir), lambdatest.WithAPI(kind), lambdatest.WithModule(module))
			for path, data := range mine {
				if !slices.Contains(again.Wrote.Skipped, path) {
					t.Errorf("regenerate: %s not reported as kept (skipped: %v)", path, again.Wrote.Skipped)
				}
				now, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
				if err != nil || !bytes.Equal(now, data) {
					t.Fatalf("regenerate changed the team's %s (err %v)", path, err)
				}
			}
			if len(again.Wrote.Created) > 0 {
				t.Errorf("regenerate created scaffold files %v; the spec did not change", again.Wrote.Created)
			}
			t.Run("no secret in the function's log", func(t *testing.T) { noSecrets(t, fn.emu.Output()) }) // requestlog_test.go
			var emu *lambdatest.Emulator
			t.Run("regenerated project builds and answers", func(t *testing.T) {
				emu = lambdatest.StartEmulator(t, lambdatest.BuildBootstrap(t, dir))
				checkReplace(t, gateway{kind: kind, emu: emu}.call(t, replace))
			})
			// The subtest's cleanup stopped the emulator and the function it ran.
			if emu != nil && !emu.Stopped() {
				t.Errorf("the emulator (process group %d) or its function is still running after cleanup", emu.PID())
			}
			t.Logf("total: %v", time.Since(start).Round(time.Millisecond))
		})
	}
}

// writeHandlers replaces the stubs of the operations the test implements
// with testdata/handlers/*.go and returns their contents by project path.
func writeHandlers(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "handlers", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/handlers/*.go (err %v)", err)
	}
	mine := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		path := "handlers/" + filepath.Base(f)
		dst := filepath.Join(dir, filepath.FromSlash(path))
		stub, err := os.ReadFile(dst)
		if err != nil {
			t.Fatalf("the generated project has no stub %s to implement: %v", path, err)
		}
		if !bytes.Contains(stub, []byte("ErrNotImplemented")) {
			t.Fatalf("%s is not a stub:\n%s", path, stub)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		mine[path] = data
	}
	return mine
}

// req is one HTTP request, to be turned into the event API Gateway sends.
type req struct {
	method     string
	path       string            // the resource path, without stage or base path
	template   string            // the route API Gateway matched; "" sends only the raw path
	pathParams map[string]string // API Gateway's pathParameters (with template)
	stage      bool              // deployed on the named stage "prod" (HTTP API: rawPath starts with /prod)
	basePath   bool              // called through a custom domain whose API mapping is "v1" (the path starts with /v1)
	proxy      bool              // without template: API Gateway matched a greedy /{proxy+} route, not one of ours
	query      url.Values
	header     map[string]string
	body       string
	base64     bool
	anonymous  bool     // no authorizer claims (a caller without a token)
	scopes     []string // the token's scopes; nil means every print-shop scope
}

// allScopes are every scope print-shop's operations ask for, as Cognito
// names them under the resource server "print-shop".
var allScopes = []string{"print-shop/catalog/read", "print-shop/catalog/write", "print-shop/orders/read",
	"print-shop/orders/write", "print-shop/offers/write", "print-shop/shipping/read"}

// claims are the token claims API Gateway's authorizer passes on, or nil.
func (r req) claims() map[string]string {
	if r.anonymous {
		return nil
	}
	scopes := r.scopes
	if scopes == nil {
		scopes = allScopes
	}
	return map[string]string{"sub": "alice", "token_use": "access", "scope": strings.Join(scopes, " "), "client_id": "web"}
}

// gateway invokes the function with the events of one API kind.
type gateway struct {
	kind model.APIKind
	emu  *lambdatest.Emulator
}

// resp is a function's answer of either payload format.
type resp struct {
	status int
	header map[string]string
	body   []byte
}

func (g gateway) call(t *testing.T, r req) resp {
	t.Helper()
	body := r.body
	if r.base64 {
		body = base64.StdEncoding.EncodeToString([]byte(r.body))
	}
	var out resp
	var err error
	switch g.kind {
	case model.REST:
		out, err = g.rest(t, r, body)
	case model.HTTP:
		out, err = g.http(t, r, body)
	default:
		t.Fatalf("unknown API kind %q", g.kind)
	}
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	return out
}

// rest sends a REST API (payload 1.0) event as API Gateway builds it: both
// single- and multi-value headers and query strings, resource and
// pathParameters when a resource matched.
func (g gateway) rest(t *testing.T, r req, body string) (resp, error) {
	path := r.path
	if r.basePath {
		path = "/v1" + path // the API mapping's key is part of path
	}
	// A REST API always runs on a named stage, which is part of
	// requestContext.path only; r.stage changes nothing here.
	const stage = "prod"
	e := events.APIGatewayProxyRequest{
		Resource:       r.template,
		Path:           path,
		HTTPMethod:     r.method,
		PathParameters: r.pathParams,
		Body:           body,

		IsBase64Encoded: r.base64,
		RequestContext: events.APIGatewayProxyRequestContext{
			ResourcePath: r.template, HTTPMethod: r.method, Path: "/" + stage + path, Stage: stage,
			RequestID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", AccountID: "123456789012",
		},
	}
	if c := r.claims(); c != nil {
		m := map[string]any{}
		for k, v := range c {
			m[k] = v
		}
		e.RequestContext.Authorizer = map[string]any{"claims": m}
	}
	if r.proxy {
		e.Resource = "/{proxy+}"
		e.RequestContext.ResourcePath = "/{proxy+}"
		e.PathParameters = map[string]string{"proxy": strings.TrimPrefix(path, "/")}
	}
	for k, v := range r.header {
		if e.Headers == nil {
			e.Headers, e.MultiValueHeaders = map[string]string{}, map[string][]string{}
		}
		e.Headers[k], e.MultiValueHeaders[k] = v, []string{v}
	}
	for k, vs := range r.query {
		if e.QueryStringParameters == nil {
			e.QueryStringParameters, e.MultiValueQueryStringParameters = map[string]string{}, map[string][]string{}
		}
		e.QueryStringParameters[k], e.MultiValueQueryStringParameters[k] = vs[len(vs)-1], vs
	}
	res := g.emu.InvokeREST(t, e)
	b, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
	return resp{status: res.StatusCode, header: res.Headers, body: b}, err
}

// http sends an HTTP API (payload 2.0) event as API Gateway builds it:
// lower-case header names, comma-joined values, the raw query string,
// routeKey and pathParameters when a route matched ("$default" otherwise).
func (g gateway) http(t *testing.T, r req, body string) (resp, error) {
	raw := r.path
	if r.basePath {
		raw = "/v1" + raw // the API mapping's key is part of rawPath
	}
	if r.stage {
		raw = "/prod" + raw // so is a named stage (not $default)
	}
	e := events.APIGatewayV2HTTPRequest{
		Version:         "2.0",
		RouteKey:        "$default",
		RawPath:         raw,
		RawQueryString:  r.query.Encode(),
		Body:            body,
		IsBase64Encoded: r.base64,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: "$default", AccountID: "123456789012", Stage: "$default", RequestID: "JKJaXmPLvHcESHA=",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: r.method, Path: raw, Protocol: "HTTP/1.1", SourceIP: "192.0.2.1", UserAgent: "lambdatest"},
		},
	}
	if r.stage {
		e.RequestContext.Stage = "prod"
	}
	if c := r.claims(); c != nil {
		e.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: c},
		}
	}
	if r.template != "" {
		e.RouteKey = r.method + " " + r.template
		e.RequestContext.RouteKey = e.RouteKey
		e.PathParameters = r.pathParams
	}
	if r.proxy {
		e.RouteKey = "ANY /{proxy+}"
		e.RequestContext.RouteKey = e.RouteKey
		e.PathParameters = map[string]string{"proxy": strings.TrimPrefix(r.path, "/")}
	}
	for k, v := range r.header {
		if e.Headers == nil {
			e.Headers = map[string]string{}
		}
		e.Headers[strings.ToLower(k)] = v
	}
	for k, vs := range r.query {
		if e.QueryStringParameters == nil {
			e.QueryStringParameters = map[string]string{}
		}
		e.QueryStringParameters[k] = strings.Join(vs, ",")
	}
	res := g.emu.InvokeHTTP(t, e)
	b, err := lambdatest.Body(res.Body, res.IsBase64Encoded)
	return resp{status: res.StatusCode, header: res.Headers, body: b}, err
}

// problemBody is an RFC 9457 problem as the generated router writes it.
type problemBody struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		In      string `json:"in"`
		Name    string `json:"name"`
		Pointer string `json:"pointer"`
		Keyword string `json:"keyword"`
		Message string `json:"message"`
	} `json:"errors"`
}

// json checks status and Content-Type, then decodes the body into v.
func (r resp) json(t *testing.T, status int, contentType string, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
	if ct := r.header["Content-Type"]; ct != contentType {
		t.Fatalf("Content-Type = %q, want %q; body: %s", ct, contentType, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body is not the expected JSON: %v: %s", err, r.body)
	}
}

// problem checks for an application/problem+json answer with this status.
func (r resp) problem(t *testing.T, status int) problemBody {
	t.Helper()
	var p problemBody
	r.json(t, status, "application/problem+json", &p)
	if p.Status != status || p.Title != http.StatusText(status) {
		t.Errorf("problem = %+v, want status %d and title %q", p, status, http.StatusText(status))
	}
	return p
}

// wantError checks that the problem lists an error about parameter name in in.
func (p problemBody) wantError(t *testing.T, in, name string) {
	t.Helper()
	for _, e := range p.Errors {
		if e.In == in && e.Name == name && e.Message != "" {
			return
		}
	}
	t.Errorf("problem errors %+v do not name %s parameter %q", p.Errors, in, name)
}

func sortedList(s string) string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
