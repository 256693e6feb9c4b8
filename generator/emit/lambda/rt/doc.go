// Package rt is the run-time support of the generated Lambda function:
// event normalisation (API Gateway payloads 1.0 and 2.0), routing, the
// checks of each operation's security, token verification for functions
// no authorizer fronts, problem+json answers, CORS headers and the request
// log. The generator copies each of its files but the tests verbatim into
// every generated project as package internal/apirt (<name>.gen.go), with
// the validation runtime (generator/emit/validate/rt, validate*.gen.go). The
// spec-derived api package imports it: router.gen.go describes the service
// in a Spec (routes, body limit, CORS origins, whether to verify tokens,
// its request checks) and binds its handler with a Dispatch; handler.gen.go
// forwards the names handlers use (Response, Claims, ...). It exports only
// what that generated code needs.
package rt
