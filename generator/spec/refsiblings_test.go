package spec

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

// TestUnevaluatedBesideRef: in OpenAPI 3.1, unevaluatedProperties written
// next to a $ref sees the referenced schema's properties as evaluated
// (JSON Schema 2020-12), so it must sit beside the $ref's target in the
// model, not inside the allOf member kin-openapi makes of the siblings;
// where the target has its own unevaluatedProperties, the target keeps it
// and becomes an allOf member of its own, so that it does not see the
// properties written next to the $ref either.
func TestUnevaluatedBesideRef(t *testing.T) {
	file := filepath.Join(t.TempDir(), "openapi.yaml")
	doc := `openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /open:
    post:
      operationId: open
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Base', properties: {extra: {type: string}}, unevaluatedProperties: false}
      responses: {'204': {description: ok}}
  /closed:
    post:
      operationId: closed
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Closed', properties: {extra: {type: string}}, unevaluatedProperties: false}
      responses: {'204': {description: ok}}
  /scoped:
    post:
      operationId: scoped
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Closed', properties: {extra: {type: string}}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Base: {type: object, properties: {name: {type: string}}}
    Closed: {type: object, properties: {name: {type: string}}, unevaluatedProperties: false}
`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Load(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	api, _, err := ToModel(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Validation(d, api, ValidationOptions{}); err != nil {
		t.Fatal(err)
	}
	body := map[string]*model.JSONSchema{}
	for _, op := range api.Operations {
		body[op.ID] = op.Body.Schema
	}
	props := func(s *model.JSONSchema) []string {
		var out []string
		for _, p := range s.Properties {
			out = append(out, p.Name)
		}
		return out
	}
	closedFalse := func(s *model.JSONSchema) bool {
		return s != nil && s.UnevaluatedProperties != nil && s.UnevaluatedProperties.Bool != nil && !*s.UnevaluatedProperties.Bool
	}

	open := body["open"]
	if !closedFalse(open) {
		t.Fatalf("open: unevaluatedProperties: false is not on the body schema beside Base's properties %v", props(open))
	}
	if len(open.Properties) != 1 || open.Properties[0].Name != "name" {
		t.Errorf("open: the body keeps Base's properties, got %v", props(open))
	}
	if len(open.AllOf) != 1 || closedFalse(open.AllOf[0]) || len(open.AllOf[0].Properties) != 1 || open.AllOf[0].Properties[0].Name != "extra" {
		t.Errorf("open: want one allOf member holding the sibling property extra and no unevaluatedProperties, got %d members", len(open.AllOf))
	}

	closed := body["closed"]
	if !closedFalse(closed) || len(closed.AllOf) != 2 {
		t.Fatalf("closed: want the siblings' unevaluatedProperties over an allOf of Closed and the siblings, got %d members", len(closed.AllOf))
	}
	if target := closed.AllOf[0]; !closedFalse(target) || len(target.Properties) != 1 || target.Properties[0].Name != "name" {
		t.Errorf("closed: Closed keeps its own unevaluatedProperties over its own properties %v", props(target))
	}
	if sib := closed.AllOf[1]; closedFalse(sib) || len(sib.Properties) != 1 || sib.Properties[0].Name != "extra" {
		t.Errorf("closed: the sibling member holds extra only, got %v", props(sib))
	}

	scoped := body["scoped"]
	if scoped.UnevaluatedProperties != nil || len(scoped.AllOf) != 2 || !closedFalse(scoped.AllOf[0]) || len(scoped.AllOf[0].Properties) != 1 {
		t.Fatalf("scoped: want an allOf of Closed (with its unevaluatedProperties: false over name only) and the siblings, nothing more, got %d members", len(scoped.AllOf))
	}
	if sib := scoped.AllOf[1]; len(sib.Properties) != 1 || sib.Properties[0].Name != "extra" {
		t.Errorf("scoped: the sibling member holds extra only, got %v", props(sib))
	}
}
