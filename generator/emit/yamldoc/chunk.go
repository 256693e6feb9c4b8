package yamldoc

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// chunkWeight is the most nodes (keys, values and items) one encoder
// writes in encodeChunked. yaml.v3's emitter keeps every event of a
// document in one slice that it never shortens (about 270 bytes an event),
// and the YAML nodes of the whole document would be held besides: SendGrid's
// deploy/openapi.yaml and template.yaml (about 0.9 MB each) took 50 MB of
// heap at once. A variable so that tests can chunk small documents.
var chunkWeight = 4096

// encodeChunked writes doc, when it is a large block mapping, pair by
// pair: the pairs yaml.v3 writes on one line directly (mapping), the
// others as small documents: runs of consecutive pairs of a mapping, each
// encoded alone inside single-key mappings of its ancestors' keys, of
// which only the body is kept. The emitter writes a block mapping's pairs
// one after another, each from a fresh line at the mapping's indentation,
// and never folds lines (its width is unlimited), so the bytes are those
// of one encoder (inside the chunks it sees the real indentation, which
// literal blocks follow). Whatever does not have that shape (a key line
// that is not "key:", a document end marker) makes it report false,
// having written nothing, and the caller encodes the document whole.
func encodeChunked(buf *bytes.Buffer, doc any) (bool, error) {
	if !splittable(doc) || weight(doc, chunkWeight) <= chunkWeight {
		return false, nil
	}
	start := buf.Len()
	c := &chunker{buf: buf, keys: map[string]string{}, vals: map[any]string{}}
	ok, err := c.mapping(nil, doc)
	if err != nil || !ok {
		buf.Truncate(start)
		return false, err
	}
	return true, nil
}

// chunker writes one document's chunks; open are the keys whose lines are
// written and whose mapping the next chunk continues.
type chunker struct {
	buf  *bytes.Buffer
	open []string
	// keys and vals are how yaml.v3 writes a key, and a scalar value, on
	// one line; "" when it does not (a complex key, a literal block).
	keys map[string]string
	vals map[any]string
}

// mapping writes the pairs of the mapping m at path. A pair whose key
// and scalar value yaml.v3 writes on one line is written as it would
// write it ("key: value"), as is a sequence of such scalars ("key:" and a
// line "  - item" each), and a mapping under a key it writes on one line
// as "key:" and its pairs; the rest goes through yaml.v3 in chunks.
func (c *chunker) mapping(path []string, m any) (bool, error) {
	keys, get := pairs(m)
	var group []string
	used := 0
	flush := func() (bool, error) {
		if len(group) == 0 {
			return true, nil
		}
		ok, err := c.chunk(path, group, get)
		group, used = nil, 0
		return ok, err
	}
	indent := strings.Repeat("  ", len(path))
	for _, k := range keys {
		v := get(k)
		if kr := c.key(k); kr != "" {
			if splittable(v) {
				if ok, err := flush(); err != nil || !ok {
					return ok, err
				}
				c.buf.WriteString(indent + kr + ":\n")
				c.open = append(c.open[:len(path)], k)
				if ok, err := c.mapping(append(path[:len(path):len(path)], k), v); err != nil || !ok {
					return ok, err
				}
				continue
			}
			if vr := c.scalar(v); vr != "" {
				if ok, err := flush(); err != nil || !ok {
					return ok, err
				}
				c.buf.WriteString(indent + kr + ": " + vr + "\n")
				continue
			}
			if items, ok := c.scalars(v); ok {
				if ok, err := flush(); err != nil || !ok {
					return ok, err
				}
				if len(items) == 0 {
					c.buf.WriteString(indent + kr + ": []\n")
					continue
				}
				c.buf.WriteString(indent + kr + ":\n")
				for _, r := range items {
					c.buf.WriteString(indent + "  - " + r + "\n")
				}
				continue
			}
		}
		w := weight(v, chunkWeight)
		if used > 0 && used+w > chunkWeight {
			if ok, err := flush(); err != nil || !ok {
				return ok, err
			}
		}
		group = append(group, k)
		used += w + 1
	}
	return flush()
}

// key is how yaml.v3 writes k as a simple key, or "".
func (c *chunker) key(k string) string {
	if r, ok := c.keys[k]; ok {
		return r
	}
	r := ""
	switch {
	case plainSafe(k) && len(k) <= 64:
		r = k
	case simpleKey(k):
		if out, err := encodeOne(NewMap(k, "x")); err == nil {
			if s, ok := strings.CutSuffix(out, ": x\n"); ok && !strings.ContainsAny(s, "\n") && !strings.HasPrefix(s, "? ") {
				r = s
			}
		}
	}
	c.keys[k] = r
	return r
}

// scalar is how yaml.v3 writes the scalar v as a mapping's value when
// that is one line, or "".
func (c *chunker) scalar(v any) string {
	switch t := v.(type) {
	case string:
		if plainSafe(t) {
			return t
		}
	case bool, int, int64, float64, nil:
	default:
		return ""
	}
	if r, ok := c.vals[v]; ok {
		return r
	}
	r := ""
	if out, err := encodeOne(NewMap("k", v)); err == nil {
		if s, ok := strings.CutPrefix(out, "k: "); ok && strings.Count(s, "\n") == 1 && strings.HasSuffix(s, "\n") {
			r = s[:len(s)-1]
		}
	}
	c.vals[v] = r
	return r
}

