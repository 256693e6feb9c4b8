package spec

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// Options is what the spec does not say about the service.
type Options struct {
	Name   string        // service name; default from info.title
	Module string        // Go module path; default "example.com/<name>"
	Kind   model.APIKind // rest (default) or http
	// ResourceServer is the Cognito resource server identifier scopes are
	// named under in tokens; default the service name.
	ResourceServer string
	// Reserved are names the generated package declares itself; schema
	// types never take them.
	Reserved []string
}

// IntegrationExtension sends an operation to an existing HTTP backend.
const IntegrationExtension = "x-specgate-integration"

// methods API Gateway can route, in the order specgate reports them.
var methods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete,
	http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

// ToModel turns a loaded spec into the model, and the schemas into a
// TypesSource for the Go types emitter. Every problem found is returned at
// once in an *Error.
func ToModel(doc *Document, opts Options) (*model.API, *TypesSource, error) {
	b := &builder{doc: doc, api: &model.API{}, schemas: map[string]*model.Schema{}}
	b.info(opts)
	b.componentSchemas(opts.Reserved)
	b.securitySchemes()
	b.operations()
	if len(b.problems) > 0 {
		sort.SliceStable(b.problems, func(i, j int) bool { return posLess(b.problems[i].Pos, b.problems[j].Pos) })
		return nil, nil, &Error{Problems: b.problems}
	}
	b.api.Warnings = append(doc.Warnings, b.api.Warnings...)
	b.api.Sort()
	b.api.ResourceServer = opts.ResourceServer
	if b.api.ResourceServer == "" {
		b.api.ResourceServer = b.api.Name
	}
	b.api.ResolveAccess()
	ts, err := newTypesSource(doc, b.api, b.inline)
	if err != nil {
		return nil, nil, err
	}
	return b.api, ts, nil
}

type builder struct {
	doc      *Document
	api      *model.API
	schemas  map[string]*model.Schema // by component name
	typeName *model.Namer             // Go type names of schemas
	inline   map[*model.Schema]*openapi3.SchemaRef
	problems []Problem
}

func (b *builder) errorf(pos model.Position, hint, format string, args ...any) {
	b.problems = append(b.problems, problemf(pos, hint, format, args...))
}

func (b *builder) warnf(pos model.Position, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p := pos.String(); p != "" {
		msg = p + ": " + msg
	}
	b.api.Warnings = append(b.api.Warnings, msg)
}

func (b *builder) pos(o *openapi3.Origin) model.Position {
	if o == nil || o.Key == nil {
		return model.Position{File: b.doc.File}
	}
	file := b.doc.File
	if o.Key.File != "" && !strings.HasSuffix(o.Key.File, strings.TrimPrefix(b.doc.File, "./")) {
		file = o.Key.File
	}
	return model.Position{File: file, Line: o.Key.Line, Col: o.Key.Column}
}

// fieldPos is the position of the scalar field of a collection whose
// origin is o, or of the collection when the field's is unknown.
func (b *builder) fieldPos(o *openapi3.Origin, field string) model.Position {
	if o == nil {
		return b.pos(o)
	}
	loc, ok := o.Fields.Lookup(field)
	if !ok || loc.Line == 0 {
		return b.pos(o)
	}
	return b.pos(&openapi3.Origin{Key: &loc})
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

func (b *builder) info(opts Options) {
	t := b.doc.T
	if t.Info != nil {
		b.api.Title, b.api.Version, b.api.Description = t.Info.Title, t.Info.Version, t.Info.Description
	}
	b.api.SpecFile = filepath.Base(b.doc.File) // generated files name it; its directory depends on where specgate ran
	b.api.Name = opts.Name
	if in := b.doc.intrinsicAt("/info/title"); in != nil {
		// The title is known only once deployed: the service name stands in.
		if opts.Name == "" {
			b.errorf(in.Pos, "set service: in specgate.yaml, or pass --name", "info.title is a CloudFormation intrinsic (%s): its value exists only once deployed, and specgate needs a literal service name", in.Func)
		}
		b.api.Title = opts.Name
		if opts.Name != "" {
			b.warnf(in.Pos, "info.title is a CloudFormation intrinsic (%s) with a value only once deployed; the service name %q stands in for it", in.Func, opts.Name)
		}
	}
	if b.api.Name == "" {
		b.api.Name = model.SnakeName(b.api.Title, "service")
		b.api.Name = strings.ReplaceAll(b.api.Name, "_", "-")
	}
	b.api.Module = opts.Module
	if b.api.Module == "" {
		b.api.Module = "example.com/" + b.api.Name
	}
	b.api.Kind = opts.Kind
	if b.api.Kind == "" {
		b.api.Kind = model.REST
	}
}

// componentSchemas names every component schema once, in name order.
func (b *builder) componentSchemas(reserved []string) {
	b.typeName = model.NewNamer(reserved...)
	b.inline = map[*model.Schema]*openapi3.SchemaRef{}
	if b.doc.T.Components == nil {
		return
	}
	names := make([]string, 0, len(b.doc.T.Components.Schemas))
	for name := range b.doc.T.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s := &model.Schema{SpecName: name, GoName: b.typeName.Unique(model.GoName(name, "Schema"))}
		b.schemas[name] = s
		b.api.Schemas = append(b.api.Schemas, s)
	}
}

