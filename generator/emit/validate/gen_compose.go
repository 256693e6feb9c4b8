package validate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// scalarEnum reports whether the facet's enum and const hold only scalars.
func scalarEnum(f *model.JSONSchema) bool {
	for _, v := range enumValues(f) {
		switch v.(type) {
		case []any, map[string]any:
			return false
		}
	}
	return true
}

// enumValues are the values enum and const allow (const as a one-value enum).
func enumValues(f *model.JSONSchema) []any {
	if f.Const != nil {
		return []any{f.Const.Value}
	}
	return f.Enum
}

func hasEnum(f *model.JSONSchema) bool { return f.Const != nil || len(f.Enum) > 0 }

func (g *gen) compositeChecks(f *model.JSONSchema) {
	if f.Not != nil {
		g.p("if s.Matches(raw, %s) {", g.fn([]*model.JSONSchema{f.Not}, nil, false))
		g.p("s.Fail(\"not\", %q)", "must not match the schema its not keyword gives")
		g.p("}")
	}
	if len(f.OneOf) > 0 {
		g.alternatives(f, f.OneOf, "oneOf")
	}
	if len(f.AnyOf) > 0 {
		g.alternatives(f, f.AnyOf, "anyOf")
	}
	if !scalarEnum(f) {
		vals := enumValues(f)
		var cases []string
		for _, v := range vals {
			if c := strconv.Quote(canonValue(v)); !contains(cases, c) {
				cases = append(cases, c)
			}
		}
		g.p("if %s {\ns.Fail(%q, %q)\n}", noneOf("apirt.CanonOf(raw)", cases), enumKeyword(f), enumMessage(vals))
	}
	if f.Applicators31() {
		g.applicators31(f)
	}
	if f.UniqueItems {
		g.p("if raw[0] == '[' && !apirt.UniqueItems(raw) {")
		g.p("s.Fail(\"uniqueItems\", \"must not contain duplicate items\")")
		g.p("}")
	}
}

func enumKeyword(f *model.JSONSchema) string {
	if f.Const != nil {
		return "const"
	}
	return "enum"
}

func enumMessage(vals []any) string {
	if len(vals) == 1 {
		return "must be " + jsonText(vals[0])
	}
	var parts []string
	for i, v := range vals {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("... (%d values)", len(vals)))
			break
		}
		parts = append(parts, jsonText(v))
	}
	return "must be one of " + strings.Join(parts, ", ")
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// alternatives checks oneOf or anyOf, choosing by the discriminator when
// there is one and the value is an object.
func (g *gen) alternatives(f *model.JSONSchema, alts []*model.JSONSchema, keyword string) {
	n := len(alts)
	plain := func() {
		g.p("{")
		g.p("n := 0")
		for _, a := range alts {
			cond := fmt.Sprintf("s.Matches(raw, %s)", g.fn([]*model.JSONSchema{a}, nil, false))
			if keyword == "anyOf" {
				g.p("if n == 0 && %s {\nn++\n}", cond)
			} else {
				g.p("if %s {\nn++\n}", cond)
			}
		}
		if keyword == "oneOf" {
			g.p("if n != 1 {\ns.OneOfFail(n, %d)\n}", n)
		} else {
			g.p("if n == 0 {\ns.Fail(\"anyOf\", %q)\n}", fmt.Sprintf("must match at least one of the %d alternatives (anyOf), but matches none", n))
		}
		g.p("}")
	}
	d := f.Discriminator
	if d == nil {
		plain()
		return
	}
	var values []string
	for _, c := range d.Mapping {
		values = append(values, strconv.Quote(c.Value))
	}
	for _, c := range d.Implicit {
		values = append(values, strconv.Quote(c.Value))
	}
	cases := append(append([]model.DiscriminatorCase{}, d.Mapping...), d.Implicit...)
	g.p("if raw[0] == '{' {")
	if leadingTagSafe(d.PropertyName, cases) {
		// One pass in the usual case: the tag read where writers put it,
		// then the chosen alternative's check, which reports the tag given
		// twice or in another letter case as discriminatorOf would.
		g.p("tag, first := apirt.LeadingTag(raw, %q)", d.PropertyName)
		g.p("found, isString, clash := first, first, false")
		g.p("if !first {")
		g.p("tag, found, isString, clash = apirt.DiscriminatorOf(raw, %q)", d.PropertyName)
		g.p("}")
	} else {
		g.p("tag, found, isString, clash := apirt.DiscriminatorOf(raw, %q)", d.PropertyName)
	}
	g.p("switch {")
	g.p("case clash:")
	g.p("s.FailAt(%q, \"duplicate\", %q)", d.PropertyName, "is given more than once, or also in another letter case")
	g.p("case !found:")
	g.p("s.FailAt(%q, \"discriminator\", %q)", d.PropertyName, "is required: it selects the alternative ("+strings.Join(values, ", ")+")")
	g.p("case !isString:")
	g.p("s.FailAt(%q, \"discriminator\", %q)", d.PropertyName, "must be a string naming the alternative ("+strings.Join(values, ", ")+")")
	g.p("default:")
	g.p("switch tag {")
	for _, c := range cases {
		g.p("case %q:", c.Value)
		if c.Schema == nil {
			g.p("s.FailAt(%q, \"discriminator\", %q)", d.PropertyName, "maps to a schema that is not one of the alternatives")
			continue
		}
		g.p("if err := s.Run(raw, %s); err != nil {\nreturn err\n}", g.fn([]*model.JSONSchema{c.Schema}, nil, false))
	}
	g.p("default:")
	g.p("s.FailAt(%q, \"discriminator\", %q)", d.PropertyName, "must be one of "+strings.Join(values, ", "))
	g.p("}")
	g.p("}")
	g.p("} else")
	plain()
}

// leadingTagSafe reports whether a discriminator may be read with
// leadingTag: its name is written in JSON without escapes, and every
// alternative it selects declares it as a property (through allOf too),
// so that alternative's object check reports it given twice or in another
// letter case (seen, caseVariant), the clash discriminatorOf reports.
func leadingTagSafe(name string, cases []model.DiscriminatorCase) bool {
	if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' }) {
		return false
	}
	for _, c := range cases {
		if c.Schema == nil {
			continue
		}
		declared := false
		for _, f := range facets([]*model.JSONSchema{c.Schema}) {
			if f.Property(name) != nil {
				declared = true
			}
		}
		if !declared {
			return false
		}
	}
	return true
}

// canonValue is the canonical form canonJSON (rt.go) gives the JSON value v.
func canonValue(v any) string {
	var b []byte
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case nil:
			b = append(b, 'z')
		case bool:
			if x {
				b = append(b, 't')
			} else {
				b = append(b, 'f')
			}
		case float64:
			b = append(b, 'n')
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		case string:
			b = append(b, 's')
			b = strconv.AppendQuote(b, x)
		case []any:
			b = append(b, '[')
			for _, e := range x {
				walk(e)
				b = append(b, ',')
			}
			b = append(b, ']')
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			b = append(b, '{')
			for _, k := range keys {
				b = strconv.AppendQuote(b, k)
				b = append(b, ':')
				walk(x[k])
				b = append(b, ',')
			}
			b = append(b, '}')
		}
	}
	walk(v)
	return string(b)
}