// scalars is how yaml.v3 writes the items of v, a block sequence of
// scalars each written on one line ("- item"); false for anything else.
func (c *chunker) scalars(v any) ([]string, bool) {
	var items []string
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			r := c.scalar(x)
			if r == "" {
				return nil, false
			}
			items = append(items, r)
		}
	case []string:
		for _, x := range t {
			r := c.scalar(x)
			if r == "" {
				return nil, false
			}
			items = append(items, r)
		}
	default:
		return nil, false
	}
	return items, true
}

// encodeOne is doc as one yaml.v3 encoder writes it.
func encodeOne(doc any) (string, error) {
	var b bytes.Buffer
	if err := encodeWhole(&b, doc); err != nil {
		return "", err
	}
	return b.String(), nil
}

// plainSafe reports whether yaml.v3 writes s as a plain scalar, as it
// is, for certain, without asking it: ASCII letters, digits, spaces
// inside, _ . / - and braces after the first character, which is a letter
// or a slash, and no word YAML reads as a boolean or null.
// (TestPlainSafe holds it to yaml.v3.)
func plainSafe(s string) bool {
	if s == "" || len(s) > 256 || !(isLetter(s[0]) || s[0] == '/') || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isLetter(c), c >= '0' && c <= '9', c == '_', c == '.', c == '/', c == '-', c == ' ', c == '{', c == '}':
		default:
			return false
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// chunk encodes the pairs keys of the mapping at path, inside single-key
// mappings of path's keys, and appends what the key lines already written
// do not hold.
func (c *chunker) chunk(path, keys []string, get func(string) any) (bool, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, k := range keys {
		if err := appendPair(n, k, get(k)); err != nil {
			for i := len(path) - 1; i >= 0; i-- {
				err = fmt.Errorf("%s: %w", path[i], err)
			}
			return false, err
		}
	}
	for i := len(path) - 1; i >= 0; i-- {
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: path[i]}
		n = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{key, n}}
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return false, err
	}
	if err := enc.Close(); err != nil {
		return false, err
	}
	data := out.Bytes()
	if bytes.HasSuffix(data, []byte("\n...\n")) {
		// A document end marker (this yaml.v3 writes none, even after a
		// |+ block scalar): only whole encoding would place it right.
		return false, nil
	}
	// The first len(path) lines are path's keys, one a line, each indented
	// two spaces more than its parent's; the body starts deeper still.
	same := 0
	for same < len(c.open) && same < len(path) && c.open[same] == path[same] {
		same++
	}
	rest := data
	for i := range path {
		line, tail, found := bytes.Cut(rest, []byte("\n"))
		if !found || !keyLine(line, i, true) {
			return false, nil
		}
		if i >= same {
			c.buf.Write(line)
			c.buf.WriteByte('\n')
		}
		rest = tail
	}
	if !keyLine(firstLine(rest), len(path), false) {
		return false, nil
	}
	c.buf.Write(rest)
	c.open = append(c.open[:0], path...)
	return true, nil
}

func firstLine(b []byte) []byte {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return line
}

// keyLine reports whether line starts a pair of a block mapping at depth
// (two spaces a level); open: a pair whose value, a block mapping, follows
// on the next lines ("key:", not a complex key "? key").
func keyLine(line []byte, depth int, open bool) bool {
	ind := 2 * depth
	if len(line) <= ind || len(bytes.TrimLeft(line[:ind], " ")) != 0 || line[ind] == ' ' {
		return false
	}
	if open {
		return !bytes.HasPrefix(line[ind:], []byte("? ")) && bytes.HasSuffix(line, []byte(":"))
	}
	return true
}

// simpleKey reports whether the emitter writes k as a one-line simple key
// (it does for keys up to 128 bytes on one line).
func simpleKey(k string) bool {
	return k != "" && len(k) <= 64 && !strings.ContainsAny(k, "\n\r\u0085\u2028\u2029")
}

// splittable reports whether v is a non-empty block mapping.
func splittable(v any) bool {
	switch t := v.(type) {
	case *Map:
		return t.Len() > 0
	case map[string]any:
		return len(t) > 0
	}
	return false
}

// pairs returns the keys of the mapping m in the order Node writes them
// and a lookup of their values.
func pairs(m any) ([]string, func(string) any) {
	switch t := m.(type) {
	case *Map:
		return t.keys, func(k string) any { return t.vals[k] }
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys, func(k string) any { return t[k] }
	}
	return nil, nil
}

// weight counts the nodes of v, stopping once past limit.
func weight(v any, limit int) int {
	n := 1
	add := func(x any) bool {
		n += weight(x, limit-n)
		return n <= limit
	}
	switch t := v.(type) {
	case Flow:
		return weight(t.Value, limit)
	case *Map:
		if t == nil {
			return 1
		}
		for _, k := range t.keys {
			n++
			if !add(t.vals[k]) {
				break
			}
		}
	case map[string]any:
		for _, x := range t {
			n++
			if !add(x) {
				break
			}
		}
	case []any:
		for _, x := range t {
			if !add(x) {
				break
			}
		}
	case []string:
		n += len(t)
	case []*Map:
		for _, x := range t {
			if !add(x) {
				break
			}
		}
	}
	return n
}
