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

// TestHandlerSeesOnlyCheckedValues builds print-shop, drops
// testdata/trust/trust_test.go into its api package and runs it: union
// payments with case-variant or duplicate keys are refused before the
// handler, every union accessor returns the checked values, a money amount
// keeps its cents, and an absent parameter takes its default.
func TestHandlerSeesOnlyCheckedValues(t *testing.T) {
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: "../testdata/print-shop.yaml", Module: "example.com/trustsvc"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := writer.Write(dir, res.Files, writer.Options{}); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "trust", "trust_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api", "trust_test.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runGo(t, dir, 10*time.Minute, "test", "-count=1", "-v", "./api")
	if err != nil {
		t.Fatalf("the trust tests failed in the generated project: %v\n%s", err, out)
	}
	for _, name := range []string{"TestUnionCaseVariantsAndDuplicatesRefused", "TestUnionAccessorsSeeCheckedValues", "TestMoneyKeepsCents", "TestParameterDefaultApplied"} {
		if !strings.Contains(out, "--- PASS: "+name) {
			t.Errorf("%s did not run and pass:\n%s", name, out)
		}
	}
}
