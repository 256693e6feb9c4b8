package evolve

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

func str(kw ...func(*model.JSONSchema)) *model.JSONSchema {
	s := &model.JSONSchema{Types: []string{"string"}}
	for _, f := range kw {
		f(s)
	}
	return s
}

func obj(props ...string) *model.JSONSchema {
	s := &model.JSONSchema{Types: []string{"object"}}
	for _, p := range props {
		s.Properties = append(s.Properties, &model.Property{Name: p, Schema: str()})
	}
	return s
}

func with(s *model.JSONSchema, f func(*model.JSONSchema)) *model.JSONSchema { f(s); return s }

func i64(v int64) *int64 { return &v }

// TestRequestComparison checks the request-side comparison both ways: what
// it proves a loosening stays silent, and what may refuse a request BASE
// accepted is reported, with the rule saying whether it is proven.
func TestRequestComparison(t *testing.T) {
	falseSchema := false
	for name, tc := range map[string]struct {
		base, next *model.JSONSchema
		want       string // the rule; "" for silence
		mention    string // a word the finding must name
	}{
		"same":                         {obj("a"), obj("a"), "", ""},
		"maxLength raised":             {str(func(s *model.JSONSchema) { s.MaxLength = i64(5) }), str(func(s *model.JSONSchema) { s.MaxLength = i64(9) }), "", ""},
		"property removed, open":       {obj("a", "b"), obj("a"), "", ""},
		"property added, open":         {obj("a"), obj("a", "b"), "", ""},
		"required dropped":             {with(obj("a"), func(s *model.JSONSchema) { s.Required = []string{"a"} }), obj("a"), "", ""},
		"not removed":                  {with(obj("a"), func(s *model.JSONSchema) { s.Not = obj() }), obj("a"), "", ""},
		"anyOf alternative added":      {with(obj(), func(s *model.JSONSchema) { s.AnyOf = []*model.JSONSchema{str()} }), with(obj(), func(s *model.JSONSchema) { s.AnyOf = []*model.JSONSchema{str(), obj()} }), "", ""},
		"unevaluatedProperties gone":   {with(obj("a"), func(s *model.JSONSchema) { s.UnevaluatedProperties = &model.JSONSchema{Bool: &falseSchema} }), obj("a"), "", ""},
		"type widened":                 {str(), &model.JSONSchema{Types: []string{"string", "integer"}}, "", ""},
		"becomes nullable":             {str(), with(str(), func(s *model.JSONSchema) { s.Nullable = true }), "", ""},
		"null refused":                 {with(str(), func(s *model.JSONSchema) { s.Nullable = true }), str(), RuleConstraintTightened, "null"},
		"required added":               {obj("a"), with(obj("a"), func(s *model.JSONSchema) { s.Required = []string{"a"} }), RuleConstraintTightened, "a becomes required"},
		"closed object drops a field":  {with(obj("a", "b"), func(s *model.JSONSchema) { s.NoAdditional = true }), with(obj("a"), func(s *model.JSONSchema) { s.NoAdditional = true }), RuleConstraintTightened, "property b removed"},
		"additional typed":             {with(obj(), func(s *model.JSONSchema) { s.Additional = &model.JSONSchema{Empty: true} }), with(obj(), func(s *model.JSONSchema) { s.Additional = &model.JSONSchema{Types: []string{"integer"}} }), RuleConstraintTightened, "additionalProperties"},
		"additional absent then typed": {obj(), with(obj(), func(s *model.JSONSchema) { s.Additional = &model.JSONSchema{Types: []string{"integer"}} }), RuleConstraintTightened, "additionalProperties"},
		"not added":                    {obj("a"), with(obj("a"), func(s *model.JSONSchema) { s.Not = obj() }), RuleConstraintTightened, "not added"},
		"not changed":                  {with(obj("a"), func(s *model.JSONSchema) { s.Not = str() }), with(obj("a"), func(s *model.JSONSchema) { s.Not = obj() }), RuleRequestChanged, "not changes"},
		"allOf subschema added":        {obj("a"), with(obj("a"), func(s *model.JSONSchema) { s.AllOf = []*model.JSONSchema{obj("b")} }), RuleRequestChanged, "allOf"},
		"anyOf alternative removed":    {with(obj(), func(s *model.JSONSchema) { s.AnyOf = []*model.JSONSchema{str(), obj()} }), with(obj(), func(s *model.JSONSchema) { s.AnyOf = []*model.JSONSchema{str()} }), RuleRequestChanged, "anyOf alternative 1"},
		"oneOf alternative added":      {with(obj(), func(s *model.JSONSchema) { s.OneOf = []*model.JSONSchema{str()} }), with(obj(), func(s *model.JSONSchema) { s.OneOf = []*model.JSONSchema{str(), obj()} }), RuleRequestChanged, "oneOf"},
		"schema becomes false":         {obj(), &model.JSONSchema{Bool: &falseSchema}, RuleConstraintTightened, "false"},
		"const set":                    {str(), with(str(), func(s *model.JSONSchema) { s.Const = &model.Const{Value: "x", JSON: `"x"`} }), RuleConstraintTightened, "const"},
		"prefixItems changed":          {&model.JSONSchema{Types: []string{"array"}, PrefixItems: []*model.JSONSchema{str()}}, &model.JSONSchema{Types: []string{"array"}, PrefixItems: []*model.JSONSchema{obj()}}, RuleRequestChanged, "prefixItems changes"},
	} {
		t.Run(name, func(t *testing.T) {
			got := tightened(&model.Operation{Body: &model.Body{Schema: tc.base}}, &model.Operation{Body: &model.Body{Schema: tc.next}})
			if tc.want == "" {
				if len(got) > 0 {
					t.Errorf("want silence, got %q", got)
				}
				return
			}
			if !slices.ContainsFunc(got, func(f finding) bool { return f.rule == tc.want && strings.Contains(f.text, tc.mention) }) {
				t.Errorf("want %s naming %q, got %q", tc.want, tc.mention, got)
			}
		})
	}
}

