package evolve

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/specgate/specgate/generator/model"
)

// finding is one request-side difference: a proven tightening
// (RuleConstraintTightened) or a change specgate cannot prove accepts
// every request BASE accepted (RuleRequestChanged).
type finding struct {
	rule string
	text string
}

// tightened lists where NEW's request validation (what the generated
// Lambda enforces: model.Param.Validation and model.Body.Schema) may refuse
// values BASE's accepted. The comparison is conservative: a keyword is
// silent only when specgate proves NEW accepts every value BASE did; any
// other difference, in a keyword it knows or not, is a finding. A field
// added to model.JSONSchema later is compared by the generic walk
// (checkOthers) until it gets a rule of its own.
func tightened(bop, nop *model.Operation) []finding {
	w := &walker{seen: map[[2]*model.JSONSchema]bool{}, eq: newEquality()}
	for _, np := range nop.Params {
		i := slices.IndexFunc(bop.Params, func(bp *model.Param) bool { return bp.In == np.In && bp.Name == np.Name })
		if i < 0 {
			continue // a new parameter: oasdiff judges it (a required one breaks callers)
		}
		where := fmt.Sprintf("%s parameter %s", np.In, np.Name)
		bv, nv := bop.Params[i].Validation, np.Validation
		if bv == nil || nv == nil {
			continue
		}
		w.serialisation(where, bv, nv)
		w.compare(where, bv.Schema, nv.Schema)
	}
	if bop.Body != nil && nop.Body != nil {
		w.compare("request body", bop.Body.Schema, nop.Body.Schema)
	}
	return w.found
}

type walker struct {
	seen  map[[2]*model.JSONSchema]bool
	eq    *equality
	found []finding
}

// addf records a proven tightening.
func (w *walker) addf(where, format string, args ...any) {
	w.found = append(w.found, finding{RuleConstraintTightened, where + ": " + fmt.Sprintf(format, args...)})
}

// unprovenf records a change specgate cannot prove is a loosening.
func (w *walker) unprovenf(where, format string, args ...any) {
	w.found = append(w.found, finding{RuleRequestChanged, where + ": " + fmt.Sprintf(format, args...)})
}

// serialisation compares how a parameter's value travels: callers that
// keep sending it the old way are refused or misread.
func (w *walker) serialisation(where string, a, b *model.ParamSchema) {
	if a.Style != b.Style {
		w.addf(where, "style changes from %s to %s: values serialised the old way are refused or misread", orNone(a.Style), orNone(b.Style))
	}
	if a.Explode != b.Explode {
		w.addf(where, "explode changes from %t to %t: values serialised the old way are refused or misread", a.Explode, b.Explode)
	}
	if a.Content != b.Content {
		w.addf(where, "content changes from %s to %s", orNone(a.Content), orNone(b.Content))
	}
	if a.AllowEmptyValue && !b.AllowEmptyValue {
		w.addf(where, "allowEmptyValue removed: an empty value is refused")
	}
	// Any other field (one added to the model later) that differs.
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		name := va.Type().Field(i).Name
		if !paramHandled[name] && !w.eq.value(va.Field(i), vb.Field(i)) {
			w.unprovenf(where, "%s changes", keyword(name))
		}
	}
}

// paramHandled are the fields of model.ParamSchema serialisation and
// compare judge.
var paramHandled = map[string]bool{"Schema": true, "Style": true, "Explode": true, "Content": true, "AllowEmptyValue": true}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// anything is the schema of an absent keyword: every value passes.
func anything(s *model.JSONSchema) bool {
	return s == nil || (s.Bool != nil && *s.Bool) || (s.Empty && (s.Nullable || s.NullUntyped))
}

// acceptsNull reports whether null passes the schema's type keywords.
func acceptsNull(s *model.JSONSchema) bool {
	return s.Nullable || slices.Contains(s.Types, "null") || (s.Types == nil && s.NullUntyped)
}

// handled are the fields of model.JSONSchema compare judges by their
// meaning; every other field but schemaNotes goes to checkOthers.
var handled = map[string]bool{
	"Bool": true, "Empty": true, "Types": true, "Nullable": true, "NullUntyped": true, "Enum": true, "Const": true,
	"Format": true, "MinLength": true, "MaxLength": true, "Pattern": true, "PatternSkipped": true,
	"Minimum": true, "Maximum": true, "ExclusiveMinimum": true, "ExclusiveMaximum": true, "MultipleOf": true,
	"Items": true, "MinItems": true, "MaxItems": true, "UniqueItems": true,
	"Properties": true, "Required": true, "Additional": true, "NoAdditional": true, "AdditionalAllowed": true,
	"MinProperties": true, "MaxProperties": true,
	"AllOf": true, "OneOf": true, "AnyOf": true, "Not": true, "Discriminator": true,
	// Neither refuses a request: a default fills an absent value (oasdiff
	// reports its change) and writeOnly speaks of responses.
	"Default": true, "WriteOnly": true,
}

