package platform

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/cognito"
	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// OutDir is the directory, beside platform.yaml, that generate writes the
// shared stacks into. Every file in it is generated.
const OutDir = "platform"

// The files of OutDir.
const (
	IdentityFile = "identity.yaml"
	DomainFile   = "domain.yaml"
	RoutesFile   = "routes.json"
	ReadmeFile   = "README.md"
)

// ParamCertificateARN is domain.yaml's parameter holding the ACM certificate of the domain.
const ParamCertificateARN = "CertificateArn"

// Built is one service of the platform, generated: what the shared stacks
// are made from.
type Built struct {
	Name   string
	API    *model.API
	Deploy *model.Deploy
}

// File is one file of OutDir.
type File struct {
	Name string // in OutDir
	Data []byte
}

// ClientScopes returns each client's full Cognito scope names, sorted.
func (p *Platform) ClientScopes(services map[string]*Built) map[string][]string {
	out := map[string][]string{}
	for _, name := range p.ClientNames() {
		var all []string
		for svc, scopes := range p.Clients[name].Scopes {
			b := services[svc]
			if b == nil {
				continue
			}
			for _, s := range scopes {
				all = append(all, model.CognitoScope(b.API.ResourceServer, s))
			}
		}
		out[name] = uniqueSorted(all)
	}
	return out
}

// Check reports what is wrong across the services: a client scope that the
// service's spec does not declare. Each problem names its place in
// platform.yaml.
func (p *Platform) Check(services map[string]*Built) error {
	var problems []Problem
	for _, name := range p.ClientNames() {
		c := p.Clients[name]
		for _, svc := range sortedKeys(c.Scopes) {
			b := services[svc]
			if b == nil {
				continue
			}
			declared := map[string]bool{}
			if b.Deploy.Cognito != nil {
				for _, s := range b.Deploy.Cognito.AllScopes() {
					declared[s] = true
				}
			}
			for i, s := range c.Scopes[svc] {
				full := model.CognitoScope(b.API.ResourceServer, s)
				at := fmt.Sprintf("clients.%s.scopes.%s.%d", name, svc, i)
				switch {
				case !declared[full]:
					problems = append(problems, p.problemAt(at,
						"client %s: scope %q is not a scope of service %s's spec (it declares: %s)", name, s, svc, strings.Join(specScopes(b), ", ")))
				case c.Type == ClientMachine && !b.API.MachineMayHold(full):
					problems = append(problems, p.problemAt(at,
						"client %s is a machine client (client credentials), but service %s's spec offers scope %q only to people (no clientCredentials flow declares it); "+
							"drop the scope, make the client public, or declare the scope under the scheme's clientCredentials flow", name, svc, s))
				case c.Type == ClientPublic && !b.API.PeopleMayHold(full):
					problems = append(problems, p.problemAt(at,
						"client %s is a public client (people sign in with it), but service %s's spec offers scope %q only to machines (only a clientCredentials flow declares it), so every user could use it; "+
							"drop the scope, give it to a machine client, or declare the scope under a flow for people (authorizationCode) too", name, svc, s))
				}
			}
		}
	}
	problems = append(problems, p.checkBackends(services)...)
	problems = append(problems, p.checkCalls(services)...)
	problems = append(problems, p.checkAudiences(services)...)
	problems = append(problems, p.checkCallOperations(services)...)
	problems = append(problems, p.ErrorFormatProblems(services)...)
	poolErrs, _ := p.PoolProblems(services)
	problems = append(problems, poolErrs...)
	if p.GatewayAccess == string(model.AccessPrivate) {
		for _, name := range p.ServiceNames() {
			if b := services[name]; b != nil && b.API.Kind == model.HTTP {
				problems = append(problems, p.problemAt("gatewayAccess",
					"gatewayAccess private: service %s is an HTTP API, which cannot be private; make it a REST API (api: rest in its specgate.yaml), or use gatewayAccess iam or token", name))
			}
		}
	}
	if len(problems) > 0 {
		return &Error{problems}
	}
	return nil
}

