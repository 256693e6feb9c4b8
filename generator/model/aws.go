package model

import (
	"regexp"
	"strings"
)

// AWS naming rules, each defined once: config, spec, lint and the emitters
// read these instead of keeping their own copies.

// UserPoolARNPattern is the shape of a Cognito user pool ARN, as a
// regular expression that Go and CloudFormation's AllowedPattern both read.
const UserPoolARNPattern = `^arn:aws[a-z-]*:cognito-idp:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:userpool/[a-z]{2}(-[a-z]+)+-[0-9]_[0-9A-Za-z]+$`

// StagePattern is API Gateway's stage name rule: 1 to 128 letters, digits and underscores.
const StagePattern = `^[A-Za-z0-9_]{1,128}$`

var (
	userPoolARNRE  = regexp.MustCompile(UserPoolARNPattern)
	stageRE        = regexp.MustCompile(StagePattern)
	rsIdentifierRE = regexp.MustCompile(`^[\x21\x23-\x5B\x5D-\x7E]{1,256}$`)
	rsNameRE       = regexp.MustCompile(`^[\w\s+=,.@-]{1,256}$`)
	rsNameBad      = regexp.MustCompile(`[^\w\s+=,.@-]+`)
	scopeNameRE    = regexp.MustCompile(`^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$`)
)

// ParseUserPoolARN returns the region and pool ID of a Cognito user pool
// ARN ("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC"
// gives "eu-west-1", "eu-west-1_AbC"); false when arn is not one.
func ParseUserPoolARN(arn string) (region, poolID string, ok bool) {
	if !userPoolARNRE.MatchString(arn) {
		return "", "", false
	}
	parts := strings.Split(arn, ":")
	return parts[3], strings.TrimPrefix(parts[5], "userpool/"), true
}

// UserPoolIssuer is the issuer (iss claim) of the tokens of the user pool
// arn names; "" when arn is not a user pool ARN.
func UserPoolIssuer(arn string) string {
	region, id, ok := ParseUserPoolARN(arn)
	if !ok {
		return ""
	}
	return "https://cognito-idp." + region + ".amazonaws.com/" + id
}

// userPoolURLRE is a Cognito user pool's issuer, or its OpenID Connect
// discovery document under it.
var userPoolURLRE = regexp.MustCompile(`^https://cognito-idp\.([a-z]{2}(?:-[a-z]+)+-[0-9])\.amazonaws\.com(?:\.cn)?/([a-z]{2}(?:-[a-z]+)+-[0-9]_[0-9A-Za-z]+)(?:/\.well-known/openid-configuration)?$`)

// ParseUserPoolURL returns the region and pool ID of the Cognito user pool
// an issuer or OpenID Connect discovery URL names
// ("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/openid-configuration"
// gives "eu-west-1", "eu-west-1_AbC"); false when u names no user pool.
func ParseUserPoolURL(u string) (region, poolID string, ok bool) {
	m := userPoolURLRE.FindStringSubmatch(u)
	if m == nil || !strings.HasPrefix(m[2], m[1]+"_") {
		return "", "", false
	}
	return m[1], m[2], true
}

// UserPoolDiscoveryURL is the OpenID Connect discovery URL of the tokens
// of the user pool arn names (an openIdConnect scheme's openIdConnectUrl);
// "" when arn is not a user pool ARN.
func UserPoolDiscoveryURL(arn string) string {
	if iss := UserPoolIssuer(arn); iss != "" {
		return iss + "/.well-known/openid-configuration"
	}
	return ""
}

// OriginPattern is a CORS origin as a browser's Origin header sends it
// (RFC 6454 serialisation): http or https, a lower-case host name or an
// IPv4 or [IPv6] literal, an optional port from 1 to 65535, nothing after
// (no path, not even "/"). The runtime compares origins exactly, so any
// other spelling could never match a request. One rule, read by the
// configuration, the spec options and schema/specgate.schema.json.
const OriginPattern = `^https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?$`

var originRE = regexp.MustCompile(OriginPattern)

// ValidOrigin reports whether o is an origin by OriginPattern.
func ValidOrigin(o string) bool { return originRE.MatchString(o) }

// OriginRule says what ValidOrigin accepts, for messages.
const OriginRule = "must be an origin as browsers send it: http:// or https://, the host in lower case, an optional port from 1 to 65535, no path (such as https://app.example.com)"

// ValidStage reports whether API Gateway accepts s as a stage name.
func ValidStage(s string) bool { return stageRE.MatchString(s) }

// ValidResourceServerID reports whether Cognito accepts id as a resource
// server identifier: 1 to 256 printable ASCII characters except space, "
// and \. A configured identifier must also not end in "/" (see
// ValidConfiguredResourceServer).
func ValidResourceServerID(id string) bool { return rsIdentifierRE.MatchString(id) }

// ValidConfiguredResourceServer reports whether id can name the service's
// resource server: a valid identifier that scopes can follow after a "/".
func ValidConfiguredResourceServer(id string) bool {
	return ValidResourceServerID(id) && !strings.HasSuffix(id, "/")
}

// ValidScopeName reports whether Cognito accepts name as a custom scope's
// name (the part after the resource server's identifier and "/").
func ValidScopeName(name string) bool { return scopeNameRE.MatchString(name) }

// ResourceServerName is a display name Cognito accepts for the resource
// server with identifier id.
func ResourceServerName(id string) string {
	name := rsNameBad.ReplaceAllString(strings.ReplaceAll(id, "/", "-"), "-")
	if !rsNameRE.MatchString(name) {
		return "resource-server"
	}
	return name
}

// StandardScopes are Cognito's built-in OAuth scopes: they are never
// custom scopes of a resource server.
var StandardScopes = map[string]bool{
	"openid": true, "email": true, "phone": true, "profile": true, "aws.cognito.signin.user.admin": true,
}

// CognitoScope is the name a token carries for a spec scope: the scope
// under the resource server ("orders/read" becomes
// "print-shop/orders/read"), unless it already names the server or is one
// of Cognito's standard scopes.
func CognitoScope(resourceServer, scope string) string {
	if StandardScopes[scope] || strings.HasPrefix(scope, resourceServer+"/") {
		return scope
	}
	return resourceServer + "/" + scope
}
