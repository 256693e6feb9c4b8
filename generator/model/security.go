package model

import "strings"

// SchemeKind is what a security scheme asks of a caller, as far as the
// gateway, the function and the local server are concerned.
type SchemeKind string

// The scheme kinds.
const (
	// KindToken is a bearer token an authorizer (or the function) verifies:
	// OAuth 2.0, OpenID Connect, http bearer, or an apiKey scheme written
	// for a Cognito authorizer. A scheme a requirement names but the spec
	// does not declare is treated as one too (secure by default).
	KindToken SchemeKind = "token"
	// KindAPIKey is an API key in a header, query parameter or cookie.
	KindAPIKey SchemeKind = "apiKey"
	// KindHTTP is an http scheme other than bearer (basic, digest...): a
	// credential in the Authorization header.
	KindHTTP SchemeKind = "http"
	// KindMutualTLS is a client certificate, which API Gateway checks at
	// the custom domain's TLS handshake, before any route: neither the
	// function nor the local server asks for anything more.
	KindMutualTLS SchemeKind = "mutualTLS"
)

// Kind is what s asks of a caller.
func (s *SecurityScheme) Kind() SchemeKind {
	if s == nil || s.Token {
		return KindToken
	}
	switch strings.ToLower(s.Type) {
	case "apikey":
		if s.In == "header" || s.In == "query" || s.In == "cookie" {
			return KindAPIKey
		}
	case "http":
		if s.HTTPScheme != "" {
			return KindHTTP
		}
	case "mutualtls":
		return KindMutualTLS
	}
	return KindToken // a scheme the function cannot check otherwise: it asks for a token
}

// Access is what an operation's security means, decided once for every
// consumer (gateway definition, SAM, Cognito, Lambda router, local server,
// lint, report, tests). A request passes when it satisfies one of the
// alternatives.
type Access struct {
	// Anonymous is set when a caller with no credentials passes: the spec
	// says security: [] (or declares none anywhere), or one alternative is
	// the empty requirement {}. Alternatives is then empty.
	Anonymous bool
	// Undeclared is set when neither the operation nor the root declares
	// security: secure by default, any valid token passes.
	Undeclared   bool
	Alternatives []AccessAlt
}

// AccessAlt is one alternative: everything it lists must hold.
type AccessAlt struct {
	Token bool // a verified bearer token is needed
	// Scopes are full Cognito scope names that the token must all carry
	// (OpenAPI's all-of meaning), sorted, without duplicates. Set only with Token.
	Scopes []string
	// Credentials are the non-token credentials (API keys, basic auth)
	// that must be present; nothing in front of the handler verifies them.
	Credentials []Credential
	// MutualTLS is set when the alternative names a mutualTLS scheme: the
	// gateway checked the client certificate at the domain.
	MutualTLS bool
	Schemes   []string // the schemes the alternative names, as in the spec
}

// Credential is where one non-token credential travels.
type Credential struct {
	Scheme string     // the security scheme's name in the spec
	Kind   SchemeKind // KindAPIKey or KindHTTP
	In     string     // header, query or cookie (KindAPIKey); "authorization" (KindHTTP)
	Name   string     // the header, parameter or cookie name; the http auth scheme (basic)
}

// NeedsToken reports whether every alternative needs a bearer token: the
// gateway's authorizer can then run on the route without refusing a
// request the spec allows.
func (a Access) NeedsToken() bool {
	if a.Anonymous || len(a.Alternatives) == 0 {
		return false
	}
	for _, alt := range a.Alternatives {
		if !alt.Token {
			return false
		}
	}
	return true
}

// AnyScopes returns the union of the alternatives' scopes, sorted, when
// every alternative needs at least one: what a gateway authorizer that
// accepts any one listed scope may require. It is nil when some
// alternative needs a token without scopes.
func (a Access) AnyScopes() []string {
	var all []string
	for _, alt := range a.Alternatives {
		if len(alt.Scopes) == 0 {
			return nil
		}
		all = appendUniqueSorted(all, alt.Scopes...)
	}
	return all
}

// SpecScopes returns the spec's (short) scope names an operation's
// requirements list, in order of first appearance.
func (o *Operation) SpecScopes() []string {
	var out []string
	for _, req := range o.Security {
		for _, s := range req.Schemes {
			for _, sc := range s.Scopes {
				if !containsString(out, sc) {
					out = append(out, sc)
				}
			}
		}
	}
	return out
}

// ResolveAccess fills every operation's Access from its requirements, the
// declared schemes and the resource server. Call it once the resource
// server is settled; every consumer then reads Operation.Access.
func (a *API) ResolveAccess() {
	schemes := make(map[string]*SecurityScheme, len(a.Schemes))
	for _, s := range a.Schemes {
		schemes[s.Name] = s
	}
	for _, op := range a.Operations {
		op.Access = resolveAccess(op, schemes, a.ResourceServer)
	}
}

func resolveAccess(op *Operation, schemes map[string]*SecurityScheme, rs string) Access {
	if op.Public {
		return Access{Anonymous: true}
	}
	if len(op.Security) == 0 {
		return Access{Undeclared: true, Alternatives: []AccessAlt{{Token: true}}}
	}
	var acc Access
	for _, req := range op.Security {
		if len(req.Schemes) == 0 {
			return Access{Anonymous: true}
		}
		var alt AccessAlt
		for _, ss := range req.Schemes {
			alt.Schemes = append(alt.Schemes, ss.Scheme)
			def := schemes[ss.Scheme]
			switch kind := def.Kind(); kind {
			case KindToken:
				alt.Token = true
				for _, sc := range ss.Scopes {
					alt.Scopes = appendUniqueSorted(alt.Scopes, CognitoScope(rs, sc))
				}
			case KindMutualTLS:
				alt.MutualTLS = true
			default:
				in := def.In
				if kind == KindHTTP {
					in = "authorization"
				}
				name := def.ParamName
				if kind == KindHTTP {
					name = def.HTTPScheme
				}
				alt.Credentials = append(alt.Credentials, Credential{Scheme: ss.Scheme, Kind: kind, In: in, Name: name})
			}
		}
		acc.Alternatives = append(acc.Alternatives, alt)
	}
	return acc
}

func appendUniqueSorted(list []string, add ...string) []string {
	for _, s := range add {
		if !containsString(list, s) {
			list = append(list, s)
		}
	}
	// insertion sort: the lists are short
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j] < list[j-1]; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	return list
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
