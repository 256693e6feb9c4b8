package generator_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/lint"
)

// unenforcedSpec uses keywords specgate does not enforce (at 18:19,
// 20:19, 22:19), a body property whose schema has properties but no type
// (26:19), and a nested anyOf of only null that oapi-codegen cannot type.
const unenforcedSpec = `openapi: 3.1.0
info: {title: us, version: "1"}
paths:
  /a:
    post:
      operationId: a
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                doc:
                  type: string
                  contentMediaType: application/json
                  contentSchema: {type: object}
                tree:
                  $dynamicRef: "#node"
                  items: {type: integer}
                  additionalItems: false
                nothing:
                  anyOf: [{anyOf: [{type: "null"}]}]
                untyped:
                  properties:
                    x: {type: string}
      responses:
        "204": {description: ok}
`

// TestUnenforcedKeywordsAreNeverSilent: a keyword the generated validation
// does not enforce is named, with the same file:line:col, by generate (a
// warning), lint (keyword-not-enforced) and the validation report.
func TestUnenforcedKeywordsAreNeverSilent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(path, []byte(unenforcedSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: path, Module: "example.com/us"})
	if err != nil {
		t.Fatal(err)
	}
	warnings := strings.Join(res.Warnings, "\n")
	f, _ := res.Files.Get("deploy/validation-report.md")
	report := string(f.Data)
	findings, err := lint.File(path, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	linted := map[string]bool{}
	for _, f := range findings {
		linted[fmt.Sprintf("%d:%d %s", f.Line, f.Col, f.Rule)] = true
	}
	for _, kw := range []struct {
		name string
		pos  string
	}{{"contentSchema", "18:19"}, {"$dynamicRef", "20:19"}, {"additionalItems", "22:19"}} {
		if !strings.Contains(warnings, "spec.yaml:"+kw.pos+": "+kw.name+" is not enforced") {
			t.Errorf("generate does not warn that %s at %s is not enforced:\n%s", kw.name, kw.pos, warnings)
		}
		if !strings.Contains(report, "`"+kw.name+"` at spec.yaml:"+kw.pos+": not enforced") {
			t.Errorf("the validation report does not mark %s at %s not enforced:\n%s", kw.name, kw.pos, report)
		}
		if !linted[kw.pos+" keyword-not-enforced"] {
			t.Errorf("lint does not report %s at %s (keyword-not-enforced): %v", kw.name, kw.pos, findings)
		}
	}
	if !linted["26:19 schema-no-type"] {
		t.Errorf("lint does not warn that the schema at 26:19 has properties but no type: %v", findings)
	}
	if !strings.Contains(warnings, "cannot be expressed as a Go type (oapi-codegen writes Go for it that does not compile)") {
		t.Errorf("no warning names the schema oapi-codegen cannot type:\n%s", warnings)
	}
}

// TestUnvalidatedBodiesAnnounced: a request body the generated validation
// does not check (multipart, or a second media type beside the decoded
// JSON or form one, which the function refuses with 415, a JSON type with
// another schema too) is named by a warning and in the validation report,
// at its media type's position; a plain bytes body is not, and neither is
// a form body with an object schema, which is validated field by field.
func TestUnvalidatedBodiesAnnounced(t *testing.T) {
	path := filepath.Join("testdata", "bodies", "openapi.yaml")
	res, err := generator.Generate(context.Background(), generator.Options{SpecPath: path, Module: "example.com/forms"})
	if err != nil {
		t.Fatal(err)
	}
	warnings := strings.Join(res.Warnings, "\n")
	f, _ := res.Files.Get("deploy/validation-report.md")
	report := string(f.Data)
	for _, w := range []string{
		"openapi.yaml:20:11: POST /both: a multipart/form-data request body is refused with 415: the function reads only the JSON body",
		"openapi.yaml:30:11: POST /any: a text/* request body is refused with 415: the function reads only the JSON body",
		"openapi.yaml:45:11: POST /parts: the multipart/form-data request body's schema is not enforced: only JSON and application/x-www-form-urlencoded request bodies are validated",
		"openapi.yaml:55:11: PATCH /patch: a application/merge-patch+json request body is refused with 415: the function reads only the JSON body",
		"openapi.yaml:72:9: PUT /shared: a application/xml request body is refused with 415: the function reads only the JSON or form body",
	} {
		if !strings.Contains(warnings, w) {
			t.Errorf("no warning %q in:\n%s", w, warnings)
		}
	}
	for _, r := range []string{"`requestBody multipart/form-data` at openapi.yaml:20:11", "`requestBody text/*` at openapi.yaml:30:11", "`requestBody multipart/form-data` at openapi.yaml:45:11", "`requestBody application/merge-patch+json` at openapi.yaml:55:11"} {
		if !strings.Contains(report, r) {
			t.Errorf("the validation report does not list %s:\n%s", r, report)
		}
	}
	for _, quiet := range []string{"octet-stream", "requestBody application/vnd.thing+json", "a application/vnd.thing+json request", "x-www-form-urlencoded` at", "POST /login:", "a application/x-www-form-urlencoded request"} {
		if strings.Contains(warnings, quiet) || strings.Contains(report, quiet) {
			t.Errorf("%s is announced as unchecked:\n%s\n%s", quiet, warnings, report)
		}
	}
	if !strings.Contains(report, "| body | Content-Type application/json or application/vnd.thing+json or application/x-www-form-urlencoded (else 415) | Lambda |") {
		t.Errorf("the report does not show both JSON types of one schema accepted:\n%s", report)
	}
	if !strings.Contains(report, "| body | Content-Type application/x-www-form-urlencoded (else 415) | Lambda |") {
		t.Errorf("the report does not show the form body checked:\n%s", report)
	}
}
