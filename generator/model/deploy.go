package model

import (
	"path"
	"strings"
)

// AuthorizerKind says what checks tokens in front of the service.
type AuthorizerKind string

// The authorizer kinds.
const (
	// AuthCognito is a Cognito user pool authorizer on a REST API, or a JWT
	// authorizer with the user pool as issuer on an HTTP API.
	AuthCognito AuthorizerKind = "cognito"
	// AuthJWT is an HTTP API JWT authorizer with the user pool as issuer
	// and the app clients as audience (HTTP APIs only).
	AuthJWT AuthorizerKind = "jwt"
	// AuthNone leaves authentication to a gateway in front of this one.
	AuthNone AuthorizerKind = "none"
)

// The headers that carry the caller's verified identity to a legacy HTTP
// backend. The generated function never reads them.
const (
	SubjectHeader = "X-Specgate-Subject" // the token's sub claim
	ScopesHeader  = "X-Specgate-Scopes"  // the token's scope claim: space-separated full scope names
)

// LegacyCredentialHeaders are the caller's credentials a legacy backend
// does not get unless specgate.yaml lists them in legacy.forwardHeaders.
var LegacyCredentialHeaders = []string{"Authorization", "Cookie"}

// The environment variables that configure token verification in the
// function when no authorizer runs in front of it (AuthNone): the SAM
// template sets them, the generated internal/apirt/verify.gen.go reads them.
const (
	EnvTokenIssuer    = "SPECGATE_TOKEN_ISSUER"     // the iss tokens must carry
	EnvTokenClientIDs = "SPECGATE_TOKEN_CLIENT_IDS" // app client IDs (client_id / aud), comma-separated
	EnvJWKSURL        = "SPECGATE_JWKS_URL"         // where the keys are; default the issuer's /.well-known/jwks.json
)

// Deploy is what the deploy emitters (API Gateway definition, SAM
// template, Cognito stack) need beyond the operations: settings, the JSON
// Schemas of bodies, the spec's own x-amazon-apigateway-* extensions, the
// gateway side of each operation's security, Cognito's resource servers
// and clients, and legacy backends.
type Deploy struct {
	Authorizer     AuthorizerKind
	AuthorizerName string // the security scheme the definitions name for the authorizer
	UserPoolARN    string // an existing pool; empty when cognito.yaml creates one
	// CognitoStack is the stack whose exports name the pool and clients:
	// "" for the service's own (<service>-cognito, from deploy/cognito.yaml),
	// a platform's identity stack otherwise.
	CognitoStack string
	// GatewayAccess restricts who reaches an API without an authorizer
	// (AuthNone), beyond the token its function verifies.
	GatewayAccess GatewayAccess
	// Calls, in a platform, is how the service calls the services it
	// declares in platform.yaml (services.<name>.calls); nil otherwise.
	Calls *Calls
	// TokenClients are the app clients whose tokens the function accepts
	// (EnvTokenClientIDs), those that may call the service, where the
	// function checks the token's client (FunctionChecksClient): imported
	// from the platform's identity stack, or from deploy/cognito.yaml.
	TokenClients []AppClient
	Stage        string
	CORSOrigins  []string

	// SchemaJSON is each schema of API.Schemas as decoded JSON (maps,
	// slices, float64...). A $ref reads "#/components/schemas/<SpecName>",
	// possibly followed by a deeper JSON pointer.
	SchemaJSON map[*Schema]any
	// OpenAPI is the spec's version ("3.0.3", "3.1.0"; "2.0" specs arrive converted to 3.0).
	OpenAPI string

	Extensions []Extension // x-amazon-apigateway-* at the spec's root, sorted by name
	Ops        map[*Operation]*OperationDeploy

	Cognito *Cognito         // nil when no operation needs a token or the authorizer is none
	Legacy  []*LegacyBackend // distinct legacy backends, sorted by Param
	// LegacyForwardHeaders are the caller's credential headers legacy
	// backends still get: a subset of LegacyCredentialHeaders.
	LegacyForwardHeaders []string

	// Operability is tracing, timeouts, concurrency and throttling.
	Operability Operability
}

// Extension is a spec extension and its decoded JSON value.
type Extension struct {
	Name  string
	Value any
}

// OperationDeploy is the deploy side of one operation.
type OperationDeploy struct {
	Gateway    GatewayAuth
	Extensions []Extension      // the operation's x-amazon-apigateway-*, sorted by name
	Legacy     *LegacyRoute     // set when x-specgate-integration sends it to a legacy backend
	Cookies    []string         // cookie parameters, which API Gateway cannot check
	Dropped    []string         // why parts of the operation are left out of the definitions
	Kept       *KeptIntegration // the spec's own x-amazon-apigateway-integration, used as written
}