// checkBackends refuses, in a platform, a legacy backend on a private host
// that API Gateway would be sent to over the internet: it cannot reach it,
// so the service needs a VPC link (its specgate.yaml legacy.connections).
func (p *Platform) checkBackends(services map[string]*Built) []Problem {
	var problems []Problem
	for _, name := range p.ServiceNames() {
		b := services[name]
		if b == nil {
			continue
		}
		for _, be := range b.Deploy.Legacy {
			u, err := url.Parse(be.BaseURL)
			if err != nil || be.VPCLink != nil || !model.PrivateHost(u.Host) {
				continue
			}
			problems = append(problems, Problem{File: filepath.Join(p.ServiceDir(name), config.FileName),
				Msg: fmt.Sprintf("service %s: legacy backend %s is private and API Gateway cannot reach it over the internet; add legacy: {connections: {%s: vpc-link}} (the VPC link's ID becomes parameter %s) or give it a public baseURL",
					name, be.BaseURL, be.Host, strings.TrimSuffix(be.Param, "URL")+"VpcLinkId")})
		}
	}
	return problems
}

// specScopes lists a service's scopes as its spec names them.
func specScopes(b *Built) []string {
	if b.Deploy.Cognito == nil {
		return []string{"none"}
	}
	var out []string
	for _, s := range b.Deploy.Cognito.AllScopes() {
		out = append(out, strings.TrimPrefix(s, b.API.ResourceServer+"/"))
	}
	return out
}

func uniqueSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Emit writes the shared stacks, the route table and the README of the
// platform. Check must have passed.
func (p *Platform) Emit(services map[string]*Built) ([]File, error) {
	identity, err := p.identity(services)
	if err != nil {
		return nil, err
	}
	var domain []byte
	if p.GatewayAccess != string(model.AccessPrivate) {
		// Private APIs are reached through the gateway's VPC endpoint, not
		// mapped on a public custom domain.
		if domain, err = p.domain(services); err != nil {
			return nil, err
		}
	}
	routes := p.Routes(services)
	rj, err := json.MarshalIndent(RouteTable{Schema: RoutesSchemaURL, Platform: p.Name, Domain: p.Domain, Routes: routes}, "", "  ")
	if err != nil {
		return nil, err
	}
	files := []File{{IdentityFile, identity}}
	if domain != nil {
		files = append(files, File{DomainFile, domain})
	}
	return append(files, File{RoutesFile, append(rj, '\n')}, File{ReadmeFile, p.readme(services, routes)}), nil
}

// ClientLogicalID is a platform client's CloudFormation logical ID: "web"
// becomes "WebClient", the name under which service stacks import its ID.
func ClientLogicalID(name string) string { return model.GoName(name+" client", "Client") }

