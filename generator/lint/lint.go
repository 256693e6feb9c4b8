// Package lint checks an OpenAPI spec for what breaks, or silently changes,
// once it meets API Gateway, Cognito and Go: route collisions, undeclared
// path parameters and scopes, scope semantics that differ, names Cognito
// refuses, patterns Go cannot compile, constructs REST API import drops,
// and API Gateway's limits. Every finding names file:line:col, a severity,
// a rule id and a fix.
//
// It reads the YAML (or JSON) node tree itself rather than a loaded
// document, so it keeps exact positions and works on specs that generate
// refuses.
package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/internal/words"
)

// Severity says whether a finding fails the lint.
type Severity string

// The severities. Only errors make lint exit non-zero.
const (
	Error   Severity = "error"   // API Gateway, Cognito or the generated code will fail
	Warning Severity = "warning" // it works, but not as the spec says
	Info    Severity = "info"    // API Gateway drops it; the generated Lambda enforces it
)

// Finding is one problem at one place.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// Pos formats the finding's position as file:line:col.
func (f Finding) Pos() string {
	return model.Position{File: f.File, Line: f.Line, Col: f.Col}.String()
}

// Options is what the spec does not say but the rules need.
type Options struct {
	API                     string // rest (default) or http
	Service                 string // service name; default from info.title
	Authorizer              string // cognito (default), jwt or none: none skips Cognito's rules
	ResourceServer          string // Cognito resource server identifier; default the service name
	SkipUnsupportedPatterns bool   // a pattern Go cannot compile is a warning, not an error
	// Backends name the operations specgate.yaml's legacy.backends sends
	// to existing HTTP backends (by operationId or "METHOD /path"), as
	// generate applies them: lint treats them as legacy operations.
	Backends []string
	// LegacyAuthorizer is the authorizer the API really has, against which
	// legacy operations are judged (model.Access.LegacyFault), when
	// Authorizer differs from it only so that Cognito's naming rules apply
	// (a platform's service without an authorizer); "" means Authorizer.
	LegacyAuthorizer string
	// GatewayAccess is how a platform's existing gateway reaches an API
	// without an authorizer (platform.yaml gatewayAccess), as generate
	// gets it; "" is token.
	GatewayAccess string
	// SharedPool is set when the user pool holds app clients that may not
	// call the service (a platform's pool, an existing pool):
	// model.Access.LegacyFault's sharedPool.
	SharedPool bool
}

// Rule describes one rule, for documentation.
type Rule struct {
	ID       string
	Severity Severity
	Summary  string
}

