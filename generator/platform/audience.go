package platform

import (
	"sort"

	"github.com/specgate/specgate/generator/model"
)

// ServiceClients are the clients that may call service, as its template
// sees them (logical IDs and flows), sorted by logical ID: the declared
// clients whose scopes name the service, and the machine clients of the
// services whose calls list it. They are its HTTP API JWT authorizer's
// audience (Cognito access tokens carry client_id, no aud, and API Gateway
// matches client_id against the audience) and the client IDs its function
// accepts when it verifies tokens itself; no other client's token passes.
func (p *Platform) ServiceClients(service string) []model.AppClient {
	var out []model.AppClient
	for _, c := range p.serviceClients(service) {
		out = append(out, c.app)
	}
	return out
}

// ServiceDevClientIDs are the client_id values of the dev tokens (Token)
// of the same clients as ServiceClients, in its order: a declared
// client's name, a caller's CallerClientName. platform serve gives them
// to the service's local server as its audience, so that locally too
// only the clients that may call the service get in.
func (p *Platform) ServiceDevClientIDs(service string) []string {
	var out []string
	for _, c := range p.serviceClients(service) {
		out = append(out, c.dev)
	}
	return out
}

// serviceClient is a client that may call a service: as its template sees
// it, and as platform token names it.
type serviceClient struct {
	app model.AppClient
	dev string
}

// serviceClients decides once which clients may call service, sorted by
// logical ID (ServiceClients, ServiceDevClientIDs).
func (p *Platform) serviceClients(service string) []serviceClient {
	var out []serviceClient
	for _, name := range p.ClientNames() {
		if _, ok := p.Clients[name].Scopes[service]; ok {
			out = append(out, serviceClient{model.AppClient{LogicalID: ClientLogicalID(name), Service: p.Clients[name].Type == ClientMachine}, name})
		}
	}
	for _, name := range p.ServiceNames() {
		if contains(p.Services[name].Calls, service) {
			out = append(out, serviceClient{model.AppClient{LogicalID: CallerLogicalID(name), Service: true}, CallerClientName(name)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].app.LogicalID < out[j].app.LogicalID })
	return out
}

// checkAudiences refuses a service with operations that need a token but
// no client that may call it: its authorizer would have no audience, and
// no token of the platform would pass.
func (p *Platform) checkAudiences(services map[string]*Built) []Problem {
	var problems []Problem
	for _, name := range p.ServiceNames() {
		b := services[name]
		if b == nil || len(p.ServiceClients(name)) > 0 {
			continue
		}
		for _, op := range b.API.Operations {
			if needsToken(op.Access) {
				problems = append(problems, p.problemAt("services."+name,
					"service %s has operations that need a token (%s %s), but no client may call it; give a client scopes on it (clients.NAME.scopes.%s) or list it in a service's calls",
					name, op.Method, op.Path, name))
				break
			}
		}
	}
	return problems
}

// needsToken reports whether some alternative of a needs a token.
func needsToken(a model.Access) bool {
	for _, alt := range a.Alternatives {
		if alt.Token && !a.Anonymous {
			return true
		}
	}
	return false
}
