package apigw

import (
	"net/url"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

const componentPrefix = "#/components/schemas/"

// compiler turns the spec's schemas into models API Gateway accepts:
// JSON Schema draft 4 that is also OpenAPI 3.0, alphanumeric names, no
// recursion. Every change only loosens a schema, so the gateway never
// refuses a body the spec allows; the Lambda enforces the rest.
type compiler struct {
	byName map[string]*model.Schema // components by spec name
	json   map[*model.Schema]any
	names  map[*model.Schema]string // model names
	broken map[[2]*model.Schema]bool
	order  []*model.Schema // models to write, in the order first reached
	// compact leaves out titles and descriptions.
	compact bool
}

func newCompiler(api *model.API, dep *model.Deploy) *compiler {
	c := &compiler{byName: map[string]*model.Schema{}, json: dep.SchemaJSON,
		names: map[*model.Schema]string{}, broken: map[[2]*model.Schema]bool{}}
	for _, s := range api.Schemas {
		if !s.Inline {
			c.byName[s.SpecName] = s
		}
	}
	return c
}

// parseRef splits "#/components/schemas/Name/rest" into the schema and the
// JSON pointer tokens after it.
func (c *compiler) parseRef(ref string) (*model.Schema, []string) {
	rest, ok := strings.CutPrefix(ref, componentPrefix)
	if !ok {
		return nil, nil
	}
	parts := strings.Split(rest, "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return c.byName[parts[0]], parts[1:]
}

// resolve follows a JSON pointer inside decoded JSON.
func resolve(v any, tokens []string) (any, bool) {
	for _, t := range tokens {
		switch x := v.(type) {
		case map[string]any:
			n, ok := x[t]
			if !ok {
				return nil, false
			}
			v = n
		case []any:
			i := 0
			for _, r := range t {
				if r < '0' || r > '9' {
					return nil, false
				}
				i = i*10 + int(r-'0')
			}
			if i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// include adds s and every schema it refers to (depth first, in key order)
// to the models, marking each reference that closes a cycle as broken.
func (c *compiler) include(roots []*model.Schema) {
	state := map[*model.Schema]int{} // 1 on the stack, 2 done
	var visit func(s *model.Schema)
	visit = func(s *model.Schema) {
		state[s] = 1
		c.order = append(c.order, s)
		for _, t := range c.refs(s) {
			switch state[t] {
			case 0:
				visit(t)
			case 1:
				c.broken[[2]*model.Schema{s, t}] = true
			}
		}
		state[s] = 2
	}
	for _, r := range roots {
		if r != nil && state[r] == 0 {
			visit(r)
		}
	}
}

// refs lists the component schemas s refers to as whole models, in the
// order the compiled model would meet them; deeper pointers are followed
// in place, as compile inlines them.
func (c *compiler) refs(s *model.Schema) []*model.Schema {
	var out []*model.Schema
	seen := map[*model.Schema]bool{}
	var walk func(v any, inlining map[string]bool)
	walk = func(v any, inlining map[string]bool) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				t, tokens := c.parseRef(ref)
				if t == nil {
					return
				}
				if len(tokens) == 0 {
					if !seen[t] {
						seen[t] = true
						out = append(out, t)
					}
					return
				}
				if inlining[ref] {
					return
				}
				if target, ok := resolve(c.json[t], tokens); ok {
					inlining[ref] = true
					walk(target, inlining)
					delete(inlining, ref)
				}
				return
			}
			for _, k := range sortedKeys(x) {
				switch k {
				case "items", "additionalProperties":
					walk(x[k], inlining)
				case "allOf", "anyOf", "oneOf":
					if list, ok := x[k].([]any); ok {
						for _, e := range list {
							walk(e, inlining)
						}
					}
				case "properties":
					if props, ok := x[k].(map[string]any); ok {
						for _, name := range sortedKeys(props) {
							walk(props[name], inlining)
						}
					}
				}
			}
		}
	}
	walk(c.json[s], map[string]bool{})
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// nameModels gives every included schema an alphanumeric, unique name.
func (c *compiler) nameModels() {
	sorted := append([]*model.Schema(nil), c.order...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].GoName < sorted[j].GoName })
	n := model.NewNamer()
	for _, s := range sorted {
		var b strings.Builder
		for _, r := range s.GoName {
			if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
				b.WriteRune(r)
			}
		}
		name := b.String()
		if name == "" || (name[0] >= '0' && name[0] <= '9') {
			name = "Model" + name
		}
		c.names[s] = n.Unique(name)
	}
}

