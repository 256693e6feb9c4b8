package client

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

// TestRuntimeIdents keeps RuntimeIdents and RuntimeMethods equal to what
// rt really declares, so generated names never collide with it.
func TestRuntimeIdents(t *testing.T) {
	fset := token.NewFileSet()
	var idents, methods []string
	names, _ := rtFS.ReadDir("rt")
	for _, e := range names {
		if strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		src, err := rtFS.ReadFile("rt/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, e.Name(), src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					idents = append(idents, d.Name.Name)
				} else if ast.IsExported(d.Name.Name) && recvName(d) == "Client" {
					methods = append(methods, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						idents = append(idents, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.Name != "_" {
								idents = append(idents, n.Name)
							}
						}
					}
				}
			}
		}
	}
	slices.Sort(idents)
	slices.Sort(methods)
	want, wantM := slices.Sorted(slices.Values(RuntimeIdents)), slices.Sorted(slices.Values(RuntimeMethods))
	if !slices.Equal(idents, want) {
		t.Errorf("rt declares %q\nRuntimeIdents lists %q", idents, want)
	}
	if !slices.Equal(methods, wantM) {
		t.Errorf("rt declares the *Client methods %q, RuntimeMethods lists %q", methods, wantM)
	}
}

func recvName(d *ast.FuncDecl) string {
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestEmitNames checks the names and calls the emitter chooses for shapes
// the bundled examples lack: an operation whose method would shadow
// (*Client).String, an operation named like rt's Client, a legacy
// operation's own request type, greedy path parameters, every parameter
// kind and location, and status ranges.
func TestEmitNames(t *testing.T) {
	str := &model.Schema{GoName: "Thing"}
	api := &model.API{Name: "svc", Module: "example.com/svc", ResourceServer: "svc", Operations: []*model.Operation{
		{ID: "string", GoName: "String", Method: "GET", Path: "/s", Segments: []model.Segment{{Prefix: "s"}}, Public: true,
			RequestType: "StringRequest", Responses: []*model.Response{{Status: "2XX", Type: str, Description: "A thing.\nSecond line of the description."}, {Status: "4XX", ContentType: "application/json", Type: str}}},
		{ID: "either", GoName: "Either", Method: "GET", Path: "/e", Segments: []model.Segment{{Prefix: "e"}}, Public: true,
			RequestType: "EitherRequest", Responses: []*model.Response{{Status: "200", Code: 200, Type: str}, {Status: "204", Code: 204}}},
		{ID: "gone", GoName: "Gone", Method: "DELETE", Path: "/gone", Segments: []model.Segment{{Prefix: "gone"}}, Public: true,
			RequestType: "GoneRequest", Responses: []*model.Response{{Status: "default", ContentType: "application/problem+json", Type: str}}},
		{ID: "client", GoName: "Client", Method: "GET", Path: "/files/{path+}", Segments: []model.Segment{{Prefix: "files"}, {Param: "path", Greedy: true}},
			RequestType: "ClientRequest", Integration: &model.Integration{Type: "http_proxy", URI: "https://legacy.example.com/{path}"},
			Security: []model.Requirement{{Schemes: []model.SchemeScopes{{Scheme: "oauth", Scopes: []string{"files/read"}}}}},
			Params: []*model.Param{
				{Name: "path", In: model.InPath, GoName: "Path", Required: true, Kind: model.String},
				{Name: "n", In: model.InQuery, GoName: "N", Kind: model.Int64},
				{Name: "f", In: model.InQuery, GoName: "F", Kind: model.Float32, Array: true},
				{Name: "X-Flag", In: model.InHeader, GoName: "XFlag", Required: true, Kind: model.Bool},
				{Name: "sid", In: model.InCookie, GoName: "Sid", Kind: model.Int32},
			},
			Responses: []*model.Response{{Status: "200", Code: 200, ContentType: "text/plain"}, {Status: "default"}}},
	}, Schemes: []*model.SecurityScheme{{Name: "oauth", Type: "oauth2", Token: true}}}
	files, err := Emit(api)
	if err != nil {
		t.Fatal(err)
	}
	src := string(files[0].Data)
	for _, want := range []string{
		"func (c *Client) String2(ctx context.Context, req *api.StringRequest) (*StringResult, error)",
		"// String2 calls string: GET /s.",
		"\tif a.status/100 != 2 {\n\t\treturn nil, a.problem()\n\t}\n\tres := &StringResult{Status: a.status, Header: a.header, Raw: a.body, JSON2XX: new(api.Thing)}\n",
		"\t// JSON2XX is the body of a 2XX answer. A thing.\n\t// Second line of the description.\n",
		"\tr := newRequest(\"gone\", \"DELETE\", \"/gone\")\n\tr.lit(\"/gone\")\n\ta, err := c.do(ctx, r)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn nil, a.problem()\n}",
		"\tswitch {\n\tcase a.status == 200:\n\t\tres.JSON200 = new(api.Thing)\n\t\tif err := a.decode(res.JSON200); err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\treturn res, nil\n\tcase a.status == 204:\n\t\treturn res, nil\n\tdefault:\n\t\treturn nil, a.problem()\n\t}\n}",
		"type ClientResult struct",
		"type ClientRequest struct", // legacy: declared here, not in api
		"func (c *Client) Client(ctx context.Context, req *ClientRequest) (*ClientResult, error)",
		`r.pathParam("path", str(req.Path), true)`,
		`r := newRequest("client", "GET", "/files/{path+}")`,
		"func WithRequestValidation() Option {\n\treturn func(c *Client) error {\n\t\tc.check = api.CheckRequest\n",
		`r.queryParam("n", opt(req.N, i64Str), true, ",")`,
		`r.queryParam("f", list(req.F, f32Str), false, ",")`,
		`r.headerParam("X-Flag", one(req.XFlag, boolStr))`,
		`r.cookieParam("sid", opt(req.Sid, i32Str))`,
		"// Needs a token (scheme oauth) with scopes svc/files/read.",
		"// Errors (*ProblemError): default, and any status not listed.",
		"// Errors (*ProblemError): 4XX, and any status not listed.",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("client.gen.go lacks %q:\n%s", want, src)
		}
	}
	if strings.Contains(src, "JSON4XX") {
		t.Error("a 4XX answer became a result field; errors are *ProblemError")
	}
	for _, f := range files[1:] {
		if !strings.Contains(string(f.Data), "\npackage client\n") || strings.Contains(string(f.Data), "package rt") || !strings.HasPrefix(string(f.Data), Header) {
			t.Errorf("%s: not moved into package client with the generated header", f.Path)
		}
	}
}
