package spec

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// ValidationOptions tune Validation.
type ValidationOptions struct {
	// SkipUnsupportedPatterns leaves a pattern Go's regexp cannot compile
	// unenforced (listed in API.SkippedPatterns) instead of refusing the spec.
	SkipUnsupportedPatterns bool
}

// Validation gives every parameter and JSON request body its validation
// schema (legacy operations too: the local server checks them, and the
// validation report lists them) (model.Param.Validation,
// model.Body.Schema). A pattern Go's regexp cannot compile is a Problem,
// naming its file:line, unless opts skip it; every problem comes at once in
// an *Error.
func Validation(doc *Document, api *model.API, opts ValidationOptions) error {
	b := &schemaBuilder{doc: doc, api: api, opts: opts, seen: map[*openapi3.Schema]*model.JSONSchema{}, names: map[*openapi3.Schema]string{}}
	if doc.T.Components != nil {
		for name, ref := range doc.T.Components.Schemas {
			if ref != nil && ref.Value != nil {
				if prev, ok := b.names[ref.Value]; !ok || name < prev {
					b.names[ref.Value] = name
				}
			}
		}
	}
	// Legacy operations too: the local server checks their requests.
	for _, op := range api.Operations {
		item := doc.T.Paths.Value(op.Path)
		if item == nil {
			continue
		}
		kop := item.GetOperation(op.Method)
		if kop == nil {
			continue
		}
		b.params(op, item.Parameters, kop.Parameters)
		if op.Body != nil && (op.Body.JSON || op.Body.Form) && kop.RequestBody != nil && kop.RequestBody.Value != nil {
			if mt := kop.RequestBody.Value.Content[op.Body.DecodedType()]; mt != nil && mt.Schema != nil {
				op.Body.Schema = b.schema(mt.Schema)
				if fm := kop.RequestBody.Value.Content[op.Body.FormType]; op.Body.Form && fm != nil && fm.Schema != nil {
					b.formFields(op.Body.FormFields, fm)
				}
			}
		}
	}
	if len(b.problems) > 0 {
		sort.SliceStable(b.problems, func(i, j int) bool { return posLess(b.problems[i].Pos, b.problems[j].Pos) })
		return &Error{Problems: b.problems}
	}
	return nil
}

type schemaBuilder struct {
	doc      *Document
	api      *model.API
	opts     ValidationOptions
	seen     map[*openapi3.Schema]*model.JSONSchema
	names    map[*openapi3.Schema]string // component schemas by value
	nextID   int
	problems []Problem
}

func (b *schemaBuilder) pos(o *openapi3.Origin, field string) model.Position {
	if o == nil {
		return model.Position{File: b.doc.File}
	}
	loc := o.Key
	if field != "" {
		if l, ok := o.Fields.Lookup(field); ok {
			loc = &l
		}
	}
	if loc == nil {
		return model.Position{File: b.doc.File}
	}
	file := b.doc.File
	if loc.File != "" && !strings.HasSuffix(loc.File, strings.TrimPrefix(b.doc.File, "./")) {
		file = loc.File
	}
	return model.Position{File: file, Line: loc.Line, Col: loc.Column}
}

func (b *schemaBuilder) params(op *model.Operation, pathLevel, opLevel openapi3.Parameters) {
	type key struct{ in, name string }
	found := map[key]*openapi3.Parameter{}
	for _, group := range []openapi3.Parameters{pathLevel, opLevel} {
		for _, ref := range group {
			if ref == nil || ref.Value == nil {
				continue
			}
			k := key{ref.Value.In, ref.Value.Name}
			if k.in == openapi3.ParameterInHeader {
				k.name = http.CanonicalHeaderKey(k.name)
			}
			found[k] = ref.Value
		}
	}
	for _, mp := range op.Params {
		k := key{string(mp.In), mp.Name}
		if mp.In == model.InHeader {
			k.name = http.CanonicalHeaderKey(k.name)
		}
		p := found[k]
		if p == nil {
			// A path parameter the spec does not declare: a plain string.
			mp.Validation = &model.ParamSchema{Style: "simple"}
			continue
		}
		ps := &model.ParamSchema{AllowEmptyValue: p.AllowEmptyValue}
		if sm, err := p.SerializationMethod(); err == nil {
			ps.Style, ps.Explode = sm.Style, sm.Explode
		}
		switch {
		case p.Schema != nil:
			ps.Schema = b.schema(p.Schema)
		case len(p.Content) > 0:
			if ct, mt := pickJSON(p.Content); mt != nil && mt.Schema != nil {
				ps.Content = ct
				ps.Schema = b.schema(mt.Schema)
			}
		}
		mp.Validation = ps
	}
}

