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
	out, changed, err := typeUntypedResponses(spec, filepath.Join(dir, "out"))
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
	if out2, changed, err := typeUntypedResponses(out, filepath.Join(dir, "again")); err != nil || out2 != out || changed != nil {
		t.Errorf("second pass: %s %v %v", out2, changed, err)
	}
}