// models returns the compiled models keyed by name, sorted by name.
func (c *compiler) models() *yamldoc.Map {
	sorted := append([]*model.Schema(nil), c.order...)
	sort.Slice(sorted, func(i, j int) bool { return c.names[sorted[i]] < c.names[sorted[j]] })
	out := &yamldoc.Map{}
	for _, s := range sorted {
		out.Set(c.names[s], c.compile(c.json[s], s, map[string]bool{}))
	}
	return out
}

// ref is the compiled reference to schema s.
func (c *compiler) ref(s *model.Schema) *yamldoc.Map {
	return yamldoc.NewMap("$ref", componentPrefix+c.names[s])
}

// compile rewrites one schema node; from is the model being written.
func (c *compiler) compile(v any, from *model.Schema, inlining map[string]bool) *yamldoc.Map {
	out := &yamldoc.Map{}
	x, ok := v.(map[string]any)
	if !ok {
		return out // a boolean schema (3.1): true, or false, which the Lambda enforces
	}
	if ref, ok := x["$ref"].(string); ok {
		t, tokens := c.parseRef(ref)
		if t == nil {
			return out
		}
		if len(tokens) == 0 {
			if c.broken[[2]*model.Schema{from, t}] {
				return out.Set("description", "Recursive reference to "+c.names[t]+"; checked by the Lambda only.")
			}
			return c.ref(t)
		}
		target, ok := resolve(c.json[t], tokens)
		if !ok || inlining[ref] {
			return out
		}
		inlining[ref] = true
		defer delete(inlining, ref)
		return c.compile(target, from, inlining)
	}

	types, nullable := schemaTypes(x)
	switch {
	case nullable:
		// OpenAPI 3.0 cannot write a type that admits null: leave the type
		// out, so null passes; the other keywords still hold for the rest.
	case len(types) == 1:
		out.Set("type", types[0])
	case len(types) > 1:
		alts := make([]any, len(types))
		for i, t := range types {
			alts[i] = yamldoc.NewMap("type", t)
		}
		out.Set("anyOf", alts)
	}
	for _, k := range []string{"title", "description"} {
		if s, ok := x[k].(string); ok && s != "" && !c.compact {
			out.Set(k, s)
		}
	}
	// Keywords of another type than the one allowed mean nothing in draft
	// 4; leaving them out keeps linters quiet and changes no verdict.
	array, object := true, true
	if len(types) == 1 && !nullable {
		array, object = types[0] == "array", types[0] == "object"
	}
	if enum, ok := x["enum"].([]any); ok && len(enum) > 0 {
		vals := append([]any(nil), enum...)
		if nullable && !containsNull(vals) {
			vals = append(vals, nil)
		}
		out.Set("enum", vals)
	} else if cv, ok := x["const"]; ok {
		vals := []any{cv}
		if nullable && cv != nil {
			vals = append(vals, nil)
		}
		out.Set("enum", vals)
	}
	for _, k := range []string{"multipleOf", "maximum", "minimum"} {
		if n, ok := x[k].(float64); ok {
			out.Set(k, n)
		}
	}
	if n, ok := x["multipleOf"].(float64); ok && n <= 0 {
		out.Delete("multipleOf")
	}
	// API Gateway's models do not support exclusiveMinimum/Maximum: an
	// exclusive bound becomes the inclusive one (looser), and the Lambda
	// enforces the exclusive one.
	inclusive(x, out, "minimum", "exclusiveMinimum", func(a, b float64) bool { return a >= b })
	inclusive(x, out, "maximum", "exclusiveMaximum", func(a, b float64) bool { return a <= b })
	for _, k := range []string{"maxLength", "minLength", "maxProperties", "minProperties"} {
		if n, ok := x[k].(float64); ok && n >= 0 {
			out.Set(k, n)
		}
	}
	if p, ok := x["pattern"].(string); ok && p != "" {
		out.Set("pattern", p)
	}
	if u, ok := x["uniqueItems"].(bool); ok && u {
		out.Set("uniqueItems", true)
	}
	if items, ok := x["items"].(map[string]any); ok && array {
		out.Set("items", c.compile(items, from, inlining))
	} else if b, ok := x["items"].(bool); ok && array {
		out.Set("items", c.compile(b, from, inlining))
	}
	if !object {
		x = withoutObjectKeywords(x)
	}
	if props, ok := x["properties"].(map[string]any); ok && len(props) > 0 {
		pm := &yamldoc.Map{}
		for _, k := range sortedKeys(props) {
			pm.Set(k, c.compile(props[k], from, inlining))
		}
		out.Set("properties", pm)
	}
	if req, ok := x["required"].([]any); ok {
		props, _ := x["properties"].(map[string]any)
		var keep []any
		seen := map[string]bool{}
		for _, r := range req {
			name, ok := r.(string)
			if !ok || seen[name] {
				continue
			}
			seen[name] = true
			if p, ok := props[name].(map[string]any); ok && p["readOnly"] == true {
				continue // readOnly properties are required in responses only
			}
			keep = append(keep, name)
		}
		if len(keep) > 0 {
			out.Set("required", keep)
		}
	}
	switch ap := x["additionalProperties"].(type) {
	case bool:
		out.Set("additionalProperties", ap)
	case map[string]any:
		out.Set("additionalProperties", c.compile(ap, from, inlining))
	}
	if all, ok := x["allOf"].([]any); ok && len(all) > 0 {
		out.Set("allOf", c.list(all, from, inlining))
	}
	// oneOf becomes anyOf: compiled alternatives are looser than the spec's
	// and may overlap, and a discriminator is not draft 4; anyOf accepts
	// every body oneOf accepts. The Lambda checks that exactly one matches.
	var anyOf []any
	for _, k := range []string{"anyOf", "oneOf"} {
		if alts, ok := x[k].([]any); ok && len(alts) > 0 {
			if anyOf != nil {
				all, _ := out.Get("allOf")
				list, _ := all.([]any)
				out.Set("allOf", append(list, yamldoc.NewMap("anyOf", c.list(alts, from, inlining))))
				continue
			}
			anyOf = c.list(alts, from, inlining)
		}
	}
	if anyOf != nil {
		if prev, ok := out.Get("anyOf"); ok { // the alternatives of a type list
			all, _ := out.Get("allOf")
			list, _ := all.([]any)
			out.Delete("anyOf")
			out.Set("allOf", append(list, yamldoc.NewMap("anyOf", prev)))
		}
		out.Set("anyOf", anyOf)
	}
	return out
}

