package lambda

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/specgate/specgate/generator/emit/gocode"
	"github.com/specgate/specgate/generator/emit/local"
	"github.com/specgate/specgate/generator/model"
)

// view is what the project templates print: final names and ready-made
// snippets, so templates hold no naming or type logic.
type view struct {
	Name, Module, Title, SpecPath string
	Kind                          model.APIKind
	MaxBodyBytes                  int
	CORSOrigins                   []string // Go string literals
	Ops                           []*opView
	Routes                        []routeView
	ExampleConstructor            string

	// VerifyTokens is set when the function verifies a bearer token itself
	// (internal/apirt/verify.gen.go; model.API.LambdaVerifies): no
	// authorizer runs in front of it (NoAuthorizer, authorizer none), or
	// some operation's token is left to it. It never trusts identity headers.
	VerifyTokens bool
	NoAuthorizer bool

	Local         local.Example // the call the README's "Run locally" shows
	CognitoDeploy string        // the README's command deploying deploy/cognito.yaml

	Deprecated []string // what the spec deprecates, for the README: "GET /old (sunset 2027-06-30)"

	// LegacyList lists the operations existing HTTP backends serve
	// ("`GET /a` and `POST /b`"), for the README's section for their owners.
	LegacyList string
	// SubjectHeader and ScopesHeader carry the verified identity to them.
	SubjectHeader, ScopesHeader string
	// LegacyOps and LegacyRoutes are those operations: the api package
	// decodes and validates their requests too, for the local server to
	// check before proxying (CheckLegacyREST, CheckLegacyHTTP).
	LegacyOps    []*opView
	LegacyRoutes []routeView
}

type opView struct {
	op                    *model.Operation
	Module                string
	GoName, FileName      string
	RequestType           string
	ResponseType          string
	RawResponse           string
	ID                    string // operationId, or GoName without one: "placeOrder"
	Label                 string // "placeOrder (POST /shops/{shopId}/orders)"
	Doc                   string // interface method comment
	StubDoc               string
	Params                []paramView
	HasBody, BodyRequired bool
	BodyType              string
	BodyKind              string // what the body is decoded from: JSON, a form, or either
	BodyMediaTypes        string // Go string literals of a body that is not JSON's declared media types, comma-separated
	Responses             []responseView
}

type paramView struct {
	Name, GoName, GoType, Doc, Parser string
	In                                string
	Required, Array, Explode          bool
	PathIndex                         int
}

type responseView struct {
	Constructor, Args, StatusExpr, ContentType, Doc string
	BodyArg                                         bool
	responseType                                    string
	// StatusMin and StatusMax bound the status a range response ("4XX")
	// takes; both 0 for an exact status or default.
	StatusMin, StatusMax int
}

type routeView struct {
	Index    int
	Method   string
	Template string
	Segs     []string // Go composite literal bodies for segment
	Params   []string
	Sec      string // Go literal of the operation's *apirt.Security; "" when public
	Depr     string // Go literal of the route's *apirt.Deprecation; "" when nothing is deprecated
	Op       *opView
}

// ResponseTypeOf is the response type a constructor returns.
func (v *view) ResponseTypeOf(r responseView) string { return r.responseType }

