package model

import (
	"fmt"
	"strings"
)

// What a spec's own integration to an HTTP backend may map, decided here
// once for generate and lint. Such a backend gets the legacy header rules
// (verified identity in SubjectHeader and ScopesHeader, the caller's
// credentials withheld), merged with the integration's requestParameters.

// IsHTTPIntegration reports whether an x-amazon-apigateway-integration
// (decoded JSON) sends requests to an HTTP backend: type http or
// http_proxy.
func IsHTTPIntegration(v any) bool {
	m, _ := v.(map[string]any)
	t, _ := m["type"].(string)
	t = strings.ToLower(t)
	return t == "http" || t == "http_proxy"
}

// MappedHeader is the backend header an integration's requestParameters
// key sets: "integration.request.header.NAME" (REST) or
// "overwrite:header.NAME", "append:header.NAME", "remove:header.NAME"
// (HTTP APIs); "" for any other key.
func MappedHeader(key string) string {
	k := strings.ToLower(key)
	for _, prefix := range []string{"integration.request.header.", "overwrite:header.", "append:header.", "remove:header."} {
		if strings.HasPrefix(k, prefix) {
			return key[len(prefix):]
		}
	}
	return ""
}

// KeptMappingFault says why an HTTP backend integration's mapping key: val
// is refused, with a hint; "" when it is not: a mapping that sets the
// identity headers, which carry the authorizer's verified claims, or that
// hands the backend the caller's credentials (LegacyCredentialHeaders),
// which HTTP backends get only when legacy.forwardHeaders lists them.
func KeptMappingFault(key, val string) (msg, hint string) {
	if h := MappedHeader(key); strings.EqualFold(h, SubjectHeader) || strings.EqualFold(h, ScopesHeader) {
		return fmt.Sprintf("the spec's x-amazon-apigateway-integration maps requestParameters %q, one of the identity headers an HTTP backend trusts", key),
			"remove that mapping: API Gateway sets " + SubjectHeader + " and " + ScopesHeader + " to the authorizer's verified claims (or nothing) on every request to an HTTP backend"
	}
	v := strings.ToLower(val)
	for _, cred := range LegacyCredentialHeaders {
		c := strings.ToLower(cred)
		if strings.Contains(v, "method.request.header."+c) || strings.Contains(v, "$request.header."+c) {
			return fmt.Sprintf("the spec's x-amazon-apigateway-integration maps requestParameters %q to the caller's %s, a credential HTTP backends do not get", key, cred),
				"remove that mapping: HTTP backends get the caller's " + cred + " only when specgate.yaml's legacy.forwardHeaders lists it, which passes it unchanged"
		}
	}
	return "", ""
}

// What an operation's own x-amazon-apigateway-* extensions may change,
// decided here once for generate (spec.Deploy drops what gives way, with a
// warning) and lint (amazon-extension-dropped): they may not weaken what
// the gateway checks of an operation specgate secures and validates.

// AuthExtensionGivesWay reports whether an operation's own
// x-amazon-apigateway-auth of type typ is dropped: whenever the gateway
// checks the operation's caller (checks: a token, or the SigV4 signature
// of a gateway in front), unless it asks for that same AWS_IAM check
// (signed).
func AuthExtensionGivesWay(checks, signed bool, typ string) bool {
	return checks && !(signed && strings.EqualFold(typ, "aws_iam"))
}

// ValidatorSkips names what a REST request validator (validating the body
// and the parameters as body and params say) does not validate that
// specgate's would: the parameters always, the body wherever the gateway
// has its model (bodyModel, GatewayBodyModel); "parameters", "body",
// "parameters and body", or "" when it validates as much. Such a
// validator gives way to specgate's.
func ValidatorSkips(body, params, bodyModel bool) string {
	var skips []string
	if !params {
		skips = append(skips, "parameters")
	}
	if !body && bodyModel {
		skips = append(skips, "body")
	}
	return strings.Join(skips, " and ")
}

// SignedByGateway reports whether every request reaches an API with this
// authorizer and gatewayAccess signed (SigV4) by the gateway in front,
// which API Gateway checks (AWS_IAM).
func SignedByGateway(auth AuthorizerKind, access GatewayAccess) bool {
	return auth == AuthNone && access == AccessIAM
}
