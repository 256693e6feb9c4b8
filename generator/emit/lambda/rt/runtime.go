package rt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// ErrNotImplemented is what a handler stub returns; the router answers 501.
var ErrNotImplemented = errors.New("operation not implemented")

// Response is what a handler answers: a status, headers and a body. A
// []byte body is sent as is; a string is sent as is under a non-JSON
// ContentType and as a JSON string otherwise; any other body is sent as
// JSON. ContentType defaults to application/json.
type Response struct {
	Status      int
	Headers     map[string]string
	ContentType string
	Body        any
}

// problem is an RFC 9457 problem details body (application/problem+json).
type problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Errors []ProblemError `json:"errors,omitempty"`
}

// ProblemError is one thing wrong with a request.
type ProblemError struct {
	In      string `json:"in"`                // path, query, header, cookie or body
	Name    string `json:"name,omitempty"`    // the parameter's name
	Pointer string `json:"pointer,omitempty"` // JSON pointer into the body (or into the parameter's value)
	Keyword string `json:"keyword,omitempty"` // the schema keyword violated: required, type, pattern, ...
	Message string `json:"message"`
}

// Request is an API Gateway event of either payload format, normalised.
type Request struct {
	method    string
	path      string // the path to match when no route key is given
	pathRaw   bool   // path is percent-encoded (payload 2.0)
	template  string // route template API Gateway matched ("" when unknown)
	pathVals  map[string]string
	query     url.Values
	header    http.Header
	cookies   []string // "name=value" pairs
	body      []byte
	bodyError string
	badQuery  bool    // the raw query string does not parse (payload 2.0)
	claims    *Claims // the authorizer's verified identity; nil without one
	certified bool    // API Gateway verified a client certificate (mutual TLS at a custom domain)
	route     int     // 1 + the index of the route matched; 0 before or without a match
}

// NewRequest is a request with only a header and a body, what the
// generated body decoders read: for their tests and benchmarks.
func NewRequest(header http.Header, body []byte) *Request {
	return &Request{header: header, body: body}
}

// QueryValues are the values of query parameter name.
func (r *Request) QueryValues(name string) []string { return r.query[name] }

// Query is the request's query, parsed.
func (r *Request) Query() map[string][]string { return r.query }

// Body is the request's body, decoded from base64 when the event says so.
func (r *Request) Body() []byte { return r.body }

// HeaderValue is the value of header name, its repeats joined by commas;
// false when the request does not carry it.
func (r *Request) HeaderValue(name string) (string, bool) {
	v := r.header.Values(name)
	if len(v) == 0 {
		return "", false
	}
	return strings.Join(v, ","), true
}

// First is the first of vals; false for none.
func First(vals []string) (string, bool) {
	if len(vals) == 0 {
		return "", false
	}
	return vals[0], true
}

// Cookie is the value of cookie name; false when the request does not
// carry it.
func (r *Request) Cookie(name string) (string, bool) {
	return First(r.CookieValues(name))
}

// CookieValues is every value of cookie name the request carries, in
// order: more than one when the cookie is given twice, which validation
// refuses for a declared cookie (a handler never sees which one it got).
func (r *Request) CookieValues(name string) []string {
	var vals []string
	for _, c := range r.cookies {
		for _, part := range strings.Split(c, ";") {
			// "sid =x" names sid too, for Go's net/http and others.
			k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
			if ok && strings.TrimSpace(k) == name {
				vals = append(vals, v)
			}
		}
	}
	return vals
}

func decodeBody(body string, isBase64 bool) ([]byte, string) {
	if !isBase64 {
		return []byte(body), ""
	}
	b, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, "the body is marked base64 but does not decode"
	}
	return b, ""
}

