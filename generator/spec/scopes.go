package spec

import (
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// CognitoScopeHint is the fix for a scope Cognito refuses.
const CognitoScopeHint = "Cognito scope names are 1 to 256 printable ASCII characters except space, \" and \\; a / separates path segments, which may not be empty"

// CognitoScope splits the custom scope a spec scope becomes under the
// resource server rs into the resource server identifier that holds it
// and its short name ("orders/read" under "print-shop" is "read" in
// "print-shop/orders"). problem says why Cognito would refuse it ("" when
// it accepts it). Standard scopes (openid, ...) are not custom scopes: ok
// is false for them. generate and lint both decide scope names here.
func CognitoScope(rs, sc string) (id, short, problem string, ok bool) {
	if model.StandardScopes[sc] {
		return "", "", "", false
	}
	full := model.CognitoScope(rs, sc)
	cut := strings.LastIndexByte(full, '/')
	id, short = full[:cut], full[cut+1:]
	under := strings.TrimPrefix(full, rs+"/")
	switch {
	case strings.HasPrefix(under, "/") || strings.Contains(under, "//") || short == "":
		problem = fmt.Sprintf("scope %q: Cognito scope %q has an empty segment", sc, full)
	case !model.ValidScopeName(short):
		problem = fmt.Sprintf("scope %q: %q is not a name Cognito accepts for a scope", sc, short)
	case !model.ValidResourceServerID(id):
		problem = fmt.Sprintf("scope %q: resource server identifier %q is not one Cognito accepts", sc, id)
	}
	return id, short, problem, true
}
