package validation

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"regexp/syntax"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/specgate/specgate/bench/validation/kinformats"

	keywords "github.com/specgate/specgate/bench/validation/keywords/api"
	printshop "github.com/specgate/specgate/bench/validation/printshop/api"
)

func init() {
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	kinformats.Register()
}

// project is one generated api package with its spec.
type project struct {
	name    string
	spec    string
	handler func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
}

// The handlers' methods are never reached in a way that matters: a request
// the validation lets through calls the nil interface, panics, and the
// router answers 500, which counts as "accepted".
var projects = []project{
	{"printshop", "printshop/openapi.yaml", printshop.NewRESTHandler(struct{ printshop.Handler }{})},
	{"keywords", "keywords/openapi.yaml", keywords.NewRESTHandler(struct{ keywords.Handler }{})},
}

// request is one generated test request.
type request struct {
	name    string
	method  string
	tmpl    string
	path    map[string]string
	query   url.Values
	header  http.Header
	body    []byte
	noteKin string // a deliberate difference this case runs into (docs/validation.md), if any
}

func (r request) url() string {
	p := r.tmpl
	for k, v := range r.path {
		p = strings.ReplaceAll(p, "{"+k+"}", url.PathEscape(v))
	}
	if len(r.query) > 0 {
		p += "?" + r.query.Encode()
	}
	return p
}

// allScopes holds print-shop's scopes, bare and with the resource server.
var allScopes = func() string {
	var out []string
	for _, s := range []string{"catalog/read", "catalog/write", "orders/read", "orders/write", "offers/write", "shipping/read"} {
		out = append(out, s, "print-shop/"+s)
	}
	return strings.Join(out, " ")
}()

// kinVerdict is what kin-openapi's openapi3filter.ValidateRequest says.
func kinVerdict(doc *openapi3.T, r request) (bool, error) {
	item := doc.Paths.Value(r.tmpl)
	op := item.GetOperation(r.method)
	req, err := http.NewRequest(r.method, r.url(), bytes.NewReader(r.body))
	if err != nil {
		return false, err
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	if len(r.body) == 0 {
		req.Body = http.NoBody
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: r.path,
		Route:      &routers.Route{Spec: doc, Path: r.tmpl, PathItem: item, Method: r.method, Operation: op},
		Options:    &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	err = openapi3filter.ValidateRequest(context.Background(), in)
	return err == nil, err
}

// ourVerdict is what the generated Lambda answers.
func ourVerdict(p project, r request) (bool, string) {
	e := events.APIGatewayProxyRequest{HTTPMethod: r.method, Path: strings.SplitN(r.url(), "?", 2)[0], Body: string(r.body),
		MultiValueHeaders: map[string][]string(r.header), MultiValueQueryStringParameters: map[string][]string(r.query)}
	if u, err := url.PathUnescape(e.Path); err == nil {
		e.Path = u
	}
	// A caller holding every scope (the security check is not under test).
	e.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"sub": "tester", "token_use": "access", "scope": allScopes}}
	res, _ := p.handler(context.Background(), e)
	switch res.StatusCode {
	case 400, 413, 415, 404: // 404: a path value the router cannot place (such as one with a slash)
		return false, res.Body
	case 401, 403:
		panic("the test caller lacks a scope: " + res.Body)
	}
	return true, res.Body
}

