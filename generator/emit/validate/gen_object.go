package validate

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// caseFoldable returns, quoted for Go, the declared names an undeclared key
// could equal ignoring case: the names holding a letter.
func caseFoldable(names []string) []string {
	var out []string
	for _, n := range names {
		if strings.ToUpper(n) != strings.ToLower(n) || strings.ContainsFunc(n, func(r rune) bool { return r >= 0x80 }) {
			out = append(out, strconv.Quote(n))
		}
	}
	return out
}

// objProp is one property name as the facets of an object see it.
type objProp struct {
	name       string
	schemas    []*model.JSONSchema // the schemas its value must pass
	disallowed bool                // a facet without it forbids other properties
	readOnly   bool
	required   bool
	def        *model.Const
	bit        int
}

func (g *gen) objectCase(fs []*model.JSONSchema, t *gtype) {
	byName := map[string]*objProp{}
	var names []string
	for _, f := range fs {
		for _, p := range f.Properties {
			if byName[p.Name] == nil {
				byName[p.Name] = &objProp{name: p.Name}
				names = append(names, p.Name)
			}
		}
	}
	sort.Strings(names)
	var unknown []*model.JSONSchema
	unknownDisallowed := false
	for _, f := range fs {
		if len(f.PatternProperties) > 0 {
			continue // additionalProperties checked with patternProperties (applicators31)
		}
		if f.NoAdditional {
			unknownDisallowed = true
		}
		if f.Additional != nil {
			unknown = append(unknown, f.Additional)
		}
	}
	for i, n := range names {
		op := byName[n]
		op.bit = i
		for _, f := range fs {
			p := f.Property(n)
			switch {
			case p != nil:
				op.schemas = append(op.schemas, p.Schema)
				op.readOnly = op.readOnly || p.Schema.ReadOnly
				if op.def == nil && p.Schema.Default != nil {
					op.def = p.Schema.Default
				}
			case len(f.PatternProperties) > 0:
			case f.NoAdditional:
				op.disallowed = true
			case f.Additional != nil:
				op.schemas = append(op.schemas, f.Additional)
			}
		}
	}
	var extraRequired []string
	for _, f := range fs {
		for _, r := range f.Required {
			if op := byName[r]; op != nil {
				op.required = true
			} else if !contains(extraRequired, r) {
				extraRequired = append(extraRequired, r)
			}
		}
	}
	var minProps int64
	var maxProps []int64
	for _, f := range fs {
		if f.MinProperties > minProps {
			minProps = f.MinProperties
		}
		if f.MaxProperties != nil {
			maxProps = append(maxProps, *f.MaxProperties)
		}
	}
	words := (len(names) + 63) / 64
	g.p("it, err := d.ObjIter()")
	g.p("if err != nil {\nreturn err\n}")
	if words > 0 {
		g.p("var seen [%d]uint64", words)
	}
	if len(extraRequired) > 0 {
		g.p("var seenExtra [%d]bool", len(extraRequired))
	}
	if t != nil && t.kind == kMap {
		g.p("if *v == nil {\n*v = %s{}\n}", t.expr)
	}
	g.p("count := 0")
	g.p("for it.Next() {")
	g.p("k := it.Key()")
	g.p("count++")
	g.p("var err error")
	g.p("switch apirt.StringOf(k) {")
	for _, n := range names {
		op := byName[n]
		g.p("case %q:", n)
		w, bit := op.bit/64, op.bit%64
		g.p("if s.Seen(&seen[%d], 1<<%d, %q) {\nerr = d.Skip()\nbreak\n}", w, bit, n)
		if op.disallowed {
			g.p("s.FailAt(%q, \"additionalProperties\", %q)", n, "is not allowed here")
			g.p("err = d.Skip()")
			continue
		}
		if op.readOnly {
			g.p("if d.Next() != jx.Null {")
			g.p("s.FailAt(%q, \"readOnly\", \"is read-only: the service sets it, so a request must not send it\")", n)
			g.p("err = d.Skip()")
			g.p("break")
			g.p("}")
		}
		for i, r := range extraRequired {
			if r == n {
				g.p("seenExtra[%d] = true", i)
			}
		}
		g.p("s.Push(%q)", n)
		g.storeProp(op.schemas, t, n)
		g.p("s.Pop()")
	}
	g.p("default:")
	for i, r := range extraRequired {
		g.p("if apirt.StringOf(k) == %q {\nseenExtra[%d] = true\n}", r, i)
	}
	if variants := caseFoldable(names); len(variants) > 0 {
		g.p("if s.CaseVariant(k, %s) {\nerr = d.Skip()\nbreak\n}", strings.Join(variants, ", "))
	}
	switch {
	case unknownDisallowed:
		g.p("s.PushKey(k)")
		g.p("s.Fail(\"additionalProperties\", %q)", "is not allowed: the object accepts only the properties "+quoteList(names))
		g.p("s.Pop()")
		g.p("err = d.Skip()")
	case t != nil && (t.kind == kMap || t.addl != nil):
		mt := t
		target := "(*v)"
		if t.kind == kStruct {
			mt = t.addl.t
			target = "v." + t.addl.goName
			g.p("if %s == nil {\n%s = %s{}\n}", target, target, mt.expr)
		}
		g.p("var x %s", mt.elem.expr)
		g.p("s.PushKey(k)")
		g.p("err = %s(s, d, &x)", g.fn(unknown, mt.elem, false))
		g.p("s.Pop()")
		g.p("%s[string(k)] = x", target)
	case len(unknown) > 0:
		g.p("s.PushKey(k)")
		g.p("err = %s(s, d)", g.fn(unknown, nil, false))
		g.p("s.Pop()")
	default:
		g.p("err = d.Skip()")
	}
	g.p("}")
	g.p("if err != nil {\nreturn err\n}")
	g.p("}")
	g.p("if err := it.Err(); err != nil {\nreturn err\n}")
	for _, n := range names {
		op := byName[n]
		w, bit := op.bit/64, op.bit%64
		switch {
		case op.required && !op.readOnly:
			g.p("if seen[%d]&(1<<%d) == 0 {\ns.FailAt(%q, \"required\", \"is required\")\n}", w, bit, n)
		case !op.required && op.def != nil && t != nil:
			if set := g.setDefault(op, t); set != "" {
				g.p("if seen[%d]&(1<<%d) == 0 {\n%s\n}", w, bit, set)
			}
		}
	}
	for i, r := range extraRequired {
		g.p("if !seenExtra[%d] {\ns.FailAt(%q, \"required\", \"is required\")\n}", i, r)
	}
	if minProps > 0 {
		g.p("if count < %d {\ns.Fail(\"minProperties\", %q)\n}", minProps, fmt.Sprintf("must have at least %d propert%s", minProps, pluralY(minProps)))
	}
	for _, m := range maxProps {
		g.p("if count > %d {\ns.Fail(\"maxProperties\", %q)\n}", m, fmt.Sprintf("must have at most %d propert%s", m, pluralY(m)))
	}
}

