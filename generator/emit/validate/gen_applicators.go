package validate

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// applicators31 writes the checks of f's OpenAPI 3.1 applicators on the
// raw value (in scope as raw, see compositeChecks): prefixItems (and items
// after them), contains with minContains/maxContains, propertyNames,
// patternProperties (and additionalProperties beside them),
// dependentRequired, dependentSchemas, if/then/else, unevaluatedItems and
// unevaluatedProperties. The value's type is checked elsewhere; each
// keyword ignores values of other types, as JSON Schema says.
func (g *gen) applicators31(f *model.JSONSchema) {
	if len(f.PrefixItems) > 0 || f.Contains != nil || f.UnevaluatedItems != nil {
		g.p("if raw[0] == '[' {")
		g.p("items := apirt.RawItems(raw)")
		if len(f.PrefixItems) > 0 {
			g.p("for i, x := range items {")
			g.p("s.PushIdx(i)")
			g.p("switch i {")
			for i, p := range f.PrefixItems {
				g.p("case %d:", i)
				g.p("_ = s.Run(x, %s)", g.fn([]*model.JSONSchema{p}, nil, false))
			}
			if f.Items != nil {
				g.p("default:")
				g.p("_ = s.Run(x, %s)", g.fn([]*model.JSONSchema{f.Items}, nil, false))
			}
			g.p("}")
			g.p("s.Pop()")
			g.p("}")
		}
		if f.Contains != nil {
			minC := int64(1)
			if f.MinContains != nil {
				minC = *f.MinContains
			}
			g.p("n := 0")
			g.p("for _, x := range items {")
			g.p("if s.Matches(x, %s) {\nn++\n}", g.fn([]*model.JSONSchema{f.Contains}, nil, false))
			g.p("}")
			if minC > 0 {
				kw := "contains"
				if f.MinContains != nil {
					kw = "minContains"
				}
				g.p("if n < %d {\ns.Fail(%q, %q)\n}", minC, kw,
					fmt.Sprintf("must have at least %d item%s matching the contains schema", minC, plural(minC)))
			}
			if f.MaxContains != nil {
				g.p("if n > %d {\ns.Fail(\"maxContains\", %q)\n}", *f.MaxContains,
					fmt.Sprintf("must have at most %d item%s matching the contains schema", *f.MaxContains, plural(*f.MaxContains)))
			}
		}
		if u := f.UnevaluatedItems; u != nil {
			g.p("ev := make([]bool, len(items))")
			g.p("%s(s, raw, items, ev)", g.evFn(f, false))
			g.declared("x", "for i, x := range items {", "for i := range items {", func() {
				g.p("if ev[i] {\ncontinue\n}")
				g.p("s.PushIdx(i)")
				g.unevaluated(u, "unevaluatedItems")
				g.p("s.Pop()")
			})
			g.p("}")
		}
		g.p("}")
	}
	if f.PropertyNames != nil || len(f.PatternProperties) > 0 || len(f.DependentRequired) > 0 ||
		len(f.DependentSchemas) > 0 || f.UnevaluatedProperties != nil {
		g.p("if raw[0] == '{' {")
		g.declared("vals", "keys, vals := apirt.RawEntries(raw)", "keys, _ := apirt.RawEntries(raw)", func() { g.objectApplicators(f) })
		g.p("}")
	}
	if f.If != nil && (f.Then != nil || f.Else != nil) {
		g.p("if s.Matches(raw, %s) {", g.fn([]*model.JSONSchema{f.If}, nil, false))
		if f.Then != nil {
			g.p("_ = s.Run(raw, %s)", g.fn([]*model.JSONSchema{f.Then}, nil, false))
		}
		if f.Else != nil {
			g.p("} else {")
			g.p("_ = s.Run(raw, %s)", g.fn([]*model.JSONSchema{f.Else}, nil, false))
		}
		g.p("}")
	}
}

