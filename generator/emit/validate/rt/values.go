package rt

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/go-faster/jx"
)

// canonJSON writes a canonical form of the JSON value read from d: object keys
// sorted, numbers as float64, strings unescaped, a repeated key's last value
// kept. Two values are equal as JSON exactly when their canonical forms are.
func canonJSON(d *jx.Decoder, out []byte) ([]byte, error) {
	switch d.Next() {
	case jx.String:
		v, err := d.StrBytes()
		if err != nil {
			return out, err
		}
		out = append(out, 's')
		out = strconv.AppendQuote(out, StringOf(v))
		return out, nil
	case jx.Number:
		n, err := readNum(d)
		if err != nil {
			return out, err
		}
		out = append(out, 'n')
		return strconv.AppendFloat(out, n.Float, 'g', -1, 64), nil
	case jx.Bool:
		v, err := d.Bool()
		if err != nil {
			return out, err
		}
		if v {
			return append(out, 't'), nil
		}
		return append(out, 'f'), nil
	case jx.Null:
		return append(out, 'z'), d.Null()
	case jx.Array:
		out = append(out, '[')
		it, err := d.ArrIter()
		if err != nil {
			return out, err
		}
		for it.Next() {
			if out, err = canonJSON(d, out); err != nil {
				return out, err
			}
			out = append(out, ',')
		}
		return append(out, ']'), it.Err()
	case jx.Object:
		type kv struct{ k, v string }
		var kvs []kv
		it, err := d.ObjIter()
		if err != nil {
			return out, err
		}
		for it.Next() {
			k := string(it.Key())
			v, err := canonJSON(d, nil)
			if err != nil {
				return out, err
			}
			kvs = append(kvs, kv{k, string(v)})
		}
		if err := it.Err(); err != nil {
			return out, err
		}
		// A repeated key keeps its LAST value, as encoding/json and
		// decodeAny do: enum, const, uniqueItems and not must judge the
		// value the handler receives, not one it never sees. The sort is
		// stable so repeated keys stay in document order.
		sort.SliceStable(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
		out = append(out, '{')
		for i, x := range kvs {
			if i+1 < len(kvs) && kvs[i+1].k == x.k {
				continue // a later value of the same key wins
			}
			out = strconv.AppendQuote(out, x.k)
			out = append(out, ':')
			out = append(out, x.v...)
			out = append(out, ',')
		}
		return append(out, '}'), nil
	}
	return out, d.Skip()
}

// CanonOf is the canonical form of raw.
func CanonOf(raw []byte) string {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	out, _ := canonJSON(d, nil)
	jx.PutDecoder(d)
	return string(out)
}

// UniqueItems reports whether the JSON array raw has no two equal items.
func UniqueItems(raw []byte) bool {
	d := jx.GetDecoder()
	defer jx.PutDecoder(d)
	d.ResetBytes(raw)
	it, err := d.ArrIter()
	if err != nil {
		return true
	}
	var items []string
	for it.Next() {
		c, err := canonJSON(d, nil)
		if err != nil {
			return true
		}
		items = append(items, string(c))
	}
	if len(items) < 2 {
		return true
	}
	if len(items) <= 16 {
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				if items[i] == items[j] {
					return false
				}
			}
		}
		return true
	}
	seen := make(map[string]struct{}, len(items))
	for _, x := range items {
		if _, dup := seen[x]; dup {
			return false
		}
		seen[x] = struct{}{}
	}
	return true
}

// LeadingTag returns the discriminator's value without a pass over the
// object raw when the object's first property is the discriminator name,
// written without escapes, holding a string without escapes: the place
// a writer usually puts it. ok is false otherwise, and the caller finds
// it with DiscriminatorOf. The tag shares raw's memory: it is only
// compared. Only alternatives whose own checks report the property given
// twice or in another letter case are chosen this way, so the clash
// DiscriminatorOf would report is not missed.
func LeadingTag(raw []byte, name string) (tag string, ok bool) {
	i := skipJSONSpace(raw, 1)
	if i >= len(raw) || raw[i] != '"' {
		return "", false
	}
	i++
	if len(raw)-i <= len(name) || StringOf(raw[i:i+len(name)]) != name || raw[i+len(name)] != '"' {
		return "", false
	}
	if i = skipJSONSpace(raw, i+len(name)+1); i >= len(raw) || raw[i] != ':' {
		return "", false
	}
	if i = skipJSONSpace(raw, i+1); i >= len(raw) || raw[i] != '"' {
		return "", false
	}
	start := i + 1
	for i = start; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '"':
			return StringOf(raw[start:i]), true
		case c == '\\' || c < 0x20:
			return "", false
		}
	}
	return "", false
}