// Rules lists every rule lint applies.
var Rules = []Rule{
	{"yaml-syntax", Error, "the file is not valid YAML or JSON"},
	{"not-openapi", Error, "no openapi or swagger version field"},
	{"ref-unresolved", Error, "a $ref points at nothing"},
	{"wrong-type", Error, "a field whose value has a type OpenAPI does not allow there (a list where a string belongs, ...)"},
	{"swagger2-unreadable", Error, "a Swagger 2.0 construct specgate cannot read (several type names in one schema, several schemas in items)"},
	{"intrinsic-title", Error, "info.title is a CloudFormation intrinsic (a spec written for SAM) and no service name is set"},
	{"operation-id-missing", Warning, "an operation has no operationId: its handler name follows its path and changes with it"},
	{"operation-id-duplicate", Error, "two operations share an operationId"},
	{"path-template", Error, "a path template API Gateway cannot route ({a}{b} in one segment, RFC 6570 operators, a greedy {x+} not last)"},
	{"route-collision", Error, "routes that collide once parameter names are ignored, or sibling path parameters with different names (API Gateway allows one per level)"},
	{"path-param-undeclared", Warning, "a {param} in the path template has no in: path parameter: it is read as a required string"},
	{"path-param-unused", Warning, "an in: path parameter is not in the path template"},
	{"security-scheme-undeclared", Warning, "a security requirement names a scheme that components.securitySchemes does not declare (the spec does not validate; generate warns)"},
	{"scope-undeclared", Error, "a security requirement lists a scope its OAuth 2.0 scheme does not declare"},
	{"multiple-scopes", Warning, "a requirement lists several scopes: OpenAPI means all of them, API Gateway's Cognito and JWT authorizers accept any one"},
	{"amazon-extension-dropped", Warning, "an operation's own x-amazon-apigateway-auth, request validator or (on a legacy operation) integration that would weaken what the gateway checks: generate drops it for specgate's"},
	{"integration-header-mapping", Error, "an operation's own http or http_proxy x-amazon-apigateway-integration maps X-Specgate-Subject or X-Specgate-Scopes (which carry the authorizer's verified claims) or hands the backend the caller's Authorization or Cookie"},
	{"legacy-unchecked", Error, "a legacy operation (x-specgate-integration, or its own x-amazon-apigateway-integration, so no function sees it) whose security nothing in front of its backend enforces: a token with no authorizer (authorizer none), a token alongside a credential the authorizer cannot check, several scopes the authorizer checks as any one, or (REST API, Cognito authorizer, a platform's or an existing pool) a token with no scope, which passes any app client of the pool"},
	{"cognito-scope-name", Error, "a scope Cognito refuses as a custom scope name"},
	{"cognito-scope-limit", Error, "more than 100 scopes for one Cognito resource server (scopes that share a prefix share a server)"},
	{"body-not-validated", Warning, "a request body media type the generated validation does not check: refused with 415 beside the JSON (or form) one it decodes, or handed to the handler raw although its schema says more than bytes (multipart, XML, ...)"},
	{"keyword-not-enforced", Warning, "a schema keyword the generated validation does not enforce ($dynamicRef, contentSchema, draft 2019 keywords)"},
	{"schema-no-type", Warning, "a schema with object keywords (properties, required, additionalProperties) but no type: as in JSON Schema, non-objects pass too, so its Go type is untyped (interface{}) instead of a struct"},
	{"allof-closed", Warning, "an allOf schema with additionalProperties: false forbids a property another schema of the allOf requires (no value can be valid) or declares (it can never be sent)"},
	{"pattern-unsupported", Error, "a pattern Go's regexp (RE2) cannot compile (lookaround, backreferences)"},
	{"apigw-dropped", Info, "a schema keyword REST API models drop or reject (discriminator, readOnly, minItems, maxItems, boolean exclusiveMinimum/Maximum, integer formats on numbers); the generated Lambda enforces it"},
	{"apigw-model-name", Info, "a schema name that is not alphanumeric: REST API model names must be; deploy/openapi.yaml renames it"},
	{"apigw-recursive-model", Warning, "a recursive schema: REST API models cannot be recursive, so the gateway cannot validate it"},
	{"apigw-openapi31", Info, "OpenAPI 3.1: REST API import accepts 3.0 only; deploy/openapi.yaml is written as 3.0"},
	{"apigw-resource-limit", Warning, "more than 300 API Gateway resources (path levels), the default quota per REST API"},
	{"apigw-size-limit", Warning, "a spec larger than 6 MB, API Gateway's import limit (generate warns when deploy/openapi.yaml is larger)"},
	{"apigw-authorizer-limit", Warning, "more than 10 security schemes in use: API Gateway allows 10 authorizers per API"},
}

func severityOf(rule string) Severity {
	for _, r := range Rules {
		if r.ID == rule {
			return r.Severity
		}
	}
	return Error
}

// Limits.
const (
	MaxResources   = 300
	MaxBytes       = 6 << 20
	MaxScopes      = 100
	MaxAuthorizers = 10
)

// File lints the spec at path (and the local files its $refs name).
// The error is only for a spec file that cannot be read.
func File(path string, opts Options) ([]Finding, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Bytes(path, data, opts), nil
}

