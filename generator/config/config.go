// Package config is specgate.yaml: what a spec does not say about a service
// (its name, Go module, API kind, authorizer, stage, CORS, legacy backends,
// validation options). It is decoded strictly, so a typo is an error naming
// its line, and validated all at once. Flags override it (see package cmd).
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/internal/words"
)

// FileName is the config file generate, check and lint read by default.
const FileName = "specgate.yaml"

// SchemaURL is the published JSON schema of the file, for editors.
const SchemaURL = "https://raw.githubusercontent.com/specgate/specgate/main/schema/specgate.schema.json"

// Version is the only config version this specgate reads.
const Version = 1

// The API kinds.
const (
	APIRest = "rest" // API Gateway REST API (payload 1.0): validates at the gateway, Cognito authorizers
	APIHTTP = "http" // API Gateway HTTP API (payload 2.0): cheaper, validates nothing
)

// The authorizers.
const (
	AuthCognito = "cognito" // a Cognito user pool authorizer (a new pool, or UserPoolARN)
	AuthJWT     = "jwt"     // an HTTP API JWT authorizer whose issuer is the pool
	AuthNone    = "none"    // an upstream gateway authenticates and forwards the bearer token; the Lambda verifies it and checks scopes
)

// Config is specgate.yaml. Paths are relative to the file's directory.
type Config struct {
	Version    int        `yaml:"version" json:"version"`
	Spec       string     `yaml:"spec,omitempty" json:"spec,omitempty"`
	Out        string     `yaml:"out,omitempty" json:"out,omitempty"`
	Service    string     `yaml:"service,omitempty" json:"service,omitempty"`
	Module     string     `yaml:"module,omitempty" json:"module,omitempty"`
	API        string     `yaml:"api,omitempty" json:"api,omitempty"`
	Auth       Auth       `yaml:"auth,omitempty" json:"auth,omitempty"`
	Deploy     Deploy     `yaml:"deploy,omitempty" json:"deploy,omitempty"`
	Legacy     Legacy     `yaml:"legacy,omitempty" json:"legacy,omitempty"`
	Validation Validation `yaml:"validation,omitempty" json:"validation,omitempty"`

	lines map[string]int // dotted key -> line, for messages
	cols  map[string]int // dotted key -> column
	dir   string         // directory of the file; "" when not loaded from one
}

// Auth is how callers are authenticated.
type Auth struct {
	Authorizer     string `yaml:"authorizer,omitempty" json:"authorizer,omitempty"`         // cognito (default), jwt or none
	UserPoolARN    string `yaml:"userPoolArn,omitempty" json:"userPoolArn,omitempty"`       // an existing pool; empty: deploy/cognito.yaml creates one
	ResourceServer string `yaml:"resourceServer,omitempty" json:"resourceServer,omitempty"` // Cognito resource server identifier; default the service name
}

// Deploy holds API Gateway settings.
type Deploy struct {
	Stage       string   `yaml:"stage,omitempty" json:"stage,omitempty"`             // default prod
	CORSOrigins []string `yaml:"corsOrigins,omitempty" json:"corsOrigins,omitempty"` // none: no CORS

	// Operability (see model.Operability).
	Tracing             *bool       `yaml:"tracing,omitempty" json:"tracing,omitempty"`                         // X-Ray active tracing; default true
	TimeoutSeconds      int         `yaml:"timeoutSeconds,omitempty" json:"timeoutSeconds,omitempty"`           // the function's timeout; default 10, at most 28
	ReservedConcurrency int         `yaml:"reservedConcurrency,omitempty" json:"reservedConcurrency,omitempty"` // reserved concurrent executions; default none
	Throttling          *Throttling `yaml:"throttling,omitempty" json:"throttling,omitempty"`                   // stage and per-operation throttling
}

// Throttling limits requests per second at the stage and per operation.
type Throttling struct {
	RateLimit  float64             `yaml:"rateLimit,omitempty" json:"rateLimit,omitempty"`   // steady requests per second; default 100
	BurstLimit int                 `yaml:"burstLimit,omitempty" json:"burstLimit,omitempty"` // burst; default 200
	Routes     map[string]Throttle `yaml:"routes,omitempty" json:"routes,omitempty"`         // by operationId or "METHOD /path"
}

// Throttle is one operation's limits.
type Throttle struct {
	RateLimit  float64 `yaml:"rateLimit" json:"rateLimit"`
	BurstLimit int     `yaml:"burstLimit" json:"burstLimit"`
}