func loadSpec(t testing.TB, path string) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestDifferential sends, for every operation of each project, a valid
// request and many invalid ones (per constraint: boundary values on both
// sides, wrong types, missing required values, extra properties, bad
// formats, oneOf matching none and several) to kin-openapi and to the
// generated code, and fails on every verdict they disagree on, except the
// deliberate differences docs/validation.md lists.
func TestDifferential(t *testing.T) {
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			doc := loadSpec(t, p.spec)
			total, diffs, deliberate := 0, 0, 0
			for _, r := range casesFor(doc) {
				total++
				kin, kinErr := kinVerdict(doc, r)
				ours, body := ourVerdict(p, r)
				if r.name == "valid" && (!kin || !ours) {
					t.Errorf("%s %s: the valid request is refused (kin-openapi accepts=%v, generated accepts=%v): %v\n%s\n%s", r.method, r.url(), kin, ours, kinErr, r.body, body)
				}
				if r.noteKin == noteCase && ours {
					t.Errorf("%s %s: %s: the generated code accepts a case-variant property name\n  body: %s", r.method, r.url(), r.name, r.body)
				}
				if kin == ours {
					continue
				}
				if r.noteKin != "" {
					deliberate++
					continue
				}
				diffs++
				t.Errorf("%s %s: %s: kin-openapi accepts=%v, generated accepts=%v\n  body: %s\n  kin: %v\n  generated: %s", r.method, r.url(), r.name, kin, ours, r.body, kinErr, body)
			}
			t.Logf("%d requests, %d disagreements, %d deliberate differences", total, diffs, deliberate)
			if total < 50 {
				t.Errorf("only %d requests generated; the case generator is broken", total)
			}
		})
	}
}

// casesFor builds the requests for every operation the Lambda serves.
func casesFor(doc *openapi3.T) []request {
	var out []request
	paths := doc.Paths.Keys()
	sort.Strings(paths)
	for _, path := range paths {
		item := doc.Paths.Value(path)
		for _, method := range []string{"GET", "PUT", "POST", "DELETE", "PATCH"} {
			op := item.GetOperation(method)
			if op == nil || op.Extensions["x-specgate-integration"] != nil {
				continue
			}
			out = append(out, opCases(method, path, item, op)...)
		}
	}
	return out
}

func opCases(method, tmpl string, item *openapi3.PathItem, op *openapi3.Operation) []request {
	var params []*openapi3.Parameter
	for _, group := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range group {
			params = append(params, ref.Value)
		}
	}
	base := request{name: "valid", method: method, tmpl: tmpl, path: map[string]string{}, query: url.Values{}, header: http.Header{}}
	var bodySchema *openapi3.Schema
	if op.RequestBody != nil {
		if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			bodySchema = mt.Schema.Value
			b, _ := json.Marshal(validValue(bodySchema, 0))
			base.body = b
			base.header.Set("Content-Type", "application/json")
		}
	}
	for _, p := range params {
		if p.In == "path" || p.Required || p.Schema.Value.Type.Is("array") {
			setParam(&base, p, validValue(p.Schema.Value, 0))
		}
	}
	out := []request{base}
	clone := func(name string) request {
		r := base
		r.name = name
		r.path = map[string]string{}
		for k, v := range base.path {
			r.path[k] = v
		}
		r.query = url.Values{}
		for k, v := range base.query {
			r.query[k] = append([]string(nil), v...)
		}
		r.header = base.header.Clone()
		return r
	}
	for _, p := range params {
		s := p.Schema.Value
		if p.Required && p.In != "path" {
			r := clone("missing required parameter " + p.Name)
			delParam(&r, p)
			out = append(out, r)
		}
		for _, m := range mutations(s, validValue(s, 0), nil) {
			if m.value == nil || isContainer(m.value) && !s.Type.Is("array") {
				continue
			}
			if s.Type.Is("array") {
				if _, ok := m.value.([]any); !ok {
					continue
				}
			}
			r := clone(fmt.Sprintf("parameter %s: %s", p.Name, m.name))
			setParam(&r, p, m.value)
			if _, isObject := m.value.(map[string]any); p.Style == "deepObject" && !isObject {
				r.noteKin = "a deepObject parameter sent as name=value: refused; kin-openapi takes it as absent"
			}
			out = append(out, r)
		}
	}
	if bodySchema != nil {
		var root any
		_ = json.Unmarshal(base.body, &root)
		for _, m := range mutations(bodySchema, root, nil) {
			r := clone("body " + m.name)
			r.body, _ = json.Marshal(m.value)
			r.noteKin = m.note
			out = append(out, r)
		}
		r := clone("wrong content type")
		r.header.Set("Content-Type", "text/plain")
		out = append(out, r)
		r = clone("malformed JSON")
		r.body = []byte(`{"a":`)
		out = append(out, r)
		r = clone("trailing data")
		r.body = append(append([]byte{}, base.body...), []byte(` {}`)...)
		r.noteKin = "trailing data after the body: kin-openapi reads the first value only"
		out = append(out, r)
		if op.RequestBody.Value.Required {
			r = clone("missing body")
			r.body = nil
			out = append(out, r)
		}
	}
	return out
}

