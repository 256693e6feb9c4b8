package spec

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgate/specgate/generator/model"
)

// DeployOptions are the deploy settings a spec does not say.
type DeployOptions struct {
	Authorizer      model.AuthorizerKind // "" means cognito
	UserPoolARN     string
	ResourceServer  string // "" means the service name
	Stage           string // "" means "prod"
	CORSOrigins     []string
	LegacyBaseURLs  map[string]string // base URL overrides, keyed by a legacy URI's host (or scheme://host)
	AllowHTTPLegacy bool
	// LegacyConnections are the backends API Gateway reaches through a VPC
	// link ("vpc-link") rather than the internet ("internet", the
	// default), keyed as LegacyBaseURLs are.
	LegacyConnections map[string]string
	// GatewayAccess is how an existing gateway in front reaches an API
	// without an authorizer (platform.yaml gatewayAccess); "" is
	// model.AccessToken, a public API.
	GatewayAccess model.GatewayAccess
	// GuardAuthorizer, when set, is the authorizer the API really has,
	// against which legacy operations are judged (model.Access.LegacyFault)
	// when Authorizer is another: generator.Identity builds the Cognito side
	// of a service without an authorizer as a Cognito authorizer would, yet
	// must refuse and accept exactly what generate does.
	GuardAuthorizer model.AuthorizerKind
	// SharedPool is set in a platform, whose user pool holds clients that
	// may not call the service (an existing pool, UserPoolARN, holds other
	// apps' clients too): model.Access.LegacyFault's sharedPool.
	SharedPool bool
}

// ConnectionVPCLink is a LegacyConnections value: the backend is private,
// behind a VPC link.
const ConnectionVPCLink = "vpc-link"

// AmazonExtensionPrefix starts the API Gateway extensions kept from a spec.
const AmazonExtensionPrefix = "x-amazon-apigateway-"

var uriParamRE = regexp.MustCompile(`\{([^{}]+)\}`)

// MaxScopesPerResourceServer is Cognito's limit on custom scopes per resource server.
const MaxScopesPerResourceServer = 100

// Deploy gathers what the deploy emitters need. Call it after ToModel and
// after every change to the operations' integrations. Problems with the
// spec (scope names Cognito refuses, legacy URIs) come back together as an
// *Error; a bad option is a plain error.
func Deploy(doc *Document, api *model.API, ts *TypesSource, opts DeployOptions) (*model.Deploy, error) {
	d := &model.Deploy{
		Authorizer: opts.Authorizer, UserPoolARN: opts.UserPoolARN, Stage: opts.Stage,
		CORSOrigins: append([]string(nil), opts.CORSOrigins...),
		SchemaJSON:  map[*model.Schema]any{}, Ops: map[*model.Operation]*model.OperationDeploy{},
		OpenAPI: doc.T.OpenAPI,
	}
	if err := checkDeployOptions(api, d, opts); err != nil {
		return nil, err
	}
	if d.Authorizer == model.AuthNone {
		d.GatewayAccess = opts.GatewayAccess
	}
	for s, v := range ts.raw {
		d.SchemaJSON[s] = v
	}
	db := &deployBuilder{doc: doc, api: api, d: d, opts: opts}
	db.readSchemes()
	d.Extensions = amazonExtensions(doc.T.Extensions)
	for _, op := range api.Operations {
		db.operation(op)
	}
	db.warnUnchecked()
	if d.AuthorizerName == "" && db.anyToken() {
		// Secure by default: operations that declare no security still
		// need a token, so there is an authorizer even without a scheme.
		d.AuthorizerName = "cognito"
		for i := 2; db.schemes[d.AuthorizerName] != nil; i++ {
			d.AuthorizerName = fmt.Sprintf("cognito%d", i)
		}
	}
	if err := db.nameBackends(); err != nil {
		return nil, err
	}
	db.cognito()
	if len(db.problems) > 0 {
		sort.SliceStable(db.problems, func(i, j int) bool { return posLess(db.problems[i].Pos, db.problems[j].Pos) })
		return nil, &Error{Problems: db.problems}
	}
	return d, nil
}

