package contract

import (
	"context"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

func printShopModel(t *testing.T) *model.API {
	t.Helper()
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: filepath.Join("..", "..", "testdata", "print-shop.yaml"), SpecRelPath: "openapi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return res.API
}

// TestDeriveDeterministic: the same seed gives the same cases; every case
// of an invalid kind says what it expects, and a 400 where it must point.
func TestDeriveDeterministic(t *testing.T) {
	api := printShopModel(t)
	a, b := Derive(api, 42, nil, nil), Derive(api, 42, nil, nil)
	if !reflect.DeepEqual(names(a), names(b)) {
		t.Fatal("two derivations with one seed differ in their cases")
	}
	for i := range a {
		if !reflect.DeepEqual(a[i].Request, b[i].Request) {
			t.Fatalf("%s: requests differ between two runs with seed 42", a[i].Name)
		}
	}
	seen := map[string]bool{}
	for _, c := range a {
		if seen[c.Name] {
			t.Errorf("two cases are named %s", c.Name)
		}
		seen[c.Name] = true
		switch c.Kind {
		case Invalid:
			if c.Status != 400 || c.In == "" || c.Where == "" {
				t.Errorf("%s: status %d, in %q, where %q: want 400 and a location", c.Name, c.Status, c.In, c.Where)
			}
		case NoToken, IDToken:
			if c.Status != 401 {
				t.Errorf("%s: status %d, want 401", c.Name, c.Status)
			}
		case Scope:
			if c.Status != 403 || len(c.Request.Auth.Scopes) == 0 && c.Name == "" {
				t.Errorf("%s: status %d, want 403", c.Name, c.Status)
			}
		}
	}
	for _, want := range []string{
		"placeOrder/valid", "placeOrder/invalid: body /lines missing", "placeOrder/no-token: no token",
		"placeOrder/id-token: ID token", "placeOrder/scope: without print-shop/orders/write", "placeOrder/media: body as text/plain",
		"listProducts/invalid: query limit maximum", "createProduct/invalid: body /sku pattern",
		"createProduct/invalid: body additionalProperties", "getHealth/valid",
	} {
		if !seen[want] {
			t.Errorf("no case %q among %v", want, names(a))
		}
	}
	if seen["getHealth/no-token: no token"] {
		t.Error("a public operation got a no-token case")
	}
	only := Derive(api, 42, []string{"GET /health"}, nil)
	if len(only) != 1 || only[0].Name != "getHealth/valid" {
		t.Errorf("--operation 'GET /health' gave %v", names(only))
	}
}

// TestSynthesizedValuesAreValid: values synthesized for formats and
// patterns satisfy them; an unsatisfiable pattern is a reason, not a value.
func TestSynthesizedValuesAreValid(t *testing.T) {
	api := printShopModel(t)
	for _, c := range Derive(api, 3, nil, nil) {
		if c.Kind == Valid && strings.Contains(c.Request.Path, "{") {
			t.Errorf("%s: path %s still has a template parameter", c.Name, c.Request.Path)
		}
	}
	for _, pat := range []string{`^[A-Z0-9-]{4,32}$`, `^ord_[a-z0-9]{12}$`, `^(EUR|USD)$`, `\d{3}-\d{4}`} {
		s := &model.JSONSchema{Types: []string{"string"}, Pattern: pat}
		v, err := synth(s, nil, 0)
		if err != nil || !regexp.MustCompile(pat).MatchString(v.(string)) {
			t.Errorf("pattern %s: synthesized %v (err %v)", pat, v, err)
		}
	}
	if _, err := synth(&model.JSONSchema{Types: []string{"string"}, Pattern: `^a$`, MinLength: 3}, nil, 0); err == nil || !strings.Contains(err.Error(), "pattern") {
		t.Errorf("an unsatisfiable pattern and length: err %v, want one naming the pattern", err)
	}
	api2 := &model.API{Name: "x", ResourceServer: "x", Operations: []*model.Operation{{
		ID: "odd", Method: "POST", Path: "/odd", Public: true,
		Body: &model.Body{JSON: true, JSONType: "application/json", Schema: &model.JSONSchema{Types: []string{"object"}, Required: []string{"v"},
			Properties: []*model.Property{{Name: "v", Schema: &model.JSONSchema{Types: []string{"string"}, Pattern: `^a$`, MinLength: 3}}}}},
	}}}
	cs := Derive(api2, 1, nil, nil)
	if len(cs) != 1 || cs[0].Kind != Skipped || !strings.Contains(cs[0].Skip, "property v") {
		t.Errorf("an operation whose body cannot be synthesized: %+v, want one skipped case naming property v", cs)
	}
}

func names(cs []Case) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// TestExampleBodyIsSent: the spec's request body example is the valid
// case's body, and the invalid cases break a copy of it.
func TestExampleBodyIsSent(t *testing.T) {
	obj := &model.JSONSchema{Types: []string{"object"}, Required: []string{"qty"},
		Properties: []*model.Property{{Name: "qty", Schema: &model.JSONSchema{Types: []string{"integer"}, Minimum: ptr(1.0)}}}}
	api := &model.API{Name: "x", ResourceServer: "x", Operations: []*model.Operation{{
		ID: "buy", Method: "POST", Path: "/buy", Public: true,
		Body: &model.Body{JSON: true, JSONType: "application/json", Schema: obj},
	}}}
	ex := map[string]any{"buy": map[string]any{"qty": 7.0, "note": "from the spec"}}
	cs := Derive(api, 1, nil, ex)
	if cs[0].Kind != Valid || string(cs[0].Request.Body) != `{"note":"from the spec","qty":7}` {
		t.Fatalf("valid case body %s, want the example", cs[0].Request.Body)
	}
	var minimum bool
	for _, c := range cs {
		if c.Name == "buy/invalid: body /qty minimum" {
			minimum = string(c.Request.Body) == `{"note":"from the spec","qty":0}`
		}
	}
	if !minimum || ex["buy"].(map[string]any)["qty"] != 7.0 {
		t.Errorf("the minimum case does not break a copy of the example: %v", names(cs))
	}
}

func ptr[T any](v T) *T { return &v }

// TestDeriveCorpus derives the cases of every reference spec that
// generates: no panic, every case named once, every skip with a reason.
func TestDeriveCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "specs", "*.*"))
	if len(files) < 10 {
		t.Fatalf("found %d reference specs in ../shared/specs, want the corpus", len(files))
	}
	derived := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".md") {
			continue
		}
		ctx := context.Background()
		doc, api, _, err := generator.Model(ctx, generator.Options{SpecPath: f, SpecRelPath: "openapi.yaml", SkipUnsupportedPatterns: true})
		if err != nil {
			continue // specs specgate refuses are its loader's business
		}
		if err := spec.Validation(doc, api, spec.ValidationOptions{SkipUnsupportedPatterns: true}); err != nil {
			continue
		}
		derived++
		seen := map[string]bool{}
		for _, c := range Derive(api, 1, nil, Examples(doc.T, api)) {
			if seen[c.Name] {
				t.Errorf("%s: two cases named %s", filepath.Base(f), c.Name)
			}
			seen[c.Name] = true
			if c.Kind == Skipped && c.Skip == "" {
				t.Errorf("%s: %s skipped without a reason", filepath.Base(f), c.Name)
			}
		}
	}
	if derived < 10 {
		t.Errorf("derived cases of %d specs, want at least 10", derived)
	}
}

