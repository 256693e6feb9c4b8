package validate

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// fnReq is one generated decoder: it reads one JSON value, checks it
// against every schema of roots (all must hold) and, when t is set, stores
// it into a *t. shape means composite keywords (oneOf, anyOf, not, enums
// of objects or arrays, uniqueItems) were checked by the caller.
type fnReq struct {
	name  string
	roots []*model.JSONSchema
	t     *gtype
	shape bool
}

// gen writes the decoders of one API.
type gen struct {
	types     *goTypes
	out       *bytes.Buffer // the function being written
	done      []emitted     // functions written, in order
	fns       map[string]*fnReq
	pending   []*fnReq
	regexps   []string
	regIdx    map[string]int
	nullMemo  map[*model.JSONSchema]bool
	fallbacks map[string]string              // Go type -> why encoding/json fills it
	evNames   map[string]string              // evaluated-properties/items functions (gen_applicators.go)
	unions    map[string][]*model.JSONSchema // union Go type -> the schemas a request's decoder checked it against
	names     map[*model.JSONSchema]string   // what each schema is called (names.go)
	namer     *model.Namer                   // the function names taken
}

// emitted is one written decoder.
type emitted struct {
	name string
	doc  string
	body string // from "func" on
}

func newGen(types *goTypes, names map[*model.JSONSchema]string) *gen {
	return &gen{types: types, names: names, namer: model.NewNamer(), out: &bytes.Buffer{}, fns: map[string]*fnReq{}, regIdx: map[string]int{}, nullMemo: map[*model.JSONSchema]bool{},
		fallbacks: map[string]string{}, unions: map[string][]*model.JSONSchema{}}
}

func (g *gen) p(format string, args ...any) {
	fmt.Fprintf(g.out, format, args...)
	g.out.WriteByte('\n')
}

// declared writes body (what write prints) after a declaration of name:
// used when body refers to name, unused (the same statement with name
// replaced by _, or nothing) when it does not. So the generated code
// declares only what it reads and needs no "_ = name" lines.
func (g *gen) declared(name, used, unused string, write func()) {
	saved := g.out
	g.out = &bytes.Buffer{}
	write()
	body := g.out.Bytes()
	g.out = saved
	if usesIdent(body, name) {
		g.p("%s", used)
	} else if unused != "" {
		g.p("%s", unused)
	}
	g.out.Write(body)
}

// fn returns the name of the decoder for roots into t, queuing it.
func (g *gen) fn(roots []*model.JSONSchema, t *gtype, shape bool) string {
	roots = dedupe(roots)
	var key strings.Builder
	for _, r := range roots {
		fmt.Fprintf(&key, "%d,", r.ID)
	}
	key.WriteString("|")
	if t != nil {
		key.WriteString(t.expr)
	}
	if shape {
		key.WriteString("|shape")
	}
	if f, ok := g.fns[key.String()]; ok {
		return f.name
	}
	f := &fnReq{roots: roots, t: t, shape: shape}
	f.name = g.fnName(f)
	g.fns[key.String()] = f
	g.pending = append(g.pending, f)
	return f.name
}

// drain writes every queued decoder.
func (g *gen) drain() {
	for len(g.pending) > 0 {
		f := g.pending[0]
		g.pending = g.pending[1:]
		g.emit(f)
	}
}

