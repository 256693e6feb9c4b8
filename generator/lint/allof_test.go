package lint

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestClosedAllOf: allof-closed warns, at the allOf key, where a closed
// member forbids what another member requires (no value valid) or declares
// (never sent), naming the schemas with their positions; the bundled
// example (fixed) has none, the shared copy (Product) has one.
func TestClosedAllOf(t *testing.T) {
	fs, err := File("testdata/allof.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		if f.Rule == "allof-closed" {
			if f.Severity != Warning || f.Hint == "" {
				t.Errorf("%+v: want a warning with a hint", f)
			}
			got = append(got, f.Pos()+" "+f.Message)
		}
	}
	want := []string{
		`testdata/allof.yaml:12:15 Closed (allof.yaml:25:5) says additionalProperties: false, so it forbids every property it does not declare itself (its allOf siblings' too): "note", declared by the schema at allof.yaml:14:19, can never be sent`,
		`testdata/allof.yaml:32:7 Closed (allof.yaml:25:5) says additionalProperties: false, so it forbids every property it does not declare itself (its allOf siblings' too): "id", required by the schema at allof.yaml:34:11, can never be present, so no value is valid`,
		`testdata/allof.yaml:39:7 Closed (allof.yaml:25:5) says additionalProperties: false, so it forbids every property it does not declare itself (its allOf siblings' too): "extra", declared by the schema at allof.yaml:41:11, can never be sent`,
		`testdata/allof.yaml:46:7 SelfClosed (allof.yaml:44:5) says additionalProperties: false, so it forbids every property it does not declare itself (its allOf siblings' too): "missing", required by itself, can never be present, so no value is valid`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("allof-closed findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	count := func(path string) int {
		fs, err := File(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range fs {
			if f.Rule == "allof-closed" {
				n++
			}
		}
		return n
	}
	if n := count(filepath.Join("..", "..", "testdata", "print-shop.yaml")); n != 0 {
		t.Errorf("the bundled print-shop.yaml has %d allof-closed findings, want 0", n)
	}
	if n := count(filepath.Join("..", "..", "..", "shared", "examples", "print-shop.yaml")); n != 1 {
		t.Errorf("../shared/examples/print-shop.yaml has %d allof-closed findings, want 1 (Product)", n)
	}
}
