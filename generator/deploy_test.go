package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/awslabs/goformation/v7"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/cognito"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

// deployCase is one generation whose deploy files are checked.
type deployCase struct {
	name    string
	refused bool // refusedSpecs lists it: it may be refused here too
	opts    generator.Options
	res     *generator.Result
	dir     string            // holds deploy/*.yaml as generated
	docs    map[string]any    // deploy file -> decoded YAML
	raw     map[string][]byte // deploy file -> bytes
}

func (c *deployCase) file(name string) string { return filepath.Join(c.dir, filepath.FromSlash(name)) }

// printShopVariants are print-shop generated with the deploy settings
// that change the deploy files.
func printShopVariants(path string) []deployCase {
	pool := "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"
	return []deployCase{
		{name: "print-shop-http", opts: generator.Options{SpecPath: path, Kind: model.HTTP}},
		{name: "print-shop-http-jwt-cors", opts: generator.Options{SpecPath: path, Kind: model.HTTP, Authorizer: "jwt",
			CORSOrigins: []string{"https://app.print-shop.example.com", "https://admin.print-shop.example.com"}}},
		{name: "print-shop-none", opts: generator.Options{SpecPath: path, Authorizer: "none"}},
		{name: "print-shop-existing-pool", opts: generator.Options{SpecPath: path, UserPoolARN: pool, Stage: "live",
			ResourceServer: "https://api.print-shop.example.com", CORSOrigins: []string{"https://app.print-shop.example.com"},
			LegacyBaseURLs: map[string]string{"pricing.legacy.print-shop.internal": "https://pricing.internal.example.com/v2"}}},
		{name: "print-shop-cors", opts: generator.Options{SpecPath: path,
			CORSOrigins: []string{"https://app.print-shop.example.com", "https://admin.print-shop.example.com"}}},
		{name: "print-shop-http-existing-pool", opts: generator.Options{SpecPath: path, Kind: model.HTTP, UserPoolARN: pool}},
		{name: "print-shop-http-none", opts: generator.Options{SpecPath: path, Kind: model.HTTP, Authorizer: "none"}},
		{name: "print-shop-backend", opts: generator.Options{SpecPath: path,
			Backends: map[string]generator.Backend{"getOrder": {URI: "https://orders.legacy.example.com/orders/{orderId}", TimeoutMillis: 10000}}}},
		{name: "print-shop-http-backend", opts: generator.Options{SpecPath: path, Kind: model.HTTP,
			Backends: map[string]generator.Backend{"getOrder": {URI: "https://orders.legacy.example.com/orders/{orderId}"}}}},
	}
}

// generateDeployCases generates print-shop (and its variants) and every
// spec of the corpus that generates, and writes their deploy files into
// root.
func generateDeployCases(t *testing.T, root string) []*deployCase {
	t.Helper()
	var cases []*deployCase
	for _, s := range realSpecs(t) {
		want, refused := refusedSpecs[s.name]
		// A spec refused only for a pattern Go cannot compile still has
		// deploy files: API Gateway's validator reads the pattern itself.
		// One refused as a REST API is deployed as an HTTP API.
		opts := generator.Options{SpecPath: s.path, SkipUnsupportedPatterns: true}
		if want.httpAPI {
			opts.Kind, refused = model.HTTP, false
		}
		cases = append(cases, &deployCase{name: s.name, refused: refused, opts: opts})
		if s.name == "awsdocs-http-api-petstore.json" { // written for an HTTP API: its HTTP proxy integrations are kept
			cases = append(cases, &deployCase{name: s.name + "-http", opts: generator.Options{SpecPath: s.path, Kind: model.HTTP}})
		}
		if s.name == "print-shop.yaml" {
			for _, v := range printShopVariants(s.path) {
				cases = append(cases, &v)
			}
		}
	}
	start := time.Now()
	var kept []*deployCase
	for _, c := range cases {
		// print-shop goes through the whole pipeline (the template needs its
		// Makefile); the corpus through the deploy emitters only, as
		// TestRealSpecs already generates and builds each whole project.
		gen := generator.GenerateDeploy
		if strings.HasPrefix(c.name, "print-shop") {
			gen = generator.Generate
		}
		res, err := gen(context.Background(), c.opts)
		if err != nil && c.refused {
			t.Logf("%s: refused, as refusedSpecs says: %v", c.name, firstLineOf(err))
			continue
		}
		if err != nil {
			t.Fatalf("%s: generate: %v", c.name, err)
		}
		c.res = res
		kept = append(kept, c)
		c.dir = filepath.Join(root, c.name)
		c.docs, c.raw = map[string]any{}, map[string][]byte{}
		for _, p := range []string{apigw.Path, sam.Path, cognito.Path} {
			f, ok := res.Files.Get(p)
			if !ok {
				continue
			}
			if err := os.MkdirAll(filepath.Dir(c.file(p)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(c.file(p), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := yaml.Unmarshal(f.Data, &doc); err != nil {
				t.Fatalf("%s: %s is not YAML: %v", c.name, p, err)
			}
			c.docs[p], c.raw[p] = doc, f.Data
		}
	}
	t.Logf("generated %d deploy cases in %s", len(kept), time.Since(start).Round(time.Millisecond))
	return kept
}

func firstLineOf(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// TestDeploy generates every case once and runs the independent
// validators over all deploy files (each npm tool once, over every file),
// then the checks no validator makes.
func TestDeploy(t *testing.T) {
	root := t.TempDir()
	cases := generateDeployCases(t, root)
	var templates, samTemplates, definitions []string
	for _, c := range cases {
		if _, ok := c.docs[sam.Path]; !ok {
			t.Errorf("%s: no %s", c.name, sam.Path)
		} else {
			templates = append(templates, c.file(sam.Path))
			samTemplates = append(samTemplates, c.file(sam.Path))
		}
		if _, ok := c.docs[cognito.Path]; ok {
			templates = append(templates, c.file(cognito.Path))
		}
		if _, ok := c.docs[apigw.Path]; !ok {
			t.Errorf("%s: no %s", c.name, apigw.Path)
		} else {
			definitions = append(definitions, c.file(apigw.Path))
		}
	}
	// The npm and Python tools and the Go checks run side by side (2 cores
	// in CI), each tool once over every file.
	t.Run("run", func(t *testing.T) {
		t.Run("cfn-validate", func(t *testing.T) { t.Parallel(); runCFNValidate(t, root, templates) })
		t.Run("cfn-lint", func(t *testing.T) { t.Parallel(); runCFNLint(t, root, templates) })
		t.Run("sam-translator", func(t *testing.T) { t.Parallel(); runSAMTransform(t, root, samTemplates) })
		t.Run("redocly", func(t *testing.T) { t.Parallel(); runRedocly(t, root, definitions) })
		t.Run("checks", func(t *testing.T) {
			t.Parallel()
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					t.Run("kin-openapi", func(t *testing.T) { kinValidate(t, c) })
					t.Run("goformation", func(t *testing.T) { goformationParse(t, c) })
					t.Run("definition", func(t *testing.T) { checkDefinition(t, c) })
					t.Run("template", func(t *testing.T) { checkTemplate(t, c) })
					t.Run("cognito", func(t *testing.T) { checkCognito(t, c) })
				})
			}
		})
	})
}

// repoRoot is the repository root as seen from the generator package.
const repoRoot = ".."

func toolPath(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(repoRoot, ".tools", "node_modules", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is missing: run `make tools` (it installs @aws/cloudformation-validate and @redocly/cli into .tools/node_modules)", p)
	}
	return p
}

func nodeBinary(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not on PATH: the deploy validators are Node.js tools; install Node.js 20 or later, then `make tools`")
	}
	return node
}

