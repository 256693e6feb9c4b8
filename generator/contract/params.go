package contract

import (
	"encoding/json"
	"math/rand"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// paramBreak is one invalid value of a parameter: the valid request with
// that parameter's values replaced.
type paramBreak struct {
	what   string   // "maximum", "item enum", "minItems", "content /qty minimum"
	values []string // the values sent: one, or one per repeated query key
}

// paramBreaks lists one invalid value per constraint of parameter prm:
// a scalar's type, bounds, enum, pattern and format; an array's items
// (each constraint broken in its one item), minItems, maxItems and
// uniqueItems, sent as the parameter's style sends them (repeated query
// keys, or items joined by its separator); and for a parameter declared
// with JSON content, text that is not JSON and each constraint of its
// schema broken in a valid value (the body's cases, nested.go). A value
// the parameter's place cannot carry (a path value that is empty or has a
// /, a cookie value outside RFC 6265's cookie-octets) is not sent.
func paramBreaks(prm *model.Param, rnd *rand.Rand) []paramBreak {
	v := prm.Validation
	if v == nil || v.Schema == nil {
		return nil
	}
	var out []paramBreak
	add := func(what string, values ...string) {
		for _, x := range values {
			if !carries(prm.In, x) {
				return
			}
		}
		out = append(out, paramBreak{what: what, values: values})
	}
	switch {
	case v.Content != "":
		if !strings.Contains(strings.ToLower(v.Content), "json") || prm.In == model.InCookie {
			return nil
		}
		add("content not JSON", "zz{not json")
		valid, err := synth(v.Schema, rnd, 0)
		if err != nil {
			return out
		}
		for _, bb := range bodyBreaks(v.Schema, valid, rnd) {
			text, err := json.Marshal(bb.edit(copyJSON(valid)))
			if err == nil {
				add("content "+strings.TrimPrefix(bb.name, "body "), string(text))
			}
		}
	case prm.Array:
		if prm.In != model.InQuery && prm.In != model.InHeader {
			return nil
		}
		s := v.Schema
		list := func(what string, items []string) {
			if values, ok := arrayValues(prm, items); ok {
				add(what, values...)
			}
		}
		good, err := synth(s.Items, rnd, 1)
		item, ok := scalarText(good)
		if err != nil || !ok || (s.Items != nil && !surelyAccepts(s.Items, good)) {
			return out
		}
		repeat := func(n int64) []string {
			items := make([]string, max(n, 0))
			for i := range items {
				items[i] = item
			}
			return items
		}
		for _, bad := range violations(s.Items, true) {
			// The broken item first, then as many valid ones as minItems
			// wants, so only the item is wrong.
			if t, ok := scalarText(bad.value); ok && (!s.UniqueItems || s.MinItems <= 2) {
				list("item "+bad.keyword, append([]string{t}, repeat(s.MinItems-1)...))
			}
		}
		if s.MinItems > 1 && (!s.UniqueItems || s.MinItems == 2) {
			list("minItems", repeat(s.MinItems-1))
		}
		if s.MaxItems != nil && *s.MaxItems < 1000 && !s.UniqueItems {
			list("maxItems", repeat(*s.MaxItems+1))
		}
		if s.UniqueItems && (s.MaxItems == nil || *s.MaxItems >= 2) && s.MinItems <= 2 {
			list("uniqueItems", repeat(2))
		}
	case !prm.Raw:
		for _, bad := range violations(v.Schema, true) {
			if t, ok := scalarText(bad.value); ok {
				add(bad.keyword, t)
			}
		}
	}
	return out
}

// arrayValues are the values that send an array parameter's items as its
// style says: one per repeated query key (model.ParamSchema.MultiValued),
// else one value, the items joined by the style's separator (a comma in a
// header); false when an item holds the separator.
func arrayValues(prm *model.Param, items []string) ([]string, bool) {
	v := prm.Validation
	if v.MultiValued(prm) {
		return items, true
	}
	sep := v.Separator()
	if prm.In == model.InHeader {
		sep = ","
	}
	for _, it := range items {
		if strings.Contains(it, sep) {
			return nil, false
		}
	}
	return []string{strings.Join(items, sep)}, true
}

// carries reports whether a parameter in this place can carry text x as
// sent: a path segment neither empty nor holding a /, a cookie value of
// cookie-octets only (RFC 6265 section 4.1.1) and not empty.
func carries(in model.ParamIn, x string) bool {
	switch in {
	case model.InPath:
		return x != "" && !strings.Contains(x, "/")
	case model.InCookie:
		if x == "" {
			return false
		}
		for _, c := range []byte(x) {
			if c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\' {
				return false
			}
		}
	}
	return true
}
