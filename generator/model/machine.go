package model

// Which scopes a machine client (OAuth 2.0 client credentials: a service,
// not a person) may hold, decided here once for standalone generate (its
// service client) and a platform (declared machine clients, and the
// machine clients of services that call others).

// MachineMay reports whether a machine client may hold scope (the spec's
// name) under s: an oauth2 scheme with flows offers machines exactly the
// scopes its clientCredentials flow declares, and reserves the others
// (authorizationCode, implicit, password) for people. Cognito's standard
// scopes (openid, email, ...) are never a client-credentials client's.
// A token scheme without flows (openIdConnect, http bearer) says nothing
// of who holds its scopes.
func (s *SecurityScheme) MachineMay(scope string) bool {
	if StandardScopes[scope] {
		return false
	}
	if s == nil || !s.OAuthFlows {
		return true
	}
	for _, m := range s.MachineScopes {
		if m == scope {
			return true
		}
	}
	return false
}

// MachineMayHold reports whether a machine client may hold scope full (a
// full Cognito scope name) in a: unless a scheme with OAuth flows declares
// it for people only (SecurityScheme.MachineMay), and no scheme offers it
// to machines. The function checks a token's scopes, not its scheme, so a
// scope one scheme offers machines opens every operation that requires it.
func (a *API) MachineMayHold(full string) bool {
	if StandardScopes[full] {
		return false
	}
	reserved := false
	for _, s := range a.Schemes {
		if s.Kind() != KindToken || !s.OAuthFlows {
			continue
		}
		for _, sc := range s.Scopes {
			if CognitoScope(a.ResourceServer, sc.Name) != full {
				continue
			}
			if s.MachineMay(sc.Name) {
				return true
			}
			reserved = true
		}
	}
	return !reserved
}

// MachineSatisfies reports whether a machine client's token can satisfy
// alt: alt needs a token and nothing else (no API key, basic credential or
// client certificate), and a machine client may hold each of its scopes
// (MachineMayHold).
func (a *API) MachineSatisfies(alt AccessAlt) bool {
	if !alt.Token || len(alt.Credentials) > 0 || alt.MutualTLS {
		return false
	}
	for _, s := range alt.Scopes {
		if !a.MachineMayHold(s) {
			return false
		}
	}
	return true
}

// PeopleMay reports whether a client for people (one users sign in with:
// authorization code) may hold scope (the spec's name) under s: an oauth2
// scheme with flows offers people exactly the scopes its
// authorizationCode, implicit and password flows declare, and reserves
// those only its clientCredentials flow declares for machines. Cognito's
// standard scopes (openid, email, ...) are people's. A token scheme
// without flows says nothing of who holds its scopes.
func (s *SecurityScheme) PeopleMay(scope string) bool {
	if StandardScopes[scope] || s == nil || !s.OAuthFlows {
		return true
	}
	for _, p := range s.PeopleScopes {
		if p == scope {
			return true
		}
	}
	return false
}

// PeopleMayHold reports whether a client for people may hold scope full (a
// full Cognito scope name) in a: unless a scheme with OAuth flows declares
// it for machines only (SecurityScheme.PeopleMay), and no scheme offers
// it to people. It is MachineMayHold's other direction, decided here once
// for standalone generate (its web client) and a platform (declared public
// clients): a scope only machines are offered (a service's writes, an
// administrator's purge) is kept off every client a person signs in with.
// An operation requiring the scope under a token scheme without flows
// (openIdConnect, bearer: people's sign-in) offers it to people.
func (a *API) PeopleMayHold(full string) bool {
	if StandardScopes[full] {
		return true
	}
	flowless := map[string]bool{}
	for _, s := range a.Schemes {
		if s.Kind() == KindToken && !s.OAuthFlows {
			flowless[s.Name] = true
		}
	}
	for _, op := range a.Operations {
		for _, req := range op.Security {
			for _, ss := range req.Schemes {
				if !flowless[ss.Scheme] {
					continue
				}
				for _, sc := range ss.Scopes {
					if CognitoScope(a.ResourceServer, sc) == full {
						return true
					}
				}
			}
		}
	}
	reserved := false
	for _, s := range a.Schemes {
		if s.Kind() != KindToken || !s.OAuthFlows {
			continue
		}
		for _, sc := range s.Scopes {
			if CognitoScope(a.ResourceServer, sc.Name) != full {
				continue
			}
			if s.PeopleMay(sc.Name) {
				return true
			}
			reserved = true
		}
	}
	return !reserved
}
