package model

import (
	"mime"
	"sort"
	"strings"
)

// FormMediaType is the media type of a form body the generated validation
// reads field by field.
const FormMediaType = "application/x-www-form-urlencoded"

// MediaEssence is a media type as the runtime compares a request's
// Content-Type with it: its essence, lower-cased, parameters
// ("; charset=utf-8") dropped.
func MediaEssence(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
}

// IsJSONMedia reports whether a media type carries JSON (application/json
// or application/*+json).
func IsJSONMedia(ct string) bool {
	mt := MediaEssence(ct)
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// BodyMedia is what PlanBody needs to know of one media type of a request
// body. generate reads it from the loaded document, lint from the YAML.
type BodyMedia struct {
	Type      string     // as declared
	Schema    bool       // it declares a schema
	Facts     BodySchema // what the schema says ($ref followed)
	SchemaKey any        // the schema's identity: equal keys, the same schema (nil: none)
	Origin    Position   // the media type's key
}

// BodySchema is what PlanBody judges a body's schema by.
type BodySchema struct {
	Types []string // its type, as written: one, or a list (3.1)
	// Keywords are the other keywords it writes that constrain a value:
	// properties, required, enum, pattern, minLength (above 0), maxLength,
	// items, allOf, oneOf, anyOf, not, additionalProperties (a schema).
	Keywords []string
}

// nonNull is the schema's one type besides null ("" for none or several).
func (s BodySchema) nonNull() string {
	found := ""
	for _, t := range s.Types {
		if t == "null" {
			continue
		}
		if found != "" {
			return ""
		}
		found = t
	}
	return found
}

// BytesOnly reports whether the schema says no more than "some bytes": no
// type or the one type string, and no keyword that constrains a value.
func (s BodySchema) BytesOnly() bool {
	return (len(s.Types) == 0 || (len(s.Types) == 1 && s.Types[0] == "string")) && len(s.Keywords) == 0
}

// Object reports whether the schema describes an object: its one type
// besides null is object, or it has none and declares properties.
func (s BodySchema) Object() bool {
	t := s.nonNull()
	return t == "object" || (t == "" && containsString(s.Keywords, "properties"))
}

// BodyPlan is what the generated function does with a request body: one
// media type is decoded into the body's Go type and validated (JSON, or
// else a form whose schema is an object), and the others are read raw or
// refused.
type BodyPlan struct {
	Decoded string // the media type decoded and validated, as declared; "" when the body is kept raw
	Form    bool   // Decoded is a form (FormMediaType), read field by field
	// FormToo is a form media type (as declared) read beside a decoded JSON
	// one, field by field, because it is declared with the very same object
	// schema ("" when none).
	FormToo string
	// Accepted are the essences of the media types read into the body's
	// type: Decoded, the other JSON types declared with the very same
	// schema, and FormToo.
	Accepted  []string
	Unchecked []UncheckedBody // in the order declared (sorted)
}

// UncheckedBody is a media type of a request body that validation does
// not check: refused with 415 when another is decoded, else handed to the
// handler raw (RawBody) although its schema says more than bytes.
type UncheckedBody struct {
	Type    string
	Origin  Position
	Refused bool
	decoded string // "JSON" or "form": what the function reads instead
}

// Reason says what the function does with the media type, for the
// validation report.
func (u UncheckedBody) Reason() string {
	if u.Refused {
		return "the function reads only the " + u.decoded + " body and answers 415 to a " + u.Type + " request"
	}
	return "only JSON and " + FormMediaType + " request bodies are validated; the handler gets RawBody unchecked, and must parse and check it itself"
}

// Message is the warning generate gives and lint reports (without the
// position) for the media type of operation "METHOD /path".
func (u UncheckedBody) Message(op string) string {
	if u.Refused {
		return op + ": a " + u.Type + " request body is refused with 415: the function reads only the " + u.decoded + " body; declare " + u.decoded + " alone, or move the " + u.Type + " body to an operation of its own"
	}
	return op + ": the " + u.Type + " request body's schema is not enforced: " + u.Reason()
}

// PlanBody decides, once for generate and lint, what the generated
// function does with each media type of a request body. A JSON media type
// with a schema is decoded (application/json first); else a form
// (FormMediaType) with an object schema is. When one is decoded, every
// other media type is refused with 415, except a JSON type declared with
// the same schema, which is read as the decoded one, and a form declared
// with the same (object) schema beside a decoded JSON type, which is read
// field by field into the same type: a JSON type the operation does not
// declare is refused like any other. When none is
// decoded, the body is the handler's raw bytes, and a media type whose
// schema says more than bytes is announced as not enforced.
func PlanBody(media []BodyMedia) BodyPlan {
	sorted := append([]BodyMedia(nil), media...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Type < sorted[j].Type })
	var plan BodyPlan
	chosen := -1
	for i, m := range sorted {
		if strings.HasPrefix(strings.ToLower(m.Type), "application/json") && IsJSONMedia(m.Type) {
			chosen = i
			break
		}
	}
	if chosen < 0 {
		for i, m := range sorted {
			if IsJSONMedia(m.Type) {
				chosen = i
				break
			}
		}
	}
	if chosen >= 0 && !sorted[chosen].Schema {
		chosen = -1
	}
	if chosen < 0 {
		for i, m := range sorted {
			if MediaEssence(m.Type) == FormMediaType && m.Schema && m.Facts.Object() {
				chosen, plan.Form = i, true
				break
			}
		}
	}
	kind := "JSON"
	if plan.Form {
		kind = "form"
	}
	sameSchema := func(m BodyMedia) bool { return m.SchemaKey != nil && m.SchemaKey == sorted[chosen].SchemaKey }
	formToo := -1
	if chosen >= 0 {
		plan.Decoded = sorted[chosen].Type
		plan.Accepted = []string{MediaEssence(plan.Decoded)}
		for i, m := range sorted {
			if !plan.Form && MediaEssence(m.Type) == FormMediaType && m.Facts.Object() && sameSchema(m) {
				formToo, plan.FormToo, kind = i, m.Type, "JSON or form"
				break
			}
		}
	}
	for i, m := range sorted {
		switch {
		case i == chosen:
		case i == formToo, chosen >= 0 && !plan.Form && IsJSONMedia(m.Type) && sameSchema(m):
			if e := MediaEssence(m.Type); !containsString(plan.Accepted, e) {
				plan.Accepted = append(plan.Accepted, e)
			}
		case chosen >= 0:
			plan.Unchecked = append(plan.Unchecked, UncheckedBody{Type: m.Type, Origin: m.Origin, Refused: true, decoded: kind})
		case m.Schema && !m.Facts.BytesOnly():
			plan.Unchecked = append(plan.Unchecked, UncheckedBody{Type: m.Type, Origin: m.Origin})
		}
	}
	return plan
}
