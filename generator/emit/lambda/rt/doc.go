// Package rt is the run-time support of the generated Lambda function:
// event normalisation (API Gateway payloads 1.0 and 2.0), routing, the
// checks of each operation's security, token verification for functions
// no authorizer fronts, problem+json answers, CORS headers and the request
// log. The generator copies each of its files, less spec.go (stand-ins
// for what the spec-derived files declare) and the tests, verbatim into the
// generated api package as runtime*.gen.go; the spec-derived router.gen.go
// supplies the route table and the settings (body limit, CORS origins,
// whether to verify tokens).
package rt
