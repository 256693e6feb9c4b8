package spec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// markUntyped gives every schema of the types document (component schemas
// by Go name, $refs already rewritten to Go names) that model.UntypedGoValue
// says cannot be a struct the Go type interface{}, by oapi-codegen's
// x-go-type, without the optional pointer (as oapi-codegen writes a schema
// without keywords). Only schema maps the rewrite copied are changed. It
// returns where the marked schemas are ("Pet", "Order/properties/extra"),
// sorted, naming each component by specName.
func markUntyped(schemas map[string]any, specName map[string]string) []string {
	w := &writtenSchemas{components: schemas, nodes: map[string]*writtenSchema{}}
	for goName, v := range schemas {
		name := specName[goName]
		if name == "" {
			name = goName
		}
		w.find(v, false, name)
	}
	// Marked after every decision: a mark is an x-go-type, which a
	// decision reading the same schema through a $ref must not see.
	for _, m := range w.untyped {
		m["x-go-type"] = "interface{}"
		m["x-go-type-skip-optional-pointer"] = true
	}
	sort.Strings(w.where)
	return w.where
}

// untypedWarning says which schemas got an untyped Go value (at most five
// named), or "" for none.
func untypedWarning(where []string) string {
	if len(where) == 0 {
		return ""
	}
	list := where
	more := ""
	if len(list) > 5 {
		list, more = list[:5], fmt.Sprintf(" and %d more", len(where)-5)
	}
	n := fmt.Sprintf("%d schemas have", len(where))
	if len(where) == 1 {
		n = "1 schema has"
	}
	return fmt.Sprintf("%s properties, required or additionalProperties but no type: as JSON Schema says, non-objects pass too, so the Go type is interface{}, not a struct: %s%s (add type: object where only objects are meant; specgate lint gives each position, rule schema-no-type)",
		n, strings.Join(list, ", "), more)
}

// schemaValued are the keywords whose value is one schema, and
// schemaLists and schemaMaps (types.go) those holding several.
var (
	schemaValued = map[string]bool{"items": true, "additionalProperties": true, "not": true, "contains": true,
		"propertyNames": true, "if": true, "then": true, "else": true, "unevaluatedItems": true,
		"unevaluatedProperties": true, "additionalItems": true, "contentSchema": true}
	schemaLists = map[string]bool{"allOf": true, "oneOf": true, "anyOf": true, "prefixItems": true}
)

// writtenSchemas resolves $refs between the schemas of the types document.
type writtenSchemas struct {
	components map[string]any
	nodes      map[string]*writtenSchema // component nodes, one per name, so cycles are seen
	untyped    []map[string]any          // the schemas to mark
	where      []string                  // and where they are
}

// find walks the schema v (at path) and its subschemas, collecting the
// untyped ones.
func (w *writtenSchemas) find(v any, allOfMember bool, path string) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	if model.UntypedGoValue(&writtenSchema{w: w, m: m}, allOfMember) {
		w.untyped = append(w.untyped, m)
		w.where = append(w.where, path)
	}
	if a, ok := m["additionalProperties"].(map[string]any); ok && model.UntypedAdditional(&writtenSchema{w: w, m: m}) {
		if _, chosen := a["x-go-type"]; !chosen {
			w.untyped = append(w.untyped, a)
		}
	}
	for k, x := range m {
		switch {
		case schemaValued[k]:
			w.find(x, false, path+"/"+k)
		case schemaLists[k]:
			list, _ := x.([]any)
			for i, sub := range list {
				w.find(sub, k == "allOf", fmt.Sprintf("%s/%s/%d", path, k, i))
			}
		case schemaMaps[k]:
			mm, _ := x.(map[string]any)
			for name, sub := range mm {
				w.find(sub, false, path+"/"+k+"/"+escapePointer(name))
			}
		}
	}
}

// escapePointer escapes a name for a JSON pointer (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// writtenSchema is one schema map of the types document as a
// model.WrittenSchema.
type writtenSchema struct {
	w *writtenSchemas
	m map[string]any
}

func (s *writtenSchema) Has(keyword string) bool {
	_, ok := s.m[keyword]
	return ok
}

func (s *writtenSchema) Ref() model.WrittenSchema {
	ref, _ := s.m["$ref"].(string)
	name, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok || strings.Contains(name, "/") {
		return nil
	}
	if n := s.w.nodes[name]; n != nil {
		return n
	}
	m, ok := s.w.components[name].(map[string]any)
	if !ok {
		return nil
	}
	n := &writtenSchema{w: s.w, m: m}
	s.w.nodes[name] = n
	return n
}

func (s *writtenSchema) AllOf() []model.WrittenSchema {
	list, _ := s.m["allOf"].([]any)
	var out []model.WrittenSchema
	for _, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			out = append(out, nil) // not a schema: restricts nothing we can read
			continue
		}
		out = append(out, &writtenSchema{w: s.w, m: m})
	}
	return out
}
