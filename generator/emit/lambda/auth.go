package lambda

import (
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// securityLiteral is the Go expression of an operation's security for the
// route table: "" for a public operation, else a *security literal whose
// alternatives list the full token scope names that must all be present.
func securityLiteral(api *model.API, op *model.Operation) string {
	if op.Public {
		return ""
	}
	token := map[string]bool{}
	for _, s := range api.Schemes {
		token[s.Name] = s.Token
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
		var scopes []string
		anyToken := false
		for _, s := range alt.Schemes {
			isToken, declared := token[s.Scheme]
			if declared && !isToken {
				continue // API keys, basic auth: the gateway's to check
			}
			anyToken = true
			for _, sc := range s.Scopes {
				scopes = appendUnique(scopes, model.CognitoScope(api.ResourceServer, sc))
			}
		}
		if !anyToken {
			parts = append(parts, "{gateway: true}")
			continue
		}
		quoted := make([]string, len(scopes))
		for i, s := range scopes {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		parts = append(parts, fmt.Sprintf("{scopes: []string{%s}}", strings.Join(quoted, ", ")))
	}
	return "&security{alts: []authAlt{" + strings.Join(parts, ", ") + "}}"
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
