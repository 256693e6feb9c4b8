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
// reach an API of kind without an authorizer: a PRIVATE REST API behind
// its VPC endpoint, or an AWS_IAM REST API whose resource policy admits
// the gateway's principal alone. Such an API is not reachable from the
// internet, so a legacy route on it may rely on that gateway alone. An
// HTTP API is neither: it cannot be private, and it has no resource
// policy, so with AWS_IAM any principal of the account that an IAM policy
// allows execute-api:Invoke reaches it.
func GatewayInFrontOnly(kind APIKind, auth AuthorizerKind, access GatewayAccess) bool {
	return kind == REST && auth == AuthNone && (access == AccessPrivate || access == AccessIAM)
}

// The hints of LegacyFault's verdicts.
const (
	// LegacyNoAuthorizerHint says what to do when nothing would check a
	// legacy operation's token.
	LegacyNoAuthorizerHint = "keep an authorizer in front of legacy routes (auth.authorizer: cognito, or jwt for an HTTP API; in a platform, gateway: aws), " +
		"let only the firm's gateway reach the API (platform.yaml gateway: existing with gatewayAccess: private or iam), " +
		"or declare security: [] on the operation if the backend is truly public"
	// LegacyHTTPIAMHint says what to do when an HTTP API's AWS_IAM is all
	// that stands in front of a legacy operation.
	LegacyHTTPIAMHint = "make the service a REST API (api: rest in its specgate.yaml), whose resource policy admits only the gateway's principal, " +
		"serve the operation from the function, which verifies the forwarded token, or declare security: [] on the operation if the backend is truly public"
	// LegacyOtherCredentialHint says what to do when a legacy operation
	// also accepts a credential API Gateway's authorizer cannot check.
	LegacyOtherCredentialHint = "let every security requirement of a legacy operation need a token of the user pool (drop the API key, basic or mutualTLS alternative), " +
		"or serve the operation from the function, which checks each alternative"
		// LegacyAnyClientHint says what to do when a REST API's Cognito
		// authorizer would pass a token of any app client of a shared pool.
	LegacyAnyClientHint = "name a scope on each requirement (one that only the clients that may call this service hold, as security: [{s: [a]}]), " +
		"make the service an HTTP API (api: http with auth.authorizer: jwt), whose JWT authorizer checks the token's client, " +
		"or serve the operation from the function, which refuses a token of another client"
	// LegacyAllScopesHint says what to do when a legacy operation requires
	// several scopes together.
	LegacyAllScopesHint = "require one scope per requirement (a scope that means all of them), list each as its own requirement if any one should do (security: [{s: [a]}, {s: [b]}]), " +
		"or serve the operation from the function, which checks all of them"
)

// LegacyFault says why a legacy operation's security a would go
// unenforced on an API of kind with authorizer auth reached as access says
// (what generate's options, and a platform's gateway and gatewayAccess,
// make them: generate, platform generate and lint pass the same), with
// a hint; "" when what the operation requires is checked before the
// backend. sharedPool is set when the authorizer's user pool holds app
// clients that may not call the service (a platform's pool, an existing
// pool generate was given): a REST API's Cognito authorizer checks no
// audience, so without a scope of the service it passes their tokens. An operation no alternative of which needs a token is not
// faulted here (a credential other than a token reaches the backend,
// which checks it; the gateway's unchecked-security warnings name it).
func (a Access) LegacyFault(kind APIKind, auth AuthorizerKind, access GatewayAccess, sharedPool bool) (msg, hint string) {
	if a.Anonymous {
		return "", ""
	}
	token := false
	for _, alt := range a.Alternatives {
		token = token || alt.Token
	}
	if !token || GatewayInFrontOnly(kind, auth, access) {
		return "", ""
	}
	const nobody = "and no function sees its requests"
	if auth == AuthNone && kind == HTTP && access == AccessIAM {
		return "requires a token, but no authorizer runs on this HTTP API " + nobody +
			": gatewayAccess iam signs requests, yet an HTTP API has no resource policy, so any IAM principal of the account allowed execute-api:Invoke reaches the backend without a token", LegacyHTTPIAMHint
	}
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
		if kind == REST && auth == AuthCognito && sharedPool && !holdersNamed(alt.Scopes) {
			return "accepts a token with no scope of the service, but a REST API's Cognito authorizer checks no audience " + nobody +
				": a token of any app client of the user pool (another app's, or a client that may not call this service) reaches the backend", LegacyAnyClientHint
		}
		if !AuthorizerChecksAll(alt.Scopes) {
			return fmt.Sprintf("requires all of the scopes %s, but API Gateway's authorizer passes a token carrying any one of them %s to check the rest",
				strings.Join(alt.Scopes, ", "), nobody), LegacyAllScopesHint
		}
	}
	return "", ""
}

// holdersNamed reports whether scopes (full Cognito names) name a scope
// only some clients hold: any but Cognito's standard scopes (openid, ...),
// which every client signing people in may request.
func holdersNamed(scopes []string) bool {
	for _, s := range scopes {
		if !StandardScopes[s] {
			return true
		}
	}
	return false
}
