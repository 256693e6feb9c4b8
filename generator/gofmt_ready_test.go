package generator_test

import (
	"bytes"
	"go/format"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
)

// requireGofmtReady fails unless every Go file of files is byte-identical
// to go/format's result for it. Generation runs go/format only on the Go
// that is not written gofmt'd (the validation emitter's); the templates,
// the types emitter, the runtime copies and the comments must come out
// exactly as go/format prints them (gocode.DocComment, IndentedComment).
func requireGofmtReady(t *testing.T, files *writer.FileSet) {
	t.Helper()
	checked := 0
	for _, f := range files.Files() {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		checked++
		out, err := format.Source(f.Data)
		if err != nil {
			t.Errorf("%s does not parse: %v", f.Path, err)
			continue
		}
		if !bytes.Equal(out, f.Data) {
			t.Errorf("%s is not as go/format prints it (-generated +formatted):\n%s", f.Path, cmp.Diff(string(f.Data), string(out)))
		}
	}
	if checked == 0 {
		t.Errorf("no Go file generated")
	}
}

// TestGoOutputNeedsNoFormat generates every golden case, the hostile and
// shape specs and the largest real specs, and requires each generated Go
// file to be exactly what go/format makes of it. TestRealSpecs checks the
// rest of the shared corpus the same way.
func TestGoOutputNeedsNoFormat(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run("golden/"+c.name, func(t *testing.T) {
			res, err := generate(t, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			requireGofmtReady(t, res.Files)
		})
	}
	shapes, err := filepath.Glob("../testdata/shapes/*.yaml")
	if err != nil || len(shapes) == 0 {
		t.Fatalf("no shape specs: %v", err)
	}
	specs := []struct {
		path string
		kind model.APIKind
	}{
		{"../testdata/hostile/names.yaml", model.REST},
		{"../testdata/hostile/shapes.yaml", model.HTTP},
		{"../testdata/hostile/swagger2.json", model.REST},
		{"../testdata/hostile/external/openapi.yaml", model.REST},
		{"../testdata/print-shop.yaml", model.REST},
		{"../testdata/print-shop.yaml", model.HTTP},
	}
	for _, s := range shapes {
		specs = append(specs, struct {
			path string
			kind model.APIKind
		}{s, model.HTTP})
	}
	for _, name := range []string{"kinopenapi-sendgrid-v3.json", "okta-management-2024.06.1.yaml", "box-openapi.json", "spree-admin.yaml"} {
		specs = append(specs, struct {
			path string
			kind model.APIKind
		}{filepath.Join(sharedDir, "specs", name), model.HTTP})
	}
	for _, s := range specs {
		t.Run(filepath.Base(s.path)+"/"+string(s.kind), func(t *testing.T) {
			res, err := generate(t, generator.Options{SpecPath: s.path, Kind: s.kind})
			if err != nil {
				t.Fatal(err)
			}
			requireGofmtReady(t, res.Files)
		})
	}
}
