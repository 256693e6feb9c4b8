// Package platform is platform.yaml: many specgate services behind one
// domain and one identity. The file is decoded strictly (an unknown key is
// an error naming its line and column), every problem is reported at once,
// and the cross-service rules that need the services' specs (a client's
// scope exists, no public path claimed twice) are checked against the
// services' models (see Build). Emit writes the shared stacks.
package platform

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/words"
)

// FileName is the platform file the platform commands read by default.
const FileName = "platform.yaml"

// SchemaURL is the published JSON schema of the file, for editors.
const SchemaURL = "https://raw.githubusercontent.com/specgate/specgate/main/schema/platform.schema.json"

// Version is the only platform file version this specgate reads.
const Version = 1

// The gateways.
const (
	GatewayAWS      = "aws"      // API Gateway authorizers check tokens in front of every service
	GatewayExisting = "existing" // the firm's gateway routes and validates tokens; every function verifies the forwarded token too
)

// The client types.
const (
	ClientPublic  = "public"  // web and mobile apps: authorization code + PKCE, no secret
	ClientMachine = "machine" // batch jobs and services: client credentials, with a secret
)

// Platform is platform.yaml. Directories are relative to the file's directory.
type Platform struct {
	Version int    `yaml:"version"`
	Name    string `yaml:"name"`
	Domain  string `yaml:"domain"`
	Gateway string `yaml:"gateway"`
	// GatewayAccess (gateway: existing) is how the existing gateway
	// reaches the services: token (default: each function verifies the
	// forwarded token), private (PRIVATE REST APIs, reachable only from the
	// gateway's VPC endpoint) or iam (AWS_IAM, the gateway signs). Every
	// function verifies the forwarded token and its scopes in all three.
	GatewayAccess string              `yaml:"gatewayAccess"`
	Identity      Identity            `yaml:"identity"`
	CORS          []string            `yaml:"cors"`
	Clients       map[string]*Client  `yaml:"clients"`
	Services      map[string]*Service `yaml:"services"`

	file string              // the file's name, for messages
	dir  string              // the file's directory
	pos  map[string]Position // dotted key -> position of its value
}

// Identity is the platform's one user pool.
type Identity struct {
	UserPool string `yaml:"userPool"` // "new" (default) or an existing pool's ARN
}

// Client is one app client of the platform.
type Client struct {
	Type         string              `yaml:"type"`
	CallbackURLs []string            `yaml:"callbackUrls"`
	LogoutURLs   []string            `yaml:"logoutUrls"`
	Scopes       map[string][]string `yaml:"scopes"` // service -> that service's spec scopes
}

// Service is one specgate service of the platform.
type Service struct {
	Dir      string `yaml:"dir"`      // holds the service's specgate.yaml
	BasePath string `yaml:"basePath"` // its first path segment(s) on the domain
	// Calls are the names of the services this one calls: it gets a
	// machine client whose scopes are exactly those of the operations it
	// calls (see CallOperations). Filled from the file's calls.
	Calls []string `yaml:"-"`
	// CallOperations are, by called service, the operationIds this one
	// calls when calls names them ({service: NAME, operations: [...]});
	// a service named alone is absent: all of its operations.
	CallOperations map[string][]string `yaml:"-"`
	// RawCalls is calls as written: a service's name, or a Call.
	RawCalls []Call `yaml:"calls"`
}

// Position is a place in the file.
type Position struct{ Line, Col int }

// Problem is one thing wrong with a platform file.
type Problem struct {
	File      string
	Line, Col int // 0 when unknown
	Msg       string
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return p.File + ": " + p.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Error is every problem found in a platform: the input is wrong.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// Load reads, strictly decodes and validates the file at path. A file that
// cannot be read is returned as is; a wrong one is an *Error.
func Load(path string) (*Platform, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, filepath.Dir(path), data)
}

// keys are the known keys of each mapping, by dotted path pattern ("*"
// stands for a client or service name).
var keys = map[string][]string{
	"":           {"version", "name", "domain", "gateway", "gatewayAccess", "identity", "cors", "clients", "services"},
	"identity":   {"userPool"},
	"clients.*":  {"type", "callbackUrls", "logoutUrls", "scopes"},
	"services.*": {"dir", "basePath", "calls"},
	// services.*.calls.# is a service's name or {service, operations}.
	"services.*.calls.#": {"service", "operations"},
}