// schemaType returns the named Go type for a body or response schema:
// the component it refers to, or a new named type for an inline schema.
func (b *builder) schemaType(ref *openapi3.SchemaRef, inlineName string) *model.Schema {
	if name, ok := componentName(ref.Ref); ok {
		if s := b.schemas[name]; s != nil {
			return s
		}
	}
	s := &model.Schema{SpecName: inlineName, GoName: b.typeName.Unique(inlineName), Inline: true}
	b.inline[s] = ref
	b.api.Schemas = append(b.api.Schemas, s)
	return s
}

// componentName returns X for "#/components/schemas/X" (and nothing deeper).
func componentName(ref string) (string, bool) {
	rest, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok || strings.Contains(rest, "/") {
		return "", false
	}
	return unescapePointer(rest), true
}

func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func (b *builder) securitySchemes() {
	if b.doc.T.Components == nil {
		return
	}
	for name, ref := range b.doc.T.Components.SecuritySchemes {
		if ref == nil || ref.Value == nil {
			continue
		}
		v := ref.Value
		s := &model.SecurityScheme{Name: name, Type: v.Type, Description: v.Description, Token: isTokenScheme(v), Origin: b.pos(v.Origin),
			In: v.In, ParamName: v.Name, HTTPScheme: strings.ToLower(v.Scheme)}
		if strings.EqualFold(v.Type, "openIdConnect") && b.doc.intrinsicAt("/components/securitySchemes/"+pointerEscaper.Replace(name)+"/openIdConnectUrl") == nil {
			s.OpenIDConnectURL, s.URLOrigin = v.OpenIdConnectUrl, b.fieldPos(v.Origin, "openIdConnectUrl")
		}
		seen := map[string]bool{}
		if v.Flows != nil {
			for _, f := range []*openapi3.OAuthFlow{v.Flows.AuthorizationCode, v.Flows.ClientCredentials, v.Flows.Implicit, v.Flows.Password} {
				if f == nil {
					continue
				}
				s.OAuthFlows = true
				if f == v.Flows.ClientCredentials {
					for scope := range f.Scopes {
						s.MachineScopes = append(s.MachineScopes, scope)
					}
					sort.Strings(s.MachineScopes)
				} else {
					for scope := range f.Scopes {
						s.PeopleScopes = append(s.PeopleScopes, scope)
					}
				}
				for scope, desc := range f.Scopes {
					if !seen[scope] {
						seen[scope] = true
						s.Scopes = append(s.Scopes, model.Scope{Name: scope, Description: desc})
					}
				}
			}
		}
		sort.Slice(s.Scopes, func(i, j int) bool { return s.Scopes[i].Name < s.Scopes[j].Name })
		sort.Strings(s.PeopleScopes)
		s.PeopleScopes = slices.Compact(s.PeopleScopes)
		b.api.Schemes = append(b.api.Schemes, s)
	}
}