// identity is platform/identity.yaml: the services' resource servers and the
// platform's clients in one pool, built by the Cognito emitter (one
// definition of a pool, a resource server and a client), with each public
// client's own URLs and openid.
func (p *Platform) identity(services map[string]*Built) ([]byte, error) {
	c := &model.Cognito{ResourceServer: p.Name}
	for _, name := range p.ServiceNames() {
		b := services[name]
		if b == nil || b.Deploy.Cognito == nil {
			continue
		}
		for _, rs := range b.Deploy.Cognito.ResourceServers {
			cp := *rs
			cp.LogicalID = model.GoName("resource server "+rs.Identifier, "ResourceServer")
			c.ResourceServers = append(c.ResourceServers, &cp)
		}
	}
	sort.Slice(c.ResourceServers, func(i, j int) bool { return c.ResourceServers[i].Identifier < c.ResourceServers[j].Identifier })
	scopes := p.ClientScopes(services)
	for _, name := range p.ClientNames() {
		cl := &model.AppClient{LogicalID: ClientLogicalID(name), Service: p.Clients[name].Type == ClientMachine, Scopes: scopes[name]}
		if !cl.Service {
			cl.Scopes = uniqueSorted(append(cl.Scopes, "openid"))
		}
		c.Clients = append(c.Clients, cl)
	}
	callerScopes := p.CallerScopes(services)
	var callers []string
	for _, name := range p.ServiceNames() {
		if len(callerScopes[name]) > 0 {
			callers = append(callers, name)
			c.Clients = append(c.Clients, &model.AppClient{LogicalID: CallerLogicalID(name), Service: true, Scopes: callerScopes[name]})
		}
	}
	pool := ""
	if p.Identity.UserPool != "new" {
		pool = p.Identity.UserPool
	}
	api := &model.API{Name: p.Name, SpecFile: FileName}
	stack := cognito.Stack(api, &model.Deploy{Cognito: c, UserPoolARN: pool})
	stack.Set("Description", "Identity of platform "+p.Name+": one user pool, a resource server per service, an app client per declared client (generated by specgate from "+FileName+")")
	params, _ := stack.Get("Parameters")
	params.(*yamldoc.Map).Delete(cognito.ParamCallbackURLs)
	params.(*yamldoc.Map).Delete(cognito.ParamLogoutURLs)
	res, _ := stack.Get("Resources")
	for _, name := range p.ClientNames() {
		cl := p.Clients[name]
		r, _ := res.(*yamldoc.Map).Get(ClientLogicalID(name))
		props, _ := r.(*yamldoc.Map).Get("Properties")
		pm := props.(*yamldoc.Map)
		pm.Set("ClientName", yamldoc.Sub("${AWS::StackName}-"+name))
		if cl.Type == ClientPublic {
			pm.Set("AllowedOAuthFlows", []any{"code"}) // PKCE: a public client has no secret
			pm.Set("CallbackURLs", append([]string(nil), cl.CallbackURLs...))
			if len(cl.LogoutURLs) > 0 {
				pm.Set("LogoutURLs", append([]string(nil), cl.LogoutURLs...))
			} else {
				pm.Delete("LogoutURLs")
			}
		}
	}
	// Each calling service's machine client, and its secret in Secrets
	// Manager: CloudFormation reads the generated secret (GetAtt
	// ClientSecret) into the secret, so it appears in no template, output
	// or environment; the caller's function gets the secret's ARN.
	outs, _ := stack.Get("Outputs")
	for _, name := range callers {
		id := CallerLogicalID(name)
		r, _ := res.(*yamldoc.Map).Get(id)
		props, _ := r.(*yamldoc.Map).Get("Properties")
		props.(*yamldoc.Map).Set("ClientName", yamldoc.Sub("${AWS::StackName}-"+CallerClientName(name)))
		res.(*yamldoc.Map).Set(CallerSecretID(name), yamldoc.NewMap("Type", "AWS::SecretsManager::Secret", "Properties", yamldoc.NewMap(
			"Description", yamldoc.Sub("Client credentials of service "+name+" (platform "+p.Name+") for calling "+strings.Join(sortedUnique(p.Services[name].Calls), ", ")+": app client ${"+id+"}."),
			"SecretString", yamldoc.Sub(`{"client_id":"${`+id+`}","client_secret":"${`+id+`.ClientSecret}"}`),
		)))
		outs.(*yamldoc.Map).Set(CallerSecretID(name)+"Arn", yamldoc.NewMap("Description", "Secret holding service "+name+"'s client_id and client_secret.",
			"Value", yamldoc.Ref(CallerSecretID(name)),
			"Export", yamldoc.NewMap("Name", yamldoc.Sub("${AWS::StackName}-"+CallerSecretID(name)+"Arn"))))
	}
	// The issuer, for functions that verify tokens themselves (gateway: existing).
	issuer := any(yamldoc.Sub("https://cognito-idp.${AWS::Region}.amazonaws.com/${" + cognito.PoolID + "}"))
	if pool != "" {
		issuer = model.UserPoolIssuer(pool)
	}
	outs.(*yamldoc.Map).Set("Issuer", yamldoc.NewMap("Description", "Issuer of the pool's tokens (the services' TokenIssuer).", "Value", issuer,
		"Export", yamldoc.NewMap("Name", yamldoc.Sub("${AWS::StackName}-Issuer"))))
	header := []string{apigw.Header, "",
		"The identity of platform " + p.Name + ", from " + FileName + ". Deploy it first, as stack " + p.IdentityStack() + ":",
		"  aws cloudformation deploy --template-file platform/" + IdentityFile + " --stack-name " + p.IdentityStack(),
		"Every service stack imports its exports (CognitoStackName=" + p.IdentityStack() + ").",
	}
	return yamldoc.Encode(header, stack)
}

