package rt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// request is one call being put together by a generated method.
type request struct {
	op          string // operationId, for errors
	method      string
	template    string            // the operation's path in the spec: /orders/{orderId}
	pathVals    map[string]string // path parameter values, unescaped (for WithRequestValidation)
	idempotent  bool              // safe to send again: an idempotent method, or an Idempotency-Key is sent
	path        strings.Builder
	query       url.Values
	header      http.Header
	cookies     []*http.Cookie
	contentType string
	body        []byte
	err         error // the first thing wrong with the values given
}

func newRequest(op, method, template string) *request {
	r := &request{op: op, method: method, template: template, query: url.Values{}, header: http.Header{}}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		r.idempotent = true
	}
	return r
}

// lit appends literal path text (already escaped by the generator).
func (r *request) lit(s string) { r.path.WriteString(s) }

// pathParam appends a path parameter's value, escaped. A greedy parameter
// ({name+}) may hold slashes; each piece is escaped on its own. Empty
// values and dot segments are refused: they would name another resource.
func (r *request) pathParam(name, v string, greedy bool) {
	if r.pathVals == nil {
		r.pathVals = map[string]string{}
	}
	r.pathVals[name] = v
	pieces := []string{v}
	if greedy {
		pieces = strings.Split(v, "/")
	}
	for i, p := range pieces {
		if p == "" || p == "." || p == ".." {
			r.fail(fmt.Errorf("path parameter %q: %q is not a usable path segment", name, v))
			return
		}
		if i > 0 {
			r.path.WriteByte('/')
		}
		r.path.WriteString(url.PathEscape(p))
	}
}

// queryParam adds a query parameter; a list is one comma-separated value,
// or repeats the key when explode is set.
func (r *request) queryParam(name string, vals []string, repeated bool, sep string) {
	if len(vals) == 0 {
		return
	}
	if repeated {
		r.query[name] = append(r.query[name], vals...)
		return
	}
	r.query.Add(name, strings.Join(vals, sep))
}

// objectParam sends an object parameter, given as its JSON text, as its
// style says, as the service reads it: name[key]=value (deepObject),
// key=value (form, exploded), or key,value,... joined by the style's
// separator (key=value,... when exploded) in one value; a value that is
// not a JSON object of scalars travels as it is.
func (r *request) objectParam(in, name, style string, explode bool, sep string, vals []string) {
	if len(vals) == 0 {
		return
	}
	var obj map[string]any
	d := json.NewDecoder(strings.NewReader(vals[0]))
	d.UseNumber()
	if err := d.Decode(&obj); err != nil || obj == nil {
		r.place(in, name, vals)
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		var v string
		switch x := obj[k].(type) {
		case string:
			v = x
		case json.Number:
			v = x.String()
		case bool:
			v = strconv.FormatBool(x)
		case nil:
		default:
			r.fail(fmt.Errorf("%s parameter %q: property %q is not a string, number or boolean, which style %s cannot carry", in, name, k, style))
			return
		}
		switch {
		case in == "query" && style == "deepObject":
			r.query.Add(name+"["+k+"]", v)
		case in == "query" && style == "form" && explode:
			r.query.Add(k, v)
		case explode:
			parts = append(parts, k+"="+v)
		default:
			parts = append(parts, k, v)
		}
	}
	if parts != nil {
		r.place(in, name, []string{strings.Join(parts, sep)})
	}
}

// place puts one value of a query, header or cookie parameter.
func (r *request) place(in, name string, vals []string) {
	switch in {
	case "header":
		r.headerParam(name, vals)
	case "cookie":
		r.cookieParam(name, vals)
	default:
		r.query.Add(name, vals[0])
	}
}

