package lambda

import (
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// securityLiteral is the Go expression of an operation's security for the
// route table: "" for a public operation, else a *security literal whose
// alternatives list the token and full scope names that must all be
// present, and the non-token credentials (API keys, basic auth) that the
// handler must verify.
func securityLiteral(api *model.API, op *model.Operation) string {
	if op.Public {
		return ""
	}
	schemes := map[string]*model.SecurityScheme{}
	for _, s := range api.Schemes {
		schemes[s.Name] = s
	}
	alts := op.Security
	if len(alts) == 0 {
		// No security declared: secure by default, a token is required.
		alts = []model.Requirement{{Schemes: []model.SchemeScopes{{Scheme: ""}}}}
	}
	var parts []string
	for _, alt := range alts {
		if len(alt.Schemes) == 0 {
			return "" // security: [{}] lets anonymous callers in
		}
		var fields, scopes, creds []string
		token := false
		for _, s := range alt.Schemes {
			def := schemes[s.Scheme]
			if cred, ok := credentialLiteral(s.Scheme, def); ok {
				creds = append(creds, cred)
				continue
			}
			// A token scheme, or one the spec does not declare (secure default).
			token = true
			for _, sc := range s.Scopes {
				scopes = appendUnique(scopes, model.CognitoScope(api.ResourceServer, sc))
			}
		}
		if token {
			fields = append(fields, "token: true")
		}
		if len(scopes) > 0 {
			fields = append(fields, "scopes: []string{"+quoteAll(scopes)+"}")
		}
		if len(creds) > 0 {
			fields = append(fields, "creds: []credential{"+strings.Join(creds, ", ")+"}")
		}
		parts = append(parts, "{"+strings.Join(fields, ", ")+"}")
	}
	return "&security{alts: []authAlt{" + strings.Join(parts, ", ") + "}}"
}

// credentialLiteral is the Go literal of where a non-token scheme's
// credential travels; false for token schemes and undeclared ones.
func credentialLiteral(name string, s *model.SecurityScheme) (string, bool) {
	if s == nil || s.Token {
		return "", false
	}
	switch strings.ToLower(s.Type) {
	case "apikey":
		if s.In == "header" || s.In == "query" || s.In == "cookie" {
			return fmt.Sprintf("{scheme: %q, in: %q, name: %q}", name, s.In, s.ParamName), true
		}
	case "http":
		if s.HTTPScheme != "" {
			return fmt.Sprintf("{scheme: %q, in: \"authorization\", name: %q}", name, s.HTTPScheme), true
		}
	}
	return "", false // mutualTLS and the like: treated as needing a token
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
