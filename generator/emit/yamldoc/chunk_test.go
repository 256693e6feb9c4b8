package yamldoc

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEncodeChunkedSameBytes holds the chunked encoding to the bytes one
// encoder writes, on documents made to be awkward (keys and scalars that
// need quotes, long scalars at deep indentation, block scalars with kept
// trailing newlines, flow values, empty mappings) and on random ones,
// with chunks down to a single node.
func TestEncodeChunkedSameBytes(t *testing.T) {
	defer func(w int) { chunkWeight = w }(chunkWeight)
	docs := []any{awkward()}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		docs = append(docs, randomMap(r, 5))
	}
	chunked := 0
	for i, doc := range docs {
		var whole bytes.Buffer
		if err := encodeWhole(&whole, doc); err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
		for _, w := range []int{1, 2, 3, 7, 20, 4096} {
			chunkWeight = w
			var got bytes.Buffer
			ok, err := encodeChunked(&got, doc)
			if err != nil {
				t.Fatalf("doc %d, weight %d: %v", i, w, err)
			}
			if !ok {
				if got.Len() != 0 {
					t.Fatalf("doc %d, weight %d: refused, but wrote %q", i, w, got.String())
				}
				continue
			}
			chunked++
			if got.String() != whole.String() {
				t.Fatalf("doc %d, weight %d: chunked encoding differs\n--- whole\n%s\n--- chunked\n%s", i, w, whole.String(), got.String())
			}
		}
	}
	// The awkward document at weight 1 and most random ones must really
	// have been chunked, or the test proves nothing.
	if chunked < len(docs) {
		t.Fatalf("only %d of %d encodings were chunked", chunked, len(docs)*6)
	}
	chunkWeight = 1
	var b bytes.Buffer
	if ok, err := encodeChunked(&b, awkward()); !ok || err != nil {
		t.Fatalf("the awkward document was not chunked (%v, %v)", ok, err)
	}
}

// TestEncodeChunkedErrorsNamePath: a value that cannot be written is
// reported under the keys leading to it, as when encoded whole.
func TestEncodeChunkedErrorsNamePath(t *testing.T) {
	defer func(w int) { chunkWeight = w }(chunkWeight)
	chunkWeight = 1
	doc := NewMap("a", NewMap("b", NewMap("c", struct{}{}, "d", 1)), "e", 2)
	_, err := Encode(nil, doc)
	if err == nil || !strings.HasPrefix(err.Error(), "a: b: c: cannot write a struct {}") {
		t.Fatalf("error %v, want it to name a: b: c", err)
	}
}

func awkward() *Map {
	long := strings.Repeat("a long description past eighty columns, where a folding emitter folds ", 4)
	deep := NewMap(
		"plain", "text",
		"long", long,
		"kept", "two lines\nkept\n\n\n",
		"literal", "first\n  indented\nlast",
		"quoted", "'static'",
		"yes", "yes",
		"colon", "a: b",
		"hash", "#not a comment",
		"empty", &Map{},
		"nilmap", (*Map)(nil),
		"list", []any{"x", NewMap("k", long, "n", 3), []any{}, nil},
		"flow", Flow{Value: NewMap("a", 1, "b", []any{"x", "y"})},
		"num", 1.5,
		"int", 3,
		"bool", true,
		"null", nil,
	)
	return NewMap(
		"first", "value",
		".well-known", NewMap("x", deep),
		"a: b", NewMap("y", deep),
		strings.Repeat("k", 70), NewMap("z", deep),
		strings.Repeat("q", 140), NewMap("z", deep),
		"-dash", NewMap("w", deep),
		"'q'", map[string]any{"m": map[string]any{"deep": deep, "other": "v"}, "b": 2},
		"unicode ü", NewMap("v", deep),
		"last", "kept end\n\n",
	)
}

func randomMap(r *rand.Rand, depth int) any {
	n := r.IntN(6)
	if r.IntN(4) == 0 {
		m := map[string]any{}
		for range n {
			m[randomKey(r)] = randomValue(r, depth-1)
		}
		return m
	}
	m := &Map{}
	for range n {
		m.Set(randomKey(r), randomValue(r, depth-1))
	}
	return m
}

var keyParts = []string{"a", "path", "/v3/x/{id}", "get", "'q'", "a: b", "-", "?", "#", "yes", "1", "", "ü", strings.Repeat("k", 80),
	"application/json", "x-amazon-apigateway-integration", "Fn::Sub", "Null", "{id}", "a b", "200", "$ref"}

func randomKey(r *rand.Rand) string {
	return keyParts[r.IntN(len(keyParts))] + fmt.Sprint(r.IntN(3))
}

var scalars = []any{"x", "yes", "a: b", "'static'", "line\nbreak\n", "kept\n\n", " lead", "trail ", "", 0, 1.25, true, nil,
	strings.Repeat("words and more words ", 8), "/v3/{id}", "#/components/schemas/X", "NULL", "True", "a  b", "x.y-z_1", "1.5",
	"{x}", "a{b}", "arn:aws:execute-api", "${AWS::Region}", "ü", "tab\there", int64(7), -3, 1e20, false, "Off", "~", "0x1F", "1e5"}

func randomValue(r *rand.Rand, depth int) any {
	if depth <= 0 {
		return scalars[r.IntN(len(scalars))]
	}
	switch r.IntN(5) {
	case 0, 1:
		return randomMap(r, depth)
	case 2:
		items := make([]any, r.IntN(4))
		for i := range items {
			items[i] = randomValue(r, depth-1)
		}
		return items
	case 3:
		if r.IntN(2) == 0 {
			return Flow{Value: randomMap(r, 2)}
		}
		items := make([]any, r.IntN(4))
		for i := range items {
			items[i] = scalars[r.IntN(len(scalars))]
		}
		if r.IntN(3) == 0 {
			strs := make([]string, len(items))
			for i := range strs {
				strs[i] = fmt.Sprint(items[i])
			}
			return strs
		}
		return items
	}
	return scalars[r.IntN(len(scalars))]
}

// TestPlainSafe holds plainSafe to yaml.v3: a string it accepts is
// written as it is, as a value and as a key, on many strings built from
// the characters that matter to YAML.
func TestPlainSafe(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "aAyYnNtTfFoOlLeEsSuUx0159 _./-{}:#'\",[]?!&*|>%@`~+=\t"
	words := []string{"true", "False", "NULL", "yes", "No", "on", "OFF", "y", "N", "~", "null", "Yes", "tRuE", "/v3/{id}", "application/json", "get", "a b c", ".inf", "-1", "1e3", "0o7", "0x1F", "2001-12-14", "<<"}
	accepted := 0
	for i := range 30000 {
		var s string
		if i < len(words) {
			s = words[i]
		} else {
			n := 1 + r.IntN(7)
			var b strings.Builder
			for range n {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
			}
			s = b.String()
		}
		if !plainSafe(s) {
			continue
		}
		accepted++
		var v, k bytes.Buffer
		if err := encodeWhole(&v, NewMap("k", s)); err != nil {
			t.Fatal(err)
		}
		if err := encodeWhole(&k, NewMap(s, "x")); err != nil {
			t.Fatal(err)
		}
		if v.String() != "k: "+s+"\n" || k.String() != s+": x\n" {
			t.Fatalf("plainSafe(%q), but yaml.v3 writes %q and %q", s, v.String(), k.String())
		}
	}
	if accepted < 1000 {
		t.Fatalf("only %d strings accepted: the test checks little", accepted)
	}
}
