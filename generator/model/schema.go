package model

// JSONSchema is one schema as request validation sees it: every keyword
// that constrains a value, typed, with $refs already followed. Schemas are
// shared (a component used twice is one *JSONSchema) and may be cyclic
// (a recursive component points back at itself), so walkers must remember
// what they have seen.
type JSONSchema struct {
	ID        int      // unique within one API, in discovery order; names generated functions
	Component string   // name under components/schemas when this is a component; "" for inline
	Origin    Position // where the schema is written

	// Bool is set for the boolean schemas true (accepts anything) and false
	// (accepts nothing) of OpenAPI 3.1; every other field is then unset.
	Bool *bool
	// Empty means no keyword constrains a value: anything but null passes
	// (null only when Nullable).
	Empty bool

	Types    []string // allowed JSON types ("null" included for 3.1 type arrays); nil: any
	Nullable bool     // OpenAPI 3.0 nullable: true
	Enum     []any    // allowed values as decoded JSON (nil, bool, float64, string, []any, map[string]any)
	Const    *Const   // const (3.1)
	Format   string

	// Strings.
	MinLength      int64
	MaxLength      *int64
	Pattern        string // as written in the spec
	PatternSkipped bool   // the pattern cannot be compiled by Go's regexp and the user chose to skip it

	// Numbers. An exclusive bound of OpenAPI 3.0 (exclusiveMinimum: true
	// beside minimum) is stored as ExclusiveMinimum, the 3.1 way.
	Minimum          *float64
	Maximum          *float64
	ExclusiveMinimum *float64
	ExclusiveMaximum *float64
	MultipleOf       *float64

	// Arrays.
	Items       *JSONSchema
	MinItems    int64
	MaxItems    *int64
	UniqueItems bool

	// Objects.
	Properties   []*Property // sorted by name
	Required     []string    // as written, deduplicated, in order
	Additional   *JSONSchema // additionalProperties as a schema; nil when absent, true or false
	NoAdditional bool        // additionalProperties: false
	// AdditionalAllowed is additionalProperties: true written out (it
	// evaluates every property, for unevaluatedProperties).
	AdditionalAllowed bool
	MinProperties     int64
	MaxProperties     *int64

	// Composition.
	AllOf         []*JSONSchema
	OneOf         []*JSONSchema
	AnyOf         []*JSONSchema
	Not           *JSONSchema
	Discriminator *Discriminator

	// OpenAPI 3.1 (JSON Schema 2020-12) applicators.
	PrefixItems           []*JSONSchema
	Contains              *JSONSchema
	MinContains           *int64 // nil: 1 when Contains is set
	MaxContains           *int64
	PatternProperties     []*PatternProperty // sorted by pattern
	PropertyNames         *JSONSchema
	DependentRequired     []Dependency // sorted by property name
	DependentSchemas      []*Property  // sorted by property name
	If, Then, Else        *JSONSchema
	UnevaluatedItems      *JSONSchema // false is a Bool schema
	UnevaluatedProperties *JSONSchema
	// NullUntyped is set for OpenAPI 3.1 schemas: without a type keyword a
	// schema accepts null like any other value (JSON Schema); in OpenAPI
	// 3.0 null needs nullable: true.
	NullUntyped bool

	ReadOnly  bool
	WriteOnly bool
	Default   *Const // the default value, applied to an absent optional property or parameter
}

// PatternProperty is one patternProperties entry: the schema applies to
// every property whose name the pattern matches.
type PatternProperty struct {
	Pattern string
	Schema  *JSONSchema
}

// Dependency is one dependentRequired entry: when the object has Name, it
// must have every property of Required too.
type Dependency struct {
	Name     string
	Required []string
}

// Applicators31 reports whether the schema uses an OpenAPI 3.1 applicator
// that is checked on the raw value.
func (s *JSONSchema) Applicators31() bool {
	return len(s.PrefixItems) > 0 || s.Contains != nil || len(s.PatternProperties) > 0 || s.PropertyNames != nil ||
		len(s.DependentRequired) > 0 || len(s.DependentSchemas) > 0 || s.If != nil ||
		s.UnevaluatedItems != nil || s.UnevaluatedProperties != nil
}

// Const is a JSON value written in the spec (const, default).
type Const struct {
	Value any    // decoded JSON
	JSON  string // compact JSON text
}

// Property is one declared property of an object schema.
type Property struct {
	Name   string
	Schema *JSONSchema
}

// Discriminator selects the oneOf/anyOf alternative by a property's value.
type Discriminator struct {
	PropertyName string
	// Mapping lists the values explicitly mapped, sorted by value.
	Mapping []DiscriminatorCase
	// Implicit lists the alternatives reachable by their component name
	// when the value is not in Mapping, sorted by value.
	Implicit []DiscriminatorCase
}

// DiscriminatorCase maps one discriminator value to an alternative.
type DiscriminatorCase struct {
	Value  string
	Schema *JSONSchema // the alternative (one of the oneOf/anyOf schemas)
}

// Property returns the property named name, or nil.
func (s *JSONSchema) Property(name string) *Property {
	for _, p := range s.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Permits reports whether the schema's type keyword allows the JSON type t
// ("integer" is allowed by "number").
func (s *JSONSchema) Permits(t string) bool {
	if s.Types == nil {
		return true
	}
	for _, x := range s.Types {
		if x == t || (t == "integer" && x == "number") {
			return true
		}
	}
	return false
}

// ParamSchema is the validation view of one parameter.
type ParamSchema struct {
	Schema  *JSONSchema // nil when the parameter declares no schema
	Style   string      // form, simple, label, matrix, spaceDelimited, pipeDelimited, deepObject
	Explode bool
	// Content is the media type of a parameter declared with content
	// instead of schema (the value is that media type's text).
	Content         string
	AllowEmptyValue bool
}

// SkippedPattern is a pattern the generated code does not enforce, because
// Go's regexp cannot compile it and Options.SkipUnsupportedPatterns was set.
type SkippedPattern struct {
	Pattern string
	Origin  Position
	Reason  string
}

// Unenforced is a schema keyword of a request schema that the generated
// validation does not enforce (generate warns, lint reports it, the
// validation report lists it).
type Unenforced struct {
	Keyword string
	Origin  Position
	Reason  string
}

// UnenforcedKeywords are the JSON Schema keywords specgate reads but does
// not enforce, with the reason; spec (generate) and lint share this list.
var UnenforcedKeywords = map[string]string{
	"$dynamicRef":     "dynamic references are not followed",
	"$recursiveRef":   "recursive references (draft 2019-09) are not followed",
	"contentSchema":   "the decoded content of a string is not validated",
	"additionalItems": "additionalItems is not a JSON Schema 2020-12 keyword: use prefixItems and items",
	"dependencies":    "dependencies is not a JSON Schema 2020-12 keyword: use dependentRequired or dependentSchemas",
}

// CheckedFormats are the formats the generated validation enforces (the
// report, the contract tests and the validation emitter agree on them).
var CheckedFormats = map[string]bool{"email": true, "uuid": true, "date": true, "date-time": true, "time": true,
	"uri": true, "hostname": true, "ipv4": true, "ipv6": true, "byte": true, "int32": true, "int64": true}
