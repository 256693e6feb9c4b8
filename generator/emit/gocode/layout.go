package gocode

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"
)

// Indent returns src, Go written with every line unindented by an emitter
// that otherwise lays its code out as gofmt does (the validation
// emitter's), as go/format prints it, without parsing most of it: each
// top-level declaration (the lines between blank lines outside any
// brackets) whose lines are all of the simple shapes below gets go/format's
// indentation by bracket depth (a tab per line that opens brackets, case
// and default clauses one tab out) and its doc comment go/printer's
// reformatting (DocComment); any other is run through go/format alone.
// Simple lines: no white space at either end, no tab, no raw string across
// lines, no comment after code, no key: value element and no struct or
// interface type (go/format aligns those), not ending in a binary operator
// (go/format indents the continuation) or in else (go/format moves the
// next line's "{" up), no blank line next to a bracket.
// what names the emitter in the error of Go that does not parse (a bug).
// TestIndentAsGofmt and TestGoOutputNeedsNoFormat hold it to go/format.
func Indent(what string, src []byte) ([]byte, error) {
	lines := strings.Split(string(src), "\n")
	var chunks []string
	start := 0
	depth := 0
	flush := func(end int) error {
		if start >= end {
			return nil
		}
		chunk := lines[start:end]
		if done, ok := indentChunk(chunk); ok {
			chunks = append(chunks, done)
			return nil
		}
		f, err := formatChunk(strings.Join(chunk, "\n"))
		if err != nil {
			return fmt.Errorf("%s produced Go that does not parse (a specgate bug, please report it): %v\n%s", what, err, strings.Join(chunk, "\n"))
		}
		chunks = append(chunks, f)
		return nil
	}
	for i, line := range lines {
		if depth == 0 && line == "" {
			if err := flush(i); err != nil {
				return nil, err
			}
			start = i + 1
			continue
		}
		var ok bool
		if depth, ok = lineDepth(line, depth); !ok {
			// A raw string across lines, or unbalanced brackets: the
			// whole file goes through go/format.
			return Format(what, src)
		}
	}
	if depth != 0 {
		return Format(what, src)
	}
	if err := flush(len(lines)); err != nil {
		return nil, err
	}
	// go/format keeps one blank line between declarations.
	return []byte(strings.Join(chunks, "\n")), nil
}

// formatChunk is go/format's result for one top-level declaration, each
// line ending in a newline.
func formatChunk(chunk string) (string, error) {
	const head = "package p\n\n"
	f, err := format.Source([]byte(head + chunk + "\n"))
	if err != nil {
		return "", err
	}
	if !bytes.HasPrefix(f, []byte(head)) {
		return "", fmt.Errorf("go/format moved the package clause")
	}
	return string(f[len(head):]), nil
}

// lineDepth is the bracket depth after line, given the depth before it;
// false for a line it cannot follow (an unterminated literal).
func lineDepth(line string, depth int) (int, bool) {
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			depth--
		case '"', '\'', '`':
			j := skipLiteral(line, i)
			if j < 0 {
				return 0, false
			}
			i = j
		case '/':
			if i+1 < len(line) && (line[i+1] == '/' || line[i+1] == '*') {
				if line[i+1] == '*' {
					return 0, false
				}
				return depth, depth >= 0
			}
		}
	}
	return depth, depth >= 0
}

// skipLiteral returns the index of the quote closing the literal that
// opens at line[i], or -1.
func skipLiteral(line string, i int) int {
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		switch line[j] {
		case '\\':
			if q != '`' {
				j++
			}
		case q:
			return j
		}
	}
	return -1
}

