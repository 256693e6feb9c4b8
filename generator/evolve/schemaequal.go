package evolve

import (
	"reflect"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// schemaNotes are the fields of model.JSONSchema that say where a schema is
// written or how generated code names it, not which values it accepts:
// two loads of one spec differ in them, and a comparison ignores them.
var schemaNotes = map[string]bool{"ID": true, "Component": true, "Origin": true}

var schemaPtrType = reflect.TypeFor[*model.JSONSchema]()

// equality compares schemas structurally across two loads (whose pointers
// and IDs differ), every field but schemaNotes, recursive schemas
// included: a pair already being compared is taken as equal.
type equality struct {
	assumed map[[2]*model.JSONSchema]bool
}

func newEquality() *equality { return &equality{assumed: map[[2]*model.JSONSchema]bool{}} }

// same reports whether a and b accept the same values because they say the
// same thing, keyword for keyword.
func (e *equality) same(a, b *model.JSONSchema) bool {
	if a == nil || b == nil {
		return a == b
	}
	k := [2]*model.JSONSchema{a, b}
	if e.assumed[k] {
		return true
	}
	e.assumed[k] = true
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		if schemaNotes[va.Type().Field(i).Name] {
			continue
		}
		if !e.value(va.Field(i), vb.Field(i)) {
			delete(e.assumed, k)
			return false
		}
	}
	return true
}

// value compares two values of one type, schemas inside by same.
func (e *equality) value(a, b reflect.Value) bool {
	if a.Type() == schemaPtrType {
		return e.same(a.Interface().(*model.JSONSchema), b.Interface().(*model.JSONSchema))
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return e.value(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !e.value(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !e.value(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// keywordNames are the spec keywords of model.JSONSchema's fields whose
// name is not the keyword with its first letter lowered.
var keywordNames = map[string]string{
	"Additional": "additionalProperties", "NoAdditional": "additionalProperties", "AdditionalAllowed": "additionalProperties",
	"Types": "type", "Bool": "boolean schema", "PatternSkipped": "pattern", "NullUntyped": "type",
	"Properties": "properties", "If": "if", "Then": "then", "Else": "else",
}

// keyword names the spec keyword a field of model.JSONSchema holds.
func keyword(field string) string {
	if k, ok := keywordNames[field]; ok {
		return k
	}
	return strings.ToLower(field[:1]) + field[1:]
}