// Legacy holds the existing HTTP backends some operations go to.
type Legacy struct {
	// BaseURLs override the host of x-specgate-integration URIs, by name.
	BaseURLs map[string]string `yaml:"baseURLs,omitempty" json:"baseURLs,omitempty"`
	// AllowHTTP allows http:// (not https) backends.
	AllowHTTP bool `yaml:"allowHTTP,omitempty" json:"allowHTTP,omitempty"`
	// ForwardHeaders are the caller's credential headers legacy backends
	// still get (Authorization, Cookie); none by default.
	ForwardHeaders []string `yaml:"forwardHeaders,omitempty" json:"forwardHeaders,omitempty"`
	// Backends sends operations (by operationId, or "METHOD /path") to an
	// existing HTTP backend instead of Lambda, as x-specgate-integration would.
	Backends map[string]Backend `yaml:"backends,omitempty" json:"backends,omitempty"`
	// Connections says how API Gateway reaches each backend, keyed as
	// BaseURLs are: internet (the default) or vpc-link (a private backend
	// behind a VPC link: REST to a Network Load Balancer, HTTP API VPC link
	// V2 to a load balancer listener; the link is a template parameter).
	Connections map[string]string `yaml:"connections,omitempty" json:"connections,omitempty"`
}

// The legacy backend connections.
const (
	ConnectionInternet = "internet"
	ConnectionVPCLink  = "vpc-link"
)

// Backend is an existing HTTP backend serving one operation.
type Backend struct {
	URI           string `yaml:"uri" json:"uri"`                                         // https://host/path/{param}
	TimeoutMillis int    `yaml:"timeoutMillis,omitempty" json:"timeoutMillis,omitempty"` // default 29000
}

// Validation tunes the generated request validation.
type Validation struct {
	MaxBodyBytes            int  `yaml:"maxBodyBytes,omitempty" json:"maxBodyBytes,omitempty"`                       // default 1 MiB
	SkipUnsupportedPatterns bool `yaml:"skipUnsupportedPatterns,omitempty" json:"skipUnsupportedPatterns,omitempty"` // skip (and report) patterns Go cannot compile
}

// Defaults.
const (
	DefaultStage         = "prod"
	DefaultMaxBodyBytes  = 1 << 20
	MaxMaxBodyBytes      = 10 << 20 // API Gateway's 10 MB payload limit
	DefaultTimeoutMillis = 29000
)

// Problem is one thing wrong with a config file.
type Problem struct {
	File string
	Line int // 0 when unknown
	Col  int // 0 when unknown
	Msg  string
}

// Error formats the problem as file:line:col: msg, like spec problems.
func (p Problem) Error() string {
	switch {
	case p.File == "":
		return p.Msg
	case p.Line == 0:
		return p.File + ": " + p.Msg
	case p.Col == 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Error is every problem found in a config file: the input is wrong.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// Load reads and strictly decodes the file at path, then validates it. A
// file that cannot be read is returned as is (an I/O error); a file that is
// wrong is an *Error naming the line of each problem.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	c.dir = filepath.Dir(path)
	return c, nil
}

var lineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// Parse decodes data (named file in messages) strictly and validates it.
// Every problem is reported at once: a misplaced version, unknown keys,
// values of the wrong type and invalid settings. Only a file that is not
// YAML, or not a mapping, stops at the first problem.
func Parse(file string, data []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{yamlProblems(file, data, err)}
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, &Error{[]Problem{{File: file, Msg: "empty file; start it with \"version: 1\""}}}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &Error{[]Problem{{File: file, Line: doc.Line, Col: doc.Column, Msg: "must be a mapping of keys (version: 1, spec: ..., service: ...)"}}}
	}
	var ps []Problem
	versionFirst := len(doc.Content) > 0 && doc.Content[0].Value == "version"
	if !versionFirst {
		ps = append(ps, Problem{File: file, Line: doc.Line, Col: doc.Column, Msg: "the first key must be \"version: 1\""})
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	c := &Config{}
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, &Error{append(ps, yamlProblems(file, data, err)...)}
		}
		// A TypeError still decodes the rest: report it with the others.
		ps = append(ps, yamlProblems(file, data, err)...)
	}
	c.lines, c.cols = map[string]int{}, map[string]int{}
	indexLines(doc, "", c.lines, c.cols)
	ps = append(ps, c.problems(file, !versionFirst && c.Version == 0)...)
	if len(ps) > 0 {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return nil, &Error{ps}
	}
	return c, nil
}

// yamlProblems turns a yaml error ("yaml: unmarshal errors:\n  line 3: field
// x not found in type config.Config") into located problems.
func yamlProblems(file string, data []byte, err error) []Problem {
	var te *yaml.TypeError
	var lines []string
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var out []Problem
	for _, l := range lines {
		l = strings.TrimSpace(l)
		p := Problem{File: file, Msg: l}
		if m := lineRE.FindStringSubmatch(l); m != nil {
			fmt.Sscan(m[1], &p.Line)
			p.Col = firstColumn(data, p.Line)
			p.Msg = explain(m[2])
		}
		out = append(out, p)
	}
	return out
}

