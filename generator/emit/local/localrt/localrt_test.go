package localrt

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/specgate/specgate/generator/emit/lambda/rt"
	"github.com/specgate/specgate/generator/model"
)

// testSpec is a service of two operations; its API is the function
// runtime's own rules (package rt), as a generated project wires them.
func testSpec(httpAPI bool) *Spec {
	return &Spec{
		Name: "shop", HTTP: httpAPI, Stage: "v1", DevIssuer: "https://specgate.localhost/shop", ResourceServer: "shop",
		Operations: []Operation{
			{ID: "getOrder", Method: "GET", Template: "/orders/{id}", Segs: []Segment{{Prefix: "orders"}, {Param: true}}, Params: []string{"id"},
				Token: true, Scopes: [][]string{{"shop/orders/read"}}, CORS: &CORSRoute{Methods: "GET,OPTIONS", Headers: "Authorization"}},
			{ID: "health", Method: "GET", Template: "/health", Segs: []Segment{{Prefix: "health"}}},
		},
		CORSOrigins: []string{"https://app.example"},
		API: API{MaxBodyBytes: 16, RequestIDHeader: rt.RequestIDHeader, TraceparentHeader: rt.TraceparentHeader,
			RequestID: rt.RequestID, ValidTraceparent: rt.ValidTraceparent, BearerChallenge: rt.BearerChallenge,
			MissingScopesDetail: rt.MissingScopesDetail, ScopeClaim: rt.ScopeClaim, SetLogger: rt.SetLogger,
			CheckLegacyREST: func(e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, bool) {
				return rt.CheckLegacyREST(noLegacy, nil, e)
			},
			CheckLegacyHTTP: func(e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, bool) {
				return rt.CheckLegacyHTTP(noLegacy, nil, e)
			}},
	}
}

// noLegacy is a function's service with no legacy operations to check.
var noLegacy = rt.NewService(rt.Spec{MaxBodyBytes: 16})

// echo is a function answering with the event it got, as JSON.
func echo() (Function, *[]byte) {
	var last []byte
	reply := func(e any) (int, string) {
		last, _ = json.Marshal(e)
		return 200, string(last)
	}
	return Function{
		REST: func(_ context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			st, b := reply(e)
			return events.APIGatewayProxyResponse{StatusCode: st, Body: b}, nil
		},
		HTTP: func(_ context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			st, b := reply(e)
			return events.APIGatewayV2HTTPResponse{StatusCode: st, Body: b}, nil
		},
	}, &last
}