func isContainer(v any) bool {
	switch v.(type) {
	case []any, map[string]any:
		return true
	}
	return false
}

func paramText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func setParam(r *request, p *openapi3.Parameter, v any) {
	var vals []string
	if a, ok := v.([]any); ok {
		for _, x := range a {
			vals = append(vals, paramText(x))
		}
	} else if m, ok := v.(map[string]any); ok && p.Style == "deepObject" {
		delParam(r, p)
		for k, x := range m {
			r.query.Set(p.Name+"["+k+"]", paramText(x))
		}
		return
	} else {
		vals = []string{paramText(v)}
	}
	sm, _ := p.SerializationMethod()
	switch p.In {
	case "path":
		r.path[p.Name] = strings.Join(vals, ",")
	case "query":
		if sm.Explode {
			r.query[p.Name] = vals
		} else {
			r.query[p.Name] = []string{strings.Join(vals, ",")}
		}
	case "header":
		r.header.Set(p.Name, strings.Join(vals, ","))
	}
}

func delParam(r *request, p *openapi3.Parameter) {
	switch p.In {
	case "query":
		r.query.Del(p.Name)
	case "header":
		r.header.Del(p.Name)
	}
}

// validValue makes a value the schema accepts.
func validValue(s *openapi3.Schema, depth int) any {
	if depth > 8 {
		return nil
	}
	if len(s.AllOf) > 0 {
		obj := map[string]any{}
		for _, a := range s.AllOf {
			if m, ok := validValue(a.Value, depth+1).(map[string]any); ok {
				for k, v := range m {
					obj[k] = v
				}
			}
		}
		if m, ok := validObject(s, depth).(map[string]any); ok {
			for k, v := range m {
				obj[k] = v
			}
		}
		return obj
	}
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		alts := s.OneOf
		if len(alts) == 0 {
			alts = s.AnyOf
		}
		if d := s.Discriminator; d != nil && len(d.Mapping) > 0 {
			keys := make([]string, 0, len(d.Mapping))
			for k := range d.Mapping {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, a := range alts {
				if a.Ref == d.Mapping[keys[0]].Ref {
					v := validValue(a.Value, depth+1).(map[string]any)
					v[d.PropertyName] = keys[0]
					return v
				}
			}
		}
		// The first alternative's value that matches exactly one alternative.
		for _, a := range alts {
			v := validValue(a.Value, depth+1)
			n := 0
			for _, b := range alts {
				if b.Value.VisitJSON(v) == nil {
					n++
				}
			}
			if n == 1 || len(s.AnyOf) > 0 {
				return v
			}
		}
		return validValue(alts[0].Value, depth+1)
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch {
	case s.Type.Is("string"):
		return validString(s)
	case s.Type.Is("integer"), s.Type.Is("number"):
		return validNumber(s)
	case s.Type.Is("boolean"):
		return true
	case s.Type.Is("array"):
		n := max(int(s.MinItems), 1)
		if s.MaxItems != nil && uint64(n) > *s.MaxItems {
			n = int(*s.MaxItems)
		}
		out := []any{}
		for i := 0; i < n; i++ {
			v := validValue(s.Items.Value, depth+1)
			if s.UniqueItems {
				if f, ok := v.(float64); ok {
					v = f + float64(i)
				} else if str, ok := v.(string); ok && i > 0 {
					v = str + string(rune('a'+i))
				}
			}
			out = append(out, v)
		}
		return out
	}
	return validObject(s, depth)
}

func validObject(s *openapi3.Schema, depth int) any {
	obj := map[string]any{}
	for name, p := range s.Properties {
		if p.Value.ReadOnly {
			continue
		}
		obj[name] = validValue(p.Value, depth+1)
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		for i := len(obj); i < max(int(s.MinProps), 1); i++ {
			obj[fmt.Sprintf("k%d", i)] = validValue(ap.Value, depth+1)
		}
	}
	return obj
}

var formatSamples = map[string]string{
	"email": "a@example.com", "uuid": "123e4567-e89b-12d3-a456-426614174000", "date": "2024-01-31",
	"date-time": "2024-01-31T09:30:00Z", "time": "09:30:00Z", "uri": "https://example.com/a", "hostname": "example.com",
	"ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "byte": "aGVsbG8=",
}

func validString(s *openapi3.Schema) string {
	if v, ok := formatSamples[s.Format]; ok {
		return v
	}
	if s.Pattern != "" {
		if v, ok := fromPattern(s.Pattern); ok {
			return v
		}
	}
	n := max(int(s.MinLength), 1)
	if s.MaxLength != nil && uint64(n) > *s.MaxLength {
		n = int(*s.MaxLength)
	}
	return strings.Repeat("x", n)
}

func validNumber(s *openapi3.Schema) float64 {
	lo := 1.0
	if s.Min != nil {
		lo = *s.Min
		if s.ExclusiveMin.IsTrue() {
			lo += 1
		}
	}
	if s.Max != nil && lo > *s.Max {
		lo = *s.Max
	}
	if s.Max != nil && s.ExclusiveMax.IsTrue() && lo >= *s.Max {
		lo = *s.Max - 0.5
	}
	if m := s.MultipleOf; m != nil {
		lo = math.Ceil(lo / *m) * *m
		lo, _ = jsonFloat(lo)
	}
	return lo
}

func jsonFloat(f float64) (float64, bool) {
	var out float64
	b := []byte(fmt.Sprintf("%.6g", f))
	err := json.Unmarshal(b, &out)
	return out, err == nil
}

// fromPattern makes the shortest string a pattern matches.
func fromPattern(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	var walk func(r *syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpLiteral:
			b.WriteString(string(r.Rune))
		case syntax.OpCharClass:
			b.WriteRune(pickRune(r.Rune))
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			b.WriteByte('a')
		case syntax.OpCapture:
			walk(r.Sub[0])
		case syntax.OpPlus:
			walk(r.Sub[0])
		case syntax.OpRepeat:
			for i := 0; i < r.Min; i++ {
				walk(r.Sub[0])
			}
		case syntax.OpConcat:
			for _, s := range r.Sub {
				walk(s)
			}
		case syntax.OpAlternate:
			walk(r.Sub[0])
		}
	}
	walk(re)
	return b.String(), true
}