// removalLoosens are the fields checkOthers judges: keywords whose removal
// only lets more values pass. Removing any other (prefixItems hands the
// first items to items; minContains falls back to 1) is a change.
var removalLoosens = map[string]bool{
	"Contains": true, "MaxContains": true, "PropertyNames": true, "DependentRequired": true, "DependentSchemas": true,
	"If": true, "Then": true, "Else": true, "UnevaluatedItems": true, "UnevaluatedProperties": true, "ReadOnly": true,
}

// top stands for an absent schema: every value passes.
var top = &model.JSONSchema{Empty: true, Nullable: true}

func (w *walker) compare(where string, a, b *model.JSONSchema) {
	if anything(b) {
		return // nothing is refused
	}
	if a == nil {
		a = top
	}
	if a.Bool != nil && !*a.Bool {
		return // nothing passed before
	}
	if a.Bool != nil {
		a = top
	}
	if w.seen[[2]*model.JSONSchema{a, b}] {
		return
	}
	w.seen[[2]*model.JSONSchema{a, b}] = true
	if b.Bool != nil { // false: every value is refused
		w.addf(where, "the schema becomes false: every value is refused")
		return
	}

	w.types(where, a, b)
	if b.Const != nil && (a.Const == nil || a.Const.JSON != b.Const.JSON) {
		w.addf(where, "const %s set", b.Const.JSON)
	}
	if pa, pb := effectivePattern(a), effectivePattern(b); pb != "" && pb != pa {
		if pa == "" {
			w.addf(where, "pattern %q added", pb)
		} else {
			w.addf(where, "pattern changes from %q to %q", pa, pb)
		}
	}
	if b.Format != "" && b.Format != a.Format {
		if a.Format == "" {
			w.addf(where, "format %q added", b.Format)
		} else {
			w.addf(where, "format changes from %q to %q", a.Format, b.Format)
		}
	}
	upperInt(w, where, "maxLength", a.MaxLength, b.MaxLength)
	upperInt(w, where, "maxItems", a.MaxItems, b.MaxItems)
	upperInt(w, where, "maxProperties", a.MaxProperties, b.MaxProperties)
	lowerInt(w, where, "minLength", a.MinLength, b.MinLength)
	lowerInt(w, where, "minItems", a.MinItems, b.MinItems)
	lowerInt(w, where, "minProperties", a.MinProperties, b.MinProperties)
	upperFloat(w, where, "maximum", a.Maximum, b.Maximum)
	upperFloat(w, where, "exclusiveMaximum", a.ExclusiveMaximum, b.ExclusiveMaximum)
	lowerFloat(w, where, "minimum", a.Minimum, b.Minimum)
	lowerFloat(w, where, "exclusiveMinimum", a.ExclusiveMinimum, b.ExclusiveMinimum)
	if b.MultipleOf != nil && (a.MultipleOf == nil || *a.MultipleOf != *b.MultipleOf) {
		w.addf(where, "multipleOf %v set", *b.MultipleOf)
	}
	w.enum(where, a, b)
	if b.UniqueItems && !a.UniqueItems {
		w.addf(where, "uniqueItems added")
	}
	for _, r := range b.Required {
		if !slices.Contains(a.Required, r) {
			w.addf(where, "property %s becomes required", r)
		}
	}
	w.properties(where, a, b)
	w.compare(where+"/items", a.Items, b.Items)
	w.composition(where, a, b)
	w.checkOthers(where, a, b)
}

func effectivePattern(s *model.JSONSchema) string {
	if s.PatternSkipped {
		return "" // not enforced
	}
	return s.Pattern
}

// types finds JSON types (null included) BASE accepted and NEW refuses.
func (w *walker) types(where string, a, b *model.JSONSchema) {
	if acceptsNull(a) && !acceptsNull(b) {
		w.addf(where, "null is no longer accepted")
	}
	if b.Types == nil {
		return
	}
	if a.Types == nil {
		w.addf(where, "type restricted to %s", jsonText(b.Types))
		return
	}
	for _, t := range a.Types {
		if t != "null" && !b.Permits(t) {
			w.addf(where, "type %s is no longer accepted (now %s)", t, jsonText(b.Types))
		}
	}
}

