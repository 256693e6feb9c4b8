package lint

import (
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// Schema rules: model names, recursion, patterns and the keywords REST API
// models drop.

var alnumRE = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// schemas walks every schema once: named ones first, then inline ones.
func (l *linter) schemas(d *doc) {
	named := get(get(d.root, "components"), "schemas")
	prefix := "#/components/schemas/"
	if named == nil {
		named, prefix = get(d.root, "definitions"), "#/definitions/"
	}
	refs := map[string][]string{}
	keys := map[string]*yaml.Node{}
	pairs(named, func(k, v *yaml.Node) {
		keys[k.Value] = k
		if !alnumRE.MatchString(k.Value) {
			l.add(d.file, k, "apigw-model-name", "nothing to do, or rename it to letters and digits to keep the same name at the gateway",
				"schema name %q is not alphanumeric: REST API model names must be; deploy/openapi.yaml renames it", k.Value)
		}
		refs[k.Value] = localRefs(v, prefix)
		l.walkSchema(d.file, v)
	})
	l.cycles(d.file, refs, keys)
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k, v := n.Content[i], n.Content[i+1]; k.Value == "schema" && v.Kind == yaml.MappingNode {
					l.walkSchema(d.file, v)
				} else {
					walk(v)
				}
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c)
			}
		}
	}
	walk(d.root)
}

// localRefs lists the component names n refers to, directly or nested.
func localRefs(n *yaml.Node, prefix string) []string {
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "$ref" {
					if name, ok := strings.CutPrefix(n.Content[i+1].Value, prefix); ok && !strings.Contains(name, "/") {
						out = append(out, name)
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return out
}

// cycles reports each named schema that refers back to itself.
func (l *linter) cycles(file string, refs map[string][]string, keys map[string]*yaml.Node) {
	names := make([]string, 0, len(refs))
	for n := range refs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, start := range names {
		seen := map[string]bool{}
		stack := append([]string(nil), refs[start]...)
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if n == start {
				l.add(file, keys[start], "apigw-recursive-model", "nothing to do: the gateway model stops at the recursion and the generated Lambda validates the rest",
					"schema %q is recursive: REST API models cannot be, so API Gateway cannot validate it", start)
				break
			}
			if !seen[n] {
				seen[n] = true
				stack = append(stack, refs[n]...)
			}
		}
	}
}

// walkSchema checks one schema and its subschemas.
func (l *linter) walkSchema(file string, n *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode || l.seen[n] {
		return
	}
	l.seen[n] = true
	l.closedAllOf(file, n)
	typ := ""
	if t := get(n, "type"); t != nil && t.Kind == yaml.ScalarNode {
		typ = t.Value
	}
	const enforced = "nothing to do: the generated Lambda enforces it"
	// The rule generate uses (model.UntypedGoValue): an allOf member's
	// keywords merge into its parent, whose type a sibling may decide.
	if model.UntypedGoValue(nodeSchema{l, file, n}, l.members[n]) {
		kw := model.NoTypeObjectKeyword(func(k string) bool { return get(n, k) != nil })
		if kw == "" {
			kw = "allOf" // the object keywords are its members'
		}
		k, _ := entry(n, kw)
		l.add(file, k, "schema-no-type", "add type: object if only objects are meant",
			"%s without type: JSON Schema applies object keywords to objects only and lets any other value through, and so does specgate; its Go type is untyped (interface{}), not a struct, as no type (itself or in an allOf member), enum, const, oneOf, anyOf or not decides what its values can be", kw)
	}
	pairs(n, func(k, v *yaml.Node) {
		if reason, ok := model.UnenforcedKeywords[k.Value]; ok {
			l.add(file, k, "keyword-not-enforced", "express the constraint with keywords specgate enforces, or check it in the handler", "%s is not enforced: %s", k.Value, reason)
		}
		switch k.Value {
		case "pattern":
			if v.Kind == yaml.ScalarNode {
				if _, err := spec.CompilePattern(v.Value); err != nil {
					l.add(file, v, "pattern-unsupported", "rewrite it without lookaround or backreferences (Go's regexp is RE2), or set validation.skipUnsupportedPatterns to skip it",
						"pattern %q does not compile in Go: %v", v.Value, unwrapRE(err))
				}
			}
		case "patternProperties":
			pairs(v, func(pk, pv *yaml.Node) {
				if _, err := spec.CompilePattern(pk.Value); err != nil {
					l.add(file, pk, "pattern-unsupported", "rewrite it for Go's regexp (RE2)", "patternProperties key %q does not compile in Go: %v", pk.Value, unwrapRE(err))
				}
				l.walkSchema(file, pv)
			})
		case "discriminator", "readOnly":
			l.add(file, k, "apigw-dropped", enforced, "%s is not supported by REST API models; API Gateway ignores it", k.Value)
		case "minItems", "maxItems":
			l.add(file, k, "apigw-dropped", enforced, "%s is dropped when API Gateway imports the model", k.Value)
		case "exclusiveMinimum", "exclusiveMaximum":
			if v.Tag == "!!bool" {
				l.add(file, k, "apigw-dropped", enforced, "boolean %s (OpenAPI 3.0) is left out of the REST API model (AWS does not support it); the generated Lambda enforces the exclusive bound", k.Value)
			}
		case "format":
			if typ == "number" && (v.Value == "int32" || v.Value == "int64") {
				l.add(file, v, "apigw-dropped", "use type: integer", "format %s on type number is not supported by REST API models", v.Value)
			}
		case "properties":
			pairs(v, func(_, pv *yaml.Node) { l.walkSchema(file, pv) })
		case "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
			"unevaluatedItems", "unevaluatedProperties":
			l.walkSchema(file, v)
		case "dependentSchemas":
			pairs(v, func(_, pv *yaml.Node) { l.walkSchema(file, pv) })
		case "allOf", "anyOf", "oneOf", "prefixItems":
			if v.Kind == yaml.SequenceNode {
				for _, c := range v.Content {
					if k.Value == "allOf" {
						l.members[c] = true
					}
					l.walkSchema(file, c)
				}
			}
		}
	})
}

func unwrapRE(err error) string {
	s := err.Error()
	return strings.TrimPrefix(s, "error parsing regexp: ")
}

// nodeSchema is a schema node as model.WrittenSchema: $refs followed as
// lint resolves them. It is a comparable value, so UntypedGoValue's cycle
// check sees one schema reached twice as the same.
type nodeSchema struct {
	l    *linter
	file string
	n    *yaml.Node
}

func (s nodeSchema) Has(keyword string) bool { return get(s.n, keyword) != nil }

func (s nodeSchema) Ref() model.WrittenSchema {
	if get(s.n, "$ref") == nil {
		return nil
	}
	f, r := s.l.resolve(s.file, s.n)
	if r == nil || r.Kind != yaml.MappingNode {
		return nil
	}
	return nodeSchema{s.l, f, r}
}

func (s nodeSchema) AllOf() []model.WrittenSchema {
	var out []model.WrittenSchema
	if list := get(s.n, "allOf"); list != nil && list.Kind == yaml.SequenceNode {
		for _, c := range list.Content {
			if c.Kind == yaml.MappingNode {
				out = append(out, nodeSchema{s.l, s.file, c})
			}
		}
	}
	return out
}
