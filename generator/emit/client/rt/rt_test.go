package rt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// counting is a loopback server answering status (with Retry-After) to the
// first fails requests, then 200, counting what it got.
func counting(t *testing.T, fails, status int, retryAfter string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(n.Add(1)) <= fails {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"title":"busy","status":%d}`, status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name         string
		method       string
		idemKey      string
		status       int
		retryAfter   string
		fails, calls int
		wantStatus   int
		minWait      time.Duration
	}{
		{"GET retried on 503 after Retry-After seconds", "GET", "", 503, "1", 1, 2, 200, 900 * time.Millisecond},
		{"PUT retried on 429", "PUT", "", 429, "0", 2, 3, 200, 0},
		{"POST not retried", "POST", "", 503, "0", 1, 1, 503, 0},
		{"POST with an Idempotency-Key retried", "POST", "key-0123456789abcdef", 502, "", 1, 2, 200, 0},
		{"attempts bounded", "DELETE", "", 504, "0", 5, 3, 504, 0},
		{"500 not retried", "GET", "", 500, "0", 1, 1, 500, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := counting(t, tc.fails, tc.status, tc.retryAfter)
			c, err := New(srv.URL, WithBackoff(time.Millisecond, 2*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			r := newRequest("op", tc.method, "/thing")
			r.lit("/x")
			r.headerParam("Idempotency-Key", opt(&tc.idemKey, str))
			start := time.Now()
			a, err := c.do(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took < tc.minWait {
				t.Errorf("took %v, want at least %v (Retry-After)", took, tc.minWait)
			}
			if a.status != tc.wantStatus || int(n.Load()) != tc.calls {
				t.Errorf("status %d after %d requests, want %d after %d", a.status, n.Load(), tc.wantStatus, tc.calls)
			}
		})
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if got := retryAfter(now.Add(7*time.Second).Format(http.TimeFormat), now); got != 7*time.Second {
		t.Errorf("HTTP date 7 s ahead: %v", got)
	}
	for v, want := range map[string]time.Duration{"3": 3 * time.Second, "-1": 0, "soon": 0, "": 0, now.Add(-time.Hour).Format(http.TimeFormat): 0} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", v, got, want)
		}
	}
	c := &Client{backoff: 100 * time.Millisecond, maxBackoff: time.Second}
	if d := c.delay(1, time.Hour); d != time.Second {
		t.Errorf("a Retry-After of an hour waits %v, want the 1 s cap", d)
	}
	for attempt := 1; attempt <= 8; attempt++ {
		if d := c.delay(attempt, 0); d <= 0 || d > time.Second {
			t.Errorf("backoff of attempt %d = %v, want in (0, 1s]", attempt, d)
		}
	}
}

func TestContextEndsRetries(t *testing.T) {
	srv, n := counting(t, 10, 503, "5")
	c, _ := New(srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r := newRequest("getThing", "GET", "/thing")
	_, err := c.do(ctx, r)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "getThing: ") || n.Load() != 1 {
		t.Errorf("err = %v after %d requests, want getThing: context deadline exceeded after 1", err, n.Load())
	}
}

func TestTransportErrorNamesOperation(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, _ := New(url, WithMaxAttempts(1))
	_, err := c.do(context.Background(), newRequest("placeOrder", "POST", "/thing"))
	if err == nil || !strings.HasPrefix(err.Error(), "placeOrder: ") {
		t.Errorf("err = %v, want it to start with the operation's name", err)
	}
}

func TestProblemError(t *testing.T) {
	body := `{"type":"about:blank","title":"Bad Request","status":400,"detail":"the request is invalid","errors":[{"in":"body","pointer":"/lines/0/quantity","keyword":"minimum","message":"must be at least 1"}]}`
	a := &answer{op: "placeOrder", status: 400, header: http.Header{"Content-Type": {"application/problem+json; charset=utf-8"}}, body: []byte(body)}
	err := fmt.Errorf("wrapped: %w", a.problem())
	var p *ProblemError
	if !errors.As(err, &p) {
		t.Fatalf("errors.As failed on %v", err)
	}
	if p.Status != 400 || p.Title != "Bad Request" || p.Detail != "the request is invalid" || len(p.Violations) != 1 ||
		p.Violations[0] != (Violation{In: "body", Pointer: "/lines/0/quantity", Keyword: "minimum", Message: "must be at least 1"}) {
		t.Errorf("problem = %+v", p)
	}
	if want := "placeOrder: 400 Bad Request: the request is invalid; body /lines/0/quantity: must be at least 1"; p.Error() != want {
		t.Errorf("Error() = %q, want %q", p.Error(), want)
	}
	if !IsStatus(err, 400) || IsStatus(err, 401) {
		t.Error("IsStatus disagrees with the status")
	}
	// The answer's request id, when well-formed, names the request in the
	// service's logs.
	wireService(t)
	for id, want := range map[string]string{"abc-123": " (request id abc-123)", "bad id": "", "": ""} {
		a.header.Set("X-Request-Id", id)
		if p := a.problem().(*ProblemError); p.RequestID != strings.TrimSuffix(strings.TrimPrefix(want, " (request id "), ")") ||
			!strings.HasSuffix(p.Error(), "must be at least 1"+want) {
			t.Errorf("X-Request-Id %q: RequestID %q, Error() %q", id, p.RequestID, p.Error())
		}
	}
	// Not a problem: the status text, no body echoed.
	a = &answer{op: "getOrder", status: 502, header: http.Header{"Content-Type": {"text/html"}}, body: []byte("<html>secret</html>")}
	if err := a.problem(); err.Error() != "getOrder: 502 Bad Gateway" {
		t.Errorf("non-problem answer: %q", err)
	}
}

func TestRequestBuilding(t *testing.T) {
	c, err := New("https://api.example.com/v1/")
	if err != nil {
		t.Fatal(err)
	}
	r := newRequest("op", "GET", "/thing")
	r.lit("/files/")
	r.pathParam("id", "a b/c", false)
	r.lit("/raw/")
	r.pathParam("rest", "x/y z", true)
	r.queryParam("s", list([]int{1, 2}, intStr), false, ",")
	r.queryParam("e", list([]string{"a", "b"}, str), true, ",")
	r.queryParam("none", opt[string](nil, str), true, ",")
	r.queryParam("p", list([]string{"x", "y"}, str), false, "|")
	r.headerParam("X-F", one(1.5, f64Str))
	r.cookieParam("c", one(true, boolStr))
	req, err := r.build(context.Background(), c.base)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := req.URL.String(), "https://api.example.com/v1/files/a%20b%2Fc/raw/x/y%20z?e=a&e=b&p=x%7Cy&s=1%2C2"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
	if req.Header.Get("X-F") != "1.5" || req.Header.Get("Cookie") != "c=true" {
		t.Errorf("headers = %v", req.Header)
	}
	for _, v := range []string{"", ".", ".."} {
		r := newRequest("getFile", "GET", "/thing")
		r.pathParam("id", v, false)
		if _, err := c.do(context.Background(), r); err == nil || !strings.HasPrefix(err.Error(), "getFile: path parameter") {
			t.Errorf("path value %q: err = %v", v, err)
		}
	}
	r = newRequest("op", "GET", "/thing")
	r.headerParam("X-A", one("a\r\nX-B: b", str))
	if r.err == nil {
		t.Error("a header value with CRLF was accepted")
	}
	for _, bad := range []string{"ftp://x", "/relative", "https://h/?q=1", "https://user:pw@h/"} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
}

// tokenEndpoint is a loopback OAuth 2.0 token endpoint granting tokens
// that live ttl seconds, counting grants; each grant takes 50 ms.
func tokenEndpoint(t *testing.T, ttl int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok || id != "machine" || secret != "s3cret-value" || r.FormValue("grant_type") != "client_credentials" || r.FormValue("scope") != "svc/orders/read" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		k := n.Add(1)
		time.Sleep(50 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("tok-%d", k), "token_type": "Bearer", "expires_in": ttl})
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// echoAuth answers the Authorization header it got.
func echoAuth(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestClientCredentials(t *testing.T) {
	api := echoAuth(t)
	cc := ClientCredentials{ClientID: "machine", ClientSecret: "s3cret-value", Scopes: []string{"svc/orders/read"}}
	t.Run("one fetch for many concurrent calls", func(t *testing.T) {
		tokens, n := tokenEndpoint(t, 3600)
		cc := cc
		cc.TokenURL = tokens.URL
		c, err := New(api.URL, WithClientCredentials(cc))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		auths := make([]string, 50)
		for i := range auths {
			wg.Go(func() {
				a, err := c.do(context.Background(), newRequest("op", "GET", "/thing"))
				if err != nil {
					t.Error(err)
					return
				}
				auths[i] = string(a.body)
			})
		}
		wg.Wait()
		if n.Load() != 1 {
			t.Errorf("%d token requests for 50 concurrent calls, want 1", n.Load())
		}
		for _, a := range auths {
			if a != "Bearer tok-1" {
				t.Fatalf("Authorization = %q, want Bearer tok-1", a)
			}
		}
	})
	t.Run("refreshed shortly before expiry", func(t *testing.T) {
		// A token living 61 s is inside the one-minute margin a second later.
		tokens, n := tokenEndpoint(t, 61)
		cc := cc
		cc.TokenURL = tokens.URL
		c, _ := New(api.URL, WithClientCredentials(cc))
		var got []string
		for range 2 {
			a, err := c.do(context.Background(), newRequest("op", "GET", "/thing"))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(a.body))
			time.Sleep(1100 * time.Millisecond)
		}
		if n.Load() != 2 || got[0] != "Bearer tok-1" || got[1] != "Bearer tok-2" {
			t.Errorf("%d fetches, sent %q; want a second token once the first is about to expire", n.Load(), got)
		}
		tokens2, n2 := tokenEndpoint(t, 3600)
		cc.TokenURL = tokens2.URL
		c, _ = New(api.URL, WithClientCredentials(cc))
		for range 3 {
			c.do(context.Background(), newRequest("op", "GET", "/thing"))
		}
		if n2.Load() != 1 {
			t.Errorf("an hour-long token fetched %d times for 3 calls, want 1", n2.Load())
		}
	})
	t.Run("a refused grant is not retried and names the operation", func(t *testing.T) {
		tokens, _ := tokenEndpoint(t, 3600)
		bad := cc
		bad.TokenURL, bad.ClientSecret = tokens.URL, "wrong"
		c, _ := New(api.URL, WithClientCredentials(bad))
		_, err := c.do(context.Background(), newRequest("getOrder", "GET", "/thing"))
		if err == nil || !strings.HasPrefix(err.Error(), "getOrder: get an access token") || strings.Contains(err.Error(), "wrong") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("the secret is never printed", func(t *testing.T) {
		tokens, _ := tokenEndpoint(t, 3600)
		cc := cc
		cc.TokenURL = tokens.URL
		opt := WithClientCredentials(cc)
		c, _ := New(api.URL, opt)
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			for _, v := range []any{c, *c, cc, &cc, opt, c.tokens} {
				if s := fmt.Sprintf(f, v); strings.Contains(s, "s3cret") {
					t.Errorf("fmt %s of %T prints the secret: %s", f, v, s)
				}
			}
		}
	})
	t.Run("bad settings refused", func(t *testing.T) {
		for _, bad := range []ClientCredentials{
			{TokenURL: "http://auth.example.com/oauth2/token", ClientID: "a", ClientSecret: "b"},
			{TokenURL: "https://auth.example.com/oauth2/token", ClientID: "a"},
		} {
			if _, err := New(api.URL, WithClientCredentials(bad)); err == nil {
				t.Errorf("%v accepted", bad)
			}
		}
	})
}

func TestCallerTokenSource(t *testing.T) {
	api := echoAuth(t)
	c, err := New(api.URL, WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "user-token"})))
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.do(context.Background(), newRequest("op", "GET", "/thing"))
	if err != nil || string(a.body) != "Bearer user-token" {
		t.Errorf("Authorization = %q (err %v), want Bearer user-token", a.body, err)
	}
}

// countingTokens counts the tokens asked of it.
type countingTokens struct{ n atomic.Int32 }

func (s *countingTokens) Token() (*oauth2.Token, error) {
	s.n.Add(1)
	return &oauth2.Token{AccessToken: "tok"}, nil
}

// TestRequestValidation: with a checker set, the checker sees the
// operation's template, path values, built request and body; a request it
// refuses fails with a *RequestError carrying the status and violations of
// the refusal, and neither a token nor a request is asked for. A request
// it accepts is sent.
func TestRequestValidation(t *testing.T) {
	srv, n := counting(t, 0, 0, "")
	tokens := &countingTokens{}
	c, _ := New(srv.URL+"/v1", WithTokenSource(tokens))
	var seen []string
	c.check = func(template string, pathVals map[string]string, req *http.Request, body []byte) (int, []byte) {
		seen = append(seen, fmt.Sprintf("%s %s %s id=%s q=%s h=%s %s", req.Method, template, req.URL.Path, pathVals["id"],
			req.URL.Query().Get("limit"), req.Header.Get("X-Trace"), body))
		if req.URL.Query().Get("limit") == "1000" {
			return 400, []byte(`{"type":"about:blank","title":"Bad Request","status":400,"detail":"the request is not valid",` +
				`"errors":[{"in":"query","name":"limit","keyword":"maximum","message":"must be at most 100"}]}`)
		}
		return 0, nil
	}
	req := func(limit string) *request {
		r := newRequest("getThing", "PUT", "/things/{id}")
		r.lit("/things/")
		r.pathParam("id", "a b", false)
		r.queryParam("limit", []string{limit}, true, ",")
		r.headerParam("X-Trace", []string{"t1"})
		r.rawBody("application/json", []byte(`{"a":1}`))
		return r
	}
	_, err := c.do(context.Background(), req("1000"))
	var re *RequestError
	if !errors.As(err, &re) || re.Op != "getThing" || re.Status != 400 || re.Detail != "the request is not valid" ||
		len(re.Violations) != 1 || re.Violations[0].Name != "limit" || re.Violations[0].Keyword != "maximum" {
		t.Fatalf("err = %#v, want a *RequestError with the limit violation", err)
	}
	if !strings.HasPrefix(err.Error(), "getThing: invalid request, not sent (the service would answer 400): the request is not valid; query limit: must be at most 100") {
		t.Errorf("message %q", err.Error())
	}
	if IsStatus(err, 400) {
		t.Errorf("IsStatus(400) on a request never sent: IsStatus is for the service's answers")
	}
	if n.Load() != 0 || tokens.n.Load() != 0 {
		t.Errorf("an invalid request made %d requests and %d token fetches, want none", n.Load(), tokens.n.Load())
	}
	a, err := c.do(context.Background(), req("10"))
	if err != nil || a.status != 200 || n.Load() != 1 {
		t.Fatalf("a valid request: %v, %v after %d requests, want it sent once", a, err, n.Load())
	}
	want := `PUT /things/{id} /v1/things/a b id=a b q=10 h=t1 {"a":1}`
	if len(seen) != 2 || seen[1] != want {
		t.Errorf("the checker saw %q, want %q", seen, want)
	}
}

// TestNoRedirects: a service's redirect is its answer; the client follows
// none, so the caller's token never reaches the host (or another port of
// the same host) the Location names, with the default HTTP client and with
// one the caller gives.
func TestNoRedirects(t *testing.T) {
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
	}))
	t.Cleanup(elsewhere.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(api.Close)
	for _, opts := range [][]Option{nil, {WithHTTPClient(&http.Client{Timeout: 5 * time.Second})}} {
		c, err := New(api.URL, append(opts, WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "SECRET"})))...)
		if err != nil {
			t.Fatal(err)
		}
		a, err := c.do(context.Background(), newRequest("op", "GET", "/thing"))
		if err != nil {
			t.Fatal(err)
		}
		if a.status != http.StatusTemporaryRedirect || leaked.Load() != 0 {
			t.Fatalf("status %d, token sent to the redirect's host %d times; want the 307 itself and none", a.status, leaked.Load())
		}
	}
	// A token endpoint's redirect is not followed with the client secret.
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/token", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(tokens.Close)
	c, err := New(api.URL, WithClientCredentials(ClientCredentials{TokenURL: tokens.URL, ClientID: "id", ClientSecret: "secret"}), WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.do(context.Background(), newRequest("op", "GET", "/thing")); err == nil || leaked.Load() != 0 {
		t.Fatalf("err %v, secret sent to the redirect's host %d times; want an error and none", err, leaked.Load())
	}
}

// TestTokenNotInClear: a client that sends tokens refuses a plain-http
// base URL, except to this machine.
func TestTokenNotInClear(t *testing.T) {
	ts := WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "SECRET"}))
	for base, ok := range map[string]bool{"http://api.example.com": false, "HTTP://api.example.com/v1": false, "https://api.example.com": true, "http://127.0.0.1:8080": true, "http://localhost:1": true} {
		_, err := New(base, ts)
		if (err == nil) != ok || (err != nil && !strings.Contains(err.Error(), "https")) {
			t.Errorf("New(%q) with a token: err %v, want ok %v", base, err, ok)
		}
	}
	if _, err := New("http://api.example.com"); err != nil {
		t.Errorf("without a token, http is the caller's choice: %v", err)
	}
}

// followingTransport follows redirects itself, as some wrappers do.
type followingTransport struct{}

func (followingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return (&http.Client{}).Do(r)
}

// TestTransportFollowingRedirects: an answer for another URL than the one
// sent (a transport that followed a redirect) is an error, not the
// service's answer.
func TestTransportFollowingRedirects(t *testing.T) {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"ok":true}`) }))
	t.Cleanup(elsewhere.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/x", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(api.Close)
	c, err := New(api.URL, WithHTTPClient(&http.Client{Transport: followingTransport{}}), WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.do(context.Background(), newRequest("op", "GET", "/thing")); err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Fatalf("err %v, want the followed redirect refused", err)
	}
}

