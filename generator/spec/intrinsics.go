package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

// Specs written for SAM (DefinitionBody, AWS::Include) use CloudFormation
// intrinsic functions, in long form ({"Fn::Sub": "..."}) or as YAML short
// tags (!Sub "..."), where OpenAPI expects a string. Before kin-openapi
// reads such a spec, every intrinsic is rewritten in place, keeping every
// other byte, line and column:
//
//   - under an x- extension (x-amazon-apigateway-integration uri and
//     credentials, x-amazon-apigateway-authorizer providerARNs, ...) it
//     stays an intrinsic, in long form, and reaches the deploy files as is;
//   - anywhere else (info.title, descriptions, servers, ...) it has no value
//     before deploy: it becomes a stand-in string, and a warning says so.

// Intrinsic is one CloudFormation intrinsic found in a spec.
type Intrinsic struct {
	Pos     model.Position
	Pointer string // JSON pointer of the value, e.g. /info/title
	Func    string // Ref, Fn::Sub, ...
	StandIn string // the string used in its place; "" when it was kept (under x-)
}

// intrinsicFuncs are the long-form keys of CloudFormation's intrinsic
// functions (and Condition, which Fn::If and SAM accept).
var intrinsicFuncs = map[string]bool{
	"Ref": true, "Condition": true, "Fn::Base64": true, "Fn::Cidr": true, "Fn::FindInMap": true, "Fn::GetAtt": true,
	"Fn::GetAZs": true, "Fn::ImportValue": true, "Fn::Join": true, "Fn::Select": true, "Fn::Split": true,
	"Fn::Sub": true, "Fn::Transform": true, "Fn::If": true, "Fn::Equals": true, "Fn::Not": true, "Fn::And": true,
	"Fn::Or": true, "Fn::Length": true, "Fn::ToJsonString": true,
}

// mayHoldIntrinsics is a cheap test that spares specs without intrinsics
// (nearly all) a second parse: whether data holds Fn::, a Ref key (Ref,
// maybe quoted, then a colon) or a short tag (!Sub, ...). It answers as
// the regular expression mayHoldIntrinsicsRE (intrinsics_test.go) does,
// in one scan for each of the three (bytes.Index) rather than regexp's
// run over the whole file (6% of generating SendGrid's 1.5 MB).
func mayHoldIntrinsics(data []byte) bool {
	if bytes.Contains(data, []byte("Fn::")) {
		return true
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("Ref"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + 3
		if at > 0 && isWordByte(data[at-1]) {
			continue
		}
		k := i
		if k < len(data) && (data[k] == '"' || data[k] == '\'') {
			k++
		}
		for k < len(data) && (data[k] == ' ' || data[k] == '\t' || data[k] == '\n' || data[k] == '\f' || data[k] == '\r') {
			k++
		}
		if k < len(data) && data[k] == ':' {
			return true
		}
	}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '!')
		if j < 0 {
			return false
		}
		i += j + 1
		for _, name := range shortTagNames {
			if rest := data[i:]; bytes.HasPrefix(rest, []byte(name)) && (len(rest) == len(name) || !isWordByte(rest[len(name)])) {
				return true
			}
		}
	}
}

// shortTagNames are the names of the short tags mayHoldIntrinsics looks for.
var shortTagNames = []string{"Ref", "Condition", "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",
	"Select", "Split", "Sub", "Transform", "If", "Equals", "Not", "And", "Or"}

// isWordByte reports whether c is an ASCII word character (regexp's \w).
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// shortTag returns the long-form function of a short tag ("!Sub" gives
// "Fn::Sub", "!Ref" gives "Ref"), or "".
func shortTag(tag string) string {
	name, ok := strings.CutPrefix(tag, "!")
	if !ok || strings.HasPrefix(name, "!") {
		return ""
	}
	for _, f := range []string{"Ref", "Condition"} {
		if name == f {
			return f
		}
	}
	if intrinsicFuncs["Fn::"+name] {
		return "Fn::" + name
	}
	return ""
}

// longForm reports whether n is a long-form intrinsic: a mapping with one
// function key (Ref and Condition with a plain name, so a schema property
// called Ref is not one).
func longForm(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 || !intrinsicFuncs[n.Content[0].Value] {
		return ""
	}
	if f := n.Content[0].Value; (f == "Ref" || f == "Condition") && n.Content[1].Kind != yaml.ScalarNode {
		return ""
	}
	return n.Content[0].Value
}

