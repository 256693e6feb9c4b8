package contract

import (
	"math"
	"math/rand"
	"reflect"
	"regexp"
	"slices"

	"github.com/specgate/specgate/generator/model"
)

// unionBreaks adds the invalid values of a oneOf, anyOf or not at path,
// where the valid body holds v. Each is sent only when the model shows,
// keyword by keyword, that it breaks the applicator and nothing else at
// that place (surelyAccepts, surelyRejects); a spec where that cannot be
// shown gets no such case:
//
//   - "oneOf none" / "anyOf none": a value that every alternative rejects
//     (an empty object where each alternative requires a property, else a
//     value of a JSON type no alternative allows) and the schema's own
//     type and object keywords accept;
//   - "discriminator": the valid value with an unknown discriminator value;
//   - "oneOf two": for a oneOf without a discriminator, an object two open
//     object alternatives both accept (their valid objects merged), where
//     the spec makes that possible;
//   - "not": a value the not schema accepts and the rest of the schema
//     accepts too.
func (w *breaker) unionBreaks(s *model.JSONSchema, v any, path []string, add func(loc []string, what string, edit func(root any) any), depth int) {
	set := func(x any) func(any) any {
		return func(root any) any { return setAt(root, path, copyJSON(x)) }
	}
	own := *s // the schema without its applicators
	own.OneOf, own.AnyOf, own.Not, own.Discriminator = nil, nil, nil, nil
	for _, u := range []struct {
		name string
		alts []*model.JSONSchema
	}{{"oneOf", s.OneOf}, {"anyOf", s.AnyOf}} {
		if len(u.alts) == 0 {
			continue
		}
		if x, ok := noneOf(&own, u.alts); ok {
			add(path, u.name+" none", set(x))
		}
	}
	if d := s.Discriminator; d != nil {
		if m, ok := v.(map[string]any); ok {
			if _, has := m[d.PropertyName]; has {
				bad := copyJSON(m).(map[string]any)
				bad[d.PropertyName] = "zz-unknown-" + d.PropertyName
				add(path, "discriminator "+d.PropertyName, set(bad))
			}
		}
	} else if len(s.OneOf) > 1 && len(s.AnyOf) == 0 && s.Not == nil {
		if x, ok := twoOf(&own, s.OneOf, w.rnd, depth); ok {
			add(path, "oneOf two", set(x))
		}
	}
	if s.Not != nil && len(s.OneOf)+len(s.AnyOf) == 0 {
		if x, ok := notValue(&own, s.Not); ok {
			add(path, "not", set(x))
		}
	}
}

// noneOf is a value every alternative surely rejects and own surely
// accepts, if one of a few candidates is.
func noneOf(own *model.JSONSchema, alts []*model.JSONSchema) (any, bool) {
	for _, c := range []any{map[string]any{}, "zz-matches-no-alternative", 1.5, true, []any{}} {
		if !surelyAccepts(own, c) {
			continue
		}
		if !slices.ContainsFunc(alts, func(a *model.JSONSchema) bool { return !surelyRejects(a, c) }) {
			return c, true
		}
	}
	return nil, false
}

// twoOf is an object two of the oneOf's alternatives both accept: the
// valid objects of two open object alternatives merged, where each
// alternative's properties are absent from the other's object (or equal)
// and both alternatives, and own, surely accept the result.
func twoOf(own *model.JSONSchema, alts []*model.JSONSchema, rnd *rand.Rand, depth int) (any, bool) {
	vals := make([]map[string]any, len(alts))
	for i, a := range alts {
		if x, err := synth(a, rnd, depth+1); err == nil {
			vals[i], _ = x.(map[string]any)
		}
	}
	for i := range alts {
		for j := i + 1; j < len(alts); j++ {
			if vals[i] == nil || vals[j] == nil {
				continue
			}
			merged := copyJSON(vals[i]).(map[string]any)
			for k, x := range vals[j] {
				if y, ok := merged[k]; ok && !reflect.DeepEqual(x, y) {
					merged = nil
					break
				}
				merged[k] = copyJSON(x)
			}
			if merged != nil && surelyAccepts(alts[i], merged) && surelyAccepts(alts[j], merged) && surelyAccepts(own, merged) {
				return merged, true
			}
		}
	}
	return nil, false
}

