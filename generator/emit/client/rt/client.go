// Package rt is the run-time part of a generated service client: the
// Client, its options, the retry loop, tokens and problem decoding. The
// client emitter copies its non-test files into the generated project's
// client package (the package clause replaced), beside the spec-dependent
// methods; it is a real package so that it is compiled and tested here. It
// imports only the standard library and golang.org/x/oauth2.
package rt

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Client calls one service. It is safe for concurrent use; make one per
// service and keep it.
type Client struct {
	base        *url.URL
	http        *http.Client
	tokens      oauth2.TokenSource // nil: requests carry no Authorization
	maxAttempts int
	backoff     time.Duration // first retry delay, doubled each attempt, jittered
	maxBackoff  time.Duration // longest wait between attempts, Retry-After included
	userAgent   string
	check       checker // nil: requests are sent unchecked (the service checks them)
}

// Option configures a Client. Options are applied in order; the first that
// fails makes New fail.
type Option func(*Client) error

// New returns a client of the service at baseURL (scheme, host and any base
// path, such as https://api.example.com/v1). Without options it sends no
// token, waits for answers as long as the context allows, and tries
// idempotent calls up to 3 times.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("client: base URL %q: want an absolute http(s) URL such as https://api.example.com", baseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("client: base URL %q: leave out the query, fragment and user info", baseURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	c := &Client{base: u, http: noRedirects(http.DefaultClient), maxAttempts: 3, backoff: 100 * time.Millisecond, maxBackoff: 10 * time.Second}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, fmt.Errorf("client: %w", err)
		}
	}
	if c.tokens != nil && u.Scheme != "https" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("client: base URL %q: a token would travel in clear over http; use https (http only for localhost)", baseURL)
	}
	return c, nil
}

// String names the service the client calls, and never a credential.
func (c *Client) String() string {
	auth := "no token"
	if c.tokens != nil {
		auth = "token source"
	}
	return fmt.Sprintf("client(%s, %s, %d attempts)", c.base.Redacted(), auth, c.maxAttempts)
}

// GoString is String, so that %#v prints no credential either.
func (c *Client) GoString() string { return c.String() }

// WithHTTPClient sends requests (and token requests) with hc instead of
// http.DefaultClient: for a custom transport, proxy or TLS settings. The
// client uses a copy of hc that follows no redirect (see noRedirects).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.http = noRedirects(hc)
		return nil
	}
}

// noRedirects is a copy of hc that answers a redirect with the redirect
// itself: a service's 3xx is its answer (declared or not), and following
// it would send the caller's token, or the client secret of a token
// request, wherever the Location says (net/http keeps Authorization for
// the same host on another port or scheme).
func noRedirects(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// WithTokenSource sends a token from ts with every request: a user's token
// passed through, say. Wrap a source that fetches tokens in
// oauth2.ReuseTokenSource so that it is not asked on every call.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *Client) error {
		if ts == nil {
			return errors.New("WithTokenSource: nil token source")
		}
		c.tokens = ts
		return nil
	}
}

// WithMaxAttempts bounds how many times one call is tried (default 3; 1
// turns retries off). Only idempotent calls are ever tried again.
func WithMaxAttempts(n int) Option {
	return func(c *Client) error {
		if n < 1 || n > 10 {
			return fmt.Errorf("WithMaxAttempts(%d): want 1 to 10", n)
		}
		c.maxAttempts = n
		return nil
	}
}

// WithBackoff sets the first delay before a retry (doubled for each further
// attempt, with random jitter) and the longest wait between attempts,
// which also caps a server's Retry-After. Defaults: 100ms and 10s.
func WithBackoff(first, longest time.Duration) Option {
	return func(c *Client) error {
		if first <= 0 || longest < first {
			return fmt.Errorf("WithBackoff(%v, %v): want 0 < first <= longest", first, longest)
		}
		c.backoff, c.maxBackoff = first, longest
		return nil
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// answer is one HTTP answer, read in full.
type answer struct {
	op     string
	status int
	header http.Header
	body   []byte
}

// maxAnswerBytes bounds the answer body the client reads.
const maxAnswerBytes = 32 << 20

// do sends r, trying again when the call is safe to repeat and the answer
// says to (429, 502, 503, 504) or the connection failed before an answer,
// until the attempts run out or ctx ends.
func (c *Client) do(ctx context.Context, r *request) (*answer, error) {
	if r.err != nil {
		return nil, fmt.Errorf("%s: %w", r.op, r.err)
	}
	if c.check != nil {
		if err := c.validate(ctx, r); err != nil {
			return nil, err
		}
	}
	attempts := 1
	if r.idempotent {
		attempts = c.maxAttempts
	}
	for attempt := 1; ; attempt++ {
		a, retryAfter, err := c.once(ctx, r)
		if attempt >= attempts || ctx.Err() != nil || (err == nil && !retryable(a.status)) {
			if err != nil {
				return nil, err
			}
			return a, nil
		}
		if err != nil {
			var te *tokenError
			if errors.As(err, &te) {
				return nil, err // a token endpoint's refusal does not pass by waiting
			}
		}
		wait := c.delay(attempt, retryAfter)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%s: %w", r.op, ctx.Err())
		case <-t.C:
		}
	}
}

// once sends r one time. It returns the answer and the wait its
// Retry-After header asks for (0 when none).
func (c *Client) once(ctx context.Context, r *request) (*answer, time.Duration, error) {
	req, err := r.build(ctx, c.base)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", r.op, err)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	traceHeaders(ctx, req.Header)
	if c.tokens != nil {
		tok, err := c.tokens.Token()
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", r.op, &tokenError{err})
		}
		tok.SetAuthHeader(req)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", r.op, err)
	}
	defer res.Body.Close()
	if res.Request != nil && res.Request.URL != nil && res.Request.URL.String() != req.URL.String() {
		// A transport that follows redirects itself: the answer is another
		// URL's, and the service's is not trusted.
		return nil, 0, fmt.Errorf("%s: the HTTP client's transport followed a redirect to another URL; give WithHTTPClient a transport that does not", r.op)
	}
	body, err := readAll(res, maxAnswerBytes)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: read the %d answer: %w", r.op, res.StatusCode, err)
	}
	return &answer{op: r.op, status: res.StatusCode, header: res.Header, body: body}, retryAfter(res.Header.Get("Retry-After"), time.Now()), nil
}

// retryable reports whether an answer with this status may pass on retry.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// delay is the wait before attempt+1: the server's Retry-After when it gave
// one, else exponential backoff with full jitter; never above maxBackoff.
func (c *Client) delay(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, c.maxBackoff)
	}
	d := c.backoff << (attempt - 1)
	if d <= 0 || d > c.maxBackoff {
		d = c.maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, 24*3600)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
