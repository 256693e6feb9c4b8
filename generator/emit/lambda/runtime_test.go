package lambda

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

// TestRuntimeFilesListed: every file of package rt but its tests and
// stand-ins is copied into generated projects as package apirt (the embed
// list names them), with the version stamp.
func TestRuntimeFilesListed(t *testing.T) {
	entries, err := os.ReadDir("rt")
	if err != nil {
		t.Fatal(err)
	}
	files, err := RuntimeFiles("v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	copied := map[string]bool{}
	for _, f := range files {
		copied[f.Path] = true
		if !strings.HasPrefix(string(f.Data), Header) || !strings.Contains(string(f.Data), "\npackage apirt\n") {
			t.Errorf("%s: not a generated file of package apirt", f.Path)
		}
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, "_test.go") || n == "spec.go" || n == "doc.go" {
			continue
		}
		if want := RuntimeDir + strings.TrimSuffix(n, ".go") + ".gen.go"; !copied[want] {
			t.Errorf("rt/%s is not copied as %s: add it to the go:embed list", n, want)
		}
	}
	if !copied[RuntimeVersionFile] {
		t.Fatalf("no %s", RuntimeVersionFile)
	}
	for _, f := range files {
		if f.Path == RuntimeVersionFile && !strings.Contains(string(f.Data), `const Version = "v1.2.3"`) {
			t.Errorf("%s does not carry the version:\n%s", f.Path, f.Data)
		}
	}
}

// TestRuntimeEnvNames: the environment variables the copied verifier reads
// are the ones the SAM template sets (model's names).
func TestRuntimeEnvNames(t *testing.T) {
	src, err := runtimeFS.ReadFile("rt/verify.go")
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]string{"EnvTokenIssuer": model.EnvTokenIssuer, "EnvTokenClientIDs": model.EnvTokenClientIDs, "EnvJWKSURL": model.EnvJWKSURL, "EnvTokenHeader": model.EnvTokenHeader} {
		if !strings.Contains(string(src), fmt.Sprintf("%s = %q", name, v)) {
			t.Errorf("rt/verify.go: %s is not %q", name, v)
		}
	}
}
