package spec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// is31 reports whether the document speaks OpenAPI 3.1, whose schemas are
// JSON Schema 2020-12.
func (b *schemaBuilder) is31() bool {
	return b.doc != nil && b.doc.T != nil && strings.HasPrefix(b.doc.T.OpenAPI, "3.1")
}

// applicators31 reads the OpenAPI 3.1 (JSON Schema 2020-12) keywords of s
// into out. kin-openapi reads them in 3.0 documents too; they mean the
// same there.
func (b *schemaBuilder) applicators31(s *openapi3.Schema, out *model.JSONSchema) {
	out.NullUntyped = b.is31()
	for _, r := range s.PrefixItems {
		out.PrefixItems = append(out.PrefixItems, b.schema(r))
	}
	if s.Contains != nil {
		out.Contains = b.schema(s.Contains)
		if s.MinContains != nil {
			v := int64(*s.MinContains)
			out.MinContains = &v
		}
		if s.MaxContains != nil {
			v := int64(*s.MaxContains)
			out.MaxContains = &v
		}
	}
	for _, p := range sortedKeys(s.PatternProperties) {
		if _, err := CompilePattern(p); err != nil {
			b.problems = append(b.problems, problemf(b.pos(s.Origin, "patternProperties"),
				"Go's regexp (RE2) has no lookahead, lookbehind or backreferences: rewrite the pattern without them",
				"patternProperties pattern %q cannot be enforced: %s", p, patternReason(err)))
			continue
		}
		out.PatternProperties = append(out.PatternProperties, &model.PatternProperty{Pattern: p, Schema: b.schema(s.PatternProperties[p])})
	}
	if s.PropertyNames != nil {
		out.PropertyNames = b.schema(s.PropertyNames)
	}
	deps := make([]string, 0, len(s.DependentRequired))
	for k := range s.DependentRequired {
		deps = append(deps, k)
	}
	sort.Strings(deps)
	for _, k := range deps {
		out.DependentRequired = append(out.DependentRequired, model.Dependency{Name: k, Required: append([]string{}, s.DependentRequired[k]...)})
	}
	for _, k := range sortedKeys(s.DependentSchemas) {
		out.DependentSchemas = append(out.DependentSchemas, &model.Property{Name: k, Schema: b.schema(s.DependentSchemas[k])})
	}
	if s.If != nil {
		out.If = b.schema(s.If)
		if s.Then != nil {
			out.Then = b.schema(s.Then)
		}
		if s.Else != nil {
			out.Else = b.schema(s.Else)
		}
	}
	out.UnevaluatedItems = b.boolSchema(s.UnevaluatedItems)
	out.UnevaluatedProperties = b.boolSchema(s.UnevaluatedProperties)
	if s.Const == nil && s.Origin != nil {
		// kin-openapi reads const: null as no const; its origin still
		// records the field.
		if _, ok := s.Origin.Fields.Lookup("const"); ok {
			out.Const = &model.Const{Value: nil, JSON: "null"}
		}
	}
	b.unenforced(s)
	if s.Enum != nil && len(s.Enum) == 0 {
		// enum: [] allows no value at all.
		f := false
		out.Bool = &f
	}
}

// boolSchema converts unevaluatedItems/unevaluatedProperties (a boolean or
// a schema); nil when absent.
func (b *schemaBuilder) boolSchema(bs openapi3.BoolSchema) *model.JSONSchema {
	switch {
	case bs.Schema != nil:
		return b.schema(bs.Schema)
	case bs.Has != nil:
		v := *bs.Has
		return &model.JSONSchema{ID: b.id(), Bool: &v}
	}
	return nil
}

func sortedKeys(m openapi3.Schemas) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// hasNot reports whether s or a schema inside it has a not keyword.
func hasNot(s *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if s == nil || seen[s] {
		return false
	}
	seen[s] = true
	if s.Not != nil {
		return true
	}
	refs := []*openapi3.SchemaRef{s.Items, s.AdditionalProperties.Schema, s.Contains, s.PropertyNames, s.If, s.Then, s.Else,
		s.UnevaluatedItems.Schema, s.UnevaluatedProperties.Schema}
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
		refs = append(refs, list...)
	}
	for _, m := range []openapi3.Schemas{s.Properties, s.PatternProperties, s.DependentSchemas} {
		for _, k := range sortedKeys(m) {
			refs = append(refs, m[k])
		}
	}
	for _, r := range refs {
		if r != nil && hasNot(r.Value, seen) {
			return true
		}
	}
	return false
}

// unenforced records (and warns about) the keywords of s that the
// generated validation does not enforce.
func (b *schemaBuilder) unenforced(s *openapi3.Schema) {
	present := map[string]bool{"$dynamicRef": s.DynamicRef != "", "contentSchema": s.ContentSchema != nil}
	for k := range s.Extensions {
		if _, ok := model.UnenforcedKeywords[k]; ok {
			present[k] = true
		}
	}
	keys := make([]string, 0, len(present))
	for k, ok := range present {
		if ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		pos := b.pos(s.Origin, k)
		reason := model.UnenforcedKeywords[k]
		b.api.Unenforced = append(b.api.Unenforced, model.Unenforced{Keyword: k, Origin: pos, Reason: reason})
		msg := fmt.Sprintf("%s is not enforced: %s", k, reason)
		if p := pos.String(); p != "" {
			msg = p + ": " + msg
		}
		b.api.Warnings = append(b.api.Warnings, msg)
	}
}