var notFoundRE = regexp.MustCompile(`^field (\S+) not found in type config\.(\w+)$`)

// explain rewrites a yaml message in the file's own terms.
func explain(msg string) string {
	if m := notFoundRE.FindStringSubmatch(msg); m != nil {
		known := knownKeys[m[2]]
		hint := ""
		if s := closest(m[1], known); s != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", s)
		}
		return fmt.Sprintf("unknown key %q%s; known keys here: %s", m[1], hint, strings.Join(known, ", "))
	}
	return msg
}

// knownKeys lists each struct's yaml keys by type name, for messages.
var knownKeys = func() map[string][]string {
	m := map[string][]string{}
	for _, v := range []any{Config{}, Auth{}, Deploy{}, Legacy{}, Backend{}, Validation{}} {
		t := reflect.TypeOf(v)
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				m[t.Name()] = append(m[t.Name()], name)
			}
		}
	}
	return m
}()

// closest returns the known key nearest to s when it is a likely typo.
func closest(s string, known []string) string { return words.Closest(s, known) }

// firstColumn is the 1-based column of the first non-blank character of
// line: where the key the YAML decoder complains about starts.
func firstColumn(data []byte, line int) int {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 0
	}
	l := lines[line-1]
	return len(l) - len(bytes.TrimLeft(l, " \t")) + 1
}

// indexLines records the line and column of every key, by dotted path.
func indexLines(n *yaml.Node, prefix string, lines, cols map[string]int) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if prefix != "" {
			key = prefix + "." + k.Value
		}
		lines[key], cols[key] = k.Line, k.Column
		indexLines(v, key, lines, cols)
	}
}

// Line returns the line of a dotted key ("auth.userPoolArn"), or 0.
func (c *Config) Line(key string) int { return c.lines[key] }

// Dir is the directory of the loaded file ("" when parsed from bytes);
// Spec and Out are relative to it.
func (c *Config) Dir() string { return c.dir }

// SpecPath is Spec resolved against the file's directory ("" when unset).
func (c *Config) SpecPath() string { return c.resolve(c.Spec) }

// OutPath is Out resolved against the file's directory (default: the directory itself).
func (c *Config) OutPath() string {
	if c.Out == "" {
		if c.dir == "" {
			return "."
		}
		return c.dir
	}
	return c.resolve(c.Out)
}

func (c *Config) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) || c.dir == "" {
		return p
	}
	return filepath.Join(c.dir, filepath.FromSlash(p))
}

