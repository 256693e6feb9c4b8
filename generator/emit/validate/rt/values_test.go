package rt

import (
	"encoding/json"
	"testing"
)

// TestCanonKeepsWhatHandlerGets: the canonical form enum, const,
// uniqueItems and not compare is the form of the value encoding/json (and
// decodeAny) hand the service, also when an object repeats a key.
func TestCanonKeepsWhatHandlerGets(t *testing.T) {
	for _, raw := range []string{
		`{"role":"user","role":"admin"}`,
		`{"role":"admin","role":"user"}`,
		`{"b":1,"a":2,"b":3,"a":4,"b":5}`,
		`{"x":{"k":1,"k":2},"x":{"k":3,"k":[1,{"z":0,"z":1}]}}`,
		`[{"a":1,"a":2},{"a":2}]`,
	} {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatal(err)
		}
		seen, _ := json.Marshal(v)
		if got, want := CanonOf([]byte(raw)), CanonOf(seen); got != want {
			t.Errorf("canonOf(%s) = %s, but the handler gets %s (canon %s)", raw, got, seen, want)
		}
		d := decodeAnyOf(t, raw)
		if got, _ := json.Marshal(d); string(got) != string(seen) {
			t.Errorf("decodeAny(%s) = %s, encoding/json %s", raw, got, seen)
		}
	}
	if UniqueItems([]byte(`[{"a":1,"a":2},{"a":2}]`)) {
		t.Error(`uniqueItems([{"a":1,"a":2},{"a":2}]) = true: both items are {"a":2} to the handler`)
	}
	if !UniqueItems([]byte(`[{"a":2,"a":1},{"a":2}]`)) {
		t.Error(`uniqueItems([{"a":2,"a":1},{"a":2}]) = false: the items are {"a":1} and {"a":2}`)
	}
}

func decodeAnyOf(t *testing.T, raw string) any {
	t.Helper()
	return AnyOf([]byte(raw))
}

// TestLeadingTag: the discriminator is read without a pass only when it is
// the first property, plainly written; then it is the value DiscriminatorOf
// finds in the first place; anything else is left to DiscriminatorOf.
func TestLeadingTag(t *testing.T) {
	for _, c := range []struct {
		raw, tag string
		ok       bool
	}{
		{`{"type":"card","token":"x"}`, "card", true},
		{"{ \n\t\"type\" \r: \"card\" }", "card", true},
		{`{"type":""}`, "", true},
		{`{"type":"caf\u00e9"}`, "", false},
		{`{"type":"a\"b"}`, "", false},
		{`{"\u0074ype":"card"}`, "", false},
		{`{"token":"x","type":"card"}`, "", false},
		{`{"typex":"card"}`, "", false},
		{`{"typ":"card"}`, "", false},
		{`{"type":1}`, "", false},
		{`{"type":null}`, "", false},
		{`{"type"`, "", false},
		{`{"type":"card`, "", false},
		{`{}`, "", false},
		{`{`, "", false},
	} {
		tag, ok := LeadingTag([]byte(c.raw), "type")
		if tag != c.tag || ok != c.ok {
			t.Errorf("LeadingTag(%s) = %q, %v; want %q, %v", c.raw, tag, ok, c.tag, c.ok)
		}
		if !ok {
			continue
		}
		if v, found, isString, _ := DiscriminatorOf([]byte(c.raw), "type"); !found || !isString || v != tag {
			t.Errorf("LeadingTag(%s) = %q, DiscriminatorOf %q", c.raw, tag, v)
		}
	}
}