func checkDeployOptions(api *model.API, d *model.Deploy, opts DeployOptions) error {
	if d.Authorizer == "" {
		d.Authorizer = model.AuthCognito
	}
	switch d.Authorizer {
	case model.AuthCognito, model.AuthNone:
	case model.AuthJWT:
		if api.Kind != model.HTTP {
			return fmt.Errorf("authorizer jwt needs an HTTP API (--api http): REST APIs have no JWT authorizer; use cognito")
		}
	default:
		return fmt.Errorf("authorizer must be cognito, jwt or none, not %q", d.Authorizer)
	}
	if d.UserPoolARN != "" {
		if _, _, ok := model.ParseUserPoolARN(d.UserPoolARN); !ok {
			return fmt.Errorf("user pool ARN %q is not a Cognito user pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/REGION_ID)", d.UserPoolARN)
		}
	}
	if d.Stage == "" {
		d.Stage = "prod"
	}
	if !model.ValidStage(d.Stage) {
		return fmt.Errorf("stage %q: API Gateway stage names are 1 to 128 letters, digits and underscores", d.Stage)
	}
	for _, o := range d.CORSOrigins {
		if o == "*" {
			continue
		}
		if !model.ValidOrigin(o) {
			return fmt.Errorf("CORS origin %q %s", o, model.OriginRule)
		}
	}
	rs := api.ResourceServer
	if opts.ResourceServer != "" && opts.ResourceServer != rs {
		return fmt.Errorf("resource server %q: the model was built for %q (pass the same to spec.Options)", opts.ResourceServer, rs)
	}
	if !model.ValidConfiguredResourceServer(rs) {
		return fmt.Errorf("resource server identifier %q: Cognito accepts 1 to 256 printable ASCII characters except space, \" and \\, not ending in /", rs)
	}
	return nil
}

type deployBuilder struct {
	doc      *Document
	api      *model.API
	d        *model.Deploy
	opts     DeployOptions
	problems []Problem

	token      map[string]bool // token schemes by name
	schemes    map[string]*openapi3.SecurityScheme
	used       map[string]model.Position // spec scope -> first use
	declared   map[string]string         // spec scope -> description
	declPos    map[string]model.Position
	user       map[string]bool // spec scopes a first-party client may request
	service    map[string]bool // spec scopes the client_credentials client may request
	userFlow   bool
	backends   map[string]*model.LegacyBackend // by base URL in the spec
	backendPos map[*model.LegacyBackend]model.Position
	unchecked  map[string][]*model.Operation // operations the gateway cannot check, by reason
	undeclared []*model.Operation            // operations that declare no security
}

func (b *deployBuilder) errorf(pos model.Position, hint, format string, args ...any) {
	b.problems = append(b.problems, problemf(pos, hint, format, args...))
}

func (b *deployBuilder) warnf(pos model.Position, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p := pos.String(); p != "" {
		msg = p + ": " + msg
	}
	b.api.Warnings = append(b.api.Warnings, msg)
}

func (b *deployBuilder) pos(o *openapi3.Origin) model.Position {
	return (&builder{doc: b.doc}).pos(o)
}

// isTokenScheme reports whether API Gateway's Cognito or JWT authorizer can
// check what the scheme asks for: an OAuth 2.0 or OpenID Connect token, a
// bearer token, or a scheme already written for a Cognito authorizer.
func isTokenScheme(s *openapi3.SecurityScheme) bool {
	switch strings.ToLower(s.Type) {
	case "oauth2", "openidconnect":
		return true
	case "http":
		return strings.EqualFold(s.Scheme, "bearer")
	case "apikey":
		v, _ := s.Extensions[AmazonExtensionPrefix+"authtype"].(string)
		return strings.EqualFold(v, "cognito_user_pools")
	}
	return false
}

func (b *deployBuilder) readSchemes() {
	b.token, b.schemes = map[string]bool{}, map[string]*openapi3.SecurityScheme{}
	b.used, b.declared, b.declPos = map[string]model.Position{}, map[string]string{}, map[string]model.Position{}
	b.user, b.service = map[string]bool{}, map[string]bool{}
	b.backends = map[string]*model.LegacyBackend{}
	b.backendPos = map[*model.LegacyBackend]model.Position{}
	b.unchecked = map[string][]*model.Operation{}
	if b.doc.T.Components == nil {
		return
	}
	names := make([]string, 0, len(b.doc.T.Components.SecuritySchemes))
	for name, ref := range b.doc.T.Components.SecuritySchemes {
		if ref != nil && ref.Value != nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		s := b.doc.T.Components.SecuritySchemes[name].Value
		b.schemes[name] = s
		if !isTokenScheme(s) {
			continue
		}
		b.token[name] = true
		if b.d.AuthorizerName == "" {
			b.d.AuthorizerName = name
		}
		if s.Flows == nil {
			continue
		}
		for _, f := range []struct {
			flow    *openapi3.OAuthFlow
			service bool
		}{{s.Flows.AuthorizationCode, false}, {s.Flows.ClientCredentials, true}, {s.Flows.Implicit, false}, {s.Flows.Password, false}} {
			if f.flow == nil {
				continue
			}
			if !f.service {
				b.userFlow = true
			}
			scopes := make([]string, 0, len(f.flow.Scopes))
			for sc := range f.flow.Scopes {
				scopes = append(scopes, sc)
			}
			sort.Strings(scopes)
			for _, sc := range scopes {
				if _, ok := b.declared[sc]; !ok || b.declared[sc] == "" {
					b.declared[sc] = f.flow.Scopes[sc]
				}
				if _, ok := b.declPos[sc]; !ok {
					b.declPos[sc] = b.pos(s.Origin)
				}
				if f.service {
					b.service[sc] = true
				} else {
					b.user[sc] = true
				}
			}
		}
	}
}

