package model

// objectKeywords are the keywords that look like an object's: a schema
// with one of them but no type is what lint's schema-no-type warns about.
var objectKeywords = []string{"properties", "required", "additionalProperties"}

// kindKeywords restrict the JSON kinds a value may have, or could (an enum
// of objects, a oneOf of objects): a schema with one of them keeps the Go
// type oapi-codegen gives it.
var kindKeywords = []string{"type", "enum", "const", "oneOf", "anyOf", "not"}

// NoTypeObjectKeyword returns the first object keyword (properties,
// required, additionalProperties) of a schema that has no type keyword,
// or "" when it has a type or none of them. has reports whether the
// schema writes a keyword.
//
// JSON Schema applies object keywords to objects only and lets every
// other value through, and specgate follows it: such a schema accepts an
// array, a string, a number or a boolean as well (UntypedGoValue).
func NoTypeObjectKeyword(has func(keyword string) bool) string {
	if has("type") {
		return ""
	}
	for _, k := range objectKeywords {
		if has(k) {
			return k
		}
	}
	return ""
}

// WrittenSchema is a schema as the spec writes it, for the rules read
// before (or without) the validation model: response schemas have no
// JSONSchema.
type WrittenSchema interface {
	// Has reports whether the schema writes the keyword.
	Has(keyword string) bool
	// Ref is the schema its $ref names; nil without a $ref or when the
	// $ref cannot be followed.
	Ref() WrittenSchema
	// AllOf lists its allOf members.
	AllOf() []WrittenSchema
}

// UntypedGoValue reports whether a schema's Go type is an untyped JSON
// value (interface{}) where oapi-codegen would write a struct: it has
// object keywords, itself or through its allOf members (their $refs
// followed), and nothing restricts the kinds of its values (no type, enum,
// const, oneOf, anyOf or not there, no $ref that cannot be followed), so
// it accepts an array, a string, a number or a boolean too (JSON Schema
// applies object keywords to objects only), and a struct could not hold
// them. The generated validation judges the value by its JSON kind and the
// handler gets the checked value (map[string]any for an object).
//
// A schema that is only a $ref keeps the referenced type, and allOfMember
// is set for a schema written directly in an allOf list: its keywords are
// merged into its parent's Go type, it has none of its own.
func UntypedGoValue(s WrittenSchema, allOfMember bool) bool {
	if allOfMember || s.Has("$ref") || s.Has("x-go-type") {
		return false
	}
	object := false
	seen := map[WrittenSchema]bool{}
	var free func(s WrittenSchema) bool // nothing restricts the kinds
	free = func(s WrittenSchema) bool {
		if s == nil {
			return false
		}
		if seen[s] {
			return true
		}
		seen[s] = true
		for _, k := range kindKeywords {
			if s.Has(k) {
				return false
			}
		}
		if s.Has("x-go-type") {
			return false // a Go type the spec chose
		}
		if s.Has("$ref") {
			return free(s.Ref())
		}
		object = object || NoTypeObjectKeyword(s.Has) != ""
		for _, m := range s.AllOf() {
			if !free(m) {
				return false
			}
		}
		return true
	}
	return free(s) && object
}

// UntypedAdditional reports whether the additionalProperties schema of a
// schema has an untyped Go value (interface{}) whatever it says: beside
// patternProperties, the Go map of the properties not declared holds
// the values patternProperties judge as well as those additionalProperties
// judges, and a map typed by additionalProperties could not hold the
// others (an array where additionalProperties says integer).
func UntypedAdditional(s WrittenSchema) bool {
	return s.Has("patternProperties") && s.Has("additionalProperties")
}
