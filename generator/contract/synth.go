package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"net/url"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// valid synthesizes a request the spec allows: every required parameter,
// and a body with every required property.
func (d *deriver) valid() (*params, error) {
	p := &params{path: map[string]string{}, query: url.Values{}, header: map[string]string{}, cookie: map[string]string{}}
	for _, prm := range d.op.Params {
		if !prm.Required && prm.In != model.InPath {
			continue
		}
		var s *model.JSONSchema
		if prm.Validation != nil {
			s = prm.Validation.Schema
		}
		v, err := synth(s, d.rnd, 0)
		if err != nil {
			return nil, fmt.Errorf("%s parameter %s: %v", prm.In, prm.Name, err)
		}
		if arr, ok := v.([]any); ok && prm.Array && prm.Validation != nil && len(arr) > 0 && (prm.In == model.InQuery || prm.In == model.InHeader) {
			// Every item (minItems may want more than one), as the
			// parameter's style sends them.
			var items []string
			for _, x := range arr {
				if t, ok := scalarText(x); ok {
					items = append(items, t)
				}
			}
			if values, ok := arrayValues(prm, items); ok && len(items) == len(arr) {
				p.setValues(prm, values)
				continue
			}
		}
		if arr, ok := v.([]any); ok {
			if len(arr) == 0 {
				v = nil
			} else {
				v = arr[0]
			}
		}
		text, ok := scalarText(v)
		if prm.Validation != nil && prm.Validation.Content != "" && strings.Contains(strings.ToLower(prm.Validation.Content), "json") {
			raw, err := json.Marshal(v)
			text, ok = string(raw), err == nil
		}
		if !ok {
			text = "a"
		}
		p.set(prm, text)
	}
	if b := d.op.Body; b != nil && b.JSON && d.example != nil {
		p.body, p.hasBody = d.example, true
		p = clone(p) // the example is shared between derivations
	} else if b != nil && b.JSON && b.Schema != nil {
		v, err := synth(b.Schema, d.rnd, 0)
		if err != nil {
			return nil, fmt.Errorf("request body: %v", err)
		}
		p.body, p.hasBody = v, true
	} else if b != nil && b.Required {
		return nil, errors.New("the request body is not JSON (" + strings.Join(b.ContentTypes, ", ") + "): no valid body can be synthesized")
	}
	return p, nil
}

func (p *params) set(prm *model.Param, v string) {
	switch prm.In {
	case model.InPath:
		p.path[prm.Name] = v
	case model.InQuery:
		p.query.Set(prm.Name, v)
	case model.InHeader:
		p.header[prm.Name] = v
	case model.InCookie:
		p.cookie[prm.Name] = v
	}
}

// setValues gives the parameter these values: repeated keys in the
// query, else the one value.
func (p *params) setValues(prm *model.Param, vs []string) {
	if prm.In == model.InQuery && len(vs) != 1 {
		p.query[prm.Name] = append([]string(nil), vs...)
		return
	}
	if len(vs) > 0 {
		p.set(prm, vs[0])
	}
}

func (p *params) remove(prm *model.Param) {
	switch prm.In {
	case model.InQuery:
		p.query.Del(prm.Name)
	case model.InHeader:
		delete(p.header, prm.Name)
	case model.InCookie:
		delete(p.cookie, prm.Name)
	}
}

// clone copies p deeply enough for one case to change it.
func clone(p *params) *params {
	q := &params{path: map[string]string{}, query: url.Values{}, header: map[string]string{}, cookie: map[string]string{}, hasBody: p.hasBody}
	for k, v := range p.path {
		q.path[k] = v
	}
	for k, v := range p.cookie {
		q.cookie[k] = v
	}
	for k, v := range p.query {
		q.query[k] = append([]string(nil), v...)
	}
	for k, v := range p.header {
		q.header[k] = v
	}
	if p.hasBody {
		raw, _ := json.Marshal(p.body)
		_ = json.Unmarshal(raw, &q.body)
	}
	return q
}

// request makes p a Request of the operation.
func (d *deriver) request(p *params, auth Auth) Request {
	var path strings.Builder
	for _, s := range d.op.Segments {
		path.WriteString("/")
		if s.Param == "" {
			path.WriteString(s.Prefix)
			continue
		}
		path.WriteString(s.Prefix)
		if s.Greedy {
			path.WriteString(p.path[s.Param])
		} else {
			path.WriteString(url.PathEscape(p.path[s.Param]))
		}
		path.WriteString(s.Suffix)
	}
	if path.Len() == 0 {
		path.WriteString("/")
	}
	header := p.header
	if len(p.cookie) > 0 {
		// One Cookie header, its pairs in name order (RFC 6265 section 5.4).
		header = map[string]string{}
		for k, v := range p.header {
			header[k] = v
		}
		var pairs []string
		for name, v := range p.cookie {
			pairs = append(pairs, name+"="+v)
		}
		sort.Strings(pairs)
		header["Cookie"] = strings.Join(pairs, "; ")
	}
	r := Request{Method: d.op.Method, Path: path.String(), Template: d.op.Path, PathParams: p.path,
		Query: p.query, Header: header, Auth: auth}
	if p.hasBody {
		r.Body, _ = json.Marshal(p.body)
		r.ContentType = d.op.Body.JSONType
	}
	return r
}

