package types

import (
	"fmt"
	"sort"

	"github.com/specgate/specgate/generator/model"
)

// nameInlineTypes decides, before oapi-codegen runs, the Go names of the
// inline types it hoists out of component schemas (schemas, keyed by Go
// name, as plain JSON data): enums, and unions and objects with
// additionalProperties held by a property. oapi-codegen derives their names
// from the schema path (Order/status -> OrderStatus), and two derived names,
// or a derived name and a component's, can be the same: it then fails with
// "duplicate typename". Where a name it would derive is taken, the inline
// schema is given x-go-type-name, the next free name by the model's rule
// (model.Namer: OrderStatus2): the component keeps the name its author
// wrote. Components are settled in name order and properties in name
// order, so the result is deterministic. Names oapi-codegen derives that
// x-go-type-name cannot change (union elements, hoisted array items) are
// reserved so nothing renamed takes them; the components whose names they
// take are returned, sorted, for the model to rename. An author's
// x-go-type-name is kept and reserved. is31 says const is an enum too.
func nameInlineTypes(schemas map[string]any, is31 bool) (taken []string) {
	p := &inlinePlan{taken: map[string]bool{}, fixed: map[string]bool{}, is31: is31}
	names := make([]string, 0, len(schemas))
	for name := range schemas {
		names = append(names, name)
		p.taken[name] = true
		p.fixed[name] = true
	}
	sort.Strings(names)
	for _, name := range names {
		p.walk(schemas[name], []string{name}, false)
	}
	for _, name := range names {
		if p.derived[name] {
			taken = append(taken, name)
		}
	}
	if len(p.sites) == 0 || len(taken) > 0 {
		return taken
	}
	namer := model.NewNamer()
	for n := range p.taken {
		namer.Reserve(n)
	}
	claimed := map[string]bool{}
	for _, s := range p.sites {
		if !p.fixed[s.name] && !claimed[s.name] {
			claimed[s.name] = true
			continue
		}
		s.schema["x-go-type-name"] = namer.Unique(s.name)
	}
	return nil
}

// inlinePlan collects the inline types oapi-codegen would name.
type inlinePlan struct {
	taken map[string]bool // every name in use: components, derived, author-chosen
	fixed map[string]bool // the names no x-go-type-name of ours changes: components, author-chosen, union elements, array items
	sites []inlineSite    // the inline types x-go-type-name can rename, in walk order
	// derived are the names of inline types x-go-type-name cannot change.
	derived map[string]bool
	is31    bool
}

// inlineSite is one inline schema oapi-codegen hoists into a named type.
type inlineSite struct {
	schema map[string]any
	name   string // the name oapi-codegen would give it
}

// walk visits schema v at path; property says v is an object's property.
// It follows oapi-codegen's GenerateGoSchema: allOf members merge into
// their parent (same path), items and additionalProperties keep the path,
// properties and union elements extend it. $refs are not followed: the
// component is named on its own.
func (p *inlinePlan) walk(v any, path []string, property bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	if _, ok := m["$ref"]; ok {
		return
	}
	if _, ok := m["x-go-type"]; ok {
		return // a Go type chosen outright: nothing inside is generated
	}
	if n, ok := m["x-go-type-name"].(string); ok {
		p.keep(n)
	} else if len(path) > 1 {
		switch {
		case p.enumSite(m):
			p.site(m, typeName(path))
		case property && isObjectBranch(m) && (isUnion(m) || hasAdditional(m)):
			p.site(m, hoistName(path))
		}
	}
	if props, ok := m["properties"].(map[string]any); ok {
		names := make([]string, 0, len(props))
		for n := range props {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			p.walk(props[n], append(path[:len(path):len(path)], n), true)
		}
	}
	if items, ok := m["items"].(map[string]any); ok {
		if isUnion(items) || hasAdditional(items) {
			p.keepDerived(hoistName(append(path[:len(path):len(path)], "Item")))
		}
		p.walk(items, path, false)
	}
	if ap, ok := m["additionalProperties"].(map[string]any); ok {
		if isUnion(ap) || hasAdditional(ap) {
			p.keepDerived(hoistName(append(path[:len(path):len(path)], "AdditionalProperties")))
		}
		p.walk(ap, path, false)
	}
	if list, ok := m["allOf"].([]any); ok {
		for _, x := range list {
			p.walk(x, path, false)
		}
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		list, _ := m[k].([]any)
		for i, x := range list {
			el := append(path[:len(path):len(path)], fmt.Sprint(i))
			// An inline element gets a type of that name; an element that
			// is an enum is that type itself (a site, named by the walk).
			if em, ok := x.(map[string]any); ok && em["$ref"] == nil && !p.enumSite(em) {
				p.keepDerived(typeName(el))
			}
			p.walk(x, el, false)
		}
	}
}

// site records an inline type oapi-codegen names name.
func (p *inlinePlan) site(m map[string]any, name string) {
	p.sites = append(p.sites, inlineSite{schema: m, name: name})
	p.taken[name] = true
}

// keep records a name oapi-codegen will use whatever we say.
func (p *inlinePlan) keep(name string) {
	p.taken[name] = true
	p.fixed[name] = true
}

// keepDerived records a name oapi-codegen derives for an inline type and
// keeps whatever we say.
func (p *inlinePlan) keepDerived(name string) {
	p.keep(name)
	if p.derived == nil {
		p.derived = map[string]bool{}
	}
	p.derived[name] = true
}

// enumSite: an inline enum oapi-codegen hoists into a type of its own,
// whose name x-go-type-name can set.
func (p *inlinePlan) enumSite(m map[string]any) bool {
	_, goType := m["x-go-type"]
	_, named := m["x-go-type-name"]
	return !goType && !named && m["$ref"] == nil && p.isEnum(m) && isScalar(m)
}

// isEnum: enum, or in 3.1 const, which oapi-codegen makes an enum.
func (p *inlinePlan) isEnum(m map[string]any) bool {
	if e, ok := m["enum"].([]any); ok && len(e) > 0 {
		return true
	}
	_, c := m["const"]
	return p.is31 && c
}

// primaryType is the schema's type without "null" ("" for none or for
// several), as oapi-codegen dispatches on it.
func primaryType(m map[string]any) string {
	switch t := m["type"].(type) {
	case string:
		return t
	case []any:
		var out string
		for _, x := range t {
			if s, ok := x.(string); ok && s != "null" {
				if out != "" {
					return ""
				}
				out = s
			}
		}
		return out
	}
	return ""
}

// isScalar: a string, number, integer or boolean schema, whose enum
// oapi-codegen hoists into a named type.
func isScalar(m map[string]any) bool {
	switch primaryType(m) {
	case "string", "number", "integer", "boolean":
		return true
	}
	return false
}

// isObjectBranch: a schema oapi-codegen writes as an object or union
// (type object or no type), the branch that reads x-go-type-name.
func isObjectBranch(m map[string]any) bool {
	_, typed := m["type"]
	return !typed || primaryType(m) == "object"
}

func isUnion(m map[string]any) bool {
	for _, k := range []string{"oneOf", "anyOf"} {
		if l, ok := m[k].([]any); ok && len(l) > 0 {
			return true
		}
	}
	return false
}

// hasAdditional reports an object with properties and additionalProperties
// other than false: oapi-codegen makes it a struct with an
// AdditionalProperties map, named when inline.
func hasAdditional(m map[string]any) bool {
	props, _ := m["properties"].(map[string]any)
	ap, ok := m["additionalProperties"]
	return len(props) > 0 && ok && ap != false
}
