package types

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// dedupeFieldNames walks a schema (as plain JSON data) and gives a property
// an x-go-name wherever oapi-codegen would name its struct field like an
// earlier property of the same object: "a b", "a-b", "a.b" and "A_B" all
// become AB, and a struct that declares a field twice does not compile.
// Properties are settled in name order, so the result is deterministic;
// the first keeps oapi-codegen's name, later ones get AB2, AB3, ... A
// property oapi-codegen makes no identifier of ("`", "{{") is named by
// model.GoName instead. An x-go-name the author wrote is kept.
func dedupeFieldNames(v any) {
	switch t := v.(type) {
	case map[string]any:
		if values, ok := t["enum"].([]any); ok {
			nameEnumValues(t, values)
		}
		for k, x := range t {
			switch {
			case k == "properties":
				props, ok := x.(map[string]any)
				if !ok {
					continue
				}
				nameFields(t, props)
				for _, p := range props {
					dedupeFieldNames(p)
				}
			case schemaDataKeys[k] || strings.HasPrefix(k, "x-"):
				// values, not schemas
			default:
				dedupeFieldNames(x)
			}
		}
	case []any:
		for _, x := range t {
			dedupeFieldNames(x)
		}
	}
}

// schemaDataKeys hold instance data, never schemas.
var schemaDataKeys = map[string]bool{"enum": true, "const": true, "default": true, "example": true, "examples": true, "required": true}

// nameFields settles the Go field names of one object schema's properties.
func nameFields(schema, props map[string]any) {
	taken := map[string]bool{}
	if ap, ok := schema["additionalProperties"]; ok && ap != false {
		// oapi-codegen adds this field and these methods to such a struct.
		for _, n := range []string{"AdditionalProperties", "Get", "Set", "MarshalJSON", "UnmarshalJSON"} {
			taken[n] = true
		}
	}
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	var auto []string
	for _, name := range names {
		m, _ := props[name].(map[string]any)
		if s, ok := m["x-go-name"].(string); ok && s != "" {
			taken[fieldName(s)] = true
			continue
		}
		auto = append(auto, name)
	}
	for _, name := range auto {
		goName := fieldName(name)
		usable := token.IsIdentifier(goName) && token.IsExported(goName)
		if usable && !taken[goName] {
			taken[goName] = true
			continue
		}
		if !usable || fieldName(goName+"2") != goName+"2" {
			// oapi-codegen makes no identifier of "`" or "{{": use ours.
			goName = model.GoName(name, "Property")
		}
		m, ok := props[name].(map[string]any)
		if !ok { // a boolean schema: give it a body to carry the name
			m = map[string]any{}
			if props[name] == false {
				m["not"] = map[string]any{}
			}
			props[name] = m
		}
		for i := 1; ; i++ {
			if i == 100 { // never seen; "PropertyN" always survives oapi-codegen
				goName = "Property"
			}
			cand := goName
			if i > 1 {
				cand = fmt.Sprintf("%s%d", goName, i)
			}
			if !taken[cand] && fieldName(cand) == cand {
				taken[cand] = true
				m["x-go-name"] = cand
				break
			}
		}
	}
}

// nameEnumValues gives an enum x-enum-varnames when oapi-codegen would
// name two of its constants alike ("1", "{{" and "\"" all come out N1
// or N2), which loses values and depends on map order. Values keep
// oapi-codegen's name where it is a unique identifier; the others get
// model.GoName's, numbered; a repeated value repeats its name, so
// oapi-codegen declares it once. Author-written names are kept.
func nameEnumValues(schema map[string]any, values []any) {
	if _, ok := schema["x-enum-varnames"]; ok {
		return
	}
	if _, ok := schema["x-enumNames"]; ok {
		return
	}
	strs := make([]string, len(values))
	finals := map[string]bool{}
	clash := false
	for i, v := range values {
		strs[i] = fmt.Sprintf("%v", v)
		f, ok := enumConstName(strs[i])
		if !ok || finals[f] {
			clash = true
		}
		finals[f] = true
	}
	if !clash {
		return
	}
	taken := map[string]bool{}
	byValue := map[string]string{}
	names := make([]any, len(values))
	for i, s := range strs {
		if n, dup := byValue[s]; dup {
			names[i] = n
			continue
		}
		var name string
		if f, ok := enumConstName(s); ok && !taken[f] && isEnumFixedPoint(f) {
			name = f
		} else {
			base := model.GoName(s, "Value")
			for j := 1; ; j++ {
				cand := base
				if j > 1 {
					cand = fmt.Sprintf("%s%d", base, j)
				}
				if j >= 100 {
					cand = fmt.Sprintf("Value%d", j)
				}
				if !taken[cand] && isEnumFixedPoint(cand) {
					name = cand
					break
				}
			}
		}
		taken[name] = true
		byValue[s] = name
		names[i] = name
	}
	schema["x-enum-varnames"] = names
}

// enumConstName is the constant-name suffix oapi-codegen derives from an
// enum value (SanitizeEnumNames, then SchemaNameToTypeName); ok is false
// where it derives no usable identifier.
func enumConstName(v string) (name string, ok bool) {
	defer func() {
		if recover() != nil { // oapi-codegen panics on names it cannot sanitize
			name, ok = "", false
		}
	}()
	name = fieldName(sanitize(fieldName(v)))
	return name, name != "" && token.IsIdentifier(name)
}

// isEnumFixedPoint reports whether oapi-codegen keeps name as it is when
// given it in x-enum-varnames.
func isEnumFixedPoint(name string) bool {
	f, ok := enumConstName(name)
	return ok && f == name
}