// TestNestedBreaks: each invalid body breaks one constraint at one nested
// place of a copy of the valid body, and names that place's JSON pointer;
// an optional object the valid body leaves out is added for the breaks
// inside it.
func TestNestedBreaks(t *testing.T) {
	str := func(minLen int64) *model.JSONSchema {
		return &model.JSONSchema{Types: []string{"string"}, MinLength: minLen}
	}
	item := &model.JSONSchema{Types: []string{"object"}, Required: []string{"n"}, NoAdditional: true,
		Properties: []*model.Property{{Name: "n", Schema: &model.JSONSchema{Types: []string{"integer"}, Maximum: ptr(9.0)}}}}
	body := &model.JSONSchema{Types: []string{"object"}, Required: []string{"items"}, Properties: []*model.Property{
		{Name: "items", Schema: &model.JSONSchema{Types: []string{"array"}, MinItems: 1, MaxItems: ptr(int64(3)), Items: item}},
		{Name: "opt", Schema: &model.JSONSchema{Types: []string{"object"}, Required: []string{"code"},
			Properties: []*model.Property{{Name: "code", Schema: &model.JSONSchema{Types: []string{"string"}, Enum: []any{"A"}}}}}},
		{Name: "tags", Schema: &model.JSONSchema{Types: []string{"array"}, UniqueItems: true, Items: str(2)}},
		{Name: "labels", Schema: &model.JSONSchema{Types: []string{"object"}, MinProperties: 1, MaxProperties: ptr(int64(2)),
			Additional: &model.JSONSchema{Types: []string{"string"}, Enum: []any{"x"}}}},
	}}
	api := &model.API{Name: "x", ResourceServer: "x", Operations: []*model.Operation{{
		ID: "put", Method: "PUT", Path: "/n", Public: true,
		Body: &model.Body{JSON: true, JSONType: "application/json", Schema: body},
	}}}
	ex := map[string]any{"put": map[string]any{"items": []any{map[string]any{"n": 1.0}}, "labels": map[string]any{"a": "x"}}}
	got := map[string]string{}
	for _, c := range Derive(api, 1, nil, ex) {
		got[strings.TrimPrefix(c.Name, "put/")] = c.Where + " " + string(c.Request.Body)
	}
	want := map[string]string{
		"valid":                                       ` {"items":[{"n":1}],"labels":{"a":"x"}}`,
		"invalid: body /items minItems":               `/items {"items":[],"labels":{"a":"x"}}`,
		"invalid: body /items maxItems":               `/items {"items":[{"n":1},{"n":1},{"n":1},{"n":1}],"labels":{"a":"x"}}`,
		"invalid: body /items/0 type":                 `/items/0 {"items":["zz-not-a-object"],"labels":{"a":"x"}}`,
		"invalid: body /items/0/n missing":            `/items/0/n {"items":[{}],"labels":{"a":"x"}}`,
		"invalid: body /items/0/n maximum":            `/items/0/n {"items":[{"n":10}],"labels":{"a":"x"}}`,
		"invalid: body /items/0 additionalProperties": `/items/0/zzUnexpected {"items":[{"n":1,"zzUnexpected":true}],"labels":{"a":"x"}}`,
		"invalid: body /opt/code missing":             `/opt/code {"items":[{"n":1}],"labels":{"a":"x"},"opt":{}}`,
		"invalid: body /opt/code enum":                `/opt/code {"items":[{"n":1}],"labels":{"a":"x"},"opt":{"code":"zz-not-in-enum"}}`,
		"invalid: body /tags uniqueItems":             `/tags {"items":[{"n":1}],"tags":["aaa","aaa"]}`,
		"invalid: body /tags/0 minLength":             `/tags/0 {"items":[{"n":1}],"labels":{"a":"x"},"tags":["a"]}`,
		"invalid: body /labels maxProperties":         `/labels {"items":[{"n":1}],"labels":{"a":"x","zzExtra0":"x","zzExtra1":"x"}}`,
		"invalid: body /labels minProperties":         `/labels {"items":[{"n":1}],"labels":{}}`,
		"invalid: body /labels/zzExtra enum":          `/labels/zzExtra {"items":[{"n":1}],"labels":{"a":"x","zzExtra":"zz-not-in-enum"}}`,
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("no case %q", name)
			continue
		}
		if name == "invalid: body /tags uniqueItems" {
			// the item is synthesized: two equal strings of two or more letters
			if !regexp.MustCompile(`^/tags \{"items":\[\{"n":1\}\],"labels":\{"a":"x"\},"tags":\["(a\d+)","(a\d+)"\]\}$`).MatchString(g) {
				t.Errorf("%s: %s", name, g)
			}
			continue
		}
		if g != w {
			t.Errorf("%s:\n got %s\nwant %s", name, g, w)
		}
	}
	if ex["put"].(map[string]any)["items"].([]any)[0].(map[string]any)["n"] != 1.0 {
		t.Error("a case changed the spec's example")
	}
}

