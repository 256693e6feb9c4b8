package lint

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// isLegacy reports whether an x-specgate-integration, or a backend of
// specgate.yaml (Options.Backends, by operationId or "METHOD /path" as
// generate matches them), sends op to a legacy backend.
func (l *linter) isLegacy(op *operation) bool {
	if get(op.node, "x-specgate-integration") != nil {
		return true
	}
	id := ""
	if n := get(op.node, "operationId"); n != nil && n.Kind == yaml.ScalarNode {
		id = n.Value
	}
	for _, name := range l.opts.Backends {
		if id != "" && name == id {
			return true
		}
		if m, p, ok := strings.Cut(name, " "); ok && strings.EqualFold(m, op.method) && p == op.path {
			return true
		}
	}
	return false
}

// sentElsewhere names what op is when its requests reach no function: a
// legacy backend's, or one its own x-amazon-apigateway-integration sends
// elsewhere (as generate keeps it); "" otherwise.
func (l *linter) sentElsewhere(op *operation) string {
	if l.isLegacy(op) {
		return spec.LegacyWhat
	}
	n := get(op.node, "x-amazon-apigateway-integration")
	if n == nil {
		return ""
	}
	var v any
	if n.Decode(&v) != nil {
		return ""
	}
	kind := model.REST
	if l.opts.API == "http" {
		kind = model.HTTP
	}
	if spec.KeepsIntegration(v, kind) {
		return spec.KeptWhat
	}
	return ""
}

// token reports whether a Cognito or JWT authorizer checks what the
// scheme asks for (a bearer token), as generate decides it.
func (s *scheme) token() bool {
	switch s.typ {
	case "oauth2", "openIdConnect":
		return true
	case "http":
		return strings.EqualFold(s.http, "bearer")
	}
	return s.cognito
}

// legacy reports each legacy operation whose security nothing in front of
// its backend would enforce, by the model's rule (model.Access.LegacyFault),
// reading its security as generate does.
func (l *linter) legacy(d *doc, ops []*operation, schemes map[string]*scheme) {
	auth := model.AuthorizerKind(l.opts.Authorizer)
	if l.opts.LegacyAuthorizer != "" {
		auth = model.AuthorizerKind(l.opts.LegacyAuthorizer)
	}
	if auth == "" {
		auth = model.AuthCognito
	}
	var gwAccess model.GatewayAccess
	if auth == model.AuthNone {
		gwAccess = model.GatewayAccess(l.opts.GatewayAccess)
	}
	kind := model.REST
	if l.opts.API == "http" {
		kind = model.HTTP
	}
	for _, op := range ops {
		what := l.sentElsewhere(op)
		if what == "" {
			continue
		}
		reqs := get(op.node, "security")
		if reqs == nil {
			reqs = get(d.root, "security")
		}
		acc := access(reqs, schemes)
		if msg, hint := acc.LegacyFault(kind, auth, gwAccess, l.opts.SharedPool); msg != "" {
			l.add(op.file, op.key, "legacy-unchecked", hint, "%s %s: %s %s", op.method, op.path, what, msg)
		}
	}
}

// access is what security requirements reqs mean, as model.Access: a
// scheme the spec does not declare asks for a token (secure by default).
func access(reqs *yaml.Node, schemes map[string]*scheme) model.Access {
	if reqs == nil || reqs.Kind != yaml.SequenceNode {
		return model.Access{Undeclared: true, Alternatives: []model.AccessAlt{{Token: true}}}
	}
	if len(reqs.Content) == 0 {
		return model.Access{Anonymous: true}
	}
	var acc model.Access
	for _, req := range reqs.Content {
		if req.Kind != yaml.MappingNode || len(req.Content) == 0 {
			return model.Access{Anonymous: true}
		}
		var alt model.AccessAlt
		pairs(req, func(k, v *yaml.Node) {
			alt.Schemes = append(alt.Schemes, k.Value)
			sc := schemes[k.Value]
			def := &model.SecurityScheme{Token: sc == nil}
			if sc != nil {
				def = &model.SecurityScheme{Type: sc.typ, In: sc.in, HTTPScheme: sc.http, Token: sc.token()}
			}
			switch def.Kind() {
			case model.KindToken:
				alt.Token = true
				if v.Kind == yaml.SequenceNode {
					for _, s := range v.Content {
						if !contains(alt.Scopes, s.Value) {
							alt.Scopes = append(alt.Scopes, s.Value)
						}
					}
				}
			case model.KindMutualTLS:
				alt.MutualTLS = true
			default:
				alt.Credentials = append(alt.Credentials, model.Credential{Scheme: k.Value})
			}
		})
		acc.Alternatives = append(acc.Alternatives, alt)
	}
	return acc
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
