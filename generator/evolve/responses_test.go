package evolve

import (
	"fmt"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestResponseFieldWalk checks the walk a typed client's view is made of:
// allOf merged, oneOf alternatives together (required only when all
// require), recursion cut, and a bound on mutually recursive schemas.
func TestResponseFieldWalk(t *testing.T) {
	prop := func(typ string) *openapi3.SchemaRef {
		return openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{typ}})
	}
	a := &openapi3.Schema{Type: &openapi3.Types{"object"}, Required: []string{"id", "kind"}, Properties: openapi3.Schemas{"id": prop("string"), "kind": prop("string")}}
	b := &openapi3.Schema{Type: &openapi3.Types{"object"}, Required: []string{"id"}, Properties: openapi3.Schemas{"id": prop("string"), "refund": prop("number")}}
	node := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{"name": prop("string")}}
	node.Properties["children"] = openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: openapi3.NewSchemaRef("", node)})
	top := &openapi3.Schema{
		AllOf: openapi3.SchemaRefs{openapi3.NewSchemaRef("", &openapi3.Schema{Properties: openapi3.Schemas{"tree": openapi3.NewSchemaRef("", node)}})},
		OneOf: openapi3.SchemaRefs{openapi3.NewSchemaRef("", a), openapi3.NewSchemaRef("", b)},
	}
	f := fieldSet{}
	if !f.collect([]*openapi3.SchemaRef{openapi3.NewSchemaRef("", top)}, "", map[*openapi3.Schema]bool{}) {
		t.Fatal("walk gave up on a small schema")
	}
	// The recursion is cut where node repeats: its fields are listed once.
	want := fieldSet{"id": true, "kind": false, "refund": false, "tree": false, "tree.name": false, "tree.children": false}
	for p, req := range want {
		if got, ok := f[p]; !ok || got != req {
			t.Errorf("field %s: present %t required %t, want required %t", p, ok, got, req)
		}
	}
	if len(f) != len(want) {
		t.Errorf("fields %v, want %v", f, want)
	}

	// Twelve schemas that each name all the others: the paths are
	// factorial in number; the walk stops at maxFields, fast.
	const n = 12
	all := make([]*openapi3.Schema, n)
	for i := range all {
		all[i] = &openapi3.Schema{Properties: openapi3.Schemas{}}
	}
	for i, s := range all {
		for j, o := range all {
			if i != j {
				s.Properties[fmt.Sprint("p", j)] = openapi3.NewSchemaRef("", o)
			}
		}
	}
	start := time.Now()
	if (fieldSet{}).collect([]*openapi3.SchemaRef{openapi3.NewSchemaRef("", all[0])}, "", map[*openapi3.Schema]bool{}) {
		t.Error("the walk listed every path of twelve mutually recursive schemas: the bound did not apply")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the bounded walk took %v", d)
	}
}

// TestResponseFieldRules pins which oasdiff response rules are errors: a
// field or structure lost (whatever level the check emits), not a widened
// value range.
func TestResponseFieldRules(t *testing.T) {
	for _, id := range []string{"response-body-all-of-removed", "response-property-all-of-removed", "response-body-one-of-added",
		"response-property-any-of-added", "response-property-became-nullable", "response-property-type-changed",
		"response-optional-property-removed", "response-media-type-removed", "response-property-list-of-types-widened"} {
		if !responseFieldRules[id] {
			t.Errorf("%s is not an error", id)
		}
	}
	for _, id := range []string{"response-property-enum-value-added", "response-property-max-length-increased",
		"response-optional-property-added", "response-success-status-added", "response-property-pattern-changed"} {
		if responseFieldRules[id] {
			t.Errorf("%s is an error", id)
		}
	}
}
