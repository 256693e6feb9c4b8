package local

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
)

func testAPI() *model.API {
	api := &model.API{Name: "shop", Module: "example.com/shop", Kind: model.REST, ResourceServer: "shop", Authorizer: model.AuthCognito,
		Schemes: []*model.SecurityScheme{{Name: "cognito", Type: "oauth2", Token: true}, {Name: "key", Type: "apiKey", In: "header", ParamName: "X-Key"}}}
	seg := func(parts ...string) []model.Segment {
		var out []model.Segment
		for _, p := range parts {
			if strings.HasPrefix(p, "{") {
				out = append(out, model.Segment{Param: strings.Trim(p, "{}+"), Greedy: strings.HasSuffix(p, "+}")})
				continue
			}
			out = append(out, model.Segment{Prefix: p})
		}
		return out
	}
	req := func(scheme string, scopes ...string) model.Requirement {
		return model.Requirement{Schemes: []model.SchemeScopes{{Scheme: scheme, Scopes: scopes}}}
	}
	api.Operations = []*model.Operation{
		{ID: "health", Method: "GET", Path: "/health", Segments: seg("health"), Public: true},
		{ID: "listOrders", Method: "GET", Path: "/orders", Segments: seg("orders"), Security: []model.Requirement{req("cognito", "orders/read")}},
		{ID: "placeOrder", Method: "POST", Path: "/orders", Segments: seg("orders"), Body: &model.Body{Required: true},
			Security: []model.Requirement{req("cognito", "orders/write", "shop/orders/read"), req("cognito", "admin")}},
		{Method: "GET", Path: "/files/{path+}", Segments: seg("files", "{path+}")},
		{ID: "keyed", Method: "GET", Path: "/keyed", Segments: seg("keyed"), Security: []model.Requirement{req("key"), req("cognito", "x")}},
		{ID: "anyone", Method: "GET", Path: "/anyone", Segments: seg("anyone"), Security: []model.Requirement{req("cognito", "x"), {}}},
		{ID: "track", Method: "GET", Path: "/track/{id}", Segments: seg("track", "{id}"), Security: []model.Requirement{req("cognito", "openid")},
			Params:      []*model.Param{{Name: "id", In: model.InPath, Required: true}},
			Integration: &model.Integration{Type: "http_proxy", URI: "https://legacy.internal/t/{id}", TimeoutMillis: 5000}},
	}
	api.ResolveAccess()
	return api
}

func TestSecurity(t *testing.T) {
	api := testAPI()
	want := map[string]struct {
		token  bool
		scopes string
	}{
		"health":             {false, ""},
		"listOrders":         {true, `[][]string{{"shop/orders/read"}}`},
		"placeOrder":         {true, `[][]string{{"shop/orders/read", "shop/orders/write"}, {"shop/admin"}}`},
		"GET /files/{path+}": {true, ""},  // no security declared: a token, as the function requires
		"keyed":              {false, ""}, // an API key alternative: the gateway's to check
		"anyone":             {false, ""}, // {} lets anonymous callers in
		"track":              {true, `[][]string{{"openid"}}`},
	}
	for _, op := range api.Operations {
		token, scopes := security(op.Access)
		w := want[opID(op)]
		if token != w.token || scopes != w.scopes {
			t.Errorf("%s: security = %v %s, want %v %s", opID(op), token, scopes, w.token, w.scopes)
		}
	}
}

func TestEmit(t *testing.T) {
	api := testAPI()
	be := &model.LegacyBackend{Param: "LegacyLegacyURL", Host: "legacy.internal", BaseURL: "https://legacy.internal"}
	dep := &model.Deploy{Stage: "v1", UserPoolARN: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123",
		Legacy: []*model.LegacyBackend{be},
		Ops:    map[*model.Operation]*model.OperationDeploy{api.Operations[6]: {Legacy: &model.LegacyRoute{Backend: be, Path: "/t/{id}", URIParams: []string{"id"}}}}}
	files, err := Emit(api, dep, "v9")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]writer.File{}
	for _, f := range files {
		got[f.Path] = f
	}
	for path, kind := range map[string]writer.Kind{
		"internal/localrt/server.gen.go": writer.Generated, "internal/localrt/auth.gen.go": writer.Generated, "internal/localrt/event.gen.go": writer.Generated,
		"internal/localrt/legacy.gen.go": writer.Generated, "internal/localrt/version.gen.go": writer.Generated,
		"local/routes.gen.go": writer.Generated, "cmd/local/main.go": writer.Scaffold,
	} {
		f, ok := got[path]
		if !ok || f.Kind != kind {
			t.Errorf("%s: missing or of kind %v, want kind %v", path, f.Kind, kind)
			continue
		}
		if kind == writer.Generated && !writer.IsGenerated(f.Data) {
			t.Errorf("%s lacks the generated header", path)
		}
	}
	routes := unaligned(string(got["local/routes.gen.go"].Data))
	for _, want := range []string{
		`Legacy: &localrt.LegacyRoute{Backend: 0, Path: "/t/{id}", Params: []localrt.URIParam{{Name: "id", In: "path"}}, TimeoutMillis: 5000}`,
		`{Name: "LegacyLegacyURL", Host: "legacy.internal", URL: "https://legacy.internal"}`,
		`{ID: "GET /files/{path+}", Method: "GET", Template: "/files/{path+}", Segs: []localrt.Segment{{Prefix: "files"}, {Param: true, Greedy: true}}, Params: []string{"path"}, Token: true}`,
	} {
		if !strings.Contains(routes, want) {
			t.Errorf("routes.gen.go lacks %s:\n%s", want, routes)
		}
	}
	// Most specific first: the literal /orders routes before /track/{id}'s
	// parameter, the greedy route after the literal /files... ones.
	if strings.Index(routes, `"/health"`) > strings.Index(routes, `"/orders"`) || strings.Index(routes, `"/track/{id}"`) < strings.Index(routes, `"/orders"`) {
		t.Errorf("routes are not in path order:\n%s", routes)
	}
	for _, want := range []string{`const Stage = "v1"`, `DefaultIssuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"`, `REST: api.NewRESTHandler(h)`} {
		if !strings.Contains(routes, want) {
			t.Errorf("local package lacks %s", want)
		}
	}
	if v := string(got["internal/localrt/version.gen.go"].Data); !strings.Contains(v, `const Version = "v9"`) {
		t.Errorf("the runtime copy is not stamped with the version:\n%s", v)
	}
}

