package rt

import "testing"

// TestParamNumbersStrict: a parameter's text becomes a number only in
// JSON's syntax, and an integer only as plain digits; anything else stays
// a string (and fails the type check), so a backend that gets the text
// reads the value validation checked.
func TestParamNumbersStrict(t *testing.T) {
	for _, c := range []struct {
		text string
		kind ParamKind
		want string
	}{
		{"5", AsInteger, `5`},
		{"-12", AsInteger, `-12`},
		{"0", AsInteger, `0`},
		{"+5", AsInteger, `"+5"`},
		{"05", AsInteger, `"05"`},
		{"5.0", AsInteger, `"5.0"`},
		{"1e1", AsInteger, `"1e1"`},
		{"-", AsInteger, `"-"`},
		{"", AsInteger, `""`},
		{"5.25", AsNumber, `5.25`},
		{"-1e3", AsNumber, `-1e3`},
		{"+5", AsNumber, `"+5"`},
		{".5", AsNumber, `".5"`},
		{"5.", AsNumber, `"5."`},
		{"05", AsNumber, `"05"`},
		{"1e999", AsNumber, `"1e999"`},
		{"7", asAuto, `7`},
		{"+7", asAuto, `"+7"`},
		{"true", asAuto, `true`},
	} {
		if got := string(appendParam(nil, c.text, c.kind)); got != c.want {
			t.Errorf("appendParam(%q, %d) = %s, want %s", c.text, c.kind, got, c.want)
		}
	}
}
