package rt

import "context"

// This file is not copied into generated projects: it stands in for what
// the spec-derived files of package api declare (handler.gen.go,
// router.gen.go), so that this package compiles and its tests can give it
// routes of their own. lambda.Emit copies every other non-test file.

// Handler stands in for the generated service interface (handler.gen.go):
// one method per operation.
type Handler interface{}

// MaxBodyBytes stands in for the configured body limit (router.gen.go).
const MaxBodyBytes = 1 << 20

var (
	corsOrigins  []string // deploy.corsOrigins, as Go literals in router.gen.go
	verifyTokens bool     // authorizer none: the function verifies tokens itself
	routeOps     []string // operation ids, by route index
	routes       []route  // the function's routes, most specific first
	routeTable   table    // routes, indexed
	legacyTable  table    // the legacy backends' routes, indexed

	// dispatchFunc and checkLegacyFunc are what a test's operations do.
	dispatchFunc    func(ctx context.Context, h Handler, idx int, r *request, pathVals []string) reply
	checkLegacyFunc func(idx int, r *request, pathVals []string) *params
	checkServedFunc func(idx int, r *request, pathVals []string) *params
)

// dispatch stands in for the generated router's: decode, call, encode.
func dispatch(ctx context.Context, h Handler, idx int, r *request, pathVals []string) reply {
	return dispatchFunc(ctx, h, idx, r, pathVals)
}

// checkLegacy stands in for the generated router's legacy checks.
func checkLegacy(idx int, r *request, pathVals []string) *params {
	return checkLegacyFunc(idx, r, pathVals)
}

// checkServed stands in for the generated router's checks of a served
// route, which call no handler.
func checkServed(idx int, r *request, pathVals []string) *params {
	return checkServedFunc(idx, r, pathVals)
}