// Bytes lints data, named path in findings; $refs to other files are read
// relative to path.
func Bytes(path string, data []byte, opts Options) []Finding {
	l := &linter{opts: opts, docs: map[string]*doc{}, seen: map[*yaml.Node]bool{}, members: map[*yaml.Node]bool{}}
	d := l.parse(path, data, true)
	if d == nil {
		return l.sorted()
	}
	// Every $ref that points at nothing, in this file and the files its
	// $refs reach, found as generate finds them.
	for _, p := range spec.UnresolvedRefs(path, d.node) {
		rule := "ref-unresolved"
		if p.Hint == spec.SyntaxHint {
			rule = "yaml-syntax"
		}
		l.findings = append(l.findings, Finding{File: p.Pos.File, Line: p.Pos.Line, Col: p.Pos.Col, Severity: Error, Rule: rule, Message: p.Msg, Hint: p.Hint})
	}
	l.size += len(data)
	if get(d.root, "swagger") != nil && get(d.root, "openapi") == nil {
		if _, perr := spec.ReadSwagger2(path, data); perr != nil {
			for _, p := range perr.Problems {
				l.findings = append(l.findings, Finding{File: path, Line: p.Pos.Line, Col: p.Pos.Col, Severity: Error, Rule: "swagger2-unreadable", Message: p.Msg, Hint: p.Hint})
			}
		}
	} else if p := spec.DecodeProblem(path, data); p != nil {
		rule := "wrong-type"
		if p.Hint == spec.SyntaxHint {
			rule = "yaml-syntax"
		}
		l.findings = append(l.findings, Finding{File: path, Line: p.Pos.Line, Col: p.Pos.Col, Severity: Error, Rule: rule, Message: p.Msg, Hint: p.Hint})
	}
	l.run(d)
	return l.sorted()
}

type doc struct {
	file string
	node *yaml.Node // the parsed file
	root *yaml.Node // the document's top mapping
}

type linter struct {
	opts     Options
	docs     map[string]*doc
	findings []Finding
	seen     map[*yaml.Node]bool // schema nodes already walked
	members  map[*yaml.Node]bool // schemas written directly in an allOf list
	size     int
}

func (l *linter) add(file string, n *yaml.Node, rule, hint, format string, args ...any) {
	f := Finding{File: file, Severity: severityOf(rule), Rule: rule, Message: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		f.Line, f.Col = n.Line, n.Column
	}
	if rule == "pattern-unsupported" && l.opts.SkipUnsupportedPatterns {
		f.Severity = Warning
	}
	l.findings = append(l.findings, f)
}

func (l *linter) sorted() []Finding {
	sort.SliceStable(l.findings, func(i, j int) bool {
		a, b := l.findings[i], l.findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Rule < b.Rule
	})
	return l.findings
}

// parse reads a YAML or JSON file into a node tree, or reports why not
// (when report is set: $ref'd files are reported by spec.UnresolvedRefs).
func (l *linter) parse(path string, data []byte, report bool) *doc {
	root, p := spec.ParseYAML(path, data)
	if p != nil {
		if report {
			l.findings = append(l.findings, Finding{File: path, Line: p.Pos.Line, Col: p.Pos.Col, Severity: Error, Rule: "yaml-syntax", Message: p.Msg, Hint: p.Hint})
		}
		return nil
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		if report {
			l.add(path, root, "not-openapi", `start the document with "openapi: 3.0.3"`, "not an OpenAPI document: the top level is not a mapping")
		}
		return nil
	}
	d := &doc{file: path, node: root, root: root.Content[0]}
	l.docs[path] = d
	return d
}

// get returns the value of key in mapping n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	_, v := entry(n, key)
	return v
}

// entry returns the key and value nodes of key in mapping n.
func entry(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// pairs calls fn for each key/value of mapping n, in document order.
func pairs(n *yaml.Node, fn func(k, v *yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i], n.Content[i+1])
	}
}

// resolve follows $ref (local "#/a/b" or "file.yaml#/a/b") to the node it
// names, with the file it is in. A broken $ref is reported and gives nil.
func (l *linter) resolve(file string, n *yaml.Node) (string, *yaml.Node) {
	for range 32 {
		ref := get(n, "$ref")
		if ref == nil {
			return file, n
		}
		target, ptr, _ := strings.Cut(ref.Value, "#")
		tfile := file
		if target != "" {
			if strings.Contains(target, "://") {
				return file, nil // remote: generate refuses it with a hint
			}
			tfile = filepath.Join(filepath.Dir(file), filepath.FromSlash(target))
		}
		d := l.docs[tfile]
		if d == nil {
			data, err := os.ReadFile(tfile)
			if err != nil {
				return file, nil // reported by spec.UnresolvedRefs
			}
			if d = l.parse(tfile, data, false); d == nil {
				return file, nil
			}
			l.size += len(data)
		}
		next := pointer(d.root, ptr)
		if next == nil {
			return file, nil // reported by spec.UnresolvedRefs
		}
		file, n = tfile, next
	}
	return file, nil
}

