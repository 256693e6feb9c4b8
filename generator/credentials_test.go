package generator_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
)

// TestNonTokenCredentials generates a service whose operations accept API
// keys, basic auth or tokens, drops testdata/credentials/creds_test.go into
// its api package and runs it: nothing in front of the function verifies
// API keys or basic auth, so the router requires them present (401
// otherwise) and hands them, unverified, to the handler.
func TestNonTokenCredentials(t *testing.T) {
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: "testdata/credentials/openapi.yaml", Module: "example.com/creds"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "credentials", "creds_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api", "creds_test.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-v", "-run", "TestCredentials", "./api")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the generated project: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestCredentials") {
		t.Fatalf("TestCredentials did not run:\n%s", out)
	}
}
