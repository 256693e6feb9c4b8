package apigw

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// legacyNotes are the lines of the definition's header comment telling a
// legacy backend's owner what API Gateway does and cannot do for it.
func legacyNotes(api *model.API, dep *model.Deploy) []string {
	var legacy []string
	for _, op := range api.Operations {
		if dep.Ops[op].HTTPBackend() {
			legacy = append(legacy, op.Method+" "+op.Path)
		}
	}
	if len(legacy) == 0 {
		return nil
	}
	b := &builder{api: api, dep: dep}
	withheld := b.withheldHeaders()
	notes := []string{"",
		"Legacy backends (" + strings.Join(legacy, ", ") + ") get from API Gateway:",
		"  - " + model.SubjectHeader + " and " + model.ScopesHeader + " set to the authorizer's verified claims (empty, or",
		"    removed, where the gateway checks no token), replacing what the caller sent under those names;",
	}
	var blanked []string
	for _, h := range withheld {
		if api.Kind == model.HTTP && strings.EqualFold(h, "Authorization") {
			notes = append(notes, "  - the caller's Authorization header: an HTTP API cannot remove it (reserved in parameter mapping);")
			continue
		}
		blanked = append(blanked, h)
	}
	if len(blanked) > 0 {
		how := "sent empty (a REST http_proxy integration can override a header, not remove it)"
		if api.Kind == model.HTTP {
			how = "removed"
		}
		notes = append(notes, fmt.Sprintf("  - the caller's %s headers %s; legacy.forwardHeaders in specgate.yaml keeps them;", strings.Join(blanked, " and "), how))
	}
	for _, be := range dep.Legacy {
		if link := be.VPCLink; link != nil {
			line := "  - " + be.Host + " is private: reached through VPC link " + PlaceholderParam(link.IDParam)
			if api.Kind == model.HTTP {
				line += " to listener " + PlaceholderParam(link.ListenerParam) + ", TLS verified against " + be.Host
			} else {
				line += " (to a Network Load Balancer), TLS verified against the uri's host"
			}
			notes = append(notes, line+";")
		}
	}
	notes = append(notes,
		"and what API Gateway cannot filter, which the backend must refuse itself:",
		"  - other spellings of the identity headers (X_Specgate_Subject, which some servers read as X-Specgate-Subject);",
		"  - path parameters holding dot segments (.., .) or encoded slashes (%2F): the gateway checks no parameter value;",
		"  - any parameter constraint beyond presence (deploy/validation-report.md lists each).")
	return notes
}

func (b *builder) legacyIntegration(op *model.Operation, od *model.OperationDeploy) *yamldoc.Map {
	timeout := op.Integration.TimeoutMillis
	limit := 29000
	if b.api.Kind == model.HTTP {
		limit = 30000
	}
	if timeout > limit {
		if b.api.Kind == model.HTTP {
			b.warnf(op, "timeoutMillis %d is over the HTTP API limit of 30000; written as 30000", timeout)
			timeout = limit
		} else {
			b.warnf(op, "timeoutMillis %d is over API Gateway's default 29000 ms; Regional REST APIs allow up to 300000 after a quota increase", timeout)
		}
	}
	m := yamldoc.NewMap("type", "http_proxy", "httpMethod", op.Method, "uri", b.refs.LegacyURI(od.Legacy),
		"connectionType", "INTERNET")
	params := &yamldoc.Map{}
	if link := od.Legacy.Backend.VPCLink; link != nil {
		// A private backend: REST APIs reach it through a VPC link to a
		// Network Load Balancer, the uri naming the host API Gateway sends
		// and verifies the certificate of; HTTP APIs through a VPC link V2
		// to a listener, with TLS only when tlsConfig names the server.
		m.Set("connectionType", "VPC_LINK")
		m.Set("connectionId", b.refs.VPCLinkID(od.Legacy.Backend))
		if b.api.Kind == model.HTTP {
			m.Set("uri", b.refs.ListenerARN(od.Legacy.Backend))
			base, _ := url.Parse(od.Legacy.Backend.BaseURL)
			if base != nil && base.Scheme == "https" {
				m.Set("tlsConfig", yamldoc.NewMap("serverNameToVerify", base.Hostname()))
			}
			path := od.Legacy.Path
			if base != nil {
				path = strings.TrimSuffix(base.Path, "/") + path
			}
			params.Set("overwrite:path", b.legacyPathMapping(op, path))
		}
	}
	if b.api.Kind == model.HTTP {
		m.Set("payloadFormatVersion", "1.0")
	} else {
		m.Set("passthroughBehavior", "when_no_match")
	}
	m.Set("timeoutInMillis", timeout)
	if b.api.Kind == model.REST {
		inURI := map[string]bool{}
		for _, name := range od.Legacy.URIParams {
			inURI[name] = true
		}
		for _, p := range op.Params {
			switch {
			case p.In == model.InPath && inURI[p.Name]:
				params.Set("integration.request.path."+p.Name, "method.request.path."+p.Name)
			case p.In == model.InQuery && inURI[p.Name]:
				params.Set("integration.request.path."+p.Name, "method.request.querystring."+p.Name)
			case p.In == model.InHeader && inURI[p.Name]:
				params.Set("integration.request.path."+p.Name, "method.request.header."+p.Name)
			}
		}
		for _, p := range op.Params {
			switch {
			case p.In == model.InQuery:
				params.Set("integration.request.querystring."+p.Name, "method.request.querystring."+p.Name)
			case p.In == model.InHeader && !ignoredHeaders[strings.ToLower(p.Name)]:
				params.Set("integration.request.header."+p.Name, "method.request.header."+p.Name)
			}
		}
	}
	b.headerRules(op, od, params)
	if params.Len() > 0 {
		m.Set("requestParameters", params)
	}
	return m
}