// flatten merges an allOf's members into one object view (properties,
// required, additionalProperties: false), without changing s.
func flatten(s *model.JSONSchema) *model.JSONSchema {
	if len(s.AllOf) == 0 {
		return s
	}
	out := *s
	out.Properties = append([]*model.Property(nil), s.Properties...)
	out.Required = append([]string(nil), s.Required...)
	for _, m := range s.AllOf {
		f := flatten(m)
		for _, p := range f.Properties {
			if out.Property(p.Name) == nil {
				out.Properties = append(out.Properties, p)
			}
		}
		out.Required = append(out.Required, f.Required...)
		if out.Types == nil {
			out.Types = f.Types
		}
	}
	// additionalProperties: false in one member of an allOf judges the
	// others' properties too; a violation case there would be ambiguous.
	out.NoAdditional = s.NoAdditional
	sort.SliceStable(out.Properties, func(i, j int) bool { return out.Properties[i].Name < out.Properties[j].Name })
	return &out
}

const maxDepth = 12

// maxLen bounds the strings cases send (a bound of a million characters
// gets no case rather than a megabyte request).
const maxLen = 1 << 16

// synth returns a JSON value (as decoded by encoding/json) that s accepts.
func synth(s *model.JSONSchema, rnd *rand.Rand, depth int) (any, error) {
	if s == nil || s.Empty {
		return "a", nil
	}
	if depth > maxDepth {
		return nil, errors.New("the schema nests too deep to synthesize a value")
	}
	if s.Bool != nil {
		if *s.Bool {
			return "a", nil
		}
		return nil, errors.New("the schema is false: no value is valid")
	}
	if s.Const != nil {
		return s.Const.Value, nil
	}
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e != nil {
				return e, nil
			}
		}
		return s.Enum[0], nil
	}
	if s.Default != nil && s.Default.Value != nil {
		return s.Default.Value, nil
	}
	if len(s.AllOf) > 0 {
		return synthObject(flatten(s), rnd, depth)
	}
	if alts := append(append([]*model.JSONSchema(nil), s.OneOf...), s.AnyOf...); len(alts) > 0 {
		if dsc := s.Discriminator; dsc != nil {
			for _, c := range append(append([]model.DiscriminatorCase(nil), dsc.Mapping...), dsc.Implicit...) {
				v, err := synth(c.Schema, rnd, depth+1)
				if m, ok := v.(map[string]any); ok && err == nil {
					m[dsc.PropertyName] = c.Value
					return m, nil
				}
			}
		}
		var first error
		for _, a := range alts {
			v, err := synth(a, rnd, depth+1)
			if err == nil {
				return v, nil
			}
			if first == nil {
				first = err
			}
		}
		return nil, first
	}
	switch {
	case s.Types == nil && len(s.Properties) > 0, s.Permits("object") && !s.Permits("string"):
		return synthObject(s, rnd, depth)
	case s.Permits("array") && s.Types != nil && !s.Permits("string"):
		if s.MinItems > 1000 {
			return nil, fmt.Errorf("minItems %d is more than this synthesis writes", s.MinItems)
		}
		n := max(s.MinItems, 1)
		if s.MaxItems != nil && *s.MaxItems < n {
			n = *s.MaxItems
		}
		arr := []any{}
		for i := int64(0); i < n; i++ {
			v, err := synth(s.Items, rnd, depth+1)
			if err != nil {
				return nil, err
			}
			if s.UniqueItems && slices.ContainsFunc(arr, func(x any) bool { return reflect.DeepEqual(x, v) }) {
				return nil, errors.New("uniqueItems: only one distinct item value could be synthesized")
			}
			arr = append(arr, v)
		}
		return arr, nil
	case s.Types != nil && (s.Permits("integer") || s.Permits("number")) && !s.Permits("string"):
		return synthNumber(s)
	case s.Types != nil && s.Permits("boolean") && !s.Permits("string"):
		return true, nil
	case s.Types != nil && len(s.Types) == 1 && s.Types[0] == "null":
		return nil, nil
	}
	return synthString(s, rnd)
}

