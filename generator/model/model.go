// Package model is specgate's intermediate representation: one API with its
// operations, parameters, bodies, responses and security, with every name
// already turned into a valid, unique Go identifier and file name. Emitters
// read only this package; it imports nothing of specgate's.
package model

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// APIKind is the API Gateway flavour the service is deployed behind.
type APIKind string

// The API kinds.
const (
	REST APIKind = "rest" // API Gateway REST API, payload format 1.0
	HTTP APIKind = "http" // API Gateway HTTP API, payload format 2.0
)

// Position is a place in a spec file.
type Position struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, leaving out what is unknown.
func (p Position) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Short formats p like String but with only the file's base name: what
// generated files quote, so they do not depend on where specgate ran.
func (p Position) Short() string {
	if p.File == "" {
		return ""
	}
	p.File = path.Base(strings.ReplaceAll(p.File, "\\", "/"))
	return p.String()
}

// API is the whole service.
type API struct {
	Name        string  // service name, kebab-case: "print-shop"
	Module      string  // Go module path of the generated project
	Kind        APIKind // rest or http
	Title       string  // info.title
	Version     string  // info.version
	Description string  // info.description
	SpecFile    string  // the spec's base name, for comments in generated files

	Operations []*Operation // sorted by path, then method
	Schemas    []*Schema    // named Go types made from schemas, sorted by spec name
	Schemes    []*SecurityScheme
	Warnings   []string // things the user should know, each with its position

	SkippedPatterns []SkippedPattern // patterns the generated validation does not enforce
	Unenforced      []Unenforced     // schema keywords the generated validation does not enforce

	// ResourceServer is the Cognito resource server identifier that spec
	// scopes are named under in tokens (see CognitoScope).
	ResourceServer string
	// Authorizer is what checks tokens in front of the function.
	Authorizer AuthorizerKind
}

// LambdaOperations returns the operations the Lambda function serves.
func (a *API) LambdaOperations() []*Operation {
	var ops []*Operation
	for _, op := range a.Operations {
		if op.Integration == nil {
			ops = append(ops, op)
		}
	}
	return ops
}

// Schema is a named Go type generated from a component schema or an inline
// request body. Its GoName can change while type names are settled (see
// RenameSchema); everything that refers to it holds the pointer.
type Schema struct {
	SpecName string // key under components/schemas, or a synthetic name for inline bodies
	GoName   string // Go type name in the generated api package
	Inline   bool   // made from an inline request body, not a component
	Opaque   bool   // cannot be expressed as a Go type: decoded as an untyped JSON value
}

// RenameSchema gives the schema now called goName a new, unused name and
// returns it. It reports false when no schema has that name.
func (a *API) RenameSchema(goName string) (string, bool) {
	var target *Schema
	taken := NewNamer()
	for _, s := range a.Schemas {
		taken.Reserve(s.GoName)
		if s.GoName == goName {
			target = s
		}
	}
	if target == nil {
		return "", false
	}
	target.GoName = taken.Unique(goName + "Schema")
	return target.GoName, true
}

// Operation is one method on one path.
type Operation struct {
	ID          string // operationId as written; may be empty
	GoName      string // handler method name: "PlaceOrder"
	FileName    string // handler stub file stem: "place_order"
	Method      string // upper case: "POST"
	Path        string // path template: "/shops/{shopId}/orders"
	Segments    []Segment
	Summary     string
	Description string
	Tags        []string
	Deprecated  bool
	// DeprecatedAt and Sunset are the dates (RFC 3339 full-date or
	// date-time, as written) of x-deprecated-at and x-sunset: what the
	// Deprecation (RFC 9745) and Sunset (RFC 8594) headers say.
	DeprecatedAt string
	Sunset       string

	Params    []*Param // path, query, header, cookie; sorted by location then name
	Body      *Body    // nil when the operation takes no body
	Responses []*Response

	// Security lists alternatives; a request passes when it satisfies every
	// scheme of one alternative. Public operations have none.
	Security []Requirement
	Public   bool // the spec says security: [] (or declares none at all)
	// Access is what Security means, for every consumer: filled once by
	// API.ResolveAccess.
	Access Access

	Integration *Integration // non-nil: served by an existing HTTP backend, not Lambda
	Origin      Position

	// Names in the generated api package.
	RequestType  string // "PlaceOrderRequest"
	ResponseType string // "PlaceOrderResponse"
	// RawResponse builds an answer outside the declared responses
	// ("PlaceOrderRaw"): the one escape hatch from the response contract.
	RawResponse string
}