func dedupe(roots []*model.JSONSchema) []*model.JSONSchema {
	seen := map[*model.JSONSchema]bool{}
	var out []*model.JSONSchema
	for _, r := range roots {
		if r != nil && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// facets flattens roots and their allOf parts into the schemas whose own
// keywords apply to a non-null value; schemas that accept every non-null
// value are left out.
func facets(roots []*model.JSONSchema) []*model.JSONSchema {
	seen := map[*model.JSONSchema]bool{}
	var out []*model.JSONSchema
	var walk func(s *model.JSONSchema)
	walk = func(s *model.JSONSchema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if s.Bool != nil {
			if !*s.Bool {
				out = append(out, s)
			}
			return
		}
		if s.Empty {
			return
		}
		out = append(out, s)
		for _, a := range s.AllOf {
			walk(a)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	return out
}

// nullOK reports whether null passes every root, as kin-openapi decides:
// nullable (or "null" among the types) accepts null outright; otherwise
// null passes only through oneOf/anyOf/allOf alternatives that accept it.
func (g *gen) nullOK(roots []*model.JSONSchema) bool {
	for _, r := range roots {
		if !g.nullOne(r, map[*model.JSONSchema]bool{}) {
			return false
		}
	}
	return true
}

func (g *gen) nullOne(s *model.JSONSchema, visiting map[*model.JSONSchema]bool) bool {
	if v, ok := g.nullMemo[s]; ok {
		return v
	}
	if visiting[s] {
		return false
	}
	visiting[s] = true
	defer delete(visiting, s)
	v := func() bool {
		if s.Bool != nil {
			return *s.Bool
		}
		if s.Nullable || contains(s.Types, "null") {
			return true
		}
		base := untypedNull(s)
		if s.Empty {
			return base
		}
		if s.Not != nil && g.nullOne(s.Not, visiting) {
			return false
		}
		if !g.nullIf(s, visiting) {
			return false
		}
		if len(s.OneOf) == 0 && len(s.AnyOf) == 0 && len(s.AllOf) == 0 {
			return base
		}
		if len(s.OneOf) > 0 {
			n := 0
			for _, b := range s.OneOf {
				if g.nullOne(b, visiting) {
					n++
				}
			}
			if n != 1 {
				return false
			}
		}
		if len(s.AnyOf) > 0 {
			ok := false
			for _, b := range s.AnyOf {
				ok = ok || g.nullOne(b, visiting)
			}
			if !ok {
				return false
			}
		}
		for _, b := range s.AllOf {
			if !g.nullOne(b, visiting) {
				return false
			}
		}
		return true
	}()
	g.nullMemo[s] = v
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// JSON kinds a value can have.
const (
	jString = "String"
	jNumber = "Number"
	jBool   = "Bool"
	jArray  = "Array"
	jObject = "Object"
)

var allKinds = []string{jObject, jArray, jString, jNumber, jBool}

// kinds lists the non-null JSON kinds every facet's type allows.
func kinds(fs []*model.JSONSchema) []string {
	var out []string
	for _, k := range allKinds {
		ok := true
		for _, f := range fs {
			if f.Bool != nil && !*f.Bool {
				ok = false
				break
			}
			t := map[string]string{jObject: "object", jArray: "array", jString: "string", jNumber: "integer", jBool: "boolean"}[k]
			if !f.Permits(t) || !enumPermits(f, k) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, k)
		}
	}
	return out
}

// requiresInt reports whether a facet allows integers but not other numbers.
func requiresInt(f *model.JSONSchema) bool {
	return f.Types != nil && f.Permits("integer") && !contains(f.Types, "number")
}

// want describes the allowed kinds for a type error.
func want(ks []string, fs []*model.JSONSchema, null bool) string {
	integer := false
	for _, f := range fs {
		integer = integer || requiresInt(f)
	}
	var names []string
	for _, k := range ks {
		switch k {
		case jObject:
			names = append(names, "an object")
		case jArray:
			names = append(names, "an array")
		case jString:
			names = append(names, "a string")
		case jNumber:
			if integer {
				names = append(names, "an integer")
			} else {
				names = append(names, "a number")
			}
		case jBool:
			names = append(names, "a boolean")
		}
	}
	if null {
		names = append(names, "null")
	}
	switch len(names) {
	case 0:
		return "absent (no value is allowed)"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// compatible reports whether t can hold a value of kind k.
func compatible(k string, t *gtype) bool {
	switch k {
	case jObject:
		return t.kind == kStruct || t.kind == kMap
	case jArray:
		return t.kind == kSlice
	case jString:
		switch t.kind {
		case kString, kTime, kDate, kUUID, kBytes:
			return true
		}
	case jNumber:
		return t.kind == kInt || t.kind == kUint || t.kind == kFloat
	case jBool:
		return t.kind == kBool
	}
	return false
}

// composite reports whether a facet has keywords checked on the raw value.
func composite(f *model.JSONSchema) bool {
	return f.Not != nil || len(f.OneOf) > 0 || len(f.AnyOf) > 0 || f.UniqueItems || !scalarEnum(f) || f.Applicators31()
}

func describe(roots []*model.JSONSchema) string {
	var parts []string
	for _, r := range roots {
		switch {
		case r.Component != "":
			parts = append(parts, r.Component)
		case r.Origin.Short() != "":
			parts = append(parts, "the schema at "+r.Origin.Short())
		default:
			parts = append(parts, fmt.Sprintf("schema #%d", r.ID))
		}
	}
	if len(parts) == 0 {
		return "any value"
	}
	return strings.Join(parts, " and ")
}

func (g *gen) emit(f *fnReq) {
	t := f.t
	what := describe(f.roots)
	e := emitted{name: f.name}
	g.out = &bytes.Buffer{}
	if t == nil {
		e.doc = fmt.Sprintf("validates a value against %s.", what)
		g.p("func %s(s *apirt.State, d *jx.Decoder) error {", f.name)
	} else {
		e.doc = fmt.Sprintf("validates a value against %s and stores it.", what)
		g.p("func %s(s *apirt.State, d *jx.Decoder, v *%s) error {", f.name, t.expr)
	}
	defer func() {
		g.p("}")
		e.body = g.out.String()
		g.done = append(g.done, e)
	}()
	fs := facets(f.roots)
	ks := kinds(fs)
	null := g.nullOK(f.roots)

	if t != nil && t.kind == kPtr {
		g.p("if d.Next() == jx.Null {")
		g.p("*v = nil")
		g.nullCase(null, ks, fs)
		g.p("}")
		switch {
		case t.elem.kind == kString && t.elem.expr == "string":
			// An optional string: one slot of the request's slab
			// (State.NewString), not an allocation of its own.
			g.p("x := s.NewString()")
		case t.elem.kind == kString:
			// A named type of string: the slot converted (same underlying type).
			g.p("x := (*%s)(s.NewString())", t.elem.expr)
		default:
			g.p("x := new(%s)", t.elem.expr)
		}
		g.p("*v = x")
		g.p("return %s(s, d, x)", g.fn(f.roots, t.elem, f.shape))
		return
	}
	if t != nil && !g.fills(t, ks) {
		g.rawStore(f)
		return
	}
	if !f.shape {
		var comp []*model.JSONSchema
		for _, x := range fs {
			if composite(x) {
				comp = append(comp, x)
			}
		}
		if len(comp) > 0 {
			g.p("if d.Next() != jx.Null {")
			const readRaw = "raw, err := d.Raw()\nif err != nil {\nreturn err\n}"
			if t == nil && !anyShape(fs) {
				// Nothing but composite keywords: the value is judged.
				g.declared("raw", readRaw, "if err := d.Skip(); err != nil {\nreturn err\n}", func() {
					for _, x := range comp {
						g.compositeChecks(x)
					}
					g.p("return nil")
				})
				g.p("}")
				g.p("return %s(s, d)", g.fn(f.roots, nil, true))
				return
			}
			g.p("%s", readRaw)
			for _, x := range comp {
				g.compositeChecks(x)
			}
			g.p("sub := jx.GetDecoder()")
			g.p("sub.ResetBytes(raw)")
			if t == nil {
				g.p("err = %s(s, sub)", g.fn(f.roots, nil, true))
			} else {
				g.p("err = %s(s, sub, v)", g.fn(f.roots, t, true))
			}
			g.p("jx.PutDecoder(sub)")
			g.p("return err")
			g.p("}")
		}
	}
	g.p("switch d.Next() {")
	for _, k := range ks {
		g.p("case jx.%s:", k)
		switch k {
		case jString:
			g.stringCase(fs, t)
		case jNumber:
			g.numberCase(fs, t)
		case jBool:
			g.boolCase(fs, t)
		case jArray:
			g.arrayCase(fs, t)
		case jObject:
			g.objectCase(fs, t)
		}
		g.p("return nil")
	}
	g.p("case jx.Null:")
	g.nullCase(null, ks, fs)
	g.p("}")
	g.p("return s.WrongType(d, %q)", want(ks, fs, null))
}

// fills reports whether the decoder can fill t itself for every kind a
// valid value can have.
func (g *gen) fills(t *gtype, ks []string) bool {
	switch t.kind {
	case kUnknown, kAny, kRaw, kUnion:
		return false
	}
	for _, k := range ks {
		if !compatible(k, t) {
			return false
		}
	}
	return true
}

func (g *gen) nullCase(null bool, ks []string, fs []*model.JSONSchema) {
	if null {
		g.p("return d.Null()")
		return
	}
	g.p("return s.NotNull(d, %q)", "must be "+want(ks, fs, false)+", not null")
}

// rawStore validates the raw value, then keeps it as the Go type wants.
func (g *gen) rawStore(f *fnReq) {
	t := f.t
	fs := facets(f.roots)
	g.p("raw, err := d.Raw()")
	g.p("if err != nil {\nreturn err\n}")
	g.p("before := s.Fails")
	if !anyShape(fs) && raw0(g, f.roots) {
		// Only composite keywords (a union): check them on raw directly.
		g.p("if raw[0] != 'n' {")
		for _, x := range fs {
			if composite(x) {
				g.compositeChecks(x)
			}
		}
		g.p("} else if err := s.Run(raw, %s); err != nil {\nreturn err\n}", g.fn(f.roots, nil, false))
	} else {
		g.p("if err := s.Run(raw, %s); err != nil {\nreturn err\n}", g.fn(f.roots, nil, false))
	}
	g.p("if s.Fails != before {\nreturn nil\n}")
	switch t.kind {
	case kAny:
		g.p("*v = s.Finite(raw)")
	case kRaw:
		g.p("*v = append((*v)[:0:0], raw...)")
	case kUnion:
		g.noteUnion(t.expr, f.roots)
		// The union's own UnmarshalJSON (oapi-codegen's public API) keeps
		// the checked JSON; nothing here touches its private field.
		g.p("if err := v.UnmarshalJSON(raw); err != nil {\nreturn err\n}")
	default:
		why := t.why
		if why == "" {
			why = "the schema allows JSON types the Go type cannot hold"
		}
		g.fallbacks[t.expr] = why
		g.p("s.BindJSON(raw, v)")
	}
	g.p("return nil")
}

func plural(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func pluralY(n int64) string {
	if n == 1 {
		return "y"
	}
	return "ies"
}

// raw0 reports whether every root is non-empty (so the composite checks
// are all there is to a non-null value).
func raw0(g *gen, roots []*model.JSONSchema) bool {
	return len(roots) > 0
}

// anyShape reports whether a facet has keywords checked while decoding
// (not only oneOf, anyOf, not, enums of objects or arrays, uniqueItems).
func anyShape(fs []*model.JSONSchema) bool {
	for _, f := range fs {
		if f.Bool != nil || f.Types != nil || f.Format != "" || (hasEnum(f) && scalarEnum(f)) ||
			f.MinLength > 0 || f.MaxLength != nil || (f.Pattern != "" && !f.PatternSkipped) ||
			f.Minimum != nil || f.Maximum != nil || f.ExclusiveMinimum != nil || f.ExclusiveMaximum != nil || f.MultipleOf != nil ||
			f.Items != nil || f.MinItems > 0 || f.MaxItems != nil ||
			len(f.Properties) > 0 || len(f.Required) > 0 || f.Additional != nil || f.NoAdditional || f.MinProperties > 0 || f.MaxProperties != nil {
			return true
		}
	}
	return false
}