// amazonExtensions returns the x-amazon-apigateway-* extensions, sorted.
func amazonExtensions(ext map[string]any) []model.Extension {
	var out []model.Extension
	for k, v := range ext {
		if strings.HasPrefix(k, AmazonExtensionPrefix) {
			out = append(out, model.Extension{Name: k, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (b *deployBuilder) operation(op *model.Operation) {
	od := &model.OperationDeploy{}
	b.d.Ops[op] = od
	if item := b.doc.T.Paths.Value(op.Path); item != nil {
		if kop := item.GetOperation(op.Method); kop != nil {
			od.Extensions = amazonExtensions(kop.Extensions)
		}
	}
	for _, p := range op.Params {
		if p.In == model.InCookie {
			od.Cookies = append(od.Cookies, p.Name)
		}
	}
	b.gatewayAuth(op, od)
	b.opExtensions(op, od)
	if op.Integration != nil {
		b.legacy(op, od)
		b.legacyGuard(op, LegacyWhat)
		return
	}
	defer func() {
		if od.Kept != nil {
			b.legacyGuard(op, KeptWhat)
		}
	}()
	for i, e := range od.Extensions {
		if e.Name != AmazonExtensionPrefix+"integration" {
			continue
		}
		od.Extensions = append(od.Extensions[:i:i], od.Extensions[i+1:]...)
		if isLambdaProxy(e.Value) {
			b.warnf(op.Origin, "%s %s: the spec's Lambda proxy x-amazon-apigateway-integration is replaced by one for the generated function", op.Method, op.Path)
			break
		}
		if b.api.Kind == model.HTTP && !isHTTPProxy(e.Value) {
			b.warnf(op.Origin, "%s %s: HTTP APIs support only Lambda and HTTP proxy integrations; the spec's x-amazon-apigateway-integration is replaced by the generated function", op.Method, op.Path)
			break
		}
		od.Kept = &model.KeptIntegration{Value: e.Value, HTTP: model.IsHTTPIntegration(e.Value)}
		if od.Kept.HTTP {
			b.keptHTTP(op, e.Value)
		}
		break
	}
}

func integrationType(v any) string {
	m, _ := v.(map[string]any)
	t, _ := m["type"].(string)
	return strings.ToLower(t)
}

func isLambdaProxy(v any) bool {
	if integrationType(v) != "aws_proxy" {
		return false
	}
	m, _ := v.(map[string]any)
	uri, isString := m["uri"].(string)
	return !isString || strings.Contains(uri, ":lambda:path/") || strings.Contains(uri, ":function:")
}

func isHTTPProxy(v any) bool { return integrationType(v) == "http_proxy" }

// gatewayAuth works out what the gateway can check of the operation's
// security without ever refusing a request the spec allows.
func (b *deployBuilder) gatewayAuth(op *model.Operation, od *model.OperationDeploy) {
	for _, req := range op.Security {
		for _, ss := range req.Schemes {
			if b.token[ss.Scheme] {
				for _, sc := range ss.Scopes {
					if _, ok := b.used[sc]; !ok {
						b.used[sc] = op.Origin
					}
					if s := b.schemes[ss.Scheme]; s.Type != "oauth2" {
						b.user[sc] = true
					} else if !b.user[sc] && !b.service[sc] {
						b.user[sc] = true // used but declared in no flow
					}
				}
				if s := b.schemes[ss.Scheme]; s.Type != "oauth2" {
					b.userFlow = true
				}
			}
		}
	}
	acc := op.Access
	if op.Public || b.d.Authorizer == model.AuthNone {
		return
	}
	if acc.Anonymous {
		od.Gateway = model.GatewayAuth{Why: "an empty security requirement ({}) lets anonymous callers in"}
		return
	}
	if acc.Undeclared {
		// No security declared: secure by default, as the Lambda is: any
		// valid token of the pool, no scope.
		od.Gateway.Token = true
		b.undeclared = append(b.undeclared, op)
		return
	}
	for _, alt := range acc.Alternatives {
		if alt.MutualTLS && !alt.Token && len(alt.Credentials) == 0 {
			od.Gateway = model.GatewayAuth{Why: whyMutualTLS}
			b.unchecked[od.Gateway.Why] = append(b.unchecked[od.Gateway.Why], op)
			return
		}
		if !alt.Token {
			od.Gateway = model.GatewayAuth{Why: fmt.Sprintf("it also accepts %s, which API Gateway's authorizer cannot check", strings.Join(alt.Schemes, " + "))}
			b.unchecked[od.Gateway.Why] = append(b.unchecked[od.Gateway.Why], op)
			return
		}
	}
	od.Gateway.Token = true
	od.Gateway.Scopes = acc.AnyScopes()
}

// whyMutualTLS is why the gateway runs no authorizer on an operation a
// client certificate alone lets through; neither does the function.
const whyMutualTLS = "it accepts a mutualTLS client certificate alone, which API Gateway checks only at a custom domain's TLS handshake"

func (b *deployBuilder) resourceServer() string { return b.api.ResourceServer }

// legacy maps an x-specgate-integration URI onto a backend parameter and a path.
func (b *deployBuilder) legacy(op *model.Operation, od *model.OperationDeploy) {
	in := op.Integration
	u, err := url.Parse(strings.NewReplacer("{", "%7B", "}", "%7D").Replace(in.URI))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		b.errorf(op.Origin, "write it as https://host/path/{param}", "%s %s: legacy backend URI %q is not an absolute http(s) URL", op.Method, op.Path, in.URI)
		return
	}
	base := u.Scheme + "://" + u.Host
	rest := strings.TrimPrefix(in.URI, base)
	if !strings.HasPrefix(in.URI, base) {
		b.errorf(op.Origin, "write the host in lower case, without user information", "%s %s: legacy backend URI %q cannot be split into base URL and path", op.Method, op.Path, in.URI)
		return
	}
	be := b.backends[base]
	if be == nil {
		be = &model.LegacyBackend{Host: u.Host, BaseURL: base}
		b.backends[base] = be
		b.backendPos[be] = op.Origin
		b.d.Legacy = append(b.d.Legacy, be)
	}
	route := &model.LegacyRoute{Backend: be, Path: rest}
	params := map[string]*model.Param{}
	for _, p := range op.Params {
		params[p.Name] = p
	}
	for _, m := range uriParamRE.FindAllStringSubmatch(rest, -1) {
		name := strings.TrimSuffix(m[1], "+")
		p := params[name]
		if p == nil || (p.In != model.InPath && p.In != model.InQuery && p.In != model.InHeader) {
			b.errorf(op.Origin, "use the name of a path, query or header parameter of the operation", "%s %s: legacy backend URI %q uses {%s}, which is not a parameter of the operation", op.Method, op.Path, in.URI, name)
			continue
		}
		route.URIParams = append(route.URIParams, name)
	}
	od.Legacy = route
}

// cognito builds the resource servers and clients and checks every name
// against Cognito's rules.
func (b *deployBuilder) cognito() {
	if b.d.Authorizer == model.AuthNone || b.d.AuthorizerName == "" {
		return
	}
	rs := b.resourceServer()
	c := &model.Cognito{ResourceServer: rs}
	all := map[string]model.Position{}
	for sc, pos := range b.declPos {
		all[sc] = pos
	}
	for sc, pos := range b.used {
		if _, ok := all[sc]; !ok {
			all[sc] = pos
		}
	}
	if len(all) == 0 && !b.anyToken() {
		return
	}
	names := make([]string, 0, len(all))
	for sc := range all {
		names = append(names, sc)
	}
	sort.Strings(names)
	servers := map[string]*model.ResourceServer{}
	serverPos := map[string]model.Position{}
	for _, sc := range names {
		pos := all[sc]
		id, short, problem, custom := CognitoScope(rs, sc)
		if !custom {
			continue
		}
		if problem != "" {
			b.errorf(pos, CognitoScopeHint, "%s", problem)
			continue
		}
		server := servers[id]
		if server == nil {
			server = &model.ResourceServer{Identifier: id, Name: model.ResourceServerName(id)}
			servers[id] = server
			serverPos[id] = pos
			c.ResourceServers = append(c.ResourceServers, server)
		}
		desc := b.declared[sc]
		if strings.TrimSpace(desc) == "" {
			desc = "Scope " + sc
		}
		if utf8.RuneCountInString(desc) > 256 {
			desc = string([]rune(desc)[:255]) + "…"
			b.warnf(pos, "scope %q: description shortened to Cognito's 256 characters", sc)
		}
		server.Scopes = append(server.Scopes, model.Scope{Name: short, Description: desc})
	}
	sort.Slice(c.ResourceServers, func(i, j int) bool { return c.ResourceServers[i].Identifier < c.ResourceServers[j].Identifier })
	ids := model.NewNamer()
	for _, s := range c.ResourceServers {
		if n := len(s.Scopes); n > MaxScopesPerResourceServer {
			b.errorf(serverPos[s.Identifier], "split the scopes under different prefixes (each prefix gets its own resource server), or drop scopes no operation uses",
				"resource server %q would hold %d scopes; Cognito allows at most %d per resource server", s.Identifier, n, MaxScopesPerResourceServer)
		}
		suffix := strings.TrimPrefix(strings.TrimPrefix(s.Identifier, rs), "/")
		s.LogicalID = ids.Unique(model.GoName("ResourceServer "+suffix, "ResourceServer"))
	}
	if len(c.ResourceServers) > 25 {
		b.warnf(model.Position{File: b.doc.File}, "the scopes need %d resource servers; a Cognito user pool holds at most 25", len(c.ResourceServers))
	}
	var userScopes, serviceScopes []string
	for sc := range b.user {
		if full := model.CognitoScope(rs, sc); b.api.PeopleMayHold(full) { // the platform's rule for public clients too
			userScopes = append(userScopes, full)
		}
	}
	sort.Strings(userScopes)
	for sc := range b.service {
		// A clientCredentials flow's scopes are what the spec offers
		// machines; the model's rule (model.API.MachineMayHold) leaves out
		// Cognito's standard scopes.
		if !b.api.MachineMayHold(model.CognitoScope(rs, sc)) {
			b.warnf(b.declPos[sc], "scope %q: a client_credentials client cannot request Cognito's standard scopes; left out of the service client", sc)
			continue
		}
		serviceScopes = append(serviceScopes, model.CognitoScope(rs, sc))
	}
	sort.Strings(serviceScopes)
	userClient := b.userFlow || len(userScopes) > 0 || len(serviceScopes) == 0
	if userClient && len(userScopes) == 0 {
		userScopes = []string{"openid"} // an OAuth client needs at least one scope
	}
	if userClient {
		c.Clients = append(c.Clients, b.clients("WebClient", false, userScopes)...)
	}
	c.Clients = append(c.Clients, b.clients("ServiceClient", true, serviceScopes)...)
	b.d.Cognito = c
}

// warnUnchecked says once per reason which operations the gateway lets
// through for the Lambda to check.
func (b *deployBuilder) warnUnchecked() {
	whys := make([]string, 0, len(b.unchecked))
	for why := range b.unchecked {
		whys = append(whys, why)
	}
	sort.Strings(whys)
	if ops := b.undeclared; len(ops) > 0 {
		b.warnf(ops[0].Origin, "%d operations declare no security (%s): the gateway requires a token of the user pool for them, as the Lambda does (secure by default); mark public ones with security: []",
			len(ops), opList(ops))
	}
	for _, why := range whys {
		ops := b.unchecked[why]
		if why == whyMutualTLS {
			b.warnf(ops[0].Origin, "%d operations: %s: serve the API on a custom domain with mutual TLS (a truststore of the certificates to admit); the function refuses them with 401 when API Gateway verified no certificate (the default execute-api endpoint, the local server): %s", len(ops), why, opList(ops))
			continue
		}
		b.warnf(ops[0].Origin, "%d operations: %s, so the gateway checks no token on them and the Lambda must: %s", len(ops), why, opList(ops))
	}
}

// opList names up to three operations.
func opList(ops []*model.Operation) string {
	var list []string
	for i, op := range ops {
		if i == 3 {
			list = append(list, fmt.Sprintf("and %d more", len(ops)-3))
			break
		}
		if op.Origin.Line > 0 {
			list = append(list, fmt.Sprintf("%s %s (line %d)", op.Method, op.Path, op.Origin.Line))
		} else {
			list = append(list, op.Method+" "+op.Path)
		}
	}
	return strings.Join(list, ", ")
}

// clients splits scopes over as many app clients as Cognito's limit of
// scopes per client needs.
func (b *deployBuilder) clients(name string, service bool, scopes []string) []*model.AppClient {
	var out []*model.AppClient
	for i := 0; i < len(scopes); i += model.MaxScopesPerClient {
		end := min(i+model.MaxScopesPerClient, len(scopes))
		id := name
		if i > 0 {
			id = fmt.Sprintf("%s%d", name, i/model.MaxScopesPerClient+1)
		}
		out = append(out, &model.AppClient{LogicalID: id, Service: service, Scopes: scopes[i:end]})
	}
	if len(out) > 1 {
		b.warnf(model.Position{File: b.doc.File}, "%d scopes for %s: a Cognito app client may request at most %d, so they are split over %d clients (%s...)",
			len(scopes), name, model.MaxScopesPerClient, len(out), out[0].LogicalID)
	}
	return out
}

func (b *deployBuilder) anyToken() bool {
	for _, od := range b.d.Ops {
		if od.Gateway.Token {
			return true
		}
	}
	return false
}

// nameBackends gives each legacy backend a CloudFormation parameter name
// and its configured base URL. LegacyBaseURLs are keyed by the host of the
// spec's URIs, by scheme://host, or by the parameter name.
func (b *deployBuilder) nameBackends() error {
	sort.Slice(b.d.Legacy, func(i, j int) bool { return b.d.Legacy[i].Host < b.d.Legacy[j].Host })
	names := model.NewNamer()
	used, usedConn := map[string]bool{}, map[string]bool{}
	for _, be := range b.d.Legacy {
		host := be.Host
		if h, _, ok := strings.Cut(host, "."); ok && h != "" {
			host = h
		}
		be.Param = names.Unique(model.GoName("legacy "+host+" url", "LegacyURL"))
		stem := strings.TrimSuffix(be.Param, "URL")
		keys := []string{be.Host, be.BaseURL, be.Param}
		for _, key := range keys {
			if o, ok := b.opts.LegacyBaseURLs[key]; ok {
				be.BaseURL = strings.TrimSuffix(o, "/")
				used[key] = true
			}
		}
		for _, key := range keys {
			if c, ok := b.opts.LegacyConnections[key]; ok {
				usedConn[key] = true
				if c == ConnectionVPCLink {
					be.VPCLink = &model.VPCLink{IDParam: names.Unique(stem + "VpcLinkId")}
					if b.api.Kind == model.HTTP {
						be.VPCLink.ListenerParam = names.Unique(stem + "ListenerArn")
					}
				}
			}
		}
		if u, err := url.Parse(be.BaseURL); err == nil && be.VPCLink == nil && model.PrivateHost(u.Host) {
			b.warnf(b.backendPos[be], "legacy backend %s is a private host that API Gateway cannot reach over the internet; set legacy.connections.%s: vpc-link in specgate.yaml (and the VPC link's ID as parameter %sVpcLinkId), or a public baseURL", be.BaseURL, be.Host, stem)
		}
		if strings.HasPrefix(be.BaseURL, "http://") && !b.opts.AllowHTTPLegacy {
			b.errorf(b.backendPos[be], "use https, or allow plain http for legacy backends in specgate.yaml (legacy.allowHTTP) if the network between API Gateway and the backend is trusted",
				"legacy backend %s uses plain http: the caller's identity headers would cross the network unencrypted", be.BaseURL)
		}
	}
	sort.Slice(b.d.Legacy, func(i, j int) bool { return b.d.Legacy[i].Param < b.d.Legacy[j].Param })
	var unknown, known []string
	for key := range b.opts.LegacyBaseURLs {
		if !used[key] {
			unknown = append(unknown, key)
		}
	}
	for _, be := range b.d.Legacy {
		known = append(known, be.Host)
	}
	var unknownConn []string
	for key := range b.opts.LegacyConnections {
		if !usedConn[key] {
			unknownConn = append(unknownConn, key)
		}
	}
	if len(unknownConn) > 0 {
		sort.Strings(unknownConn)
		return fmt.Errorf("legacy connections for %s name no legacy backend; key them by the host of an x-specgate-integration uri (%s)",
			strings.Join(unknownConn, ", "), strings.Join(known, ", "))
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("legacy base URLs for %s name no legacy backend; key them by the host of an x-specgate-integration uri (%s)",
			strings.Join(unknown, ", "), strings.Join(known, ", "))
	}
	return nil
}