// Segment is one "/"-separated piece of a path template: a literal, or a
// parameter with optional literal text around it, or a greedy {name+}.
type Segment struct {
	Prefix string // literal text before the parameter (all of it for a literal)
	Param  string // parameter name as in the spec; "" for a literal segment
	Suffix string // literal text after the parameter
	Greedy bool   // {name+}: matches this and every following segment
}

// ParamIn is where a parameter travels.
type ParamIn string

// The parameter locations, in the order the request struct lists them.
const (
	InPath   ParamIn = "path"
	InQuery  ParamIn = "query"
	InHeader ParamIn = "header"
	InCookie ParamIn = "cookie"
)

// ScalarKind is the Go type of a parameter value.
type ScalarKind string

// The scalar kinds a parameter can be parsed into.
const (
	String  ScalarKind = "string"
	Int     ScalarKind = "int"
	Int32   ScalarKind = "int32"
	Int64   ScalarKind = "int64"
	Float32 ScalarKind = "float32"
	Float64 ScalarKind = "float64"
	Bool    ScalarKind = "bool"
)

// Param is one parameter of an operation.
type Param struct {
	Name        string  // as in the spec
	In          ParamIn // where it travels
	GoName      string  // field name in the request struct
	Description string
	Required    bool
	Kind        ScalarKind // type of the value, or of each item when Array
	Array       bool       // a list of values
	Explode     bool       // form style: repeated keys instead of commas
	Raw         bool       // a shape not parsed yet (objects, content): kept as its raw string
	Deprecated  bool       // deprecated: true
	Origin      Position
	Validation  *ParamSchema // schema, style and explode for request validation (set by spec.Validation)
}

// GoType is the field's Go type in the request struct.
func (p *Param) GoType() string {
	t := string(p.Kind)
	if p.Array {
		return "[]" + t
	}
	if !p.Required {
		return "*" + t
	}
	return t
}

// Default is the value an absent optional parameter takes: its schema's
// default, or nil. A required parameter (every path parameter is) has
// none: its absence is an error.
func (p *Param) Default() *Const {
	if p.Required || p.In == InPath || p.Validation == nil || p.Validation.Schema == nil {
		return nil
	}
	return p.Validation.Schema.Default
}

// Body is an operation's request body.
type Body struct {
	Required     bool
	Description  string
	ContentTypes []string // as declared, sorted
	JSON         bool     // one of them is JSON: the body is decoded into Type
	JSONType     string   // the JSON content type as declared
	// Form: an application/x-www-form-urlencoded type with an object
	// schema is decoded into Type, field by field (FormFields), then
	// validated as a JSON body of that schema: when no JSON type is
	// decoded, or beside the JSON one when declared with the same schema.
	Form     bool
	FormType string // the form content type as declared
	// Accepted are the essences (MediaEssence) of the content types read
	// into Type (PlanBody decides); any other is refused with 415.
	Accepted []string
	Type     *Schema     // Go type of the JSON or form body; nil when neither
	Schema   *JSONSchema // the JSON or form body's schema for request validation (set by spec.Validation)
	// FormFields are a form body's declared properties, each read by the
	// rules of a query parameter of its schema, style and explode (the
	// encoding's): In is InQuery, Validation is set by spec.Validation.
	FormFields []*Param
}

// DecodedType is the content type, as declared, decoded into Type: the
// JSON one or the form one; "" when the body is kept raw.
func (b *Body) DecodedType() string {
	if b.JSON {
		return b.JSONType
	}
	return b.FormType
}

// Response is one declared response of an operation.
type Response struct {
	Status      string // "201", "default", "4XX"
	Code        int    // 201; 0 for default and ranges
	Description string
	ContentType string  // JSON content type when the response has a JSON body
	Type        *Schema // Go type of the JSON body; nil when none or not JSON
	Constructor string  // Go func building it: "PlaceOrder201"
}