func serve(t *testing.T, s *Server, method, path string, h map[string]string, body string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range h {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Result()
}

func newServer(t *testing.T, spec *Spec, cfg Config) (*Server, *[]byte) {
	t.Helper()
	fn, last := echo()
	cfg.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	s, err := New(context.Background(), cfg, spec, fn)
	if err != nil {
		t.Fatal(err)
	}
	return s, last
}

// TestDevTokens: the token command signs a token the dev-mode server
// accepts; the scopes are checked as the function would (its 401 and 403
// come from the function, the server passes the verified claims on).
func TestDevTokens(t *testing.T) {
	for _, httpAPI := range []bool{false, true} {
		spec := testSpec(httpAPI)
		key := filepath.Join(t.TempDir(), "dev-key.json")
		token := func(args ...string) string {
			var out, errOut bytes.Buffer
			if code := tokenCommand(spec, append([]string{"--key", key}, args...), &out, &errOut); code != 0 {
				t.Fatalf("token %v: exit %d: %s", args, code, errOut.String())
			}
			return strings.TrimSpace(out.String())
		}
		s, last := newServer(t, spec, Config{Auth: AuthDev, KeyFile: key})
		res := serve(t, s, "GET", "/orders/42", map[string]string{"Authorization": "Bearer " + token("--scope", "orders/read")}, "")
		if res.StatusCode != 200 {
			t.Fatalf("http=%v: a dev token: %d", httpAPI, res.StatusCode)
		}
		ev := string(*last)
		for _, want := range []string{`"shop/orders/read"`, `"sub":"local-user"`} {
			if !strings.Contains(ev, want) {
				t.Errorf("http=%v: the event lacks %s: %s", httpAPI, want, ev)
			}
		}
		if httpAPI && !strings.Contains(ev, `"routeKey":"GET /orders/{id}"`) || !httpAPI && !strings.Contains(ev, `"resource":"/orders/{id}"`) {
			t.Errorf("http=%v: the event does not name the route: %s", httpAPI, ev)
		}
		if !httpAPI && !strings.Contains(ev, `"path":"/v1/orders/42"`) {
			t.Errorf("the REST event's request context does not name the stage: %s", ev)
		}
		res = serve(t, s, "GET", "/orders/42", map[string]string{"Authorization": "Bearer not.a.token"}, "")
		if res.StatusCode != 401 || !strings.Contains(res.Header.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("http=%v: a forged token: %d %v", httpAPI, res.StatusCode, res.Header)
		}
	}
}

func TestRequestIDCORSAndLimits(t *testing.T) {
	s, last := newServer(t, testSpec(false), Config{Auth: AuthOff})
	res := serve(t, s, "GET", "/health", map[string]string{rt.RequestIDHeader: "mine-1", "Origin": "https://app.example", "X-Specgate-Subject": "forged"}, "")
	if res.StatusCode != 200 || res.Header.Get(rt.RequestIDHeader) != "mine-1" || res.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Errorf("health: %d %v", res.StatusCode, res.Header)
	}
	if strings.Contains(string(*last), "forged") {
		t.Errorf("a caller's identity header reached the function: %s", *last)
	}
	res = serve(t, s, "GET", "/health", map[string]string{rt.RequestIDHeader: "bad id!", "Origin": "https://evil.example"}, "")
	if id := res.Header.Get(rt.RequestIDHeader); id == "bad id!" || len(id) != 32 || res.Header.Get("Access-Control-Allow-Origin") != "" || res.Header.Get("Vary") != "Origin" {
		t.Errorf("malformed id, unlisted origin: %v", res.Header)
	}
	res = serve(t, s, "OPTIONS", "/orders/1", map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}, "")
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Methods") != "GET,OPTIONS" || res.Header.Get("Access-Control-Max-Age") != corsMaxAge {
		t.Errorf("preflight: %d %v", res.StatusCode, res.Header)
	}
	// The body limit is the function's (API.MaxBodyBytes): the server reads
	// one byte more, and the function answers 413.
	serve(t, s, "GET", "/health", nil, strings.Repeat("x", 100))
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(*last, &ev); err != nil || len(ev.Body) != 17 {
		t.Errorf("body passed on: %d bytes (%v), want the limit + 1", len(ev.Body), err)
	}
}

func TestLegacyProxyRefusesEscapes(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.URL.EscapedPath() + " " + r.Header.Get("X-Specgate-Subject") + " " + r.Header.Get("Authorization")))
	}))
	defer backend.Close()
	spec := testSpec(false)
	spec.Backends = []Backend{{Name: "LegacyFilesURL", Host: "files.internal", URL: "https://files.internal"}}
	spec.LegacyDropHeaders = []string{"Authorization"}
	spec.Operations = append(spec.Operations, Operation{ID: "file", Method: "GET", Template: "/files/{name}", Segs: []Segment{{Prefix: "files"}, {Param: true}},
		Params: []string{"name"}, Legacy: &LegacyRoute{Backend: 0, Path: "/store/{name}", Params: []URIParam{{Name: "name", In: "path"}}}})
	s, _ := newServer(t, spec, Config{Auth: AuthOff, Legacy: map[string]string{"LegacyFilesURL": backend.URL}})
	res := serve(t, s, "GET", "/files/a.txt", map[string]string{"Authorization": "Basic c2VjcmV0"}, "")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "/store/a.txt  " {
		t.Errorf("proxied: %d %q, want the backend path without the caller's Authorization", res.StatusCode, body)
	}
	for _, p := range []string{"/files/..", "/files/a%2Fb", "/files/%2e%2e"} {
		if res := serve(t, s, "GET", p, nil, ""); res.StatusCode != 400 {
			t.Errorf("%s reached the backend: %d", p, res.StatusCode)
		}
	}
	if _, err := legacyBackends(spec.Backends, map[string]string{"Nope": "http://x"}); err == nil || !strings.Contains(err.Error(), "LegacyFilesURL (files.internal)") {
		t.Errorf("an unknown --legacy name: %v", err)
	}
}