// objectApplicators writes the applicators of f on an object's keys and
// raw values (in scope as keys and vals).
func (g *gen) objectApplicators(f *model.JSONSchema) {
	if f.PropertyNames != nil {
		g.p("for _, k := range keys {")
		g.p("s.Push(k)")
		g.p("if !s.Matches(apirt.KeyJSON(k), %s) {", g.fn([]*model.JSONSchema{f.PropertyNames}, nil, false))
		g.p("s.Fail(\"propertyNames\", \"is not an allowed property name\")")
		g.p("}")
		g.p("s.Pop()")
		g.p("}")
	}
	if len(f.PatternProperties) > 0 {
		g.p("for i, k := range keys {")
		others := f.NoAdditional || f.Additional != nil
		if others {
			g.p("matched := false")
		}
		for _, pp := range f.PatternProperties {
			g.p("if %s.MatchString(k) {", g.regexp(pp.Pattern))
			if others {
				g.p("matched = true")
			}
			g.p("s.Push(k)")
			g.p("_ = s.Run(vals[i], %s)", g.fn([]*model.JSONSchema{pp.Schema}, nil, false))
			g.p("s.Pop()")
			g.p("}")
		}
		if others {
			var names []string
			for _, p := range f.Properties {
				names = append(names, fmt.Sprintf("%q", p.Name))
			}
			if len(names) > 0 {
				g.p("switch k {\ncase %s:\nmatched = true\n}", strings.Join(names, ", "))
			}
			g.p("if !matched {")
			g.p("s.Push(k)")
			if f.NoAdditional {
				g.p("s.Fail(\"additionalProperties\", \"is not allowed: no property or pattern declares it\")")
			} else {
				g.p("_ = s.Run(vals[i], %s)", g.fn([]*model.JSONSchema{f.Additional}, nil, false))
			}
			g.p("s.Pop()")
			g.p("}")
		}
		g.p("}")
	}
	for _, dep := range f.DependentRequired {
		g.p("if apirt.HasKey(keys, %q) {", dep.Name)
		for _, r := range dep.Required {
			g.p("if !apirt.HasKey(keys, %q) {\ns.FailAt(%q, \"dependentRequired\", %q)\n}", r, r, fmt.Sprintf("is required when %q is present", dep.Name))
		}
		g.p("}")
	}
	for _, dep := range f.DependentSchemas {
		g.p("if apirt.HasKey(keys, %q) {", dep.Name)
		g.p("_ = s.Run(raw, %s)", g.fn([]*model.JSONSchema{dep.Schema}, nil, false))
		g.p("}")
	}
	if u := f.UnevaluatedProperties; u != nil {
		g.p("ev := map[string]bool{}")
		g.p("%s(s, raw, keys, ev)", g.evFn(f, true))
		g.declared("i", "for i, k := range keys {", "for _, k := range keys {", func() {
			g.p("if ev[k] {\ncontinue\n}")
			g.p("s.Push(k)")
			g.unevaluated(u, "unevaluatedProperties")
			g.p("s.Pop()")
		})
		g.p("}")
	}
}

// unevaluated checks one item or property no other keyword evaluated
// (x: its raw value, or vals[i] for properties) against u.
func (g *gen) unevaluated(u *model.JSONSchema, keyword string) {
	val := "x"
	if keyword == "unevaluatedProperties" {
		val = "vals[i]"
	}
	if u.Bool != nil && !*u.Bool {
		what := "item"
		if keyword == "unevaluatedProperties" {
			what = "property"
		}
		g.p("s.Fail(%q, %q)", keyword, "is not allowed: no keyword of the schema declares this "+what)
		return
	}
	g.p("_ = s.Run(%s, %s)", val, g.fn([]*model.JSONSchema{u}, nil, false))
}

// evFn names the generated function that marks which properties (props)
// or items of a raw value the keywords of s other than its own
// unevaluated* evaluate, following the subschemas that apply (allOf, the
// anyOf/oneOf alternatives that match, if/then/else, dependentSchemas), as
// JSON Schema 2020-12's annotation rules say. It is written at once.
func (g *gen) evFn(s *model.JSONSchema, props bool) string {
	if g.evNames == nil {
		g.evNames = map[string]string{}
	}
	key := fmt.Sprintf("%d,%v", s.ID, props)
	if name, ok := g.evNames[key]; ok {
		return name
	}
	what := "evaluatedItems"
	if props {
		what = "evaluatedProperties"
	}
	name := g.namer.Unique(what + g.schemaName(s))
	g.evNames[key] = name
	saved := g.out
	g.out = &bytes.Buffer{}
	if props {
		g.p("func %s(s *apirt.State, raw []byte, keys []string, ev map[string]bool) {", name)
	} else {
		g.p("func %s(s *apirt.State, raw []byte, items [][]byte, ev []bool) {", name)
	}
	g.evBody(s, props)
	g.p("}")
	g.done = append(g.done, emitted{name: name, doc: "marks what " + describe([]*model.JSONSchema{s}) + " evaluates.", body: g.out.String()})
	g.out = saved
	return name
}

