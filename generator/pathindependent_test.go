package generator_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/specgate/specgate/generator"
)

// TestOutputIndependentOfSpecPath: the same spec named by a relative and by
// an absolute path (as when specgate runs from another directory) gives
// byte-identical files, so `specgate check` works from anywhere.
func TestOutputIndependentOfSpecPath(t *testing.T) {
	rel := filepath.Join("..", "testdata", "print-shop.yaml")
	abs, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Fatal(err)
	}
	gen := func(spec string) *generator.Result {
		res, err := generator.Generate(context.Background(), generator.Options{SpecPath: spec, Module: "example.com/ps"})
		if err != nil {
			t.Fatalf("generate %s: %v", spec, err)
		}
		return res
	}
	a, b := gen(rel), gen(abs)
	if a.Files.Len() != b.Files.Len() {
		t.Fatalf("%d files from %s, %d from %s", a.Files.Len(), rel, b.Files.Len(), abs)
	}
	for _, f := range a.Files.Files() {
		g, ok := b.Files.Get(f.Path)
		if !ok {
			t.Errorf("%s: missing when the spec is %s", f.Path, abs)
			continue
		}
		if !bytes.Equal(f.Data, g.Data) {
			t.Errorf("%s differs between spec paths %s and %s", f.Path, rel, abs)
		}
	}
}
