package types

import (
	"context"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// countingSource counts the documents the adapter asks for: one per
// oapi-codegen run, or per renaming decided before one.
type countingSource struct {
	Source
	calls int
}

func (c *countingSource) Document(ctx context.Context) (map[string]any, error) {
	c.calls++
	return c.Source.Document(ctx)
}

// emitFile runs the spec at path through the model and the adapter.
func emitFile(t *testing.T, path string) (*Result, *model.API, int) {
	t.Helper()
	ctx := context.Background()
	doc, err := spec.Load(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	api, ts, err := spec.ToModel(doc, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := &countingSource{Source: ts}
	res, err := Emit(ctx, api, src)
	if err != nil {
		t.Fatalf("Emit: %v", err)
	}
	return res, api, src.calls
}

// typeDecls are the type names res declares, and the first token of each
// declaration ("struct", "string", "=").
func typeDecls(res *Result) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(res.Source), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "type" {
			out[f[1]] = f[2]
		}
	}
	return out
}

// TestInlineNamesDecidedBeforeOapiCodegen: inline enums and unions whose
// names oapi-codegen would derive alike (Order/status and Order/Status,
// A/bC and AB/c, an inline enum and the component OrderStatus) get names
// by the model's rule before it runs, the components keeping theirs; a
// component with the name oapi-codegen gives a union element (PaidPay0) is
// renamed first. oapi-codegen runs once: no failure is read.
func TestInlineNamesDecidedBeforeOapiCodegen(t *testing.T) {
	res, api, calls := emitFile(t, filepath.Join("..", "..", "..", "testdata", "shapes", "type-names.yaml"))
	if calls != 2 { // the renaming of PaidPay0, then the one run
		t.Errorf("asked for %d documents, want 2 (one rename decided up front, one oapi-codegen run)", calls)
	}
	want := map[string]string{
		"OrderStatus":    "struct", // the component keeps its name
		"OrderStatus2":   "string", // Order/Status
		"OrderStatus3":   "string", // Order/status
		"Order_Pay":      "struct",
		"Order_Pay2":     "struct",
		"ABC":            "string", // A/bC
		"ABC2":           "int",    // AB/c
		"PaidPay0":       "=",      // oapi-codegen's union element
		"PaidPay0Schema": "struct", // the component it took the name of
		"PaidKind0":      "string", // an enum element is the element's type
	}
	got := typeDecls(res)
	for name, kind := range want {
		if got[name] != kind {
			t.Errorf("type %s: got %q, want %q (declared: %v)", name, got[name], kind, got)
		}
	}
	if _, twice := got["PaidKind02"]; twice {
		t.Errorf("the enum element PaidKind0 was declared under a second name: %v", got)
	}
	w := strings.Join(api.Warnings, "\n")
	if strings.Contains(w, "collides") {
		t.Errorf("a name was settled after oapi-codegen failed:\n%s", w)
	}
	if !strings.Contains(w, "schema type PaidPay0 is the name oapi-codegen gives an inline type of another schema; renamed to PaidPay0Schema") {
		t.Errorf("the renaming of PaidPay0 is not reported:\n%s", w)
	}
	if idx := sort.SearchStrings(res.Idents, "OrderStatus3"); idx == len(res.Idents) || res.Idents[idx] != "OrderStatus3" {
		t.Errorf("Idents do not list OrderStatus3: %v", res.Idents)
	}
}

// TestDuplicateTypenameRetried: a name no planning can foresee (an
// author's x-go-type-name that is a component's name) still makes
// oapi-codegen fail with a duplicate type name; the adapter reads that
// failure, renames the component and runs it again.
func TestDuplicateTypenameRetried(t *testing.T) {
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	src := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      security: []
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/State'}}}}}
components:
  schemas:
    State: {type: object, properties: {code: {type: integer}}}
    Order:
      type: object
      properties:
        state: {type: string, enum: [open, closed], x-go-type-name: State}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, api, calls := emitFile(t, file)
	if calls != 2 {
		t.Errorf("oapi-codegen ran %d times, want 2 (one failure, one retry)", calls)
	}
	got := typeDecls(res)
	if got["State"] != "string" || got["StateSchema"] != "struct" {
		t.Errorf("want the author's enum State and the component renamed StateSchema, got %v", got)
	}
	if w := strings.Join(api.Warnings, "\n"); !strings.Contains(w, "schema type State collides with a type oapi-codegen derives from another schema; renamed to StateSchema") {
		t.Errorf("the renaming is not reported:\n%s", w)
	}
}

// TestSourceGofmtStable: the types source is gofmt's output already
// (oapi-codegen formats what it writes, and checkUnions replaces call
// expressions by call expressions), so the Lambda emitter writes it
// without formatting it again. Unions included (print-shop, SendGrid).
func TestSourceGofmtStable(t *testing.T) {
	for _, f := range []string{
		filepath.Join("..", "..", "..", "testdata", "print-shop.yaml"),
		filepath.Join("..", "..", "..", "testdata", "e2e", "odd-names", "openapi.yaml"),
		filepath.Join("..", "..", "..", "..", "shared", "specs", "discord-api.json"),
	} {
		res, _, _ := emitFile(t, f)
		out, err := format.Source(res.Source)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if string(out) != string(res.Source) {
			t.Errorf("%s: the types source changes under gofmt", f)
		}
		if strings.Contains(f, "print-shop") && len(res.Unions) == 0 {
			t.Errorf("%s: no unions: the accessors' rewriting is not covered", f)
		}
	}
}
