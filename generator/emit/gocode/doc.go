package gocode

import (
	"go/doc/comment"
	"strings"
	"unicode"
)

// The functions here write comments as go/format would print them, so
// that a template or emitter using them for every comment, and laying out
// its code as gofmt does, emits Go that needs no go/format (see Ready).

// Comment turns text into Go line comments ("// ..."), one per line, blank
// lines kept as "//"; "" for empty text. Each line is what go/format keeps
// of it: carriage returns dropped (the Go scanner drops them from
// comments) and trailing white space trimmed.
func Comment(text string) string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r", ""))
	if text == "" {
		return ""
	}
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if line == "" {
			b.WriteString("//")
			continue
		}
		b.WriteString("// " + line)
	}
	return b.String()
}

// IndentedComment is Comment with every line indented by one tab: the
// comment of an interface method or a struct field, which go/format
// indents and otherwise leaves as written.
func IndentedComment(text string) string {
	c := Comment(text)
	if c == "" {
		return ""
	}
	return "\t" + strings.ReplaceAll(c, "\n", "\n\t")
}

// DocComment is the doc comment of a top-level declaration whose comment
// lines are Comment of each non-empty part, one after the other, as
// go/format prints it: go/printer reformats an unindented comment that
// abuts the next token (a doc comment) through go/doc/comment, and this
// does the same (the steps of go/printer's formatDocComment, Go 1.19 and
// later). "" when every part is empty.
func DocComment(parts ...string) string {
	var lines []string
	lastCR := false
	for _, p := range parts {
		if c := Comment(p); c != "" {
			lines = append(lines, strings.Split(c, "\n")...)
			lastCR = lastLineHasCR(p)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if lastCR {
		// The Go scanner drops a carriage return from a comment's text,
		// so the comment then seems to end before the next token's line:
		// go/printer does not take it for a doc comment and only trims it.
		return strings.Join(lines, "\n")
	}
	var text strings.Builder
	var directives []string
	for _, l := range lines {
		after := strings.TrimPrefix(l, "//")
		if isDirective(after) {
			directives = append(directives, l)
			continue
		}
		text.WriteString(strings.TrimPrefix(after, " "))
		text.WriteByte('\n')
	}
	if text.Len() == 0 {
		return strings.Join(lines, "\n")
	}
	var p comment.Parser
	var pr comment.Printer
	printed := string(pr.Comment(p.Parse(text.String())))
	var out []string
	for printed != "" {
		var line string
		line, printed, _ = strings.Cut(printed, "\n")
		switch {
		case line == "":
			line = "//"
		case strings.HasPrefix(line, "\t"):
			line = "//" + line
		default:
			line = "// " + line
		}
		out = append(out, line)
	}
	if len(directives) > 0 {
		out = append(out, "//")
		out = append(out, directives...)
	}
	return strings.Join(out, "\n")
}

// lastLineHasCR reports whether the last comment line of text, as a
// template wrote it before (lines split at "\r\n" or "\n"), holds a
// carriage return.
func lastLineHasCR(text string) bool {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		text = text[i+1:]
	}
	return strings.Contains(strings.TrimRight(text, " \t"), "\r")
}

// isDirective reports whether c, a line comment without its "//", is a
// comment directive (go/printer's isDirective, go.dev/issue/37974).
func isDirective(c string) bool {
	if strings.HasPrefix(c, "line ") || strings.HasPrefix(c, "extern ") || strings.HasPrefix(c, "export ") {
		return true
	}
	colon := strings.Index(c, ":")
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if i == colon {
			continue
		}
		b := c[i]
		if !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// CommentFuncs are the template functions of the Go templates' comments:
// doc (DocComment, for a top-level declaration), icomment
// (IndentedComment, for a method or field).
var CommentFuncs = map[string]any{"doc": DocComment, "icomment": IndentedComment, "oneLine": OneLine}

// OneLine reports whether go/format keeps a function whose header (from
// "func" to before the body's "{") is header and whose body is the one
// short statement stmt on one line, as { stmt }: go/printer does when
// the header, the blank after it and the statement are at most 100 bytes
// (gocode's TestOneLine holds this to go/format around the limit).
func OneLine(header, stmt string) bool { return len(header)+1+len(stmt) <= 100 }
