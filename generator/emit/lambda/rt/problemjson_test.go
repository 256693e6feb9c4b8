package rt

import (
	"encoding/json"
	"math/rand"
	"net/http"
	"strings"
	"testing"
)

// problemTexts are strings json.Marshal escapes in every way it can.
var problemTexts = []string{
	"", "plain", `"quoted" and \back\slash`, "<script>alert(1)</script> & more",
	"\x00\x01\x1f\x7f", "\b\f\n\r\t", "line\u2028sep\u2029para", "\xff\xfe invalid \xc3",
	"caf\u00e9 \U0001F600 \u212a", "/body/a~1b~0c", "\ufffd", "\xed\xa0\x80 surrogate half",
}

// checkProblem fails unless appendProblem writes p as json.Marshal does.
func checkProblem(t *testing.T, p problem) {
	t.Helper()
	want, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendProblem(nil, &p); string(got) != string(want) {
		t.Fatalf("appendProblem(%#v)\n= %s\nwant %s", p, got, want)
	}
}

// TestProblemJSONAsMarshal: the problem documents written without
// reflection are byte for byte those of json.Marshal, on hostile texts in
// every field and on 5,000 random documents (random bytes, runes and
// escapes; errors absent, empty or several; fields empty or not).
func TestProblemJSONAsMarshal(t *testing.T) {
	for _, s := range problemTexts {
		checkProblem(t, problem{Type: "about:blank", Title: s, Status: 400, Detail: s,
			Errors: []ProblemError{{In: s, Name: s, Pointer: s, Keyword: s, Message: s}, {In: "body", Message: s}}})
	}
	checkProblem(t, problem{Type: "about:blank", Title: http.StatusText(404), Status: 404})
	checkProblem(t, problem{Errors: []ProblemError{}})
	rng := rand.New(rand.NewSource(18))
	pieces := append([]string{"a", "Z", "9", " ", "é", "€", "\U0001F600", "\\", "\"", "<", ">", "&", "\u2028", "\u2029", "\x80", "\xe2\x82"}, problemTexts...)
	text := func() string {
		if rng.Intn(4) == 0 {
			return ""
		}
		var b strings.Builder
		for range rng.Intn(8) {
			if rng.Intn(3) == 0 {
				b.WriteByte(byte(rng.Intn(256)))
			} else {
				b.WriteString(pieces[rng.Intn(len(pieces))])
			}
		}
		return b.String()
	}
	for range 5000 {
		p := problem{Type: text(), Title: text(), Status: rng.Intn(1200) - 100, Detail: text()}
		switch n := rng.Intn(4); n {
		case 0:
		case 1:
			p.Errors = []ProblemError{}
		default:
			for range n {
				p.Errors = append(p.Errors, ProblemError{In: text(), Name: text(), Pointer: text(), Keyword: text(), Message: text()})
			}
		}
		checkProblem(t, p)
	}
}

// FuzzProblemJSON: any text in any field is written as json.Marshal writes it.
func FuzzProblemJSON(f *testing.F) {
	for _, s := range problemTexts {
		f.Add(s, s, 400)
	}
	f.Fuzz(func(t *testing.T, detail, name string, status int) {
		checkProblem(t, problem{Type: "about:blank", Title: name, Status: status, Detail: detail,
			Errors: []ProblemError{{In: "query", Name: name, Pointer: detail, Message: detail + name}}})
	})
}
