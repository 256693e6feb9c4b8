package spec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

// writeSpec writes openapi.yaml (and any other files, by relative path)
// into a new directory and returns the spec's path.
func writeSpec(t *testing.T, src string, others map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"openapi.yaml": src}
	for k, v := range others {
		files[k] = v
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "openapi.yaml")
}

// buildModel loads the spec at path and builds its model.
func buildModel(path string) (*model.API, error) {
	doc, err := Load(context.Background(), path)
	if err != nil {
		return nil, err
	}
	api, _, err := ToModel(doc, Options{})
	return api, err
}

// at is where a problem must be reported: the line holding marker (a YAML
// comment in the test spec), at column col, with msg in its message.
type at struct {
	marker string
	col    int
	msg    string
}

// lineOf returns the 1-based line of src that contains marker.
func lineOf(t *testing.T, src, marker string) int {
	t.Helper()
	for i, line := range strings.Split(src, "\n") {
		if strings.Contains(line, marker) {
			return i + 1
		}
	}
	t.Fatalf("marker %q is not in the spec", marker)
	return 0
}

// requireProblems checks that err is a *Error listing exactly want, in
// order, each at its file:line:col.
func requireProblems(t *testing.T, path, src string, err error, want []at) {
	t.Helper()
	var specErr *Error
	if !errors.As(err, &specErr) {
		t.Fatalf("got %T %v, want a *spec.Error", err, err)
	}
	if len(specErr.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(specErr.Problems), len(want), err)
	}
	for i, w := range want {
		p := specErr.Problems[i]
		wantPos := fmt.Sprintf("%s:%d:%d", path, lineOf(t, src, w.marker), w.col)
		if p.Pos.String() != wantPos {
			t.Errorf("problem %d at %s, want %s (%s)\n%v", i, p.Pos, wantPos, w.marker, p)
		}
		if !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d says %q, want it to contain %q", i, p.Msg, w.msg)
		}
		if p.Hint == "" {
			t.Errorf("problem %d (%s) has no hint saying what to do", i, p.Msg)
		}
		if !strings.HasPrefix(specErr.Error(), path+":") {
			t.Errorf("error text does not start with the file name: %q", specErr.Error())
		}
	}
}

const header = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
`

func TestToModelRefuses(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []at
	}{
		{
			name: "bad path templates",
			src: header + `
  /a/{b}{c}:
    get: # two-params
      responses: {"200": {description: ok}}
  /files/{proxy+}/meta:
    get: # greedy-not-last
      responses: {"200": {description: ok}}
  /labels/{.param*}:
    get: # rfc6570
      responses: {"200": {description: ok}}
    post: # rfc6570-post
      responses: {"200": {description: ok}}
  /b}:
    get: # unbalanced
      responses: {"200": {description: ok}}
`,
			want: []at{
				{"# two-params", 5, `path "/a/{b}{c}": segment "{b}{c}" must hold at most one {parameter}`},
				{"# greedy-not-last", 5, `path "/files/{proxy+}/meta": greedy parameter {proxy+} must be a whole, last segment`},
				{"# rfc6570", 5, `path "/labels/{.param*}": parameter {.param*} uses RFC 6570 operators`},
				{"# rfc6570-post", 5, `parameter {.param*} uses RFC 6570 operators`},
				{"# unbalanced", 5, `path "/b}": unbalanced }`},
			},
		},
		{
			name: "routes that differ only in parameter names",
			src: header + `
  /accounts/{AccountID}/attachments/{AttachmentID}:
    get:
      responses: {"200": {description: ok}}
    put: # no collision: only GET is declared twice
      responses: {"200": {description: ok}}
  /accounts/{AccountID}/attachments/{FileName}:
    get: # collides
      responses: {"200": {description: ok}}
    post: # sibling-name (REST: one path parameter per level)
      responses: {"200": {description: ok}}
  /reports/{a}.json:
    get:
      responses: {"200": {description: ok}}
  /reports/{b}.json:
    get: # collides-suffix
      responses: {"200": {description: ok}}
  /reports/{c}:
    get: # not a sibling: {a}.json is no API Gateway path part
      responses: {"200": {description: ok}}
  /files/{p+}:
    get:
      responses: {"200": {description: ok}}
  /files/{q}:
    get: # sibling-greedy
      responses: {"200": {description: ok}}