// notValue is a value the not schema surely accepts, and own too: its
// const, an enum value, or a value of its only type.
func notValue(own, not *model.JSONSchema) (any, bool) {
	var cands []any
	switch {
	case not.Const != nil:
		cands = []any{not.Const.Value}
	case len(not.Enum) > 0:
		cands = not.Enum
	case len(not.Types) == 1:
		cands = map[string][]any{"string": {"zz-forbidden"}, "integer": {1.0}, "number": {1.5}, "boolean": {true},
			"object": {map[string]any{}}, "array": {[]any{}}}[not.Types[0]]
	}
	for _, c := range cands {
		if c != nil && surelyAccepts(not, c) && surelyAccepts(own, c) {
			return c, true
		}
	}
	return nil, false
}

// jsonKind is the JSON type of a decoded value; a whole number is
// "integer".
func jsonKind(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	}
	return "null"
}

// permitsKind reports whether s's type allows a value of kind k (an
// integer is a number too).
func permitsKind(s *model.JSONSchema, k string) bool {
	return s.Permits(k) || (k == "integer" && s.Permits("number"))
}

// surelyRejects reports whether the model shows that s refuses v: its
// type, enum or const leaves v out, or v is an object missing a property
// s requires. false means it may accept it.
func surelyRejects(s *model.JSONSchema, v any) bool {
	if s == nil {
		return false
	}
	if s.Bool != nil {
		return !*s.Bool
	}
	if len(s.AllOf) > 0 && slices.ContainsFunc(s.AllOf, func(m *model.JSONSchema) bool { return surelyRejects(m, v) }) {
		return true
	}
	if s.Types != nil && !permitsKind(s, jsonKind(v)) {
		return true
	}
	if s.Const != nil && !reflect.DeepEqual(s.Const.Value, v) {
		return true
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(e any) bool { return reflect.DeepEqual(e, v) }) {
		return true
	}
	if m, ok := v.(map[string]any); ok {
		for _, r := range s.Required {
			if p := s.Property(r); p != nil && p.Schema.ReadOnly {
				continue
			}
			if _, has := m[r]; !has {
				return true
			}
		}
	}
	return false
}

// surelyAccepts reports whether the model shows that s accepts v: s uses
// only keywords this check knows (type, enum, const, string, number,
// array and object bounds, properties, required, additionalProperties;
// no applicators, no checked format) and v meets each. false means it
// may refuse it.
func surelyAccepts(s *model.JSONSchema, v any) bool {
	if s == nil || s.Empty {
		return true
	}
	if s.Bool != nil {
		return *s.Bool
	}
	if len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 || s.Not != nil || s.Applicators31() || s.Discriminator != nil {
		return false
	}
	if s.Types != nil && !permitsKind(s, jsonKind(v)) {
		return false
	}
	if s.Const != nil && !reflect.DeepEqual(s.Const.Value, v) {
		return false
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(e any) bool { return reflect.DeepEqual(e, v) }) {
		return false
	}
	switch x := v.(type) {
	case string:
		n := int64(len([]rune(x)))
		if n < s.MinLength || (s.MaxLength != nil && n > *s.MaxLength) || (s.Format != "" && model.CheckedFormats[s.Format]) {
			return false
		}
		if s.Pattern != "" {
			re, err := regexp.Compile(s.Pattern)
			if err != nil || !re.MatchString(x) {
				return false
			}
		}
	case float64:
		if (s.Minimum != nil && x < *s.Minimum) || (s.Maximum != nil && x > *s.Maximum) ||
			(s.ExclusiveMinimum != nil && x <= *s.ExclusiveMinimum) || (s.ExclusiveMaximum != nil && x >= *s.ExclusiveMaximum) {
			return false
		}
		if s.MultipleOf != nil && *s.MultipleOf > 0 {
			if r := math.Mod(x, *s.MultipleOf); math.Abs(r) > 1e-9 && math.Abs(r-*s.MultipleOf) > 1e-9 {
				return false
			}
		}
	case []any:
		if int64(len(x)) < s.MinItems || (s.MaxItems != nil && int64(len(x)) > *s.MaxItems) {
			return false
		}
		for i, e := range x {
			if !surelyAccepts(s.Items, e) || (s.UniqueItems && slices.ContainsFunc(x[:i], func(y any) bool { return reflect.DeepEqual(y, e) })) {
				return false
			}
		}
	case map[string]any:
		if int64(len(x)) < s.MinProperties || (s.MaxProperties != nil && int64(len(x)) > *s.MaxProperties) {
			return false
		}
		for _, r := range s.Required {
			if _, has := x[r]; !has {
				return false
			}
		}
		for k, e := range x {
			p := s.Property(k)
			switch {
			case p != nil:
				if p.Schema.ReadOnly || !surelyAccepts(p.Schema, e) {
					return false
				}
			case s.NoAdditional:
				return false
			case s.Additional != nil && !surelyAccepts(s.Additional, e):
				return false
			}
		}
	}
	return true
}
