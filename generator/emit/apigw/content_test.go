package apigw

import (
	"testing"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// bodyContent builds the definition of one POST /x operation taking a body
// of the given content types (the JSON ones with a schema) and returns its
// requestBody content and request validator.
func bodyContent(t *testing.T, kind model.APIKind, legacy bool, cts ...string) (*yamldoc.Map, any) {
	t.Helper()
	s := &model.Schema{SpecName: "Thing", GoName: "Thing"}
	op := &model.Operation{ID: "postX", GoName: "PostX", Method: "POST", Path: "/x", Public: true,
		Body: &model.Body{Required: true, ContentTypes: cts, Type: s}}
	for _, ct := range cts {
		if isJSON(ct) {
			op.Body.JSON, op.Body.JSONType = true, ct
		}
	}
	od := &model.OperationDeploy{}
	if legacy {
		be := &model.LegacyBackend{Param: "LegacyURL", Host: "legacy.example.com", BaseURL: "https://legacy.example.com"}
		op.Integration = &model.Integration{}
		od.Legacy = &model.LegacyRoute{Backend: be, Path: "/x"}
	}
	api := &model.API{Name: "svc", Kind: kind, Operations: []*model.Operation{op}, Schemas: []*model.Schema{s}}
	dep := &model.Deploy{Ops: map[*model.Operation]*model.OperationDeploy{op: od},
		SchemaJSON: map[*model.Schema]any{s: map[string]any{"type": "object", "required": []any{"a"}}}}
	doc, _ := Definition(api, dep, StandaloneRefs(dep))
	paths, _ := doc.Get("paths")
	item, _ := paths.(*yamldoc.Map).Get("/x")
	post, _ := item.(*yamldoc.Map).Get("post")
	rb, _ := post.(*yamldoc.Map).Get("requestBody")
	content, _ := rb.(*yamldoc.Map).Get("content")
	validator, _ := post.(*yamldoc.Map).Get("x-amazon-apigateway-request-validator")
	return content.(*yamldoc.Map), validator
}

// TestBodyModelForEveryContentType: on a REST API a JSON body's model
// covers every content type, declared or not ($default), so a text/plain
// body cannot skip the gateway's check of a legacy operation; a body that
// also declares non-JSON types gets no $default (the gateway would parse
// those bodies as JSON and refuse them), and HTTP APIs validate nothing.
func TestBodyModelForEveryContentType(t *testing.T) {
	ref := func(m *yamldoc.Map, ct string) string {
		mt, ok := m.Get(ct)
		if !ok {
			return "absent"
		}
		schema, ok := mt.(*yamldoc.Map).Get("schema")
		if !ok {
			return "no schema"
		}
		r, _ := schema.(*yamldoc.Map).Get("$ref")
		s, _ := r.(string)
		return s
	}
	const thing = "#/components/schemas/Thing"
	for _, legacy := range []bool{false, true} {
		content, validator := bodyContent(t, model.REST, legacy, "application/json", "application/merge-patch+json")
		for _, ct := range []string{"application/json", "application/merge-patch+json", "$default"} {
			if got := ref(content, ct); got != thing {
				t.Errorf("legacy %v: %s model: %s, want %s", legacy, ct, got, thing)
			}
		}
		if validator != ValidatorBodyAndParams {
			t.Errorf("legacy %v: validator %v, want %s", legacy, validator, ValidatorBodyAndParams)
		}
	}
	content, _ := bodyContent(t, model.REST, true, "application/json", "text/plain")
	if got := ref(content, "$default"); got != "absent" {
		t.Errorf("JSON and text/plain: $default %s, want absent", got)
	}
	if got := ref(content, "text/plain"); got != "no schema" {
		t.Errorf("text/plain: %s, want no schema", got)
	}
	content, _ = bodyContent(t, model.HTTP, true, "application/json")
	if got := ref(content, "$default"); got != "absent" {
		t.Errorf("HTTP API: $default %s, want absent", got)
	}
}