func (b *builder) operations() {
	paths := b.doc.T.Paths.Keys()
	sort.Strings(paths)
	opNames := model.NewNamer()
	fileNames := model.NewNamer("service")
	routes := map[string]string{} // normalised method+path -> original, to find collisions
	levels := paramLevels{}
	for _, p := range paths {
		item := b.doc.T.Paths.Value(p)
		if item == nil {
			continue
		}
		segments, perr := parsePath(p)
		var clash string
		if perr == nil && b.api.Kind == model.REST {
			if prev, name, prevName := levels.clash(p, segments); prev != "" {
				clash = fmt.Sprintf("path %s names its parameter {%s} where %s names it {%s}: API Gateway allows one path parameter per level, and the REST API import fails", p, name, prev, prevName)
			}
		}
		for _, method := range methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			pos := b.pos(op.Origin)
			if perr != nil {
				b.errorf(pos, "API Gateway accepts only {name} and a final greedy {name+} in path templates; rename the path", "path %q: %v", p, perr)
				continue
			}
			key := method + " " + normalisePath(segments)
			if prev, dup := routes[key]; dup {
				b.errorf(pos, "make the paths differ in a literal segment, or merge the operations", "%s %s collides with %s %s: the routes differ only in parameter names", method, p, method, prev)
				continue
			}
			if clash != "" {
				b.errorf(pos, "use one parameter name at this level in every path (API Gateway builds one resource per level), make the paths differ in a literal segment, or use api: http", "%s", clash)
				clash = "" // once per path
				continue
			}
			routes[key] = p
			o := &model.Operation{
				ID: op.OperationID, Method: method, Path: p, Segments: segments,
				Summary: op.Summary, Description: op.Description, Tags: op.Tags, Deprecated: op.Deprecated,
				Origin: pos,
			}
			base := op.OperationID
			if base == "" {
				base = defaultOperationName(method, segments)
			}
			o.GoName = opNames.Unique(model.GoName(base, "Op"))
			o.FileName = fileNames.Unique(model.SnakeName(o.GoName, "operation"))
			b.params(o, item.Parameters, op.Parameters)
			b.body(o, op)
			b.responses(o, op)
			b.security(o, op)
			b.integration(o, op)
			b.deprecation(o, op)
			b.api.Operations = append(b.api.Operations, o)
		}
	}
}

// defaultOperationName names an operation without operationId:
// GET /orders/{id}/items -> "get orders by id items".
func defaultOperationName(method string, segs []model.Segment) string {
	parts := []string{strings.ToLower(method)}
	for _, s := range segs {
		if s.Prefix != "" {
			parts = append(parts, s.Prefix)
		}
		if s.Param != "" {
			parts = append(parts, "by", s.Param)
		}
		if s.Suffix != "" {
			parts = append(parts, s.Suffix)
		}
	}
	if len(parts) == 1 {
		parts = append(parts, "root")
	}
	return strings.Join(parts, " ")
}

var paramName = regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)

// ParsePath splits a path template into segments the way generate and
// API Gateway read it, refusing what API Gateway cannot route (see
// parsePath). lint reads templates with it too: one parser, one verdict.
func ParsePath(p string) ([]model.Segment, error) { return parsePath(p) }

// parsePath splits a path template into segments; it refuses what API
// Gateway cannot route: RFC 6570 operators, several parameters in one
// segment, and a greedy parameter that is not last.
func parsePath(p string) ([]model.Segment, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("does not start with /")
	}
	if p == "/" {
		return nil, nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	segs := make([]model.Segment, 0, len(parts))
	for i, part := range parts {
		if part == "." || part == ".." {
			return nil, fmt.Errorf("segment %q: clients and API Gateway resolve \".\" and \"..\" before routing, so no request could reach this path", part)
		}
		open := strings.IndexByte(part, '{')
		if open < 0 {
			if strings.ContainsAny(part, "}") {
				return nil, fmt.Errorf("unbalanced } in segment %q", part)
			}
			segs = append(segs, model.Segment{Prefix: part})
			continue
		}
		closeAt := strings.IndexByte(part, '}')
		if closeAt < open || strings.Count(part, "{") > 1 || strings.Count(part, "}") > 1 {
			return nil, fmt.Errorf("segment %q must hold at most one {parameter}", part)
		}
		name := part[open+1 : closeAt]
		seg := model.Segment{Prefix: part[:open], Suffix: part[closeAt+1:]}
		if strings.HasSuffix(name, "+") {
			if i != len(parts)-1 || seg.Prefix != "" || seg.Suffix != "" {
				return nil, fmt.Errorf("greedy parameter {%s} must be a whole, last segment", name)
			}
			seg.Greedy = true
			name = strings.TrimSuffix(name, "+")
		}
		if !paramName.MatchString(name) {
			return nil, fmt.Errorf("parameter {%s} uses RFC 6570 operators or characters API Gateway does not accept", name)
		}
		seg.Param = name
		segs = append(segs, seg)
	}
	return segs, nil
}

