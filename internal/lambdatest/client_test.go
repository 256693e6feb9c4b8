package lambdatest_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/specgate/specgate/internal/lambdatest"
)

// TestClient generates print-shop, runs its local server with dev tokens in
// front of handlers that answer every operation (and a loopback stand-in for
// the legacy backends), and runs testdata/clientcheck inside the generated
// project: the generated client calls every operation (typed results;
// *client.ProblemError for 400 with violations, 401, 403, 404, 412), retries
// a GET after a 503 with Retry-After and does not retry a POST; with
// WithRequestValidation it refuses invalid requests without sending them,
// with the violations the service gives (TestRequestValidation). It also
// checks that neither the Lambda nor the api package links the client or
// golang.org/x/oauth2 (before the GetHealth handler is made to call another
// service with it). Request ids (issue 20, TestRequestID): an id given with
// client.ContextWithRequestID comes back on the answer and is in the
// server's JSON log line; a malformed one is never sent and is replaced;
// the id and traceparent of the request a handler serves go on when it
// calls another service with its context; a legacy backend gets the id.
func TestClient(t *testing.T) {
	dir := t.TempDir()
	lambdatest.GenerateProject(t, printShop, lambdatest.WithDir(dir), lambdatest.WithModule(module))
	writeHandlers(t, dir)
	writeFiles(t, dir, "localhandlers", "handlers")
	writeFiles(t, dir, "clienthandlers", "handlers")
	if err := os.MkdirAll(filepath.Join(dir, "clientcheck"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, "clientcheck", "clientcheck")

	for _, pkg := range []string{"./cmd/lambda", "./api"} {
		deps := goOutput(t, dir, "list", "-deps", pkg)
		for _, banned := range []string{module + "/client", "golang.org/x/oauth2"} {
			if strings.Contains(deps, banned+"\n") {
				t.Errorf("%s depends on %s", pkg, banned)
			}
		}
	}

	// From here on the GetHealth handler calls the relay with the client
	// (so the Lambda links it): TestRequestID's ids must go on.
	writeFiles(t, dir, "relayhandlers", "handlers")
	relay := newRelay(t)
	t.Setenv("PRINTSHOP_RELAY_URL", relay.URL)

	stub := newLegacyStub(t)
	bin := lambdatest.BuildLocal(t, dir)
	srv := lambdatest.StartLocal(t, bin, dir,
		"--legacy", "LegacyShippingURL="+stub.url,
		"--legacy", "pricing.legacy.print-shop.internal="+stub.url+"/pricing")
	mint := func(scopes string) string {
		t.Helper()
		cmd := exec.Command(bin, "token", "--scope", scopes, "--sub", "svc-orders")
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("local-server token: %v\n%s", err, stderr.Bytes())
		}
		return strings.TrimSpace(string(out))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "./clientcheck")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "PRINTSHOP_URL="+srv.URL,
		"PRINTSHOP_TOKEN_ALL="+mint("catalog/read catalog/write orders/read orders/write offers/write shipping/read"),
		"PRINTSHOP_TOKEN_READ="+mint("catalog/read"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test ./clientcheck in the generated project: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("ok")) {
		t.Fatalf("go test ./clientcheck: %s", out)
	}

	// TestRequestID's ids: in the server's JSON log, and sent on by the
	// handler; a malformed one nowhere.
	const batchID, relayID, tp = "batch-2026-12-03.7", "relay-42.case_7", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	const legacyID = "legacy-7.track"
	stub.mu.Lock()
	legacyGot := slices.ContainsFunc(stub.got, func(f forwarded) bool { return f.requestID == legacyID })
	stub.mu.Unlock()
	if !legacyGot {
		t.Errorf("the legacy backend never got X-Request-Id %q the client sent", legacyID)
	}
	requestLine(t, srv.Output, legacyID, 200)
	requestLine(t, srv.Output, batchID, 200)
	requestLine(t, srv.Output, batchID, 400)
	requestLine(t, srv.Output, relayID, 200)
	got := relay.got()
	if !slices.Contains(got, [2]string{batchID, ""}) || !slices.Contains(got, [2]string{relayID, tp}) {
		t.Errorf("the relay got (X-Request-Id, Traceparent) %q, want (%s, none) and (%s, %s)", got, batchID, relayID, tp)
	}
	for _, h := range got {
		if h[0] == "" || strings.ContainsAny(h[0], " <>") {
			t.Errorf("the handler sent X-Request-Id %q on, want the well-formed id of the request it served", h[0])
			continue
		}
		requestLine(t, srv.Output, h[0], 200) // the id the server gave (the malformed one's replacement among them)
	}
	if strings.Contains(srv.Output(), "MALFORMED") {
		t.Errorf("the malformed id reached the server's log:\n%s", srv.Output())
	}
}

// relay stands in for a service the GetHealth handler calls: it answers
// ok and records each request's X-Request-Id and Traceparent.
type relayStub struct {
	*httptest.Server
	mu      sync.Mutex
	headers [][2]string
}

func newRelay(t *testing.T) *relayStub {
	r := &relayStub{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.headers = append(r.headers, [2]string{req.Header.Get("X-Request-Id"), req.Header.Get("Traceparent")})
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"ok"}`))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *relayStub) got() [][2]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.headers)
}