func (w *walker) enum(where string, a, b *model.JSONSchema) {
	if len(b.Enum) == 0 {
		return
	}
	if len(a.Enum) == 0 {
		w.addf(where, "enum %s added", jsonText(b.Enum))
		return
	}
	var gone []any
	for _, v := range a.Enum {
		if !slices.ContainsFunc(b.Enum, func(x any) bool { return jsonText(x) == jsonText(v) }) {
			gone = append(gone, v)
		}
	}
	if len(gone) > 0 {
		w.addf(where, "enum values %s removed", jsonText(gone))
	}
}

// properties compares an object's declared and other properties: a
// property's value must pass its own schema in NEW if declared there, else
// NEW's additionalProperties. A property NEW declares that an open BASE
// object did not is taken as new, not as a constraint on what callers sent.
func (w *walker) properties(where string, a, b *model.JSONSchema) {
	if b.NoAdditional && !a.NoAdditional {
		w.addf(where, "additionalProperties: false added: objects with other properties are refused")
	}
	for _, bp := range b.Properties {
		switch ap := a.Property(bp.Name); {
		case ap != nil:
			w.compare(where+"/"+bp.Name, ap.Schema, bp.Schema)
		case a.Additional != nil:
			w.compare(where+"/"+bp.Name, a.Additional, bp.Schema)
		}
	}
	for _, ap := range a.Properties {
		if b.Property(ap.Name) != nil {
			continue
		}
		if b.NoAdditional {
			w.addf(where, "property %s removed from a closed object: requests that send it are refused", ap.Name)
		} else {
			w.compare(where+"/"+ap.Name, ap.Schema, b.Additional)
		}
	}
	if !a.NoAdditional && !b.NoAdditional {
		w.compare(where+"/additionalProperties", a.Additional, b.Additional)
	}
}

// composition compares allOf, anyOf, oneOf, not and the discriminator.
func (w *walker) composition(where string, a, b *model.JSONSchema) {
	// allOf: every subschema must pass; one NEW adds must be one BASE had.
	if len(a.AllOf) == len(b.AllOf) {
		for i := range b.AllOf {
			w.compare(fmt.Sprintf("%s/allOf/%d", where, i), a.AllOf[i], b.AllOf[i])
		}
	} else {
		for i, s := range b.AllOf {
			if j := w.match(a.AllOf, s); j >= 0 {
				w.compare(fmt.Sprintf("%s/allOf/%d", where, i), a.AllOf[j], s)
			} else {
				w.unprovenf(where, "allOf subschema %d added or changed: values must now also match it", i)
			}
		}
	}
	// anyOf: one alternative must pass; one BASE had must still be there.
	if len(a.AnyOf) == len(b.AnyOf) {
		for i := range b.AnyOf {
			w.compare(fmt.Sprintf("%s/anyOf/%d", where, i), a.AnyOf[i], b.AnyOf[i])
		}
	} else if len(a.AnyOf) > 0 {
		for i, s := range a.AnyOf {
			if j := w.match(b.AnyOf, s); j >= 0 {
				w.compare(fmt.Sprintf("%s/anyOf/%d", where, j), s, b.AnyOf[j])
			} else {
				w.unprovenf(where, "anyOf alternative %d removed or changed: values that matched only it may be refused", i)
			}
		}
	} else if len(b.AnyOf) > 0 {
		w.addf(where, "anyOf added: values must match one of %d alternatives", len(b.AnyOf))
	}
	// oneOf: exactly one alternative must pass, so loosening one can
	// refuse a value that now matches two: any difference is reported.
	if !w.eq.sameList(a.OneOf, b.OneOf) {
		if len(a.OneOf) == len(b.OneOf) {
			before := len(w.found)
			for i := range b.OneOf {
				w.compare(fmt.Sprintf("%s/oneOf/%d", where, i), a.OneOf[i], b.OneOf[i])
			}
			if len(w.found) == before {
				w.unprovenf(where, "oneOf alternatives change: a value that now matches two alternatives is refused")
			}
		} else {
			w.unprovenf(where, "oneOf changes from %d to %d alternatives", len(a.OneOf), len(b.OneOf))
		}
	}
	switch {
	case a.Not == nil && b.Not != nil:
		w.addf(where, "not added: values matching it are refused")
	case a.Not != nil && b.Not != nil && !w.eq.same(a.Not, b.Not):
		w.unprovenf(where, "not changes")
	}
	w.discriminator(where, a.Discriminator, b.Discriminator)
}

