package apigw

import (
	"github.com/specgate/specgate/generator/model"
)

// Keywords is every keyword a compiled model may hold: what API Gateway
// enforces (model.GatewayModelKeywords, const written as enum) plus $ref
// and annotations. Anything else is left out: API Gateway's draft 4
// validator rejects or ignores it, or OpenAPI 3.0 does not allow it.
var Keywords = func() map[string]bool {
	k := map[string]bool{"$ref": true, "title": true, "description": true}
	for name := range model.GatewayModelKeywords {
		if name != "const" {
			k[name] = true
		}
	}
	return k
}()

// ignoredHeaders are header parameters OpenAPI says to ignore.
var ignoredHeaders = model.GatewayIgnoredHeaders
