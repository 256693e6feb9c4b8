package generator_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
)

// shapeSpecs are the degenerate shapes under testdata/shapes: a project
// must compile and vet whatever the mix of operations.
var shapeSpecs = []struct {
	file string
	opts generator.Options
}{
	{file: "legacy-only.yaml"},                                              // no Lambda operation: an empty Handler
	{file: "legacy-only.yaml", opts: generator.Options{Kind: "http"}},       // the same behind an HTTP API
	{file: "public-only.yaml"},                                              // no secured operation, no scheme
	{file: "public-only.yaml", opts: generator.Options{Authorizer: "none"}}, // no authorizer at all
	{file: "secured-only.yaml"},                                             // no public operation
	{file: "proxy-only.yaml"},                                               // only {proxy+}
	{file: "no-operations.yaml"},                                            // paths: {}
}

// TestShapesBuild generates every degenerate shape into one temporary
// directory and builds and vets them all with one `go build` and one
// `go vet` over a go.work that uses every project (one shared build).
func TestShapesBuild(t *testing.T) {
	goTool := goBinary(t)
	root := t.TempDir()
	var uses, pkgs []string
	for i, s := range shapeSpecs {
		name := fmt.Sprintf("%s-%d", strings.TrimSuffix(s.file, ".yaml"), i)
		dir := filepath.Join(root, name)
		opts := s.opts
		opts.SpecPath = filepath.Join("..", "testdata", "shapes", s.file)
		opts.SpecRelPath = "openapi.yaml"
		opts.Module = "example.com/" + name
		res, err := generate(t, opts)
		if err != nil {
			t.Fatalf("%s (%+v): generate: %v", s.file, s.opts, err)
		}
		if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
			t.Fatalf("%s: write: %v", s.file, err)
		}
		uses = append(uses, "./"+name)
		pkgs = append(pkgs, opts.Module+"/...")
	}
	work := "go 1.26.0\n\nuse (\n\t" + strings.Join(uses, "\n\t") + "\n)\n"
	if err := os.WriteFile(filepath.Join(root, "go.work"), []byte(work), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"build", "vet"} {
		cmd := exec.Command(goTool, append([]string{verb}, pkgs...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s over every shape: %v\n%s", verb, err, tail(out, 40))
		}
	}
}
