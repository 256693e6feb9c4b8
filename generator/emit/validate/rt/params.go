package rt

import (
	"encoding/json"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-faster/jx"
)

// ParamKind tells how a parameter's text becomes a JSON value.
type ParamKind uint8

const (
	AsString  ParamKind = iota // always a JSON string
	AsNumber                   // a JSON number when it is one in JSON's syntax, else a string
	AsInteger                  // a JSON number when it is digits with an optional minus (no +, leading zero, fraction or exponent), else a string
	AsBool                     // true or false when it reads as one, else a string
	asAuto                     // number, boolean or null when it reads as one, else a string
)

// appendParam appends text as the JSON value kind says. Numbers are taken
// only in JSON's own syntax, integers only as plain digits: "+5", "05",
// "5.0" or "1e1" would be checked as 5 or 10 and then reach a backend as
// text it may read otherwise (parseInt("1e1") is 1), so they stay strings
// and fail the type check.
func appendParam(out []byte, text string, kind ParamKind) []byte {
	switch kind {
	case AsNumber, AsInteger, asAuto:
		number := isJSONNumber(text)
		if kind == AsInteger {
			number = isPlainInteger(text)
		}
		if number {
			if f, err := strconv.ParseFloat(text, 64); err == nil && !math.IsInf(f, 0) {
				return append(out, text...)
			}
		}
		if kind != asAuto {
			break
		}
		if text == "true" || text == "false" || text == "null" {
			return append(out, text...)
		}
	case AsBool:
		if text == "true" || text == "false" {
			return append(out, text...)
		}
	}
	return appendJSONString(out, text)
}

// isPlainInteger reports whether s is an integer as JSON writes one:
// an optional minus, then 0 or digits not starting with 0.
func isPlainInteger(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isJSONNumber reports whether s is a number in JSON's own syntax.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else if s[i] >= '1' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

func appendJSONString(out []byte, s string) []byte {
	e := jx.GetEncoder()
	e.Str(s)
	out = append(out, e.Bytes()...)
	jx.PutEncoder(e)
	return out
}

// SplitStyle splits a parameter's text into its values per style; explode
// applies to repeated keys, handled by the caller. An empty text is one
// empty value (which an array's item schema then judges), as kin-openapi
// reads it.
func SplitStyle(text, sep string) []string {
	return strings.Split(text, sep)
}

// ParamArray builds a JSON array from a parameter's values.
func (s *State) ParamArray(vals []string, kind ParamKind) []byte {
	out := s.buf[:0]
	out = append(out, '[')
	for i, v := range vals {
		if i > 0 {
			out = append(out, ',')
		}
		s.utf8(v)
		out = appendParam(out, v, kind)
	}
	out = append(out, ']')
	s.buf = out
	return out
}

// utf8 refuses a parameter's text that is not UTF-8 (?cursor=%ff%fe), as a
// body that is not is refused: the JSON built from it would hold U+FFFD
// where the caller sent other bytes, so no check would see what was sent.
func (s *State) utf8(text string) {
	if !utf8.ValidString(text) {
		s.Fail("type", "must be valid UTF-8")
	}
}

// ParamScalar builds a JSON value from one parameter value.
func (s *State) ParamScalar(text string, kind ParamKind) []byte {
	s.utf8(text)
	s.buf = appendParam(s.buf[:0], text, kind)
	return s.buf
}

// ParamJSON is the text of a parameter with JSON content, checked as a
// body is: UTF-8, and no half of a UTF-16 surrogate pair escaped alone
// (the handler gets the text itself). A violation is recorded in s and
// the text is returned for the schema check all the same.
func (s *State) ParamJSON(text string) []byte {
	s.utf8(text)
	if !pairedSurrogates([]byte(text)) {
		s.Fail("type", "escapes half of a UTF-16 surrogate pair alone, which stands for no character")
	}
	return []byte(text)
}

// ObjField is one property of an object parameter, with how it converts.
type ObjField struct {
	Name string
	Kind ParamKind
}

// ParamObject builds a JSON object from name/value pairs; kinds gives the
// conversion of declared properties (others are strings).
func (s *State) ParamObject(pairs []string, fields []ObjField) []byte {
	out := s.buf[:0]
	out = append(out, '{')
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			out = append(out, ',')
		}
		s.utf8(pairs[i])
		s.utf8(pairs[i+1])
		out = appendJSONString(out, pairs[i])
		out = append(out, ':')
		kind := AsString
		for _, f := range fields {
			if f.Name == pairs[i] {
				kind = f.Kind
				break
			}
		}
		out = appendParam(out, pairs[i+1], kind)
	}
	out = append(out, '}')
	s.buf = out
	return out
}