// indentChunk indents a top-level declaration of simple lines; false when
// a line is not simple.
func indentChunk(chunk []string) (string, bool) {
	var b strings.Builder
	// levels holds, per open bracket, whether it added an indentation
	// level (only the first bracket a line leaves open does).
	var levels []bool
	indent := 0
	var doc []string
	for n, line := range chunk {
		if line == "" {
			// A blank line inside brackets: go/format drops it next to
			// a bracket; keep only one between two statements.
			prev, next := chunk[n-1], ""
			if n+1 < len(chunk) {
				next = chunk[n+1]
			}
			if next == "" || strings.HasSuffix(prev, "{") || strings.HasSuffix(prev, "(") || startsWithCloser(next) || isClause(next) {
				return "", false
			}
			b.WriteByte('\n')
			continue
		}
		if !simple(line) {
			return "", false
		}
		if strings.HasPrefix(line, "//") {
			if len(levels) == 0 {
				doc = append(doc, line)
				continue
			}
			// A comment inside a body: go/format indents it as the next
			// line, unless that line closes or is a clause.
			if n+1 >= len(chunk) || startsWithCloser(chunk[n+1]) || isClause(chunk[n+1]) || chunk[n+1] == "" {
				return "", false
			}
			b.WriteString(strings.Repeat("\t", indent))
			b.WriteString(line)
			b.WriteByte('\n')
			continue
		}
		if len(doc) > 0 {
			d, ok := docLines(doc)
			if !ok {
				return "", false
			}
			b.WriteString(d)
			b.WriteByte('\n')
			doc = nil
		}
		// Leading closers close before the line is indented.
		i := 0
		for i < len(line) && (line[i] == '}' || line[i] == ')' || line[i] == ']') {
			if len(levels) == 0 {
				return "", false
			}
			if levels[len(levels)-1] {
				indent--
			}
			levels = levels[:len(levels)-1]
			i++
		}
		lineIndent := indent
		if isClause(line) {
			lineIndent--
			if lineIndent < 0 {
				return "", false
			}
		}
		b.WriteString(strings.Repeat("\t", lineIndent))
		b.WriteString(line)
		b.WriteByte('\n')
		opened := false
		for ; i < len(line); i++ {
			switch c := line[i]; c {
			case '{', '(', '[':
				levels = append(levels, !opened)
				if !opened {
					indent++
					opened = true
				}
			case '}', ')', ']':
				if len(levels) == 0 {
					return "", false
				}
				if levels[len(levels)-1] {
					indent--
					opened = false
				}
				levels = levels[:len(levels)-1]
			case '"', '\'', '`':
				i = skipLiteral(line, i)
			case '/':
				if i+1 < len(line) && line[i+1] == '/' {
					i = len(line)
				}
			}
		}
	}
	if len(doc) > 0 || len(levels) != 0 {
		// A comment not followed by a declaration, or open brackets.
		return "", false
	}
	return b.String(), true
}

// docLines is go/printer's form of the doc comment lines doc (each
// "// text"), or false when a line is not of that form.
func docLines(doc []string) (string, bool) {
	var text strings.Builder
	for _, l := range doc {
		t, ok := strings.CutPrefix(l, "// ")
		if l == "//" {
			t, ok = "", true
		}
		if !ok {
			return "", false
		}
		if t != strings.TrimSpace(t) {
			return "", false
		}
		text.WriteString(t)
		text.WriteByte('\n')
	}
	d := DocComment(text.String())
	return d, d != ""
}

// simple reports whether line is of a shape indentChunk lays out as
// go/format does.
func simple(line string) bool {
	if line != strings.TrimSpace(line) || strings.ContainsAny(line, "\t\r") {
		return false
	}
	if strings.HasPrefix(line, "//") {
		return true
	}
	// Find a comment after code, and the code without literals.
	var plain strings.Builder
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch c {
		case '"', '\'', '`':
			j := skipLiteral(line, i)
			if j < 0 {
				return false
			}
			plain.WriteString(`""`)
			i = j
			continue
		case '/':
			if i+1 < len(line) && (line[i+1] == '/' || line[i+1] == '*') {
				return false
			}
		}
		plain.WriteByte(c)
	}
	code := plain.String()
	if strings.Contains(code, "struct {") || strings.Contains(code, "interface {") || strings.Contains(code, "struct{") && !strings.Contains(code, "struct{}") {
		return false
	}
	if strings.HasSuffix(code, " else") || code == "else" {
		// "} else" with its "{" on the next line: go/format joins them.
		return false
	}
	if strings.HasSuffix(code, "++") || strings.HasSuffix(code, "--") {
		return true
	}
	for _, op := range []string{"&&", "||", "+", "-", "*", "/", "|", "&", "^", "%", "<<", ">>", "=", "==", "!=", "<", ">", "<=", ">=", ":="} {
		if strings.HasSuffix(code, op) {
			return false
		}
	}
	if strings.HasPrefix(code, "var (") || strings.HasPrefix(code, "const (") || strings.HasPrefix(code, "type (") || strings.HasPrefix(code, "import") {
		return false
	}
	// A key: value element (or a label): go/format aligns or outdents it.
	if !isClause(code) {
		if k := keyEnd(code); k > 0 {
			return false
		}
	}
	return true
}

// keyEnd is the index of the colon after a leading key (an identifier, a
// selector or a literal) of code, or -1.
func keyEnd(code string) int {
	i := 0
	for i < len(code) && (code[i] == '_' || code[i] == '.' || code[i] == '"' || 'a' <= code[i] && code[i] <= 'z' || 'A' <= code[i] && code[i] <= 'Z' || '0' <= code[i] && code[i] <= '9' || code[i] >= 0x80) {
		i++
	}
	if i > 0 && i < len(code) && code[i] == ':' && (i+1 == len(code) || code[i+1] != '=') {
		return i
	}
	return -1
}

// isClause reports whether line is a case or default clause of a switch
// or select, which go/format indents one tab less than its body.
func isClause(line string) bool {
	return strings.HasPrefix(line, "case ") || line == "default:"
}

// startsWithCloser reports whether line starts with a closing bracket.
func startsWithCloser(line string) bool {
	return line != "" && (line[0] == '}' || line[0] == ')' || line[0] == ']')
}
