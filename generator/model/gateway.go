package model

import "strings"

// What API Gateway checks before a request reaches the function or a
// legacy backend, decided here once: the API Gateway emitter compiles
// models and request validators from it, and the validation report says
// per constraint who enforces it.

// GatewayModelKeywords are the JSON Schema keywords a REST API's request
// validator enforces in a body model, as API Gateway documents its models
// (JSON Schema draft 4, with these left out: discriminator, default,
// readOnly, example, boolean exclusiveMinimum/exclusiveMaximum, integer
// formats on numbers, and minItems/maxItems, which import drops). oneOf is
// written as anyOf (the gateway does not check that exactly one matches),
// and a nullable type as no type. HTTP APIs check no body.
var GatewayModelKeywords = map[string]bool{
	"type": true, "enum": true, "const": true, "required": true, "properties": true, "additionalProperties": true,
	"items": true, "uniqueItems": true, "minLength": true, "maxLength": true, "pattern": true,
	"minimum": true, "maximum": true, "multipleOf": true, "minProperties": true, "maxProperties": true,
	"allOf": true, "anyOf": true,
}

// GatewayChecksBody reports whether API Gateway checks a JSON body of this
// kind of API against its model.
func GatewayChecksBody(kind APIKind) bool { return kind == REST }

// GatewayBodyModel reports whether API Gateway checks op's body against a
// model (a REST API's JSON body with a schema): its request validator must
// then validate the body.
func GatewayBodyModel(kind APIKind, op *Operation) bool {
	return GatewayChecksBody(kind) && op.Body != nil && op.Body.JSON && op.Body.Type != nil
}

// The request validators specgate defines on a REST API; a spec's own of
// these names are replaced.
const (
	ValidatorBodyAndParams = "body-and-params"
	ValidatorParamsOnly    = "params-only"
)

// GatewayIgnoredHeaders are header parameters OpenAPI says to ignore
// (Accept, Content-Type, Authorization): the gateway checks none of them.
var GatewayIgnoredHeaders = map[string]bool{"accept": true, "content-type": true, "authorization": true}

// GatewayChecksPresence reports whether API Gateway refuses a request
// without parameter p: a REST API's request validator (on every method)
// checks that a required path, query or header parameter is there and not
// blank, never its value; cookies and HTTP APIs get no check.
func GatewayChecksPresence(kind APIKind, p *Param) bool {
	if kind != REST || !(p.Required || p.In == InPath) || p.In == InCookie {
		return false
	}
	return !(p.In == InHeader && GatewayIgnoredHeaders[strings.ToLower(p.Name)])
}
