//go:build peerdeps

// Package peers pins, in this module's go.mod, the modules of the peer
// stack that bench/run.sh builds Lambda functions with: aws-lambda-go-api-proxy
// + chi + an oapi-codegen strict server + the kin-openapi request validator
// middleware. The peer projects the benchmark writes copy this go.mod, so the
// tool's own go.mod never sees these modules. The build tag keeps this file
// out of every build; `go mod tidy` still reads it.
package peers

import (
	_ "github.com/aws/aws-lambda-go/events"
	_ "github.com/aws/aws-lambda-go/lambda"
	_ "github.com/awslabs/aws-lambda-go-api-proxy/chi"
	_ "github.com/getkin/kin-openapi/openapi3"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/go-chi/chi/v5"
	_ "github.com/oapi-codegen/nethttp-middleware"
	_ "github.com/oapi-codegen/runtime"
	_ "github.com/oapi-codegen/runtime/types"
)