// modulePathRE is a loose Go module path check; go mod tidy has the last word.
var modulePathRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-_~]*(/[A-Za-z0-9.\-_~]+)*$`)

// serviceRE is a service name usable as a directory, a CloudFormation stack name part and a Cognito resource server.
var serviceRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// CheckService reports why name is not a usable service name.
func CheckService(name string) error {
	if !serviceRE.MatchString(name) {
		return fmt.Errorf("service name %q must be lower-case letters, digits and '-', starting with a letter, at most 63 characters (e.g. print-shop)", name)
	}
	return nil
}

// CheckModule reports why path is not a usable Go module path.
func CheckModule(path string) error {
	if !modulePathRE.MatchString(path) || strings.Contains(path, "//") || strings.HasSuffix(path, "/") {
		return fmt.Errorf("module %q is not a Go module path (e.g. github.com/acme/print-shop)", path)
	}
	return nil
}

// CheckUserPoolARN reports why arn is not a Cognito user pool ARN.
func CheckUserPoolARN(arn string) error {
	if _, _, ok := model.ParseUserPoolARN(arn); !ok {
		return fmt.Errorf("user pool ARN %q does not look like arn:aws:cognito-idp:<region>:<account id>:userpool/<region>_<id>", arn)
	}
	return nil
}

// CheckBackendURL reports why u is not an acceptable backend URL.
func CheckBackendURL(u string, allowHTTP bool) error {
	p, err := url.Parse(u)
	switch {
	case err != nil || p.Host == "":
		return fmt.Errorf("backend URL %q must be absolute, e.g. https://legacy.example.com/orders/{id}", u)
	case p.Scheme == "http" && !allowHTTP:
		return fmt.Errorf("backend URL %q uses http; use https, or set legacy.allowHTTP (--allow-http-legacy)", u)
	case p.Scheme != "https" && p.Scheme != "http":
		return fmt.Errorf("backend URL %q must use https", u)
	}
	return nil
}

// Validate returns every problem with c at once (an *Error), or nil. file
// names the config in messages.
func (c *Config) Validate(file string) error {
	if ps := c.problems(file, false); len(ps) > 0 {
		return &Error{ps}
	}
	return nil
}

// problems lists every invalid setting; skipVersion leaves out a missing
// version already reported as such.
func (c *Config) problems(file string, skipVersion bool) []Problem {
	var ps []Problem
	add := func(key, format string, args ...any) {
		ps = append(ps, Problem{File: file, Line: c.lines[key], Col: c.cols[key], Msg: fmt.Sprintf(format, args...)})
	}
	if c.Version != Version && !skipVersion {
		add("version", "version must be %d, not %d (this specgate reads version %d files)", Version, c.Version, Version)
	}
	if c.Service != "" {
		if err := CheckService(c.Service); err != nil {
			add("service", "%v", err)
		}
	}
	if c.Module != "" {
		if err := CheckModule(c.Module); err != nil {
			add("module", "%v", err)
		}
	}
	if c.API != "" && c.API != APIRest && c.API != APIHTTP {
		add("api", "api must be rest or http, not %q", c.API)
	}
	switch c.Auth.Authorizer {
	case "", AuthCognito, AuthNone:
	case AuthJWT:
		if c.API != APIHTTP {
			add("auth.authorizer", "authorizer jwt needs api: http (REST APIs use the cognito authorizer)")
		}
	default:
		add("auth.authorizer", "authorizer must be cognito, jwt or none, not %q", c.Auth.Authorizer)
	}
	if c.Auth.UserPoolARN != "" {
		if err := CheckUserPoolARN(c.Auth.UserPoolARN); err != nil {
			add("auth.userPoolArn", "%v", err)
		}
		if c.Auth.Authorizer == AuthNone {
			add("auth.userPoolArn", "userPoolArn is set but authorizer is none; remove one of them")
		}
	}
	if c.Auth.ResourceServer != "" && !model.ValidConfiguredResourceServer(c.Auth.ResourceServer) {
		add("auth.resourceServer", "resourceServer %q: Cognito accepts 1 to 256 printable ASCII characters except space, '\"' and '\\', not ending in '/'", c.Auth.ResourceServer)
	}
	if c.Deploy.Stage != "" && !model.ValidStage(c.Deploy.Stage) {
		add("deploy.stage", "stage %q: API Gateway accepts letters, digits and '_' (at most 128)", c.Deploy.Stage)
	}
	for i, o := range c.Deploy.CORSOrigins {
		switch {
		case o == "*":
			add("deploy.corsOrigins", "corsOrigins[%d]: the wildcard origin lets any site call the API with the user's token; list the origins", i)
		case !model.ValidOrigin(o):
			add("deploy.corsOrigins", "corsOrigins[%d] %q %s", i, o, model.OriginRule)
		}
	}
	c.validateOperability(add)
	for _, name := range sortedKeys(c.Legacy.BaseURLs) {
		if err := CheckBackendURL(c.Legacy.BaseURLs[name], c.Legacy.AllowHTTP); err != nil {
			add("legacy.baseURLs."+name, "baseURLs.%s: %v", name, err)
		}
	}
	for _, name := range sortedKeys(c.Legacy.Connections) {
		if v := c.Legacy.Connections[name]; v != ConnectionInternet && v != ConnectionVPCLink {
			add("legacy.connections."+name, "connections.%s must be internet or vpc-link, not %q", name, v)
		}
	}
	for i, h := range c.Legacy.ForwardHeaders {
		if !strings.EqualFold(h, "Authorization") && !strings.EqualFold(h, "Cookie") {
			add("legacy.forwardHeaders", "forwardHeaders[%d] %q: only Authorization and Cookie are held back from legacy backends; list only those", i, h)
		}
	}
	for _, op := range sortedKeys(c.Legacy.Backends) {
		b := c.Legacy.Backends[op]
		key := "legacy.backends." + op
		if err := CheckBackendURL(b.URI, c.Legacy.AllowHTTP); err != nil {
			add(key, "backends.%s: %v", op, err)
		}
		if b.TimeoutMillis != 0 && (b.TimeoutMillis < 50 || b.TimeoutMillis > 300000) {
			add(key, "backends.%s.timeoutMillis must be 50 to 29000 (up to 300000 for Regional REST APIs by quota)", op)
		}
	}
	if c.Validation.MaxBodyBytes < 0 || c.Validation.MaxBodyBytes > MaxMaxBodyBytes {
		add("validation.maxBodyBytes", "maxBodyBytes must be from 1 to 10485760 (API Gateway's 10 MB payload limit)")
	}
	return ps
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Marshal writes c as a specgate.yaml, starting with the schema comment
// editors use, then "version: 1".
func (c *Config) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# yaml-language-server: $schema=" + SchemaURL + "\n")
	b.WriteString("# specgate.yaml: what the spec does not say. `specgate generate` reads it;\n")
	b.WriteString("# flags override it. Paths are relative to this file.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
