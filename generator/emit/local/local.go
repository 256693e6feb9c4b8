// Package local emits the generated project's local server: package local
// (local/*.gen.go), which runs the service on 127.0.0.1 the way API
// Gateway and its Cognito authorizer run it in front of the Lambda
// function, and the scaffold cmd/local/main.go that starts it. The Lambda
// binary never imports package local, so the JOSE library it uses stays
// out of the function.
package local

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/specgate/specgate/generator/emit/gocode"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
	"github.com/specgate/specgate/templates"
)

var (
	parseOnce sync.Once
	tmpl      *template.Template
)

func parsed() *template.Template {
	parseOnce.Do(func() {
		tmpl = template.Must(template.New("").ParseFS(templates.FS, "local/*.tmpl", "lambda/header.go.tmpl", "scaffold/local_main.go.tmpl"))
	})
	return tmpl
}

// Emit returns package local's files and the scaffold cmd/local/main.go.
// dep is what the deploy emitters were made from: the stage, the legacy
// backends and the user pool.
func Emit(api *model.API, dep *model.Deploy) ([]writer.File, error) {
	v := newView(api, dep)
	var files []writer.File
	for _, s := range []struct {
		path, tmpl string
		kind       writer.Kind
	}{
		{"local/server.gen.go", "local-server", writer.Generated},
		{"local/auth.gen.go", "local-auth", writer.Generated},
		{"local/event.gen.go", "local-event", writer.Generated},
		{"local/routes.gen.go", "local-routes", writer.Generated},
		{"local/legacy.gen.go", "local-legacy", writer.Generated},
		{"cmd/local/main.go", "local-main", writer.Scaffold},
	} {
		var buf bytes.Buffer
		if err := parsed().ExecuteTemplate(&buf, s.tmpl, v); err != nil {
			return nil, fmt.Errorf("template %s: %w", s.tmpl, err)
		}
		src, err := gocode.Format(fmt.Sprintf("template %s (%s)", s.tmpl, s.path), buf.Bytes())
		if err != nil {
			return nil, err
		}
		files = append(files, writer.File{Path: s.path, Data: src, Kind: s.kind})
	}
	return files, nil
}

// view is what the local templates print.
type view struct {
	Name, Module                string
	Kind                        model.APIKind
	Stage                       string
	ResourceServer              string
	SubjectHeader, ScopesHeader string
	DefaultIssuer               string // the user pool's issuer when an existing pool is configured
	StandardScopes              []string
	Ops                         []opView
	Backends                    []backendView
	CORSOrigins                 []string // Go string literals; none: no CORS
	CORSMaxAge                  int      // seconds a browser may cache a preflight answer
	LegacyDropHeaders           []string // Go string literals: credential headers legacy backends do not get
	Example                     Example
}

// opView is one row of the operations table; its fields are Go literals.
type opView struct {
	ID, Method, Template string
	Segs                 []string // bodies of segment literals
	Params               []string // quoted path parameter names, in order
	Token                bool     // a verified token is required
	Scopes               string   // [][]string literal of the scope alternatives; "" when none
	Legacy               string   // *legacyRoute literal; "" for a Lambda operation
	CORS                 string   // *corsRoute literal of the path's preflight answer; "" without CORS
	op                   *model.Operation
}

type backendView struct {
	Name, Host, URL string // Go literals
}