func fromREST(e *events.APIGatewayProxyRequest) *Request {
	r := &Request{method: e.HTTPMethod, path: e.Path, template: e.Resource, pathVals: e.PathParameters}
	r.query = url.Values{}
	if len(e.MultiValueQueryStringParameters) > 0 {
		for k, vs := range e.MultiValueQueryStringParameters {
			r.query[k] = vs
		}
	} else {
		for k, v := range e.QueryStringParameters {
			r.query[k] = []string{v}
		}
	}
	r.header = http.Header{}
	if len(e.MultiValueHeaders) > 0 {
		for k, vs := range e.MultiValueHeaders {
			for _, v := range vs {
				r.header.Add(k, v)
			}
		}
	} else {
		for k, v := range e.Headers {
			r.header.Add(k, v)
		}
	}
	r.cookies = r.header.Values("Cookie")
	r.claims = restClaims(e, r.header)
	r.certified = e.RequestContext.Identity.ClientCert != nil && e.RequestContext.Identity.ClientCert.ClientCertPem != ""
	r.body, r.bodyError = decodeBody(e.Body, e.IsBase64Encoded)
	return r
}

func fromHTTP(e *events.APIGatewayV2HTTPRequest) *Request {
	r := &Request{method: e.RequestContext.HTTP.Method, path: e.RawPath, pathRaw: true, pathVals: e.PathParameters}
	if _, tmpl, ok := strings.Cut(e.RouteKey, " "); ok {
		r.template = tmpl
	}
	if r.path == "" {
		r.path, r.pathRaw = e.RequestContext.HTTP.Path, false
	}
	// A named stage (not $default) is the first segment of rawPath.
	if s := e.RequestContext.Stage; s != "" && s != "$default" {
		if rest, ok := strings.CutPrefix(r.path, "/"+s); ok && (rest == "" || rest[0] == '/') {
			r.path = rest
		}
	}
	if e.RawQueryString != "" {
		// A pair that does not parse is not dropped: the request is refused,
		// so no check can be dodged with a malformed repeat (?a=1&a=%zz).
		var err error
		if r.query, err = url.ParseQuery(e.RawQueryString); err != nil {
			r.badQuery = true
		}
	} else {
		r.query = url.Values{}
		for k, v := range e.QueryStringParameters {
			r.query[k] = strings.Split(v, ",")
		}
	}
	r.header = http.Header{}
	for k, v := range e.Headers {
		r.header.Add(k, v)
	}
	r.cookies = e.Cookies
	r.claims = httpClaims(e, r.header)
	r.certified = e.RequestContext.Authentication.ClientCert.ClientCertPem != ""
	r.body, r.bodyError = decodeBody(e.Body, e.IsBase64Encoded)
	return r
}

// Reply is a finished answer in neutral form.
type Reply struct {
	status int
	header map[string]string
	body   []byte
	base64 bool
	errs   []ProblemError // what was wrong with the request, for the log
}

// ProblemReply is an application/problem+json answer.
func ProblemReply(status int, detail string, errs []ProblemError) Reply {
	p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Errors: errs}
	b := appendProblem(make([]byte, 0, 128+len(detail)+96*len(errs)), &p)
	return Reply{status: status, header: map[string]string{"Content-Type": "application/problem+json"}, body: b, errs: errs}
}

// IsJSONType reports whether content type ct is JSON (application/json or
// application/*+json).
func IsJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

func isTextType(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return IsJSONType(ct) || strings.HasPrefix(mt, "text/") || mt == "application/xml" || mt == "application/x-www-form-urlencoded"
}

// Encode turns a handler's Response into a Reply; op names the operation
// in the log.
func Encode(op string, res Response) Reply {
	if res.Status < 100 || res.Status > 599 {
		slog.Error("handler returned an invalid status", "operation", op, "status", res.Status)
		return ProblemReply(http.StatusInternalServerError, "", nil)
	}
	out := Reply{status: res.Status, header: map[string]string{}}
	for k, v := range res.Headers {
		out.header[k] = v
	}
	ct := res.ContentType
	switch b := res.Body.(type) {
	case nil:
	case []byte:
		out.body = b
	case string:
		if ct != "" && !IsJSONType(ct) {
			out.body = []byte(b)
			break
		}
		// Under a JSON content type a string is a JSON string: "ada", not ada.
		if ct == "" {
			ct = "application/json"
		}
		data, _ := json.Marshal(b) // a string always encodes
		out.body = data
	default:
		if ct == "" {
			ct = "application/json"
		}
		data, err := json.Marshal(b)
		if err != nil {
			slog.Error("cannot encode response body", "operation", op, "error", err)
			return ProblemReply(http.StatusInternalServerError, "", nil)
		}
		out.body = data
	}
	if ct != "" {
		out.header["Content-Type"] = ct
	}
	if len(out.body) > 0 && (!isTextType(ct) || !utf8.Valid(out.body)) {
		out.base64 = true
	}
	return out
}

