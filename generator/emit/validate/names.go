package validate

import (
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// The generated decoders are named by what they check, with one rule:
//
//   - a component schema is named by its component (NewOffer);
//   - a parameter's schema by its operation, location and name
//     (ListOrdersQueryStatus), a JSON body's by its operation (PlaceOrderBody);
//   - a subschema by its parent and its place in it: a property adds the
//     property's name (NewOfferAudience), items add Item, additionalProperties
//     Value, the n-th allOf/oneOf/anyOf part AllOfN/OneOfN/AnyOfN, not Not, and
//     so on for every applicator.
//
// The first place the walk meets a schema names it: operations in order,
// parameters before the body, properties in name order. A decoder that
// stores into a Go type is validateX, one that only checks is checkX; one
// that stores into a pointer (an optional or nullable value) adds Ptr, one
// that checks what is left of a schema after its composite keywords adds
// Shape. Names that still collide get 2, 3, ... in the order they are first
// needed, so the same spec always gives the same names. Decoders whose code
// is the same are merged afterwards (dedupeFuncs): the first name stays.

// schemaNames gives every schema reachable from api's operations its name.
func schemaNames(api *model.API) map[*model.JSONSchema]string {
	names := map[*model.JSONSchema]string{}
	var walk func(s *model.JSONSchema, name string)
	walk = func(s *model.JSONSchema, name string) {
		if s == nil {
			return
		}
		if _, ok := names[s]; ok {
			return
		}
		if s.Component != "" {
			name = model.GoName(s.Component, "Schema")
		}
		names[s] = name
		for _, p := range s.Properties {
			walk(p.Schema, name+model.CamelWords(p.Name))
		}
		walk(s.Items, name+"Item")
		walk(s.Additional, name+"Value")
		parts := func(list []*model.JSONSchema, kw string) {
			for i, x := range list {
				walk(x, fmt.Sprintf("%s%s%d", name, kw, i+1))
			}
		}
		parts(s.AllOf, "AllOf")
		parts(s.OneOf, "OneOf")
		parts(s.AnyOf, "AnyOf")
		parts(s.PrefixItems, "PrefixItem")
		walk(s.Not, name+"Not")
		walk(s.Contains, name+"Contains")
		walk(s.PropertyNames, name+"PropertyName")
		for i, pp := range s.PatternProperties {
			walk(pp.Schema, fmt.Sprintf("%sPatternProperty%d", name, i+1))
		}
		for _, d := range s.DependentSchemas {
			walk(d.Schema, name+"If"+model.CamelWords(d.Name))
		}
		walk(s.If, name+"If")
		walk(s.Then, name+"Then")
		walk(s.Else, name+"Else")
		walk(s.UnevaluatedItems, name+"UnevaluatedItem")
		walk(s.UnevaluatedProperties, name+"UnevaluatedProperty")
	}
	for _, op := range api.Operations {
		for _, p := range op.Params {
			if p.Validation != nil {
				walk(p.Validation.Schema, op.GoName+model.CamelWords(string(p.In))+p.GoName)
			}
		}
		if op.Body != nil {
			walk(op.Body.Schema, op.GoName+"Body")
		}
	}
	return names
}

// fnName is the name of the decoder of f, unique among the decoders.
func (g *gen) fnName(f *fnReq) string {
	var parts []string
	for _, r := range f.roots {
		parts = append(parts, g.schemaName(r))
	}
	base := strings.Join(parts, "And")
	if base == "" {
		base = "Any"
	}
	verb := "check"
	if f.t != nil {
		verb = "validate"
	}
	suffix := ""
	if f.t != nil && f.t.kind == kPtr {
		suffix = "Ptr"
	}
	if f.shape {
		suffix += "Shape"
	}
	return g.namer.Unique(verb + base + suffix)
}

// schemaName is what s is called in function names.
func (g *gen) schemaName(s *model.JSONSchema) string {
	if n, ok := g.names[s]; ok {
		return n
	}
	// Reached only through a schema the walk does not follow: named by its
	// number, still unique and stable.
	return fmt.Sprintf("Schema%d", s.ID)
}