// PairsOf splits "k1,v1,k2,v2" (explode false) or "k1=v1,k2=v2" (explode
// true) into name/value pairs; ok is false when they do not pair up.
func PairsOf(text, sep string, explode bool) ([]string, bool) {
	if text == "" {
		return nil, true
	}
	parts := strings.Split(text, sep)
	if !explode {
		return parts, len(parts)%2 == 0
	}
	out := make([]string, 0, 2*len(parts))
	for _, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, false
		}
		out = append(out, k, v)
	}
	return out, true
}

// DeepObject collects name[key]=value query parameters as pairs, sorted by
// key; once is false when a key is given more than once.
func DeepObject(query map[string][]string, name string) (pairs []string, found, once bool) {
	var keys []string
	for k := range query {
		if strings.HasPrefix(k, name+"[") && strings.HasSuffix(k, "]") {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, false, true
	}
	sort.Strings(keys)
	once = true
	pairs = make([]string, 0, 2*len(keys))
	for _, k := range keys {
		v := query[k]
		if len(v) == 0 {
			continue
		}
		once = once && len(v) == 1
		pairs = append(pairs, k[len(name)+1:len(k)-1], v[0])
	}
	return pairs, true, once
}

// DecodeInto decodes the JSON raw (built from a parameter) into v with f.
func DecodeInto[T any](s *State, raw []byte, f func(*State, *jx.Decoder, *T) error, v *T) {
	if !pairedSurrogates(raw) {
		s.Fail("type", "cannot be read")
		return
	}
	d := jx.GetDecoder()
	d.ResetBytes(raw)
	if err := f(s, d, v); err != nil {
		s.Fail("type", "cannot be read")
	}
	jx.PutDecoder(d)
}

// Styled strips a path parameter's label (.x) or matrix (;name=x) prefix.
func Styled(text, style, name string, explode bool) string {
	switch style {
	case "label":
		return strings.TrimPrefix(text, ".")
	case "matrix":
		prefix := ";" + name + "="
		if explode {
			return strings.TrimPrefix(strings.ReplaceAll(text, prefix, ";"), ";")
		}
		return strings.TrimPrefix(text, prefix)
	}
	return text
}

// FormField is one declared property of a form body
// (application/x-www-form-urlencoded) and how its text becomes JSON: by
// the rules of a query parameter of its schema, style and explode
// (model.ParamSchema decides them at generation).
type FormField struct {
	Name  string
	Kind  ParamKind // of the value, or of each item when Array
	Array bool      // a list of values
	Multi bool      // the list is the key's repeated values (MultiValued)
	Sep   string    // else the separator of its items in one value
	JSON  bool      // the value is JSON text (an object, or a JSON contentType)
}

// FormObject reads a form body into the JSON object its schema's decoder
// then checks as a JSON body's (required, additionalProperties, every
// keyword, with pointers): each declared field converted as a query
// parameter is, every other key as extra (a string unless
// additionalProperties gives a type). A key given more than once that is
// not a list is a violation, never resolved. ok is false, with the
// violation in p, when the body is not a form (bad escapes, a ';').
func FormObject(p *Params, body []byte, fields []FormField, extra ParamKind) (raw []byte, ok bool) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		p.Errs = append(p.Errs, ProblemError{In: "body", Keyword: "form", Message: "malformed form body: keys and values must be percent-encoded and joined by & (no ;)"})
		return nil, false
	}
	s := NewState()
	defer s.Done(p)
	s.In = "body"
	out := []byte{'{'}
	member := func(name string) {
		if len(out) > 1 {
			out = append(out, ',')
		}
		s.utf8(name)
		out = appendJSONString(out, name)
		out = append(out, ':')
	}
	// once is the one value of the key being read (pushed).
	once := func(xs []string) string {
		if len(xs) > 1 {
			s.Fail("repeated", "must be given once")
		}
		return xs[0]
	}
	for _, f := range fields {
		xs, found := vals[f.Name]
		if !found || len(xs) == 0 {
			continue
		}
		delete(vals, f.Name)
		member(f.Name)
		s.Push(f.Name)
		switch {
		case f.Multi:
			out = append(out, s.ParamArray(xs, f.Kind)...)
		case f.JSON:
			text := once(xs)
			if s.utf8(text); json.Valid([]byte(text)) && pairedSurrogates([]byte(text)) {
				out = append(out, text...)
			} else {
				s.Fail("type", "must be JSON")
				out = appendJSONString(out, text)
			}
		case f.Array:
			out = append(out, s.ParamArray(SplitStyle(once(xs), f.Sep), f.Kind)...)
		default:
			out = append(out, s.ParamScalar(once(xs), f.Kind)...)
		}
		s.Pop()
	}
	rest := make([]string, 0, len(vals))
	for k := range vals {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		member(k)
		s.Push(k)
		out = append(out, s.ParamScalar(once(vals[k]), extra)...)
		s.Pop()
	}
	return append(out, '}'), true
}