func pickRune(ranges []rune) rune {
	for _, want := range []rune{'A', 'a', '0'} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= want && want <= ranges[i+1] {
				return want
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] >= ' ' {
			return ranges[i]
		}
	}
	return 'a'
}

// mutation is one changed copy of a value.
type mutation struct {
	name  string
	value any
	note  string
}

// mutations makes invalid (and boundary-valid) variants of v for schema s;
// each returned value is the whole root with one change at path.
func mutations(s *openapi3.Schema, v any, path []string) []mutation {
	var out []mutation
	at := "/" + strings.Join(path, "/")
	add := func(name string, nv any) { out = append(out, mutation{name: at + ": " + name, value: nv}) }
	add("null", nil)
	if !s.Type.Is("string") {
		add("a string instead", "wrong")
	}
	if !s.Type.Is("number") && !s.Type.Is("integer") {
		add("a number instead", 12345.0)
	}
	if !s.Type.Is("object") && len(s.AllOf) == 0 && len(s.OneOf) == 0 {
		add("an object instead", map[string]any{})
	}
	if !s.Type.Is("boolean") {
		add("a boolean instead", true)
	}
	if len(s.Enum) > 0 {
		add("not in enum", "zzz-not-in-enum")
	}
	switch {
	case s.Type.Is("string"):
		if s.MinLength > 0 {
			add("below minLength", strings.Repeat("A", int(s.MinLength)-1))
			add("at minLength", strings.Repeat("A", int(s.MinLength)))
		}
		if s.MaxLength != nil {
			add("at maxLength", strings.Repeat("a", int(*s.MaxLength)))
			add("above maxLength", strings.Repeat("a", int(*s.MaxLength)+1))
			add("above maxLength in code points", strings.Repeat("é", int(*s.MaxLength)+1))
		}
		if s.Pattern != "" {
			add("not matching pattern", "!!")
		}
		if s.Format != "" {
			for _, bad := range []string{"not a " + s.Format, "2024-02-30", "2024-01-31T25:00:00Z", "12:00", "a@b@c", "999.1.1.1", "::1", "-bad-.host", "abc", "123e4567-e89b-12d3-a456-42661417400"} {
				add("bad format "+bad, bad)
			}
			for _, good := range formatSamples {
				add("other sample "+good, good)
			}
		}
	case s.Type.Is("integer"), s.Type.Is("number"):
		for _, x := range bounds(s) {
			add(fmt.Sprintf("boundary %g", x), x)
		}
		if s.Type.Is("integer") {
			add("a fraction", 1.5)
		}
		if m := s.MultipleOf; m != nil {
			add("not a multiple", *m*3+*m/2)
			add("a multiple", *m*7)
		}
	case s.Type.Is("array"):
		arr, _ := v.([]any)
		add("empty", []any{})
		if len(arr) > 0 {
			dup := append(append([]any{}, arr...), arr[0])
			add("a duplicate item", dup)
			if s.MaxItems != nil {
				long := []any{}
				for i := 0; i <= int(*s.MaxItems); i++ {
					long = append(long, arr[0])
				}
				add("above maxItems", long)
			}
			for _, m := range mutations(s.Items.Value, arr[0], append(path, "0")) {
				c := append([]any{m.value}, arr[1:]...)
				out = append(out, mutation{name: m.name, value: c, note: m.note})
			}
		}
	}
	obj, isObj := v.(map[string]any)
	if isObj {
		props, required, readOnly, defaults := objectParts(s)
		for _, r := range required {
			if _, ok := obj[r]; ok {
				c := copyMap(obj)
				delete(c, r)
				add("missing "+r, c)
			}
		}
		c := copyMap(obj)
		c["zzExtra"] = "x"
		add("an extra property", c)
		for _, r := range readOnly {
			c := copyMap(obj)
			c[r] = "sent"
			add("read-only "+r+" sent", c)
		}
		names := make([]string, 0, len(props))
		for n := range props {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			pv, ok := obj[n]
			if !ok {
				continue
			}
			c := copyMap(obj)
			delete(c, n)
			add("without "+n, c)
			if variant := otherCase(n); variant != "" {
				// Both spellings, and the variant alone: encoding/json would
				// bind either to the declared field (the union accessors).
				c := copyMap(obj)
				c[variant] = "zzz-case-variant"
				out = append(out, mutation{name: at + ": " + variant + " beside " + n, value: c, note: noteCase})
				c = copyMap(obj)
				delete(c, n)
				c[variant] = pv
				out = append(out, mutation{name: at + ": " + variant + " instead of " + n, value: c, note: noteCase})
			}
			for _, m := range mutations(props[n], pv, append(path, n)) {
				c := copyMap(obj)
				c[n] = m.value
				note := m.note
				if m.value == nil && defaults[n] {
					note = "explicit null on a property with a default: kin-openapi replaces it with the default, the generated code judges the null"
				}
				out = append(out, mutation{name: m.name, value: c, note: note})
			}
		}
		if d := s.Discriminator; d != nil {
			c := copyMap(obj)
			c[d.PropertyName] = "nope"
			add("unknown discriminator value", c)
			c = copyMap(obj)
			delete(c, d.PropertyName)
			add("no discriminator", c)
		}
		if ap := s.AdditionalProperties.Schema; ap != nil {
			for k, pv := range obj {
				if _, declared := props[k]; declared {
					continue
				}
				for _, m := range mutations(ap.Value, pv, append(path, k)) {
					c := copyMap(obj)
					c[k] = m.value
					out = append(out, mutation{name: m.name, value: c, note: m.note})
				}
				break
			}
			if s.MaxProps != nil {
				c := copyMap(obj)
				for i := 0; i <= int(*s.MaxProps); i++ {
					c[fmt.Sprintf("extra%d", i)] = validValue(ap.Value, 0)
				}
				add("above maxProperties", c)
			}
			add("below minProperties", map[string]any{})
		}
		for _, alt := range append(s.OneOf, s.AnyOf...) {
			for _, m := range mutations(alt.Value, v, path) {
				out = append(out, mutation{name: m.name + " (alternative)", value: m.value, note: m.note})
			}
		}
	}
	if len(s.OneOf) > 0 && !isObj {
		for _, x := range []any{"a", "ab", "abcd", "abcde", 5.0, 15.0, "", "abc"} {
			add(fmt.Sprintf("alternatives with %v", x), x)
		}
	}
	if len(s.AnyOf) > 0 {
		for _, x := range []any{"ab", "abcd", 5.0, 15.0} {
			add(fmt.Sprintf("anyOf with %v", x), x)
		}
	}
	if s.Not != nil {
		add("matching not", "")
	}
	// Each mutation so far replaced v; put it back at path into the root.
	return out
}