// StatusRange is the statuses a range response ("4XX") stands for, from
// lo to hi inclusive; ok is false for an exact status and for default.
func (r *Response) StatusRange() (lo, hi int, ok bool) {
	s := r.Status
	if len(s) != 3 || s[0] < '1' || s[0] > '5' || !strings.EqualFold(s[1:], "XX") {
		return 0, 0, false
	}
	lo = int(s[0]-'0') * 100
	return lo, lo + 99, true
}

// Requirement is one alternative of an operation's security: every scheme
// listed must pass, with all of its scopes.
type Requirement struct {
	Schemes []SchemeScopes
}

// SchemeScopes names a security scheme and the scopes it needs.
type SchemeScopes struct {
	Scheme string
	Scopes []string
}

// SecurityScheme is a declared scheme that an operation can require.
type SecurityScheme struct {
	Name        string // key under components/securitySchemes
	Type        string // oauth2, openIdConnect, apiKey, http
	Description string
	Scopes      []Scope // every scope the scheme declares (oauth2 flows merged), sorted
	// OAuthFlows is set when an oauth2 scheme declares flows;
	// MachineScopes are the scopes its clientCredentials flow declares,
	// sorted: the only ones it offers machine clients (MachineMay);
	// PeopleScopes those its authorizationCode, implicit and password
	// flows declare, sorted: the only ones it offers people (PeopleMay).
	OAuthFlows    bool
	MachineScopes []string
	PeopleScopes  []string
	// Token is set for schemes a Cognito or JWT authorizer checks (OAuth 2.0,
	// OpenID Connect, bearer, an apiKey scheme written for cognito_user_pools):
	// the function sees their claims and checks their scopes again.
	Token bool
	// Where a non-token credential travels: apiKey schemes name a header,
	// query parameter or cookie; http schemes name their auth scheme.
	In         string // header, query or cookie (apiKey)
	ParamName  string // the header, parameter or cookie name (apiKey)
	HTTPScheme string // basic, digest, ... (http)
	// OpenIDConnectURL is an openIdConnect scheme's discovery URL, as the
	// spec writes it ("" when it is a CloudFormation intrinsic, known only
	// once deployed); URLOrigin is where.
	OpenIDConnectURL string
	URLOrigin        Position
	Origin           Position
}

// Scope is an OAuth 2.0 scope and what it allows.
type Scope struct {
	Name        string
	Description string
}

// Integration sends an operation to an existing HTTP backend.
type Integration struct {
	Type          string // http_proxy
	URI           string
	TimeoutMillis int
}

// Sort orders operations by path then method, and the API's lists by name,
// so emitters can range without sorting.
func (a *API) Sort() {
	sort.SliceStable(a.Operations, func(i, j int) bool {
		x, y := a.Operations[i], a.Operations[j]
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		return x.Method < y.Method
	})
	sort.SliceStable(a.Schemas, func(i, j int) bool { return a.Schemas[i].SpecName < a.Schemas[j].SpecName })
	sort.SliceStable(a.Schemes, func(i, j int) bool { return a.Schemes[i].Name < a.Schemes[j].Name })
}

// PathParams lists the path template's parameter names in order.
func (o *Operation) PathParams() []string {
	var names []string
	for _, s := range o.Segments {
		if s.Param != "" {
			names = append(names, s.Param)
		}
	}
	return names
}

// RouteLess orders operations most specific first, so that the first route
// whose template matches a path wins: literal segments before parameters
// with literal text around them, those before bare parameters, greedy last;
// then longer templates first, then by method.
func RouteLess(x, y *Operation) bool {
	rank := func(s Segment) int {
		switch {
		case s.Greedy:
			return 3
		case s.Param == "":
			return 0
		case s.Prefix != "" || s.Suffix != "":
			return 1
		}
		return 2
	}
	a, b := x.Segments, y.Segments
	for k := 0; k < len(a) && k < len(b); k++ {
		if ra, rb := rank(a[k]), rank(b[k]); ra != rb {
			return ra < rb
		}
		if a[k].Prefix != b[k].Prefix {
			return a[k].Prefix < b[k].Prefix
		}
	}
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return x.Method < y.Method
}