// skipJSONSpace returns the index of the first byte of raw at or after i that
// is not JSON white space.
func skipJSONSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}

// DiscriminatorOf finds the string value of the property name in the JSON
// object raw. found is false when the property is absent; isString is false
// when it is not a string; clash is true when the object gives the name
// twice, or also in another letter case (encoding/json, which the union
// accessors use, would read either: see caseVariant).
func DiscriminatorOf(raw []byte, name string) (value string, found, isString, clash bool) {
	d := jx.GetDecoder()
	defer jx.PutDecoder(d)
	d.ResetBytes(raw)
	it, err := d.ObjIter()
	if err != nil {
		return "", false, false, false
	}
	for it.Next() {
		if k := it.Key(); string(k) != name {
			if strings.EqualFold(StringOf(k), name) {
				clash = true
			}
			if d.Skip() != nil {
				return "", false, false, clash
			}
			continue
		}
		if found {
			clash = true
		}
		found = true
		if d.Next() != jx.String {
			isString = false
			value = ""
			if d.Skip() != nil {
				return "", found, false, clash
			}
			continue
		}
		v, err := d.Str()
		if err != nil {
			return "", found, false, clash
		}
		value, isString = v, true
	}
	return value, found, isString, clash
}

// decodeAny decodes any JSON value as encoding/json does into an any.
func decodeAny(d *jx.Decoder) (any, error) {
	switch d.Next() {
	case jx.String:
		return d.Str()
	case jx.Number:
		n, err := readNum(d)
		return n.Float, err
	case jx.Bool:
		return d.Bool()
	case jx.Null:
		return nil, d.Null()
	case jx.Array:
		out := []any{}
		it, err := d.ArrIter()
		if err != nil {
			return nil, err
		}
		for it.Next() {
			v, err := decodeAny(d)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, it.Err()
	case jx.Object:
		out := map[string]any{}
		it, err := d.ObjIter()
		if err != nil {
			return nil, err
		}
		for it.Next() {
			k := string(it.Key())
			v, err := decodeAny(d)
			if err != nil {
				return nil, err
			}
			out[k] = v
		}
		return out, it.Err()
	}
	return nil, d.Skip()
}

// BindJSON decodes raw into v with encoding/json, for Go types the
// generated code does not fill itself; raw has already been validated.
func (s *State) BindJSON(raw []byte, v any) {
	if err := json.Unmarshal(raw, v); err != nil {
		s.Fail("type", "cannot be represented in the service's Go type")
	}
}

// AnyOf decodes raw as encoding/json does into an any.
func AnyOf(raw []byte) any {
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	v, _ := decodeAny(d)
	jx.PutDecoder(d)
	return v
}

// pairedSurrogates reports whether every \u escape of a UTF-16 surrogate
// in the JSON text b comes as a high-low pair. A lone one stands for no
// character: the decoder would hand the handler U+FFFD where the request
// (and RawBody) holds the escape, so the body is refused instead. A
// malformed escape counts as paired: the decoder refuses it itself.
func pairedSurrogates(b []byte) bool {
	i := bytes.IndexByte(b, '\\')
	for i >= 0 && i+1 < len(b) {
		if b[i+1] != 'u' { // \" \\ \/ \n ...: two bytes
			i = nextEscape(b, i+2)
			continue
		}
		r, ok := hex4(b, i+2)
		switch {
		case !ok:
			return true
		case r >= 0xdc00 && r < 0xe000:
			return false
		case r >= 0xd800 && r < 0xdc00:
			if i+11 >= len(b) || b[i+6] != '\\' || b[i+7] != 'u' {
				return false
			}
			if low, ok := hex4(b, i+8); !ok || low < 0xdc00 || low >= 0xe000 {
				return false
			}
			i = nextEscape(b, i+12)
		default:
			i = nextEscape(b, i+6)
		}
	}
	return true
}

// nextEscape is the index of the first backslash of b at or after from, or -1.
func nextEscape(b []byte, from int) int {
	if from >= len(b) {
		return -1
	}
	j := bytes.IndexByte(b[from:], '\\')
	if j < 0 {
		return -1
	}
	return from + j
}

// hex4 reads the four hex digits of a \u escape at b[at:].
func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
