package evolve

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/specgate/specgate/generator/model"
)

// tightened lists where NEW's request validation (what the generated
// Lambda enforces, model.Param.Validation and model.Body.Schema) refuses
// values BASE's accepted: a pattern added or changed, a bound raised or
// lowered, enum values removed, additionalProperties closed.
func tightened(bop, nop *model.Operation) []string {
	w := &walker{seen: map[[2]*model.JSONSchema]bool{}}
	for _, np := range nop.Params {
		i := slices.IndexFunc(bop.Params, func(bp *model.Param) bool { return bp.In == np.In && bp.Name == np.Name })
		if i < 0 || bop.Params[i].Validation == nil || np.Validation == nil {
			continue
		}
		w.compare(fmt.Sprintf("%s parameter %s", np.In, np.Name), bop.Params[i].Validation.Schema, np.Validation.Schema)
	}
	if bop.Body != nil && nop.Body != nil {
		w.compare("request body", bop.Body.Schema, nop.Body.Schema)
	}
	return w.found
}

type walker struct {
	seen  map[[2]*model.JSONSchema]bool
	found []string
}

func (w *walker) addf(where, format string, args ...any) {
	w.found = append(w.found, where+": "+fmt.Sprintf(format, args...))
}

func (w *walker) compare(where string, a, b *model.JSONSchema) {
	if a == nil || b == nil || w.seen[[2]*model.JSONSchema{a, b}] {
		return
	}
	w.seen[[2]*model.JSONSchema{a, b}] = true

	if b.Pattern != "" && b.Pattern != a.Pattern {
		if a.Pattern == "" {
			w.addf(where, "pattern %q added", b.Pattern)
		} else {
			w.addf(where, "pattern changes from %q to %q", a.Pattern, b.Pattern)
		}
	}
	if b.Format != "" && b.Format != a.Format {
		w.addf(where, "format %q added", b.Format)
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
	if len(b.Enum) > 0 {
		if len(a.Enum) == 0 {
			w.addf(where, "enum %s added", jsonText(b.Enum))
		} else {
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
	}
	if b.NoAdditional && !a.NoAdditional {
		w.addf(where, "additionalProperties: false added: objects with other properties are refused")
	}
	if b.UniqueItems && !a.UniqueItems {
		w.addf(where, "uniqueItems added")
	}
	for _, bp := range b.Properties {
		if ap := a.Property(bp.Name); ap != nil {
			w.compare(where+"/"+bp.Name, ap.Schema, bp.Schema)
		}
	}
	w.compare(where+"/items", a.Items, b.Items)
	w.compare(where+"/additionalProperties", a.Additional, b.Additional)
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