// formFields gives each field of a form body the validation of a query
// parameter of its property's schema, with the style and explode of its
// encoding (form and exploded by default, as OpenAPI says).
func (b *schemaBuilder) formFields(fields []*model.Param, mt *openapi3.MediaType) {
	for _, f := range fields {
		enc := mt.Encoding[f.Name]
		sm := enc.SerializationMethod()
		ps := &model.ParamSchema{Style: sm.Style, Explode: sm.Explode}
		if ref := mt.Schema.Value.Properties[f.Name]; ref != nil {
			ps.Schema = b.schema(ref)
		}
		if enc != nil && model.IsJSONMedia(enc.ContentType) {
			ps.Content = enc.ContentType
		}
		f.Validation = ps
	}
}

// schema converts one kin-openapi schema, once per schema value.
func (b *schemaBuilder) schema(ref *openapi3.SchemaRef) *model.JSONSchema {
	if ref == nil || ref.Value == nil {
		t := true
		return &model.JSONSchema{ID: b.id(), Bool: &t}
	}
	key, s := ref.Value, ref.Value
	if out, ok := b.seen[key]; ok {
		return out
	}
	if b.is31() {
		s = unevaluatedBesideRef(ref)
	}
	out := &model.JSONSchema{ID: b.id(), Component: b.names[key], Origin: b.pos(s.Origin, "")}
	b.seen[key] = out
	if s.Always != nil {
		v := *s.Always
		out.Bool = &v
		return out
	}
	out.Empty = s.IsEmpty()
	if s.Type != nil {
		out.Types = append([]string{}, s.Type.Slice()...)
		if len(out.Types) == 0 {
			out.Types = nil
		}
	}
	out.Nullable = s.Nullable
	for _, e := range s.Enum {
		out.Enum = append(out.Enum, normJSON(e))
	}
	if s.Const != nil {
		out.Const = constOf(s.Const)
	}
	out.Format = s.Format
	out.MinLength = int64(s.MinLength)
	if s.MaxLength != nil {
		v := int64(*s.MaxLength)
		out.MaxLength = &v
	}
	if s.Pattern != "" {
		out.Pattern = s.Pattern
		if _, err := CompilePattern(s.Pattern); err != nil {
			pos := b.pos(s.Origin, "pattern")
			reason := patternReason(err)
			if b.opts.SkipUnsupportedPatterns {
				out.PatternSkipped = true
				b.api.SkippedPatterns = append(b.api.SkippedPatterns, model.SkippedPattern{Pattern: s.Pattern, Origin: pos, Reason: reason})
				msg := fmt.Sprintf("pattern %q is not enforced: %s", s.Pattern, reason)
				if p := pos.String(); p != "" {
					msg = p + ": " + msg
				}
				b.api.Warnings = append(b.api.Warnings, msg)
			} else {
				b.problems = append(b.problems, problemf(pos,
					"Go's regexp (RE2) has no lookahead, lookbehind or backreferences: rewrite the pattern without them, or generate with --skip-unsupported-patterns (generator.Options.SkipUnsupportedPatterns) to leave this one constraint unenforced; deploy/validation-report.md then lists it",
					"pattern %q cannot be enforced: %s", s.Pattern, reason))
			}
		}
	}
	out.Minimum, out.Maximum = s.Min, s.Max
	if eb := s.ExclusiveMin; eb.Value != nil {
		out.ExclusiveMinimum = eb.Value
	} else if eb.Bool != nil && *eb.Bool && s.Min != nil {
		out.ExclusiveMinimum, out.Minimum = s.Min, nil
	}
	if eb := s.ExclusiveMax; eb.Value != nil {
		out.ExclusiveMaximum = eb.Value
	} else if eb.Bool != nil && *eb.Bool && s.Max != nil {
		out.ExclusiveMaximum, out.Maximum = s.Max, nil
	}
	out.MultipleOf = s.MultipleOf
	if s.Items != nil {
		out.Items = b.schema(s.Items)
	}
	out.MinItems = int64(s.MinItems)
	if s.MaxItems != nil {
		v := int64(*s.MaxItems)
		out.MaxItems = &v
	}
	out.UniqueItems = s.UniqueItems
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out.Properties = append(out.Properties, &model.Property{Name: name, Schema: b.schema(s.Properties[name])})
	}
	seenReq := map[string]bool{}
	for _, r := range s.Required {
		if !seenReq[r] {
			seenReq[r] = true
			out.Required = append(out.Required, r)
		}
	}
	if ap := s.AdditionalProperties; ap.Has != nil && !*ap.Has {
		out.NoAdditional = true
	} else if ap.Has != nil {
		out.AdditionalAllowed = true
	} else if ap.Schema != nil {
		out.Additional = b.schema(ap.Schema)
	}
	out.MinProperties = int64(s.MinProps)
	if s.MaxProps != nil {
		v := int64(*s.MaxProps)
		out.MaxProperties = &v
	}
	for _, r := range s.AllOf {
		out.AllOf = append(out.AllOf, b.schema(r))
	}
	for _, r := range s.OneOf {
		out.OneOf = append(out.OneOf, b.schema(r))
	}
	for _, r := range s.AnyOf {
		out.AnyOf = append(out.AnyOf, b.schema(r))
	}
	if s.Not != nil {
		out.Not = b.schema(s.Not)
	}
	if d := s.Discriminator; d != nil && (len(s.OneOf) > 0 || len(s.AnyOf) > 0) {
		out.Discriminator = b.discriminator(d, s)
	}
	out.ReadOnly, out.WriteOnly = s.ReadOnly, s.WriteOnly
	if s.Default != nil {
		out.Default = constOf(s.Default)
	}
	b.applicators31(s, out)
	// kin-openapi calls a schema empty when its not is empty, but not: {}
	// forbids every value (also as a property's schema).
	out.Empty = out.Empty && !hasNot(s, map[*openapi3.Schema]bool{}) && !out.Applicators31() && out.Bool == nil && out.Const == nil
	return out
}

