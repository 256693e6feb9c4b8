package validate

import (
	"fmt"

	"github.com/specgate/specgate/generator/model"
)

func (g *gen) arrayCase(fs []*model.JSONSchema, t *gtype) {
	var items []*model.JSONSchema
	var minItems int64
	var maxItems []int64
	for _, f := range fs {
		if f.Items != nil && len(f.PrefixItems) == 0 { // else checked with prefixItems (applicators31)
			items = append(items, f.Items)
		}
		if f.MinItems > minItems {
			minItems = f.MinItems
		}
		if f.MaxItems != nil {
			maxItems = append(maxItems, *f.MaxItems)
		}
	}
	g.p("it, err := d.ArrIter()")
	g.p("if err != nil {\nreturn err\n}")
	if t != nil {
		g.p("*v = (*v)[:0]")
	}
	g.p("i := 0")
	g.p("for it.Next() {")
	switch {
	case t != nil:
		// The first item makes room for a few: a short array is then one
		// allocation, where growing by append from nil made one per
		// doubling (two for two items).
		g.p("if i == 0 && cap(*v) == 0 {\n*v = make(%s, 0, %d)\n}", t.expr, firstCap(maxItems))
		g.p("var zero %s", t.elem.expr)
		g.p("*v = append(*v, zero)")
		g.p("s.PushIdx(i)")
		g.p("err := %s(s, d, &(*v)[i])", g.fn(items, t.elem, false))
		g.p("s.Pop()")
		g.p("if err != nil {\nreturn err\n}")
	case len(items) > 0:
		g.p("s.PushIdx(i)")
		g.p("err := %s(s, d)", g.fn(items, nil, false))
		g.p("s.Pop()")
		g.p("if err != nil {\nreturn err\n}")
	default:
		g.p("if err := d.Skip(); err != nil {\nreturn err\n}")
	}
	g.p("i++")
	g.p("}")
	g.p("if err := it.Err(); err != nil {\nreturn err\n}")
	if t != nil {
		g.p("if *v == nil {\n*v = %s{}\n}", t.expr)
	}
	if minItems > 0 {
		g.p("if i < %d {\ns.Fail(\"minItems\", %q)\n}", minItems, fmt.Sprintf("must have at least %d item%s", minItems, plural(minItems)))
	}
	for _, m := range maxItems {
		g.p("if i > %d {\ns.Fail(\"maxItems\", %q)\n}", m, fmt.Sprintf("must have at most %d item%s", m, plural(m)))
	}
}

// firstCap is the capacity an array's first item allocates: 4, or the
// smallest maxItems when that is smaller.
func firstCap(maxItems []int64) int64 {
	c := int64(4)
	for _, m := range maxItems {
		c = max(min(c, m), 1)
	}
	return c
}
