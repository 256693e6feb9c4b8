package rt

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// svc and dispatchFunc are the service a test's requests go to and what
// its operations do (useRoutes sets them up).
var (
	svc          *Service
	dispatchFunc Dispatch
)

// useRoutes installs a service with routes of the test's own, as
// router.gen.go would, and a dispatch answering 200 with the route index
// and values. Tests change svc.spec, or make another service with
// useSpec.
func useRoutes(t *testing.T, rs ...Route) *bytes.Buffer {
	t.Helper()
	ops := make([]string, len(rs))
	for i := range rs {
		ops[i] = "op" + string(rune('A'+i))
	}
	useSpec(t, Spec{MaxBodyBytes: 1 << 20, Routes: rs, Operations: ops})
	dispatchFunc = func(_ context.Context, idx int, r *Request, vals []string) Reply {
		return Encode(ops[idx], Response{Status: 200, Body: map[string]any{"route": idx, "vals": vals}})
	}
	var log bytes.Buffer
	SetLogger(slog.New(slog.NewJSONHandler(&log, nil)))
	t.Cleanup(func() { svc, dispatchFunc = nil, nil })
	return &log
}

// useSpec makes svc the service of spec.
func useSpec(t *testing.T, spec Spec) {
	t.Helper()
	svc = NewService(spec)
}

// dispatch is dispatchFunc, read when a request comes.
func dispatch(ctx context.Context, idx int, r *Request, vals []string) Reply {
	return dispatchFunc(ctx, idx, r, vals)
}

var (
	lit   = func(s string) Segment { return Segment{Prefix: s} }
	param = Segment{Param: true}
)

func rest(method, path string, h map[string]string) events.APIGatewayProxyResponse {
	res, _ := NewRESTHandler(svc, dispatch)(context.Background(), events.APIGatewayProxyRequest{HTTPMethod: method, Path: path, Headers: h,
		RequestContext: events.APIGatewayProxyRequestContext{RequestID: "gw-1"}})
	return res
}

func TestRouting(t *testing.T) {
	useRoutes(t,
		Route{Method: "GET", Template: "/shops/mine", Segs: []Segment{lit("shops"), lit("mine")}},
		Route{Method: "GET", Template: "/shops/{id}", Segs: []Segment{lit("shops"), param}, Params: []string{"id"}},
		Route{Method: "PUT", Template: "/shops/{id}", Segs: []Segment{lit("shops"), param}, Params: []string{"id"}},
		Route{Method: "GET", Template: "/files/{path+}", Segs: []Segment{lit("files"), {Param: true, Greedy: true}}, Params: []string{"path"}},
		Route{Method: "GET", Template: "/v{n}.json", Segs: []Segment{{Prefix: "v", Suffix: ".json", Param: true}}, Params: []string{"n"}},
	)
	for _, c := range []struct {
		method, path string
		status       int
		body, allow  string
	}{
		{"GET", "/shops/mine", 200, `{"route":0,"vals":null}`, ""},
		{"GET", "/shops/42", 200, `{"route":1,"vals":["42"]}`, ""},
		{"PUT", "/shops/42", 200, `{"route":2,"vals":["42"]}`, ""},
		{"DELETE", "/shops/42", 405, "", "GET, PUT"},
		{"GET", "/files/a/b/c", 200, `{"route":3,"vals":["a/b/c"]}`, ""},
		{"GET", "/files", 404, "", ""},
		{"GET", "/v2.json", 200, `{"route":4,"vals":["2"]}`, ""},
		{"GET", "/v.json", 404, "", ""},
		{"GET", "/shops/42/extra", 404, "", ""},
	} {
		res := rest(c.method, c.path, nil)
		if res.StatusCode != c.status || c.body != "" && res.Body != c.body || res.Headers["Allow"] != c.allow {
			t.Errorf("%s %s: %d %s (Allow %q), want %d %s (Allow %q)", c.method, c.path, res.StatusCode, res.Body, res.Headers["Allow"], c.status, c.body, c.allow)
		}
		if c.status >= 400 && res.Headers["Content-Type"] != "application/problem+json" {
			t.Errorf("%s %s: Content-Type %q, want problem+json", c.method, c.path, res.Headers["Content-Type"])
		}
	}
}

