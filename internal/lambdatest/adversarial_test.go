package lambdatest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

// allowedOrigin is the one browser origin the print-shop projects of
// TestLocalServer allow (lambdatest.WithCORSOrigins).
const allowedOrigin = "https://app.print-shop.example"

// adversarial is one hostile request of the table test. A function row is
// sent to the function under the Lambda emulator (as API Gateway's event)
// and to the local server: both must answer want, with the same body and
// the same Content-Type, Allow, WWW-Authenticate and CORS headers. A legacy
// row names an operation an existing HTTP backend serves, which the
// function never sees (API Gateway proxies it): it goes to the local
// server only, must answer want, and a refused one must not reach the
// backend. That is the one documented difference.
//
// Rows are plain data: other work appends its own to adversarialRequests.
type adversarial struct {
	name   string
	r      req
	want   int
	legacy bool
}

// withOrigin returns r sent by a browser page of origin.
func withOrigin(r req, origin string) req {
	h := map[string]string{"Origin": origin}
	for k, v := range r.header {
		h[k] = v
	}
	r.header = h
	return r
}

// adversarialRequests are the table's rows (issue 12).
func adversarialRequests() []adversarial {
	products := func(q url.Values) req {
		return req{method: "GET", path: "/products", query: q, anonymous: true}
	}
	getOrder := req{method: "GET", path: "/orders/ord_abc123def456"}
	track := func(path string) req { return req{method: "GET", path: "/shipments/" + path} }
	quote := func(ct, body string) req {
		return req{method: "POST", path: "/quotes", header: map[string]string{"Content-Type": ct}, body: body}
	}
	return []adversarial{
		// Item 4: a single-valued query parameter given twice is refused, whatever the order.
		{name: "repeated limit, small first", r: products(url.Values{"limit": {"1", "1000"}}), want: http.StatusBadRequest},
		{name: "repeated limit, large first", r: products(url.Values{"limit": {"1000", "1"}}), want: http.StatusBadRequest},
		{name: "repeated limit, same value", r: products(url.Values{"limit": {"5", "5"}}), want: http.StatusBadRequest},
		{name: "repeated non-exploded array", r: req{method: "GET", path: "/orders", query: url.Values{"status": {"pending", "shipped"}}}, want: http.StatusBadRequest},
		{name: "one limit", r: products(url.Values{"limit": {"1"}}), want: http.StatusOK},
		// Item 17: CORS headers on real answers, errors included, for allowed origins only.
		{name: "CORS: allowed origin, success", r: withOrigin(products(url.Values{"limit": {"2"}}), allowedOrigin), want: http.StatusOK},
		{name: "CORS: allowed origin, 400", r: withOrigin(products(url.Values{"limit": {"ten"}}), allowedOrigin), want: http.StatusBadRequest},
		{name: "CORS: allowed origin, 401", r: withOrigin(req{method: "GET", path: "/orders/ord_abc123def456", anonymous: true}, allowedOrigin), want: http.StatusUnauthorized},
		{name: "CORS: allowed origin, 403", r: withOrigin(req{method: "GET", path: "/orders/ord_abc123def456", scopes: []string{"print-shop/catalog/read"}}, allowedOrigin), want: http.StatusForbidden},
		{name: "CORS: allowed origin, 404", r: withOrigin(req{method: "GET", path: "/nope"}, allowedOrigin), want: http.StatusNotFound},
		{name: "CORS: other origin", r: withOrigin(getOrder, "https://evil.example"), want: http.StatusOK},
		{name: "CORS: origin that extends an allowed one", r: withOrigin(getOrder, allowedOrigin+".evil.example"), want: http.StatusOK},
		{name: "CORS: null origin", r: withOrigin(getOrder, "null"), want: http.StatusOK},
		// Items 11 and 12: legacy operations are checked like the function's, locally.
		{name: "legacy: dot-dot segment", r: track(".."), want: http.StatusBadRequest, legacy: true},
		{name: "legacy: encoded dot-dot segment", r: track("%2e%2E"), want: http.StatusBadRequest, legacy: true},
		{name: "legacy: encoded slash", r: track("1Z999AA1%2F..%2Fadmin"), want: http.StatusBadRequest, legacy: true},
		{name: "legacy: encoded backslash", r: track("1Z999AA1%5C..%5Cadmin"), want: http.StatusBadRequest, legacy: true},
		{name: "legacy: path parameter against its pattern", r: track("lowercase-1"), want: http.StatusBadRequest, legacy: true},
		{name: "legacy: body against its schema", r: quote("application/json", `{"productId":"not-a-uuid","quantity":0}`), want: http.StatusBadRequest, legacy: true},
		{name: "legacy: body missing", r: quote("application/json", ""), want: http.StatusBadRequest, legacy: true},
		{name: "legacy: body not JSON", r: quote("text/plain", `{"productId":"3f6c1a52-8d1e-4c53-9a57-0b8f5f2b6a11","quantity":250}`), want: http.StatusUnsupportedMediaType, legacy: true},
		{name: "legacy: valid", r: track("1Z999AA10123456784"), want: http.StatusOK, legacy: true},
	}
}

// corsHeaders are the answer headers a browser's CORS check reads.
var corsHeaders = []string{"Access-Control-Allow-Origin", "Vary"}

