package lint

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// keptMappings reports, as generate refuses it (model.KeptMappingFault),
// each requestParameters mapping of an operation's own http or http_proxy
// integration that sets the identity headers or hands the backend the
// caller's credentials.
func (l *linter) keptMappings(ops []*operation) {
	for _, op := range ops {
		if l.sentElsewhere(op) != spec.KeptWhat {
			continue
		}
		in := get(op.node, "x-amazon-apigateway-integration")
		var v any
		if in.Decode(&v) != nil || !model.IsHTTPIntegration(v) {
			continue
		}
		pairs(get(in, "requestParameters"), func(k, val *yaml.Node) {
			if msg, hint := model.KeptMappingFault(k.Value, val.Value); msg != "" {
				l.add(op.file, op.key, "integration-header-mapping", hint, "%s %s: %s", op.method, op.path, msg)
			}
		})
	}
}

// amazonExtensions warns, as generate does, of each of an operation's own
// x-amazon-apigateway-* extensions that gives way to specgate's because it
// would weaken what the gateway checks (model.AuthExtensionGivesWay,
// model.ValidatorSkips), and of a legacy operation's own integration.
func (l *linter) amazonExtensions(d *doc, ops []*operation, schemes map[string]*scheme) {
	auth := model.AuthorizerKind(l.opts.Authorizer)
	for _, op := range ops {
		if k, v := entry(op.node, "x-amazon-apigateway-auth"); k != nil {
			reqs := get(op.node, "security")
			if reqs == nil {
				reqs = get(d.root, "security")
			}
			signed := model.SignedByGateway(auth, model.GatewayAccess(l.opts.GatewayAccess))
			checks := signed || auth != model.AuthNone && access(reqs, schemes).NeedsToken()
			typ := ""
			if t := get(v, "type"); t != nil {
				typ = t.Value
			}
			if model.AuthExtensionGivesWay(checks, signed, typ) {
				l.add(op.file, k, "amazon-extension-dropped", "drop it: the operation's security requirements decide its authorizer (security: [] makes it public)",
					"%s %s: x-amazon-apigateway-auth (type %s) would turn off the gateway's check of the caller's token; generate drops it", op.method, op.path, typ)
			}
		}
		if k, v := entry(op.node, "x-amazon-apigateway-request-validator"); k != nil && l.opts.API != "http" {
			if skips := l.validatorSkips(d, op, v.Value); skips != "" {
				l.add(op.file, k, "amazon-extension-dropped", "drop it (specgate's validator checks the parameters, and the body wherever API Gateway has its model), or name a validator that validates as much",
					"%s %s: request validator %s does not validate the request %s; generate uses specgate's instead", op.method, op.path, v.Value, skips)
			}
		}
		if k, _ := entry(op.node, "x-amazon-apigateway-integration"); k != nil && l.isLegacy(op) {
			l.add(op.file, k, "amazon-extension-dropped", "drop one: x-specgate-integration (or legacy.backends) sends the operation to its backend with the legacy header rules",
				"%s %s: x-amazon-apigateway-integration on a legacy operation; generate drops it for the legacy route", op.method, op.path)
		}
	}
}

// validatorSkips is model.ValidatorSkips for the validator name on op: ""
// for specgate's body-and-params and for a name no validator has (which
// generate replaces with a warning of its own).
func (l *linter) validatorSkips(d *doc, op *operation, name string) string {
	var body, params bool
	switch name {
	case model.ValidatorBodyAndParams:
		return ""
	case model.ValidatorParamsOnly:
		params = true
	default:
		def := get(get(d.root, "x-amazon-apigateway-request-validators"), name)
		if def == nil {
			return ""
		}
		body = scalar(get(def, "validateRequestBody")) == "true"
		params = scalar(get(def, "validateRequestParameters")) == "true"
	}
	return model.ValidatorSkips(body, params, l.bodyModel(op))
}

// bodyModel reports whether op has a JSON body with a schema (OpenAPI 3
// requestBody content, or a Swagger 2.0 body parameter): on a REST API
// the gateway has its model.
func (l *linter) bodyModel(op *operation) bool {
	_, rb := l.resolve(op.file, get(op.node, "requestBody"))
	found := false
	pairs(get(rb, "content"), func(k, v *yaml.Node) {
		mt := strings.ToLower(k.Value)
		found = found || (strings.Contains(mt, "json") && get(v, "schema") != nil)
	})
	if p := get(op.node, "parameters"); p != nil && p.Kind == yaml.SequenceNode {
		for _, n := range p.Content {
			found = found || (scalar(get(n, "in")) == "body" && get(n, "schema") != nil)
		}
	}
	return found
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