// Recovered turns a handler panic into a 500 without leaking its message.
func Recovered(op string, v any) Reply {
	slog.Error("handler panicked", "operation", op, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	return ProblemReply(http.StatusInternalServerError, "", nil)
}

// Answer is the reply to a handler's answer res or error err for operation
// op: err answered as HandlerError says, else res encoded (Encode).
func Answer(op string, res Response, err error) Reply {
	if err != nil {
		return HandlerError(op, err)
	}
	return Encode(op, res)
}

// WithHeader returns a copy of headers with name set to value: a response's
// WithHeader, which leaves the answer it is called on unchanged.
func WithHeader(headers map[string]string, name, value string) map[string]string {
	h := maps.Clone(headers)
	if h == nil {
		h = make(map[string]string, 1)
	}
	h[name] = value
	return h
}

// HandlerError answers a handler's error: 501 for ErrNotImplemented, else 500.
func HandlerError(op string, err error) Reply {
	if errors.Is(err, ErrNotImplemented) {
		return ProblemReply(http.StatusNotImplemented, "this operation is not implemented yet", nil)
	}
	slog.Error("handler failed", "operation", op, "error", err)
	return ProblemReply(http.StatusInternalServerError, "", nil)
}

// withCORS finishes every answer's headers: X-Content-Type-Options:
// nosniff, and the CORS headers for the request's Origin. The runtime owns
// every Access-Control-* header: a handler's own (a Raw response's
// WithHeader) are dropped, configured origins or not, so which sites may
// read answers, with credentials or not, is the configuration's call.
func (r Reply) withCORS(req *Request, corsOrigins []string) Reply {
	if r.header == nil {
		r.header = map[string]string{}
	}
	// One spelling of each header, so the gateway sends one value.
	vary, varyKey := "", ""
	for k, v := range r.header {
		switch {
		case strings.EqualFold(k, "Vary"):
			vary, varyKey = v, k
			delete(r.header, k)
		case len(k) >= len("Access-Control-") && strings.EqualFold(k[:len("Access-Control-")], "Access-Control-"),
			strings.EqualFold(k, "X-Content-Type-Options"):
			delete(r.header, k)
		}
	}
	r.header["X-Content-Type-Options"] = "nosniff"
	if len(corsOrigins) == 0 {
		if varyKey != "" {
			r.header[varyKey] = vary
		}
		return r
	}
	switch {
	case vary == "":
		r.header["Vary"] = "Origin"
	case varyHasOrigin(vary):
		r.header["Vary"] = vary
	default:
		r.header["Vary"] = vary + ", Origin"
	}
	if origin := req.header.Get("Origin"); origin != "" {
		for _, o := range corsOrigins {
			if o == origin {
				r.header["Access-Control-Allow-Origin"] = origin
			}
		}
	}
	return r
}

func varyHasOrigin(v string) bool {
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, "Origin") {
			return true
		}
	}
	return false
}

func (r Reply) rest() events.APIGatewayProxyResponse {
	return events.APIGatewayProxyResponse{StatusCode: r.status, Headers: r.header, Body: r.bodyString(), IsBase64Encoded: r.base64}
}

func (r Reply) http() events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{StatusCode: r.status, Headers: r.header, Body: r.bodyString(), IsBase64Encoded: r.base64}
}

func (r Reply) bodyString() string {
	if r.base64 {
		return base64.StdEncoding.EncodeToString(r.body)
	}
	return string(r.body)
}

