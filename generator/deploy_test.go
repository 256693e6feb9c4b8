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

// vpcLinks puts print-shop's two private legacy backends behind VPC links.
var vpcLinks = map[string]string{"pricing.legacy.print-shop.internal": "vpc-link", "shipping.legacy.print-shop.internal": "vpc-link"}

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
		{name: "print-shop-vpc-link", opts: generator.Options{SpecPath: path, LegacyConnections: vpcLinks}},
		{name: "print-shop-http-vpc-link", opts: generator.Options{SpecPath: path, Kind: model.HTTP, LegacyConnections: vpcLinks}},
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
				if v.opts.Authorizer == "none" {
					// No authorizer: a legacy route needing a token would
					// be refused (TestLegacyNeedsVerifyingGateway).
					v.opts.SpecPath = publicLegacyCopy(t, s.path)
				}
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

// publicLegacyRE is the security requirement of a legacy operation in
// print-shop: the line after "security:" that precedes its integration.
var publicLegacyRE = regexp.MustCompile(`security:\n\s+- cognito: \[[^\]]*\]\n(\s+x-specgate-integration:)`)

// publicLegacyCopy writes a copy of the spec at path whose legacy
// operations are public (security: []), and returns its path.
func publicLegacyCopy(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := publicLegacyRE.ReplaceAll(data, []byte("security: []\n$1"))
	if n := len(publicLegacyRE.FindAll(data, -1)); n != 2 {
		t.Fatalf("%s: %d legacy operations' security found, want print-shop's 2", path, n)
	}
	copyPath := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(copyPath, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return copyPath
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

// --- helpers over decoded YAML ---