// headerRules adds to an HTTP backend's integration requestParameters the
// legacy header rules: a mapped integration header replaces the caller's
// header of that name, so the identity headers carry the authorizer's
// verified claims, or nothing; the caller's credentials are blanked (a
// REST http_proxy integration can override a header, not remove it) or
// removed; the backend gets the request id the gateway's access log has.
// A header params already maps (the spec's own integration mapping a
// static credential for its backend) keeps that mapping: spec.Deploy has
// refused a mapping of the identity headers or of the caller's
// credentials.
func (b *builder) headerRules(op *model.Operation, od *model.OperationDeploy, params *yamldoc.Map) {
	mapped := map[string]bool{}
	for _, k := range params.Keys() {
		if h := model.MappedHeader(k); h != "" {
			mapped[strings.ToLower(h)] = true
		}
	}
	set := func(key, header, v string) {
		if !mapped[strings.ToLower(header)] {
			params.Set(key+header, v)
		}
	}
	token := od.Gateway.Token && b.dep.Authorizer != model.AuthNone
	if b.api.Kind == model.REST {
		const in = "integration.request.header."
		if token {
			set(in, model.SubjectHeader, "context.authorizer.claims.sub")
			set(in, model.ScopesHeader, "context.authorizer.claims.scope")
		} else {
			set(in, model.SubjectHeader, "''")
			set(in, model.ScopesHeader, "''")
			b.warnf(op, "legacy backend gets no verified identity (the gateway checks no token here); %s and %s reach it empty", model.SubjectHeader, model.ScopesHeader)
		}
		for _, h := range b.withheldHeaders() {
			set(in, h, "''")
		}
		set(in, model.RequestIDHeader, "context.requestId")
		return
	}
	if token {
		set("overwrite:header.", model.SubjectHeader, "$context.authorizer.claims.sub")
		set("overwrite:header.", model.ScopesHeader, "$context.authorizer.claims.scope")
	} else {
		set("remove:header.", model.SubjectHeader, "''")
		set("remove:header.", model.ScopesHeader, "''")
	}
	for _, h := range b.withheldHeaders() {
		if strings.EqualFold(h, "Authorization") {
			// Reserved in HTTP API parameter mapping: it cannot be
			// removed or overwritten (warned once, in Definition).
			continue
		}
		set("remove:header.", h, "''")
	}
	set("overwrite:header.", model.RequestIDHeader, "$context.requestId")
}

// legacyPathMapping is an HTTP API parameter mapping value for a legacy
// path template: each {param} becomes the request's value of that
// parameter ($request.path.NAME, $request.querystring.NAME,
// $request.header.NAME).
func (b *builder) legacyPathMapping(op *model.Operation, path string) string {
	return uriParamRE.ReplaceAllStringFunc(path, func(m string) string {
		name := strings.TrimSuffix(m[1:len(m)-1], "+")
		for _, p := range op.Params {
			if p.Name != name {
				continue
			}
			switch p.In {
			case model.InQuery:
				return "$request.querystring." + name
			case model.InHeader:
				return "$request.header." + name
			}
		}
		return "$request.path." + name
	})
}

var uriParamRE = regexp.MustCompile(`\{[^{}]+\}`)

// withheldHeaders are the caller's credential headers legacy backends do
// not get: model.LegacyCredentialHeaders less those specgate.yaml's
// legacy.forwardHeaders keeps.
func (b *builder) withheldHeaders() []string {
	var out []string
	for _, h := range model.LegacyCredentialHeaders {
		keep := false
		for _, f := range b.dep.LegacyForwardHeaders {
			keep = keep || strings.EqualFold(f, h)
		}
		if !keep {
			out = append(out, h)
		}
	}
	if b.signed() {
		out = append(out, model.ForwardedTokenHeader) // the caller's token, which Authorization cannot carry here
	}
	return out
}

// legacyWarnings says what API Gateway cannot do for legacy backends.
func (b *builder) legacyWarnings(ops []*model.Operation) {
	legacy := false
	for _, op := range ops {
		if b.dep.Ops[op].HTTPBackend() {
			legacy = true
		}
	}
	if !legacy {
		return
	}
	for _, h := range b.withheldHeaders() {
		if b.api.Kind == model.HTTP && strings.EqualFold(h, "Authorization") {
			b.warnf(nil, "legacy backends: an HTTP API cannot remove or overwrite the caller's Authorization header (reserved in parameter mapping), so legacy backends receive the caller's token; use a REST API (--api rest) to withhold it")
		}
	}
}