func newView(api *model.API, dep *model.Deploy) *view {
	v := &view{Name: api.Name, Module: api.Module, Kind: api.Kind, ResourceServer: api.ResourceServer,
		SubjectHeader: model.SubjectHeader, ScopesHeader: model.ScopesHeader, Stage: "prod"}
	for s := range model.StandardScopes {
		v.StandardScopes = append(v.StandardScopes, s)
	}
	sort.Strings(v.StandardScopes)
	if dep != nil {
		if dep.Stage != "" {
			v.Stage = dep.Stage
		}
		v.DefaultIssuer = model.UserPoolIssuer(dep.UserPoolARN)
	}
	v.CORSMaxAge = model.CORSMaxAgeSeconds
	byPath := map[string][]*model.Operation{}
	for _, op := range api.Operations {
		byPath[op.Path] = append(byPath[op.Path], op)
	}
	for _, h := range model.LegacyCredentialHeaders {
		keep := false
		for _, f := range forwarded(dep) {
			keep = keep || strings.EqualFold(f, h)
		}
		if !keep {
			v.LegacyDropHeaders = append(v.LegacyDropHeaders, fmt.Sprintf("%q", h))
		}
	}
	if dep != nil {
		for _, o := range dep.CORSOrigins {
			v.CORSOrigins = append(v.CORSOrigins, fmt.Sprintf("%q", o))
		}
	}
	backendIndex := map[*model.LegacyBackend]int{}
	if dep != nil {
		for i, b := range dep.Legacy {
			backendIndex[b] = i
			v.Backends = append(v.Backends, backendView{Name: fmt.Sprintf("%q", b.Param), Host: fmt.Sprintf("%q", b.Host), URL: fmt.Sprintf("%q", b.BaseURL)})
		}
	}
	for _, op := range api.Operations {
		ov := opView{op: op, ID: fmt.Sprintf("%q", opID(op)), Method: fmt.Sprintf("%q", op.Method), Template: fmt.Sprintf("%q", op.Path)}
		for _, s := range op.Segments {
			ov.Segs = append(ov.Segs, gocode.SegmentLiteral(s))
			if s.Param != "" {
				ov.Params = append(ov.Params, fmt.Sprintf("%q", s.Param))
			}
		}
		ov.Token, ov.Scopes = security(op.Access)
		if len(v.CORSOrigins) > 0 {
			ops := byPath[op.Path]
			ov.CORS = fmt.Sprintf("&corsRoute{methods: %q, headers: %q}",
				strings.Join(model.CORSAllowMethods(ops), ","), strings.Join(model.CORSAllowHeaders(ops), ","))
		}
		if dep != nil && op.Integration != nil {
			if od := dep.Ops[op]; od != nil && od.Legacy != nil {
				in := map[string]model.ParamIn{}
				for _, p := range op.Params {
					in[p.Name] = p.In
				}
				var ups []string
				for _, name := range od.Legacy.URIParams {
					ups = append(ups, fmt.Sprintf("{%q, %q}", name, in[name]))
				}
				lit := ""
				if len(ups) > 0 {
					lit = ", params: []uriParam{" + strings.Join(ups, ", ") + "}"
				}
				ov.Legacy = fmt.Sprintf("&legacyRoute{backend: %d, path: %q%s, timeoutMillis: %d}",
					backendIndex[od.Legacy.Backend], od.Legacy.Path, lit, op.Integration.TimeoutMillis)
			}
		}
		v.Ops = append(v.Ops, ov)
	}
	sort.SliceStable(v.Ops, func(i, j int) bool { return model.RouteLess(v.Ops[i].op, v.Ops[j].op) })
	v.Example = ExampleCall(api)
	return v
}

// forwarded are the credential headers specgate.yaml keeps for legacy backends.
func forwarded(dep *model.Deploy) []string {
	if dep == nil {
		return nil
	}
	return dep.LegacyForwardHeaders
}

// opID names an operation in log lines: its operationId, else "METHOD /path".
func opID(op *model.Operation) string {
	if op.ID != "" {
		return op.ID
	}
	return op.Method + " " + op.Path
}

// security says whether the operation needs a verified token (every
// alternative does: otherwise the gateway runs no authorizer on it), and
// the scope alternatives (full Cognito names) of which one must be held
// whole: model.Access, the same the generated function enforces.
func security(acc model.Access) (bool, string) {
	if !acc.NeedsToken() {
		return false, ""
	}
	var lits []string
	anyScope := false
	for _, alt := range acc.Alternatives {
		anyScope = anyScope || len(alt.Scopes) > 0
		q := make([]string, len(alt.Scopes))
		for i, s := range alt.Scopes {
			q[i] = fmt.Sprintf("%q", s)
		}
		lits = append(lits, "{"+strings.Join(q, ", ")+"}")
	}
	if !anyScope {
		return true, ""
	}
	return true, "[][]string{" + strings.Join(lits, ", ") + "}"
}
