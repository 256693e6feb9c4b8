package spec

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestJSONDocStartSameDocument: a JSON spec read with the document start
// marker (jsonDocStart) gives the same document as read without it, every
// position included, warnings and intrinsics too.
func TestJSONDocStartSameDocument(t *testing.T) {
	files := []string{
		filepath.Join("..", "..", "..", "shared", "specs", "awsdocs-http-api-petstore.json"),
		filepath.Join("..", "..", "..", "shared", "specs", "awsdocs-kinesis-proxy.json"),
		filepath.Join("..", "..", "..", "shared", "specs", "awssamples-powertools-orders-cognito.json"),
		filepath.Join("..", "..", "..", "shared", "specs", "kinopenapi-sendgrid-v3.json"),
		filepath.Join("..", "..", "testdata", "inputs", "sam-long.json"),
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, line := jsonDocStart(data); line == 0 {
				t.Fatalf("%s gets no document start marker: the test compares nothing", f)
			}
			load := func(on bool) *Document {
				defer func(v bool) { jsonDocStarts = v }(jsonDocStarts)
				jsonDocStarts = on
				doc, err := Load(context.Background(), f)
				if err != nil {
					t.Fatal(err)
				}
				return doc
			}
			with, without := load(true), load(false)
			if with.T.Origin == nil || with.T.Origin.Key == nil {
				t.Fatal("no position for the document's root: positions were not read")
			}
			var diffs []string
			exportedDiff(reflect.ValueOf(with), reflect.ValueOf(without), "doc", map[[2]uintptr]bool{}, &diffs)
			if len(diffs) > 0 {
				t.Fatalf("documents differ:\n%s", strings.Join(diffs, "\n"))
			}
		})
	}
}

// TestJSONDocStartFailures: a JSON spec YAML refuses (duplicate keys) still
// loads, through encoding/json, and one that cannot load is refused with
// the same words and position as without the marker.
func TestJSONDocStartFailures(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"dup.json":       "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\", \"title\": \"u\"},\n  \"paths\": {}\n}\n",
		"badtype.json":   "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": []\n}\n",
		"syntax.json":    "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\" \"version\": \"1\"},\n  \"paths\": {}\n}\n",
		"truncated.json": "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\",\n",
	} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		load := func(on bool) (*Document, string) {
			defer func(v bool) { jsonDocStarts = v }(jsonDocStarts)
			jsonDocStarts = on
			doc, err := Load(context.Background(), f)
			if err != nil {
				return nil, err.Error()
			}
			return doc, ""
		}
		with, withErr := load(true)
		without, withoutErr := load(false)
		if withErr != withoutErr {
			t.Errorf("%s: error %q with the marker, %q without", name, withErr, withoutErr)
			continue
		}
		if name == "dup.json" && (with == nil || with.T.Info.Title != without.T.Info.Title) {
			t.Errorf("%s: does not load as without the marker (%q)", name, withErr)
		}
		if name != "dup.json" && withErr == "" {
			t.Errorf("%s: loads", name)
		}
	}
}

func TestJSONDocStartOnlyWhereNothingMoves(t *testing.T) {
	for _, c := range []struct {
		in   string
		line int
	}{
		{"{\n  \"openapi\": \"3.0.3\"\n}\n", 1},
		{"\n\n{  \r\n\"a\": 1}", 3},
		{"{\"openapi\": \"3.0.3\"}", 0}, // minified: the whole document would move
		{"  {\n\"a\": 1}", 0},           // indented "{": "--- " there is no marker
		{"openapi: 3.0.3\n", 0},         // YAML
		{"{\n\"a\": \"\u0085\"}", 0},    // kin-openapi reads it as JSON
		{"\ufeff{\n\"a\": 1}", 0},       // a byte order mark first
		{"", 0},
	} {
		out, line := jsonDocStart([]byte(c.in))
		if line != c.line {
			t.Errorf("%q: line %d, want %d", c.in, line, c.line)
		}
		want := c.in
		if c.line > 0 {
			i := len(c.in) - len(c.in[indexOfBrace(c.in):])
			want = c.in[:i] + docStartMarker + c.in[i:]
		}
		if string(out) != want {
			t.Errorf("%q: got %q, want %q", c.in, out, want)
		}
	}
}

func indexOfBrace(s string) int {
	for i, r := range s {
		if r == '{' {
			return i
		}
	}
	return -1
}

// exportedDiff lists where a and b differ in what their exported fields
// reach (kin-openapi's T also holds a loader's bookkeeping, keyed by
// pointers, in unexported fields), positions included.
func exportedDiff(a, b reflect.Value, path string, seen map[[2]uintptr]bool, out *[]string) {
	if len(*out) >= 10 {
		return
	}
	if a.Kind() != b.Kind() || a.Type() != b.Type() {
		*out = append(*out, path+": different kinds")
		return
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				*out = append(*out, path+": nil on one side")
			}
			return
		}
		if a.Kind() == reflect.Pointer {
			k := [2]uintptr{a.Pointer(), b.Pointer()}
			if seen[k] {
				return
			}
			seen[k] = true
		}
		exportedDiff(a.Elem(), b.Elem(), path, seen, out)
	case reflect.Struct:
		for i := range a.NumField() {
			if f := a.Type().Field(i); f.IsExported() {
				exportedDiff(a.Field(i), b.Field(i), path+"."+f.Name, seen, out)
			}
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: %d items against %d", path, a.Len(), b.Len()))
			return
		}
		for i := range a.Len() {
			exportedDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, out)
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: %d keys against %d", path, a.Len(), b.Len()))
			return
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				*out = append(*out, fmt.Sprintf("%s[%v]: missing on one side", path, k))
				continue
			}
			exportedDiff(a.MapIndex(k), bv, fmt.Sprintf("%s[%v]", path, k), seen, out)
		}
	case reflect.Func, reflect.Chan:
		if !a.IsNil() || !b.IsNil() {
			*out = append(*out, path+": a function or channel")
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: %v against %v", path, a.Interface(), b.Interface()))
		}
	}
}

// TestMarkJSONSameDocument: one-line JSON, as the types emitter hands
// kin-openapi, reads the same with the marker.
func TestMarkJSONSameDocument(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "specs", "kinopenapi-sendgrid-v3.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(src, &v); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	marked := MarkJSON(data)
	if string(marked) != docStartMarker+string(data) {
		t.Fatal("no marker")
	}
	with, err := openapi3.NewLoader().LoadFromData(marked)
	if err != nil {
		t.Fatal(err)
	}
	without, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	var diffs []string
	exportedDiff(reflect.ValueOf(with), reflect.ValueOf(without), "T", map[[2]uintptr]bool{}, &diffs)
	if len(diffs) > 0 {
		t.Fatalf("documents differ:\n%s", strings.Join(diffs, "\n"))
	}
	for _, s := range []string{`{"a":"` + "\u0085" + `"}`, `["x"]`, ``} {
		if got := string(MarkJSON([]byte(s))); got != s {
			t.Errorf("MarkJSON(%q) = %q, want it unchanged", s, got)
		}
	}
}
