package platform

import (
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// CallerLogicalID is the logical ID of the machine client a service that
// calls others gets in the identity stack: "orders" has "OrdersCallerClient".
func CallerLogicalID(service string) string {
	return model.GoName(service+" caller client", "CallerClient")
}

// CallerClientName is the name of the machine client of a service that
// calls others ("orders-caller"): its app client's name after the identity
// stack's, and the client_id of the dev tokens platform token mints for it.
func CallerClientName(service string) string { return service + "-caller" }

// CallerSecretID is the logical ID of the Secrets Manager secret holding a
// caller's client ID and secret.
func CallerSecretID(service string) string {
	return model.GoName(service+" caller secret", "CallerSecret")
}

// validateCalls checks services.<name>.calls: each names another service
// of the platform, once; the caller's client does not take the logical ID
// of a declared client.
func (v *validator) validateCalls() {
	p := v.p
	declared := map[string]string{}
	for _, name := range sortedKeys(p.Clients) {
		declared[ClientLogicalID(name)] = name
	}
	for _, name := range sortedKeys(p.Services) {
		s := p.Services[name]
		if s == nil || len(s.RawCalls) == 0 {
			continue
		}
		v.readCalls(name, s)
		if c := declared[CallerLogicalID(name)]; c != "" {
			v.at("clients."+c, "client %s takes the name of service %s's caller client (%s); rename the client", c, name, CallerLogicalID(name))
		}
		seen := map[string]bool{}
		for i, callee := range s.Calls {
			key := fmt.Sprintf("services.%s.calls.%d", name, i)
			switch {
			case callee == name:
				v.at(key, "service %s calls itself; list only other services", name)
			case p.Services[callee] == nil:
				v.at(key, "service %s calls %q, which is not a service of this platform (services: %s)", name, callee, strings.Join(sortedKeys(p.Services), ", "))
			case seen[callee]:
				v.at(key, "service %s lists %s twice in calls", name, callee)
			}
			seen[callee] = true
		}
	}
}

// Calls is what service name's deploy files need to call the services it
// lists (nil when it calls none): its machine client and their URLs.
func (p *Platform) Calls(name string) *model.Calls {
	s := p.Services[name]
	if s == nil || len(s.Calls) == 0 {
		return nil
	}
	c := &model.Calls{ClientLogicalID: CallerLogicalID(name), SecretExport: CallerSecretID(name) + "Arn"}
	for _, callee := range sortedUnique(s.Calls) {
		if cs := p.Services[callee]; cs != nil {
			c.Services = append(c.Services, model.CalledService{Name: callee, URL: "https://" + p.Domain + "/" + cs.BasePath})
		}
	}
	return c
}

// CallerScopes returns, for each service that calls others, exactly the
// scopes its machine client needs: for every operation it calls (those
// calls names, or all of a service named alone), the scopes of one alternative a client-credentials token can
// satisfy (the one with the fewest scopes), all of them together. Public
// operations need none; operations only a non-token credential or a scope
// for people only opens are left out (the client could not call them
// anyway; checkCallOperations refuses naming one in calls).
func (p *Platform) CallerScopes(services map[string]*Built) map[string][]string {
	out := map[string][]string{}
	for _, name := range p.ServiceNames() {
		s := p.Services[name]
		if len(s.Calls) == 0 {
			continue
		}
		var all []string
		for _, callee := range s.Calls {
			b := services[callee]
			if b == nil {
				continue
			}
			for _, op := range b.API.Operations {
				if s.callsOperation(callee, op.ID) {
					all = append(all, leastScopes(b.API, op.Access)...)
				}
			}
		}
		out[name] = uniqueSorted(all)
	}
	return out
}

// leastScopes is the scopes of the alternative of a (an operation of api)
// with the fewest scopes (the first of those) among those a machine
// client's token can satisfy (model.API.MachineSatisfies: a token alone,
// and no scope the spec reserves for people), or none.
func leastScopes(api *model.API, a model.Access) []string {
	if a.Anonymous {
		return nil
	}
	var best []string
	found := false
	for _, alt := range a.Alternatives {
		if !api.MachineSatisfies(alt) {
			continue
		}
		if !found || len(alt.Scopes) < len(best) {
			best, found = alt.Scopes, true
		}
	}
	return best
}

// machineCannotCall reports whether no machine client can call op of api:
// it is not public and no alternative of its security is one a machine
// client's token satisfies.
func machineCannotCall(api *model.API, op *model.Operation) bool {
	if op.Access.Anonymous {
		return false
	}
	for _, alt := range op.Access.Alternatives {
		if api.MachineSatisfies(alt) {
			return false
		}
	}
	return true
}

// checkCalls refuses a caller whose called services need no scope at all:
// Cognito gives a client-credentials client at least one scope.
func (p *Platform) checkCalls(services map[string]*Built) []Problem {
	var problems []Problem
	scopes := p.CallerScopes(services)
	for _, name := range p.ServiceNames() {
		if len(p.Services[name].Calls) > 0 && len(scopes[name]) == 0 {
			problems = append(problems, p.problemAt("services."+name+".calls",
				"service %s calls %s, whose operations need no scope (public, or any token); a client-credentials client needs at least one: drop calls, or give the operations scopes",
				name, strings.Join(p.Services[name].Calls, ", ")))
		}
	}
	return problems
}

func sortedUnique(s []string) []string { return uniqueSorted(append([]string(nil), s...)) }