// Parse decodes data (named file in messages; directories relative to dir)
// strictly and validates it.
func Parse(file, dir string, data []byte) (*Platform, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{[]Problem{{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}}
	}
	if len(root.Content) == 0 {
		return nil, &Error{[]Problem{{File: file, Msg: "empty file; start it with \"version: 1\""}}}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &Error{[]Problem{{File: file, Line: doc.Line, Col: doc.Column, Msg: "must be a mapping of keys (version: 1, name: ..., services: ...)"}}}
	}
	p := &Platform{file: file, dir: dir, pos: map[string]Position{}}
	v := &validator{p: p}
	v.walk(doc, "", "")
	if err := doc.Decode(p); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, m := range te.Errors {
				v.problems = append(v.problems, Problem{File: file, Msg: m})
			}
		} else {
			v.problems = append(v.problems, Problem{File: file, Msg: err.Error()})
		}
	}
	v.validate()
	if len(v.problems) > 0 {
		sort.SliceStable(v.problems, func(i, j int) bool {
			a, b := v.problems[i], v.problems[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return nil, &Error{v.problems}
	}
	return p, nil
}

type validator struct {
	p        *Platform
	problems []Problem
}

// at records a problem at the value of dotted key (or its nearest parent).
func (v *validator) at(key, format string, args ...any) {
	pos, ok := v.p.pos[key]
	for !ok && key != "" {
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			key = ""
		} else {
			key = key[:i]
		}
		pos, ok = v.p.pos[key]
	}
	v.problems = append(v.problems, Problem{File: v.p.file, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)})
}

