package generator_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
)

// TestPlainNumbers: numbers in the generated validation messages and in
// the validation report are written as the spec's author wrote them
// (must be at most 10000000, not 1e+07), and counts of one are singular.
func TestPlainNumbers(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "openapi.yaml")
	if err := os.WriteFile(spec, []byte(`openapi: 3.0.3
info: {title: Numbers, version: "1"}
paths:
  /pay:
    post:
      operationId: pay
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Payment"}
      responses:
        "204": {description: paid}
  /note:
    post:
      operationId: note
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {text: {type: string, maxLength: 1}}}
      responses:
        "204": {description: noted}
components:
  schemas:
    Payment:
      type: object
      required: [amount]
      properties:
        amount: {type: number, minimum: 0.000001, maximum: 10000000, multipleOf: 0.01}
        count: {type: integer, maximum: 1000000000000, exclusiveMaximum: true}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: spec})
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, p := range []string{"api/validate.gen.go", "deploy/validation-report.md"} {
		f, ok := res.Files.Get(p)
		if !ok {
			t.Fatalf("no %s", p)
		}
		all.Write(f.Data)
	}
	got := all.String()
	for _, want := range []string{
		`"must be at most 10000000"`, `"must be at least 0.000001"`, `"must be a multiple of 0.01"`, `"must be less than 1000000000000"`,
		"maximum 10000000", "minimum 0.000001", "exclusiveMaximum 1000000000000",
		"object with 1 property", `"must be at most 1 character long"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("generated validation or report lacks %s", want)
		}
	}
	// Messages and the report; Go literals in the code may use exponents.
	texts := regexp.MustCompile(`"must be [^"]*"`).FindAllString(got, -1)
	report, _ := res.Files.Get("deploy/validation-report.md")
	texts = append(texts, string(report.Data))
	for _, text := range texts {
		if m := regexp.MustCompile(`\d[eE][+-]?\d`).FindString(text); m != "" {
			t.Errorf("exponent notation %q in %.200s", m, text)
		}
	}
}

// TestMessagesNameNoSpecPosition: what a caller can read (every string
// literal of the generated Go the function runs: violation messages,
// problem details) never names the spec's file or a position in it; only
// doc comments do. The specs hold every applicator (not, oneOf, anyOf,
// allOf, if/then/else, 3.1 keywords), inline and as components.
func TestMessagesNameNoSpecPosition(t *testing.T) {
	for _, spec := range []string{
		"../testdata/print-shop.yaml",
		"contract/testdata/applicators.yaml",
		"../bench/validation/testdata/keywords.yaml",
		"../testdata/hostile/shapes.yaml",
	} {
		res, err := generator.Generate(context.Background(), generator.Options{SpecPath: spec, Module: "example.com/m", Kind: model.HTTP})
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		position := regexp.MustCompile(regexp.QuoteMeta(filepath.Base(spec)) + `:\d+`)
		literals := 0
		for _, f := range res.Files.Files() {
			if !strings.HasSuffix(f.Path, ".go") || strings.HasPrefix(f.Path, "handlers/") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("%s: %s: %v", spec, f.Path, err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					literals++
					if position.MatchString(lit.Value) {
						t.Errorf("%s: %s: a string the function can send names the spec's position: %s", spec, f.Path, lit.Value)
					}
				}
				return true
			})
		}
		if literals == 0 {
			t.Fatalf("%s: no string literals found", spec)
		}
	}
}