// NewRESTHandler returns the Lambda handler of svc for an API Gateway REST
// API (payload format 1.0) event; d calls the handler of a matched route.
func NewRESTHandler(svc *Service, d Dispatch) func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return func(ctx context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		r := fromREST(&e)
		return observe(ctx, svc, d, r, e.RequestContext.RequestID).withCORS(r, svc.spec.CORSOrigins).rest(), nil
	}
}

// NewHTTPHandler returns the Lambda handler of svc for an API Gateway HTTP
// API (payload format 2.0) event; d calls the handler of a matched route.
func NewHTTPHandler(svc *Service, d Dispatch) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return func(ctx context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		r := fromHTTP(&e)
		return observe(ctx, svc, d, r, e.RequestContext.RequestID).withCORS(r, svc.spec.CORSOrigins).http(), nil
	}
}

// serve routes one request and answers it.
func serve(ctx context.Context, svc *Service, d Dispatch, r *Request) Reply {
	if r.bodyError != "" {
		return ProblemReply(http.StatusBadRequest, r.bodyError, nil)
	}
	if r.badQuery {
		return badQueryReply()
	}
	if len(r.body) > svc.spec.MaxBodyBytes {
		return tooLarge(svc.spec.MaxBodyBytes)
	}
	idx, pathVals, allow := match(&svc.served, r)
	if idx < 0 {
		if len(allow) > 0 {
			rep := ProblemReply(http.StatusMethodNotAllowed, "", nil)
			rep.header["Allow"] = strings.Join(allow, ", ")
			return rep
		}
		return ProblemReply(http.StatusNotFound, "", nil)
	}
	r.route = idx + 1
	rt := &svc.spec.Routes[idx]
	rep, creds, ok := authorize(r, rt.Sec, svc.spec.VerifyToken)
	if !ok {
		return rep
	}
	if r.claims != nil {
		ctx = context.WithValue(ctx, claimsKey{}, r.claims)
	}
	if len(creds) > 0 {
		ctx = context.WithValue(ctx, credentialsKey{}, creds)
	}
	return deprecated(dispatchSafe(ctx, svc, d, idx, r, pathVals), rt, r)
}

// dispatchSafe runs d for route idx (decode, handler, encode): a panic in
// it, the handler's above all, becomes a 500 that reveals nothing
// (Recovered). One deferred recover here, not one in each operation's
// generated function.
func dispatchSafe(ctx context.Context, svc *Service, d Dispatch, idx int, r *Request, pathVals []string) (out Reply) {
	defer func() {
		if v := recover(); v != nil {
			rt := &svc.spec.Routes[idx]
			op := rt.Method + " " + rt.Template
			if idx < len(svc.spec.Operations) {
				op = svc.spec.Operations[idx] + " (" + op + ")"
			}
			out = Recovered(op, v)
		}
	}()
	return d(ctx, idx, r, pathVals)
}

// badQueryReply answers a query string that does not parse: it is refused
// whole, so no check can be dodged with a malformed repeat (?a=1&a=%zz)
// that a later reader (a backend, another parser) might read differently.
func badQueryReply() Reply {
	return ProblemReply(http.StatusBadRequest, "the query string is malformed", nil)
}