// headerParam sets a header parameter; a list travels comma-separated.
func (r *request) headerParam(name string, vals []string) {
	if len(vals) == 0 {
		return
	}
	v := strings.Join(vals, ",")
	if strings.ContainsAny(v, "\r\n\x00") {
		r.fail(fmt.Errorf("header parameter %q: the value holds a line break or NUL", name))
		return
	}
	if strings.EqualFold(name, "Idempotency-Key") && v != "" {
		r.idempotent = true
	}
	r.header.Set(name, v)
}

// cookieParam adds a cookie parameter; a list travels comma-separated.
func (r *request) cookieParam(name string, vals []string) {
	if len(vals) == 0 {
		return
	}
	c := &http.Cookie{Name: name, Value: strings.Join(vals, ",")}
	if err := c.Valid(); err != nil {
		r.fail(fmt.Errorf("cookie parameter %q: %w", name, err))
		return
	}
	r.cookies = append(r.cookies, c)
}

// jsonBody sends v as the JSON body; a nil v sends raw as contentType
// instead (nothing when raw is nil too).
func (r *request) jsonBody(contentType string, v any, isNil bool, raw []byte) {
	if isNil {
		r.rawBody(contentType, raw)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		r.fail(fmt.Errorf("encode the request body: %w", err))
		return
	}
	r.contentType, r.body = contentType, b
}

// rawBody sends b as is.
func (r *request) rawBody(contentType string, b []byte) {
	if b != nil {
		r.contentType, r.body = contentType, b
	}
}

func (r *request) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// build makes the HTTP request for one attempt.
func (r *request) build(ctx context.Context, base *url.URL) (*http.Request, error) {
	u := *base
	u.RawPath = base.EscapedPath() + r.path.String()
	p, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, err
	}
	u.Path = p
	u.RawQuery = r.query.Encode()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	for _, c := range r.cookies {
		req.AddCookie(c)
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", "application/json, application/problem+json")
	return req, nil
}

// Text forms of parameter values.

func str(v string) string     { return v }
func intStr(v int) string     { return strconv.Itoa(v) }
func i32Str(v int32) string   { return strconv.FormatInt(int64(v), 10) }
func i64Str(v int64) string   { return strconv.FormatInt(v, 10) }
func f32Str(v float32) string { return strconv.FormatFloat(float64(v), 'g', -1, 32) }
func f64Str(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
func boolStr(v bool) string   { return strconv.FormatBool(v) }

// one is the single value of a parameter.
func one[T any](v T, f func(T) string) []string { return []string{f(v)} }

// opt is the value of an optional parameter: none when nil.
func opt[T any](v *T, f func(T) string) []string {
	if v == nil {
		return nil
	}
	return []string{f(*v)}
}

// list is the values of a list parameter.
func list[T any](vs []T, f func(T) string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = f(v)
	}
	return out
}

// decode fills v from a JSON answer; one that says it is something else
// (an HTML error page of a proxy) is an error, not a value.
func (a *answer) decode(v any) error {
	if ct := a.header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" && !(strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
			return fmt.Errorf("%s: the %d answer is %q, not JSON", a.op, a.status, ct)
		}
	}
	if err := json.Unmarshal(a.body, v); err != nil {
		return fmt.Errorf("%s: decode the %d answer: %w", a.op, a.status, err)
	}
	return nil
}

// isProblem reports whether the answer is application/problem+json.
func (a *answer) isProblem() bool {
	mt, _, err := mime.ParseMediaType(a.header.Get("Content-Type"))
	return err == nil && mt == "application/problem+json"
}

// problem is the error for an answer the operation does not declare as a
// result: its problem details when it has them, else its status alone.
func (a *answer) problem() error {
	e := &ProblemError{Op: a.op, Status: a.status, Header: a.header, RequestID: wellFormedID(a.header.Get("X-Request-Id"))}
	if a.isProblem() {
		var p struct {
			Type   string      `json:"type"`
			Title  string      `json:"title"`
			Detail string      `json:"detail"`
			Errors []Violation `json:"errors"`
		}
		if err := json.Unmarshal(a.body, &p); err == nil {
			e.Type, e.Title, e.Detail, e.Violations = p.Type, p.Title, p.Detail, p.Errors
		}
	}
	if e.Title == "" {
		e.Title = http.StatusText(a.status)
	}
	return e
}