// normalisePath writes the path with parameter names blanked out.
func normalisePath(segs []model.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString("/" + s.Prefix)
		if s.Param != "" {
			b.WriteString("{}")
			if s.Greedy {
				b.WriteString("+")
			}
		}
		b.WriteString(s.Suffix)
	}
	return b.String()
}

var inOrder = map[model.ParamIn]int{model.InPath: 0, model.InQuery: 1, model.InHeader: 2, model.InCookie: 3}

func (b *builder) params(o *model.Operation, pathLevel, opLevel openapi3.Parameters) {
	type key struct{ in, name string }
	var list []*openapi3.Parameter
	index := map[key]int{}
	for _, group := range []openapi3.Parameters{pathLevel, opLevel} {
		for _, ref := range group {
			if ref == nil || ref.Value == nil {
				continue
			}
			p := ref.Value
			k := key{p.In, p.Name}
			if p.In == openapi3.ParameterInHeader {
				k.name = http.CanonicalHeaderKey(p.Name)
			}
			if i, ok := index[k]; ok {
				list[i] = p // the operation's parameter overrides the path's
				continue
			}
			index[k] = len(list)
			list = append(list, p)
		}
	}
	fields := model.NewNamer("Body", "RawBody")
	declared := map[string]bool{}
	for _, p := range list {
		in := model.ParamIn(p.In)
		if _, ok := inOrder[in]; !ok {
			b.errorf(b.pos(p.Origin), `use one of path, query, header, cookie`, "parameter %q: unknown location %q", p.Name, p.In)
			continue
		}
		if in == model.InPath {
			declared[p.Name] = true
			if !pathHasParam(o.Segments, p.Name) {
				b.warnf(b.pos(p.Origin), "%s %s: path parameter %q is not in the path template; ignored", o.Method, o.Path, p.Name)
				continue
			}
		}
		mp := &model.Param{
			Name: p.Name, In: in, Description: p.Description, Required: p.Required || in == model.InPath,
			GoName: fields.Unique(model.GoName(p.Name, "Param")), Origin: b.pos(p.Origin), Deprecated: p.Deprecated,
		}
		mp.Explode = in == model.InQuery || in == model.InCookie
		if p.Explode != nil {
			mp.Explode = *p.Explode
		}
		b.paramType(mp, p)
		o.Params = append(o.Params, mp)
	}
	for _, s := range o.Segments {
		if s.Param != "" && !declared[s.Param] {
			b.warnf(o.Origin, "%s %s: path parameter %q is not declared; treated as a required string", o.Method, o.Path, s.Param)
			o.Params = append(o.Params, &model.Param{Name: s.Param, In: model.InPath, Required: true, Kind: model.String,
				GoName: fields.Unique(model.GoName(s.Param, "Param")), Origin: o.Origin})
		}
	}
	sort.SliceStable(o.Params, func(i, j int) bool { return inOrder[o.Params[i].In] < inOrder[o.Params[j].In] })
}

func pathHasParam(segs []model.Segment, name string) bool {
	for _, s := range segs {
		if s.Param == name {
			return true
		}
	}
	return false
}

// paramType picks the Go type of a parameter; shapes not parsed yet
// (objects, content-encoded values) stay raw strings.
func (b *builder) paramType(mp *model.Param, p *openapi3.Parameter) {
	mp.Kind = model.String
	if p.Schema == nil || p.Schema.Value == nil {
		mp.Raw = p.Content != nil
		return
	}
	s := p.Schema.Value
	if typeOf(s) == "array" {
		if s.Items == nil || s.Items.Value == nil {
			mp.Array = true
			return
		}
		if k, ok := scalarKind(s.Items.Value); ok {
			mp.Array, mp.Kind = true, k
			return
		}
		mp.Raw = true
		return
	}
	if k, ok := scalarKind(s); ok {
		mp.Kind = k
		return
	}
	mp.Raw = true
}

// typeOf is the schema's single non-null type ("" when none or several).
func typeOf(s *openapi3.Schema) string {
	var found string
	if s.Type == nil {
		return ""
	}
	for _, t := range *s.Type {
		if t == "null" {
			continue
		}
		if found != "" {
			return ""
		}
		found = t
	}
	return found
}

