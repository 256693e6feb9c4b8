package types

import (
	"encoding/json"
	"testing"
)

func TestDedupeFieldNames(t *testing.T) {
	var schema map[string]any
	src := `{"type":"object","additionalProperties":true,"properties":{
		"a b":{"type":"string"},"a-b":{"type":"string"},"A_B":{"type":"string"},"a.b":{"$ref":"#/components/schemas/X"},
		"get":{"type":"string"},"pinned":{"type":"string","x-go-name":"AB2"},"` + "`" + `":{"type":"string"},"{{":{"type":"string"},
		"nested":{"type":"object","properties":{"x-y":{"type":"string"},"x_y":{"type":"string"}}},
		"example":{"type":"object","example":{"properties":{"a":1,"A":2}}}}}`
	if err := json.Unmarshal([]byte(src), &schema); err != nil {
		t.Fatal(err)
	}
	dedupeFieldNames(schema)
	props := schema["properties"].(map[string]any)
	goName := func(m map[string]any, prop string) string {
		s, _ := m[prop].(map[string]any)["x-go-name"].(string)
		return s
	}
	want := map[string]string{
		"A_B":    "",    // first in name order keeps oapi-codegen's AB
		"a b":    "AB3", // AB2 is pinned by the author
		"a-b":    "AB4",
		"a.b":    "AB5",  // a $ref property carries the name as a sibling extension
		"get":    "Get2", // Get is a method of a struct with additionalProperties
		"pinned": "AB2",
		"`":      "Property",
		"{{":     "Property2",
	}
	for prop, w := range want {
		if got := goName(props, prop); got != w {
			t.Errorf("property %q: x-go-name %q, want %q", prop, got, w)
		}
	}
	nested := props["nested"].(map[string]any)["properties"].(map[string]any)
	if goName(nested, "x-y") != "" || goName(nested, "x_y") != "XY2" {
		t.Errorf("nested object not deduplicated: %v", nested)
	}
	ex := props["example"].(map[string]any)["example"].(map[string]any)["properties"].(map[string]any)
	if _, touched := ex["a"].(map[string]any); touched || ex["a"] != float64(1) {
		t.Errorf("an example value was rewritten: %v", ex)
	}
}

func TestNameEnumValues(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal([]byte(`{"type":"string","enum":["a b","a-b","1","{{","\"","a b","ok"]}`), &schema); err != nil {
		t.Fatal(err)
	}
	dedupeFieldNames(schema)
	got, _ := json.Marshal(schema["x-enum-varnames"])
	if want := `["AB","AB2","N1","Empty","Value","AB","Ok"]`; string(got) != want {
		t.Errorf("x-enum-varnames %s, want %s", got, want)
	}
	var plain map[string]any
	if err := json.Unmarshal([]byte(`{"type":"string","enum":["pending","done"]}`), &plain); err != nil {
		t.Fatal(err)
	}
	dedupeFieldNames(plain)
	if _, set := plain["x-enum-varnames"]; set {
		t.Errorf("an enum without clashes was given names: %v", plain)
	}
}
