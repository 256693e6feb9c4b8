package gocode

import (
	"go/format"
	"strings"
	"testing"
)

// indentCases are unindented Go of the shapes the validation emitter
// writes, and of the shapes Indent leaves to go/format.
var indentCases = []string{
	"func f() {\nx := 1\nif x > 0 {\nx++\n} else if x < 0 {\nx--\n} else\n{\nx = 2\n}\n}",
	"func f(v int) int {\nswitch v {\ncase 1, 2:\nreturn 1\ndefault:\nreturn 0\n}\n}",
	"func f() {\n{\na := g(1,\n2)\n_ = a\n}\n\nh(func(x int) {\n_ = x\n})\n}",
	"func f() {\n\nx := 1\n\n\n_ = x\n\n}",
	"func f() {\n// about x\nx := 1\n_ = x\n// dangling\n}",
	"func f() {\nswitch {\n// about the case\ncase true:\n}\n}",
	"func f() {\nx := 1 // trailing\ny := 22 // comments\n_, _ = x, y\n}",
	"func f() any {\nreturn struct {\nA int `json:\"a\"`\nLonger string `json:\"b\"`\n}{}\n}",
	"func f() any {\nreturn map[string]int{\n\"a\": 1,\n\"long\": 2,\n}\n}",
	"func f() any {\nreturn T{\nA: 1,\nLonger: 2,\n}\n}",
	"func f() bool {\nreturn g(1) &&\ng(2)\n}",
	"var s = `raw\nacross lines`",
	"var (\na = 1\nlonger = 2\n)",
	"// Doc of f.\n//\n// - a list\n// - of items\nfunc f() {}",
	"// Doc of f, with a heading:\n//\n// Heading\n//\n// and text.\nfunc f() {}",
	"// A comment standing alone.\n\nfunc f() {}",
	"func f() {\ng([]int{1, 2}, map[string][]int{\"a\": {1}})\nh(k(l(\n1,\n)))\n}",
	"func f() {\nx := []string{\n\"a\",\n\"b\",\n}\n_ = x\n}",
	"func f() {\nfor i := range 3 {\n_ = i\ncontinue\n}\n}",
	"func f() {\nx := '{'\ny := \"}\\\"\"\n_, _ = x, y\n}",
	"func f() {\n  x := 1\n_ = x\n}",
	"func f() {\nx := 1 \n_ = x\n}",
	"func f() {\ns.Fail(\"a\", `{[(`)\n}",
	"func f(a,\nb int) {\n}",
	"type T struct {\nA int\nB string\n}",
	"func f() {\ngoto L\nL:\nreturn\n}",
}

// TestIndentAsGofmt holds Indent to go/format on each case, alone and all
// in one file.
func TestIndentAsGofmt(t *testing.T) {
	check := func(body string) {
		t.Helper()
		src := "// Code generated. DO NOT EDIT.\n\npackage p\n\nimport (\n\"b\"\n\"a\"\n)\n\n" + body + "\n"
		want, err := format.Source([]byte(src))
		if err != nil {
			t.Fatalf("case does not parse: %v\n%s", err, src)
		}
		got, err := Indent("test", []byte(src))
		if err != nil {
			t.Fatalf("Indent: %v\n%s", err, src)
		}
		if string(got) != string(want) {
			t.Errorf("Indent of\n%s\ngives\n%s\ngo/format:\n%s", src, got, want)
		}
	}
	for _, c := range indentCases {
		check(c)
	}
	check(strings.Join(indentCases, "\n\n"))
}

// TestIndentRefusesBrokenGo checks that Go that does not parse is an error
// naming the emitter, not output.
func TestIndentRefusesBrokenGo(t *testing.T) {
	for _, src := range []string{"package p\n\nfunc f() {\nx :=\n}\n", "package p\n\nfunc f() {\n", "package p\n\nfunc f( {\n}\n"} {
		if out, err := Indent("the test emitter", []byte(src)); err == nil || !strings.Contains(err.Error(), "the test emitter") {
			t.Errorf("Indent(%q) = %q, %v; want an error naming the emitter", src, out, err)
		}
	}
}
