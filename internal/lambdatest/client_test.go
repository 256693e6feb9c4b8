package lambdatest_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
// golang.org/x/oauth2.
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
}