// TestModelConstants: what the copied runtime spells itself is what the
// rest of specgate decides (one definition each, in package model).
func TestModelConstants(t *testing.T) {
	if subjectHeader != model.SubjectHeader || scopesHeader != model.ScopesHeader {
		t.Errorf("identity headers %s, %s; model says %s, %s", subjectHeader, scopesHeader, model.SubjectHeader, model.ScopesHeader)
	}
	if corsMaxAge != strconv.Itoa(model.CORSMaxAgeSeconds) {
		t.Errorf("corsMaxAge %s; model says %d", corsMaxAge, model.CORSMaxAgeSeconds)
	}
	var std []string
	for s := range model.StandardScopes {
		std = append(std, s)
	}
	sort.Strings(std)
	if strings.Join(std, " ") != strings.Join(standardScopes, " ") {
		t.Errorf("standardScopes %v; model says %v", standardScopes, std)
	}
}

// TestMalformedQueryRefused: a query string that does not parse is 400 on
// served and legacy routes, REST and HTTP alike; the function and the
// backend never see it (the events and the proxy would drop or pass on
// pairs no check saw: ?mode=summary&mode=evil%zz).
func TestMalformedQueryRefused(t *testing.T) {
	hits := 0
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer backend.Close()
	for _, httpAPI := range []bool{false, true} {
		spec := testSpec(httpAPI)
		spec.Backends = []Backend{{Name: "LegacyFilesURL", Host: "files.internal", URL: "https://files.internal"}}
		spec.Operations = append(spec.Operations, Operation{ID: "file", Method: "GET", Template: "/files/{name}", Segs: []Segment{{Prefix: "files"}, {Param: true}},
			Params: []string{"name"}, Legacy: &LegacyRoute{Backend: 0, Path: "/store/{name}", Params: []URIParam{{Name: "name", In: "path"}}}})
		s, last := newServer(t, spec, Config{Auth: AuthOff, Legacy: map[string]string{"LegacyFilesURL": backend.URL}})
		for _, q := range []string{"mode=summary&mode=evil%zz", "mode=summary;mode=evil", "%"} {
			for _, p := range []string{"/health", "/files/a.txt"} {
				*last, hits = nil, 0
				res := serve(t, s, "GET", p+"?"+q, nil, "")
				body, _ := io.ReadAll(res.Body)
				if res.StatusCode != 400 || !strings.Contains(string(body), "the query string is malformed") {
					t.Errorf("http=%v %s?%s: %d %s, want 400", httpAPI, p, q, res.StatusCode, body)
				}
				if *last != nil || hits != 0 {
					t.Errorf("http=%v %s?%s reached the function or backend", httpAPI, p, q)
				}
			}
		}
		if res := serve(t, s, "GET", "/files/a.txt?mode=summary", nil, ""); res.StatusCode != 200 || hits != 1 {
			t.Errorf("http=%v: a well-formed query: %d, backend hits %d", httpAPI, res.StatusCode, hits)
		}
	}
}

// TestNosniffEverywhere: every answer of the local server says
// X-Content-Type-Options: nosniff, as the function's do: the function's
// own, the server's refusals and preflights, and a backend's.
func TestNosniffEverywhere(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) }))
	defer backend.Close()
	spec := testSpec(false)
	spec.Backends = []Backend{{Name: "LegacyFilesURL", Host: "files.internal", URL: "https://files.internal"}}
	spec.Operations = append(spec.Operations, Operation{ID: "file", Method: "GET", Template: "/files/{name}", Segs: []Segment{{Prefix: "files"}, {Param: true}},
		Params: []string{"name"}, Legacy: &LegacyRoute{Backend: 0, Path: "/store/{name}", Params: []URIParam{{Name: "name", In: "path"}}}})
	s, _ := newServer(t, spec, Config{Auth: AuthOff, Legacy: map[string]string{"LegacyFilesURL": backend.URL}})
	for _, c := range []struct {
		method, path string
		h            map[string]string
		status       int
	}{
		{"GET", "/health", nil, 200},
		{"GET", "/files/a.txt", nil, 200},
		{"GET", "/files/..", nil, 400},
		{"GET", "/health?%", nil, 400},
		{"OPTIONS", "/orders/1", map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}, 204},
	} {
		res := serve(t, s, c.method, c.path, c.h, "")
		if res.StatusCode != c.status || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: %d %v, want %d with nosniff", c.method, c.path, res.StatusCode, res.Header, c.status)
		}
	}
}
