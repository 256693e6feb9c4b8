package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
)

// TestUntypedObjectSchemas: a schema with properties, required or
// additionalProperties but no type accepts non-objects, as JSON Schema
// says, so its Go type is interface{} (itself, through allOf members or
// nested as a property or items schema), while type: object, or an allOf
// member that has it, keeps a struct holding every member's fields;
// beside patternProperties, additionalProperties' map holds any value;
// generate names the untyped ones in one warning. Every
// body is sent through the generated handler of a project generated from
// testdata/untyped/openapi.yaml.
func TestUntypedObjectSchemas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated project")
	}
	t.Parallel()
	specPath := filepath.Join("testdata", "untyped", "openapi.yaml")
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: specPath, Module: "example.com/suitesvc", Kind: "http"})
	if err != nil {
		t.Fatal(err)
	}
	const warning = "5 schemas have properties, required or additionalProperties but no type: as JSON Schema says, non-objects pass too, so the Go type is interface{}, not a struct: InlineAllOfBody, RefUntyped, Typed/properties/list/items, Typed/properties/loose, Untyped (add type: object"
	if w := strings.Join(res.Warnings, "\n"); !strings.Contains(w, warning) {
		t.Errorf("generate does not name the schemas given an untyped Go value; want %q in:\n%s", warning, w)
	}
	var types []byte
	for _, f := range res.Files.Files() {
		if f.Path == "api/types.gen.go" {
			types = f.Data
		}
	}
	decls := goTypeDecls(t, types)
	for name, want := range map[string]string{
		"Untyped":         "= interface{}",
		"RefUntyped":      "= interface{}", // allOf of an untyped schema and a member without type
		"InlineAllOfBody": "= interface{}",
		"Typed":           "struct{List *[]interface{}; Loose interface{}; Name *string}",
		"Merged":          "struct{Extra *string; List *[]interface{}; Loose interface{}; Name *string}",
		"EitherBody":      "struct{union json.RawMessage}",
		"Patterns":        "struct{Name *string; AdditionalProperties map[string]interface{}}",
	} {
		if got := decls[name]; got != want {
			t.Errorf("type %s: got %q, want %q", name, got, want)
		}
	}

	type c struct {
		path, body string
		status     int // 501: reached the handler stub; 400: refused
	}
	cases := []c{
		{"/refUntyped", `"a string"`, 501},
		{"/refUntyped", `[1, 2]`, 501},
		{"/refUntyped", `7`, 501},
		{"/refUntyped", `{"id": "ab"}`, 501},
		{"/refUntyped", `{"id": "a"}`, 400},          // minLength of the second member
		{"/refUntyped", `{}`, 400},                   // id required
		{"/refUntyped", `{"id": "ab", "x": 1}`, 400}, // additionalProperties: false
		{"/refUntyped", `null`, 501},                 // OpenAPI 3.1: no type, so null too
		{"/merged", `null`, 400},                     // Typed says object
		{"/merged", `[1]`, 400},
		{"/merged", `"x"`, 400},
		{"/merged", `{"name": "n", "extra": "e", "loose": "anything"}`, 501},
		{"/merged", `{"loose": [1, 2]}`, 501},
		{"/merged", `{"loose": {"x": 1}}`, 501},
		{"/merged", `{"loose": {"x": "1"}}`, 400},
		{"/merged", `{"extra": 1}`, 400},
		{"/merged", `{"list": [1, "s", {"y": 2}]}`, 501},
		{"/merged", `{"list": [{"y": "s"}]}`, 400},
		{"/inlineAllOf", `true`, 501},
		{"/inlineAllOf", `{"a": "x"}`, 501},
		{"/inlineAllOf", `{}`, 400},
		{"/inlineAllOf", `{"a": 1}`, 400},
		{"/either", `"x"`, 501},         // Untyped only
		{"/either", `{}`, 501},          // Typed only (Untyped requires id)
		{"/either", `{"id": "a"}`, 400}, // both: oneOf wants exactly one
		{"/either", `[]`, 501},          // Untyped only
		{"/patterns", `{"x-a": [1], "b": 2, "name": "n"}`, 501},
		{"/patterns", `{"x-a": 1}`, 400},
		{"/patterns", `{"b": [1]}`, 400},
	}
	instances := make([]suiteInstance, len(cases))
	for i, x := range cases {
		instances[i] = suiteInstance{Path: x.path, Body: json.RawMessage(x.body)}
	}
	verdicts := generatedVerdicts(t, specPath, filepath.Join(t.TempDir(), "project"), instances)
	for i, x := range cases {
		if verdicts[i] != x.status {
			t.Errorf("POST %s %s: got %d, want %d", x.path, x.body, verdicts[i], x.status)
		}
	}
}

// goTypeDecls returns each type declaration of src as "= T" for an alias
// or "struct{Field T; ...}" for a struct (fields in order, tags left out).
func goTypeDecls(t *testing.T, src []byte) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "types.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	expr := func(e ast.Expr) string {
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, e); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			if ts.Assign.IsValid() {
				out[ts.Name.Name] = "= " + expr(ts.Type)
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				out[ts.Name.Name] = expr(ts.Type)
				continue
			}
			var b bytes.Buffer
			b.WriteString("struct{")
			for i, fl := range st.Fields.List {
				if i > 0 {
					b.WriteString("; ")
				}
				for j, n := range fl.Names {
					if j > 0 {
						b.WriteString(", ")
					}
					b.WriteString(n.Name + " ")
				}
				b.WriteString(expr(fl.Type))
			}
			b.WriteString("}")
			out[ts.Name.Name] = b.String()
		}
	}
	return out
}
