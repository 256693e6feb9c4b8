package contract

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// unsatisfiable says why no value can satisfy schema (or a schema inside
// it): an allOf with a member whose additionalProperties: false forbids a
// property another member requires (model.ObjectPart.AllOfConflicts, the
// rule lint's allof-closed applies). "" when there is no such schema. A
// case that fails because of it names the schema instead of only the
// symptom.
func unsatisfiable(doc *openapi3.T, specFile string, schema *openapi3.SchemaRef) string {
	if doc == nil || schema == nil {
		return ""
	}
	names := map[*openapi3.Schema]string{}
	if doc.Components != nil {
		for name, ref := range doc.Components.Schemas {
			if ref != nil && ref.Value != nil {
				if prev, ok := names[ref.Value]; !ok || name < prev {
					names[ref.Value] = name
				}
			}
		}
	}
	parts := map[*openapi3.Schema]*model.ObjectPart{}
	var part func(s *openapi3.Schema) *model.ObjectPart
	part = func(s *openapi3.Schema) *model.ObjectPart {
		if p, ok := parts[s]; ok {
			return p
		}
		p := &model.ObjectPart{Name: names[s], Origin: origin(s.Origin, specFile), Required: s.Required}
		parts[s] = p
		if ap := s.AdditionalProperties.Has; ap != nil && !*ap {
			p.Closed = true
		}
		for name := range s.Properties {
			p.Declared = append(p.Declared, name)
		}
		sort.Strings(p.Declared)
		for pat := range s.PatternProperties {
			p.Patterns = append(p.Patterns, pat)
		}
		for _, m := range s.AllOf {
			if m != nil && m.Value != nil {
				p.AllOf = append(p.AllOf, part(m.Value))
			}
		}
		return p
	}
	var found []string
	seen := map[*openapi3.Schema]bool{}
	var walk func(r *openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		var required []model.AllOfConflict
		for _, c := range part(s).AllOfConflicts() {
			if c.Required {
				required = append(required, c)
			}
		}
		if d := model.DescribeAllOfConflicts(required); d != "" {
			found = append(found, part(s).Label()+": "+d)
		}
		for _, m := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
			for _, x := range m {
				walk(x)
			}
		}
		for _, x := range s.Properties {
			walk(x)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
	}
	walk(schema)
	return strings.Join(found, ". ")
}

// origin is a kin-openapi origin as a position (the spec's base name when
// the origin names no file).
func origin(o *openapi3.Origin, specFile string) model.Position {
	if o == nil || o.Key == nil {
		return model.Position{File: specFile}
	}
	file := o.Key.File
	if file == "" {
		file = specFile
	}
	return model.Position{File: filepath.Base(file), Line: o.Key.Line, Col: o.Key.Column}
}