// ServiceParam is domain.yaml's parameter holding a service's API ID.
func ServiceParam(service string) string { return model.GoName(service+" api id", "ApiId") }

// domain is platform/domain.yaml: the custom domain and one API mapping per
// service at its base path. API Gateway's V2 domain interface maps REST and
// HTTP APIs alike.
func (p *Platform) domain(services map[string]*Built) ([]byte, error) {
	params := yamldoc.NewMap(ParamCertificateARN, yamldoc.NewMap("Type", "String",
		"AllowedPattern", "^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+$",
		"Description", "ACM certificate of "+p.Domain+", in the region of the APIs."))
	res := yamldoc.NewMap("Domain", yamldoc.NewMap("Type", "AWS::ApiGatewayV2::DomainName", "Properties", yamldoc.NewMap(
		"DomainName", p.Domain,
		"DomainNameConfigurations", []any{yamldoc.NewMap(
			"CertificateArn", yamldoc.Ref(ParamCertificateARN),
			"EndpointType", "REGIONAL",
			"SecurityPolicy", "TLS_1_2",
		)},
	)))
	for _, name := range p.ServiceNames() {
		b := services[name]
		stage := config.DefaultStage
		if b != nil && b.Deploy.Stage != "" {
			stage = b.Deploy.Stage
		}
		params.Set(ServiceParam(name), yamldoc.NewMap("Type", "String", "AllowedPattern", "^[a-z0-9]+$",
			"Description", "ID of service "+name+"'s API (output ApiId of stack "+p.ServiceStack(name)+")."))
		res.Set(model.GoName(name+" mapping", "Mapping"), yamldoc.NewMap("Type", "AWS::ApiGatewayV2::ApiMapping", "Properties", yamldoc.NewMap(
			"DomainName", yamldoc.Ref("Domain"),
			"ApiId", yamldoc.Ref(ServiceParam(name)),
			"Stage", stage,
			"ApiMappingKey", p.Services[name].BasePath,
		)))
	}
	t := yamldoc.NewMap(
		"AWSTemplateFormatVersion", "2010-09-09",
		"Description", "Custom domain "+p.Domain+" of platform "+p.Name+", one mapping per service (generated by specgate from "+FileName+")",
		"Parameters", params,
		"Resources", res,
		"Outputs", yamldoc.NewMap(
			"RegionalDomainName", yamldoc.NewMap("Description", "Point the DNS record of "+p.Domain+" here (alias or CNAME).",
				"Value", yamldoc.GetAtt("Domain", "RegionalDomainName")),
			"RegionalHostedZoneId", yamldoc.NewMap("Description", "Hosted zone of the regional domain name, for a Route 53 alias.",
				"Value", yamldoc.GetAtt("Domain", "RegionalHostedZoneId")),
		),
	)
	header := []string{apigw.Header, "",
		"The custom domain of platform " + p.Name + ", from " + FileName + ". Deploy it last, after every service, as stack " + p.DomainStack() + "."}
	return yamldoc.Encode(header, t)
}

// AppClients are the platform's declared clients as a service's template
// sees them (see generator.SharedIdentity): their logical IDs and flows.
// A service's template gets ServiceClients, those that may call it.
func (p *Platform) AppClients() []model.AppClient {
	var out []model.AppClient
	for _, name := range p.ClientNames() {
		out = append(out, model.AppClient{LogicalID: ClientLogicalID(name), Service: p.Clients[name].Type == ClientMachine})
	}
	return out
}