// pointer follows a JSON pointer ("/components/schemas/Pet") from n.
func pointer(n *yaml.Node, ptr string) *yaml.Node {
	if ptr == "" || ptr == "/" {
		return n
	}
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		switch n.Kind {
		case yaml.MappingNode:
			n = get(n, part)
		case yaml.SequenceNode:
			var i int
			if _, err := fmt.Sscan(part, &i); err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operation is one method on one path, as found in the file.
type operation struct {
	method, path string
	key          *yaml.Node // the method key, for positions
	node         *yaml.Node
	pathItem     *yaml.Node
	file         string
}

func (l *linter) run(d *doc) {
	version := get(d.root, "openapi")
	swagger := get(d.root, "swagger") != nil
	if version == nil && !swagger {
		l.add(d.file, d.root, "not-openapi", `start the document with "openapi: 3.0.3" (or "swagger: \"2.0\"")`, "not an OpenAPI document: no openapi or swagger version field")
		return
	}
	if version != nil && strings.HasPrefix(version.Value, "3.1") && l.opts.API != "http" {
		l.add(d.file, version, "apigw-openapi31", "nothing to do: the generated Lambda enforces what the 3.0 definition cannot say", "OpenAPI %s: API Gateway REST API import accepts 3.0 only; specgate writes deploy/openapi.yaml as 3.0", version.Value)
	}
	if t := get(get(d.root, "info"), "title"); t != nil && l.opts.Service == "" {
		if f := spec.IntrinsicFunc(t); f != "" {
			l.add(d.file, t, "intrinsic-title", "set service: in specgate.yaml, or pass --name",
				"info.title is a CloudFormation intrinsic (%s): its value exists only once deployed, and specgate needs a literal service name", f)
		}
	}
	ops := l.operations(d)
	l.operationIDs(ops)
	l.routes(d, ops)
	for _, op := range ops {
		l.pathParams(op)
	}
	l.security(d, ops)
	l.bodies(ops)
	l.schemas(d)
	l.limits(d, ops)
}

func (l *linter) operations(d *doc) []*operation {
	var ops []*operation
	pairs(get(d.root, "paths"), func(pk, pv *yaml.Node) {
		file, item := l.resolve(d.file, pv)
		if item == nil {
			return
		}
		for _, m := range methods {
			k, v := entry(item, m)
			if v != nil {
				ops = append(ops, &operation{method: strings.ToUpper(m), path: pk.Value, key: k, node: v, pathItem: item, file: file})
			}
		}
	})
	return ops
}

func (l *linter) operationIDs(ops []*operation) {
	first := map[string]*operation{}
	for _, op := range ops {
		id := get(op.node, "operationId")
		if id == nil || id.Value == "" {
			l.add(op.file, op.key, "operation-id-missing", "add operationId: a stable camelCase name such as getOrder; it names the handler method and its stub file",
				"%s %s has no operationId; its handler is named after the path and changes when the path does", op.method, op.path)
			continue
		}
		if prev, dup := first[id.Value]; dup {
			l.add(op.file, id, "operation-id-duplicate", "operationIds must be unique in the document",
				"operationId %q is also used by %s %s", id.Value, prev.method, prev.path)
			continue
		}
		first[id.Value] = op
	}
}

// shape is a path segment with its parameter name blanked: "{}" for a
// whole-segment parameter, "v{}.json" around literal text, "{+}" for a
// greedy one. Two templates API Gateway cannot tell apart have the same
// shapes.
func shape(s model.Segment) string {
	switch {
	case s.Greedy:
		return "{+}"
	case s.Param != "":
		return s.Prefix + "{}" + s.Suffix
	}
	return s.Prefix
}

// routes finds templates API Gateway cannot route, routes that collide
// once parameter names are ignored, and sibling parameters with different
// names under one parent (API Gateway's resource tree allows one).
func (l *linter) routes(d *doc, ops []*operation) {
	type level struct {
		name string
		path string
		key  *yaml.Node
	}
	params := map[string]level{} // normalised parent path -> the parameter name used at that level
	byRoute := map[string]*operation{}
	reported := map[string]bool{}
	pathKeys := map[string]*yaml.Node{}
	pairs(get(d.root, "paths"), func(k, _ *yaml.Node) { pathKeys[k.Value] = k })
	for _, op := range ops {
		segs, err := spec.ParsePath(op.path)
		if err != nil {
			if !reported["tmpl "+op.path] {
				reported["tmpl "+op.path] = true
				l.add(d.file, pathKeys[op.path], "path-template", "API Gateway accepts only {name} and a final greedy {name+} per segment; rename the path", "path %q: %v", op.path, err)
			}
			continue
		}
		norm := ""
		for _, s := range segs {
			if s.Param != "" && s.Prefix == "" && s.Suffix == "" { // whole path parts only, as generate checks
				if prev, ok := params[norm]; ok && prev.name != s.Param && l.opts.API != "http" && !reported["sib "+op.path+prev.path] {
					reported["sib "+op.path+prev.path] = true
					l.add(d.file, pathKeys[op.path], "route-collision", "use one parameter name at this level in every path (API Gateway builds one resource per level), or make the paths differ in a literal segment",
						"path %s names its parameter {%s} where %s names it {%s}: API Gateway allows one path parameter per level, and the routes collide", op.path, s.Param, prev.path, prev.name)
				} else if !ok {
					params[norm] = level{s.Param, op.path, pathKeys[op.path]}
				}
			}
			norm += "/" + shape(s)
		}
		if norm == "" {
			norm = "/"
		}
		key := op.method + " " + norm
		if prev, dup := byRoute[key]; dup && prev.path != op.path {
			l.add(op.file, op.key, "route-collision", "make the paths differ in a literal segment, or merge the operations",
				"%s %s collides with %s %s: the routes differ only in parameter names", op.method, op.path, prev.method, prev.path)
			continue
		}
		byRoute[key] = op
	}
}

// pathParams checks the template against the in: path parameters.
func (l *linter) pathParams(op *operation) {
	segs, err := spec.ParsePath(op.path)
	if err != nil {
		return
	}
	inTemplate := map[string]bool{}
	for _, s := range segs {
		if s.Param != "" {
			inTemplate[s.Param] = true
		}
	}
	declared := map[string]bool{}
	for _, group := range []*yaml.Node{get(op.pathItem, "parameters"), get(op.node, "parameters")} {
		if group == nil || group.Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range group.Content {
			file, p := l.resolve(op.file, item)
			if p == nil {
				continue
			}
			in, name := get(p, "in"), get(p, "name")
			if in == nil || name == nil || in.Value != "path" {
				continue
			}
			declared[name.Value] = true
			if !inTemplate[name.Value] && group == get(op.node, "parameters") {
				l.add(file, name, "path-param-unused", "remove the parameter, or add {"+name.Value+"} to the path",
					"%s %s: path parameter %q is not in the path template", op.method, op.path, name.Value)
			}
		}
	}
	for _, s := range segs {
		if s.Param != "" && !declared[s.Param] {
			l.add(op.file, op.key, "path-param-undeclared", fmt.Sprintf("declare it: parameters: [{name: %s, in: path, required: true, schema: {type: string}}]", s.Param),
				"%s %s: path parameter {%s} is not declared", op.method, op.path, s.Param)
		}
	}
}

// scheme is a declared security scheme.
type scheme struct {
	name, typ string
	in, http  string                // apiKey: where it travels; http: the auth scheme
	cognito   bool                  // apiKey with x-amazon-apigateway-authtype: cognito_user_pools
	scopes    map[string]*yaml.Node // declared scopes -> key node
	file      string
}

func (l *linter) schemes(d *doc) map[string]*scheme {
	out := map[string]*scheme{}
	decl := get(get(d.root, "components"), "securitySchemes")
	if decl == nil {
		decl = get(d.root, "securityDefinitions")
	}
	pairs(decl, func(k, v *yaml.Node) {
		file, s := l.resolve(d.file, v)
		if s == nil {
			return
		}
		sc := &scheme{name: k.Value, scopes: map[string]*yaml.Node{}, file: file}
		if t := get(s, "type"); t != nil {
			sc.typ = t.Value
		}
		if in := get(s, "in"); in != nil {
			sc.in = in.Value
		}
		if h := get(s, "scheme"); h != nil {
			sc.http = h.Value
		}
		if a := get(s, "x-amazon-apigateway-authtype"); a != nil && strings.EqualFold(a.Value, "cognito_user_pools") {
			sc.cognito = true
		}
		addScopes := func(m *yaml.Node) {
			pairs(m, func(sk, _ *yaml.Node) {
				if _, ok := sc.scopes[sk.Value]; !ok {
					sc.scopes[sk.Value] = sk
				}
			})
		}
		addScopes(get(s, "scopes")) // Swagger 2.0
		pairs(get(s, "flows"), func(_, flow *yaml.Node) { addScopes(get(flow, "scopes")) })
		out[k.Value] = sc
	})
	return out
}

// security checks requirements against the declared schemes, and the
// scopes against Cognito's rules.
func (l *linter) security(d *doc, ops []*operation) {
	schemes := l.schemes(d)
	used := map[string]bool{}
	check := func(file string, reqs *yaml.Node, where string, legacy bool) {
		if reqs == nil || reqs.Kind != yaml.SequenceNode {
			return
		}
		for _, alt := range reqs.Content {
			pairs(alt, func(k, v *yaml.Node) {
				sc := schemes[k.Value]
				if sc == nil {
					l.add(file, k, "security-scheme-undeclared", "declare it under components.securitySchemes, or fix the name",
						"%s: security scheme %q is not declared", where, k.Value)
					return
				}
				used[k.Value] = true
				if v.Kind != yaml.SequenceNode {
					return
				}
				if sc.typ == "oauth2" {
					for _, s := range v.Content {
						if _, ok := sc.scopes[s.Value]; !ok {
							l.add(file, s, "scope-undeclared", fmt.Sprintf("declare %q in a flow of %s, or fix the name; Cognito only issues declared scopes", s.Value, sc.name),
								"%s: scope %q is not declared by security scheme %s", where, s.Value, sc.name)
						}
					}
				}
				if len(v.Content) > 1 && !legacy && sc.token() { // legacy-unchecked reports a legacy operation's
					names := make([]string, len(v.Content))
					for i, s := range v.Content {
						names[i] = s.Value
					}
					l.add(file, k, "multiple-scopes", "if any one scope should do, list each as its own requirement (security: [{s: [a]}, {s: [b]}]); the generated Lambda enforces all of them",
						"%s: requires all of %s (OpenAPI), but API Gateway's authorizer passes a token with any one of them", where, strings.Join(names, ", "))
				}
			})
		}
	}
	check(d.file, get(d.root, "security"), "security", false)
	for _, op := range ops {
		check(op.file, get(op.node, "security"), op.method+" "+op.path, l.sentElsewhere(op) != "")
	}
	l.legacy(d, ops, schemes)
	l.keptMappings(ops)
	l.amazonExtensions(d, ops, schemes)
	if n := len(used); n > MaxAuthorizers {
		k, _ := entry(get(d.root, "components"), "securitySchemes")
		l.add(d.file, k, "apigw-authorizer-limit", "merge schemes that share an issuer", "%d security schemes are used; API Gateway allows %d authorizers per API", n, MaxAuthorizers)
	}
	l.cognito(d, schemes)
}

// cognito checks scope names the way generate maps them to Cognito
// (spec.CognitoScope): "orders/read" is the scope "read" of the resource
// server "<service>/orders", and each resource server holds at most 100.
func (l *linter) cognito(d *doc, schemes map[string]*scheme) {
	if l.opts.Authorizer == "none" {
		return
	}
	rs := l.opts.ResourceServer
	if rs == "" {
		rs = l.service(d)
	}
	perServer := map[string]map[string]bool{}
	var first *scheme
	names := make([]string, 0, len(schemes))
	for name := range schemes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sc := schemes[name]
		if sc.typ != "oauth2" {
			continue
		}
		if first == nil {
			first = sc
		}
		scopes := make([]string, 0, len(sc.scopes))
		for s := range sc.scopes {
			scopes = append(scopes, s)
		}
		sort.Strings(scopes)
		for _, s := range scopes {
			id, short, problem, custom := spec.CognitoScope(rs, s)
			if !custom {
				continue
			}
			if problem != "" {
				l.add(sc.file, sc.scopes[s], "cognito-scope-name", spec.CognitoScopeHint, "%s (resource server %q)", problem, rs)
				continue
			}
			if perServer[id] == nil {
				perServer[id] = map[string]bool{}
			}
			perServer[id][short] = true
		}
	}
	ids := make([]string, 0, len(perServer))
	for id := range perServer {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if n := len(perServer[id]); n > MaxScopes && first != nil {
			k, _ := entry(get(d.root, "components"), "securitySchemes")
			l.add(first.file, k, "cognito-scope-limit", "split the scopes under different prefixes (each prefix gets its own resource server), or drop scopes no operation uses",
				"resource server %q would hold %d scopes; Cognito allows at most %d per resource server", id, n, MaxScopes)
		}
	}
}

// service is the service name: the option, or one made from info.title.
func (l *linter) service(d *doc) string {
	if l.opts.Service != "" {
		return l.opts.Service
	}
	title := ""
	if t := get(get(d.root, "info"), "title"); t != nil {
		title = t.Value
	}
	return strings.ReplaceAll(model.SnakeName(title, "service"), "_", "-")
}

// limits checks API Gateway's size and resource quotas.
func (l *linter) limits(d *doc, ops []*operation) {
	if l.size > MaxBytes {
		l.add(d.file, d.root, "apigw-size-limit", "split the API, or move large examples and descriptions out of the spec",
			"the definition is %.1f MB; API Gateway imports at most 6 MB", float64(l.size)/(1<<20))
	}
	resources := map[string]bool{"/": true}
	for _, op := range ops {
		segs, err := spec.ParsePath(op.path)
		if err != nil {
			continue
		}
		p := ""
		for _, s := range segs {
			p += "/" + shape(s)
			resources[p] = true
		}
	}
	if len(resources) > MaxResources {
		k, _ := entry(d.root, "paths")
		l.add(d.file, k, "apigw-resource-limit", "ask AWS for a higher quota, or split the API",
			"%d API Gateway resources (one per path level); the default quota is %d per REST API", len(resources), MaxResources)
	}
}

// Count returns the number of findings of each severity.
func Count(fs []Finding) (errors, warnings, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		default:
			infos++
		}
	}
	return
}

// WriteText prints findings as "file:line:col: severity: message [rule]"
// with an indented hint, then a count.
func WriteText(w io.Writer, fs []Finding) error {
	var b bytes.Buffer
	for _, f := range fs {
		fmt.Fprintf(&b, "%s: %s: %s [%s]\n", f.Pos(), f.Severity, f.Message, f.Rule)
		if f.Hint != "" {
			fmt.Fprintf(&b, "\thint: %s\n", f.Hint)
		}
	}
	e, wn, i := Count(fs)
	fmt.Fprintf(&b, "%s, %s, %s\n", words.Count(e, "error"), words.Count(wn, "warning"), words.Count(i, "note"))
	_, err := w.Write(b.Bytes())
	return err
}

// WriteJSON prints findings as one JSON object: {"findings": [...], "errors": n, "warnings": n, "infos": n}.
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	e, wn, i := Count(fs)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Findings []Finding `json:"findings"`
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
		Infos    int       `json:"infos"`
	}{fs, e, wn, i})
}
