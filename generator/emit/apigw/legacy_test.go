package apigw

import (
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// legacyParams builds the definition of one legacy GET /t/{id} operation
// and returns its integration's requestParameters and the warnings.
func legacyParams(t *testing.T, kind model.APIKind, token bool, forward []string) (map[string]any, []string) {
	t.Helper()
	op := &model.Operation{ID: "track", GoName: "Track", Method: "GET", Path: "/t/{id}", Public: !token,
		Params:      []*model.Param{{Name: "id", In: model.InPath, Required: true}},
		Integration: &model.Integration{Type: "http_proxy", URI: "https://legacy.example.com/track/{id}"}}
	be := &model.LegacyBackend{Param: "LegacyURL", Host: "legacy.example.com", BaseURL: "https://legacy.example.com"}
	od := &model.OperationDeploy{Gateway: model.GatewayAuth{Token: token},
		Legacy: &model.LegacyRoute{Backend: be, Path: "/track/{id}", URIParams: []string{"id"}}}
	api := &model.API{Name: "svc", Kind: kind, Operations: []*model.Operation{op}}
	dep := &model.Deploy{Authorizer: model.AuthCognito, AuthorizerName: "cognito", Ops: map[*model.Operation]*model.OperationDeploy{op: od},
		SchemaJSON: map[*model.Schema]any{}, LegacyForwardHeaders: forward}
	doc, warnings := Definition(api, dep, StandaloneRefs(dep))
	paths, _ := doc.Get("paths")
	item, _ := paths.(*yamldoc.Map).Get("/t/{id}")
	get, _ := item.(*yamldoc.Map).Get("get")
	integ, _ := get.(*yamldoc.Map).Get("x-amazon-apigateway-integration")
	rp, _ := integ.(*yamldoc.Map).Get("requestParameters")
	out := map[string]any{}
	if m, ok := rp.(*yamldoc.Map); ok {
		for _, k := range m.Keys() {
			out[k], _ = m.Get(k)
		}
	}
	return out, warnings
}

// TestLegacyBackendGetsNoMoreThanItNeeds: an http_proxy integration
// replaces the caller's identity headers with the authorizer's verified
// claims (or blanks/removes them where no token is checked), and withholds
// the caller's Authorization and Cookie unless legacy.forwardHeaders keeps
// them; where an HTTP API cannot (Authorization is reserved), generation
// says so.
func TestLegacyBackendGetsNoMoreThanItNeeds(t *testing.T) {
	const sub, scopes = model.SubjectHeader, model.ScopesHeader
	for _, tc := range []struct {
		name    string
		kind    model.APIKind
		token   bool
		forward []string
		want    map[string]any
		absent  []string
		warn    string
	}{
		{name: "REST with a token", kind: model.REST, token: true, want: map[string]any{
			"integration.request.header." + sub: "context.authorizer.claims.sub", "integration.request.header." + scopes: "context.authorizer.claims.scope",
			"integration.request.header.Authorization": "''", "integration.request.header.Cookie": "''",
			"integration.request.path.id": "method.request.path.id"}},
		{name: "REST public: identity blanked", kind: model.REST, want: map[string]any{
			"integration.request.header." + sub: "''", "integration.request.header." + scopes: "''",
			"integration.request.header.Authorization": "''", "integration.request.header.Cookie": "''"}},
		{name: "REST keeping Cookie", kind: model.REST, token: true, forward: []string{"cookie"},
			want: map[string]any{"integration.request.header.Authorization": "''"}, absent: []string{"integration.request.header.Cookie"}},
		{name: "HTTP with a token", kind: model.HTTP, token: true, want: map[string]any{
			"overwrite:header." + sub: "$context.authorizer.claims.sub", "overwrite:header." + scopes: "$context.authorizer.claims.scope",
			"remove:header.Cookie": "''"}, absent: []string{"remove:header.Authorization", "overwrite:header.Authorization"},
			warn: "cannot remove or overwrite the caller's Authorization header"},
		{name: "HTTP public", kind: model.HTTP, want: map[string]any{"remove:header." + sub: "''", "remove:header." + scopes: "''", "remove:header.Cookie": "''"},
			warn: "cannot remove or overwrite the caller's Authorization header"},
		{name: "HTTP keeping both", kind: model.HTTP, token: true, forward: []string{"Authorization", "Cookie"},
			absent: []string{"remove:header.Cookie"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			params, warnings := legacyParams(t, tc.kind, tc.token, tc.forward)
			for k, v := range tc.want {
				if params[k] != v {
					t.Errorf("%s = %v, want %v (all: %v)", k, params[k], v, params)
				}
			}
			for _, k := range tc.absent {
				if _, ok := params[k]; ok {
					t.Errorf("%s present: %v", k, params)
				}
			}
			got := strings.Join(warnings, "\n")
			if tc.warn != "" && !strings.Contains(got, tc.warn) {
				t.Errorf("no warning %q in %q", tc.warn, warnings)
			}
			if tc.warn == "" && strings.Contains(got, "Authorization header") {
				t.Errorf("unexpected warning: %q", warnings)
			}
		})
	}
}