// intrinsicValue turns the node of an intrinsic (or of any value inside
// one) into long-form JSON data: short tags become {"Fn::X": ...}, and
// !GetAtt A.B becomes {"Fn::GetAtt": ["A", "B"]}.
func intrinsicValue(n *yaml.Node) any {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return intrinsicValue(n.Alias)
	}
	f := shortTag(n.Tag)
	var v any
	switch n.Kind {
	case yaml.ScalarNode:
		var x any
		if n.Decode(&x) != nil || f != "" {
			x = n.Value
		}
		v = x
		if f == "Fn::GetAtt" {
			if res, attr, ok := strings.Cut(n.Value, "."); ok {
				v = []any{res, attr}
			}
		}
	case yaml.SequenceNode:
		list := make([]any, len(n.Content))
		for i, c := range n.Content {
			list[i] = intrinsicValue(c)
		}
		v = list
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = intrinsicValue(n.Content[i+1])
		}
		v = m
	}
	if f != "" {
		return map[string]any{f: v}
	}
	return v
}

// standIn is the readable string that takes an intrinsic's place where
// OpenAPI needs a string: "${AWS::StackName}-api" for a Sub, the name for
// a Ref, "Role.Arn" for a GetAtt, the parts of a Join joined.
func standIn(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = standIn(p)
		}
		return strings.Join(parts, ".")
	case map[string]any:
		for f, arg := range x {
			switch f {
			case "Fn::Sub":
				if list, ok := arg.([]any); ok && len(list) > 0 {
					return standIn(list[0])
				}
				return standIn(arg)
			case "Fn::Join":
				if list, ok := arg.([]any); ok && len(list) == 2 {
					sep, _ := list[0].(string)
					if items, ok := list[1].([]any); ok {
						parts := make([]string, len(items))
						for i, p := range items {
							parts[i] = standIn(p)
						}
						return strings.Join(parts, sep)
					}
				}
			case "Ref", "Fn::ImportValue", "Fn::GetAtt":
				return "${" + standIn(arg) + "}"
			}
			data, _ := json.Marshal(x)
			return string(data)
		}
	}
	data, _ := json.Marshal(v)
	return string(data)
}