func quoteList(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	if len(q) > 20 {
		q = append(q[:20], "...")
	}
	return strings.Join(q, ", ")
}

// propTarget is the Go lvalue and type a property's value is stored in.
func propTarget(t *gtype, name string) (string, *gtype) {
	if t == nil {
		return "", nil
	}
	switch t.kind {
	case kStruct:
		if f := t.fields[name]; f != nil {
			return "v." + f.goName, f.t
		}
	case kMap:
		return "", t.elem
	}
	return "", nil
}

func (g *gen) storeProp(schemas []*model.JSONSchema, t *gtype, name string) {
	lv, ft := propTarget(t, name)
	switch {
	case ft != nil && lv != "":
		g.p("err = %s(s, d, &%s)", g.fn(schemas, ft, false), lv)
	case ft != nil: // map
		g.p("var x %s", ft.expr)
		g.p("err = %s(s, d, &x)", g.fn(schemas, ft, false))
		g.p("(*v)[%q] = x", name)
	default:
		g.p("err = %s(s, d)", g.fn(schemas, nil, false))
	}
}

// setDefault is the statement that stores an absent property's default.
func (g *gen) setDefault(op *objProp, t *gtype) string {
	lv, ft := propTarget(t, op.name)
	if ft == nil || lv == "" {
		return ""
	}
	base, ptr := ft, false
	if ft.kind == kPtr {
		base, ptr = ft.elem, true
	}
	var lit string
	switch x := op.def.Value.(type) {
	case string:
		if base.kind == kString {
			lit = fmt.Sprintf("%s(%q)", base.expr, x)
		}
	case bool:
		if base.kind == kBool {
			lit = fmt.Sprintf("%s(%t)", base.expr, x)
		}
	case float64:
		switch base.kind {
		case kInt, kUint:
			if x == math.Trunc(x) {
				lit = fmt.Sprintf("%s(%s)", base.expr, numText(x))
			}
		case kFloat:
			lit = fmt.Sprintf("%s(%s)", base.expr, floatLit(x))
		}
	}
	if lit != "" {
		if ptr {
			return fmt.Sprintf("dv := %s\n%s = &dv", lit, lv)
		}
		return fmt.Sprintf("%s = %s", lv, lit)
	}
	// Anything else: decode the default's JSON text like a sent value.
	return fmt.Sprintf("_ = %s(s, jx.DecodeStr(%q), &%s)", g.fn(op.schemas, ft, false), op.def.JSON, lv)
}
