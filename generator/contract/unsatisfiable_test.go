package contract

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/spec"
)

// answer is a target that answers every request alike.
type answer struct {
	status int
	ct     string
	body   string
}

func (a answer) Do(context.Context, Request) (Response, error) {
	return Response{Status: a.status, Header: http.Header{"Content-Type": {a.ct}}, Body: []byte(a.body)}, nil
}

func derivedFor(t *testing.T, file string) ([]Case, Options) {
	t.Helper()
	ctx := context.Background()
	doc, api, _, err := generator.Model(ctx, generator.Options{SpecPath: file, SpecRelPath: "openapi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Validation(doc, api, spec.ValidationOptions{}); err != nil {
		t.Fatal(err)
	}
	return Derive(api, 1, nil, Examples(doc.T, api)), Options{Doc: doc.T, SpecFile: file}
}

// TestUnsatisfiableSchemaNamed: run against ../shared/examples/print-shop.yaml
// (Product is allOf [NewProduct (additionalProperties: false), {id,
// createdAt}]), a correct product answered to createProduct fails naming
// Product, NewProduct and the properties, not only kin-openapi's symptom;
// a request body no value satisfies is named the same way when the valid
// request is refused.
func TestUnsatisfiableSchemaNamed(t *testing.T) {
	cases, opts := derivedFor(t, filepath.Join("..", "..", "..", "shared", "examples", "print-shop.yaml"))
	var create []Case
	for _, c := range cases {
		if c.Name == "createProduct/valid" {
			create = append(create, c)
		}
	}
	product := `{"id":"2f1c3a52-8c7e-4c39-9a0b-6a3cbb1f6c11","createdAt":"2024-01-31T09:30:00Z","sku":"BC-0001","name":"cards","category":"flyers","price":{"amount":9.5,"currency":"EUR"},"dimensions":{"widthMm":85,"heightMm":55}}`
	res := Run(context.Background(), answer{201, "application/json", product}, create, opts)
	if len(res) != 1 || res[0].Outcome != Fail {
		t.Fatalf("createProduct/valid against the shared spec: %+v, want one failure", res)
	}
	for _, want := range []string{"whose response schema in the spec accepts no value", "Product (print-shop.yaml:336:5)",
		"NewProduct (print-shop.yaml:315:5) says additionalProperties: false", `"createdAt", "id", required by the schema at print-shop.yaml:339:11`, "allof-closed"} {
		if !strings.Contains(res[0].Detail, want) {
			t.Errorf("detail %q lacks %q", res[0].Detail, want)
		}
	}
	// The bundled, fixed copy: the same answer passes.
	cases, opts = derivedFor(t, filepath.Join("..", "..", "testdata", "print-shop.yaml"))
	create = create[:0]
	for _, c := range cases {
		if c.Name == "createProduct/valid" {
			create = append(create, c)
		}
	}
	if res := Run(context.Background(), answer{201, "application/json", product}, create, opts); len(res) != 1 || res[0].Outcome != Pass {
		t.Errorf("createProduct/valid against the bundled print-shop.yaml: %+v, want a pass", res)
	}

	// A request body no value satisfies.
	dir := t.TempDir()
	file := filepath.Join(dir, "closed.yaml")
	if err := os.WriteFile(file, []byte(`openapi: 3.0.3
info: {title: closed, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              allOf:
                - {$ref: "#/components/schemas/Base"}
                - {type: object, required: [extra], properties: {extra: {type: string}}}
      responses:
        "204": {description: created}
components:
  schemas:
    Base:
      type: object
      additionalProperties: false
      properties:
        name: {type: string}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases, opts = derivedFor(t, file)
	if cases[0].Name != "createThing/valid" {
		t.Fatalf("first case %s", cases[0].Name)
	}
	res = Run(context.Background(), answer{400, "application/problem+json", `{"status":400,"errors":[{"in":"body","pointer":"/extra"}]}`}, cases[:1], opts)
	if res[0].Outcome != Fail || !strings.Contains(res[0].Detail, "the spec's request body schema accepts no value: the schema at closed.yaml:11:11") ||
		!strings.Contains(res[0].Detail, `Base (closed.yaml:20:5) says additionalProperties: false`) || !strings.Contains(res[0].Detail, `"extra", required by the schema at closed.yaml:15:20`) {
		t.Errorf("a valid request refused because its schema accepts nothing: %+v", res[0])
	}
}
