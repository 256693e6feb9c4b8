package model

import "testing"

// TestMachineMayHold pins which scopes a machine client may hold: those a
// clientCredentials flow declares, and those of token schemes without
// flows; never a scope only people's flows declare, nor a standard scope.
func TestMachineMayHold(t *testing.T) {
	api := &API{ResourceServer: "shop", Schemes: []*SecurityScheme{
		{Name: "cc", Type: "oauth2", Token: true, OAuthFlows: true, Scopes: []Scope{{Name: "read"}, {Name: "write"}}, MachineScopes: []string{"read"}},
		{Name: "user", Type: "oauth2", Token: true, OAuthFlows: true, Scopes: []Scope{{Name: "admin"}, {Name: "read"}}},
		{Name: "bearer", Type: "http", HTTPScheme: "bearer", Token: true},
	}}
	for scope, want := range map[string]bool{
		"shop/read":  true,  // cc offers it (user's flow too: the function checks scopes, not schemes)
		"shop/write": false, // cc declares it under another flow only
		"shop/admin": false, // user's authorizationCode flow only
		"shop/other": true,  // no flow declares it: a bearer scheme's
		"openid":     false, // Cognito gives client-credentials clients no standard scope
	} {
		if got := api.MachineMayHold(scope); got != want {
			t.Errorf("MachineMayHold(%q) = %v, want %v", scope, got, want)
		}
	}
	for _, c := range []struct {
		alt  AccessAlt
		want bool
	}{
		{AccessAlt{Token: true, Scopes: []string{"shop/read"}}, true},
		{AccessAlt{Token: true, Scopes: []string{"shop/read", "shop/admin"}}, false},
		{AccessAlt{Token: true}, true},
		{AccessAlt{Token: true, Scopes: []string{"shop/read"}, Credentials: []Credential{{Scheme: "key", Kind: KindAPIKey}}}, false},
		{AccessAlt{Token: true, MutualTLS: true}, false},
		{AccessAlt{Credentials: []Credential{{Scheme: "key", Kind: KindAPIKey}}}, false},
	} {
		if got := api.MachineSatisfies(c.alt); got != c.want {
			t.Errorf("MachineSatisfies(%+v) = %v, want %v", c.alt, got, c.want)
		}
	}
}

// TestPeopleMayHold pins which scopes a client for people may hold: those
// a flow for people declares, and those of token schemes without flows;
// never a scope only a clientCredentials flow declares.
func TestPeopleMayHold(t *testing.T) {
	api := &API{ResourceServer: "shop", Schemes: []*SecurityScheme{
		{Name: "cc", Type: "oauth2", Token: true, OAuthFlows: true, Scopes: []Scope{{Name: "purge"}, {Name: "read"}}, MachineScopes: []string{"purge", "read"}},
		{Name: "user", Type: "oauth2", Token: true, OAuthFlows: true, Scopes: []Scope{{Name: "admin"}, {Name: "read"}}, PeopleScopes: []string{"admin", "read"}},
		{Name: "bearer", Type: "http", HTTPScheme: "bearer", Token: true},
	}, Operations: []*Operation{{Security: []Requirement{{Schemes: []SchemeScopes{{Scheme: "bearer", Scopes: []string{"sync"}}}}}}}}
	api.Schemes[0].Scopes = append(api.Schemes[0].Scopes, Scope{Name: "sync"})
	api.Schemes[0].MachineScopes = append(api.Schemes[0].MachineScopes, "sync")
	for scope, want := range map[string]bool{
		"shop/sync":  true,  // cc's clientCredentials only, but an operation asks people's bearer tokens for it
		"shop/read":  true,  // user offers it (cc's flow too)
		"shop/admin": true,  // user's authorizationCode flow
		"shop/purge": false, // cc's clientCredentials flow only
		"shop/other": true,  // no flow declares it: a bearer scheme's
		"openid":     true,  // a standard scope is people's
	} {
		if got := api.PeopleMayHold(scope); got != want {
			t.Errorf("PeopleMayHold(%q) = %v, want %v", scope, got, want)
		}
	}
}