// match finds the subschema in list that s is: the same component, or the
// same keywords; -1 when none.
func (w *walker) match(list []*model.JSONSchema, s *model.JSONSchema) int {
	if s.Component != "" {
		if i := slices.IndexFunc(list, func(x *model.JSONSchema) bool { return x.Component == s.Component }); i >= 0 {
			return i
		}
	}
	return slices.IndexFunc(list, func(x *model.JSONSchema) bool { return w.eq.same(x, s) })
}

// discriminator compares which alternative each value selects.
func (w *walker) discriminator(where string, a, b *model.Discriminator) {
	switch {
	case b == nil:
		return
	case a == nil:
		w.unprovenf(where, "discriminator %s added: values are checked against the alternative it selects", b.PropertyName)
		return
	case a.PropertyName != b.PropertyName:
		w.addf(where, "discriminator property changes from %s to %s", a.PropertyName, b.PropertyName)
		return
	}
	selected := func(d *model.Discriminator, v string) *model.JSONSchema {
		for _, cs := range [][]model.DiscriminatorCase{d.Mapping, d.Implicit} {
			if i := slices.IndexFunc(cs, func(c model.DiscriminatorCase) bool { return c.Value == v }); i >= 0 {
				return cs[i].Schema
			}
		}
		return nil
	}
	for _, cs := range [][]model.DiscriminatorCase{a.Mapping, a.Implicit} {
		for _, c := range cs {
			if c.Schema == nil {
				continue
			}
			n := selected(b, c.Value)
			switch {
			case n == nil:
				w.addf(where, "discriminator value %q no longer selects an alternative: requests with it are refused", c.Value)
			case c.Schema.Component != n.Component:
				w.addf(where, "discriminator value %q now selects %s instead of %s", c.Value, schemaName(n), schemaName(c.Schema))
			default:
				w.compare(where+"/"+b.PropertyName+"="+c.Value, c.Schema, n)
			}
		}
	}
}

func schemaName(s *model.JSONSchema) string {
	if s.Component != "" {
		return s.Component
	}
	return "an inline schema"
}

func (e *equality) sameList(a, b []*model.JSONSchema) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !e.same(a[i], b[i]) {
			return false
		}
	}
	return true
}

// checkOthers compares every field of model.JSONSchema that compare does
// not judge by its meaning (the OpenAPI 3.1 applicators, and any field
// added to the model later): a keyword added is a tightening, one removed
// a loosening when removalLoosens says so, any other difference a change
// specgate cannot prove harmless.
func (w *walker) checkOthers(where string, a, b *model.JSONSchema) {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		name := va.Type().Field(i).Name
		if handled[name] || schemaNotes[name] {
			continue
		}
		fa, fb := va.Field(i), vb.Field(i)
		if w.eq.value(fa, fb) {
			continue
		}
		switch {
		case fa.IsZero() && fb.Type() == schemaPtrType && anything(fb.Interface().(*model.JSONSchema)):
		case fa.IsZero() && (name == "If" || name == "Then" || name == "Else"):
			w.unprovenf(where, "%s added", keyword(name))
		case fa.IsZero():
			w.addf(where, "%s added: values it refuses were accepted", keyword(name))
		case fb.IsZero() && removalLoosens[name]:
		default:
			w.unprovenf(where, "%s changes", keyword(name))
		}
	}
}

func upperInt(w *walker, where, kw string, a, b *int64) {
	if b != nil && (a == nil || *b < *a) {
		w.addf(where, "%s lowered from %s to %d", kw, intText(a), *b)
	}
}

func lowerInt(w *walker, where, kw string, a, b int64) {
	if b > a {
		w.addf(where, "%s raised from %d to %d", kw, a, b)
	}
}

func upperFloat(w *walker, where, kw string, a, b *float64) {
	if b != nil && (a == nil || *b < *a) {
		w.addf(where, "%s lowered from %s to %v", kw, floatText(a), *b)
	}
}

func lowerFloat(w *walker, where, kw string, a, b *float64) {
	if b != nil && (a == nil || *b > *a) {
		w.addf(where, "%s raised from %s to %v", kw, floatText(a), *b)
	}
}

func intText(p *int64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

func floatText(p *float64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