// walk records every value's position and reports unknown keys.
func (v *validator) walk(n *yaml.Node, key, pattern string) {
	v.p.pos[key] = Position{n.Line, n.Column}
	switch n.Kind {
	case yaml.MappingNode:
		known, strict := keys[pattern]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			sub, subPattern := k.Value, k.Value
			if key != "" {
				sub = key + "." + k.Value
				subPattern = pattern + "." + k.Value
			}
			switch {
			case pattern == "clients" || pattern == "services":
				subPattern = pattern + ".*"
			case strings.HasSuffix(pattern, ".scopes"):
				subPattern = pattern + ".*"
			}
			if strict && !contains(known, k.Value) {
				hint := ""
				if near := words.Closest(k.Value, known); near != "" {
					hint = fmt.Sprintf(" (did you mean %q?)", near)
				}
				v.problems = append(v.problems, Problem{File: v.p.file, Line: k.Line, Col: k.Column,
					Msg: fmt.Sprintf("unknown key %q%s; known keys here: %s", k.Value, hint, strings.Join(known, ", "))})
				continue
			}
			v.walk(val, sub, subPattern)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			v.walk(item, fmt.Sprintf("%s.%d", key, i), pattern+".#")
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	nameRE     = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	domainRE   = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	basePathRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
)

func (v *validator) validate() {
	p := v.p
	if p.Version != Version {
		v.at("version", "version must be %d (this specgate reads platform files of version %d)", Version, Version)
	}
	if !nameRE.MatchString(p.Name) {
		v.at("name", "name %q must be lower-case letters, digits and '-', starting with a letter, at most 31 characters (it prefixes stacks and scopes), e.g. print-shop", p.Name)
	}
	if !domainRE.MatchString(p.Domain) {
		v.at("domain", "domain %q must be a lower-case DNS name such as api.example.com (the custom domain every service is mapped on)", p.Domain)
	}
	switch p.Gateway {
	case "":
		p.Gateway = GatewayAWS
	case GatewayAWS:
	case GatewayExisting:
	default:
		v.at("gateway", "gateway must be aws or existing, not %q", p.Gateway)
	}
	switch p.GatewayAccess {
	case "":
		p.GatewayAccess = string(model.AccessToken)
	case string(model.AccessToken), string(model.AccessPrivate), string(model.AccessIAM):
		if p.Gateway != GatewayExisting {
			v.at("gatewayAccess", "gatewayAccess applies to gateway: existing (how the existing gateway reaches the services); remove it, or set gateway: existing")
		}
	default:
		v.at("gatewayAccess", "gatewayAccess must be token (each function verifies the forwarded token), private (PRIVATE REST APIs behind the gateway's VPC endpoint) or iam (AWS_IAM, the gateway signs), not %q", p.GatewayAccess)
	}
	switch up := p.Identity.UserPool; {
	case up == "":
		p.Identity.UserPool = "new"
	case up == "new":
	default:
		if _, _, ok := model.ParseUserPoolARN(up); !ok {
			v.at("identity.userPool", "userPool must be new or a user pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/REGION_ID), not %q", up)
		}
	}
	for i, o := range p.CORS {
		if !isOrigin(o) {
			v.at(fmt.Sprintf("cors.%d", i), "cors origin %q must be https://host[:port] (or http://localhost[:port]), without a path", o)
		}
	}
	if len(p.Services) == 0 {
		v.at("services", "no services; add services: {NAME: {dir: services/NAME, basePath: NAME}}")
	}
	byBase := map[string]string{}
	for _, name := range sortedKeys(p.Services) {
		s := p.Services[name]
		key := "services." + name
		if s == nil {
			v.at(key, "service %s needs dir and basePath", name)
			continue
		}
		if config.CheckService(name) != nil || !nameRE.MatchString(name) {
			v.at(key, "service name %q must be lower-case letters, digits and '-', starting with a letter, at most 31 characters", name)
		}
		switch {
		case s.Dir == "":
			v.at(key, "service %s has no dir (the directory that holds its specgate.yaml)", name)
		default:
			if _, err := os.Stat(filepath.Join(p.dir, filepath.FromSlash(s.Dir), config.FileName)); err != nil {
				v.at(key+".dir", "service %s: %s has no %s; run specgate init there, or fix dir", name, s.Dir, config.FileName)
			}
		}
		switch {
		case !basePathRE.MatchString(s.BasePath):
			v.at(key+".basePath", "service %s: basePath %q must be one path segment of lower-case letters, digits, '.', '_' or '-' (e.g. %s)", name, s.BasePath, name)
		case byBase[s.BasePath] != "":
			v.at(key+".basePath", "service %s: basePath %q is already the base path of service %s; each service needs its own", name, s.BasePath, byBase[s.BasePath])
		default:
			byBase[s.BasePath] = name
		}
	}
	v.validateCalls()
	for _, name := range sortedKeys(p.Clients) {
		c := p.Clients[name]
		key := "clients." + name
		if c == nil {
			v.at(key, "client %s needs a type (public or machine) and scopes", name)
			continue
		}
		if !nameRE.MatchString(name) {
			v.at(key, "client name %q must be lower-case letters, digits and '-', starting with a letter", name)
		}
		switch c.Type {
		case ClientPublic:
			if len(c.CallbackURLs) == 0 {
				v.at(key, "public client %s needs callbackUrls (where the app receives the authorization code)", name)
			}
		case ClientMachine:
			if len(c.CallbackURLs)+len(c.LogoutURLs) > 0 {
				v.at(key, "machine client %s uses client credentials: drop callbackUrls and logoutUrls", name)
			}
		default:
			v.at(key+".type", "client %s: type must be public (authorization code + PKCE) or machine (client credentials), not %q", name, c.Type)
		}
		for field, urls := range map[string][]string{"callbackUrls": c.CallbackURLs, "logoutUrls": c.LogoutURLs} {
			for i, u := range urls {
				if !isCallback(u) {
					v.at(fmt.Sprintf("%s.%s.%d", key, field, i), "client %s: %q must be an https URL (or http://localhost)", name, u)
				}
			}
		}
		if len(c.Scopes) == 0 {
			v.at(key, "client %s has no scopes; name each service's spec scopes it may use: scopes: {SERVICE: [SCOPE, ...]}", name)
		}
		for _, svc := range sortedKeys(c.Scopes) {
			if _, ok := p.Services[svc]; !ok {
				v.at(key+".scopes."+svc, "client %s: %q is not a service of this platform (services: %s)", name, svc, strings.Join(sortedKeys(p.Services), ", "))
			}
			if len(c.Scopes[svc]) == 0 {
				v.at(key+".scopes."+svc, "client %s: no scopes listed for service %s", name, svc)
			}
		}
	}
}

func isOrigin(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http" && u.Hostname() == "localhost"
}

func isCallback(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Fragment != "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http" && u.Hostname() == "localhost"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// File is the platform file's path as given to Load.
func (p *Platform) File() string { return p.file }

// ServiceNames returns the services' names, sorted.
func (p *Platform) ServiceNames() []string { return sortedKeys(p.Services) }

// ClientNames returns the clients' names, sorted.
func (p *Platform) ClientNames() []string { return sortedKeys(p.Clients) }

// ServiceDir is service name's directory, resolved against the file's.
func (p *Platform) ServiceDir(name string) string {
	return filepath.Join(p.dir, filepath.FromSlash(p.Services[name].Dir))
}

// Dir is the directory of the platform file; generate writes platform/ there.
func (p *Platform) Dir() string { return p.dir }

// ResourceServer is the Cognito resource server identifier of a service's
// scopes: the platform's name and the service's, which no other service of
// the platform can share.
func (p *Platform) ResourceServer(service string) string { return p.Name + "-" + service }

// IdentityStack and DomainStack are the shared stacks' names.
func (p *Platform) IdentityStack() string { return p.Name + "-identity" }

// DomainStack is the name of the domain stack.
func (p *Platform) DomainStack() string { return p.Name + "-domain" }

// ServiceStack is the name of a service's stack.
func (p *Platform) ServiceStack(service string) string { return p.Name + "-" + service }

// problemAt is a problem at the value of dotted key.
func (p *Platform) problemAt(key, format string, args ...any) Problem {
	v := &validator{p: p}
	v.at(key, format, args...)
	return v.problems[0]
}
