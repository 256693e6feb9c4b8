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
