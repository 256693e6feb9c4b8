package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
)

// TestHandlerSeesOnlyCheckedValues generates projects, drops the tests of
// testdata/trust into their api packages and runs them. In print-shop
// (trust_test.go): union payments with case-variant or duplicate keys are
// refused before the handler, every union accessor returns the checked
// values, a money amount keeps its cents, an absent limit is 20. In
// defaults.yaml (defaults_test.go): every kind of optional parameter takes
// its typed default. In inline.yaml (inline_test.go): the accessors of
// unions of inline schemas return only checked values, and integer and
// minimum/maximum are exact on the decimal literal; in nullalt.yaml
// (nullalt_test.go) so do those of a union with a {type: "null"} alternative.
func TestHandlerSeesOnlyCheckedValues(t *testing.T) {
	for _, c := range []struct {
		spec, module, test string
		names              []string
		also               []string // more test files for the same project
	}{
		{"../testdata/print-shop.yaml", "example.com/trustsvc", "trust_test.go",
			[]string{"TestUnionCaseVariantsAndDuplicatesRefused", "TestUnionAccessorsSeeCheckedValues", "TestMoneyKeepsCents", "TestParameterDefaultApplied"}, nil},
		{filepath.Join("testdata", "trust", "defaults.yaml"), "example.com/defaultssvc", "defaults_test.go",
			[]string{"TestParameterDefaultsTyped"}, nil},
		{filepath.Join("testdata", "trust", "inline.yaml"), "example.com/inlinesvc", "inline_test.go",
			[]string{"TestInlineUnionAccessorsChecked", "TestNumberBoundsExact", "TestOutOfRangeAndRepeatedKeys", "TestParametersMustBeUTF8"}, nil},
		{filepath.Join("testdata", "trust", "nullalt.yaml"), "example.com/nullaltsvc", "nullalt_test.go",
			[]string{"TestNullAlternativeUnionChecked"}, nil},
	} {
		t.Run(c.test, func(t *testing.T) {
			res, err := generator.Generate(context.Background(), generator.Options{SpecPath: c.spec, Module: c.module})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
				t.Fatal(err)
			}
			for _, name := range append([]string{c.test}, c.also...) {
				src, err := os.ReadFile(filepath.Join("testdata", "trust", name))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "api", name), src, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out, err := runGo(t, dir, 10*time.Minute, "test", "-count=1", "-v", "./api")
			if err != nil {
				t.Fatalf("the tests failed in the generated project: %v\n%s", err, out)
			}
			for _, name := range c.names {
				if !strings.Contains(out, "--- PASS: "+name) {
					t.Errorf("%s did not run and pass:\n%s", name, out)
				}
			}
		})
	}
}
