package apigw

import (
	"encoding/json"
	"testing"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// compileModels compiles component schemas given as JSON and returns the
// models as YAML.
func compileModels(t *testing.T, components map[string]string) string {
	t.Helper()
	api := &model.API{}
	dep := &model.Deploy{SchemaJSON: map[*model.Schema]any{}}
	var roots []*model.Schema
	for _, name := range sortedStringKeys(components) {
		s := &model.Schema{SpecName: name, GoName: model.GoName(name, "Schema")}
		var v any
		if err := json.Unmarshal([]byte(components[name]), &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		dep.SchemaJSON[s] = v
		api.Schemas = append(api.Schemas, s)
		roots = append(roots, s)
	}
	c := newCompiler(api, dep)
	c.include(roots)
	c.nameModels()
	out, err := yamldoc.Encode(nil, c.models())
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCompile(t *testing.T) {
	for _, tc := range []struct {
		name       string
		components map[string]string
		want       string
	}{
		{
			name:       "nullable 3.0: no type, so null passes; the rest holds",
			components: map[string]string{"A": `{"type":"string","nullable":true,"maxLength":3,"enum":["a","b"]}`},
			want: `A:
  enum:
    - a
    - b
    - null
  maxLength: 3
`,
		},
		{
			name:       "3.1 type list with null",
			components: map[string]string{"A": `{"type":["integer","null"],"minimum":1}`},
			want: `A:
  minimum: 1
`,
		},
		{
			name:       "3.0 exclusive bounds: API Gateway models support no exclusiveMinimum/Maximum, so the bound stays inclusive",
			components: map[string]string{"A": `{"type":"number","minimum":0,"exclusiveMinimum":true,"maximum":9,"exclusiveMaximum":false,"multipleOf":0.01}`},
			want: `A:
  type: number
  multipleOf: 0.01
  maximum: 9
  minimum: 0
`,
		},
		{
			name:       "3.1 numeric exclusive bounds become inclusive ones, unless the inclusive bound is stricter",
			components: map[string]string{"A": `{"type":"number","exclusiveMinimum":5,"minimum":10,"exclusiveMaximum":100}`},
			want: `A:
  type: number
  minimum: 10
  maximum: 100
`,
		},
		{
			name:       "minItems and maxItems are left out: API Gateway drops them on import",
			components: map[string]string{"A": `{"type":"array","minItems":1,"maxItems":3,"uniqueItems":true,"items":{"type":"string"}}`},
			want: `A:
  type: array
  uniqueItems: true
  items:
    type: string
`,
		},
		{
			name:       "3.1 type list without null becomes anyOf",
			components: map[string]string{"A": `{"type":["integer","string"]}`},
			want: `A:
  anyOf:
    - type: integer
    - type: string
`,
		},
		{
			name:       "const becomes an enum",
			components: map[string]string{"A": `{"const":"x"}`},
			want: `A:
  enum:
    - x
`,
		},
		{
			name: "oneOf with a discriminator becomes anyOf; unsupported keywords go",
			components: map[string]string{
				"Pet": `{"oneOf":[{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Dog"}],"discriminator":{"propertyName":"kind"},"example":{},"default":{}}`,
				"Cat": `{"type":"object","properties":{"kind":{"type":"string","format":"byte","readOnly":true,"x-go-name":"K"}},"not":{"required":["bark"]}}`,
				"Dog": `{"type":"object","deprecated":true,"externalDocs":{"url":"https://x"},"xml":{"name":"d"}}`,
			},
			want: `Cat:
  type: object
  properties:
    kind:
      type: string
Dog:
  type: object
Pet:
  anyOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
`,
		},
		{
			name:       "readOnly properties are not required in requests",
			components: map[string]string{"A": `{"type":"object","required":["id","name"],"properties":{"id":{"type":"string","readOnly":true},"name":{"type":"string"}}}`},
			want: `A:
  type: object
  properties:
    id:
      type: string
    name:
      type: string
  required:
    - name
`,
		},
		{
			name: "recursion is broken where it closes",
			components: map[string]string{
				"A": `{"type":"object","properties":{"b":{"$ref":"#/components/schemas/B"},"self":{"$ref":"#/components/schemas/A"}}}`,
				"B": `{"type":"array","items":{"$ref":"#/components/schemas/A"}}`,
			},
			want: `A:
  type: object
  properties:
    b:
      $ref: '#/components/schemas/B'
    self:
      description: Recursive reference to A; checked by the Lambda only.
B:
  type: array
  items:
    description: Recursive reference to A; checked by the Lambda only.
`,
		},
		{
			name: "a pointer into another schema is inlined",
			components: map[string]string{
				"A": `{"type":"object","properties":{"id":{"type":"string","maxLength":8}}}`,
				"B": `{"$ref":"#/components/schemas/A/properties/id"}`,
			},
			want: `A:
  type: object
  properties:
    id:
      type: string
      maxLength: 8
B:
  type: string
  maxLength: 8
`,
		},
		{
			name:       "keywords of another type go",
			components: map[string]string{"A": `{"type":"string","items":{"type":"string"},"properties":{"x":{}},"required":["x"]}`},
			want: `A:
  type: string
`,
		},
		{
			name: "odd names become alphanumeric and unique",
			components: map[string]string{
				"a-b":   `{"type":"string"}`,
				"a_b":   `{"type":"string"}`,
				"1st":   `{"type":"object","properties":{"x":{"$ref":"#/components/schemas/a-b"}}}`,
				"déjà":  `{"type":"string"}`,
				"A.B.C": `{"type":"integer"}`,
			},
			want: `AB:
  type: string
AB2:
  type: string
ABC:
  type: integer
DUe9JUe0:
  type: string
Schema1st:
  type: object
  properties:
    x:
      $ref: '#/components/schemas/AB'
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := compileModels(t, tc.components)
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestEncodeQuoting(t *testing.T) {
	doc := yamldoc.NewMap("a", "true", "b", "'static'", "c", "123", "d", 0.01, "e", float64(1e6), "f", "line1\nline2\n", "g", nil, "h", "${x}")
	got, err := yamldoc.Encode([]string{"Code generated by specgate. DO NOT EDIT.", "", "second"}, doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `# Code generated by specgate. DO NOT EDIT.
#
# second
a: "true"
b: "'static'"
c: "123"
d: 0.01
e: 1000000
f: |
  line1
  line2
g: null
h: ${x}
`
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestGatewayChecksPresence(t *testing.T) {
	req := &model.Param{Name: "id", In: model.InPath, Required: true}
	opt := &model.Param{Name: "q", In: model.InQuery}
	cookie := &model.Param{Name: "c", In: model.InCookie, Required: true}
	accept := &model.Param{Name: "Accept", In: model.InHeader, Required: true}
	for _, tc := range []struct {
		kind model.APIKind
		p    *model.Param
		want bool
	}{{model.REST, req, true}, {model.REST, opt, false}, {model.REST, cookie, false}, {model.REST, accept, false}, {model.HTTP, req, false}} {
		if got := model.GatewayChecksPresence(tc.kind, tc.p); got != tc.want {
			t.Errorf("GatewayChecksPresence(%s, %s %s): %v, want %v", tc.kind, tc.p.In, tc.p.Name, got, tc.want)
		}
	}
}

func TestIsBinary(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/octet-stream": true, "image/png": true, "multipart/form-data; boundary=x": true, "application/pdf": true,
		"application/json": false, "application/problem+json": false, "text/plain; charset=utf-8": false,
		"application/xml": false, "application/atom+xml": false, "application/x-www-form-urlencoded": false, "*/*": false,
	} {
		if got := isBinary(ct); got != want {
			t.Errorf("isBinary(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestResources(t *testing.T) {
	api := &model.API{Operations: []*model.Operation{{Path: "/orders"}, {Path: "/orders/{id}"}, {Path: "/orders/{id}/items"}, {Path: "/health"}, {Path: "/"}}}
	if n := resources(api); n != 5 { // /, /orders, /orders/{id}, /orders/{id}/items, /health
		t.Errorf("resources = %d, want 5", n)
	}
}