func (b *schemaBuilder) id() int {
	b.nextID++
	return b.nextID
}

// discriminator resolves the mapping to the alternatives. Values mapped
// explicitly come first; every alternative that is a component is also
// reachable by its component name (the implicit mapping).
func (b *schemaBuilder) discriminator(d *openapi3.Discriminator, s *openapi3.Schema) *model.Discriminator {
	alts := s.OneOf
	if len(alts) == 0 {
		alts = s.AnyOf
	}
	out := &model.Discriminator{PropertyName: d.PropertyName}
	byRef := map[string]*openapi3.SchemaRef{}
	for _, a := range alts {
		if a.Ref != "" {
			byRef[a.Ref] = a
		}
	}
	values := make([]string, 0, len(d.Mapping))
	for v := range d.Mapping {
		values = append(values, v)
	}
	sort.Strings(values)
	mapped := map[string]bool{}
	for _, v := range values {
		ref := d.Mapping[v].Ref
		if !strings.Contains(ref, "/") {
			ref = "#/components/schemas/" + ref
		}
		alt := byRef[ref]
		if alt == nil {
			// Mapped to a schema that is not an alternative: the value
			// selects nothing, so the request is refused.
			out.Mapping = append(out.Mapping, model.DiscriminatorCase{Value: v})
			continue
		}
		out.Mapping = append(out.Mapping, model.DiscriminatorCase{Value: v, Schema: b.schema(alt)})
		mapped[v] = true
	}
	for _, a := range alts {
		name, ok := componentName(a.Ref)
		if !ok || mapped[name] {
			continue
		}
		out.Implicit = append(out.Implicit, model.DiscriminatorCase{Value: name, Schema: b.schema(a)})
	}
	sort.Slice(out.Implicit, func(i, j int) bool { return out.Implicit[i].Value < out.Implicit[j].Value })
	return out
}

// normJSON turns a value decoded from YAML or JSON into plain JSON data
// (float64 numbers, map[string]any objects).
func normJSON(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(data, &out) != nil {
		return v
	}
	return out
}

func constOf(v any) *model.Const {
	n := normJSON(v)
	data, err := json.Marshal(n)
	if err != nil {
		data = []byte("null")
	}
	return &model.Const{Value: n, JSON: string(data)}
}

var unicodeEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

// CompilePattern compiles an OpenAPI (ECMA-262) pattern with Go's regexp,
// after turning \uXXXX escapes into Go's \x{XXXX}. The generated code
// compiles the same text (see GoPattern).
func CompilePattern(pattern string) (*regexp.Regexp, error) {
	return regexp.Compile(GoPattern(pattern))
}

// GoPattern is the pattern as Go's regexp reads it.
func GoPattern(pattern string) string {
	return unicodeEscape.ReplaceAllString(pattern, `\x{$1}`)
}

func patternReason(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "error parsing regexp: ")
	if strings.Contains(msg, "(?!") || strings.Contains(msg, "(?=") || strings.Contains(msg, "(?<") {
		return "Go's regexp does not support lookaround (" + msg + ")"
	}
	return msg
}