// rewriteIntrinsics returns data with every intrinsic rewritten (see
// above), or data itself when it holds none. Positions of everything else
// stay: each rewritten value keeps its lines.
func rewriteIntrinsics(path string, data []byte) ([]byte, []Intrinsic) {
	if !mayHoldIntrinsics(data) {
		return data, nil
	}
	root, p := ParseYAML(path, data)
	if p != nil || len(root.Content) == 0 {
		return data, nil // the loader reports the syntax error
	}
	var order []*yaml.Node // every node in document order
	var walkAll func(n *yaml.Node)
	walkAll = func(n *yaml.Node) {
		order = append(order, n)
		for _, c := range n.Content {
			walkAll(c)
		}
	}
	walkAll(root.Content[0])
	index := make(map[*yaml.Node]int, len(order))
	for i, n := range order {
		index[n] = i
	}
	lines := lineStarts(data)
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	var found []Intrinsic
	var walk func(n *yaml.Node, ptr string, ext, flow bool)
	walk = func(n *yaml.Node, ptr string, ext, flow bool) {
		f := longForm(n)
		if f == "" {
			f = shortTag(n.Tag)
		} else if ext {
			// Long form under an extension: kin-openapi keeps it as is,
			// unless a short tag hides inside.
			if !hasShortTag(n) {
				found = append(found, Intrinsic{Pos: model.Position{File: path, Line: n.Line, Col: n.Column}, Pointer: ptr, Func: f})
				return
			}
		}
		if f != "" {
			v := intrinsicValue(n)
			in := Intrinsic{Pos: model.Position{File: path, Line: n.Line, Col: n.Column}, Pointer: ptr, Func: f}
			var text []byte
			if ext {
				text, _ = json.Marshal(v)
			} else {
				in.StandIn = standIn(v)
				text, _ = json.Marshal(in.StandIn)
			}
			found = append(found, in)
			start := offset(data, lines, n.Line, n.Column)
			end := -1
			if flow || n.Style&yaml.FlowStyle != 0 || (n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0) {
				end = flowEnd(data, start, n)
			}
			if end < 0 {
				// A block value ends where the next node starts; keep the
				// lines and the indentation in between.
				end = len(data)
				if next := index[n] + subtreeSize(n); next < len(order) {
					end = offset(data, lines, order[next].Line, order[next].Column)
				}
				span := data[start:end]
				if nl := bytes.LastIndexByte(span, '\n'); nl >= 0 {
					text = append(text, bytes.Repeat([]byte("\n"), bytes.Count(span, []byte("\n"))-1)...)
					text = append(text, span[nl:]...)
				} else {
					text = append(text, ' ')
				}
			}
			edits = append(edits, edit{start, end, string(text)})
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				walk(n.Content[i+1], ptr+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"), ext || anyValue(k), flow || n.Style&yaml.FlowStyle != 0)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s/%d", ptr, i), ext, flow || n.Style&yaml.FlowStyle != 0)
			}
		}
	}
	walk(root.Content[0], "", false, false)
	if len(edits) == 0 {
		return data, found
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.start < last || e.end < e.start {
			return data, found // overlapping spans: leave it to the loader
		}
		out.Write(data[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(data[last:])
	return out.Bytes(), found
}

// anyValue reports whether the value of key k may be any JSON, so that an
// intrinsic in it stays one: extensions (x-...) and example and default
// values.
func anyValue(k string) bool {
	switch k {
	case "example", "examples", "default", "enum", "const":
		return true
	}
	return strings.HasPrefix(k, "x-")
}

func hasShortTag(n *yaml.Node) bool {
	if shortTag(n.Tag) != "" {
		return true
	}
	for _, c := range n.Content {
		if hasShortTag(c) {
			return true
		}
	}
	return false
}

func subtreeSize(n *yaml.Node) int {
	size := 1
	for _, c := range n.Content {
		size += subtreeSize(c)
	}
	return size
}

// lineStarts lists the byte offset of each line's start.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offset turns a 1-based line and column (in characters) into a byte offset.
func offset(data []byte, lines []int, line, col int) int {
	if line < 1 || line > len(lines) {
		return len(data)
	}
	i := lines[line-1]
	for c := 1; c < col && i < len(data) && data[i] != '\n'; c++ {
		_, size := utf8.DecodeRune(data[i:])
		i += size
	}
	return i
}

// flowEnd finds the end of a value written on one line (a tag, then a
// quoted or plain scalar or a flow collection) from its start, or -1 when
// it spans lines or cannot be told.
func flowEnd(data []byte, start int, n *yaml.Node) int {
	i := start
	if n.Tag != "" && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") && i < len(data) && data[i] == '!' {
		for i < len(data) && data[i] != ' ' && data[i] != '\n' {
			i++
		}
		for i < len(data) && data[i] == ' ' {
			i++
		}
	}
	if i >= len(data) || data[i] == '\n' || data[i] == '#' {
		return -1
	}
	depth := 0
	for j := i; j < len(data); j++ {
		switch c := data[j]; c {
		case '\n', '\r':
			if depth == 0 {
				return trimEnd(data, i, j)
			}
			return -1
		case '"', '\'':
			k := j + 1
			for ; k < len(data) && data[k] != '\n'; k++ {
				if c == '"' && data[k] == '\\' {
					k++
					continue
				}
				if data[k] == c {
					if c == '\'' && k+1 < len(data) && data[k+1] == '\'' {
						k++
						continue
					}
					break
				}
			}
			if k >= len(data) || data[k] != c {
				return -1
			}
			j = k
			if depth == 0 {
				return j + 1
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return j // a plain scalar ends at its parent's bracket
			}
			depth--
			if depth == 0 {
				return j + 1
			}
		case ',':
			if depth == 0 {
				return j
			}
		case '#':
			if depth == 0 && j > i && data[j-1] == ' ' {
				return trimEnd(data, i, j)
			}
		}
	}
	if depth == 0 {
		return trimEnd(data, i, len(data))
	}
	return -1
}

// trimEnd is the end of data[from:to] without trailing blanks.
func trimEnd(data []byte, from, to int) int {
	for to > from && (data[to-1] == ' ' || data[to-1] == '\t') {
		to--
	}
	return to
}

// IntrinsicFunc returns the function of n when n is a CloudFormation
// intrinsic, long form or short tag ("Fn::Sub", "Ref", ...), or "".
func IntrinsicFunc(n *yaml.Node) string {
	if f := longForm(n); f != "" {
		return f
	}
	return shortTag(n.Tag)
}
