// Router fuzz targets, dropped into the api package of a generated project
// (module example.com/fuzzsvc) by generator/routerfuzz_test.go. They feed
// random API Gateway events to the generated Lambda handlers, wired to the
// generated stubs, and check that no input makes the router panic, fail,
// answer 5xx (other than the stubs' 501), leak internals in an error body,
// or put the caller's token in a response or a log line.
package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"example.com/fuzzsvc/api"
	"example.com/fuzzsvc/handlers"
)

// logs captures everything the router logs, to look for tokens in it.
var logs lockedBuffer

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	b.buf.Reset()
	return s
}

func init() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	log.SetOutput(&logs)
}

func newService(f *testing.F) api.Handler {
	svc, err := handlers.New()
	if err != nil {
		f.Fatal(err)
	}
	return svc
}

// FuzzRESTHandler: API Gateway REST API (payload 1.0) events.
func FuzzRESTHandler(f *testing.F) {
	f.Add("GET", "/", "", "", "", "", []byte(nil), false, "")
	h := api.NewRESTHandler(newService(f))
	f.Fuzz(func(t *testing.T, method, path, resource, pathParams, query, headers string, body []byte, b64 bool, scopes string) {
		e := events.APIGatewayProxyRequest{
			HTTPMethod: method, Path: path, Resource: resource, Body: string(body), IsBase64Encoded: b64,
			PathParameters: first(parseQuery(pathParams)),
		}
		if q := parseQuery(query); len(q) > 0 {
			e.MultiValueQueryStringParameters = q
			e.QueryStringParameters = first(q)
		}
		if hs := parseHeaders(headers); len(hs) > 0 {
			e.MultiValueHeaders = hs
			e.Headers = first(hs)
		}
		if scopes != "" {
			e.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"scope": scopes, "sub": "fuzz-user", "token_use": "access"}}
		}
		logs.take()
		res, err := h(context.Background(), e)
		tok := token(e.Headers)
		check(t, err, res.StatusCode, res.Headers, res.Body, res.IsBase64Encoded, tok, func() (map[string]string, string, string) {
			e.Headers, e.MultiValueHeaders = swapToken(e.Headers, tok), swapTokens(e.MultiValueHeaders, tok)
			res, _ := h(context.Background(), e)
			return res.Headers, res.Body, logs.take()
		})
	})
}

// FuzzHTTPHandler: API Gateway HTTP API (payload 2.0) events.
func FuzzHTTPHandler(f *testing.F) {
	f.Add("GET", "/", "", "", "", "", []byte(nil), false, "")
	h := api.NewHTTPHandler(newService(f))
	f.Fuzz(func(t *testing.T, method, path, routeKey, pathParams, query, headers string, body []byte, b64 bool, scopes string) {
		e := events.APIGatewayV2HTTPRequest{
			Version: "2.0", RouteKey: routeKey, RawPath: path, RawQueryString: query,
			Body: string(body), IsBase64Encoded: b64, PathParameters: first(parseQuery(pathParams)),
		}
		e.RequestContext.HTTP.Method = method
		e.RequestContext.HTTP.Path = path
		e.RequestContext.RouteKey = routeKey
		if q := parseQuery(query); len(q) > 0 {
			e.QueryStringParameters = map[string]string{}
			for k, v := range q {
				e.QueryStringParameters[k] = strings.Join(v, ",")
			}
		}
		if hs := parseHeaders(headers); len(hs) > 0 {
			e.Headers = map[string]string{}
			for k, v := range hs {
				if strings.EqualFold(k, "cookie") {
					e.Cookies = append(e.Cookies, v...)
					continue
				}
				e.Headers[strings.ToLower(k)] = strings.Join(v, ",")
			}
		}
		if scopes != "" {
			e.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
				JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{
					Claims: map[string]string{"scope": scopes, "sub": "fuzz-user", "token_use": "access"},
					Scopes: strings.Fields(scopes),
				},
			}
		}
		logs.take()
		res, err := h(context.Background(), e)
		tok := token(e.Headers)
		check(t, err, res.StatusCode, res.Headers, res.Body, res.IsBase64Encoded, tok, func() (map[string]string, string, string) {
			e.Headers = swapToken(e.Headers, tok)
			res, _ := h(context.Background(), e)
			return res.Headers, res.Body, logs.take()
		})
	})
}