func synthObject(s *model.JSONSchema, rnd *rand.Rand, depth int) (any, error) {
	obj := map[string]any{}
	for _, name := range s.Required {
		p := s.Property(name)
		var ps *model.JSONSchema
		if p != nil {
			ps = p.Schema
		} else {
			ps = s.Additional
		}
		v, err := synth(ps, rnd, depth+1)
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", name, err)
		}
		obj[name] = v
	}
	for _, p := range s.Properties {
		if int64(len(obj)) >= s.MinProperties {
			break
		}
		if _, ok := obj[p.Name]; ok || p.Schema.ReadOnly {
			continue
		}
		v, err := synth(p.Schema, rnd, depth+1)
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", p.Name, err)
		}
		obj[p.Name] = v
	}
	return obj, nil
}

func synthNumber(s *model.JSONSchema) (any, error) {
	integer := !s.Permits("number") || (len(s.Types) > 0 && !contains(s.Types, "number"))
	lo, hi := math.Inf(-1), math.Inf(1)
	if s.Minimum != nil {
		lo = *s.Minimum
	}
	if s.ExclusiveMinimum != nil {
		lo = math.Max(lo, *s.ExclusiveMinimum+step(integer))
	}
	if s.Maximum != nil {
		hi = *s.Maximum
	}
	if s.ExclusiveMaximum != nil {
		hi = math.Min(hi, *s.ExclusiveMaximum-step(integer))
	}
	v := 1.0
	if v < lo {
		v = lo
	}
	if v > hi {
		v = hi
	}
	if integer {
		v = math.Ceil(v)
	}
	if m := s.MultipleOf; m != nil && *m > 0 {
		v = math.Ceil(v / *m) * *m
	}
	if v < lo || v > hi || math.IsInf(v, 0) {
		return nil, errors.New("no number satisfies the bounds")
	}
	return v, nil
}

func step(integer bool) float64 {
	if integer {
		return 1
	}
	return 0.5
}

// formatValues are valid values of the formats the generated code checks.
var formatValues = map[string]string{
	"email": "alice@example.com", "date": "2024-01-31", "date-time": "2024-01-31T09:30:00Z",
	"time": "09:30:00Z", "uri": "https://example.com/a", "hostname": "example.com",
	"ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "byte": "aGVsbG8=",
}

func synthString(s *model.JSONSchema, rnd *rand.Rand) (any, error) {
	var v string
	switch {
	case s.Format == "uuid":
		v = fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rnd.Uint32(), rnd.Intn(1<<16), rnd.Intn(1<<12), rnd.Intn(1<<12), rnd.Int63n(1<<48))
	case formatValues[s.Format] != "":
		v = formatValues[s.Format]
	case s.Pattern != "" && !s.PatternSkipped:
		g, err := fromPattern(s.Pattern)
		if err != nil {
			return nil, err
		}
		v = g
	default:
		v = "a" + strconv.Itoa(rnd.Intn(900)+100)
	}
	if s.MinLength > maxLen {
		return nil, fmt.Errorf("minLength %d is more than this synthesis writes (%d)", s.MinLength, maxLen)
	}
	for int64(len([]rune(v))) < s.MinLength {
		v += "a"
	}
	if s.MaxLength != nil && int64(len([]rune(v))) > *s.MaxLength {
		v = string([]rune(v)[:*s.MaxLength])
	}
	if s.Pattern != "" && !s.PatternSkipped {
		re, err := regexp.Compile(s.Pattern)
		if err != nil || !re.MatchString(v) {
			return nil, fmt.Errorf("no string was found that matches the pattern %s within the length and format bounds", s.Pattern)
		}
	}
	return v, nil
}

// fromPattern builds a string the pattern matches, simply: the first
// branch of each alternation, the fewest repetitions allowed, the first
// character of each class.
func fromPattern(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", fmt.Errorf("the pattern %s does not compile: %v", pattern, err)
	}
	var b strings.Builder
	var walk func(r *syntax.Regexp) error
	walk = func(r *syntax.Regexp) error {
		switch r.Op {
		case syntax.OpLiteral:
			b.WriteString(string(r.Rune))
		case syntax.OpCharClass:
			if len(r.Rune) == 0 {
				return errors.New("an empty character class")
			}
			c := r.Rune[0]
			// Prefer a letter or digit within the first range.
			for i := 0; i+1 < len(r.Rune); i += 2 {
				if r.Rune[i] <= 'a' && 'a' <= r.Rune[i+1] {
					c = 'a'
					break
				}
				if r.Rune[i] <= '0' && '0' <= r.Rune[i+1] {
					c = '0'
				}
			}
			b.WriteRune(c)
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			b.WriteRune('a')
		case syntax.OpCapture:
			return walk(r.Sub[0])
		case syntax.OpConcat:
			for _, s := range r.Sub {
				if err := walk(s); err != nil {
					return err
				}
			}
		case syntax.OpAlternate:
			return walk(r.Sub[0])
		case syntax.OpPlus:
			return walk(r.Sub[0])
		case syntax.OpRepeat:
			for i := 0; i < r.Min; i++ {
				if err := walk(r.Sub[0]); err != nil {
					return err
				}
			}
		case syntax.OpStar, syntax.OpQuest, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
			syntax.OpBeginText, syntax.OpEndText:
		default:
			return fmt.Errorf("the pattern %s uses %v, which this simple synthesis does not handle", pattern, r.Op)
		}
		return nil
	}
	if err := walk(re); err != nil {
		return "", err
	}
	return b.String(), nil
}