func TestExampleCall(t *testing.T) {
	api := testAPI()
	if got, want := ExampleCall(api), (Example{Scope: "orders/read", Method: "GET", Path: "/orders", Token: true}); got != want {
		t.Errorf("ExampleCall = %+v, want %+v", got, want)
	}
	api.Operations = api.Operations[3:4] // only GET /files/{path+}
	if got, want := ExampleCall(api), (Example{Method: "GET", Path: "/files/PATH", Token: true}); got != want {
		t.Errorf("ExampleCall = %+v, want %+v", got, want)
	}
	if got := (Example{Scope: "it's $x", Path: "/a'b"}); got.ScopeArg() != `'it'\''s $x'` || got.URLArg() != `'http://127.0.0.1:8080/a'\''b'` {
		t.Errorf("shell quoting: %s %s", got.ScopeArg(), got.URLArg())
	}
	if got := (Example{Scope: "print-shop/orders:read"}).ScopeArg(); got != "print-shop/orders:read" {
		t.Errorf("a plain scope is quoted: %s", got)
	}
}

// TestLegacyCredentialsAndCORS: the caller's Authorization and Cookie are
// held back from legacy backends unless legacy.forwardHeaders keeps them,
// and the CORS origins and each path's preflight answer reach the local
// server's tables.
func TestLegacyCredentialsAndCORS(t *testing.T) {
	for _, c := range []struct {
		forward []string
		drop    string
	}{
		{nil, `LegacyDropHeaders: []string{"Authorization", "Cookie"}`},
		{[]string{"authorization"}, `LegacyDropHeaders: []string{"Cookie"}`},
		{[]string{"Cookie", "Authorization"}, ""},
	} {
		api := testAPI()
		files, err := Emit(api, &model.Deploy{LegacyForwardHeaders: c.forward, CORSOrigins: []string{"https://a.example", "https://b.example"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		src := map[string]string{}
		for _, f := range files {
			src[f.Path] = string(f.Data)
		}
		routes := unaligned(src["local/routes.gen.go"])
		if c.drop == "" && strings.Contains(routes, "LegacyDropHeaders") || !strings.Contains(routes, c.drop) {
			t.Errorf("forwardHeaders %v: routes.gen.go lacks %q, or drops a header kept:\n%s", c.forward, c.drop, routes)
		}
		for _, want := range []string{
			`CORSOrigins: []string{"https://a.example", "https://b.example"}`,
			`CORS: &localrt.CORSRoute{Methods: "GET,OPTIONS,POST", Headers: "Authorization,Content-Type"}`,
		} {
			if !strings.Contains(routes, want) {
				t.Errorf("routes.gen.go lacks %s:\n%s", want, routes)
			}
		}
	}
}

// unaligned is Go source with gofmt's alignment after keys undone: "Key: v".
func unaligned(src string) string {
	return regexp.MustCompile(`:[ \t]+`).ReplaceAllString(src, ": ")
}

// TestRuntimeFilesListed: every file of package localrt but its tests is
// copied into generated projects (the embed list names them).
func TestRuntimeFilesListed(t *testing.T) {
	entries, err := os.ReadDir("localrt")
	if err != nil {
		t.Fatal(err)
	}
	files, err := RuntimeFiles("v1")
	if err != nil {
		t.Fatal(err)
	}
	copied := map[string]bool{}
	for _, f := range files {
		copied[f.Path] = true
		if !writer.IsGenerated(f.Data) || !strings.Contains(string(f.Data), "\npackage localrt\n") {
			t.Errorf("%s: not a generated file of package localrt", f.Path)
		}
	}
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, "_test.go") && !copied["internal/localrt/"+strings.TrimSuffix(n, ".go")+".gen.go"] {
			t.Errorf("localrt/%s is not copied: add it to the go:embed list", n)
		}
	}
}
