package spec

import "github.com/specgate/specgate/generator/model"

// What an operation whose requests reach no function is, in messages.
const (
	LegacyWhat = "legacy operation (x-specgate-integration)"
	KeptWhat   = "operation sent elsewhere by its own x-amazon-apigateway-integration"
)

// legacyGuard refuses an operation no function sees (a legacy backend's,
// or one the spec's own integration sends elsewhere) whose security
// nothing in front of it would enforce (model.Access.LegacyFault): what
// the gateway does not check, nobody checks.
func (b *deployBuilder) legacyGuard(op *model.Operation, what string) {
	auth, access := b.d.Authorizer, b.d.GatewayAccess
	if g := b.opts.GuardAuthorizer; g != "" && g != auth {
		auth, access = g, ""
		if g == model.AuthNone {
			access = b.opts.GatewayAccess
		}
	}
	if msg, hint := op.Access.LegacyFault(b.api.Kind, auth, access, b.opts.SharedPool || b.opts.UserPoolARN != ""); msg != "" {
		b.errorf(op.Origin, hint, "%s %s: %s %s", op.Method, op.Path, what, msg)
	}
}

// KeepsIntegration reports whether generate keeps an operation's own
// x-amazon-apigateway-integration v (decoded JSON) on an API of kind,
// sending the operation elsewhere than the generated function: anything
// but a Lambda proxy integration, and on an HTTP API only an HTTP proxy.
func KeepsIntegration(v any, kind model.APIKind) bool {
	return !isLambdaProxy(v) && (kind != model.HTTP || isHTTPProxy(v))
}