// violation is a value that breaks one keyword of a schema.
type violation struct {
	keyword string
	value   any
}

// violations lists one value per constraint of s that breaks it and
// nothing else the case depends on. asText: the value travels as a
// parameter's text, where a string is not a type error.
func violations(s *model.JSONSchema, asText bool) []violation {
	if s == nil || s.Empty || s.Bool != nil || len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) > 0 || s.Not != nil {
		return nil
	}
	var out []violation
	str := s.Permits("string")
	num := s.Types != nil && (s.Permits("number") || s.Permits("integer"))
	switch {
	case s.Types == nil:
	case str && !asText && !s.Permits("number"):
		out = append(out, violation{"type", 12345.0})
	case !str && len(s.Types) > 0:
		out = append(out, violation{"type", "zz-not-a-" + s.Types[0]})
	}
	if num && !s.Permits("number") {
		out = append(out, violation{"type integer", 1.5})
	}
	if len(s.Enum) > 0 && str {
		out = append(out, violation{"enum", "zz-not-in-enum"})
		return out // the other string keywords judge what the enum allows anyway
	}
	if str && s.Types != nil {
		if s.MinLength > 0 && s.MinLength < maxLen {
			out = append(out, violation{"minLength", strings.Repeat("a", int(s.MinLength-1))})
		}
		if s.MaxLength != nil && *s.MaxLength < maxLen {
			out = append(out, violation{"maxLength", strings.Repeat("a", int(*s.MaxLength+1))})
		}
		if s.Pattern != "" && !s.PatternSkipped {
			if re, err := regexp.Compile(s.Pattern); err == nil {
				for _, c := range []string{"!", "~ ~", "zz", "0", ""} {
					if !re.MatchString(c) && int64(len(c)) >= s.MinLength && (s.MaxLength == nil || int64(len(c)) <= *s.MaxLength) {
						out = append(out, violation{"pattern", c})
						break
					}
				}
			}
		}
		if model.CheckedFormats[s.Format] && s.Format != "byte" && s.Format != "int32" && s.Format != "int64" { // string formats only
			out = append(out, violation{"format " + s.Format, "zz not a " + s.Format})
		}
	}
	if num {
		if s.Minimum != nil {
			out = append(out, violation{"minimum", *s.Minimum - 1})
		}
		if s.ExclusiveMinimum != nil {
			out = append(out, violation{"exclusiveMinimum", *s.ExclusiveMinimum})
		}
		if s.Maximum != nil {
			out = append(out, violation{"maximum", *s.Maximum + 1})
		}
		if s.ExclusiveMaximum != nil {
			out = append(out, violation{"exclusiveMaximum", *s.ExclusiveMaximum})
		}
		if bad, ok := notMultiple(s); ok {
			out = append(out, violation{"multipleOf", bad})
		}
	}
	return out
}

// notMultiple is a number within s's bounds (an integer where s wants
// one) that is not a multiple of its multipleOf.
func notMultiple(s *model.JSONSchema) (float64, bool) {
	m := s.MultipleOf
	if m == nil || *m <= 0 {
		return 0, false
	}
	v, err := synthNumber(s)
	if err != nil {
		return 0, false
	}
	base := v.(float64)
	integer := !s.Permits("number") || (len(s.Types) > 0 && !contains(s.Types, "number"))
	for _, d := range []float64{*m / 2, 1, -*m / 2, -1} {
		bad := base + d
		if integer && bad != math.Trunc(bad) {
			continue
		}
		r := math.Mod(bad, *m)
		if math.Abs(r) < 1e-9 || math.Abs(r-*m) < 1e-9 || math.Abs(r+*m) < 1e-9 {
			continue
		}
		if synthInBounds(s, bad) {
			return bad, true
		}
	}
	return 0, false
}

func synthInBounds(s *model.JSONSchema, v float64) bool {
	return (s.Minimum == nil || v >= *s.Minimum) && (s.Maximum == nil || v <= *s.Maximum) &&
		(s.ExclusiveMinimum == nil || v > *s.ExclusiveMinimum) && (s.ExclusiveMaximum == nil || v < *s.ExclusiveMaximum)
}

// scalarText is v as a parameter's text.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}