// swapToken copies h with tok replaced by a text of its length that
// differs from it in every character: an answer that still holds tok then
// got it from elsewhere (a fixed header, the path), not from the token.
func swapToken(h map[string]string, tok string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = strings.ReplaceAll(v, tok, other(tok))
	}
	return out
}

func swapTokens(h map[string][]string, tok string) map[string][]string {
	out := map[string][]string{}
	for k, vs := range h {
		for _, v := range vs {
			out[k] = append(out[k], strings.ReplaceAll(v, tok, other(tok)))
		}
	}
	return out
}

func other(tok string) string {
	b := []byte(tok)
	for i := range b {
		if b[i] == 'q' {
			b[i] = 'x'
		} else {
			b[i] = 'q'
		}
	}
	return string(b)
}

func parseQuery(s string) map[string][]string {
	q, _ := url.ParseQuery(s)
	if len(q) == 0 {
		return nil
	}
	return q
}

func first(m map[string][]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := map[string]string{}
	for k, v := range m {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

// parseHeaders reads "Name: value" lines.
func parseHeaders(s string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k == "" {
			continue
		}
		out[k] = append(out[k], strings.TrimSpace(v))
	}
	return out
}

// token is the credential in the Authorization header, if it is long
// enough to look for.
func token(h map[string]string) string {
	for k, v := range h {
		if strings.EqualFold(k, "authorization") {
			_, tok, _ := strings.Cut(v, " ")
			if tok = strings.TrimSpace(tok); len(tok) >= 12 {
				return tok
			}
		}
	}
	return ""
}

// check holds for every answer to every event.
//
// A token found in the answer is a leak unless the answer to the same
// event carrying another token (rerun) holds it too: then the text came
// from elsewhere ("application/" in Content-Type).
func check(t *testing.T, err error, status int, headers map[string]string, body string, b64 bool, tok string, rerun func() (map[string]string, string, string)) {
	t.Helper()
	logged := logs.take()
	if err != nil {
		t.Fatalf("handler returned an error (API Gateway would answer 502): %v", err)
	}
	if status < 100 || status > 599 {
		t.Fatalf("status %d is not an HTTP status", status)
	}
	if status >= 500 && status != http.StatusNotImplemented {
		t.Fatalf("status %d for a request no handler failed on (only the stubs' 501 may be 5xx)\nbody: %s\nlog: %s", status, body, logged)
	}
	raw := []byte(body)
	if b64 {
		var derr error
		if raw, derr = base64.StdEncoding.DecodeString(body); derr != nil {
			t.Fatalf("IsBase64Encoded with a body that does not decode: %v", derr)
		}
	}
	if status >= 400 {
		ct := headers["Content-Type"]
		if ct != "application/problem+json" {
			t.Fatalf("status %d with Content-Type %q, want application/problem+json", status, ct)
		}
		var p struct {
			Status int    `json:"status"`
			Title  string `json:"title"`
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatalf("error body is not JSON: %v\n%s", err, raw)
		}
		if p.Status != status || p.Title == "" {
			t.Fatalf("problem body says status %d, title %q; the answer is %d\n%s", p.Status, p.Title, status, raw)
		}
		for _, leak := range []string{"goroutine ", ".go:", "runtime error", "panic", "runtime/debug"} {
			if strings.Contains(string(raw), leak) {
				t.Fatalf("error body carries internals (%q):\n%s", leak, raw)
			}
		}
	}
	if tok != "" && holds(headers, string(raw), logged, tok) {
		h2, body2, logged2 := rerun()
		raw2 := []byte(body2)
		if b64 {
			raw2, _ = base64.StdEncoding.DecodeString(body2)
		}
		if holds(h2, string(raw2), logged2, tok) {
			return // the text is there without the token too
		}
		if strings.Contains(string(raw), tok) {
			t.Fatalf("the caller's token is in the response body")
		}
		for k, v := range headers {
			if strings.Contains(v, tok) {
				t.Fatalf("the caller's token is in response header %s", k)
			}
		}
		t.Fatalf("the caller's token was logged:\n%s", logged)
	}
}

// holds reports tok in an answer's headers, body or log lines.
func holds(headers map[string]string, body, logged, tok string) bool {
	for _, v := range headers {
		if strings.Contains(v, tok) {
			return true
		}
	}
	return strings.Contains(body, tok) || strings.Contains(logged, tok)
}
