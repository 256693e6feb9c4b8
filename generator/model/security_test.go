package model

import (
	"reflect"
	"testing"
)

// TestResolveAccess pins the one meaning of a security requirement that
// every emitter reads: alternatives, each scheme's kind, all-of scopes
// under their Cognito names, anonymous and undeclared operations.
func TestResolveAccess(t *testing.T) {
	api := &API{ResourceServer: "shop", Schemes: []*SecurityScheme{
		{Name: "oauth", Type: "oauth2", Token: true},
		{Name: "key", Type: "apiKey", In: "header", ParamName: "X-Key"},
		{Name: "basic", Type: "http", HTTPScheme: "basic"},
		{Name: "mtls", Type: "mutualTLS"},
		{Name: "bearer", Type: "http", HTTPScheme: "bearer", Token: true},
	}}
	req := func(pairs ...any) Requirement {
		var r Requirement
		for i := 0; i < len(pairs); i += 2 {
			r.Schemes = append(r.Schemes, SchemeScopes{Scheme: pairs[i].(string), Scopes: pairs[i+1].([]string)})
		}
		return r
	}
	ops := map[string]*Operation{
		"public":     {Public: true},
		"undeclared": {},
		"allOf":      {Security: []Requirement{req("oauth", []string{"orders/write", "shop/orders/read", "openid", "orders/write"})}},
		"anyOf":      {Security: []Requirement{req("oauth", []string{"b"}), req("bearer", []string{"a"})}},
		"emptyAlt":   {Security: []Requirement{req("oauth", []string{"x"}), {}}},
		"mtlsOnly":   {Security: []Requirement{req("mtls", []string(nil))}},
		"mtlsToken":  {Security: []Requirement{req("mtls", []string(nil), "oauth", []string{"x"})}},
		"keyOrToken": {Security: []Requirement{req("key", []string(nil)), req("oauth", []string(nil))}},
		"basic":      {Security: []Requirement{req("basic", []string(nil))}},
		"unknown":    {Security: []Requirement{req("nope", []string{"x"})}},
	}
	for _, op := range ops {
		api.Operations = append(api.Operations, op)
	}
	api.ResolveAccess()
	want := map[string]Access{
		"public":     {Anonymous: true},
		"undeclared": {Undeclared: true, Alternatives: []AccessAlt{{Token: true}}},
		"allOf":      {Alternatives: []AccessAlt{{Token: true, Scopes: []string{"openid", "shop/orders/read", "shop/orders/write"}, Schemes: []string{"oauth"}}}},
		"anyOf": {Alternatives: []AccessAlt{{Token: true, Scopes: []string{"shop/b"}, Schemes: []string{"oauth"}},
			{Token: true, Scopes: []string{"shop/a"}, Schemes: []string{"bearer"}}}},
		"emptyAlt":  {Anonymous: true},
		"mtlsOnly":  {Alternatives: []AccessAlt{{MutualTLS: true, Schemes: []string{"mtls"}}}},
		"mtlsToken": {Alternatives: []AccessAlt{{MutualTLS: true, Token: true, Scopes: []string{"shop/x"}, Schemes: []string{"mtls", "oauth"}}}},
		"keyOrToken": {Alternatives: []AccessAlt{
			{Credentials: []Credential{{Scheme: "key", Kind: KindAPIKey, In: "header", Name: "X-Key"}}, Schemes: []string{"key"}},
			{Token: true, Schemes: []string{"oauth"}}}},
		"basic":   {Alternatives: []AccessAlt{{Credentials: []Credential{{Scheme: "basic", Kind: KindHTTP, In: "authorization", Name: "basic"}}, Schemes: []string{"basic"}}}},
		"unknown": {Alternatives: []AccessAlt{{Token: true, Scopes: []string{"shop/x"}, Schemes: []string{"nope"}}}},
	}
	for name, op := range ops {
		if !reflect.DeepEqual(op.Access, want[name]) {
			t.Errorf("%s: Access =\n%+v\nwant\n%+v", name, op.Access, want[name])
		}
	}
	needs := map[string]bool{"undeclared": true, "allOf": true, "anyOf": true, "mtlsToken": true, "unknown": true}
	for name, op := range ops {
		if got := op.Access.NeedsToken(); got != needs[name] {
			t.Errorf("%s: NeedsToken = %v, want %v", name, got, needs[name])
		}
	}
	if got := ops["anyOf"].Access.AnyScopes(); !reflect.DeepEqual(got, []string{"shop/a", "shop/b"}) {
		t.Errorf("anyOf: AnyScopes = %v", got)
	}
	if got := ops["undeclared"].Access.AnyScopes(); got != nil {
		t.Errorf("undeclared: AnyScopes = %v, want nil (any token)", got)
	}
}

// TestAWSNames pins each AWS naming rule, defined once here.
func TestAWSNames(t *testing.T) {
	region, id, ok := ParseUserPoolARN("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123")
	if !ok || region != "eu-west-1" || id != "eu-west-1_AbC123" {
		t.Errorf("ParseUserPoolARN = %q %q %v", region, id, ok)
	}
	if got := UserPoolIssuer("arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_X9"); got != "https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_X9" {
		t.Errorf("UserPoolIssuer = %q", got)
	}
	for _, bad := range []string{"", "arn:aws:cognito-idp:eu-west-1:123:userpool/eu-west-1_A", "arn:aws:s3:::bucket", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/x"} {
		if _, _, ok := ParseUserPoolARN(bad); ok || UserPoolIssuer(bad) != "" {
			t.Errorf("%q parsed as a user pool ARN", bad)
		}
	}
	for s, want := range map[string]bool{"prod": true, "v1_beta": true, "": false, "a-b": false, string(make([]byte, 129)): false} {
		if ValidStage(s) != want {
			t.Errorf("ValidStage(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"print-shop": true, "https://api.example.com": true, "a b": false, "": false, `a"b`: false} {
		if ValidResourceServerID(s) != want {
			t.Errorf("ValidResourceServerID(%q) = %v", s, !want)
		}
	}
	if ValidConfiguredResourceServer("shop/") || !ValidConfiguredResourceServer("shop") {
		t.Error("ValidConfiguredResourceServer: a trailing / must be refused")
	}
	for s, want := range map[string]bool{"orders.read": true, "orders/read": false, "a b": false} {
		if ValidScopeName(s) != want {
			t.Errorf("ValidScopeName(%q) = %v", s, !want)
		}
	}
	if got := ResourceServerName("print-shop/orders"); got != "print-shop-orders" {
		t.Errorf("ResourceServerName = %q", got)
	}
}