func scalarKind(s *openapi3.Schema) (model.ScalarKind, bool) {
	switch typeOf(s) {
	case "string", "":
		if typeOf(s) == "" && (len(s.Properties) > 0 || s.Items != nil) {
			return "", false
		}
		return model.String, true
	case "integer":
		switch s.Format {
		case "int32":
			return model.Int32, true
		case "int64":
			return model.Int64, true
		}
		return model.Int, true
	case "number":
		if s.Format == "float" {
			return model.Float32, true
		}
		return model.Float64, true
	case "boolean":
		return model.Bool, true
	}
	return "", false
}

// isJSON reports whether a media type carries JSON.
func isJSON(mediaType string) bool { return model.IsJSONMedia(mediaType) }

// pickJSON returns the JSON media type of content, preferring application/json.
func pickJSON(content openapi3.Content) (string, *openapi3.MediaType) {
	keys := make([]string, 0, len(content))
	for k := range content {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.HasPrefix(strings.ToLower(k), "application/json") {
			return k, content[k]
		}
	}
	for _, k := range keys {
		if isJSON(k) {
			return k, content[k]
		}
	}
	return "", nil
}

func (b *builder) body(o *model.Operation, op *openapi3.Operation) {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return
	}
	rb := op.RequestBody.Value
	body := &model.Body{Required: rb.Required, Description: rb.Description}
	for ct := range rb.Content {
		body.ContentTypes = append(body.ContentTypes, ct)
	}
	sort.Strings(body.ContentTypes)
	plan := model.PlanBody(bodyMedia(b, rb.Content))
	if plan.Decoded != "" {
		mt := rb.Content[plan.Decoded]
		body.Accepted = plan.Accepted
		if plan.Form {
			body.Form, body.FormType = true, plan.Decoded
			body.Type = b.schemaType(mt.Schema, o.GoName+"Body")
			body.FormFields = b.formFields(o, mt)
		} else {
			body.JSON, body.JSONType = true, plan.Decoded
			body.Type = b.schemaType(mt.Schema, o.GoName+"Body")
			if plan.FormToo != "" {
				body.Form, body.FormType = true, plan.FormToo
				body.FormFields = b.formFields(o, rb.Content[plan.FormToo])
			}
		}
	}
	label := o.Method + " " + o.Path
	for _, u := range plan.Unchecked {
		b.api.Unenforced = append(b.api.Unenforced, model.Unenforced{Keyword: "requestBody " + u.Type, Origin: u.Origin, Reason: u.Reason()})
		b.warnf(u.Origin, "%s", u.Message(label))
	}
	o.Body = body
}