// ProblemError is an answer that is not one of the operation's results: an
// RFC 9457 problem (application/problem+json) such as a 400 listing what
// was wrong with the request, a 401 or 403, or any other status the
// operation does not declare. Use errors.As to get it.
type ProblemError struct {
	Op         string      // the operation called
	Status     int         // the HTTP status
	Type       string      // the problem type URI; "" or about:blank when only the status matters
	Title      string      // a short summary; the status text when the answer had none
	Detail     string      // what happened this time
	Violations []Violation // what was wrong with the request, one entry per violation (400)
	Header     http.Header // the answer's headers (Retry-After, WWW-Authenticate, ...)
	RequestID  string      // the answer's X-Request-Id, when well-formed: what the service's logs name
}

// Violation is one thing wrong with a request, as the service reported it.
type Violation struct {
	In      string `json:"in"`      // path, query, header, cookie or body
	Name    string `json:"name"`    // the parameter's name
	Pointer string `json:"pointer"` // JSON pointer into the body or the parameter's value
	Keyword string `json:"keyword"` // the schema keyword violated
	Message string `json:"message"`
}

func (e *ProblemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d %s", e.Op, e.Status, e.Title)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	writeViolations(&b, e.Violations)
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// writeViolations appends the first three violations (and how many more).
func writeViolations(b *strings.Builder, vs []Violation) {
	for i, v := range vs {
		if i == 3 {
			fmt.Fprintf(b, "; and %d more", len(vs)-i)
			break
		}
		where := strings.Join(strings.Fields(v.In+" "+v.Name+" "+v.Pointer), " ")
		fmt.Fprintf(b, "; %s: %s", where, v.Message)
	}
}

// RequestError is a request WithRequestValidation refused: the service
// would have refused it with Status (400, or 413 or 415) for Violations,
// so it was not sent, and no token was fetched for it. The check is the
// service's own (the api package's validators). Use errors.As to get it.
type RequestError struct {
	Op         string      // the operation called
	Status     int         // the status the service would have answered
	Detail     string      // what is wrong, in a sentence
	Violations []Violation // what is wrong with the request, one entry per violation
}

func (e *RequestError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: invalid request, not sent (the service would answer %d)", e.Op, e.Status)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	writeViolations(&b, e.Violations)
	return b.String()
}

// checker checks a request as the service will (the generated
// WithRequestValidation sets api.CheckRequest): template and pathVals name
// the operation and its path values, req is the request built, body its
// body. It returns 0, or the status and problem+json body of the refusal.
type checker func(template string, pathVals map[string]string, req *http.Request, body []byte) (status int, problem []byte)

// validate builds r and checks it with c.check: a *RequestError when the
// service would refuse it.
func (c *Client) validate(ctx context.Context, r *request) error {
	req, err := r.build(ctx, c.base)
	if err != nil {
		return fmt.Errorf("%s: %w", r.op, err)
	}
	status, body := c.check(r.template, r.pathVals, req, r.body)
	if status == 0 {
		return nil
	}
	a := &answer{op: r.op, status: status, header: http.Header{"Content-Type": {"application/problem+json"}}, body: body}
	p := a.problem().(*ProblemError)
	return &RequestError{Op: r.op, Status: status, Detail: p.Detail, Violations: p.Violations}
}

// IsStatus reports whether err is a *ProblemError with the given status.
func IsStatus(err error, status int) bool {
	var p *ProblemError
	return errors.As(err, &p) && p.Status == status
}

// readAll reads an answer body up to limit bytes.
func readAll(res *http.Response, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err == nil && int64(len(b)) > limit {
		return nil, fmt.Errorf("the body is larger than %d bytes", limit)
	}
	return b, err
}