// TestUnionBreaksOnlyWhenSure: a case inside oneOf, anyOf or not is
// derived only where the model shows its value breaks the applicator and
// nothing else: closed alternatives give no "oneOf two", an alternative
// that may take anything gives no "none", and a not value the rest of the
// schema refuses gives no "not".
func TestUnionBreaksOnlyWhenSure(t *testing.T) {
	obj := func(closed bool, req string) *model.JSONSchema {
		return &model.JSONSchema{Types: []string{"object"}, Required: []string{req}, NoAdditional: closed,
			Properties: []*model.Property{{Name: req, Schema: &model.JSONSchema{Types: []string{"integer"}}}}}
	}
	body := &model.JSONSchema{Types: []string{"object"}, Required: []string{"open", "closed", "loose", "code", "long"}, Properties: []*model.Property{
		{Name: "open", Schema: &model.JSONSchema{OneOf: []*model.JSONSchema{obj(false, "a"), obj(false, "b")}}},
		{Name: "closed", Schema: &model.JSONSchema{OneOf: []*model.JSONSchema{obj(true, "a"), obj(true, "b")}}},
		{Name: "loose", Schema: &model.JSONSchema{AnyOf: []*model.JSONSchema{obj(false, "a"), {Empty: true}}}},
		{Name: "code", Schema: &model.JSONSchema{Types: []string{"string"}, Not: &model.JSONSchema{Enum: []any{"root"}}}},
		{Name: "long", Schema: &model.JSONSchema{Types: []string{"string"}, MaxLength: ptr(int64(3)), Not: &model.JSONSchema{Enum: []any{"toolong"}}}},
	}}
	api := &model.API{Name: "x", ResourceServer: "x", Operations: []*model.Operation{{
		ID: "u", Method: "POST", Path: "/u", Public: true,
		Body: &model.Body{JSON: true, JSONType: "application/json", Schema: body},
	}}}
	got := map[string]string{}
	for _, c := range Derive(api, 1, nil, nil) {
		got[strings.TrimPrefix(c.Name, "u/invalid: body ")] = string(c.Request.Body)
	}
	for name, want := range map[string]string{
		"/open oneOf none":   `"open":{}`,
		"/open oneOf two":    `"open":{"a":1,"b":1}`,
		"/closed oneOf none": `"closed":{}`,
		"/code not":          `"code":"root"`,
	} {
		if !strings.Contains(got[name], want) {
			t.Errorf("%s: body %q, want it to hold %s", name, got[name], want)
		}
	}
	for _, name := range []string{"/closed oneOf two", "/loose anyOf none", "/long not"} {
		if b, ok := got[name]; ok {
			t.Errorf("%s derived (%s): its value may break more than the applicator, or not break it", name, b)
		}
	}
}
