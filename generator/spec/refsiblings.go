package spec

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// unevaluatedBesideRef returns the schema ref stands for, with the
// keywords written next to an OpenAPI 3.1 $ref and the referenced schema's
// unevaluatedItems and unevaluatedProperties each seeing what JSON Schema
// 2020-12 has them see.
//
// kin-openapi applies the keywords next to a $ref to a copy of the
// referenced schema as one more allOf member (the "conjunct", which
// shares the $ref's origin). That is right for every keyword but these
// two, which see the annotations of their own schema object's applicators:
//
//   - written next to the $ref, they see what the referenced schema
//     evaluates too, so `{$ref: Base, properties: {extra},
//     unevaluatedProperties: false}` accepts Base's properties; inside the
//     conjunct they would see its own properties only. They move up,
//     beside the allOf.
//   - written in the referenced schema, they see only what it evaluates,
//     not the keywords next to the $ref (a new scope); in the copy, the
//     conjunct would count as theirs. The referenced schema then becomes
//     an allOf member of its own, beside the conjunct.
//
// ref.Value is never changed (it may be shared).
func unevaluatedBesideRef(ref *openapi3.SchemaRef) *openapi3.Schema {
	s := ref.Value
	if ref.Ref == "" || ref.Origin == nil || len(s.AllOf) == 0 {
		return s
	}
	last := s.AllOf[len(s.AllOf)-1]
	if last == nil || last.Ref != "" || last.Value == nil || last.Value.Origin != ref.Origin {
		return s
	}
	items, props := last.Value.UnevaluatedItems, last.Value.UnevaluatedProperties
	targetHas := setBoolSchema(s.UnevaluatedItems) || setBoolSchema(s.UnevaluatedProperties)
	if !setBoolSchema(items) && !setBoolSchema(props) && !targetHas {
		return s
	}
	conj := *last.Value
	conj.UnevaluatedItems, conj.UnevaluatedProperties = openapi3.BoolSchema{}, openapi3.BoolSchema{}
	own := s.AllOf[:len(s.AllOf)-1] // the referenced schema's allOf
	if !targetHas {
		out := *s
		out.AllOf = slices.Clone(own)
		if !conj.IsEmpty() {
			out.AllOf = append(out.AllOf, &openapi3.SchemaRef{Value: &conj})
		}
		out.UnevaluatedItems, out.UnevaluatedProperties = items, props
		return &out
	}
	target := *s
	target.AllOf = slices.Clone(own)
	outer := []*openapi3.SchemaRef{{Value: &target}}
	if !conj.IsEmpty() {
		outer = append(outer, &openapi3.SchemaRef{Value: &conj})
	}
	return &openapi3.Schema{Origin: s.Origin, Type: s.Type, AllOf: outer, UnevaluatedItems: items, UnevaluatedProperties: props}
}

func setBoolSchema(bs openapi3.BoolSchema) bool { return bs.Has != nil || bs.Schema != nil }
