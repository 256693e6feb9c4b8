package spec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// What an operation's own x-amazon-apigateway-* extensions may change;
// the verdicts are model's (AuthExtensionGivesWay, ValidatorSkips,
// KeptMappingFault), which lint reads too. specgate decides an operation's authorizer (from its
// security requirements), its request validator (one that checks the
// parameters, and the body wherever the gateway has its model) and a
// legacy operation's integration. A spec extension that would weaken one
// of them gives way to specgate's, with a warning, so that
// deploy/openapi.yaml deploys what deploy/validation-report.md and the
// security summary say:
//   - x-amazon-apigateway-auth on an operation where the gateway checks a
//     token (or, behind a gateway reaching the API with IAM, a SigV4
//     signature): dropped, unless it asks for that same AWS_IAM check;
//   - x-amazon-apigateway-request-validator naming a validator that does
//     not validate the parameters, or the body of an operation whose body
//     the gateway has a model of: dropped, specgate's validator is used;
//   - x-amazon-apigateway-integration on a legacy operation
//     (x-specgate-integration, or specgate.yaml legacy.backends): dropped,
//     the legacy route with its header rules is deployed.
//
// Everything else is kept as written. An http or http_proxy integration
// the spec keeps gets the legacy header rules (keptHTTP).
func (b *deployBuilder) opExtensions(op *model.Operation, od *model.OperationDeploy) {
	keep := make([]model.Extension, 0, len(od.Extensions))
	for _, e := range od.Extensions {
		switch strings.TrimPrefix(e.Name, AmazonExtensionPrefix) {
		case "auth":
			if what := b.gatewayChecks(od); model.AuthExtensionGivesWay(what != "", b.signed(), authType(e.Value)) {
				b.warnf(op.Origin, "%s %s: the spec's x-amazon-apigateway-auth (type %s) is dropped: it would turn off the gateway's check of %s; "+
					"the operation's security requirements decide its authorizer (security: [] makes it public)", op.Method, op.Path, authType(e.Value), what)
				continue
			}
		case "request-validator":
			if b.api.Kind != model.REST {
				break
			}
			if skips := b.validatorSkips(op, e.Value); skips != "" {
				b.warnf(op.Origin, "%s %s: the spec's x-amazon-apigateway-request-validator %v does not validate the request %s; specgate's validator is used instead, so API Gateway checks them (deploy/validation-report.md)",
					op.Method, op.Path, e.Value, skips)
				continue
			}
		case "integration":
			if op.Integration != nil {
				b.warnf(op.Origin, "%s %s: the spec's x-amazon-apigateway-integration is dropped: the operation goes to its legacy backend (x-specgate-integration or legacy.backends), with the legacy header rules",
					op.Method, op.Path)
				continue
			}
		}
		keep = append(keep, e)
	}
	od.Extensions = keep
}

// signed reports whether every request reaches the API signed (SigV4) by
// the gateway in front, which API Gateway checks (AWS_IAM).
func (b *deployBuilder) signed() bool {
	return model.SignedByGateway(b.d.Authorizer, b.d.GatewayAccess)
}

// gatewayChecks says what API Gateway checks of the operation's caller
// before its integration: "" when nothing.
func (b *deployBuilder) gatewayChecks(od *model.OperationDeploy) string {
	switch {
	case b.signed():
		return "the SigV4 signature of the gateway in front (AWS_IAM)"
	case od.Gateway.Token && b.d.Authorizer != model.AuthNone:
		return "the caller's token (the " + string(b.d.Authorizer) + " authorizer)"
	}
	return ""
}

func authType(v any) string {
	m, _ := v.(map[string]any)
	t, _ := m["type"].(string)
	if t == "" {
		return fmt.Sprint(v)
	}
	return t
}

// validatorSkips names what of op's request the REST request validator
// name (the value of an operation's x-amazon-apigateway-request-validator)
// does not validate that specgate's would: "parameters", "body", both, or
// "" when it validates as much. A name no validator has is left to the
// definition's emitter, which replaces it by specgate's with a warning.
func (b *deployBuilder) validatorSkips(op *model.Operation, v any) string {
	name, _ := v.(string)
	var body, params bool
	switch name {
	case model.ValidatorBodyAndParams:
		return ""
	case model.ValidatorParamsOnly:
		body, params = false, true
	default:
		all, _ := b.doc.T.Extensions[AmazonExtensionPrefix+"request-validators"].(map[string]any)
		def, ok := all[name].(map[string]any)
		if !ok {
			return ""
		}
		body, _ = def["validateRequestBody"].(bool)
		params, _ = def["validateRequestParameters"].(bool)
	}
	return model.ValidatorSkips(body, params, model.GatewayBodyModel(b.api.Kind, op))
}

// keptHTTP refuses an http or http_proxy integration of the spec's own
// whose requestParameters model.KeptMappingFault refuses.
func (b *deployBuilder) keptHTTP(op *model.Operation, v any) {
	m, _ := v.(map[string]any)
	params, _ := m["requestParameters"].(map[string]any)
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		val, _ := params[key].(string)
		if msg, hint := model.KeptMappingFault(key, val); msg != "" {
			b.errorf(op.Origin, hint, "%s %s: %s", op.Method, op.Path, msg)
		}
	}
}
