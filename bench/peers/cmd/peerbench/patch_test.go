package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestTypeUntypedResponses(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.json")
	src := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"delete":{"responses":{
		"204":{"description":"","content":{"application/json":{"schema":{"nullable":true}}}},
		"200":{"description":"","content":{"application/json":{"schema":{"type":"string"}}}}}}}}}`
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, changed, _, err := typeUntypedResponses(spec, filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"DELETE /a 204"}) || out == spec {
		t.Fatalf("changed %v, out %s", changed, out)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct{ Schema map[string]any }
			}
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	rs := doc.Paths["/a"]["delete"].Responses
	if got := rs["204"].Content["application/json"].Schema; got["type"] != "object" || got["nullable"] != true {
		t.Errorf("204 schema = %v, want nullable object", got)
	}
	if got := rs["200"].Content["application/json"].Schema; got["type"] != "string" {
		t.Errorf("200 schema = %v, want it unchanged", got)
	}
	// A spec that needs nothing is used as it is.
	if out2, changed, renamed, err := typeUntypedResponses(out, filepath.Join(dir, "again")); err != nil || out2 != out || changed != nil || renamed != nil {
		t.Errorf("second pass: %s %v %v", out2, changed, err)
	}
}

// TestSamePathParamNames: a level's parameter is named alike in every path
// (the first in sorted order wins), in the path and its parameters.
func TestSamePathParamNames(t *testing.T) {
	var doc map[string]any
	src := `{"paths":{
		"/a/{a_id}":{"get":{}},
		"/a/{id}/b":{"parameters":[{"name":"id","in":"path"},{"name":"id","in":"query"}],"post":{"parameters":[{"name":"id","in":"path"}]}},
		"/c/{x}/d/{y}":{},"/c/{x}/e/{z}":{}}}`
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	got := samePathParamNames(doc)
	if !slices.Equal(got, []string{"/a/{id}/b -> /a/{a_id}/b"}) {
		t.Fatalf("renamed %v", got)
	}
	out, _ := json.Marshal(doc)
	want := `{"paths":{"/a/{a_id}":{"get":{}},"/a/{a_id}/b":{"parameters":[{"in":"path","name":"a_id"},{"in":"query","name":"id"}],"post":{"parameters":[{"in":"path","name":"a_id"}]}},"/c/{x}/d/{y}":{},"/c/{x}/e/{z}":{}}}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}