// tooLarge answers a body above limit bytes.
func tooLarge(limit int) Reply {
	return ProblemReply(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", limit), nil)
}

// Deprecation is what a route tells callers about its deprecation.
type Deprecation struct {
	Op     bool        // the operation is deprecated: every answer says so
	Since  string      // Deprecation header value (RFC 9745)
	Sunset string      // Sunset header value (RFC 8594); "" without one
	Params [][2]string // deprecated parameters {in, name}: an answer to a request that sends one says so
}

// deprecated tells the callers of a deprecated operation, or of one that
// sent a deprecated parameter, so, and when the operation stops answering.
func deprecated(rep Reply, rt *Route, r *Request) Reply {
	d := rt.Depr
	if d == nil || (!d.Op && !r.sends(d.Params)) {
		return rep
	}
	rep.header["Deprecation"] = d.Since
	if d.Sunset != "" {
		rep.header["Sunset"] = d.Sunset
	}
	return rep
}

// sends reports whether the request carries one of the parameters.
func (r *Request) sends(params [][2]string) bool {
	for _, p := range params {
		switch p[0] {
		case "query":
			if len(r.QueryValues(p[1])) > 0 {
				return true
			}
		case "header":
			if _, ok := r.HeaderValue(p[1]); ok {
				return true
			}
		case "cookie":
			if _, ok := r.Cookie(p[1]); ok {
				return true
			}
		default: // path: always sent
			return true
		}
	}
	return false
}

// CheckLegacyREST checks a REST API (payload 1.0) event for an operation an
// existing HTTP backend serves as the function checks its own operations'
// requests (parameters, body, size). The local server calls it before
// proxying. It returns ok, or false and the problem answer; an event that
// names no legacy operation is ok.
func CheckLegacyREST(svc *Service, legacy Check, e events.APIGatewayProxyRequest) (res events.APIGatewayProxyResponse, ok bool) {
	rep, ok := checkLegacyRequest(svc, legacy, fromREST(&e))
	return rep.rest(), ok
}

// CheckLegacyHTTP is CheckLegacyREST for an HTTP API (payload 2.0) event.
func CheckLegacyHTTP(svc *Service, legacy Check, e events.APIGatewayV2HTTPRequest) (res events.APIGatewayV2HTTPResponse, ok bool) {
	rep, ok := checkLegacyRequest(svc, legacy, fromHTTP(&e))
	return rep.http(), ok
}

func checkLegacyRequest(svc *Service, legacy Check, r *Request) (Reply, bool) {
	if r.bodyError != "" {
		return ProblemReply(http.StatusBadRequest, r.bodyError, nil), false
	}
	if r.badQuery {
		return badQueryReply(), false
	}
	if len(r.body) > svc.spec.MaxBodyBytes {
		return tooLarge(svc.spec.MaxBodyBytes), false
	}
	idx, pathVals, _ := match(&svc.legacy, r)
	if idx < 0 {
		return Reply{}, true
	}
	if p := legacy(idx, r, pathVals); len(p.Errs) > 0 {
		return p.Reply(), false
	}
	return Reply{}, true
}

// Segment is one piece of a route template: a literal (Prefix), or a
// parameter with literal text around it, or a greedy parameter ({name+}).
type Segment struct {
	Prefix, Suffix string
	Param          bool
	Greedy         bool
}

// Route is one operation's method, path template and security.
type Route struct {
	Method   string
	Template string
	Segs     []Segment
	Params   []string     // parameter names, in segment order
	Sec      *Security    // what the caller needs; nil for a public operation
	Depr     *Deprecation // nil when neither the operation nor a parameter is deprecated
}

// Params collects the problems found while decoding one request.
type Params struct {
	Errs []ProblemError
}

// Fail records that parameter name (in path, query, header, cookie or
// body) is wrong: msg says how.
func (p *Params) Fail(in, name, msg string) {
	p.Errs = append(p.Errs, ProblemError{In: in, Name: name, Message: msg})
}

func (p *Params) missing(in, name string) { p.Fail(in, name, "is required") }

// list splits one value by commas, or keeps repeated values (form, explode).
func list(vals []string, explode bool) []string {
	if explode || len(vals) == 0 {
		return vals
	}
	return strings.Split(vals[0], ",")
}

func parseString(s string) (string, error) { return s, nil }

func parseInt(s string) (int, error) {
	n, err := strconv.ParseInt(s, 10, 0)
	return int(n), numError(err, "an integer")
}

func parseInt32(s string) (int32, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	return int32(n), numError(err, "a 32-bit integer")
}

func parseInt64(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, numError(err, "a 64-bit integer")
}

func parseFloat32(s string) (float32, error) {
	n, err := strconv.ParseFloat(s, 32)
	return float32(n), numError(err, "a number")
}

func parseFloat64(s string) (float64, error) {
	n, err := strconv.ParseFloat(s, 64)
	return n, numError(err, "a number")
}

func parseBool(s string) (bool, error) {
	switch s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errors.New("must be true or false")
}

func numError(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("is out of range for %s", what)
	}
	return fmt.Errorf("must be %s", what)
}

