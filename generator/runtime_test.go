package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
)

// TestGeneratedRuntime generates testdata/runtime/openapi.yaml with a CORS
// origin, drops testdata/runtime/runtime_check_test.go into the project's
// api package (and testdata/runtime/local_check_test.go into its local
// package) and runs them there: JSON string responses are JSON (issue 12
// item 5), a repeated single-valued query parameter is refused the same
// way from REST and HTTP API events (item 4), every answer carries the
// CORS headers for allowed origins only (item 17), and the local legacy
// proxy refuses dot segments and encoded slashes, checks the spec first and
// forwards no caller credentials or identity headers (items 11 and 12).
func TestGeneratedRuntime(t *testing.T) {
	res, err := generator.Generate(context.Background(), generator.Options{
		SpecPath: filepath.Join("testdata", "runtime", "openapi.yaml"), Module: "example.com/rt",
		CORSOrigins: []string{"https://app.example"},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
		t.Fatal(err)
	}
	for file, pkg := range map[string]string{"runtime_check_test.go": "api", "local_check_test.go": "local", "client_check_test.go": "client"} {
		src, err := os.ReadFile(filepath.Join("testdata", "runtime", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, pkg, file), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runGo(t, dir, 10*time.Minute, "test", "-count=1", "./api", "./local", "./client")
	if err != nil {
		t.Fatalf("the runtime checks failed in the generated project: %v\n%s", err, out)
	}
}
