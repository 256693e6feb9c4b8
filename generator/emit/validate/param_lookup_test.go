package validate

import "testing"

// TestUsesIdent checks that a parameter's lookup declares text and vals
// only for code that uses them: a mention in a string or comment (a
// parameter named "text", say) is no use.
func TestUsesIdent(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"apirt.DecodeInto(s, s.ParamScalar(text, apirt.AsString), validateX, &req.X)\n", true},
		{"pairs, found := deepObject(r.Query(), \"text\")\n", false},
		{"// text is not read here\nx := texts\n", false},
		{"items := vals\n", false}, // asked for text, not vals
	} {
		if got := usesIdent([]byte(c.src), "text"); got != c.want {
			t.Errorf("usesIdent(%q, text) = %v, want %v", c.src, got, c.want)
		}
	}
	if !usesIdent([]byte("if len(vals) > 1 {\n}\n"), "vals") {
		t.Error("usesIdent misses vals in len(vals)")
	}
}
