package platform

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

// Call is one entry of services.<name>.calls written as a mapping: the
// called service and the operations (operationIds) this one calls, so its
// machine client gets the scopes of those operations only. An entry
// written as the service's name alone calls all of its operations.
type Call struct {
	Service    string   `yaml:"service"`
	Operations []string `yaml:"operations"`
	mapping    bool     // written as a mapping, which must name operations
}

// UnmarshalYAML reads a service's name or {service, operations}.
func (c *Call) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Service = n.Value
		return nil
	}
	type plain Call
	if err := n.Decode((*plain)(c)); err != nil {
		return err
	}
	c.mapping = true
	return nil
}

// readCalls fills s.Calls and s.CallOperations from s.RawCalls, and
// reports a mapping entry without a service or without operations.
func (v *validator) readCalls(name string, s *Service) {
	s.Calls, s.CallOperations = nil, nil
	for i, c := range s.RawCalls {
		key := fmt.Sprintf("services.%s.calls.%d", name, i)
		if c.mapping && c.Service == "" {
			v.at(key, "service %s: a calls entry written as a mapping needs service: NAME (and operations: [operationId, ...])", name)
		}
		if c.mapping && len(c.Operations) == 0 {
			v.at(key, "service %s: calls entry %s names no operations; list the operationIds it calls, or write %q alone to call all of them", name, c.Service, c.Service)
		}
		s.Calls = append(s.Calls, c.Service)
		if c.mapping && len(c.Operations) > 0 {
			if s.CallOperations == nil {
				s.CallOperations = map[string][]string{}
			}
			s.CallOperations[c.Service] = append(s.CallOperations[c.Service], c.Operations...)
		}
	}
}

// callsOperation reports whether s calls operation id of service callee.
func (s *Service) callsOperation(callee, id string) bool {
	ops, named := s.CallOperations[callee]
	return !named || contains(ops, id)
}

// checkCallOperations refuses a calls entry naming an operation its
// service's spec does not have, or one no machine client can call, at the
// operation's place in the file.
func (p *Platform) checkCallOperations(services map[string]*Built) []Problem {
	var problems []Problem
	for _, name := range p.ServiceNames() {
		for i, c := range p.Services[name].RawCalls {
			b := services[c.Service]
			if b == nil {
				continue
			}
			ids := map[string]*model.Operation{}
			var list []string
			for _, op := range b.API.Operations {
				if op.ID != "" {
					ids[op.ID] = op
					list = append(list, op.ID)
				}
			}
			for j, op := range c.Operations {
				at := fmt.Sprintf("services.%s.calls.%d.operations.%d", name, i, j)
				if ids[op] == nil {
					problems = append(problems, p.problemAt(at,
						"service %s calls operation %q of service %s, whose spec has no such operationId (it has: %s)", name, op, c.Service, strings.Join(list, ", ")))
				} else if machineCannotCall(b.API, ids[op]) {
					problems = append(problems, p.problemAt(at,
						"service %s calls operation %q of service %s, which its machine client (client credentials) cannot call: every alternative of its security needs a credential other than a token, or a scope the spec offers only to people (no clientCredentials flow declares it); "+
							"declare the scope under the scheme's clientCredentials flow too, or drop the operation from calls", name, op, c.Service))
				}
			}
		}
	}
	return problems
}
