package spec

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

const refSpec = header + `
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: 'REF'
`

// TestLoadRefusesRemoteRefs refuses $refs to URLs, in the spec and in a
// file it refers to, and proves no request is made: the URL points at a
// loopback server that counts what it receives.
func TestLoadRefusesRemoteRefs(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("Foo: {type: string}\n"))
	}))
	defer srv.Close()

	tests := []struct {
		name   string
		spec   string
		others map[string]string
		url    string
	}{
		{name: "https in the spec", spec: strings.Replace(refSpec, "REF", "https://example.com/x.yaml#/Foo", 1), url: "https://example.com/x.yaml"},
		{name: "http to a live server", spec: strings.Replace(refSpec, "REF", srv.URL+"/x.yaml#/Foo", 1), url: srv.URL + "/x.yaml"},
		{
			name:   "in a relative file",
			spec:   strings.Replace(refSpec, "REF", "schemas/foo.yaml#/Foo", 1),
			others: map[string]string{"schemas/foo.yaml": "Foo:\n  $ref: '" + srv.URL + "/y.yaml#/Bar'\n"},
			url:    srv.URL + "/y.yaml",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeSpec(t, tt.spec, tt.others)
			_, err := Load(context.Background(), path)
			var specErr *Error
			if !errors.As(err, &specErr) {
				t.Fatalf("got %T %v, want a *spec.Error", err, err)
			}
			msg := specErr.Error()
			for _, want := range []string{path + ": ", `remote $ref "` + tt.url + `" refused`, "never reads the network", "download the file next to the spec"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not contain %q", msg, want)
				}
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server received %d requests; generation must never touch the network", n)
	}
}

func TestLoadExternalRefs(t *testing.T) {
	spec := strings.Replace(refSpec, "REF", "schemas/foo.yaml#/Foo", 1)
	path := writeSpec(t, spec, map[string]string{
		"schemas/foo.yaml": "Foo:\n  type: object\n  properties:\n    bar: {$ref: '#/Bar'}\n    child: {$ref: '#/Foo'}\nBar: {type: string}\n",
	})
	api, err := buildModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(api.Operations) != 1 || len(api.Operations[0].Responses) != 1 || api.Operations[0].Responses[0].Type == nil {
		t.Fatalf("the response body type from the external file is missing: %+v", api.Operations)
	}
	if got := api.Operations[0].Responses[0].Type.GoName; !strings.Contains(got, "Foo") {
		t.Errorf("response type %q, want a name made from Foo", got)
	}

	t.Run("missing file", func(t *testing.T) {
		path := writeSpec(t, strings.Replace(refSpec, "REF", "schemas/nope.yaml#/Foo", 1), nil)
		_, err := Load(context.Background(), path)
		var specErr *Error
		if !errors.As(err, &specErr) {
			t.Fatalf("got %T %v, want a *spec.Error", err, err)
		}
		msg := specErr.Error()
		for _, want := range []string{path + ":13:23: ", "nope.yaml", "relative to the file that holds them"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q does not contain %q", msg, want)
			}
		}
	})
}

func TestLoadRefuses(t *testing.T) {
	tests := []struct {
		name, file, src string
		pos             string // the position the problem names, after the file name; ending in ":", its start
		msgs            []string
	}{
		{
			name: "swagger 2 JSON with a list of items",
			file: "openapi.yaml",
			src: `{
  "swagger": "2.0",
  "info": {"title": "t", "version": "1"},
  "paths": {},
  "definitions": {
    "A": {
      "type": "array",
      "items": [{"type": "string"}, {"type": "integer"}]
    }
  }
}`,
			pos:  ":8:7",
			msgs: []string{"cannot read Swagger 2.0 document", "convert the spec to OpenAPI 3"},
		},
		{
			name: "swagger 2 YAML with a list of items",
			file: "openapi.yaml",
			src: `swagger: "2.0"
info: {title: t, version: "1"}
paths: {}
definitions:
  A:
    type: array
    items: [{type: string}, {type: integer}]
`,
			// The line is right; the column should be 5 (where items starts).
			pos:  ":7:",
			msgs: []string{"cannot read Swagger 2.0 document"},
		},
		{
			name: "not an OpenAPI document",
			file: "openapi.yaml",
			src:  "title: hello\npaths: {}\n",
			msgs: []string{"not an OpenAPI document", `openapi: 3.0.3`},
		},
		{
			name: "a field of the wrong type",
			file: "openapi.yaml",
			src:  "openapi: 3.0.3\ninfo:\n  title: [a, b]\n  version: \"1\"\npaths: {}\n",
			pos:  ":3:10",
			msgs: []string{"/info/title: a list where OpenAPI expects a string", "give it the type OpenAPI defines for /info/title"},
		},
		{
			name: "not YAML",
			file: "openapi.yaml",
			src:  "openapi: 3.0.3\ninfo: [unclosed\n",
			pos:  ":3:1",
			msgs: []string{"not valid YAML or JSON", "while parsing a flow sequence at line 2, column 7", "fix the YAML (or JSON) syntax"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeSpec(t, tt.src, nil)
			_, err := Load(context.Background(), path)
			var specErr *Error
			if !errors.As(err, &specErr) {
				t.Fatalf("got %T %v, want a *spec.Error", err, err)
			}
			got := specErr.Problems[0].Pos.String()
			if ok := got == path+tt.pos || (strings.HasSuffix(tt.pos, ":") && strings.HasPrefix(got, path+tt.pos)); !ok {
				t.Errorf("problem at %q, want %q", got, path+tt.pos)
			}
			msg := specErr.Error()
			for _, want := range tt.msgs {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not contain %q", msg, want)
				}
			}
		})
	}
}

// TestLoadSwagger2 converts a Swagger 2.0 spec: body and path parameters,
// security and definitions reach the model.
func TestLoadSwagger2(t *testing.T) {
	src := `{
  "swagger": "2.0",
  "info": {"title": "Inventory", "version": "1"},
  "consumes": ["application/json"],
  "produces": ["application/json"],
  "securityDefinitions": {"oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a.example.com/t", "scopes": {"inv:read": "read"}}},
  "security": [{"oauth": ["inv:read"]}],
  "paths": {
    "/items/{sku}": {
      "put": {
        "operationId": "putItem",
        "parameters": [
          {"name": "sku", "in": "path", "required": true, "type": "string"},
          {"name": "item", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Item"}}
        ],
        "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Item"}}}
      }
    },
    "/ping": {"get": {"security": [], "responses": {"200": {"description": "pong"}}}}
  },
  "definitions": {"Item": {"type": "object", "properties": {"qty": {"type": "integer"}}}}
}`
	path := writeSpec(t, src, nil)
	doc, err := Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if !doc.Swagger2 {
		t.Error("Swagger2 is false for a swagger: 2.0 document")
	}
	api, _, err := ToModel(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(api.Operations) != 2 {
		t.Fatalf("%d operations, want 2", len(api.Operations))
	}
	put := api.Operations[0]
	if put.GoName != "PutItem" || put.Body == nil || put.Body.Type == nil || put.Body.Type.SpecName != "Item" {
		t.Errorf("PUT /items/{sku}: GoName %q, body %+v; want PutItem with an Item body", put.GoName, put.Body)
	}
	if len(put.Security) != 1 || put.Security[0].Schemes[0].Scheme != "oauth" || put.Public {
		t.Errorf("PUT /items/{sku}: security %+v public %v; want the root oauth requirement", put.Security, put.Public)
	}
	if ping := api.Operations[1]; !ping.Public {
		t.Errorf("GET /ping with security: [] is not public")
	}
}
