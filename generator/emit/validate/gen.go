package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
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
	fallbacks map[string]string // Go type -> why encoding/json fills it
	imports   map[string]bool
	evNames   map[string]string              // evaluated-properties/items functions (gen_applicators.go)
	unions    map[string][]*model.JSONSchema // union Go type -> the schemas a request's decoder checked it against
}

// emitted is one written decoder.
type emitted struct {
	name string
	doc  string
	body string // from "func" on
}

func newGen(types *goTypes) *gen {
	return &gen{types: types, out: &bytes.Buffer{}, fns: map[string]*fnReq{}, regIdx: map[string]int{}, nullMemo: map[*model.JSONSchema]bool{},
		fallbacks: map[string]string{}, imports: map[string]bool{}, unions: map[string][]*model.JSONSchema{}}
}

func (g *gen) p(format string, args ...any) {
	fmt.Fprintf(g.out, format, args...)
	g.out.WriteByte('\n')
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
	name := fmt.Sprintf("vd%d", len(g.fns)+1)
	f := &fnReq{name: name, roots: roots, t: t, shape: shape}
	g.fns[key.String()] = f
	g.pending = append(g.pending, f)
	return name
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
		g.p("func (s *vstate) %s(d *jx.Decoder) error {", f.name)
	} else {
		e.doc = fmt.Sprintf("validates a value against %s and stores it.", what)
		g.p("func (s *vstate) %s(d *jx.Decoder, v *%s) error {", f.name, t.expr)
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
		g.p("x := new(%s)", t.elem.expr)
		g.p("*v = x")
		g.p("return s.%s(d, x)", g.fn(f.roots, t.elem, f.shape))
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
			g.p("raw, err := d.Raw()")
			g.p("if err != nil {\nreturn err\n}")
			for _, x := range comp {
				g.compositeChecks(x)
			}
			if t == nil && !anyShape(fs) {
				// Nothing but composite keywords: the value is judged.
				g.p("return nil")
				g.p("}")
				g.p("return s.%s(d)", g.fn(f.roots, nil, true))
				return
			}
			g.p("sub := jx.GetDecoder()")
			g.p("sub.ResetBytes(raw)")
			if t == nil {
				g.p("err = s.%s(sub)", g.fn(f.roots, nil, true))
			} else {
				g.p("err = s.%s(sub, v)", g.fn(f.roots, t, true))
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
	g.p("return s.wrongType(d, %q)", want(ks, fs, null))
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
	g.p("return s.notNull(d, %q)", "must be "+want(ks, fs, false)+", not null")
}

// rawStore validates the raw value, then keeps it as the Go type wants.
func (g *gen) rawStore(f *fnReq) {
	t := f.t
	fs := facets(f.roots)
	g.p("raw, err := d.Raw()")
	g.p("if err != nil {\nreturn err\n}")
	g.p("before := s.fails")
	if !anyShape(fs) && raw0(g, f.roots) {
		// Only composite keywords (a union): check them on raw directly.
		g.p("if raw[0] != 'n' {")
		for _, x := range fs {
			if composite(x) {
				g.compositeChecks(x)
			}
		}
		g.p("} else if err := s.run(raw, (*vstate).%s); err != nil {\nreturn err\n}", g.fn(f.roots, nil, false))
	} else {
		g.p("if err := s.run(raw, (*vstate).%s); err != nil {\nreturn err\n}", g.fn(f.roots, nil, false))
	}
	g.p("if s.fails != before {\nreturn nil\n}")
	switch t.kind {
	case kAny:
		g.p("*v = anyOf(raw)")
	case kRaw:
		g.p("*v = append((*v)[:0:0], raw...)")
	case kUnion:
		g.noteUnion(t.expr, f.roots)
		g.p("v.union = append(v.union[:0:0], raw...)")
	default:
		why := t.why
		if why == "" {
			why = "the schema allows JSON types the Go type cannot hold"
		}
		g.fallbacks[t.expr] = why
		g.p("s.bindJSON(raw, v)")
	}
	g.p("return nil")
}

func (g *gen) compositeChecks(f *model.JSONSchema) {
	if f.Not != nil {
		g.p("if s.matches(raw, (*vstate).%s) {", g.fn([]*model.JSONSchema{f.Not}, nil, false))
		g.p("s.fail(\"not\", %q)", "must not match the schema that "+describe([]*model.JSONSchema{f.Not})+" describes")
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
		g.p("switch canonOf(raw) {")
		g.p("case %s:", strings.Join(cases, ", "))
		g.p("default:")
		g.p("s.fail(%q, %q)", enumKeyword(f), enumMessage(vals))
		g.p("}")
	}
	if f.Applicators31() {
		g.applicators31(f)
	}
	if f.UniqueItems {
		g.p("if raw[0] == '[' && !uniqueItems(raw) {")
		g.p("s.fail(\"uniqueItems\", \"must not contain duplicate items\")")
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
			cond := fmt.Sprintf("s.matches(raw, (*vstate).%s)", g.fn([]*model.JSONSchema{a}, nil, false))
			if keyword == "anyOf" {
				g.p("if n == 0 && %s {\nn++\n}", cond)
			} else {
				g.p("if %s {\nn++\n}", cond)
			}
		}
		if keyword == "oneOf" {
			g.p("if n != 1 {\ns.oneOfFail(n, %d)\n}", n)
		} else {
			g.p("if n == 0 {\ns.fail(\"anyOf\", %q)\n}", fmt.Sprintf("must match at least one of the %d alternatives (anyOf), but matches none", n))
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
	g.p("if raw[0] == '{' {")
	g.p("tag, found, isString, clash := discriminatorOf(raw, %q)", d.PropertyName)
	g.p("switch {")
	g.p("case clash:")
	g.p("s.failAt(%q, \"duplicate\", %q)", d.PropertyName, "is given more than once, or also in another letter case")
	g.p("case !found:")
	g.p("s.failAt(%q, \"discriminator\", %q)", d.PropertyName, "is required: it selects the alternative ("+strings.Join(values, ", ")+")")
	g.p("case !isString:")
	g.p("s.failAt(%q, \"discriminator\", %q)", d.PropertyName, "must be a string naming the alternative ("+strings.Join(values, ", ")+")")
	g.p("default:")
	g.p("switch tag {")
	for _, c := range append(append([]model.DiscriminatorCase{}, d.Mapping...), d.Implicit...) {
		g.p("case %q:", c.Value)
		if c.Schema == nil {
			g.p("s.failAt(%q, \"discriminator\", %q)", d.PropertyName, "maps to a schema that is not one of the alternatives")
			continue
		}
		g.p("if err := s.run(raw, (*vstate).%s); err != nil {\nreturn err\n}", g.fn([]*model.JSONSchema{c.Schema}, nil, false))
	}
	g.p("default:")
	g.p("s.failAt(%q, \"discriminator\", %q)", d.PropertyName, "must be one of "+strings.Join(values, ", "))
	g.p("}")
	g.p("}")
	g.p("} else")
	plain()
}

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

func (g *gen) stringCase(fs []*model.JSONSchema, t *gtype) {
	g.p("b, err := d.StrBytes()")
	g.p("if err != nil {\nreturn err\n}")
	var enumStrings []string
	for _, f := range fs {
		if hasEnum(f) {
			vals := enumValues(f)
			var cases []string
			for _, v := range vals {
				if s, ok := v.(string); ok && !contains(cases, strconv.Quote(s)) {
					cases = append(cases, strconv.Quote(s))
				}
			}
			if len(cases) == 0 {
				g.p("s.fail(%q, %q)", enumKeyword(f), enumMessage(vals))
			} else {
				g.p("switch bstr(b) {\ncase %s:\ndefault:", strings.Join(cases, ", "))
				g.p("s.fail(%q, %q)", enumKeyword(f), enumMessage(vals))
				g.p("}")
				if enumStrings == nil {
					enumStrings = cases
				}
			}
		}
	}
	needLen := false
	for _, f := range fs {
		needLen = needLen || f.MinLength > 0 || f.MaxLength != nil
	}
	if needLen {
		g.p("n := runeCount(b)")
	}
	formats := map[string]bool{}
	for _, f := range fs {
		if f.MinLength > 0 {
			g.p("if n < %d {\ns.fail(\"minLength\", %q)\n}", f.MinLength, fmt.Sprintf("must be at least %d character%s long", f.MinLength, plural(f.MinLength)))
		}
		if f.MaxLength != nil {
			g.p("if n > %d {\ns.fail(\"maxLength\", %q)\n}", *f.MaxLength, fmt.Sprintf("must be at most %d character%s long", *f.MaxLength, plural(*f.MaxLength)))
		}
		if f.Pattern != "" && !f.PatternSkipped {
			g.p("if !%s().Match(b) {\ns.fail(\"pattern\", %q)\n}", g.regexp(f.Pattern), "must match the pattern "+f.Pattern)
		}
		if f.Format != "" && !formats[f.Format] {
			if check, msg, ok := formatCheck(f.Format); ok {
				formats[f.Format] = true
				g.p("if !%s {\ns.fail(\"format\", %q)\n}", check, msg)
			}
		}
	}
	if t == nil {
		g.p("_ = b")
		return
	}
	switch t.kind {
	case kString:
		if enumStrings != nil && t.expr != "string" {
			g.p("switch bstr(b) {")
			for _, c := range enumStrings {
				g.p("case %s:\n*v = %s", c, c)
			}
			g.p("default:\n*v = %s(b)", t.expr)
			g.p("}")
		} else {
			g.p("*v = %s(b)", t.expr)
		}
	case kTime:
		g.parseStore("parseDateTime(b)", "x", !formats["date-time"], "must be an RFC 3339 date-time such as 2024-01-31T09:30:00Z")
	case kDate:
		g.imports["openapi_types \"github.com/oapi-codegen/runtime/types\""] = true
		g.parseStore("parseDate(b)", t.expr+"{Time: x}", !formats["date"], "must be an RFC 3339 date such as 2024-01-31")
	case kUUID:
		g.parseStore("parseUUID(b)", "x", !formats["uuid"], "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000")
	case kBytes:
		g.parseStore("decodeByte(b)", "x", !formats["byte"], "must be base64 (RFC 4648, with padding)")
	}
}

// parseStore stores a parsed string; when no format check reported the
// failure already, a value that does not parse is reported here.
func (g *gen) parseStore(call, value string, report bool, msg string) {
	s := fmt.Sprintf("if x, ok := %s; ok {\n*v = %s\n}", call, value)
	if report {
		s += fmt.Sprintf(" else {\ns.fail(\"format\", %q)\n}", msg)
	}
	g.p("%s", s)
}

func plural(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// formatCheck is the Go condition (on b) that a format holds, and the
// message when it does not. Unknown formats are not checked.
func formatCheck(format string) (string, string, bool) {
	switch format {
	case "email":
		return "isEmail(b)", "must be an email address", true
	case "uuid":
		return "isUUID(b)", "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000", true
	case "date":
		return "isDate(b)", "must be an RFC 3339 date such as 2024-01-31", true
	case "date-time":
		return "isDateTime(b)", "must be an RFC 3339 date-time such as 2024-01-31T09:30:00Z", true
	case "time":
		return "isTime(b)", "must be an RFC 3339 time such as 09:30:00Z", true
	case "uri":
		return "isURI(b)", "must be an absolute URI such as https://example.com/a", true
	case "hostname":
		return "isHostname(b)", "must be a host name (RFC 1123)", true
	case "ipv4":
		return "isIPv4(b)", "must be an IPv4 address", true
	case "ipv6":
		return "isIPv6(b)", "must be an IPv6 address", true
	case "byte":
		return "isByte(b)", "must be base64 (RFC 4648, with padding)", true
	}
	return "", "", false
}

func (g *gen) regexp(pattern string) string {
	i, ok := g.regIdx[pattern]
	if !ok {
		i = len(g.regexps)
		g.regIdx[pattern] = i
		g.regexps = append(g.regexps, pattern)
	}
	return fmt.Sprintf("pattern%d", i)
}

func floatLit(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// numText is a number as people write it, in messages and the report:
// plain notation (10000000, 0.01), exponents only beyond what anyone
// writes out (as JavaScript prints numbers: 1e+21, 1e-7). It is also a
// valid Go constant.
func numText(f float64) string {
	if a := math.Abs(f); a != 0 && (a >= 1e21 || a < 1e-6) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (g *gen) numberCase(fs []*model.JSONSchema, t *gtype) {
	g.p("n, err := readNum(d)")
	g.p("if err != nil {\nreturn err\n}")
	intDone := false
	for _, f := range fs {
		if requiresInt(f) && !intDone {
			intDone = true
			g.p("if !n.isInt() {\ns.fail(\"type\", \"must be an integer\")\n}")
		}
		if requiresInt(f) {
			switch f.Format {
			case "int32":
				g.p("if n.isInt() && (n.f < -2147483648 || n.f > 2147483647) {\ns.fail(\"format\", \"must fit in a signed 32-bit integer\")\n}")
			case "int64":
				g.p("if n.isInt() && (n.f < -9223372036854775808 || n.f > 9223372036854775807) {\ns.fail(\"format\", \"must fit in a signed 64-bit integer\")\n}")
			}
		}
		if f.Minimum != nil {
			g.p("if n.cmp(%[1]s, %[1]q) < 0 {\ns.fail(\"minimum\", %[2]q)\n}", floatLit(*f.Minimum), "must be at least "+numText(*f.Minimum))
		}
		if f.ExclusiveMinimum != nil {
			g.p("if n.cmp(%[1]s, %[1]q) <= 0 {\ns.fail(\"exclusiveMinimum\", %[2]q)\n}", floatLit(*f.ExclusiveMinimum), "must be greater than "+numText(*f.ExclusiveMinimum))
		}
		if f.Maximum != nil {
			g.p("if n.cmp(%[1]s, %[1]q) > 0 {\ns.fail(\"maximum\", %[2]q)\n}", floatLit(*f.Maximum), "must be at most "+numText(*f.Maximum))
		}
		if f.ExclusiveMaximum != nil {
			g.p("if n.cmp(%[1]s, %[1]q) >= 0 {\ns.fail(\"exclusiveMaximum\", %[2]q)\n}", floatLit(*f.ExclusiveMaximum), "must be less than "+numText(*f.ExclusiveMaximum))
		}
		if m := f.MultipleOf; m != nil && *m > 0 && !math.IsInf(*m, 0) {
			mant, scale := decimalParts(*m)
			g.p("if !multipleOf(n, decimalDivisor{%d, %d}) {\ns.fail(\"multipleOf\", %q)\n}", mant, scale, "must be a multiple of "+numText(*m))
		}
		if hasEnum(f) {
			vals := enumValues(f)
			var conds []string
			for _, v := range vals {
				if x, ok := v.(float64); ok {
					conds = append(conds, "n.f == "+floatLit(x))
				}
			}
			if len(conds) == 0 {
				g.p("s.fail(%q, %q)", enumKeyword(f), enumMessage(vals))
			} else {
				g.p("if !(%s) {\ns.fail(%q, %q)\n}", strings.Join(conds, " || "), enumKeyword(f), enumMessage(vals))
			}
		}
	}
	if t == nil {
		g.p("_ = n")
		return
	}
	switch t.kind {
	case kInt, kUint:
		conv, what := "toInt", fmt.Sprintf("a %d-bit integer", t.bits)
		if t.kind == kUint {
			conv, what = "toUint", fmt.Sprintf("an unsigned %d-bit integer", t.bits)
		}
		code := fmt.Sprintf("if x, ok := n.%s(%d); ok {\n*v = %s(x)\n} else if n.isInt() {\ns.fail(\"format\", %q)\n}", conv, t.bits, t.expr, "is out of range (the service keeps it as "+what+")")
		if !intDone {
			code += " else {\ns.fail(\"type\", \"must be an integer\")\n}"
		}
		g.p("%s", code)
	case kFloat:
		if t.bits == 32 {
			g.p("if n.fitsFloat32() {\n*v = %s(n.f)\n} else {\ns.fail(\"format\", \"is out of range (the service keeps it as a 32-bit float)\")\n}", t.expr)
		} else {
			g.p("*v = %s(n.f)", t.expr)
		}
	}
}

// decimalParts writes m (> 0) as mant * 10^-scale with an integer mant.
func decimalParts(m float64) (uint64, int) {
	s := strconv.FormatFloat(m, 'e', -1, 64) // d.ddddde±xx
	mantText, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	intPart, frac, _ := strings.Cut(mantText, ".")
	mant, _ := strconv.ParseUint(intPart+frac, 10, 64)
	return mant, len(frac) - exp
}

func (g *gen) boolCase(fs []*model.JSONSchema, t *gtype) {
	g.p("b, err := d.Bool()")
	g.p("if err != nil {\nreturn err\n}")
	for _, f := range fs {
		if !hasEnum(f) {
			continue
		}
		vals := enumValues(f)
		var conds []string
		for _, v := range vals {
			if x, ok := v.(bool); ok {
				conds = append(conds, fmt.Sprintf("b == %t", x))
			}
		}
		if len(conds) == 0 {
			g.p("s.fail(%q, %q)", enumKeyword(f), enumMessage(vals))
		} else {
			g.p("if !(%s) {\ns.fail(%q, %q)\n}", strings.Join(conds, " || "), enumKeyword(f), enumMessage(vals))
		}
	}
	if t != nil {
		g.p("*v = %s(b)", t.expr)
	} else {
		g.p("_ = b")
	}
}

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
		g.p("var zero %s", t.elem.expr)
		g.p("*v = append(*v, zero)")
		g.p("s.pushIdx(i)")
		g.p("err := s.%s(d, &(*v)[i])", g.fn(items, t.elem, false))
		g.p("s.pop()")
		g.p("if err != nil {\nreturn err\n}")
	case len(items) > 0:
		g.p("s.pushIdx(i)")
		g.p("err := s.%s(d)", g.fn(items, nil, false))
		g.p("s.pop()")
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
		g.p("if i < %d {\ns.fail(\"minItems\", %q)\n}", minItems, fmt.Sprintf("must have at least %d item%s", minItems, plural(minItems)))
	}
	for _, m := range maxItems {
		g.p("if i > %d {\ns.fail(\"maxItems\", %q)\n}", m, fmt.Sprintf("must have at most %d item%s", m, plural(m)))
	}
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
	g.p("switch bstr(k) {")
	for _, n := range names {
		op := byName[n]
		g.p("case %q:", n)
		w, bit := op.bit/64, op.bit%64
		g.p("if s.seen(&seen[%d], 1<<%d, %q) {\nerr = d.Skip()\nbreak\n}", w, bit, n)
		if op.disallowed {
			g.p("s.failAt(%q, \"additionalProperties\", %q)", n, "is not allowed here")
			g.p("err = d.Skip()")
			continue
		}
		if op.readOnly {
			g.p("if d.Next() != jx.Null {")
			g.p("s.failAt(%q, \"readOnly\", \"is read-only: the service sets it, so a request must not send it\")", n)
			g.p("err = d.Skip()")
			g.p("break")
			g.p("}")
		}
		for i, r := range extraRequired {
			if r == n {
				g.p("seenExtra[%d] = true", i)
			}
		}
		g.p("s.push(%q)", n)
		g.storeProp(op.schemas, t, n)
		g.p("s.pop()")
	}
	g.p("default:")
	for i, r := range extraRequired {
		g.p("if bstr(k) == %q {\nseenExtra[%d] = true\n}", r, i)
	}
	if variants := caseFoldable(names); len(variants) > 0 {
		g.p("if s.caseVariant(k, %s) {\nerr = d.Skip()\nbreak\n}", strings.Join(variants, ", "))
	}
	switch {
	case unknownDisallowed:
		g.p("s.pushKey(k)")
		g.p("s.fail(\"additionalProperties\", %q)", "is not allowed: the object accepts only the properties "+quoteList(names))
		g.p("s.pop()")
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
		g.p("s.pushKey(k)")
		g.p("err = s.%s(d, &x)", g.fn(unknown, mt.elem, false))
		g.p("s.pop()")
		g.p("%s[string(k)] = x", target)
	case len(unknown) > 0:
		g.p("s.pushKey(k)")
		g.p("err = s.%s(d)", g.fn(unknown, nil, false))
		g.p("s.pop()")
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
			g.p("if seen[%d]&(1<<%d) == 0 {\ns.failAt(%q, \"required\", \"is required\")\n}", w, bit, n)
		case !op.required && op.def != nil && t != nil:
			if set := g.setDefault(op, t); set != "" {
				g.p("if seen[%d]&(1<<%d) == 0 {\n%s\n}", w, bit, set)
			}
		}
	}
	for i, r := range extraRequired {
		g.p("if !seenExtra[%d] {\ns.failAt(%q, \"required\", \"is required\")\n}", i, r)
	}
	if minProps > 0 {
		g.p("if count < %d {\ns.fail(\"minProperties\", %q)\n}", minProps, fmt.Sprintf("must have at least %d propert%s", minProps, pluralY(minProps)))
	}
	for _, m := range maxProps {
		g.p("if count > %d {\ns.fail(\"maxProperties\", %q)\n}", m, fmt.Sprintf("must have at most %d propert%s", m, pluralY(m)))
	}
}

func pluralY(n int64) string {
	if n == 1 {
		return "y"
	}
	return "ies"
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
		g.p("err = s.%s(d, &%s)", g.fn(schemas, ft, false), lv)
	case ft != nil: // map
		g.p("var x %s", ft.expr)
		g.p("err = s.%s(d, &x)", g.fn(schemas, ft, false))
		g.p("(*v)[%q] = x", name)
	default:
		g.p("err = s.%s(d)", g.fn(schemas, nil, false))
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
	return fmt.Sprintf("_ = s.%s(jx.DecodeStr(%q), &%s)", g.fn(op.schemas, ft, false), op.def.JSON, lv)
}

var unicodeEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

// goPattern is an OpenAPI (ECMA-262) pattern as Go's regexp reads it:
// \uXXXX becomes \x{XXXX} (the same rewrite spec.GoPattern makes when it
// checks the pattern compiles).
func goPattern(pattern string) string {
	return unicodeEscape.ReplaceAllString(pattern, `\x{$1}`)
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