func (g *gen) evBody(s *model.JSONSchema, props bool) {
	all := "for i := range ev {\nev[i] = true\n}"
	if props {
		all = "for _, k := range keys {\nev[k] = true\n}"
	}
	if props {
		if s.Additional != nil || s.NoAdditional || s.AdditionalAllowed {
			g.p("%s", all)
			return
		}
		var names []string
		for _, p := range s.Properties {
			names = append(names, fmt.Sprintf("%q", p.Name))
		}
		if len(names) > 0 || len(s.PatternProperties) > 0 {
			g.p("for _, k := range keys {")
			if len(names) > 0 {
				g.p("switch k {\ncase %s:\nev[k] = true\n}", strings.Join(names, ", "))
			}
			for _, pp := range s.PatternProperties {
				g.p("if %s.MatchString(k) {\nev[k] = true\n}", g.regexp(pp.Pattern))
			}
			g.p("}")
		}
	} else {
		if s.Items != nil {
			g.p("%s", all)
			return
		}
		if n := len(s.PrefixItems); n > 0 {
			g.p("for i := 0; i < %d && i < len(ev); i++ {\nev[i] = true\n}", n)
		}
		if s.Contains != nil {
			g.p("for i, x := range items {")
			g.p("if s.Matches(x, %s) {\nev[i] = true\n}", g.fn([]*model.JSONSchema{s.Contains}, nil, false))
			g.p("}")
		}
	}
	part := func(p *model.JSONSchema) {
		switch {
		case p.Bool != nil:
		case (props && p.UnevaluatedProperties != nil) || (!props && p.UnevaluatedItems != nil):
			g.p("%s", all)
		default:
			if props {
				g.p("%s(s, raw, keys, ev)", g.evFn(p, props))
			} else {
				g.p("%s(s, raw, items, ev)", g.evFn(p, props))
			}
		}
	}
	for _, p := range s.AllOf {
		part(p)
	}
	for _, alts := range [][]*model.JSONSchema{s.AnyOf, s.OneOf} {
		for _, p := range alts {
			g.p("if s.Matches(raw, %s) {", g.fn([]*model.JSONSchema{p}, nil, false))
			part(p)
			g.p("}")
		}
	}
	if s.If != nil {
		g.p("if s.Matches(raw, %s) {", g.fn([]*model.JSONSchema{s.If}, nil, false))
		part(s.If)
		if s.Then != nil {
			part(s.Then)
		}
		if s.Else != nil {
			g.p("} else {")
			part(s.Else)
		}
		g.p("}")
	}
	if props {
		for _, dep := range s.DependentSchemas {
			g.p("if apirt.HasKey(keys, %q) {", dep.Name)
			part(dep.Schema)
			g.p("}")
		}
	}
}

// untypedNull reports whether s lets null through for want of a type
// (OpenAPI 3.1) unless its enum or const leaves null out.
func untypedNull(s *model.JSONSchema) bool {
	if !s.NullUntyped || s.Types != nil {
		return false
	}
	if hasEnum(s) {
		for _, v := range enumValues(s) {
			if v == nil {
				return true
			}
		}
		return false
	}
	return true
}

// nullIf reports whether null passes s's if/then/else.
func (g *gen) nullIf(s *model.JSONSchema, visiting map[*model.JSONSchema]bool) bool {
	if s.If == nil {
		return true
	}
	if g.nullOne(s.If, visiting) {
		return s.Then == nil || g.nullOne(s.Then, visiting)
	}
	return s.Else == nil || g.nullOne(s.Else, visiting)
}

// enumPermits reports whether a facet's enum or const of scalars leaves
// room for a value of kind k (const: 0 allows no object or array).
func enumPermits(f *model.JSONSchema, k string) bool {
	if !hasEnum(f) || !scalarEnum(f) {
		return true
	}
	for _, v := range enumValues(f) {
		switch v.(type) {
		case string:
			if k == jString {
				return true
			}
		case float64, int, int64:
			if k == jNumber {
				return true
			}
		case bool:
			if k == jBool {
				return true
			}
		}
	}
	return false
}