// JSONBody is the request's body when its Content-Type, if any, is one of
// the JSON media types the operation declares for it (declared: lower-case
// essences without parameters; none means application/json alone);
// otherwise it records the violation in p and reports false. A JSON type
// the operation does not declare (application/merge-patch+json where only
// application/json is) is refused like any other (415): nothing says it
// means what the declared one does.
func (r *Request) JSONBody(p *Params, declared ...string) ([]byte, bool) {
	// The common case (no Content-Type, or application/json as is when
	// that is the one declared) parses nothing.
	if ct, ok := r.HeaderValue("Content-Type"); ok && (ct != "application/json" || len(declared) > 0) {
		return r.jsonBodyOther(p, ct, declared)
	}
	return r.body, true
}

// jsonBodyOther is JSONBody for any other Content-Type.
func (r *Request) jsonBodyOther(p *Params, ct string, declared []string) ([]byte, bool) {
	if len(declared) == 0 {
		declared = []string{"application/json"}
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil {
		for _, d := range declared {
			if mt == d {
				return r.body, true
			}
		}
	}
	if IsJSONType(ct) {
		p.Fail("body", "", errMediaType)
	} else {
		p.Fail("body", "", "Content-Type must be JSON")
	}
	return nil, false
}

// errMediaType is the violation of a body whose Content-Type the
// operation does not declare (Reply answers 415).
const errMediaType = "Content-Type is not one the operation accepts"

// MediaTypeIn records a violation in p unless the request's Content-Type
// is one of the media types declared for an operation's body that is not
// JSON (lower-case, without parameters; "text/*" and "*/*" admit their
// range); a body without one is refused too, since nothing says how to
// read it.
func (r *Request) MediaTypeIn(p *Params, declared ...string) {
	ct, _ := r.HeaderValue("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		for _, d := range declared {
			if d == mt || d == "*/*" || strings.HasSuffix(d, "/*") && strings.HasPrefix(mt, d[:len(d)-1]) {
				return
			}
		}
	}
	p.Fail("body", "", errMediaType)
}

// decodeJSON decodes a JSON body into v, describing what is wrong without
// revealing Go internals.
func decodeJSON(p *Params, r *Request, v any) {
	body, ok := r.JSONBody(p)
	if !ok {
		return
	}
	if err := json.Unmarshal(body, v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			p.Errs = append(p.Errs, ProblemError{In: "body", Message: fmt.Sprintf("malformed JSON at byte %d", syn.Offset)})
		case errors.As(err, &typ):
			ptr := ""
			if typ.Field != "" {
				ptr = "/" + strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(typ.Field, "~", "~0"), "/", "~1"), ".", "/")
			}
			p.Errs = append(p.Errs, ProblemError{In: "body", Pointer: ptr, Message: "must be " + jsonKind(typ.Type.Kind().String()) + ", not " + typ.Value})
		default:
			p.Errs = append(p.Errs, ProblemError{In: "body", Message: "malformed JSON"})
		}
	}
}

func jsonKind(goKind string) string {
	switch {
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"), strings.HasPrefix(goKind, "float"):
		return "a number"
	case goKind == "string":
		return "a string"
	case goKind == "bool":
		return "a boolean"
	case goKind == "slice", goKind == "array":
		return "an array"
	}
	return "an object"
}

// Reply answers 400 with every decoding problem, or 415 for a body that
// is not JSON.
func (p *Params) Reply() Reply {
	for _, e := range p.Errs {
		if e.In == "body" && e.Message == "Content-Type must be JSON" {
			return ProblemReply(http.StatusUnsupportedMediaType, "the request body must be JSON", nil)
		}
		if e.In == "body" && e.Message == errMediaType {
			return ProblemReply(http.StatusUnsupportedMediaType, "the request body's Content-Type is not one the operation accepts", nil)
		}
	}
	return ProblemReply(http.StatusBadRequest, "the request is not valid", p.Errs)
}
