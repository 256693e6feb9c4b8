package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContractTestCommand runs specgate test --target URL against a
// loopback server that answers 500 to everything: every case but the
// skipped ones fails, by name, exit 1, with the JSON and JUnit reports.
// Usage errors exit 2.
func TestContractTestCommand(t *testing.T) {
	specPath := filepath.Join("..", "testdata", "print-shop.yaml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"status":500}`))
	}))
	defer srv.Close()
	junit := filepath.Join(t.TempDir(), "contract.xml")
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := Execute(context.Background(), append([]string{"test", "--spec", specPath}, args...), strings.NewReader(""), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	code, out, errOut := run("--target", srv.URL, "--token", "t", "--format", "json", "--junit", junit, "--operation", "getHealth", "--operation", "placeOrder")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errOut)
	}
	var rep struct {
		Failed  bool
		Results []struct{ Name, Outcome, Detail string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--format json: %v\n%s", err, out)
	}
	if !rep.Failed || len(rep.Results) < 5 {
		t.Fatalf("report %+v, want a failed run with the cases of two operations", rep)
	}
	for _, r := range rep.Results {
		if strings.HasPrefix(r.Name, "getHealth/") || strings.HasPrefix(r.Name, "placeOrder/") {
			if r.Outcome == "pass" {
				t.Errorf("%s passed against a server answering 500", r.Name)
			}
			continue
		}
		t.Errorf("--operation let %s through", r.Name)
	}
	if !strings.Contains(errOut, "getHealth/valid") || !strings.Contains(errOut, "placeOrder/valid") {
		t.Errorf("stderr does not name the failed cases: %s", errOut)
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Suite struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &suites); err != nil || suites.Suite.Tests != len(rep.Results) || suites.Suite.Failures == 0 {
		t.Errorf("JUnit report %+v (err %v), want %d tests with failures", suites, err, len(rep.Results))
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, "--format must be text or json"},
		{[]string{"--target", "staging"}, "want local, lambda, or the service's base URL"},
		{[]string{"--target", srv.URL, "--operation", "nope"}, `--operation "nope": no such operation`},
		{[]string{"--target", srv.URL, "--token-url", srv.URL + "/oauth2/token"}, "SPECGATE_CLIENT_ID"},
		{[]string{"--target", "local", "--out", t.TempDir()}, "run specgate generate first"},
	} {
		t.Setenv("SPECGATE_CLIENT_ID", "")
		code, _, errOut := run(c.args...)
		if code != ExitError || !strings.Contains(errOut, c.want) {
			t.Errorf("specgate test %v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}
