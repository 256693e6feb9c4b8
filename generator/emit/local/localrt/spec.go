package localrt

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"
)

// Spec is what the server needs to know of one service: package local's
// routes.gen.go, derived from the spec and specgate.yaml, fills it.
type Spec struct {
	Name          string // the service's name, for messages and the function's ARN
	HTTP          bool   // an HTTP API (payload 2.0); else a REST API (payload 1.0)
	Stage         string // the API Gateway stage the events name, as deployed
	DevIssuer     string // the issuer of tokens the dev key signs
	DefaultIssuer string // the user pool's issuer when an existing pool is configured
	// ResourceServer names the spec's scopes in tokens, as Cognito does:
	// "orders/read" is "<ResourceServer>/orders/read".
	ResourceServer string
	// Operations lists every operation of the spec, most specific first:
	// literal segments before parameters, parameters before greedy ones.
	// Legacy operations are proxied to their backend; the others go to the
	// function.
	Operations []Operation
	// Backends are the legacy services, by the name of the deploy
	// template's parameter that holds their base URL.
	Backends []Backend
	// CORSOrigins are the origins browsers may call the API from
	// (specgate.yaml deploy.corsOrigins); none: no CORS.
	CORSOrigins []string
	// LegacyDropHeaders are the caller's credentials legacy backends do not
	// get (specgate.yaml legacy.forwardHeaders keeps some).
	LegacyDropHeaders []string
	// API is what the function's package shares with the server.
	API API
}

// API is what the generated api package gives the server: the checks of
// legacy requests, and the rules the function decides (request ids,
// scope claims, challenges), so the server answers by the same ones.
type API struct {
	MaxBodyBytes                       int
	RequestIDHeader, TraceparentHeader string
	RequestID                          func(caller, fallback string) string
	ValidTraceparent                   func(tp string) bool
	BearerChallenge                    func(errorCode string, scopes []string) string
	MissingScopesDetail                func(missing []string) string
	ScopeClaim                         func(v any) []string
	SetLogger                          func(l *slog.Logger)
	CheckLegacyREST                    func(e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, bool)
	CheckLegacyHTTP                    func(e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, bool)
}

// Function is the service's Lambda handler, for the spec's payload format
// (REST for a REST API, HTTP for an HTTP API).
type Function struct {
	REST func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
	HTTP func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
}

// Operation is one method on one path template.
type Operation struct {
	ID       string // operationId, or "METHOD /path"
	Method   string
	Template string
	Segs     []Segment
	Params   []string     // path parameter names, in segment order
	Token    bool         // a verified token is required
	Scopes   [][]string   // alternatives: a token passes with every scope of one of them
	Legacy   *LegacyRoute // set for an operation an existing HTTP backend serves
	CORS     *CORSRoute   // the preflight answer for the operation's path; nil without CORS
}

// CORSRoute is what a preflight for one path may ask: comma-separated
// methods and request headers.
type CORSRoute struct {
	Methods, Headers string
}

// Segment is one piece of a path template.
type Segment struct {
	Prefix, Suffix string
	Param          bool
	Greedy         bool
}

// LegacyRoute sends an operation to a legacy backend.
type LegacyRoute struct {
	Backend       int        // index into Spec.Backends
	Path          string     // the path after the base URL, with {param} placeholders
	Params        []URIParam // the placeholders
	TimeoutMillis int
}

// URIParam is a placeholder of a legacy path and where its value comes from.
type URIParam struct {
	Name, In string
}

// Backend is one legacy service.
type Backend struct {
	Name string // the deploy template's parameter: "LegacyShippingURL"
	Host string // host[:port] in the spec
	URL  string // scheme://host[:port] the deployed API sends requests to
}