func withoutObjectKeywords(x map[string]any) map[string]any {
	out := make(map[string]any, len(x))
	for k, v := range x {
		switch k {
		case "properties", "required", "additionalProperties":
		default:
			out[k] = v
		}
	}
	return out
}

func (c *compiler) list(vs []any, from *model.Schema, inlining map[string]bool) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = c.compile(v, from, inlining)
	}
	return out
}

// inclusive writes OpenAPI 3.1's numeric exclusive bound as an inclusive
// bound, unless the inclusive bound is already stricter. (3.0's boolean
// form keeps its bound, written above, as inclusive.)
func inclusive(x map[string]any, out *yamldoc.Map, bound, key string, stricter func(a, b float64) bool) {
	e, ok := x[key].(float64)
	if !ok {
		return
	}
	if b, ok := x[bound].(float64); ok && stricter(b, e) {
		return
	}
	out.Set(bound, e)
}

// schemaTypes returns the non-null types of a schema and whether null is allowed.
func schemaTypes(x map[string]any) ([]string, bool) {
	nullable := x["nullable"] == true
	var types []string
	switch t := x["type"].(type) {
	case string:
		if t == "null" {
			nullable = true
		} else {
			types = append(types, t)
		}
	case []any:
		for _, e := range t {
			s, _ := e.(string)
			switch s {
			case "":
			case "null":
				nullable = true
			default:
				types = append(types, s)
			}
		}
	}
	return types, nullable
}

func containsNull(vs []any) bool {
	for _, v := range vs {
		if v == nil {
			return true
		}
	}
	return false
}