// noteCase is the deliberate difference case-variant names run into.
const noteCase = "a property name differing from a declared one only in letter case: the generated code refuses it (caseVariant), kin-openapi takes it for another property"

// otherCase is name with its letters in the other case, or "" when it has
// no letter.
func otherCase(name string) string {
	if v := strings.ToUpper(name); v != name {
		return v
	}
	if v := strings.ToLower(name); v != name {
		return v
	}
	return ""
}

// objectParts merges properties, required, readOnly and defaulted names
// over allOf.
func objectParts(s *openapi3.Schema) (map[string]*openapi3.Schema, []string, []string, map[string]bool) {
	props := map[string]*openapi3.Schema{}
	var required, readOnly []string
	defaults := map[string]bool{}
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		for n, p := range s.Properties {
			props[n] = p.Value
			if p.Value.ReadOnly {
				readOnly = append(readOnly, n)
			}
			if p.Value.Default != nil {
				defaults[n] = true
			}
		}
		required = append(required, s.Required...)
		for _, a := range s.AllOf {
			walk(a.Value)
		}
	}
	walk(s)
	sort.Strings(required)
	sort.Strings(readOnly)
	return props, required, readOnly, defaults
}

func copyMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

func bounds(s *openapi3.Schema) []float64 {
	var out []float64
	for _, b := range []*float64{s.Min, s.Max, s.ExclusiveMin.Value, s.ExclusiveMax.Value} {
		if b != nil {
			out = append(out, *b-1, *b-0.5, *b, *b+0.5, *b+1)
		}
	}
	if s.Format == "int32" {
		out = append(out, 2147483647, 2147483648)
	}
	return out
}

var _ = utf8.Valid
