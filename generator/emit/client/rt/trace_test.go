package rt

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	lambdart "github.com/specgate/specgate/generator/emit/lambda/rt"
)

// servedKey stands in for the api package's context value in these tests:
// the request id and traceparent of the request a handler serves. The
// generated project's own test (TestClient in internal/lambdatest) uses the
// real one.
type servedKey struct{}

type served struct{ id, traceparent string }

// wireService sets service as client.gen.go does, with the Lambda
// runtime's own id rule and a stand-in for its context, for one test.
func wireService(t *testing.T) {
	old := service
	t.Cleanup(func() { service = old })
	service.requestID = func(ctx context.Context) string { s, _ := ctx.Value(servedKey{}).(served); return s.id }
	service.traceparent = func(ctx context.Context) string { s, _ := ctx.Value(servedKey{}).(served); return s.traceparent }
	service.checkID = lambdart.RequestID
}

// headerEcho records the X-Request-Id and Traceparent of every request.
func headerEcho(t *testing.T) (*httptest.Server, func() [][2]string) {
	var mu sync.Mutex
	var got [][2]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, [2]string{r.Header.Get("X-Request-Id"), r.Header.Get("Traceparent")})
		mu.Unlock()
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	return srv, func() [][2]string { mu.Lock(); defer mu.Unlock(); return append([][2]string(nil), got...) }
}

func TestRequestIDSentOn(t *testing.T) {
	wireService(t)
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	handlerCtx := context.WithValue(context.Background(), servedKey{}, served{id: "served-7", traceparent: tp})
	cases := []struct {
		name          string
		ctx           context.Context
		header        string // an X-Request-Id header parameter the caller set
		wantID, wantT string
	}{
		{"a handler's context", handlerCtx, "", "served-7", tp},
		{"an id given for a batch job", ContextWithRequestID(context.Background(), "nightly-2026.12_03"), "", "nightly-2026.12_03", ""},
		{"a given id before the served one", ContextWithRequestID(handlerCtx, "batch-1"), "", "batch-1", tp},
		{"a malformed given id: the served one", ContextWithRequestID(handlerCtx, "bad id\r\nX-Evil: 1"), "", "served-7", tp},
		{"a malformed given id, nothing served: none", ContextWithRequestID(context.Background(), "no <spaces>"), "", "", ""},
		{"a too long given id: none", ContextWithRequestID(context.Background(), string(make([]byte, 129))), "", "", ""},
		{"no id at all", context.Background(), "", "", ""},
		{"a header parameter the caller set", handlerCtx, "param-1", "param-1", tp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, got := headerEcho(t)
			cl, err := New(srv.URL, WithBackoff(time.Millisecond, time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			r := newRequest("getThing", "GET", "/thing")
			if c.header != "" {
				r.headerParam("X-Request-Id", []string{c.header})
			}
			if _, err := cl.do(c.ctx, r); err != nil {
				t.Fatal(err)
			}
			g := got()
			if len(g) != 3 {
				t.Fatalf("%d attempts, want 3 (a GET answered 503)", len(g))
			}
			for i, h := range g {
				if h != [2]string{c.wantID, c.wantT} {
					t.Errorf("attempt %d sent X-Request-Id %q, Traceparent %q; want %q, %q", i+1, h[0], h[1], c.wantID, c.wantT)
				}
			}
		})
	}
}

// TestRequestIDNeedsTheServiceRule: without the api package's rule (rt on
// its own), a given id is never sent unchecked.
func TestRequestIDNeedsTheServiceRule(t *testing.T) {
	srv, got := headerEcho(t)
	cl, _ := New(srv.URL, WithMaxAttempts(1))
	if _, err := cl.do(ContextWithRequestID(context.Background(), "fine-1"), newRequest("op", "GET", "/")); err != nil {
		t.Fatal(err)
	}
	if g := got(); len(g) != 1 || g[0] != [2]string{} {
		t.Errorf("sent %q without the service's rule, want nothing", g)
	}
}