`,
			want: []at{
				{"# collides", 5, "GET /accounts/{AccountID}/attachments/{FileName} collides with GET /accounts/{AccountID}/attachments/{AttachmentID}: the routes differ only in parameter names"},
				{"# sibling-name", 5, "path /accounts/{AccountID}/attachments/{FileName} names its parameter {FileName} where /accounts/{AccountID}/attachments/{AttachmentID} names it {AttachmentID}"},
				{"# collides-suffix", 5, "GET /reports/{b}.json collides with GET /reports/{a}.json"},
				{"# sibling-greedy", 5, "path /files/{q} names its parameter {q} where /files/{p+} names it {p}"},
			},
		},
		{
			name: "bad x-specgate-integration",
			src: header + `
  /a:
    get: # not-object
      x-specgate-integration: https://legacy.example.com/a
      responses: {"200": {description: ok}}
    post: # wrong-type
      x-specgate-integration: {type: lambda, uri: https://legacy.example.com/a}
      responses: {"200": {description: ok}}
    put: # relative-uri
      x-specgate-integration: {type: http_proxy, uri: /a}
      responses: {"200": {description: ok}}
    delete: # too-fast
      x-specgate-integration: {type: http_proxy, uri: https://legacy.example.com/a, timeoutMillis: 10}
      responses: {"200": {description: ok}}
    patch: # fractional
      x-specgate-integration: {type: http_proxy, uri: https://legacy.example.com/a, timeoutMillis: 1.5}
      responses: {"200": {description: ok}}
    options: # string-timeout
      x-specgate-integration: {type: http_proxy, uri: https://legacy.example.com/a, timeoutMillis: "fast"}
      responses: {"200": {description: ok}}
    head: # unknown-field
      x-specgate-integration: {type: http_proxy, url: https://legacy.example.com/a}
      responses: {"200": {description: ok}}
  /b:
    get: # ok-integration
      x-specgate-integration: {type: http_proxy, uri: "http://legacy.internal/b", timeoutMillis: 300000}
      responses: {"200": {description: ok}}
`,
			want: []at{
				{"# not-object", 5, "GET /a: x-specgate-integration must be an object"},
				{"# wrong-type", 5, `POST /a: x-specgate-integration.type must be http_proxy, not "lambda"`},
				{"# relative-uri", 5, `PUT /a: x-specgate-integration.uri must be an absolute http(s) URL, not "/a"`},
				{"# too-fast", 5, "DELETE /a: x-specgate-integration.timeoutMillis must be a whole number of milliseconds from 50 to 300000"},
				{"# fractional", 5, "PATCH /a: x-specgate-integration.timeoutMillis must be a whole number"},
				{"# string-timeout", 5, "OPTIONS /a: x-specgate-integration.timeoutMillis must be a whole number"},
				{"# unknown-field", 5, `HEAD /a: x-specgate-integration has unknown field "url"`},
				{"# unknown-field", 5, `HEAD /a: x-specgate-integration.uri must be an absolute http(s) URL, not ""`},
			},
		},
		{
			name: "deprecation dates that are not dates",
			src: header + `
  /a:
    get: # sunset-word
      deprecated: true
      x-sunset: soon
      responses: {"200": {description: ok}}
    post: # deprecated-at-number
      deprecated: true
      x-deprecated-at: 20270101
      responses: {"200": {description: ok}}
`,
			want: []at{
				{"# sunset-word", 5, "GET /a: x-sunset must be a date, not \"soon\""},
				{"# deprecated-at-number", 5, "POST /a: x-deprecated-at must be a date, not 20270101"},
			},
		},
		{
			name: "bad response status and parameter location",
			src: header + `
  /a:
    get:
      parameters:
        - name: x
          in: body # body-param
          schema: {type: string}
      responses:
        "999": # bad-status
          description: nope
        "200": {description: ok}
`,
			want: []at{
				{"- name: x", 11, `parameter "x": unknown location "body"`},
				{"# bad-status", 9, `GET /a: response status "999" is not a valid HTTP status`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeSpec(t, tt.src, nil)
			api, err := buildModel(path)
			if err == nil {
				t.Fatalf("ToModel accepted the spec (%d operations); want it refused", len(api.Operations))
			}
			requireProblems(t, path, tt.src, err, tt.want)
		})
	}
}

func TestToModelAccepts(t *testing.T) {
	src := header + `
  /files/{proxy+}:
    get:
      parameters: [{name: proxy, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /reports/{id}.json:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer, format: int64}}]
      responses: {"200": {description: ok}}
  /legacy/{id}:
    get:
      x-specgate-integration: {type: http_proxy, uri: "https://legacy.example.com/{id}"}
      responses: {"200": {description: ok}}
`
	api, err := buildModel(writeSpec(t, src, nil))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, op := range api.Operations {
		s := op.Method + " " + op.Path + " -> " + op.GoName + " " + op.FileName
		if op.Integration != nil {
			s += fmt.Sprintf(" (integration %s %s %dms)", op.Integration.Type, op.Integration.URI, op.Integration.TimeoutMillis)
		}
		got = append(got, s)
	}
	want := []string{
		"GET /files/{proxy+} -> GetFilesByProxy get_files_by_proxy",
		"GET /legacy/{id} -> GetLegacyByID get_legacy_by_id (integration http_proxy https://legacy.example.com/{id} 29000ms)",
		"GET /reports/{id}.json -> GetReportsByIDJSON get_reports_by_idjson",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("operations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(api.LambdaOperations()); n != 2 {
		t.Errorf("LambdaOperations: %d, want 2 (the integration is served by API Gateway)", n)
	}
}