func sharedValidators(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(sharedDir, "validators"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(p, "cfn-validate.cjs")); err != nil {
		t.Fatalf("../shared/validators is missing beside the repository (CI puts it there): %v", err)
	}
	return p
}

// runCFNValidate runs AWS's offline CloudFormation validator, strict, once
// over every template.
func runCFNValidate(t *testing.T, root string, files []string) {
	node, pkg := nodeBinary(t), toolPath(t, "@aws/cloudformation-validate")
	script := filepath.Join(sharedValidators(t), "cfn-validate.cjs")
	rel := make([]string, len(files))
	for i, f := range files {
		rel[i], _ = filepath.Rel(root, f)
	}
	start := time.Now()
	cmd := exec.Command(node, append([]string{script, "--strict"}, rel...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CFNV_PKG="+pkg)
	out, err := cmd.CombinedOutput()
	t.Logf("cfn-validate --strict over %d templates: %s", len(files), time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("cfn-validate --strict failed (%v):\n%s", err, out)
	}
	if n := strings.Count(string(out), "\nOK "); n+boolInt(strings.HasPrefix(string(out), "OK ")) != len(files) {
		t.Fatalf("cfn-validate reported %d OK lines for %d templates:\n%s", n, len(files), out)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runRedocly lints every definition with Redocly CLI and the API Gateway
// plugin, in one run; any problem of severity error fails.
func runRedocly(t *testing.T, root string, files []string) {
	node := nodeBinary(t)
	cli := filepath.Join(toolPath(t, "@redocly/cli"), "bin", "cli.js")
	config := filepath.Join(sharedValidators(t), "redocly.yaml")
	args := []string{cli, "lint", "--config", config, "--format", "json", "--max-problems", "10000"}
	start := time.Now()
	cmd := exec.Command(node, append(args, files...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	t.Logf("redocly lint over %d definitions: %s", len(files), time.Since(start).Round(time.Millisecond))
	type problem struct {
		RuleID   string `json:"ruleId"`
		Severity string
		Message  string
		Location []struct {
			Source  struct{ Ref string }
			Pointer string
		}
	}
	// One JSON report per file, one after the other.
	var problems []problem
	warnings, reports := 0, 0
	data := stdout.Bytes()
	if i := bytes.IndexByte(data, '{'); i >= 0 {
		data = data[i:]
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var report struct {
			Totals   struct{ Errors, Warnings int }
			Problems []problem
		}
		if err := dec.Decode(&report); err != nil {
			t.Fatalf("redocly lint (%v): cannot read its JSON report: %v\nstdout:\n%s\nstderr:\n%s", runErr, err, lastBytes(stdout.Bytes(), 3000), lastBytes(stderr.Bytes(), 3000))
		}
		reports++
		warnings += report.Totals.Warnings
		problems = append(problems, report.Problems...)
	}
	if reports != len(files) {
		t.Fatalf("redocly lint (%v) gave %d reports for %d files\nstderr:\n%s", runErr, reports, len(files), lastBytes(stderr.Bytes(), 3000))
	}
	var errs []string
	for _, p := range problems {
		if p.Severity != "error" {
			continue
		}
		where := ""
		if len(p.Location) > 0 {
			where = p.Location[0].Source.Ref + "#" + p.Location[0].Pointer
		}
		errs = append(errs, fmt.Sprintf("%s %s: %s", p.RuleID, where, p.Message))
	}
	sort.Strings(errs)
	if len(errs) > 0 {
		if len(errs) > 60 {
			errs = append(errs[:60], fmt.Sprintf("... and %d more", len(errs)-60))
		}
		t.Fatalf("redocly lint: %d errors:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	if runErr != nil {
		t.Fatalf("redocly lint failed without errors in its report: %v\n%s", runErr, lastBytes(stderr.Bytes(), 3000))
	}
	t.Logf("redocly: 0 errors, %d warnings (rules of the spec's own content, such as missing 4XX responses)", warnings)
}

// kinValidate loads openapi.yaml with kin-openapi and validates it. Only
// pattern compilation is off: API Gateway's patterns are ECMA-262, which
// Go's regexp (used by kin-openapi) does not fully read.
func kinValidate(t *testing.T, c *deployCase) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(c.raw[apigw.Path])
	if err != nil {
		t.Fatalf("kin-openapi cannot load %s: %v", apigw.Path, err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableSchemaPatternValidation()); err != nil {
		t.Fatalf("kin-openapi: %s does not validate: %v", apigw.Path, err)
	}
	if doc.OpenAPI != "3.0.1" {
		t.Errorf("openapi %q, want 3.0.1 (API Gateway does not import 3.1)", doc.OpenAPI)
	}
}

// goformationParse parses the templates into goformation's typed
// resources, which refuse unknown property names and resource types.
func goformationParse(t *testing.T, c *deployCase) {
	for _, p := range []string{sam.Path, cognito.Path} {
		if _, ok := c.raw[p]; !ok {
			continue
		}
		tmpl, err := goformation.ParseYAML(withoutUnknownToGoformation(c.raw[p]))
		if err != nil {
			t.Fatalf("goformation: %s: %v", p, err)
		}
		if len(tmpl.Resources) == 0 {
			t.Errorf("goformation: %s has no resources", p)
		}
	}
}

// withoutUnknownToGoformation drops the SAM properties goformation's
// (latest, v7.14.9) schema lacks or spells differently: a function's
// LoggingConfig (SAM has it since 2023), an HTTP API's AccessLogSettings
// (goformation reads AccessLogSetting) and RouteSettings (a map of route
// keys in SAM). The SAM translator and cfn-lint check them
// (TestOperableTemplate).
func withoutUnknownToGoformation(data []byte) []byte {
	var doc map[string]any
	if yaml.Unmarshal(data, &doc) != nil {
		return data
	}
	drop := map[string][]string{
		"AWS::Serverless::Function": {"LoggingConfig"},
		"AWS::Serverless::HttpApi":  {"AccessLogSettings", "RouteSettings"},
	}
	res, _ := doc["Resources"].(map[string]any)
	for _, r := range res {
		m, _ := r.(map[string]any)
		t, _ := m["Type"].(string)
		if props, _ := m["Properties"].(map[string]any); props != nil {
			for _, k := range drop[t] {
				delete(props, k)
			}
		}
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return data
	}
	return out
}

func lastBytes(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// checker is what the checks report to: a *testing.T, or a collector
// in the tests that prove each check catches its mistake.
type checker interface {
	Helper()
	Errorf(format string, args ...any)
}

// --- helpers over decoded YAML ---

func mapAt(v any, path ...string) map[string]any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	m, _ := v.(map[string]any)
	return m
}

func listAt(v any, path ...string) []any {
	for _, p := range path[:len(path)-1] {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	m, _ := v.(map[string]any)
	l, _ := m[path[len(path)-1]].([]any)
	return l
}

func strs(l []any) []string {
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

var methodsLower = []string{"get", "put", "post", "delete", "options", "head", "patch"}

// checkDefinition checks the API Gateway definition against the model:
// security pushed to every operation with exactly its scopes, an
// integration everywhere, draft 4 models only, validators on every REST
// method, gateway responses.
func checkDefinition(t checker, c *deployCase) {
	def := c.docs[apigw.Path]
	checkDefinitionDoc(t, c, def, false)
}

func checkDefinitionDoc(t checker, c *deployCase, def any, inTemplate bool) {
	t.Helper()
	api, dep := c.res.API, c.res.Deploy
	paths := mapAt(def, "paths")
	schemes := mapAt(def, "components", "securitySchemes")
	rest := api.Kind == model.REST
	validators := mapAt(def, "x-amazon-apigateway-request-validators")
	authz := dep.AuthorizerName
	rs := ""
	if dep.Cognito != nil {
		rs = dep.Cognito.ResourceServer
	}
	for _, op := range api.Operations {
		o := mapAt(paths, op.Path, strings.ToLower(op.Method))
		if o == nil {
			if op.Method == "TRACE" {
				continue
			}
			t.Errorf("%s %s: missing from the definition", op.Method, op.Path)
			continue
		}
		od := dep.Ops[op]
		// Security: public operations have none, token operations the
		// authorizer with exactly their scopes.
		sec, hasSec := o["security"].([]any)
		switch {
		case dep.Authorizer == model.AuthNone || op.Public || !od.Gateway.Token:
			if !hasSec || len(sec) != 0 {
				t.Errorf("%s %s: the gateway checks no token here (public: %v), want security: [], got %v", op.Method, op.Path, op.Public, o["security"])
			}
			if !op.Public && dep.Authorizer != model.AuthNone && dep.AuthorizerName != "" && len(op.Security) > 0 && od.Gateway.Why == "" {
				t.Errorf("%s %s: not public, no gateway check, and no reason given", op.Method, op.Path)
			}
		case od.Gateway.Token:
			want := map[string]bool{}
			anyEmpty := false
			for _, req := range op.Security {
				n := 0
				for _, ss := range req.Schemes {
					for _, s := range ss.Scopes {
						want[model.CognitoScope(rs, s)] = true
						n++
					}
				}
				anyEmpty = anyEmpty || n == 0
			}
			if anyEmpty {
				want = map[string]bool{}
			}
			if len(sec) != 1 {
				t.Errorf("%s %s: want one security requirement naming %s, got %v", op.Method, op.Path, authz, o["security"])
				continue
			}
			req, _ := sec[0].(map[string]any)
			got, ok := req[authz].([]any)
			if !ok || len(req) != 1 {
				t.Errorf("%s %s: security %v does not name the authorizer %s", op.Method, op.Path, sec[0], authz)
				continue
			}
			gotSet := map[string]bool{}
			for _, s := range strs(got) {
				gotSet[s] = true
			}
			if fmt.Sprint(sortedSet(gotSet)) != fmt.Sprint(sortedSet(want)) {
				t.Errorf("%s %s: scopes %v, want exactly %v", op.Method, op.Path, sortedSet(gotSet), sortedSet(want))
			}
			if schemes[authz] == nil {
				t.Errorf("%s %s: security names %s, which components.securitySchemes does not define", op.Method, op.Path, authz)
			}
		}
		// Integration.
		in := mapAt(o, "x-amazon-apigateway-integration")
		if in == nil {
			t.Errorf("%s %s: no x-amazon-apigateway-integration", op.Method, op.Path)
			continue
		}
		typ, _ := in["type"].(string)
		switch {
		case od.Legacy != nil:
			if typ != "http_proxy" {
				t.Errorf("%s %s: legacy operation with integration type %q", op.Method, op.Path, typ)
			}
			checkLegacy(t, c, op, od, in, inTemplate)
		case od.Kept != nil:
		default:
			if typ != "aws_proxy" || in["httpMethod"] != "POST" {
				t.Errorf("%s %s: Lambda operation with integration %v, want aws_proxy POST", op.Method, op.Path, in)
			}
			checkFunctionURI(t, op, in["uri"], inTemplate)
			if !rest && in["payloadFormatVersion"] != "2.0" {
				t.Errorf("%s %s: HTTP API Lambda integration without payloadFormatVersion 2.0", op.Method, op.Path)
			}
		}
	}
	// Every method (CORS preflights included) has an integration and, on
	// a REST API, a defined request validator.
	for p, item := range paths {
		for _, m := range methodsLower {
			o := mapAt(item, m)
			if o == nil {
				continue
			}
			if mapAt(o, "x-amazon-apigateway-integration") == nil {
				t.Errorf("%s %s: no integration", m, p)
			}
			v, ok := o["x-amazon-apigateway-request-validator"].(string)
			switch {
			case rest && !ok:
				t.Errorf("%s %s: no request validator", m, p)
			case rest && validators[v] == nil:
				t.Errorf("%s %s: request validator %q is not defined", m, p, v)
			case !rest && ok:
				t.Errorf("%s %s: HTTP APIs have no request validators, got %q", m, p, v)
			}
		}
	}
	if rest {
		binary := map[string]bool{}
		for _, ct := range strs(listAt(def, "x-amazon-apigateway-binary-media-types")) {
			binary[ct] = true
		}
		for _, op := range api.Operations {
			if op.Body == nil {
				continue
			}
			for _, ct := range op.Body.ContentTypes {
				mt := strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
				if (mt == "application/octet-stream" || strings.HasPrefix(mt, "image/") || strings.HasPrefix(mt, "multipart/")) && !binary[mt] {
					t.Errorf("%s %s takes %s bodies, which x-amazon-apigateway-binary-media-types does not list", op.Method, op.Path, ct)
				}
			}
		}
		for _, name := range []string{apigw.ValidatorBodyAndParams, apigw.ValidatorParamsOnly} {
			if mapAt(validators, name) == nil {
				t.Errorf("validator %s is not defined", name)
			}
		}
		grs := mapAt(def, "x-amazon-apigateway-gateway-responses")
		for _, name := range apigw.GatewayResponseTypes {
			gr := mapAt(grs, name)
			if gr == nil {
				t.Errorf("gateway response %s missing", name)
				continue
			}
			if ct := mapAt(gr, "responseParameters")["gatewayresponse.header.Content-Type"]; ct != "'application/problem+json'" {
				t.Errorf("gateway response %s: Content-Type %v, want 'application/problem+json'", name, ct)
			}
			body, _ := mapAt(gr, "responseTemplates")["application/json"].(string)
			// Gateway response templates do plain substitution, no escaping,
			// and the messages API Gateway substitutes carry quotes and quote
			// the request: the body must be JSON and substitute nothing.
			if !json.Valid([]byte(body)) {
				t.Errorf("gateway response %s: template is not JSON: %s", name, body)
			}
			if v := gatewayVar.FindString(body); v != "" {
				t.Errorf("gateway response %s substitutes %s, which can break its JSON or echo the request: %s", name, v, body)
			}
		}
	} else if mapAt(def, "x-amazon-apigateway-gateway-responses") != nil {
		t.Errorf("HTTP API definition with gateway responses")
	}
	// The authorizer.
	if s := mapAt(schemes, authz); s != nil {
		a := mapAt(s, "x-amazon-apigateway-authorizer")
		if rest {
			if s["type"] != "apiKey" || s["in"] != "header" || s["name"] != "Authorization" ||
				s["x-amazon-apigateway-authtype"] != "cognito_user_pools" || a["type"] != "cognito_user_pools" {
				t.Errorf("REST authorizer %s is not a Cognito user pool authorizer: %v", authz, s)
			}
			if arns := listAt(s, "x-amazon-apigateway-authorizer", "providerARNs"); len(arns) != 1 {
				t.Errorf("authorizer %s: providerARNs %v, want the one user pool", authz, arns)
			}
		} else {
			if a["type"] != "jwt" || a["identitySource"] != "$request.header.Authorization" || mapAt(a, "jwtConfiguration")["issuer"] == nil {
				t.Errorf("HTTP authorizer %s is not a JWT authorizer with an issuer: %v", authz, s)
			}
			if aud := listAt(a, "jwtConfiguration", "audience"); len(aud) == 0 {
				t.Errorf("JWT authorizer %s has no audience", authz)
			}
		}
	}
	checkModels(t, mapAt(def, "components", "schemas"))
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func checkFunctionURI(t checker, op *model.Operation, uri any, inTemplate bool) {
	t.Helper()
	if !inTemplate {
		s, _ := uri.(string)
		if !strings.Contains(s, apigw.PlaceholderFunctionARN) || !strings.HasSuffix(s, "/invocations") {
			t.Errorf("%s %s: integration uri %v is not the documented placeholder", op.Method, op.Path, uri)
		}
		return
	}
	sub, _ := mapAt(uri)["Fn::Sub"].(string)
	if !strings.Contains(sub, "${"+sam.FunctionID+".Arn}") || !strings.HasSuffix(sub, "/invocations") {
		t.Errorf("%s %s: integration uri %v does not invoke ${%s.Arn}", op.Method, op.Path, uri, sam.FunctionID)
	}
}

func checkLegacy(t checker, c *deployCase, op *model.Operation, od *model.OperationDeploy, in map[string]any, inTemplate bool) {
	t.Helper()
	if inTemplate {
		sub, _ := mapAt(in["uri"])["Fn::Sub"].(string)
		if sub != "${"+od.Legacy.Backend.Param+"}"+od.Legacy.Path {
			t.Errorf("%s %s: legacy uri %v, want Fn::Sub ${%s}%s", op.Method, op.Path, in["uri"], od.Legacy.Backend.Param, od.Legacy.Path)
		}
	} else if in["uri"] != od.Legacy.Backend.BaseURL+od.Legacy.Path {
		t.Errorf("%s %s: legacy uri %v, want %s", op.Method, op.Path, in["uri"], od.Legacy.Backend.BaseURL+od.Legacy.Path)
	}
	if in["timeoutInMillis"] == nil {
		t.Errorf("%s %s: legacy integration without timeoutInMillis", op.Method, op.Path)
	}
	params := mapAt(in, "requestParameters")
	token := od.Gateway.Token && c.res.Deploy.Authorizer != model.AuthNone
	if c.res.API.Kind == model.REST {
		for _, name := range od.Legacy.URIParams {
			if params["integration.request.path."+name] == nil {
				t.Errorf("%s %s: URI parameter {%s} is not mapped", op.Method, op.Path, name)
			}
		}
		for _, p := range op.Params {
			if p.In == model.InQuery && params["integration.request.querystring."+p.Name] != "method.request.querystring."+p.Name {
				t.Errorf("%s %s: query parameter %s is not forwarded", op.Method, op.Path, p.Name)
			}
		}
		if token && (params["integration.request.header."+model.SubjectHeader] != "context.authorizer.claims.sub" ||
			params["integration.request.header."+model.ScopesHeader] != "context.authorizer.claims.scope") {
			t.Errorf("%s %s: the verified identity is not forwarded: %v", op.Method, op.Path, params)
		}
	} else if token && params["overwrite:header."+model.SubjectHeader] != "$context.authorizer.claims.sub" {
		t.Errorf("%s %s: the verified identity is not forwarded: %v", op.Method, op.Path, params)
	}
}

var modelName = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// checkModels requires alphanumeric model names, only keywords API
// Gateway's draft 4 validator takes, draft 4 exclusive bounds, $refs that
// resolve, and no cycle among models.
// gatewayVar matches a variable of a gateway response template.
var gatewayVar = regexp.MustCompile(`\$\{?(context|stageVariables|input|util)\b[^"'\s,}]*`)

func checkModels(t checker, models map[string]any) {
	t.Helper()
	edges := map[string][]string{}
	for name, m := range models {
		if !modelName.MatchString(name) {
			t.Errorf("model name %q is not alphanumeric", name)
		}
		var walk func(v any, at string)
		walk = func(v any, at string) {
			s, ok := v.(map[string]any)
			if !ok {
				t.Errorf("model %s at %s: schema is %T, not an object", name, at, v)
				return
			}
			for k, x := range s {
				if !apigw.Keywords[k] {
					t.Errorf("model %s at %s: keyword %q is not one API Gateway's draft 4 models take", name, at, k)
				}
				switch k {
				case "$ref":
					target := strings.TrimPrefix(fmt.Sprint(x), "#/components/schemas/")
					if models[target] == nil {
						t.Errorf("model %s at %s: $ref %v names no model", name, at, x)
					}
					edges[name] = append(edges[name], target)
				case "type":
					if _, ok := x.(string); !ok {
						t.Errorf("model %s at %s: type %v is not a single type name", name, at, x)
					}
				case "properties":
					for p, ps := range mapAt(x) {
						walk(ps, at+"/properties/"+p)
					}
				case "items":
					walk(x, at+"/items")
				case "additionalProperties":
					if _, isBool := x.(bool); !isBool {
						walk(x, at+"/additionalProperties")
					}
				case "allOf", "anyOf":
					l, _ := x.([]any)
					for i, e := range l {
						walk(e, fmt.Sprintf("%s/%s/%d", at, k, i))
					}
				}
			}
		}
		walk(m, "#")
	}
	state := map[string]int{}
	var visit func(n string, stack []string)
	visit = func(n string, stack []string) {
		state[n] = 1
		for _, m := range edges[n] {
			if state[m] == 1 {
				t.Errorf("models refer to each other in a cycle: %s -> %s", strings.Join(append(stack, n), " -> "), m)
			} else if state[m] == 0 {
				visit(m, append(stack, n))
			}
		}
		state[n] = 2
	}
	names := sortedSet(func() map[string]bool {
		s := map[string]bool{}
		for n := range models {
			s[n] = true
		}
		return s
	}())
	for _, n := range names {
		if state[n] == 0 {
			visit(n, nil)
		}
	}
}

// validRuntimes are the Lambda runtimes for a Go bootstrap binary.
var validRuntimes = map[string]bool{"provided.al2023": true, "provided.al2": true}

// checkTemplate checks what no validator here looks at: the SAM function
// (CodeUri, Runtime, the Makefile target sam build runs), and that the
// function, API, authorizer and Cognito stack refer to each other.
func checkTemplate(t checker, c *deployCase) {
	tmpl := c.docs[sam.Path]
	if tmpl == nil {
		t.Errorf("no template")
		return
	}
	if mapAt(tmpl)["Transform"] != "AWS::Serverless-2016-10-31" {
		t.Errorf("Transform %v", mapAt(tmpl)["Transform"])
	}
	res := mapAt(tmpl, "Resources")
	params := mapAt(tmpl, "Parameters")
	checkReferences(t, tmpl)

	fn := mapAt(res, sam.FunctionID)
	props := mapAt(fn, "Properties")
	if fn["Type"] != "AWS::Serverless::Function" {
		t.Errorf("%s is a %v", sam.FunctionID, fn["Type"])
	}
	if uri, _ := props["CodeUri"].(string); uri != ".." {
		t.Errorf("%s: CodeUri %v, want .. (the project root, which holds the Makefile)", sam.FunctionID, props["CodeUri"])
	}
	if rt, _ := props["Runtime"].(string); !validRuntimes[rt] {
		t.Errorf("%s: Runtime %v is not a runtime for a Go bootstrap", sam.FunctionID, props["Runtime"])
	}
	if props["Handler"] != "bootstrap" {
		t.Errorf("%s: Handler %v, want bootstrap", sam.FunctionID, props["Handler"])
	}
	if a := strs(listAt(props, "Architectures")); len(a) != 1 || (a[0] != "arm64" && a[0] != "x86_64") {
		t.Errorf("%s: Architectures %v", sam.FunctionID, a)
	}
	if mapAt(fn, "Metadata")["BuildMethod"] != "makefile" {
		t.Errorf("%s: Metadata.BuildMethod %v, want makefile", sam.FunctionID, mapAt(fn, "Metadata")["BuildMethod"])
	}
	mk, ok := c.res.Files.Get("Makefile")
	if !ok {
		if strings.HasPrefix(c.name, "print-shop") {
			t.Errorf("the project has no Makefile for sam build")
		}
	} else if !regexp.MustCompile(`(?m)^build-` + sam.FunctionID + `:.*\n(\t.*\n)*\t.*\$\(ARTIFACTS_DIR\)/bootstrap`).Match(mk.Data) {
		t.Errorf("the Makefile has no build-%s target writing $(ARTIFACTS_DIR)/bootstrap:\n%s", sam.FunctionID, mk.Data)
	}
	if getAtt(props["Role"]) != sam.RoleID+".Arn" {
		t.Errorf("%s: Role %v, want the GetAtt of %s", sam.FunctionID, props["Role"], sam.RoleID)
	}
	role := mapAt(res, sam.RoleID)
	if role["Type"] != "AWS::IAM::Role" || !strings.Contains(fmt.Sprint(role), "lambda.amazonaws.com") {
		t.Errorf("%s is not a role Lambda can assume: %v", sam.RoleID, role)
	}
	if s := fmt.Sprint(mapAt(res, sam.LogPolicyID)); !strings.Contains(s, "logs:PutLogEvents") || strings.Contains(s, "\"*\"") || strings.Contains(s, "Resource:*") {
		t.Errorf("%s is not scoped to the function's log group: %s", sam.LogPolicyID, s)
	}
	perm := mapAt(res, sam.PermissionID, "Properties")
	if getAtt(perm["FunctionName"]) != sam.FunctionID+".Arn" || !strings.Contains(fmt.Sprint(perm["SourceArn"]), "${"+sam.APIID+"}") {
		t.Errorf("%s does not let the API invoke the function: %v", sam.PermissionID, perm)
	}
	api := mapAt(res, sam.APIID)
	wantType := map[model.APIKind]string{model.REST: "AWS::Serverless::Api", model.HTTP: "AWS::Serverless::HttpApi"}[c.res.API.Kind]
	if api["Type"] != wantType {
		t.Errorf("%s is a %v, want %s", sam.APIID, api["Type"], wantType)
	}
	apiProps := mapAt(api, "Properties")
	if _, ok := apiProps["Auth"]; ok {
		t.Errorf("%s has Auth: the authorizer belongs in the definition, where openapi.yaml has it", sam.APIID)
	}
	if ref := mapAt(apiProps["StageName"])["Ref"]; ref != sam.ParamStage || params[sam.ParamStage] == nil {
		t.Errorf("%s: StageName %v, want the Stage parameter", sam.APIID, apiProps["StageName"])
	}
	def := apiProps["DefinitionBody"]
	if def == nil {
		t.Errorf("%s has no inline DefinitionBody (a spec change must make a new deployment)", sam.APIID)
		return
	}
	checkDefinitionDoc(t, c, def, true)
	// The definition in the template is openapi.yaml with references for placeholders.
	sameShape(t, c.docs[apigw.Path], def)
	// The authorizer's pool comes from the parameter or from the Cognito stack's export.
	dep := c.res.Deploy
	if dep.AuthorizerName != "" && sam.UsesCognito(dep) {
		scheme := mapAt(def, "components", "securitySchemes", dep.AuthorizerName)
		var pool any
		if c.res.API.Kind == model.REST {
			arns := listAt(scheme, "x-amazon-apigateway-authorizer", "providerARNs")
			if len(arns) == 1 {
				pool = arns[0]
			}
			if dep.UserPoolARN != "" {
				if mapAt(pool)["Ref"] != sam.ParamUserPoolARN {
					t.Errorf("providerARNs %v, want Ref %s", pool, sam.ParamUserPoolARN)
				}
			} else {
				checkImport(t, c, pool, "UserPoolArn")
			}
		} else {
			for _, a := range listAt(scheme, "x-amazon-apigateway-authorizer", "jwtConfiguration", "audience") {
				checkImport(t, c, a, "")
			}
		}
	}
	for _, o := range mapAt(tmpl, "Outputs") {
		if imp := mapAt(o, "Value", "Fn::ImportValue"); imp != nil {
			checkImport(t, c, mapAt(o, "Value"), "")
		}
	}
}

func getAtt(v any) string {
	l, _ := mapAt(v)["Fn::GetAtt"].([]any)
	return strings.Join(strs(l), ".")
}

// checkImport requires v to import an output that cognito.yaml exports.
func checkImport(t checker, c *deployCase, v any, want string) {
	t.Helper()
	sub, _ := mapAt(v, "Fn::ImportValue")["Fn::Sub"].(string)
	output, ok := strings.CutPrefix(sub, "${"+sam.ParamCognitoStack+"}-")
	if !ok {
		t.Errorf("%v does not import from the Cognito stack", v)
		return
	}
	if want != "" && output != want {
		t.Errorf("imports %s, want %s", output, want)
	}
	exp := mapAt(c.docs[cognito.Path], "Outputs", output)
	if sub, _ := mapAt(exp, "Export", "Name")["Fn::Sub"].(string); sub != "${AWS::StackName}-"+output {
		t.Errorf("the template imports %s, which %s does not export", output, cognito.Path)
	}
}

// sameShape requires two definitions to have the same paths, methods and
// security.
func sameShape(t checker, a, b any) {
	t.Helper()
	pa, pb := mapAt(a, "paths"), mapAt(b, "paths")
	if len(pa) != len(pb) {
		t.Errorf("openapi.yaml has %d paths, the template's definition %d", len(pa), len(pb))
	}
	for p, item := range pa {
		for _, m := range methodsLower {
			oa, ob := mapAt(item, m), mapAt(pb, p, m)
			if (oa == nil) != (ob == nil) {
				t.Errorf("%s %s is in only one of openapi.yaml and the template", m, p)
				continue
			}
			if oa != nil && fmt.Sprint(oa["security"]) != fmt.Sprint(ob["security"]) {
				t.Errorf("%s %s: security differs: %v vs %v", m, p, oa["security"], ob["security"])
			}
		}
	}
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// checkReferences requires every Ref, Fn::GetAtt, Fn::Sub variable and
// DependsOn of a template to name a parameter, resource or pseudo parameter.
func checkReferences(t checker, tmpl any) {
	t.Helper()
	params, res := mapAt(tmpl, "Parameters"), mapAt(tmpl, "Resources")
	known := func(name string, locals map[string]any) bool {
		if strings.HasPrefix(name, "AWS::") {
			return true
		}
		if _, ok := locals[name]; ok {
			return true
		}
		base, _, _ := strings.Cut(name, ".")
		return params[name] != nil || res[base] != nil
	}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				switch k {
				case "Ref":
					if s, ok := y.(string); !ok || !known(s, nil) {
						t.Errorf("%s: Ref %v names nothing", at, y)
					}
				case "Fn::GetAtt":
					l := strs(y.([]any))
					if len(l) != 2 || res[l[0]] == nil {
						t.Errorf("%s: Fn::GetAtt %v names no resource", at, y)
					}
				case "Fn::Sub":
					s, _ := y.(string)
					var locals map[string]any
					if l, ok := y.([]any); ok && len(l) == 2 {
						s, _ = l[0].(string)
						locals = mapAt(l[1])
					}
					for _, m := range subVar.FindAllStringSubmatch(s, -1) {
						if !known(m[1], locals) {
							t.Errorf("%s: Fn::Sub %q uses ${%s}, which names nothing", at, s, m[1])
						}
					}
				case "DependsOn":
					for _, d := range strs(y.([]any)) {
						if res[d] == nil {
							t.Errorf("%s: DependsOn %s names no resource", at, d)
						}
					}
				}
				walk(y, at+"/"+k)
			}
		case []any:
			for i, y := range x {
				walk(y, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(mapAt(tmpl, "Resources"), "Resources")
	walk(mapAt(tmpl, "Outputs"), "Outputs")
}

var (
	scopeNameRE = regexp.MustCompile(`^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$`)
	rsIDRE      = regexp.MustCompile(`^[\x21\x23-\x5B\x5D-\x7E]{1,256}$`)
)

// checkCognito requires every scope the definition uses to exist in a
// resource server and in an app client, Cognito's name rules, and clients
// that wait for the resource servers whose scopes they name.
func checkCognito(t checker, c *deployCase) {
	dep := c.res.Deploy
	doc, ok := c.docs[cognito.Path]
	if !sam.UsesCognito(dep) {
		if ok {
			t.Errorf("%s written although no operation needs a token", cognito.Path)
		}
		return
	}
	if !ok {
		t.Errorf("operations need tokens but there is no %s", cognito.Path)
		return
	}
	checkReferences(t, doc)
	res := mapAt(doc, "Resources")
	defined := map[string]string{} // full scope -> resource server logical ID
	for id, r := range res {
		if mapAt(r)["Type"] != "AWS::Cognito::UserPoolResourceServer" {
			continue
		}
		p := mapAt(r, "Properties")
		ident, _ := p["Identifier"].(string)
		if !rsIDRE.MatchString(ident) {
			t.Errorf("%s: identifier %q breaks Cognito's rules", id, ident)
		}
		scopes := listAt(p, "Scopes")
		if len(scopes) > 100 {
			t.Errorf("%s: %d scopes, Cognito allows 100", id, len(scopes))
		}
		for _, s := range scopes {
			name, _ := mapAt(s)["ScopeName"].(string)
			desc, _ := mapAt(s)["ScopeDescription"].(string)
			if !scopeNameRE.MatchString(name) {
				t.Errorf("%s: scope name %q breaks Cognito's rules", id, name)
			}
			if n := len([]rune(desc)); n < 1 || n > 256 {
				t.Errorf("%s: scope %s description of %d characters", id, name, n)
			}
			defined[ident+"/"+name] = id
		}
	}
	granted := map[string]bool{}
	if len(dep.Cognito.Clients) == 0 {
		t.Errorf("no app client")
	}
	for _, client := range dep.Cognito.Clients {
		id := client.LogicalID
		cl := mapAt(res, id)
		if cl == nil || cl["Type"] != "AWS::Cognito::UserPoolClient" {
			t.Errorf("no app client %s", id)
			continue
		}
		flows := strs(listAt(cl, "Properties", "AllowedOAuthFlows"))
		if want := map[bool]string{true: "client_credentials", false: "code"}[client.Service]; len(flows) != 1 || flows[0] != want {
			t.Errorf("%s: AllowedOAuthFlows %v, want [%s]", id, flows, want)
		}
		if n := len(listAt(cl, "Properties", "AllowedOAuthScopes")); n == 0 || n > model.MaxScopesPerClient {
			t.Errorf("%s: %d scopes; Cognito wants 1 to %d", id, n, model.MaxScopesPerClient)
		}
		if exp := mapAt(doc, "Outputs", cognito.ClientOutput(client), "Export"); exp == nil {
			t.Errorf("%s: its ID is not exported", id)
		}
		deps := map[string]bool{}
		for _, d := range strs(listAt(cl, "DependsOn")) {
			deps[d] = true
		}
		for _, s := range strs(listAt(cl, "Properties", "AllowedOAuthScopes")) {
			granted[s] = true
			if model.StandardScopes[s] {
				if client.Service {
					t.Errorf("%s: client_credentials client with standard scope %s", id, s)
				}
				continue
			}
			server, ok := defined[s]
			if !ok {
				t.Errorf("%s allows %s, which no resource server defines", id, s)
			} else if !deps[server] {
				t.Errorf("%s allows %s but does not depend on %s, which defines it", id, s, server)
			}
		}
	}
	for _, op := range c.res.API.Operations {
		for _, s := range dep.Ops[op].Gateway.Scopes {
			if _, ok := defined[s]; !ok && !model.StandardScopes[s] {
				t.Errorf("%s %s requires %s, which no resource server defines", op.Method, op.Path, s)
			}
			if !granted[s] {
				t.Errorf("%s %s requires %s, which no app client may request", op.Method, op.Path, s)
			}
		}
	}
}
