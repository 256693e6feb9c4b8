package lambda

import (
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// securityLiteral is the Go expression of an operation's access (see
// model.Access) for the route table: "" for an operation anonymous callers
// may call, else an *apirt.Security literal whose alternatives list the token and
// full scope names that must all be present, and the non-token credentials
// (API keys, basic auth) that the handler must verify. An alternative that
// needs nothing the function can see (mutualTLS only, which the gateway
// checks at the domain) is an empty apirt.AuthAlt.
func securityLiteral(op *model.Operation) string {
	acc := op.Access
	if acc.Anonymous {
		return ""
	}
	var parts []string
	for _, alt := range acc.Alternatives {
		var fields []string
		if alt.Token {
			fields = append(fields, "Token: true")
		}
		if len(alt.Scopes) > 0 {
			fields = append(fields, "Scopes: []string{"+quoteAll(alt.Scopes)+"}")
		}
		if len(alt.Credentials) > 0 {
			creds := make([]string, len(alt.Credentials))
			for i, c := range alt.Credentials {
				creds[i] = fmt.Sprintf("{Scheme: %q, In: %q, Name: %q}", c.Scheme, c.In, c.Name)
			}
			fields = append(fields, "Creds: []apirt.CredentialSpec{"+strings.Join(creds, ", ")+"}")
		}
		if alt.MutualTLS {
			fields = append(fields, "MutualTLS: true")
		}
		parts = append(parts, "{"+strings.Join(fields, ", ")+"}")
	}
	return "&apirt.Security{Alts: []apirt.AuthAlt{" + strings.Join(parts, ", ") + "}}"
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