// bodyMedia is what model.PlanBody needs to know of a body's media types.
func bodyMedia(b *builder, content openapi3.Content) []model.BodyMedia {
	var out []model.BodyMedia
	for ct, mt := range content {
		m := model.BodyMedia{Type: ct}
		if mt != nil {
			m.Origin = b.pos(mt.Origin)
			if mt.Schema != nil {
				m.Schema = true
				if v := mt.Schema.Value; v != nil {
					m.Facts = bodySchema(v)
					m.SchemaKey = v
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// formFields are the declared properties of a form body's object schema,
// each a query parameter of its schema, read with its encoding's style and
// explode (spec.Validation sets their Validation).
func (b *builder) formFields(o *model.Operation, mt *openapi3.MediaType) []*model.Param {
	s := mt.Schema.Value
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []*model.Param
	for _, name := range names {
		prop := s.Properties[name]
		mp := &model.Param{Name: name, In: model.InQuery, Required: containsStr(s.Required, name), Origin: b.pos(mt.Origin)}
		b.paramType(mp, &openapi3.Parameter{Schema: prop})
		if enc := mt.Encoding[name]; enc != nil && mp.Raw && (enc.Style != "" || enc.Explode != nil) {
			b.warnf(b.pos(enc.Origin), "%s %s: the form field %q is neither a scalar nor an array of scalars: it is read as JSON text (its default contentType, application/json); the style and explode its encoding declares are not supported, so a request using them is refused with 400", o.Method, o.Path, name)
		}
		out = append(out, mp)
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// bodySchema is what model.PlanBody judges a body's schema by.
func bodySchema(s *openapi3.Schema) model.BodySchema {
	var f model.BodySchema
	if s.Type != nil {
		f.Types = append(f.Types, s.Type.Slice()...)
	}
	for _, k := range []struct {
		name string
		set  bool
	}{
		{"properties", len(s.Properties) > 0}, {"required", len(s.Required) > 0}, {"enum", len(s.Enum) > 0},
		{"pattern", s.Pattern != ""}, {"minLength", s.MinLength > 0}, {"maxLength", s.MaxLength != nil},
		{"items", s.Items != nil}, {"allOf", len(s.AllOf) > 0}, {"oneOf", len(s.OneOf) > 0}, {"anyOf", len(s.AnyOf) > 0},
		{"not", s.Not != nil}, {"additionalProperties", s.AdditionalProperties.Schema != nil},
	} {
		if k.set {
			f.Keywords = append(f.Keywords, k.name)
		}
	}
	return f
}

func (b *builder) responses(o *model.Operation, op *openapi3.Operation) {
	if op.Responses == nil {
		return
	}
	codes := make([]string, 0, op.Responses.Len())
	for code := range op.Responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		ref := op.Responses.Value(code)
		if ref == nil || ref.Value == nil {
			continue
		}
		r := &model.Response{Status: code}
		if ref.Value.Description != nil {
			r.Description = *ref.Value.Description
		}
		if n, err := strconv.Atoi(code); err == nil {
			if n < 100 || n > 599 {
				b.errorf(b.pos(ref.Value.Origin), "use a status code from 100 to 599, a range such as 4XX, or default", "%s %s: response status %q is not a valid HTTP status", o.Method, o.Path, code)
				continue
			}
			r.Code = n
		}
		if ct, mt := pickJSON(ref.Value.Content); mt != nil && mt.Schema != nil {
			r.ContentType = ct
			r.Type = b.schemaType(mt.Schema, o.GoName+model.CamelWords(code)+"Response")
		} else if len(ref.Value.Content) > 0 {
			keys := make([]string, 0, len(ref.Value.Content))
			for k := range ref.Value.Content {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			r.ContentType = keys[0]
		}
		o.Responses = append(o.Responses, r)
	}
}

func (b *builder) security(o *model.Operation, op *openapi3.Operation) {
	reqs := b.doc.T.Security
	explicit := b.doc.T.Security != nil
	if op.Security != nil {
		reqs, explicit = *op.Security, true
	}
	if explicit && len(reqs) == 0 {
		o.Public = true
		return
	}
	for _, req := range reqs {
		var alt model.Requirement
		names := make([]string, 0, len(req))
		for name := range req {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			scopes := append([]string(nil), req[name]...)
			sort.Strings(scopes)
			alt.Schemes = append(alt.Schemes, model.SchemeScopes{Scheme: name, Scopes: scopes})
		}
		o.Security = append(o.Security, alt)
	}
}

func (b *builder) integration(o *model.Operation, op *openapi3.Operation) {
	raw, ok := op.Extensions[IntegrationExtension]
	if !ok {
		return
	}
	const hint = "write it as {type: http_proxy, uri: https://host/path/{param}, timeoutMillis: 10000}"
	m, ok := raw.(map[string]any)
	if !ok {
		b.errorf(o.Origin, hint, "%s %s: %s must be an object", o.Method, o.Path, IntegrationExtension)
		return
	}
	in := &model.Integration{TimeoutMillis: 29000}
	for k, v := range m {
		switch k {
		case "type":
			in.Type, _ = v.(string)
		case "uri":
			in.URI, _ = v.(string)
		case "timeoutMillis":
			f, ok := v.(float64)
			if !ok || f != float64(int(f)) || f < 50 || f > 300000 {
				b.errorf(o.Origin, "API Gateway accepts 50 to 29000 ms (up to 300000 for Regional REST APIs by quota)", "%s %s: %s.timeoutMillis must be a whole number of milliseconds from 50 to 300000", o.Method, o.Path, IntegrationExtension)
				continue
			}
			in.TimeoutMillis = int(f)
		default:
			b.errorf(o.Origin, hint, "%s %s: %s has unknown field %q", o.Method, o.Path, IntegrationExtension, k)
		}
	}
	if in.Type != "http_proxy" {
		b.errorf(o.Origin, hint, "%s %s: %s.type must be http_proxy, not %q", o.Method, o.Path, IntegrationExtension, in.Type)
	}
	if !strings.HasPrefix(in.URI, "https://") && !strings.HasPrefix(in.URI, "http://") {
		b.errorf(o.Origin, hint, "%s %s: %s.uri must be an absolute http(s) URL, not %q", o.Method, o.Path, IntegrationExtension, in.URI)
	}
	o.Integration = in
}

func posLess(a, b model.Position) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}
