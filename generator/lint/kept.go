package lint

import (
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
