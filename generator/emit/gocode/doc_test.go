package gocode

import (
	"go/format"
	"math/rand"
	"strings"
	"testing"
)

// commentTexts are texts a spec's descriptions hold: markdown headings,
// lists, indented code, HTML, directives, carriage returns and trailing
// white space of every kind.
var commentTexts = []string{
	"",
	"one line",
	"Retrieve all recent access attempts\n\n**This endpoint** does things.",
	"Search recipients\n\n  Search using segment conditions.\n  Body contains a JSON object.\n\nValid operators:\n  <li>Dates:\n    <ul>\n  </li>",
	"1. Add a `Content-Encoding` header.\n   a. `gzip`\n2. Send the gzip.\n",
	"# Heading\n\n- item one\n- item two\n\n* star\n+ plus\n\nhttps://example.com/x\n\n[link]: https://example.com",
	"go:generate rm -rf /\nline 12\nexport FOO\nextern x\nnormal: text",
	"ends in spaces   \nand tabs\t\t\nand nbsp\u00a0\nand a line separator\u2028\n\ttab first\n    four spaces",
	"carriage\r\nreturns\ralone\r\n\r\n",
	"//go:build ignore\n// +build ignore\n/* block */ */",
	"Text with trailing colon:\n\n    code block\n    more code\n\nAfter.",
	"a\n\n\n\nb",
	"Unicode: héllo wörld, 日本語, emoji 🙂",
}

// randomText joins random pieces of the texts above, so that layouts the
// list does not spell out are checked too.
func randomText(r *rand.Rand) string {
	pieces := []string{"word", " ", "\n", "\n\n", "  ", "\t", "- ", "1. ", "# ", "go:x y", "`code`", "<b>", "\r", "\u00a0", "http://x.y/z", ":", "*"}
	var b strings.Builder
	for range r.Intn(40) {
		b.WriteString(pieces[r.Intn(len(pieces))])
	}
	return b.String()
}

func allTexts() []string {
	texts := append([]string(nil), commentTexts...)
	r := rand.New(rand.NewSource(1))
	for range 2000 {
		texts = append(texts, randomText(r))
	}
	return texts
}

// rawComment is what the templates wrote before DocComment: the comment
// lines of each part as written, carriage returns and trailing white space
// left for go/format.
func rawComment(parts ...string) string {
	var lines []string
	for _, p := range parts {
		p = strings.TrimSpace(strings.ReplaceAll(p, "\r\n", "\n"))
		if p == "" {
			continue
		}
		for _, l := range strings.Split(p, "\n") {
			l = strings.TrimRight(l, " \t")
			if l == "" {
				lines = append(lines, "//")
			} else {
				lines = append(lines, "// "+l)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// gofmt formats src, failing the test if it does not parse.
func gofmt(t *testing.T, src string) string {
	t.Helper()
	out, err := format.Source([]byte(src))
	if err != nil {
		t.Fatalf("does not parse: %v\n%s", err, src)
	}
	return string(out)
}

// TestDocCommentAsGofmt holds DocComment and IndentedComment to go/format:
// a declaration with the doc comment, and an interface method with the
// indented one, are what go/format makes of the same declaration with the
// comment lines as written (what the templates emitted before, formatted).
func TestDocCommentAsGofmt(t *testing.T) {
	for _, text := range allTexts() {
		for _, parts := range [][]string{{text}, {text, "A status outside 400-499 is not this response."}, {"", text}} {
			doc := DocComment(parts...)
			got := "package p\n\n" + doc + "\nfunc F() {}\n"
			if doc == "" {
				got = "package p\n\nfunc F() {}\n"
			}
			if want := gofmt(t, "package p\n\n"+rawComment(parts...)+"\nfunc F() {}\n"); got != want {
				t.Errorf("DocComment(%q):\n%s\ngo/format:\n%s", parts, got, want)
			}
		}
		in := IndentedComment(text)
		got := "package p\n\ntype I interface {\n" + in + "\n\tM()\n}\n"
		raw := strings.ReplaceAll(rawComment(text), "\n", "\n\t")
		if in == "" {
			got = "package p\n\ntype I interface {\n\tM()\n}\n"
		}
		if want := gofmt(t, "package p\n\ntype I interface {\n\t"+raw+"\n\tM()\n}\n"); got != want {
			t.Errorf("IndentedComment(%q):\n%s\ngo/format:\n%s", text, got, want)
		}
	}
}

// TestOneLine holds OneLine to go/format around its limit.
func TestOneLine(t *testing.T) {
	for n := 1; n < 80; n++ {
		name := strings.Repeat("A", n)
		header := "func (r " + name + ") Response() Response"
		one := "package p\n\n" + header + " { return r.res }\n"
		out, err := format.Source([]byte(one))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := OneLine(header, "return r.res"), string(out) == one; got != want {
			t.Errorf("OneLine(%q) = %v; go/format keeps it on one line: %v", header, got, want)
		}
	}
}
