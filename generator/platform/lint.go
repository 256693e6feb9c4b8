package platform

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

// ServerWarnings reads the spec of service at specPath and warns, with
// file:line:col, about each absolute servers URL that is not the
// platform's domain and the service's base path: callers reading the spec
// would call the wrong place.
func (p *Platform) ServerWarnings(service, specPath string) ([]string, error) {
	data, err := os.ReadFile(specPath)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, nil // the service's lint reports a spec it cannot read
	}
	doc := root.Content[0]
	want := "https://" + p.Domain + "/" + p.Services[service].BasePath
	var out []string
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "servers" || doc.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, s := range doc.Content[i+1].Content {
			for j := 0; j+1 < len(s.Content); j += 2 {
				k, v := s.Content[j], s.Content[j+1]
				if k.Value != "url" {
					continue
				}
				u, err := url.Parse(v.Value)
				if err != nil || u.Host == "" {
					continue // relative: resolved against wherever the spec is served
				}
				if strings.TrimSuffix(v.Value, "/") != want {
					out = append(out, fmt.Sprintf("%s:%d:%d: service %s: servers url %q is not the platform's %s (platform.yaml's domain and basePath); callers reading the spec would call the wrong place",
						specPath, v.Line, v.Column, service, v.Value, want))
				}
			}
		}
	}
	return out, nil
}

// camelRE is the platform's naming convention for operationIds and path
// and query parameters: lowerCamelCase, so that every service's clients
// read alike.
var camelRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

// NamingWarnings reports, per service and with the spec's positions, the
// operationIds and path/query parameters that break the platform's naming
// convention (lowerCamelCase), and operations without an operationId.
func (p *Platform) NamingWarnings(services map[string]*Built) []string {
	var out []string
	for _, name := range p.ServiceNames() {
		b := services[name]
		if b == nil {
			continue
		}
		for _, op := range b.API.Operations {
			switch {
			case op.ID == "":
				out = append(out, fmt.Sprintf("%s: service %s: %s %s has no operationId; name it in lowerCamelCase (e.g. getOrder)", op.Origin, name, op.Method, op.Path))
			case !camelRE.MatchString(op.ID):
				out = append(out, fmt.Sprintf("%s: service %s: operationId %q is not lowerCamelCase, the platform's convention", op.Origin, name, op.ID))
			}
			for _, prm := range op.Params {
				if (prm.In == model.InPath || prm.In == model.InQuery) && !camelRE.MatchString(prm.Name) {
					out = append(out, fmt.Sprintf("%s: service %s: %s parameter %q of %s is not lowerCamelCase, the platform's convention", prm.Origin, name, prm.In, prm.Name, op.ID))
				}
			}
		}
	}
	return out
}

// ProblemContentType is the platform's one error format (RFC 9457): what
// every generated function and local server answers errors with, and what
// every service's spec must declare for its 4xx answers.
const ProblemContentType = "application/problem+json"

// ErrorFormatProblems reports, with the spec's positions, every 4xx
// response a service's spec declares with a JSON body of another media
// type than application/problem+json: clients of the platform decode one
// error format, whichever service answers.
func (p *Platform) ErrorFormatProblems(services map[string]*Built) []Problem {
	var out []Problem
	for _, name := range p.ServiceNames() {
		b := services[name]
		if b == nil {
			continue
		}
		for _, op := range b.API.Operations {
			for _, r := range op.Responses {
				client := r.Code >= 400 && r.Code < 500 || strings.EqualFold(r.Status, "4XX")
				if !client || r.ContentType == "" || r.ContentType == ProblemContentType {
					continue
				}
				out = append(out, Problem{File: op.Origin.File, Line: op.Origin.Line, Col: op.Origin.Col,
					Msg: fmt.Sprintf("service %s: %s %s answers %s as %s; the platform's error format is %s (RFC 9457) in every service: declare that media type (title, status, detail)",
						name, op.Method, op.Path, r.Status, r.ContentType, ProblemContentType)})
			}
		}
	}
	return out
}

// SchemeWarnings reports, with the spec's positions, the security schemes
// of a service that do not map onto the platform's one user pool: only
// OAuth 2.0, OpenID Connect and bearer tokens (the pool's access tokens)
// do. An API key, basic auth or a client certificate is a credential the
// platform's clients do not hold and its identity stack does not issue.
func (p *Platform) SchemeWarnings(services map[string]*Built) []string {
	var out []string
	for _, name := range p.ServiceNames() {
		b := services[name]
		if b == nil {
			continue
		}
		for _, s := range b.API.Schemes {
			if k := s.Kind(); k != model.KindToken {
				out = append(out, fmt.Sprintf("%s: service %s: security scheme %q (%s) does not map onto the platform's user pool; use oauth2 or openIdConnect, whose tokens the pool issues and every service verifies",
					s.Origin, name, s.Name, k))
			}
		}
	}
	return out
}

// PoolProblems checks every openIdConnect scheme's openIdConnectUrl
// against the platform's one user pool, with the spec's positions: every
// service accepts only that pool's tokens, so a client that signs in where
// the spec says would hold a token every service refuses. A URL that names
// another pool, or no Cognito user pool at all, is an error; with
// identity.userPool: new the pool's ID exists only once the identity stack
// is deployed, so a URL naming a pool is a warning that it cannot be
// checked. A URL written as a CloudFormation intrinsic is not checked.
func (p *Platform) PoolProblems(services map[string]*Built) (errs []Problem, warnings []string) {
	want := model.UserPoolDiscoveryURL(p.Identity.UserPool)
	wantRegion, wantID, existing := model.ParseUserPoolARN(p.Identity.UserPool)
	fix := "the Issuer output of stack " + p.IdentityStack() + " followed by /.well-known/openid-configuration"
	if existing {
		fix = want
	}
	for _, name := range p.ServiceNames() {
		b := services[name]
		if b == nil {
			continue
		}
		for _, s := range b.API.Schemes {
			if s.OpenIDConnectURL == "" {
				continue
			}
			at := s.URLOrigin
			if at.Line == 0 {
				at = s.Origin
			}
			region, id, ok := model.ParseUserPoolURL(s.OpenIDConnectURL)
			switch {
			case !ok:
				errs = append(errs, Problem{File: at.File, Line: at.Line, Col: at.Col, Msg: fmt.Sprintf(
					"service %s: security scheme %q's openIdConnectUrl %q names no Cognito user pool, and every service of the platform accepts only tokens of the platform's pool: set it to %s",
					name, s.Name, s.OpenIDConnectURL, fix)})
			case existing && (region != wantRegion || id != wantID):
				errs = append(errs, Problem{File: at.File, Line: at.Line, Col: at.Col, Msg: fmt.Sprintf(
					"service %s: security scheme %q's openIdConnectUrl names user pool %s, not the platform's %s (identity.userPool), so every service would refuse the tokens a client gets there: set it to %s",
					name, s.Name, id, wantID, fix)})
			case !existing:
				warnings = append(warnings, fmt.Sprintf(
					"%s: service %s: security scheme %q's openIdConnectUrl names user pool %s, which cannot be checked: the platform's pool is created by stack %s (identity.userPool: new) and its ID is known only once deployed; make sure it is %s, or every service refuses the tokens a client gets there",
					at, name, s.Name, id, p.IdentityStack(), fix))
			}
		}
	}
	return errs, warnings
}
