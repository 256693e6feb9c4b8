package generator_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
)

// TestBenchCodeFresh fails when the generated code that bench/validation
// measures and tests is older than the generator: rerun
// bench/validation/regen.sh.
func TestBenchCodeFresh(t *testing.T) {
	for _, c := range []struct{ name, spec string }{
		{"printshop", "../testdata/print-shop.yaml"},
		{"keywords", "../bench/validation/testdata/keywords.yaml"},
	} {
		res, err := generator.Generate(context.Background(), generator.Options{SpecPath: c.spec, Module: "example.com/" + c.name})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files.Files() {
			if !strings.HasPrefix(f.Path, "api/") {
				continue
			}
			have, err := os.ReadFile(filepath.Join("..", "bench", "validation", c.name, filepath.FromSlash(f.Path)))
			if err != nil || !bytes.Equal(have, f.Data) {
				t.Errorf("bench/validation/%s/%s is stale (%v): run bench/validation/regen.sh", c.name, f.Path, err)
			}
		}
	}
}
