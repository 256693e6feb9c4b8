package spec

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// TypesSource hands the Go types emitter (emit/types, the oapi-codegen
// adapter) a spec that holds only schemas, as plain JSON data, keyed by the
// model's current Go type names, with every $ref rewritten to match. It is
// rebuilt from a JSON copy on each call, so renaming a schema in the model
// (to settle a name collision) never touches the loaded spec. What the
// schemas mean is decided here (number format, untyped values); the names
// oapi-codegen gives fields, enum constants and inline types are the
// adapter's to decide.
type TypesSource struct {
	version string
	api     *model.API
	raw     map[*model.Schema]any // decoded JSON of each schema, original $refs
	// untypedNoted is set once the schemas given an untyped Go value
	// (markUntyped) were warned about.
	untypedNoted bool
}

func newTypesSource(doc *Document, api *model.API, inline map[*model.Schema]*openapi3.SchemaRef) (*TypesSource, error) {
	ts := &TypesSource{version: doc.T.OpenAPI, api: api, raw: map[*model.Schema]any{}}
	for _, s := range api.Schemas {
		var ref *openapi3.SchemaRef
		if s.Inline {
			ref = inline[s]
			if name, ok := componentName(ref.Ref); ok && doc.T.Components.Schemas[name] == nil {
				return nil, &Error{[]Problem{problemf(model.Position{File: doc.File}, "", "$ref %q names no schema", ref.Ref)}}
			}
		} else {
			ref = doc.T.Components.Schemas[s.SpecName]
		}
		v, err := toJSONValue(ref, s.Inline)
		if err != nil {
			return nil, fmt.Errorf("copy schema %q: %w", s.SpecName, err)
		}
		ts.raw[s] = v
	}
	return ts, nil
}

// toJSONValue copies a schema as plain JSON data. An inline schema that is
// itself a deeper $ref is copied by value.
func toJSONValue(ref *openapi3.SchemaRef, byValue bool) (any, error) {
	var data []byte
	var err error
	if byValue && ref.Ref != "" {
		if _, ok := componentName(ref.Ref); ok {
			return map[string]any{"$ref": ref.Ref}, nil
		}
		data, err = json.Marshal(ref.Value)
	} else {
		data, err = json.Marshal(ref)
	}
	if err != nil {
		return nil, err
	}
	var v any
	err = json.Unmarshal(data, &v)
	return v, err
}

// Document builds the schemas-only spec with the current Go names, as the
// decoded JSON of an OpenAPI document (maps, slices, strings, float64s,
// bools), fresh on each call: the caller may change it.
func (ts *TypesSource) Document(context.Context) (map[string]any, error) {
	byName := map[string]string{}
	for _, s := range ts.api.Schemas {
		if !s.Inline {
			byName[s.SpecName] = s.GoName
		}
	}
	schemas := map[string]any{}
	specNames := map[string]string{}
	for _, s := range ts.api.Schemas {
		specNames[s.GoName] = s.SpecName
		if s.Opaque {
			schemas[s.GoName] = map[string]any{"x-go-type": "any"}
			continue
		}
		schemas[s.GoName] = rewriteRefs(ts.raw[s], byName)
	}
	if where := markUntyped(schemas, specNames); !ts.untypedNoted {
		ts.untypedNoted = true // Document runs again on each retry of the types emitter
		if w := untypedWarning(where); w != "" {
			ts.api.Warnings = append(ts.api.Warnings, w)
		}
	}
	return map[string]any{
		"openapi":    ts.version,
		"info":       map[string]any{"title": "types", "version": "0"},
		"paths":      map[string]any{},
		"components": map[string]any{"schemas": schemas},
	}, nil
}

// rewriteRefs copies the schema v with every "#/components/schemas/X..."
// $ref (and discriminator mapping) pointed at X's Go name, and without the
// keywords in typesIgnored. Property names are kept whatever they are.
func rewriteRefs(v any, byName map[string]string) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		if numberWithoutFormat(t) {
			out["format"] = "double" // oapi-codegen's default, float32, loses cents
		}
		for k, x := range t {
			switch {
			case typesIgnored[k]:
			case k == "$ref":
				if s, ok := x.(string); ok {
					out[k] = rewriteRef(s, byName)
				} else {
					out[k] = x
				}
			case k == "enum" || k == "const" || strings.HasPrefix(k, "x-"):
				out[k] = x
			case k == "discriminator":
				out[k] = rewriteMapping(x, byName)
			case schemaMaps[k]:
				m, ok := x.(map[string]any)
				if !ok {
					out[k] = x
					continue
				}
				mm := make(map[string]any, len(m))
				for name, sub := range m {
					mm[name] = rewriteRefs(sub, byName)
				}
				out[k] = mm
			default:
				out[k] = rewriteRefs(x, byName)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = rewriteRefs(x, byName)
		}
		return out
	}
	return v
}

// numberWithoutFormat reports whether the schema s says `type: number`
// (alone or in a 3.1 type array) without a format: such a number becomes
// a float64, as the model's parameters do (999999.99 keeps its cents).
func numberWithoutFormat(s map[string]any) bool {
	if _, ok := s["format"]; ok {
		return false
	}
	switch t := s["type"].(type) {
	case string:
		return t == "number"
	case []any:
		for _, x := range t {
			if x == "number" {
				return true
			}
		}
	}
	return false
}

// schemaMaps are keywords whose value maps names to schemas.
var schemaMaps = map[string]bool{"properties": true, "patternProperties": true, "$defs": true, "definitions": true, "dependentSchemas": true}

func rewriteMapping(x any, byName map[string]string) any {
	d, ok := x.(map[string]any)
	if !ok {
		return x
	}
	out := make(map[string]any, len(d))
	for k, v := range d {
		out[k] = v
	}
	if m, ok := d["mapping"].(map[string]any); ok {
		mm := make(map[string]any, len(m))
		for mk, mv := range m {
			if s, ok := mv.(string); ok {
				mm[mk] = rewriteRef(s, byName)
			} else {
				mm[mk] = mv
			}
		}
		out["mapping"] = mm
	}
	return out
}

// typesIgnored are keywords that do not change a Go type but make
// oapi-codegen refuse to merge allOf members that disagree on them.
var typesIgnored = map[string]bool{"readOnly": true, "writeOnly": true, "default": true, "example": true, "examples": true}

func rewriteRef(ref string, byName map[string]string) string {
	rest, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok {
		return ref
	}
	name, tail, _ := strings.Cut(rest, "/")
	if un, err := url.PathUnescape(name); err == nil {
		name = un
	}
	goName, ok := byName[unescapePointer(name)]
	if !ok {
		return ref
	}
	if tail != "" {
		return "#/components/schemas/" + goName + "/" + tail
	}
	return "#/components/schemas/" + goName
}
