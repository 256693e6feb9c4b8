package generator_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/lint"
	"github.com/specgate/specgate/generator/spec"
)

// specRootRE finds a top-level openapi or swagger version: the entry point
// of a spec, as opposed to a fragment other files $ref.
var specRootRE = regexp.MustCompile(`(?m)^(openapi|swagger)\s*:|^\s*"(openapi|swagger)"\s*:`)

// testdataSpecs lists every spec entry point under the repository's
// testdata directories (not the goldens).
func testdataSpecs(t *testing.T) []realSpec {
	t.Helper()
	var list []realSpec
	for _, root := range []string{"testdata", "lint/testdata", "spec/testdata", filepath.Join("..", "testdata")} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return filepath.SkipDir
			}
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "want" || d.Name() == "script" {
					return filepath.SkipDir
				}
				return nil
			}
			switch filepath.Ext(p) {
			case ".yaml", ".yml", ".json":
			default:
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if specRootRE.Match(data) {
				list = append(list, realSpec{name: filepath.ToSlash(p), path: p})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(list) < 10 {
		t.Fatalf("found only %d specs under testdata; the walk looks wrong", len(list))
	}
	return list
}

// TestLintAgreesWithGenerate runs lint and generate (same defaults) on
// every spec in testdata and ../shared: lint reports an error exactly when
// generate refuses the spec, and then both name the same first position
// when generate gives one.
func TestLintAgreesWithGenerate(t *testing.T) {
	specs := append(testdataSpecs(t), realSpecs(t)...)
	sort.Slice(specs, func(i, j int) bool { return specs[i].path < specs[j].path })
	for _, s := range specs {
		t.Run(s.name, func(t *testing.T) {
			findings, err := lint.File(s.path, lint.Options{})
			if err != nil {
				t.Fatalf("lint: %v", err)
			}
			var lintErrs []string
			lintAt := map[string]bool{}
			for _, f := range findings {
				if f.Severity == lint.Error {
					lintErrs = append(lintErrs, f.Pos()+": "+f.Message+" ["+f.Rule+"]")
					lintAt[f.Pos()] = true
				}
			}
			res, genErr := generate(t, generator.Options{SpecPath: s.path, SpecRelPath: "openapi.yaml"})
			var specErr *spec.Error
			refused := errors.As(genErr, &specErr)
			if genErr != nil && !refused {
				t.Fatalf("generate failed without a *spec.Error (an invalid spec must be refused with positions): %v", genErr)
			}
			if genErr == nil && !isSwagger2(t, s.path) {
				// A request body that is not validated: the same message at
				// the same place (model.PlanBody decides for both). Lint reads
				// OpenAPI 3 request bodies only: a Swagger 2.0 spec's bodies
				// exist once converted, and generate alone warns of them.
				var lintBodies, genBodies []string
				for _, f := range findings {
					if f.Rule == "body-not-validated" {
						lintBodies = append(lintBodies, f.Pos()+": "+f.Message)
					}
				}
				for _, w := range res.Warnings {
					if strings.Contains(w, "request body is refused with 415") || strings.Contains(w, "request body's schema is not enforced") {
						genBodies = append(genBodies, w)
					}
				}
				sort.Strings(lintBodies)
				sort.Strings(genBodies)
				if strings.Join(lintBodies, "\n") != strings.Join(genBodies, "\n") {
					t.Errorf("lint's body-not-validated findings differ from generate's warnings:\nlint:\n%s\ngenerate:\n%s", strings.Join(lintBodies, "\n"), strings.Join(genBodies, "\n"))
				}
			}
			switch {
			case refused && len(lintErrs) == 0:
				t.Errorf("generate refuses the spec, lint reports no error:\n%v", genErr)
			case !refused && len(lintErrs) > 0:
				t.Errorf("lint reports errors, generate accepts the spec:\n%s", strings.Join(lintErrs, "\n"))
			case refused:
				// A syntax error or an unresolved $ref: lint names every
				// place generate names.
				for _, p := range specErr.Problems {
					if (p.Hint == spec.SyntaxHint || p.Hint == spec.RefHint) && !lintAt[p.Pos.String()] {
						t.Errorf("generate refuses at %s, lint reports no error there:\n%s\nlint:\n%s", p.Pos, p.Msg, strings.Join(lintErrs, "\n"))
					}
				}
			}
		})
	}
}

// isSwagger2 reports whether the spec at path is a Swagger 2.0 document.
func isSwagger2(t *testing.T, path string) bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return swagger2RE.Match(data)
}

// swagger2RE finds a Swagger 2.0 version field, in YAML or JSON.
var swagger2RE = regexp.MustCompile(`(?m)^swagger\s*:|"swagger"\s*:`)
