package spec

import "github.com/specgate/specgate/generator/model"

// legacyGuard refuses a legacy operation whose security nothing in front
// of its backend would enforce (model.Access.LegacyFault): no function sees
// its requests, so what the gateway does not check, nobody checks.
func (b *deployBuilder) legacyGuard(op *model.Operation) {
	if msg, hint := op.Access.LegacyFault(b.d.Authorizer, b.d.GatewayAccess); msg != "" {
		b.errorf(op.Origin, hint, "%s %s: legacy operation (x-specgate-integration) %s", op.Method, op.Path, msg)
	}
}