// KeptIntegration is an x-amazon-apigateway-integration the spec wrote for
// a backend other than the generated function (an AWS service, HTTP, mock).
type KeptIntegration struct {
	Value any
	// HTTP is set for an http or http_proxy integration: the caller's
	// headers reach an HTTP backend, so it gets the legacy header rules
	// (verified identity, credentials withheld) as a legacy route does.
	HTTP bool
}

// HTTPBackend reports whether the operation's requests go to an HTTP
// backend rather than a function: a legacy route, or the spec's own http
// or http_proxy integration. Such a backend gets the legacy header rules.
func (od *OperationDeploy) HTTPBackend() bool {
	return od != nil && (od.Legacy != nil || (od.Kept != nil && od.Kept.HTTP))
}

// GatewayAuth is what API Gateway checks before the request reaches the
// function. It never rejects a request the spec allows: where the spec's
// security cannot be expressed at the gateway, the gateway lets the request
// through and the Lambda checks it.
type GatewayAuth struct {
	Token  bool     // the authorizer checks a token
	Scopes []string // full Cognito scope names, any one of which passes; sorted
	// Why is set for a non-public operation the gateway does not check
	// (for example one that also accepts an API key or basic auth).
	Why string
}

// LegacyBackend is one existing HTTP service that operations are sent to.
type LegacyBackend struct {
	Param   string // CloudFormation parameter holding its base URL: "LegacyPricingURL"
	Host    string // host[:port] as in the spec
	BaseURL string // scheme://host[:port] from the spec, or the configured override
	// VPCLink is set when API Gateway reaches the backend through a VPC
	// link (specgate.yaml legacy.connections: vpc-link) instead of the
	// internet: REST APIs through a VPC link to a Network Load Balancer,
	// HTTP APIs through a VPC link V2 to a load balancer listener.
	VPCLink *VPCLink
}

// VPCLink is how API Gateway reaches a private legacy backend.
type VPCLink struct {
	IDParam       string // CloudFormation parameter holding the VPC link's ID: "LegacyShippingVpcLinkId"
	ListenerParam string // HTTP APIs: parameter holding the listener ARN the link reaches: "LegacyShippingListenerArn"
}

// GatewayAccess is how an existing gateway in front reaches an API that has
// no authorizer of its own. Whatever it is, the function verifies the
// forwarded token and enforces every operation's scopes.
type GatewayAccess string

// The gateway accesses.
const (
	// AccessToken: the API is public; the function verifies the token
	// the gateway forwards (the default).
	AccessToken GatewayAccess = "token"
	// AccessPrivate: a PRIVATE REST API, reachable only through the
	// gateway's VPC endpoint (endpoint configuration and a resource policy
	// on aws:SourceVpce).
	AccessPrivate GatewayAccess = "private"
	// AccessIAM: AWS_IAM authorization; the gateway signs each request
	// (SigV4 in Authorization) and forwards the caller's token in
	// ForwardedTokenHeader. A REST API's resource policy admits only the
	// gateway's principal.
	AccessIAM GatewayAccess = "iam"
)

// ForwardedTokenHeader carries the caller's bearer token when the gateway
// in front signs its requests (AccessIAM) and Authorization holds the
// signature. The function reads the token there only when EnvTokenHeader
// names it.
const ForwardedTokenHeader = "X-Forwarded-Authorization"

// EnvTokenHeader names the header the function reads the bearer token
// from, instead of Authorization.
const EnvTokenHeader = "SPECGATE_TOKEN_HEADER"

// Calls is how a platform's service calls other services: its own machine
// client in the platform's identity stack (client credentials; its scopes
// are exactly those of the operations it may call), whose ID and secret
// ARN the identity stack exports. The secret stays in AWS Secrets Manager:
// the function gets its ARN, and permission to read that secret only.
type Calls struct {
	ClientLogicalID string          // the machine client in the identity stack: "OrdersCallerClient"
	SecretExport    string          // the identity stack's output holding its secret's ARN: "OrdersCallerSecretArn"
	Services        []CalledService // sorted by name
}

// CalledService is a service the caller may call.
type CalledService struct {
	Name string // the platform's name of the service
	URL  string // its base URL on the platform's domain: https://DOMAIN/BASEPATH
}

// The environment of a function that calls other services (Calls): the
// token endpoint, its client's ID, the ARN of the secret holding
// {"client_id", "client_secret"}, and each called service's base URL in
// SPECGATE_SERVICE_<NAME>_URL (see CalledServiceEnv).
const (
	EnvCallerTokenURL  = "SPECGATE_TOKEN_URL"
	EnvCallerClientID  = "SPECGATE_CLIENT_ID"
	EnvCallerSecretARN = "SPECGATE_CLIENT_SECRET_ARN"
)