// TestDecodeOnlyJSON: a declared answer is decoded only when it says it is
// JSON (or says nothing); an HTML page is an error, not a zero value.
func TestDecodeOnlyJSON(t *testing.T) {
	for ct, ok := range map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true, "application/vnd.shop+json": true, "": true,
		"text/html": false, "text/plain": false, "application/xml": false, "application/json;;": false,
	} {
		a := &answer{op: "getOrder", status: 200, header: http.Header{}, body: []byte(`{"n":1}`)}
		if ct != "" {
			a.header.Set("Content-Type", ct)
		}
		var v struct{ N int }
		err := a.decode(&v)
		if (err == nil) != ok || ok && v.N != 1 {
			t.Errorf("Content-Type %q: decode = %v (N=%d), want ok %v", ct, err, v.N, ok)
		}
	}
}

// TestObjectParams: an object parameter, given as JSON text, travels as
// its style says and as the service reads it.
func TestObjectParams(t *testing.T) {
	c, err := New("https://api.example.com")
	if err != nil {
		t.Fatal(err)
	}
	r := newRequest("op", "GET", "/thing")
	r.lit("/thing")
	r.objectParam("query", "filter", "deepObject", true, ",", one(`{"b":"x y","a":9}`, str))
	r.objectParam("query", "page", "form", true, ",", one(`{"size":7,"on":true}`, str))
	r.objectParam("query", "g", "form", false, ",", one(`{"k":"v","j":1}`, str))
	r.objectParam("query", "sp", "spaceDelimited", false, " ", one(`{"k":"v"}`, str))
	r.objectParam("header", "X-O", "simple", true, ",", one(`{"k":"v","j":2}`, str))
	r.objectParam("query", "raw", "form", false, ",", one(`[1,2]`, str))
	r.objectParam("query", "none", "deepObject", true, ",", opt[string](nil, str))
	req, err := r.build(context.Background(), c.base)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := req.URL.RawQuery, "filter%5Ba%5D=9&filter%5Bb%5D=x+y&g=j%2C1%2Ck%2Cv&on=true&raw=%5B1%2C2%5D&size=7&sp=k+v"; got != want {
		t.Errorf("query = %s, want %s", got, want)
	}
	if got := req.Header.Get("X-O"); got != "j=2,k=v" {
		t.Errorf("X-O = %q, want j=2,k=v", got)
	}
	r = newRequest("op", "GET", "/thing")
	r.objectParam("query", "filter", "deepObject", true, ",", one(`{"a":{"nested":1}}`, str))
	if r.err == nil {
		t.Error("a nested object was sent in a style that cannot carry it")
	}
}