func TestHTTPPayloadStageAndEscapes(t *testing.T) {
	useRoutes(t, Route{Method: "GET", Template: "/shops/{id}", Segs: []Segment{lit("shops"), param}, Params: []string{"id"}})
	res, _ := NewHTTPHandler(svc, dispatch)(context.Background(), events.APIGatewayV2HTTPRequest{RawPath: "/prod/shops/a%2Fb",
		RequestContext: events.APIGatewayV2HTTPRequestContext{Stage: "prod", HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET"}}})
	if res.StatusCode != 200 || res.Body != `{"route":0,"vals":["a/b"]}` {
		t.Fatalf("got %d %s", res.StatusCode, res.Body)
	}
	res, _ = NewHTTPHandler(svc, dispatch)(context.Background(), events.APIGatewayV2HTTPRequest{RawPath: "/shops/1", RawQueryString: "a=1&a=%zz",
		RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET"}}})
	if res.StatusCode != 400 || !strings.Contains(res.Body, "query string is malformed") {
		t.Fatalf("malformed query: got %d %s", res.StatusCode, res.Body)
	}
}

// TestMalformedQueryChecked: a query string that does not parse is refused
// by every check, not only the served route's: the legacy check (whose
// request the gateway then proxies with the raw query) and CheckRequest
// (the client's WithRequestValidation), which must not read a query with
// unparsable pairs dropped.
func TestMalformedQueryChecked(t *testing.T) {
	useRoutes(t)
	seen := 0
	useSpec(t, Spec{MaxBodyBytes: 1 << 20, LegacyRoutes: []Route{{Method: "GET", Template: "/files/{n}", Segs: []Segment{lit("files"), param}, Params: []string{"n"}}}})
	legacy := func(int, *Request, []string) *Params { seen++; return &Params{} }
	for _, q := range []string{"mode=summary&mode=evil%zz", "mode=summary;mode=evil"} {
		res, ok := CheckLegacyHTTP(svc, legacy, events.APIGatewayV2HTTPRequest{RawPath: "/files/a", RawQueryString: q,
			RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET"}}})
		if ok || res.StatusCode != 400 || !strings.Contains(res.Body, "query string is malformed") {
			t.Errorf("CheckLegacyHTTP ?%s: ok=%v %d %s, want 400", q, ok, res.StatusCode, res.Body)
		}
		req, _ := http.NewRequest("GET", "http://x/files/a?"+q, nil)
		status, body := CheckRequest(svc, nil, legacy, "/files/{n}", map[string]string{"n": "a"}, req, nil)
		if status != 400 || !strings.Contains(string(body), "query string is malformed") {
			t.Errorf("CheckRequest ?%s: %d %s, want 400", q, status, body)
		}
	}
	if seen != 0 {
		t.Errorf("the legacy check read a malformed query %d times", seen)
	}
	req, _ := http.NewRequest("GET", "http://x/files/a?mode=summary", nil)
	if status, body := CheckRequest(svc, nil, legacy, "/files/{n}", map[string]string{"n": "a"}, req, nil); status != 0 || seen != 1 {
		t.Errorf("a well-formed query: %d %s (checked %d times)", status, body, seen)
	}
}

func TestRequestIDAndLog(t *testing.T) {
	log := useRoutes(t, Route{Method: "GET", Template: "/a", Segs: []Segment{lit("a")}})
	if got := rest("GET", "/a", map[string]string{RequestIDHeader: "abc-1"}).Headers[RequestIDHeader]; got != "abc-1" {
		t.Errorf("caller's well-formed id: got %q", got)
	}
	if got := rest("GET", "/a", map[string]string{RequestIDHeader: "bad id\n"}).Headers[RequestIDHeader]; got != "gw-1" {
		t.Errorf("caller's malformed id: got %q, want the gateway's", got)
	}
	if got := RequestID(strings.Repeat("a", MaxRequestIDLength+1), "fb"); got != "fb" {
		t.Errorf("overlong id kept: %q", got)
	}
	var line map[string]any
	first, _, _ := strings.Cut(log.String(), "\n")
	if err := json.Unmarshal([]byte(first), &line); err != nil {
		t.Fatalf("log line %q: %v", first, err)
	}
	if line["operation"] != "opA" || line["route"] != "/a" || line["requestId"] != "abc-1" || line["status"] != float64(200) {
		t.Errorf("log line %v", line)
	}
	for tp, ok := range map[string]bool{
		"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01": true,
		"00-00000000000000000000000000000000-b7ad6b7169203331-01": false,
		"01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01": false,
		"00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01": false,
	} {
		if ValidTraceparent(tp) != ok {
			t.Errorf("ValidTraceparent(%q) = %v", tp, !ok)
		}
	}
}

// TestRequestLogBounded: the "invalid" pointers hold the caller's property
// names and keys; however long and many, the log line stays small (each
// entry at most logEntryMax bytes, cut at a rune boundary and marked, then
// "+N more"), far below CloudWatch's 256 KB event limit.
func TestRequestLogBounded(t *testing.T) {
	log := useRoutes(t, Route{Method: "POST", Template: "/a", Segs: []Segment{lit("a")}})
	long := "/x" + strings.Repeat("é", 450_000) // a 900 KB property name
	dispatchFunc = func(context.Context, int, *Request, []string) Reply {
		errs := []ProblemError{{In: "body", Pointer: long}, {In: "query", Name: "deep[" + strings.Repeat("k", 5000) + "]"}}
		for i := 0; i < 3000; i++ {
			errs = append(errs, ProblemError{In: "body", Pointer: "/k" + strconv.Itoa(i)})
		}
		return ProblemReply(http.StatusBadRequest, "the request is not valid", errs)
	}
	if res := rest("POST", "/a", nil); res.StatusCode != 400 {
		t.Fatalf("status %d", res.StatusCode)
	}
	line := log.Bytes()
	if len(line) > 16<<10 {
		t.Fatalf("the log line is %d bytes", len(line))
	}
	var got struct{ Invalid []string }
	if err := json.Unmarshal(line, &got); err != nil {
		t.Fatal(err)
	}
	if n := len(got.Invalid); n != logEntriesMax+1 || got.Invalid[n-1] != "+"+strconv.Itoa(3002-logEntriesMax)+" more" {
		t.Fatalf("%d entries, last %q", n, got.Invalid[n-1])
	}
	for i, e := range got.Invalid {
		if len(e) > logEntryMax || !utf8.ValidString(e) {
			t.Errorf("entry %d: %d bytes, valid UTF-8 %v", i, len(e), utf8.ValidString(e))
		}
	}
	if e := got.Invalid[0]; !strings.HasPrefix(e, "body:/xé") || !strings.HasSuffix(e, "é…") {
		t.Errorf("a cut entry %q: want its start, cut at a rune boundary and marked", e)
	}
	if got.Invalid[2] != "body:/k0" {
		t.Errorf("a short entry changed: %q", got.Invalid[2])
	}
}

func TestCORS(t *testing.T) {
	useRoutes(t, Route{Method: "GET", Template: "/a", Segs: []Segment{lit("a")}})
	svc.spec.CORSOrigins = []string{"https://app.example"}
	res := rest("GET", "/a", map[string]string{"Origin": "https://app.example"})
	if res.Headers["Access-Control-Allow-Origin"] != "https://app.example" || res.Headers["Vary"] != "Origin" {
		t.Errorf("listed origin: %v", res.Headers)
	}
	res = rest("GET", "/nowhere", map[string]string{"Origin": "https://evil.example"})
	if _, ok := res.Headers["Access-Control-Allow-Origin"]; ok || res.Headers["Vary"] != "Origin" {
		t.Errorf("unlisted origin on an error: %v", res.Headers)
	}
	req := &Request{header: http.Header{"Origin": {"https://app.example"}}}
	for vary, want := range map[string]string{"Accept": "Accept, Origin", "origin": "origin", "*": "*"} {
		rep := Reply{header: map[string]string{"vary": vary, "access-control-allow-origin": "*"}}.withCORS(req, svc.spec.CORSOrigins)
		if rep.header["Vary"] != want || rep.header["Access-Control-Allow-Origin"] != "https://app.example" || len(rep.header) != 3 {
			t.Errorf("handler's Vary %q: got %v, want Vary %q and the listed origin only", vary, rep.header, want)
		}
	}
}

// TestRuntimeOwnsCORSHeaders: a handler's own Access-Control-* headers
// never leave the function, with configured origins or without (a Raw
// response's WithHeader could otherwise let any site read answers with
// credentials), and every answer says X-Content-Type-Options: nosniff.
func TestRuntimeOwnsCORSHeaders(t *testing.T) {
	useRoutes(t)
	req := &Request{header: http.Header{"Origin": {"https://evil.example"}}}
	handler := func() Reply {
		return Reply{header: map[string]string{"Access-Control-Allow-Origin": "https://evil.example", "access-control-allow-credentials": "true",
			"Access-Control-Expose-Headers": "X-Secret", "X-Content-Type-Options": "sniff-me", "Vary": "Accept", "X-Mine": "kept"}}
	}
	for _, origins := range [][]string{nil, {"https://app.example"}, {"https://evil.example"}} {
		svc.spec.CORSOrigins = origins
		rep := handler().withCORS(req, svc.spec.CORSOrigins)
		for k, v := range rep.header {
			if strings.HasPrefix(strings.ToLower(k), "access-control-") && (k != "Access-Control-Allow-Origin" || len(origins) == 0 || origins[0] != v) {
				t.Errorf("origins %v: the handler's %s: %s went out", origins, k, v)
			}
		}
		if rep.header["X-Content-Type-Options"] != "nosniff" || rep.header["X-Mine"] != "kept" || len(origins) == 0 && rep.header["Vary"] != "Accept" {
			t.Errorf("origins %v: %v", origins, rep.header)
		}
	}
	svc.spec.CORSOrigins = nil
	if res := rest("GET", "/nowhere", nil); res.Headers["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("a 404: %v, want nosniff", res.Headers)
	}
}

func TestEncode(t *testing.T) {
	for _, c := range []struct {
		res    Response
		status int
		ct     string
		body   string
		base64 bool
	}{
		{Response{Status: 200, Body: "ada"}, 200, "application/json", `"ada"`, false},
		{Response{Status: 200, ContentType: "text/plain", Body: "ada"}, 200, "text/plain", "ada", false},
		{Response{Status: 200, ContentType: "application/vnd.api+json", Body: "x"}, 200, "application/vnd.api+json", `"x"`, false},
		{Response{Status: 200, ContentType: "text/csv", Body: "a,b"}, 200, "text/csv", "a,b", false},
		{Response{Status: 200, ContentType: "application/json", Body: []byte(`{"raw":true}`)}, 200, "application/json", `{"raw":true}`, false},
		{Response{Status: 201, Body: map[string]int{"n": 1}}, 201, "application/json", `{"n":1}`, false},
		{Response{Status: 200, ContentType: "application/octet-stream", Body: []byte{0xff, 0}}, 200, "application/octet-stream", "\xff\x00", true},
		{Response{Status: 204}, 204, "", "", false},
		{Response{Status: 42}, 500, "application/problem+json", "", false},
		{Response{Status: 200, Body: func() {}}, 500, "application/problem+json", "", false},
	} {
		rep := Encode("op", c.res)
		if rep.status != c.status || rep.header["Content-Type"] != c.ct || c.body != "" && string(rep.body) != c.body || rep.base64 != c.base64 {
			t.Errorf("%+v: got %d %q %q base64=%v", c.res, rep.status, rep.header["Content-Type"], rep.body, rep.base64)
		}
	}
	rep := Recovered("op", "secret detail")
	if rep.status != 500 || bytes.Contains(rep.body, []byte("secret")) {
		t.Errorf("a panic's message leaks: %d %s", rep.status, rep.body)
	}
	if rep := HandlerError("op", ErrNotImplemented); rep.status != 501 {
		t.Errorf("ErrNotImplemented: %d", rep.status)
	}
}

func TestAuthorize(t *testing.T) {
	access := func(scopes ...string) *Claims { return &Claims{Subject: "s", TokenUse: "access", Scopes: scopes} }
	both := &Security{Alts: []AuthAlt{{Token: true, Scopes: []string{"rs/a", "rs/b"}}, {Token: true, Scopes: []string{"rs/c"}}}}
	for _, c := range []struct {
		name   string
		sec    *Security
		claims *Claims
		header http.Header
		status int // 0: passes
		detail string
	}{
		{"public", nil, nil, nil, 0, ""},
		{"every scope of one alternative", both, access("rs/a", "rs/b"), nil, 0, ""},
		{"the other alternative", both, access("rs/c"), nil, 0, ""},
		{"one scope of two is not enough", both, access("rs/a"), nil, 403, "rs/b"},
		{"no token", both, nil, nil, 401, "needs a bearer token"},
		{"an unverified bearer token", both, nil, http.Header{"Authorization": {"Bearer x.y.z"}}, 401, "not verified"},
		{"an ID token where scopes are needed", both, &Claims{TokenUse: "id", Scopes: []string{"rs/c"}}, nil, 401, "access token"},
		{"mutualTLS only, no certificate verified: the default endpoint", &Security{Alts: []AuthAlt{{MutualTLS: true}}}, nil, nil, 401, "client certificate"},
		{"mutualTLS or a token, neither", &Security{Alts: []AuthAlt{{MutualTLS: true}, {Token: true}}}, nil, nil, 401, "needs a bearer token"},
		{"an API key present", &Security{Alts: []AuthAlt{{Creds: []CredentialSpec{{Scheme: "key", In: "header", Name: "X-Key"}}}}}, nil, http.Header{"X-Key": {"k"}}, 0, ""},
		{"an API key absent", &Security{Alts: []AuthAlt{{Creds: []CredentialSpec{{Scheme: "key", In: "header", Name: "X-Key"}}}}}, nil, http.Header{}, 401, "needs credentials"},
	} {
		h := c.header
		if h == nil {
			h = http.Header{}
		}
		rep, _, ok := authorize(&Request{header: h, claims: c.claims}, c.sec, nil)
		if ok != (c.status == 0) || !ok && (rep.status != c.status || !bytes.Contains(rep.body, []byte(c.detail))) {
			t.Errorf("%s: ok=%v %d %s, want status %d naming %q", c.name, ok, rep.status, rep.body, c.status, c.detail)
		}
	}
	// A certificate API Gateway verified, as the events carry it.
	cert := &Security{Alts: []AuthAlt{{MutualTLS: true}}}
	var rest events.APIGatewayProxyRequest
	rest.RequestContext.Identity.ClientCert = &events.APIGatewayCustomAuthorizerRequestTypeRequestIdentityClientCert{ClientCertPem: "-----BEGIN CERTIFICATE-----"}
	var v2 events.APIGatewayV2HTTPRequest
	v2.RequestContext.Authentication.ClientCert.ClientCertPem = "-----BEGIN CERTIFICATE-----"
	for name, r := range map[string]*Request{"REST": fromREST(&rest), "HTTP": fromHTTP(&v2)} {
		if rep, _, ok := authorize(r, cert, nil); !ok {
			t.Errorf("%s: a verified client certificate refused: %d %s", name, rep.status, rep.body)
		}
	}
}

// TestVerifyTokens: with no authorizer in front (verifyTokens), the
// function verifies a bearer token itself (without, TestAuthorize shows
// it refuses one as "not verified").
func TestVerifyTokens(t *testing.T) {
	useRoutes(t)
	t.Setenv(EnvTokenIssuer, "")
	t.Setenv(EnvTokenClientIDs, "")
	verifier = tokenVerifier{}
	sec := &Security{Alts: []AuthAlt{{Token: true}}}
	for tok, detail := range map[string]string{"a.b.c": "not a JWT", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln": "does not verify"} {
		rep, _, ok := authorize(&Request{header: http.Header{"Authorization": {"Bearer " + tok}}}, sec, VerifyBearer)
		if ok || rep.status != 401 || !bytes.Contains(rep.body, []byte(detail)) {
			t.Errorf("token %s, unconfigured verifier: ok=%v %d %s, want 401 naming %q", tok, ok, rep.status, rep.body, detail)
		}
	}
}

// TestAuthorizerAudience: a REST API's Cognito authorizer passes a token
// of any app client of the pool; with EnvTokenClientIDs set (a platform's
// template names the clients that may call the service), the function
// refuses, with 401 invalid_token, a token the authorizer verified for
// another client, access (client_id) or ID (aud) token alike. Without the
// setting the authorizer's verdict stands alone.
func TestAuthorizerAudience(t *testing.T) {
	useRoutes(t)
	saved := authorizerAudience
	t.Cleanup(func() { authorizerAudience = saved })
	sec := &Security{Alts: []AuthAlt{{Token: true, Scopes: []string{"rs/a"}}}}
	idSec := &Security{Alts: []AuthAlt{{Token: true}}}
	access := func(client string) *Claims {
		return &Claims{TokenUse: "access", Scopes: []string{"rs/a"}, Values: map[string]string{"client_id": client}}
	}
	id := func(aud string) *Claims { return &Claims{TokenUse: "id", Values: map[string]string{"aud": aud}} }
	for _, c := range []struct {
		name     string
		audience string
		sec      *Security
		claims   *Claims
		ok       bool
	}{
		{"a caller's client", "web, orders-caller", sec, access("orders-caller"), true},
		{"another client of the pool", "web,orders-caller", sec, access("intruder"), false},
		{"an access token without client_id", "web", sec, &Claims{TokenUse: "access", Scopes: []string{"rs/a"}, Values: map[string]string{}}, false},
		{"an ID token for a caller", "web", idSec, id("web"), true},
		{"an ID token for several audiences, one a caller", "web", idSec, id(`["other","web"]`), true},
		{"an ID token for another client", "web", idSec, id("intruder"), false},
		{"no audience set: the authorizer's verdict", "", sec, access("intruder"), true},
	} {
		authorizerAudience = func() []string { return clientIDs(c.audience) }
		rep, _, ok := authorize(&Request{header: http.Header{}, claims: c.claims}, c.sec, nil)
		if ok != c.ok || !ok && (rep.status != 401 || !bytes.Contains(rep.body, []byte("another app client")) ||
			!strings.Contains(rep.header["WWW-Authenticate"], "invalid_token")) {
			t.Errorf("%s: ok=%v %d %s %v, want ok=%v (else 401 invalid_token naming another app client)", c.name, ok, rep.status, rep.body, rep.header, c.ok)
		}
	}
}