func newView(api *model.API, opts Options) *view {
	v := &view{Name: api.Name, Module: api.Module, Title: api.Title, Kind: api.Kind, SpecPath: opts.SpecPath, MaxBodyBytes: opts.MaxBodyBytes}
	v.VerifyTokens = api.LambdaVerifies()
	v.NoAuthorizer = api.Authorizer == model.AuthNone
	v.Local = local.ExampleCall(api)
	v.SubjectHeader, v.ScopesHeader = model.SubjectHeader, model.ScopesHeader
	v.CognitoDeploy = strings.Join(opts.CognitoDeploy, "\n")
	for _, o := range opts.CORSOrigins {
		v.CORSOrigins = append(v.CORSOrigins, fmt.Sprintf("%q", o))
	}
	if v.SpecPath == "" {
		v.SpecPath = "openapi.yaml"
	}
	if v.Title == "" {
		v.Title = api.Name
	}
	v.Deprecated = deprecatedList(api)
	var legacy []string
	for _, op := range api.Operations {
		if op.Integration != nil {
			legacy = append(legacy, "`"+op.Method+" "+op.Path+"`")
		}
	}
	if n := len(legacy); n > 1 {
		v.LegacyList = strings.Join(legacy[:n-1], ", ") + " and " + legacy[n-1]
	} else if n == 1 {
		v.LegacyList = legacy[0]
	}
	for _, op := range api.LambdaOperations() {
		ov := newOpView(op, api.Module)
		if hasCredentials(op.Access) {
			ov.StubDoc += "\n\nSome callers authenticate with an API key or basic auth, which nothing in front\n" +
				"of this function verifies: verify what api.CredentialsFromContext(ctx) returns."
		}
		v.Ops = append(v.Ops, ov)
		rv := routeView{Method: op.Method, Template: op.Path, Op: ov, Sec: securityLiteral(op)}
		rv.Depr = deprecationLiteral(op)
		for _, s := range op.Segments {
			rv.Segs = append(rv.Segs, gocode.ExportedSegmentLiteral(s))
		}
		rv.Params = op.PathParams()
		v.Routes = append(v.Routes, rv)
	}
	for _, op := range api.Operations {
		if op.Integration == nil {
			continue
		}
		ov := newOpView(op, api.Module)
		v.LegacyOps = append(v.LegacyOps, ov)
		rv := routeView{Method: op.Method, Template: op.Path, Op: ov, Params: op.PathParams()}
		for _, s := range op.Segments {
			rv.Segs = append(rv.Segs, gocode.ExportedSegmentLiteral(s))
		}
		v.LegacyRoutes = append(v.LegacyRoutes, rv)
	}
	for _, routes := range [][]routeView{v.Routes, v.LegacyRoutes} {
		sort.SliceStable(routes, func(i, j int) bool { return model.RouteLess(routes[i].Op.op, routes[j].Op.op) })
		for i := range routes {
			routes[i].Index = i
		}
	}
	v.ExampleConstructor = "PlaceOrder201(order)"
	for _, o := range v.Ops {
		if len(o.Responses) > 0 {
			r := o.Responses[0]
			args := ""
			if r.BodyArg {
				args = "body"
			}
			if strings.HasPrefix(r.Args, "status") {
				args = strings.TrimPrefix("200, "+args, "")
			}
			v.ExampleConstructor = fmt.Sprintf("%s(%s)", r.Constructor, strings.TrimSuffix(args, ", "))
			break
		}
	}
	return v
}