// CalledServiceEnv is the environment variable holding a called service's
// base URL: "catalog" is SPECGATE_SERVICE_CATALOG_URL.
func CalledServiceEnv(name string) string {
	return "SPECGATE_SERVICE_" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(name)) + "_URL"
}

// PrivateHost reports whether host (host[:port]) names a private network
// address that API Gateway cannot reach over the internet: the reserved
// .internal top-level domain and the usual private suffixes.
func PrivateHost(host string) bool {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	for _, suffix := range []string{".internal", ".local", ".localdomain", ".lan", ".corp", ".home.arpa"} {
		if strings.HasSuffix(h, suffix) {
			return true
		}
	}
	return false
}

// LegacyRoute sends one operation to a legacy backend.
type LegacyRoute struct {
	Backend   *LegacyBackend
	Path      string   // the URI after the base URL, with its {param} placeholders: "/track/{trackingNumber}"
	URIParams []string // the {param} names in Path, in order of appearance
}

// Cognito is the identity side: resource servers with their scopes and the
// app clients that request them.
type Cognito struct {
	ResourceServer  string            // the configured identifier (default the service name)
	ResourceServers []*ResourceServer // sorted by identifier; scopes that share a prefix share a server
	Clients         []*AppClient      // first-party clients first, then service clients
}

// MaxScopesPerClient is how many scopes Cognito lets one app client request.
const MaxScopesPerClient = 50

// AppClient is one Cognito app client.
type AppClient struct {
	LogicalID string // "WebClient", "WebClient2", "ServiceClient"
	// Service clients use client_credentials; the others, for first-party
	// web and mobile apps, use the authorization code flow with PKCE.
	Service bool
	Scopes  []string // full scope names it may request, sorted
}

// ResourceServer is one Cognito resource server.
type ResourceServer struct {
	Identifier string  // "print-shop/orders"
	Name       string  // a display name Cognito accepts: "print-shop-orders"
	LogicalID  string  // CloudFormation logical ID: "ResourceServerOrders"
	Scopes     []Scope // short names (the part after the identifier's "/") with descriptions, sorted
}

// AllScopes returns every custom scope's full name, sorted by server then scope.
func (c *Cognito) AllScopes() []string {
	var all []string
	for _, rs := range c.ResourceServers {
		for _, s := range rs.Scopes {
			all = append(all, rs.Identifier+"/"+s.Name)
		}
	}
	return all
}

// SpecBase is the spec's file name without its directory: what generated
// files quote, so they do not depend on where specgate ran.
func (a *API) SpecBase() string {
	if a.SpecFile == "" {
		return ""
	}
	return path.Base(strings.ReplaceAll(a.SpecFile, "\\", "/"))
}

// FunctionChecksClient reports whether the function of a must itself
// refuse a token issued to an app client that may not call the service
// (EnvTokenClientIDs), decided here once: when it verifies tokens itself
// (LambdaVerifies: in a platform, or with an authorizer in front that
// leaves some operation's token to it), and behind a REST API's Cognito
// authorizer, which has no audience setting and passes a token of any app
// client of the pool, in a pool that holds clients that may not call the
// service (sharedPool: a platform's pool, or an existing pool outside
// one). An HTTP API's JWT authorizer checks the audience itself; a pool of
// the service's own holds only its clients. Standalone with authorizer
// none, the deployer names the clients (a template parameter).
func (a *API) FunctionChecksClient(platform, sharedPool bool) bool {
	if a.Authorizer == AuthNone {
		return platform
	}
	return a.LambdaVerifies() || (a.Kind == REST && a.Authorizer == AuthCognito && sharedPool)
}

// LambdaVerifies reports whether the function verifies a bearer token
// itself (against the issuer's keys): no authorizer runs in front of it
// (AuthNone), or some operation it serves leaves the token to it
// (Access.LambdaVerifiesToken). Where no operation does, the verifier is
// not linked into the function.
func (a *API) LambdaVerifies() bool {
	if a.Authorizer == AuthNone {
		return true
	}
	for _, op := range a.LambdaOperations() {
		if !op.Public && op.Access.LambdaVerifiesToken() {
			return true
		}
	}
	return false
}

// LambdaVerifiesToken reports whether a token a accepts is verified by the
// function, not API Gateway's authorizer: an alternative takes a token,
// but another takes what the authorizer cannot check (an API key, basic
// auth, a client certificate, nothing at all: {}), so the gateway runs no
// authorizer on the operation and lets every request through to the
// function.
func (a Access) LambdaVerifiesToken() bool {
	if a.Undeclared || a.NeedsToken() {
		return false
	}
	for _, alt := range a.Alternatives {
		if alt.Token {
			return true
		}
	}
	return false
}