// TestParameterSerialisation checks that a parameter's style, explode and
// content are compared: a caller that serialises the old way is refused.
func TestParameterSerialisation(t *testing.T) {
	p := func(style string, explode bool) *model.Operation {
		return &model.Operation{Params: []*model.Param{{Name: "ids", In: model.InQuery, Array: true,
			Validation: &model.ParamSchema{Style: style, Explode: explode, Schema: &model.JSONSchema{Types: []string{"array"}}}}}}
	}
	for name, tc := range map[string]struct {
		base, next *model.Operation
		mention    string
	}{
		"explode":             {p("form", false), p("form", true), "explode"},
		"style":               {p("form", true), p("spaceDelimited", true), "style"},
		"style to pipe":       {p("form", false), p("pipeDelimited", false), "style"},
		"unchanged is silent": {p("form", true), p("form", true), ""},
	} {
		t.Run(name, func(t *testing.T) {
			got := tightened(tc.base, tc.next)
			if tc.mention == "" {
				if len(got) > 0 {
					t.Errorf("want silence, got %q", got)
				}
				return
			}
			if len(got) != 1 || got[0].rule != RuleConstraintTightened || !strings.Contains(got[0].text, "query parameter ids: "+tc.mention) {
				t.Errorf("got %q", got)
			}
		})
	}
}

// TestEveryKeywordCompared sets each field of model.JSONSchema that
// compare does not judge by name, one at a time, on NEW only, and checks
// that the difference is reported naming its keyword: a field added to the
// model later is reported by default instead of silently passing.
func TestEveryKeywordCompared(t *testing.T) {
	typ := reflect.TypeFor[model.JSONSchema]()
	n := 0
	for i := range typ.NumField() {
		f := typ.Field(i)
		if handled[f.Name] || schemaNotes[f.Name] {
			continue
		}
		n++
		t.Run(f.Name, func(t *testing.T) {
			next := obj("a")
			v := reflect.ValueOf(next).Elem().Field(i)
			v.Set(nonZero(t, f.Type))
			got := tightened(&model.Operation{Body: &model.Body{Schema: obj("a")}}, &model.Operation{Body: &model.Body{Schema: next}})
			if !slices.ContainsFunc(got, func(x finding) bool { return strings.Contains(x.text, keyword(f.Name)) }) {
				t.Errorf("setting %s (%s) is not reported: %q", f.Name, keyword(f.Name), got)
			}
		})
	}
	if n < 10 {
		t.Errorf("only %d fields go to the generic comparison: is handled too wide?", n)
	}
}

// TestEveryParamFieldCompared does the same for model.ParamSchema.
func TestEveryParamFieldCompared(t *testing.T) {
	typ := reflect.TypeFor[model.ParamSchema]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Name == "Schema" {
			continue // TestEveryKeywordCompared
		}
		t.Run(f.Name, func(t *testing.T) {
			op := func(ps *model.ParamSchema) *model.Operation {
				return &model.Operation{Params: []*model.Param{{Name: "q", In: model.InQuery, Validation: ps}}}
			}
			next := &model.ParamSchema{}
			reflect.ValueOf(next).Elem().Field(i).Set(nonZero(t, f.Type))
			// Set on BASE for a flag whose removal is the tightening.
			got := append(tightened(op(&model.ParamSchema{}), op(next)), tightened(op(next), op(&model.ParamSchema{}))...)
			if !slices.ContainsFunc(got, func(x finding) bool {
				return strings.Contains(strings.ToLower(x.text), strings.ToLower(keyword(f.Name)))
			}) {
				t.Errorf("a change of %s is not reported: %q", f.Name, got)
			}
		})
	}
}

// nonZero makes a value of type t that is not its zero value.
func nonZero(t *testing.T, typ reflect.Type) reflect.Value {
	if typ == schemaPtrType {
		return reflect.ValueOf(str())
	}
	switch typ.Kind() {
	case reflect.Pointer:
		p := reflect.New(typ.Elem())
		p.Elem().Set(nonZero(t, typ.Elem()))
		return p
	case reflect.Slice:
		s := reflect.MakeSlice(typ, 1, 1)
		s.Index(0).Set(nonZero(t, typ.Elem()))
		return s
	case reflect.Struct:
		v := reflect.New(typ).Elem()
		for i := range typ.NumField() {
			if typ.Field(i).IsExported() {
				v.Field(i).Set(nonZero(t, typ.Field(i).Type))
			}
		}
		return v
	case reflect.Bool:
		return reflect.ValueOf(true).Convert(typ)
	case reflect.String:
		return reflect.ValueOf("x").Convert(typ)
	case reflect.Int, reflect.Int64:
		return reflect.ValueOf(int64(3)).Convert(typ)
	case reflect.Float64:
		return reflect.ValueOf(3.0).Convert(typ)
	}
	t.Fatalf("no non-zero value for %s: extend nonZero", typ)
	return reflect.Value{}
}
