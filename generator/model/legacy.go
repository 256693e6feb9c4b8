package model

import (
	"fmt"
	"strings"
)

// What a legacy operation's security needs of the gateway, decided here
// once for generate, platform generate and lint. No function sees a
// request API Gateway sends to a legacy backend, so nothing behind the
// gateway checks the caller: the token an operation requires must be
// verified in front of the backend, and every scope it requires too.

// AuthorizerChecksAll reports whether API Gateway's Cognito or JWT
// authorizer, which passes a token carrying any one of a route's scopes,
// enforces a requirement for all of scopes (OpenAPI's meaning): only when
// the requirement lists at most one.
func AuthorizerChecksAll(scopes []string) bool { return len(scopes) <= 1 }

// GatewayInFrontOnly reports whether only an existing gateway in front
// (which validates tokens and the scopes platform/routes.json lists) can
// reach an API without an authorizer: a PRIVATE REST API behind its VPC
// endpoint, or AWS_IAM with the gateway's principal. Such an API is not
// reachable from the internet, so a legacy route on it may rely on that
// gateway alone.
func GatewayInFrontOnly(auth AuthorizerKind, access GatewayAccess) bool {
	return auth == AuthNone && (access == AccessPrivate || access == AccessIAM)
}

// The hints of LegacyFault's verdicts.
const (
	// LegacyNoAuthorizerHint says what to do when nothing would check a
	// legacy operation's token.
	LegacyNoAuthorizerHint = "keep an authorizer in front of legacy routes (auth.authorizer: cognito, or jwt for an HTTP API; in a platform, gateway: aws), " +
		"let only the firm's gateway reach the API (platform.yaml gateway: existing with gatewayAccess: private or iam), " +
		"or declare security: [] on the operation if the backend is truly public"
	// LegacyOtherCredentialHint says what to do when a legacy operation
	// also accepts a credential API Gateway's authorizer cannot check.
	LegacyOtherCredentialHint = "let every security requirement of a legacy operation need a token of the user pool (drop the API key, basic or mutualTLS alternative), " +
		"or serve the operation from the function, which checks each alternative"
	// LegacyAllScopesHint says what to do when a legacy operation requires
	// several scopes together.
	LegacyAllScopesHint = "require one scope per requirement (a scope that means all of them), list each as its own requirement if any one should do (security: [{s: [a]}, {s: [b]}]), " +
		"or serve the operation from the function, which checks all of them"
)

// LegacyFault says why a legacy operation's security a would go
// unenforced on an API with authorizer auth reached as access says, with
// a hint; "" when what the operation requires is checked before the
// backend. An operation no alternative of which needs a token is not
// faulted here (a credential other than a token reaches the backend,
// which checks it; the gateway's unchecked-security warnings name it).
func (a Access) LegacyFault(auth AuthorizerKind, access GatewayAccess) (msg, hint string) {
	if a.Anonymous {
		return "", ""
	}
	token := false
	for _, alt := range a.Alternatives {
		token = token || alt.Token
	}
	if !token || GatewayInFrontOnly(auth, access) {
		return "", ""
	}
	const nobody = "and no function sees its requests"
	if auth == AuthNone {
		return "requires a token, but no authorizer runs on this API (authorizer none) " + nobody +
			": anyone who reaches the API reaches the backend without a token", LegacyNoAuthorizerHint
	}
	if !a.NeedsToken() {
		var other []string
		for _, alt := range a.Alternatives {
			if !alt.Token {
				other = append(other, strings.Join(alt.Schemes, " + "))
			}
		}
		return fmt.Sprintf("requires a token, but also accepts %s, so API Gateway runs no authorizer on it %s: anyone reaches the backend without a token",
			strings.Join(other, " or "), nobody), LegacyOtherCredentialHint
	}
	for _, alt := range a.Alternatives {
		if !AuthorizerChecksAll(alt.Scopes) {
			return fmt.Sprintf("requires all of the scopes %s, but API Gateway's authorizer passes a token carrying any one of them %s to check the rest",
				strings.Join(alt.Scopes, ", "), nobody), LegacyAllScopesHint
		}
	}
	return "", ""
}
