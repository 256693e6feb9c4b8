package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	yamlv3 "go.yaml.in/yaml/v3"
	yamlv4 "go.yaml.in/yaml/v4"

	"github.com/specgate/specgate/generator/model"
)

// SyntaxHint is the fix for a file that is not YAML or JSON.
const SyntaxHint = "fix the YAML (or JSON) syntax at the position shown"

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// ParseYAML parses a spec file (YAML, or JSON, which is YAML) into a node
// tree. A syntax error is a Problem at file:line:col: the line the YAML
// parser names and the column of its first non-blank character. lint and
// generate both read syntax errors through here, so they name the same
// place.
func ParseYAML(path string, data []byte) (*yamlv3.Node, *Problem) {
	var root yamlv3.Node
	err := yamlv3.Unmarshal(data, &root)
	if err != nil && strings.Contains(err.Error(), "control characters") {
		// JSON allows characters YAML does not (C1 controls); kin-openapi reads them.
		err = yamlv3.Unmarshal(printable(data), &root)
	}
	if err == nil {
		return &root, nil
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		// JSON: encoding/json names the exact byte; YAML only a line.
		var v any
		var syn *json.SyntaxError
		if jerr := json.Unmarshal(data, &v); errors.As(jerr, &syn) {
			return nil, &Problem{Pos: offsetPosition(path, data, max(syn.Offset-1, 0)), Msg: "not valid JSON: " + syn.Error(), Hint: SyntaxHint}
		}
	}
	msg := firstLine(err.Error())
	pos := model.Position{File: path}
	// yaml v3 names only a line (for parser errors the line before the
	// construct that is not closed); v4 reports where the parser stopped.
	var v any
	var le *yamlv4.LoadError
	if errors.As(yamlv4.Unmarshal(data, &v), &le) && le.Mark.Line > 0 {
		pos.Line, pos.Col, msg = le.Mark.Line, le.Mark.Column, le.Message
		if le.ContextMsg != "" && le.ContextMark.Line > 0 {
			msg += fmt.Sprintf(" (%s at line %d, column %d)", le.ContextMsg, le.ContextMark.Line, le.ContextMark.Column)
		}
	} else if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &pos.Line)
		msg = msg[len(m[0]):]
		pos.Col = firstColumn(data, pos.Line)
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return nil, &Problem{Pos: pos, Msg: "not valid YAML or JSON: " + msg, Hint: SyntaxHint}
}

// firstColumn is the 1-based column of the first non-blank character of
// line (1 when the line is blank or missing).
func firstColumn(data []byte, line int) int {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	l := lines[line-1]
	return len(l) - len(bytes.TrimLeft(l, " \t")) + 1
}

// printable replaces the characters YAML refuses with '?', one for one, so
// lines and columns stay.
func printable(data []byte) []byte {
	return bytes.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85,
			r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '?'
	}, data)
}

// diagnose explains why the loader could not read the spec at path: every
// syntax error or unresolved $ref, or the field of the wrong type the
// loader names, with positions. Empty when it finds nothing (then the
// loader's own message stands).
func diagnose(path string, data []byte, loadErr error) []Problem {
	root, p := ParseYAML(path, data)
	if p != nil {
		return []Problem{*p}
	}
	if ps := UnresolvedRefs(path, root); len(ps) > 0 {
		return ps
	}
	if p := constructProblem(path, data, root, loadErr); p != nil {
		return []Problem{*p}
	}
	return nil
}

// DecodeProblem says why kin-openapi cannot decode data (named path) as an
// OpenAPI 3 document, when a field has the wrong type, at the position of
// its value; nil otherwise. CloudFormation intrinsics are rewritten first,
// as Load does. lint reports what generate refuses through here.
func DecodeProblem(path string, data []byte) *Problem {
	rewritten, _ := rewriteIntrinsics(path, data)
	// The loader's own decoding, without reading other files (a $ref to
	// one fails after decoding, and is lint's ref-unresolved business).
	loader := openapi3.NewLoader()
	loader.ReadFromURIFunc = func(*openapi3.Loader, *url.URL) ([]byte, error) {
		return nil, errors.New("not read")
	}
	_, err := loader.LoadFromData(rewritten)
	if err == nil {
		return nil
	}
	root, p := ParseYAML(path, data)
	if p != nil {
		return p
	}
	return constructProblem(path, data, root, err)
}

