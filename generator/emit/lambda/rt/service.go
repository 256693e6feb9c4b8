package rt

import (
	"context"
	"net/http"
)

// Spec is what the runtime needs to know of one service: the generated
// api package's router.gen.go fills it from the spec and specgate.yaml.
type Spec struct {
	// MaxBodyBytes is the largest request body accepted (413 above).
	MaxBodyBytes int
	// CORSOrigins are the origins browsers may call the API from
	// (deploy.corsOrigins): answers get Access-Control-Allow-Origin for
	// them, and Vary: Origin; none: no CORS headers.
	CORSOrigins []string
	// VerifyToken is set (to VerifyBearer) when no authorizer runs in
	// front of the function (authorizer none): the function verifies the
	// forwarded bearer token itself (verify.go) and never trusts identity
	// headers. Nil otherwise: then nothing references the token verifier,
	// and the linker leaves it out of the function.
	VerifyToken func(h http.Header) (*Claims, error)
	// Routes lists every operation the function serves, most specific
	// first: literal segments before parameters, parameters before greedy
	// ones. Operations are their operation ids, by route index, for the log.
	Routes     []Route
	Operations []string
	// LegacyRoutes lists the operations existing HTTP backends serve, in the
	// same order: the function never serves them, but the local server
	// checks their requests (CheckLegacyREST, CheckLegacyHTTP) before
	// proxying.
	LegacyRoutes []Route
}

// Check decodes and validates a request of route idx (of Spec.Routes or
// Spec.LegacyRoutes), calling no handler. The generated router passes its
// checks to CheckRequest, CheckLegacyREST and CheckLegacyHTTP as arguments,
// not in the Spec, so that a function that never calls them (the Lambda's
// main) links none of the legacy operations' checks.
type Check func(idx int, r *Request, pathVals []string) *Params

// Service is a Spec with its route tables, each indexed on first use (a
// cold start does no work for them).
type Service struct {
	spec           Spec
	served, legacy table
}

// NewService returns the service spec describes.
func NewService(spec Spec) *Service {
	return &Service{spec: spec, served: table{routes: spec.Routes}, legacy: table{routes: spec.LegacyRoutes}}
}

// Dispatch decodes the request of route idx (of Spec.Routes) with the path
// parameters' values pathVals, calls its handler and encodes the answer.
// The generated router's dispatch, bound to the service's handler.
type Dispatch func(ctx context.Context, idx int, r *Request, pathVals []string) Reply
