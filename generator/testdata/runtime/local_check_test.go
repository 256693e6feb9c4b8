package local

// Dropped into the local package of the project generated from
// testdata/runtime/openapi.yaml by TestGeneratedRuntime: the local server's
// legacy proxy, in process, in front of a loopback stand-in backend.

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"example.com/rt/api"
)

type noService struct{}

func (noService) GetName(context.Context, *api.GetNameRequest) (api.GetNameResponse, error) {
	return api.GetNameResponse{}, api.ErrNotImplemented
}

func (noService) GetNote(context.Context, *api.GetNoteRequest) (api.GetNoteResponse, error) {
	return api.GetNoteResponse{}, api.ErrNotImplemented
}

func (noService) GetStyled(context.Context, *api.GetStyledRequest) (api.GetStyledResponse, error) {
	return api.GetStyledResponse{}, api.ErrNotImplemented
}

func (noService) Login(context.Context, *api.LoginRequest) (api.LoginResponse, error) {
	return api.LoginResponse{}, api.ErrNotImplemented
}

func (noService) Upload(context.Context, *api.UploadRequest) (api.UploadResponse, error) {
	return api.UploadResponse{}, api.ErrNotImplemented
}

func (noService) SetPrefs(context.Context, *api.SetPrefsRequest) (api.SetPrefsResponse, error) {
	return api.SetPrefsResponse{}, api.ErrNotImplemented
}

func (noService) ListItems(context.Context, *api.ListItemsRequest) (api.ListItemsResponse, error) {
	return api.ListItemsResponse{}, api.ErrNotImplemented
}

// Items 11 and 12: what a legacy backend gets, and what never reaches it.
func TestLegacyProxy(t *testing.T) {
	var mu sync.Mutex
	var got []*http.Request
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*") // the backend's own CORS never reaches browsers
		io.WriteString(w, "{}")
	}))
	defer backend.Close()
	s, err := New(context.Background(), Config{Auth: AuthOff, Legacy: map[string]string{"files.internal": backend.URL},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, noService{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, target, body string
		want                 int
		backend              string // the backend's request URI for a 200
	}{
		{"GET", "/files/a/b%20c?v=3", "", 200, "/f/a/b%20c?v=3"},
		{"GET", "/files/a/../etc/passwd", "", 400, ""},
		{"GET", "/files/./a", "", 400, ""},
		{"GET", "/files/a/%2E%2e/b", "", 400, ""},
		{"GET", "/files/a%2Fb", "", 400, ""},
		{"GET", "/files/a%5Cb", "", 400, ""},
		{"GET", "/files/a?v=0", "", 400, ""},
		{"GET", "/files/a?v=1&v=2", "", 400, ""},
		{"POST", "/things/%2e%2e?q=x", `{"n":1}`, 400, ""},
		{"POST", "/things/t1?q=x", `{"n":6}`, 400, ""},
		{"POST", "/things/t1", `{"n":1}`, 400, ""},
		{"POST", "/things/t1?q=..%2Fx", `{"n":1}`, 200, "/t/t1?q=..%2Fx"},
	} {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		r := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Origin", "https://app.example")
		r.Header.Set("Authorization", "Bearer caller-token")
		r.Header.Set("Cookie", "session=s3cret")
		r.Header["x_specgate_subject"] = []string{"mallory"}
		r.Header["X-SPECGATE-SCOPES"] = []string{"admin"}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s %s = %d %s, want %d", c.method, c.target, w.Code, w.Body, c.want)
		}
		if w.Header().Get("Access-Control-Allow-Origin") != "https://app.example" || w.Header().Get("Vary") != "Origin" {
			t.Errorf("%s %s: CORS headers %v, want the allowed origin and Vary: Origin", c.method, c.target, w.Header())
		}
		mu.Lock()
		reached := got[n:]
		mu.Unlock()
		if c.want != 200 {
			if len(reached) > 0 {
				t.Errorf("%s %s: refused, yet the backend got %s", c.method, c.target, reached[0].RequestURI)
			}
			continue
		}
		if len(reached) != 1 {
			t.Fatalf("%s %s: the backend got %d requests, want 1", c.method, c.target, len(reached))
		}
		b := reached[0]
		if b.RequestURI != c.backend {
			t.Errorf("%s %s: the backend got %s, want %s", c.method, c.target, b.RequestURI, c.backend)
		}
		for k := range b.Header {
			n := strings.ToLower(strings.ReplaceAll(k, "_", "-"))
			if n == "authorization" || n == "cookie" || strings.HasPrefix(n, "x-specgate-") {
				t.Errorf("%s %s: the backend got the caller's %s header", c.method, c.target, k)
			}
		}
	}
}