// constructProblem turns the loader's "line 3: cannot construct !!seq into
// string in /info/title" into a located problem, or gives nil.
func constructProblem(path string, data []byte, root *yamlv3.Node, err error) *Problem {
	m := constructRE.FindStringSubmatch(err.Error())
	if m == nil || len(root.Content) == 0 {
		return nil
	}
	pos := model.Position{File: path}
	fmt.Sscan(m[1], &pos.Line)
	ptr := m[3]
	if n := pointerNode(root.Content[0], ptr); n != nil {
		pos.Line, pos.Col = n.Line, n.Column
	} else {
		pos.Col = firstColumn(data, pos.Line)
	}
	what := m[2]
	if t, ok := strings.CutPrefix(what, "cannot construct !!"); ok {
		what = strings.NewReplacer("seq ", "a list ", "map ", "a mapping ", "int ", "a number ", "float ", "a number ", "bool ", "a boolean ", "str ", "a string ").Replace(t)
		what = strings.Replace(what, " into ", " where OpenAPI expects ", 1)
		what = strings.NewReplacer("expects string", "expects a string", "expects map", "expects a mapping", "expects slice", "expects a list").Replace(what)
	}
	p := problemf(pos, "give it the type OpenAPI defines for "+ptr, "%s: %s", ptr, what)
	return &p
}

var constructRE = regexp.MustCompile(`line (\d+): (cannot (?:construct|unmarshal) .*?) in (/\S*)`)

// RefHint is the fix for a $ref that points at nothing.
const RefHint = "$refs are relative to the file that holds them; fix the file name or the JSON pointer after #"

// UnresolvedRefs lists every $ref, in the file at path and in every local
// file its $refs reach, that points at nothing: a missing file, a file
// that does not parse, or a JSON pointer that names nothing. root is the
// parsed file (nil: it is read). Remote $refs are left to the loader,
// which refuses them. The problems are sorted by position.
func UnresolvedRefs(path string, root *yamlv3.Node) []Problem {
	r := &refScan{docs: map[string]*yamlv3.Node{}}
	if root == nil {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		var p *Problem
		if root, p = ParseYAML(path, data); p != nil {
			return []Problem{*p}
		}
	}
	r.docs[path] = root
	r.walk(path, root)
	sort.SliceStable(r.out, func(i, j int) bool {
		a, b := r.out[i].Pos, r.out[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return r.out
}

type refScan struct {
	docs map[string]*yamlv3.Node // parsed files; nil value: unreadable
	out  []Problem
}

// walk checks every $ref under n, which is in file.
func (r *refScan) walk(file string, n *yamlv3.Node) {
	switch n.Kind {
	case yamlv3.DocumentNode, yamlv3.SequenceNode:
		for _, c := range n.Content {
			r.walk(file, c)
		}
	case yamlv3.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "$ref" && v.Kind == yamlv3.ScalarNode {
				r.check(file, v)
				continue
			}
			r.walk(file, v)
		}
	}
}

// check resolves one $ref value node.
func (r *refScan) check(file string, v *yamlv3.Node) {
	pos := model.Position{File: file, Line: v.Line, Col: v.Column}
	target, ptr, _ := strings.Cut(v.Value, "#")
	if strings.Contains(target, "://") {
		return // remote: the loader refuses it with its own hint
	}
	tfile := file
	if target != "" {
		tfile = filepath.FromSlash(target)
		if !filepath.IsAbs(tfile) {
			tfile = filepath.Join(filepath.Dir(file), tfile)
		}
	}
	doc, seen := r.docs[tfile]
	if !seen {
		r.docs[tfile] = nil
		// A device or FIFO would never end or block: only regular files.
		fi, err := os.Stat(tfile)
		if err == nil && !fi.Mode().IsRegular() {
			r.out = append(r.out, problemf(pos, "", "$ref %q refused: %s is not a regular file", v.Value, tfile))
			return
		}
		data, err := os.ReadFile(tfile)
		if err != nil {
			r.out = append(r.out, problemf(pos, RefHint, "$ref %q points at a file that does not exist or cannot be read: %s", v.Value, tfile))
			return
		}
		var p *Problem
		doc, p = ParseYAML(tfile, data)
		r.docs[tfile] = doc
		if p != nil {
			r.out = append(r.out, problemf(pos, RefHint, "$ref %q: %s does not parse", v.Value, tfile), *p)
			return
		}
		r.walk(tfile, doc)
	}
	if doc == nil {
		r.out = append(r.out, problemf(pos, RefHint, "$ref %q points at a file that cannot be read: %s", v.Value, tfile))
		return
	}
	top := doc
	if top.Kind == yamlv3.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	if pointerNode(top, ptr) == nil {
		where := "this file"
		if target != "" {
			where = tfile
		}
		r.out = append(r.out, problemf(pos, RefHint, "$ref %q points at nothing: %s has no %s", v.Value, where, ptr))
	}
}

// pointerNode follows a JSON pointer ("/components/schemas/Pet") from n.
func pointerNode(n *yamlv3.Node, ptr string) *yamlv3.Node {
	if ptr == "" || ptr == "/" {
		return n
	}
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		if n.Kind == yamlv3.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yamlv3.Node
		switch n.Kind {
		case yamlv3.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					next = n.Content[i+1]
					break
				}
			}
		case yamlv3.SequenceNode:
			var i int
			if _, err := fmt.Sscan(part, &i); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}