func newOpView(op *model.Operation, module string) *opView {
	o := &opView{op: op, Module: module, GoName: op.GoName, FileName: op.FileName, RequestType: op.RequestType, ResponseType: op.ResponseType, RawResponse: op.RawResponse}
	id := op.ID
	if id == "" {
		id = op.GoName
	}
	o.ID = id
	o.Label = fmt.Sprintf("%s (%s %s)", id, op.Method, op.Path)
	var doc strings.Builder
	fmt.Fprintf(&doc, "%s handles %s: %s %s.", op.GoName, id, op.Method, op.Path)
	if op.Summary != "" {
		fmt.Fprintf(&doc, "\n\n%s", op.Summary)
	}
	if op.Description != "" && op.Description != op.Summary {
		fmt.Fprintf(&doc, "\n\n%s", op.Description)
	}
	if op.Deprecated {
		doc.WriteString("\n\nDeprecated: the spec marks this operation deprecated.")
	}
	o.Doc = doc.String()
	o.StubDoc = o.Doc + "\n\nspecgate wrote this stub once; replace its body with the implementation."
	pathIndex := map[string]int{}
	for i, name := range op.PathParams() {
		pathIndex[name] = i
	}
	for _, p := range op.Params {
		pv := paramView{Name: p.Name, GoName: p.GoName, GoType: p.GoType(), In: string(p.In), Required: p.Required,
			// Headers and cookies carry lists comma-separated; query lists repeat the key when exploded.
			Array: p.Array, Explode: p.Explode && p.In == model.InQuery, PathIndex: pathIndex[p.Name], Parser: parserName(p.Kind)}
		desc := fmt.Sprintf("%s is the %s parameter %q", p.GoName, p.In, p.Name)
		switch def := p.Default(); {
		case def != nil:
			desc += "; the spec's default, " + def.JSON + ", when absent"
		case !p.Required && !p.Array:
			desc += "; nil when absent"
		}
		if p.Raw {
			desc += "; kept as its raw text (specgate does not decode this shape yet)"
		}
		pv.Doc = desc + "."
		if p.Description != "" {
			pv.Doc += "\n" + p.Description
		}
		o.Params = append(o.Params, pv)
	}
	if op.Body != nil {
		o.HasBody, o.BodyRequired = true, op.Body.Required
		if (op.Body.JSON || op.Body.Form) && op.Body.Type != nil {
			o.BodyType, o.BodyKind = op.Body.Type.GoName, "JSON"
			switch {
			case op.Body.Form && op.Body.JSON:
				o.BodyKind = "JSON or form (application/x-www-form-urlencoded)"
			case op.Body.Form:
				o.BodyKind = "form (application/x-www-form-urlencoded)"
			}
		} else {
			// The runtime compares the request's parsed media type with
			// these: the declared ones' essence, lower-cased, parameters
			// ("; charset=utf-8") dropped.
			quoted := make([]string, len(op.Body.ContentTypes))
			for i, ct := range op.Body.ContentTypes {
				quoted[i] = strconv.Quote(model.MediaEssence(ct))
			}
			o.BodyMediaTypes = strings.Join(quoted, ", ")
		}
	}
	for _, r := range op.Responses {
		rv := responseView{Constructor: r.Constructor, responseType: op.ResponseType, ContentType: r.ContentType}
		var args []string
		rv.StatusExpr = fmt.Sprint(r.Code)
		if r.Code == 0 {
			args = append(args, "status int")
			rv.StatusExpr = "status"
			rv.StatusMin, rv.StatusMax, _ = r.StatusRange()
		}
		switch {
		case r.Type != nil:
			args = append(args, "body "+r.Type.GoName)
			rv.BodyArg = true
		case r.ContentType != "":
			args = append(args, "body []byte")
			rv.BodyArg = true
		}
		rv.Args = strings.Join(args, ", ")
		what := "status " + r.Status
		if r.Code == 0 {
			what = "a " + r.Status + " status"
			if r.Status == "default" {
				what = "any status not listed (default)"
			}
		}
		rv.Doc = fmt.Sprintf("%s answers %s with %s.", r.Constructor, id, what)
		if r.Description != "" {
			rv.Doc += "\n" + r.Description
		}
		o.Responses = append(o.Responses, rv)
	}
	return o
}

func parserName(k model.ScalarKind) string {
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// deprecatedList names every deprecated operation (with its sunset) and
// deprecated parameter.
func deprecatedList(api *model.API) []string {
	var out []string
	for _, op := range api.Operations {
		if op.Deprecated {
			s := op.Method + " " + op.Path
			if op.Sunset != "" {
				s += " (sunset " + op.Sunset + ")"
			}
			out = append(out, s)
		}
		for _, p := range op.Params {
			if p.Deprecated {
				out = append(out, fmt.Sprintf("%s %s: %s parameter %s", op.Method, op.Path, p.In, p.Name))
			}
		}
	}
	return out
}

// deprecationLiteral is the Go literal of op's *apirt.Deprecation: the headers a
// deprecated operation answers with, and the deprecated parameters whose
// use gets the Deprecation header; "" when nothing is deprecated.
func deprecationLiteral(op *model.Operation) string {
	var params []string
	for _, p := range op.Params {
		if p.Deprecated {
			params = append(params, fmt.Sprintf("{%q, %q}", p.In, p.Name))
		}
	}
	since := op.DeprecationHeader()
	if since == "" && len(params) == 0 {
		return ""
	}
	lit := "&apirt.Deprecation{"
	if since != "" {
		lit += fmt.Sprintf("Op: true, Since: %q", since)
		if sunset := op.SunsetHeader(); sunset != "" {
			lit += fmt.Sprintf(", Sunset: %q", sunset)
		}
	} else {
		lit += fmt.Sprintf("Since: %q", model.UndatedDeprecation)
	}
	if len(params) > 0 {
		lit += ", Params: [][2]string{" + strings.Join(params, ", ") + "}"
	}
	return lit + "}"
}

// hasCredentials reports whether some alternative takes a non-token
// credential the handler must verify.
func hasCredentials(acc model.Access) bool {
	for _, alt := range acc.Alternatives {
		if len(alt.Credentials) > 0 {
			return true
		}
	}
	return false
}