// runAdversarial sends every row of adversarialRequests to fn and srv.
func runAdversarial(t *testing.T, fn gateway, srv *localClient, idp *identityProvider, stub *legacyStub) {
	for _, c := range adversarialRequests() {
		n := stub.count()
		got := srv.send(t, c.r, idp.token(t, c.r))
		if got.status != c.want {
			t.Errorf("%s (%s %s): local server answered %d %s, want %d", c.name, c.r.method, c.r.path, got.status, got.body, c.want)
		}
		if c.legacy {
			if c.want >= 400 && stub.count() != n {
				t.Errorf("%s (%s %s): the refused request reached the legacy backend", c.name, c.r.method, c.r.path)
			}
			if c.want >= 400 {
				got.problem(t, c.want)
			}
			continue
		}
		want := fn.call(t, c.r)
		if want.status != c.want {
			t.Errorf("%s (%s %s): the function answered %d %s, want %d", c.name, c.r.method, c.r.path, want.status, want.body, c.want)
		}
		if got.status != want.status || !bytes.Equal(got.body, want.body) {
			t.Errorf("%s (%s %s):\nlocal:    %d %s\nfunction: %d %s", c.name, c.r.method, c.r.path, got.status, got.body, want.status, want.body)
		}
		for _, h := range append([]string{"Content-Type", "Allow", "Www-Authenticate"}, corsHeaders...) {
			if g, w := got.header[h], canonical(want.header)[h]; g != w {
				t.Errorf("%s (%s %s): %s = %q locally, %q from the function", c.name, c.r.method, c.r.path, h, g, w)
			}
		}
	}
}

// TestAdversarialRowsMeanSomething keeps the table honest without running
// anything: every row expects a definite status, the CORS rows send an
// Origin, and the legacy rows name legacy paths.
func TestAdversarialRowsMeanSomething(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range adversarialRequests() {
		if seen[c.name] {
			t.Errorf("two rows are named %q", c.name)
		}
		seen[c.name] = true
		if c.want < 200 || c.want > 599 {
			t.Errorf("%s: want %d is not a status", c.name, c.want)
		}
		if strings.HasPrefix(c.name, "CORS") && c.r.header["Origin"] == "" {
			t.Errorf("%s: a CORS row sends no Origin", c.name)
		}
		isLegacy := strings.HasPrefix(c.r.path, "/shipments/") || c.r.path == "/quotes"
		if c.legacy != isLegacy {
			t.Errorf("%s: legacy = %t for %s", c.name, c.legacy, c.r.path)
		}
	}
}

// browserSequence plays a page of allowedOrigin calling getOrder with a
// token, as a browser does: first the preflight, which the gateway answers
// (locally the local server; deployed the definition's OPTIONS method, or
// the HTTP API's CORS configuration, which must allow the same), then the
// request, whose answer carries Access-Control-Allow-Origin and Vary: Origin
// from the function under the emulator and from the local server alike.
func browserSequence(t *testing.T, kind model.APIKind, dir string, fn gateway, srv *localClient, idp *identityProvider) {
	preflight := func(origin string) resp {
		return srv.send(t, req{method: "OPTIONS", path: "/orders/ord_abc123def456", header: map[string]string{
			"Origin": origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}}, "")
	}
	pre := preflight(allowedOrigin)
	if pre.status != http.StatusNoContent || pre.header["Access-Control-Allow-Origin"] != allowedOrigin || pre.header["Access-Control-Max-Age"] != "600" ||
		!listHas(pre.header["Access-Control-Allow-Methods"], "GET") || !listHas(pre.header["Access-Control-Allow-Headers"], "Authorization") ||
		!listHas(pre.header["Vary"], "Origin") {
		t.Errorf("local preflight from %s = %d %v, want 204 allowing the origin, GET and Authorization", allowedOrigin, pre.status, pre.header)
	}
	if other := preflight("https://evil.example"); other.header["Access-Control-Allow-Origin"] != "" {
		t.Errorf("local preflight from another origin allows it: %v", other.header)
	}
	// The deployed gateway's preflight allows the same methods and headers.
	raw, err := os.ReadFile(filepath.Join(dir, "deploy", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var def map[string]any
	if err := yaml.Unmarshal(raw, &def); err != nil {
		t.Fatal(err)
	}
	if kind == model.REST {
		params := dig(def, "paths", "/orders/{orderId}", "options", "x-amazon-apigateway-integration", "responses", "default", "responseParameters")
		for h, local := range map[string]string{"Access-Control-Allow-Methods": pre.header["Access-Control-Allow-Methods"], "Access-Control-Allow-Headers": pre.header["Access-Control-Allow-Headers"]} {
			if got := params["method.response.header."+h]; got != "'"+local+"'" {
				t.Errorf("the deployed preflight's %s is %v, the local server's %q", h, got, local)
			}
		}
	} else {
		cors := dig(def, "x-amazon-apigateway-cors")
		if origins := fmt.Sprint(cors["allowOrigins"]); !strings.Contains(origins, allowedOrigin) || !strings.Contains(fmt.Sprint(cors["allowMethods"]), "GET") {
			t.Errorf("the HTTP API's CORS configuration %v does not allow %s and GET", cors, allowedOrigin)
		}
	}
	// The request itself, with the token the preflight cleared.
	get := withOrigin(req{method: "GET", path: "/orders/ord_abc123def456", template: "/orders/{orderId}", pathParams: map[string]string{"orderId": "ord_abc123def456"}}, allowedOrigin)
	for name, res := range map[string]resp{"local server": srv.send(t, get, idp.token(t, get)), "function": fn.call(t, get)} {
		h := canonical(res.header)
		if res.status != http.StatusOK || h["Access-Control-Allow-Origin"] != allowedOrigin || !listHas(h["Vary"], "Origin") {
			t.Errorf("%s: GET from %s = %d %v, want 200 with Access-Control-Allow-Origin and Vary: Origin", name, allowedOrigin, res.status, res.header)
		}
	}
}

// listHas reports whether the comma-separated list holds s (any case).
func listHas(list, s string) bool {
	for _, x := range strings.Split(list, ",") {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

// dig walks nested maps by keys; a missing key gives an empty map.
func dig(v any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}
