package model

import (
	"fmt"
	"strings"
	"unicode"
)

// commonInitialisms are written in upper case inside Go names (golint's list, trimmed).
var commonInitialisms = map[string]bool{
	"API": true, "ARN": true, "CPU": true, "CSS": true, "DNS": true, "HTML": true, "HTTP": true,
	"HTTPS": true, "ID": true, "IP": true, "JSON": true, "JWT": true, "SQL": true, "SSH": true,
	"TLS": true, "TTL": true, "UI": true, "URI": true, "URL": true, "UUID": true, "XML": true,
}

// Words splits any spec string into ASCII alphanumeric words: separators and
// punctuation split, lower-to-upper case changes split, and every non-ASCII
// rune becomes a word of its own ("u" plus its hex code point), so no two
// different inputs lose their difference silently.
func Words(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case r > unicode.MaxASCII:
			flush()
			words = append(words, fmt.Sprintf("u%x", r))
		case isASCIILetter(r) || isASCIIDigit(r):
			if len(cur) > 0 {
				prev := cur[len(cur)-1]
				lowerToUpper := unicode.IsLower(prev) && unicode.IsUpper(r)
				// "HTTPServer": split before the last upper of a run followed by a lower.
				acronymEnd := unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(runes) && unicode.IsLower(runes[i+1])
				if lowerToUpper || acronymEnd {
					flush()
				}
			}
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return words
}

// CamelWords joins the words of s in CamelCase with initialisms upper-cased;
// unlike GoName it may start with a digit (for use after another name).
func CamelWords(s string) string {
	var b strings.Builder
	for _, w := range Words(s) {
		up := strings.ToUpper(w)
		if commonInitialisms[up] {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	return b.String()
}

// GoName turns s into an exported Go identifier in CamelCase, with common
// initialisms upper-cased. It never returns an empty string or one starting
// with a digit: fallback names it.
func GoName(s, fallback string) string {
	name := CamelWords(s)
	if name == "" {
		return fallback
	}
	if isASCIIDigit(rune(name[0])) {
		name = fallback + name
	}
	return name
}

// SnakeName turns s into a lower_snake_case file-name stem of ASCII letters,
// digits and underscores. It never ends in a suffix the Go tool reads as a
// build constraint (_test, _linux, _amd64, ...), never starts with "_" or "."
// (which the Go tool ignores), and is at most 80 bytes long.
func SnakeName(s, fallback string) string {
	words := Words(s)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	name := strings.Join(words, "_")
	if len(name) > maxSnake {
		name = strings.TrimRight(name[:maxSnake], "_")
	}
	if name == "" {
		name = fallback
	}
	// Check the name as cut: cutting can leave "..._linux" or "..._test".
	if goFileSuffixes[name[strings.LastIndexByte(name, '_')+1:]] {
		if len(name) > maxSnake-len("_op") {
			name = strings.TrimRight(name[:maxSnake-len("_op")], "_")
		}
		name += "_op"
	}
	return name
}

// maxSnake is the longest name SnakeName returns.
const maxSnake = 80

// goFileSuffixes are the file-name suffixes the Go tool treats specially.
var goFileSuffixes = func() map[string]bool {
	m := map[string]bool{"test": true}
	for _, s := range strings.Fields("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos " +
		"386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm") {
		m[s] = true
	}
	return m
}()

// Namer hands out names that are unique within one scope, deterministically:
// the first caller gets the plain name, later ones a numeric suffix.
// Uniqueness is case-insensitive, so names also work as file names on
// case-insensitive file systems.
type Namer struct {
	taken map[string]bool
}

// NewNamer returns a Namer with the given names already taken.
func NewNamer(reserved ...string) *Namer {
	n := &Namer{taken: map[string]bool{}}
	for _, r := range reserved {
		n.Reserve(r)
	}
	return n
}

// Reserve marks name as taken.
func (n *Namer) Reserve(name string) { n.taken[strings.ToLower(name)] = true }

// Taken reports whether name is already handed out or reserved.
func (n *Namer) Taken(name string) bool { return n.taken[strings.ToLower(name)] }

// Unique returns name, or name followed by the smallest number from 2 up
// that is still free, and takes it.
func (n *Namer) Unique(name string) string {
	cand := name
	for i := 2; n.Taken(cand); i++ {
		cand = fmt.Sprintf("%s%d", name, i)
	}
	n.Reserve(cand)
	return cand
}

func isASCIILetter(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }
func isASCIIDigit(r rune) bool  { return r >= '0' && r <= '9' }

// NameOperationTypes gives every operation its request and response type
// names, every response its constructor and every operation its raw
// response constructor, avoiding taken (names the
// package already declares). Call it once the schema types are settled.
func (a *API) NameOperationTypes(taken []string) {
	n := NewNamer(taken...)
	for _, op := range a.Operations {
		op.RequestType = n.Unique(op.GoName + "Request")
		op.ResponseType = n.Unique(op.GoName + "Response")
		for _, r := range op.Responses {
			r.Constructor = n.Unique(op.GoName + CamelWords(r.Status))
		}
	}
	// After every declared name, so adding the escape hatch renamed none.
	for _, op := range a.Operations {
		op.RawResponse = n.Unique(op.GoName + "Raw")
	}
}
