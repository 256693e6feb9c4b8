package evolve

import (
	"slices"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/model"
)

func req(scheme string, scopes ...string) model.Requirement {
	return model.Requirement{Schemes: []model.SchemeScopes{{Scheme: scheme, Scopes: scopes}}}
}

// TestSecurityRules checks what a caller's token must carry, alternative
// by alternative: a change breaks callers only when a token that passed no
// longer passes.
func TestSecurityRules(t *testing.T) {
	for name, tc := range map[string]struct {
		base, next []model.Requirement
		want       string // the rule found; "" for none
	}{
		"same":                   {[]model.Requirement{req("oauth", "a")}, []model.Requirement{req("oauth", "a")}, ""},
		"scope dropped":          {[]model.Requirement{req("oauth", "a", "b")}, []model.Requirement{req("oauth", "a")}, ""},
		"alternative added":      {[]model.Requirement{req("oauth", "a")}, []model.Requirement{req("oauth", "a"), req("oauth", "b")}, ""},
		"scope added":            {[]model.Requirement{req("oauth", "a")}, []model.Requirement{req("oauth", "a", "b")}, RuleScopesChanged},
		"alternative removed":    {[]model.Requirement{req("oauth", "a"), req("oauth", "b")}, []model.Requirement{req("oauth", "a")}, RuleScopesChanged},
		"other scheme":           {[]model.Requirement{req("oauth", "a")}, []model.Requirement{req("oidc", "a")}, RuleScopesChanged},
		"public to secured":      {nil, []model.Requirement{req("oauth", "a")}, RuleBecameSecured},
		"secured to public":      {[]model.Requirement{req("oauth", "a")}, nil, RuleBecamePublic},
		"order does not matter":  {[]model.Requirement{req("oauth", "b", "a")}, []model.Requirement{req("oauth", "a", "b")}, ""},
		"second scheme required": {[]model.Requirement{req("oauth", "a")}, []model.Requirement{{Schemes: []model.SchemeScopes{{Scheme: "oauth", Scopes: []string{"a"}}, {Scheme: "key"}}}}, RuleScopesChanged},
	} {
		t.Run(name, func(t *testing.T) {
			bop := &model.Operation{Method: "GET", Path: "/x", Security: tc.base, Public: tc.base == nil, Access: model.Access{Anonymous: tc.base == nil}}
			nop := &model.Operation{Method: "GET", Path: "/x", Security: tc.next, Public: tc.next == nil, Access: model.Access{Anonymous: tc.next == nil}}
			side := &Side{API: &model.API{ResourceServer: "svc"}}
			var got []string
			security(bop, nop, side, func(rule string, _ *model.Operation, _ []Audience, _ string, _ ...any) { got = append(got, rule) })
			if (tc.want == "" && len(got) > 0) || (tc.want != "" && !slices.Contains(got, tc.want)) {
				t.Errorf("rules %v, want %q", got, tc.want)
			}
		})
	}
}

// TestUndeclaredSecurity checks an operation that declares no security
// (secure by default: any valid token passes) and optional auth
// (security: [{}, ...], public) against the model's meaning (model.Access).
func TestUndeclaredSecurity(t *testing.T) {
	undeclared := &model.Operation{Method: "GET", Path: "/x", Access: model.Access{Undeclared: true}}
	public := &model.Operation{Method: "GET", Path: "/x", Public: true, Access: model.Access{Anonymous: true}}
	optional := &model.Operation{Method: "GET", Path: "/x", Security: []model.Requirement{{}, req("oauth", "a")}, Access: model.Access{Anonymous: true}}
	scoped := &model.Operation{Method: "GET", Path: "/x", Security: []model.Requirement{req("oauth", "a")}}
	anyOAuth := &model.Operation{Method: "GET", Path: "/x", Security: []model.Requirement{req("oauth")}}
	for name, tc := range map[string]struct {
		base, next *model.Operation
		want       string
	}{
		"undeclared to scoped":      {undeclared, scoped, RuleScopesChanged},
		"undeclared to any oauth":   {undeclared, anyOAuth, ""},
		"scoped to undeclared":      {scoped, undeclared, ""},
		"undeclared to public":      {undeclared, public, RuleBecamePublic},
		"public to undeclared":      {public, undeclared, RuleBecameSecured},
		"public to optional auth":   {public, optional, ""},
		"optional auth to scoped":   {optional, scoped, RuleBecameSecured},
		"scoped to optional auth":   {scoped, optional, RuleBecamePublic},
		"optional auth to optional": {optional, optional, ""},
	} {
		t.Run(name, func(t *testing.T) {
			side := &Side{API: &model.API{ResourceServer: "svc"}}
			var got []string
			security(tc.base, tc.next, side, func(rule string, _ *model.Operation, _ []Audience, _ string, _ ...any) { got = append(got, rule) })
			if (tc.want == "" && len(got) > 0) || (tc.want != "" && !slices.Equal(got, []string{tc.want})) {
				t.Errorf("rules %v, want %q", got, tc.want)
			}
		})
	}
}

// TestTightenedRecursive compares recursive request schemas (a tree of
// nodes) without looping, and finds a tightening below the recursion.
func TestTightenedRecursive(t *testing.T) {
	tree := func(maxLen int64) *model.JSONSchema {
		n := &model.JSONSchema{Types: []string{"object"}}
		name := &model.JSONSchema{Types: []string{"string"}, MaxLength: &maxLen}
		n.Properties = []*model.Property{{Name: "children", Schema: &model.JSONSchema{Types: []string{"array"}, Items: n}}, {Name: "name", Schema: name}}
		return n
	}
	bop := &model.Operation{Body: &model.Body{Schema: tree(100)}}
	nop := &model.Operation{Body: &model.Body{Schema: tree(10)}}
	got := tightened(bop, nop)
	if len(got) != 1 || !strings.Contains(got[0].text, "request body/name: maxLength lowered from 100 to 10") {
		t.Errorf("got %q", got)
	}
	if got := tightened(bop, &model.Operation{Body: &model.Body{Schema: tree(200)}}); len(got) != 0 {
		t.Errorf("a looser maxLength is not a tightening: %q", got)
	}
}
