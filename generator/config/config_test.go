package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/model"
)

func TestParseTypoNamesItsLine(t *testing.T) {
	src := "version: 1\nservice: print-shop\nauth:\n  autorizer: none\n"
	_, err := Parse("specgate.yaml", []byte(src))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Parse = %v, want *Error", err)
	}
	want := `specgate.yaml:4:3: unknown key "autorizer" (did you mean "authorizer"?); known keys here: authorizer, userPoolArn, resourceServer`
	if got := err.Error(); got != want {
		t.Errorf("error:\n got %s\nwant %s", got, want)
	}
}

func TestParseVersionFirst(t *testing.T) {
	for _, src := range []string{"service: x\nversion: 1\n", "", "- a\n", "version: 2\n"} {
		_, err := Parse("c.yaml", []byte(src))
		if err == nil {
			t.Errorf("Parse(%q) = nil error", src)
			continue
		}
		if !strings.Contains(err.Error(), "version") && !strings.Contains(err.Error(), "mapping") {
			t.Errorf("Parse(%q) = %v; want it to name version", src, err)
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	src := `version: 1
service: Print Shop
module: "http://x"
api: soap
auth:
  authorizer: none
  userPoolArn: arn:aws:cognito-idp:eu-west-1:123:userpool/x
deploy:
  stage: "prod stage"
  corsOrigins: ["*", "app.example.com"]
legacy:
  backends:
    getThing: {uri: "http://legacy.example.com/x", timeoutMillis: 10}
validation:
  maxBodyBytes: -1
`
	_, err := Parse("specgate.yaml", []byte(src))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Parse = %v, want *Error", err)
	}
	wantLines := []int{2, 3, 4, 7, 7, 9, 10, 10, 13, 13, 15}
	var got []int
	for _, p := range ce.Problems {
		got = append(got, p.Line)
	}
	sort.Ints(got)
	if !reflect.DeepEqual(got, wantLines) {
		t.Errorf("problem lines = %v, want %v\n%v", got, wantLines, err)
	}
}

// TestParseReportsEveryKindOfProblemAtOnce: a misplaced version, an
// unknown key, a value of the wrong type and invalid settings come back
// together, in line order, each at line:col.
func TestParseReportsEveryKindOfProblemAtOnce(t *testing.T) {
	src := `service: Print Shop
version: 1
api: soap
auth:
  autorizer: none
deploy:
  stage: [prod]
validation:
  maxBodyBytes: -1
`
	_, err := Parse("specgate.yaml", []byte(src))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Parse = %v, want *Error", err)
	}
	want := []string{
		`specgate.yaml:1:1: the first key must be "version: 1"`,
		`specgate.yaml:1:1: service name "Print Shop" must be`,
		`specgate.yaml:3:1: api must be rest or http, not "soap"`,
		`specgate.yaml:5:3: unknown key "autorizer"`,
		`specgate.yaml:7:3: cannot unmarshal !!seq into string`,
		`specgate.yaml:9:3: maxBodyBytes must be from 1 to 10485760`,
	}
	if len(ce.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ce.Problems), len(want), err)
	}
	for i, p := range ce.Problems {
		if !strings.HasPrefix(p.Error(), want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s...", i, p.Error(), want[i])
		}
	}
}

func full() *Config {
	return &Config{
		Version: 1, Spec: "../openapi.yaml", Out: ".", Service: "print-shop", Module: "github.com/acme/print-shop", API: APIHTTP,
		Auth:   Auth{Authorizer: AuthJWT, UserPoolARN: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123", ResourceServer: "print-shop"},
		Deploy: Deploy{Stage: "prod", CORSOrigins: []string{"https://app.example.com"}},
		Legacy: Legacy{BaseURLs: map[string]string{"orders": "https://orders.example.com"}, AllowHTTP: true,
			Backends: map[string]Backend{"getLegacy": {URI: "http://legacy.example.com/x/{id}", TimeoutMillis: 10000}}},
		Validation: Validation{MaxBodyBytes: 2048, SkipUnsupportedPatterns: true},
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	c := full()
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("# yaml-language-server: $schema="+SchemaURL+"\n")) {
		t.Errorf("Marshal does not start with the schema comment:\n%s", data)
	}
	back, err := Parse("specgate.yaml", data)
	if err != nil {
		t.Fatalf("Parse(Marshal()) = %v\n%s", err, data)
	}
	back.lines, back.cols = nil, nil
	if !reflect.DeepEqual(back, c) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, c)
	}
}

func TestPathsRelativeToFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "svc")
	os.Mkdir(sub, 0o755)
	path := filepath.Join(sub, FileName)
	os.WriteFile(path, []byte("version: 1\nspec: ../api.yaml\n"), 0o644)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.SpecPath(), filepath.Join(dir, "api.yaml"); got != want {
		t.Errorf("SpecPath = %s, want %s", got, want)
	}
	if got := c.OutPath(); got != sub {
		t.Errorf("OutPath = %s, want %s", got, sub)
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../../schema/specgate.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func instance(t *testing.T, yml []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(yml, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// The published schema accepts what Marshal writes, refuses what Parse
// refuses, and names every key the Go structs have.
func TestSchemaMatchesStructs(t *testing.T) {
	s := compileSchema(t)
	data, _ := full().Marshal()
	if err := s.Validate(instance(t, data)); err != nil {
		t.Errorf("schema refuses a valid config: %v\n%s", err, data)
	}
	for _, bad := range []string{"version: 1\nauth: {autorizer: none}\n", "version: 1\napi: soap\n", "version: 2\n", "versoin: 1\n"} {
		if err := s.Validate(instance(t, []byte(bad))); err == nil {
			t.Errorf("schema accepts %q", bad)
		}
	}
	raw, _ := os.ReadFile("../../schema/specgate.schema.json")
	var sch map[string]any
	json.Unmarshal(raw, &sch)
	props := func(m map[string]any) map[string]any { p, _ := m["properties"].(map[string]any); return p }
	check := func(typ string, m map[string]any) {
		for _, k := range knownKeys[typ] {
			if _, ok := props(m)[k]; !ok {
				t.Errorf("schema lacks %s.%s", typ, k)
			}
		}
		if len(props(m)) != len(knownKeys[typ]) {
			t.Errorf("schema has %d keys for %s, the struct %d", len(props(m)), typ, len(knownKeys[typ]))
		}
	}
	top := sch
	check("Config", top)
	for typ, key := range map[string]string{"Auth": "auth", "Deploy": "deploy", "Legacy": "legacy", "Validation": "validation"} {
		check(typ, props(top)[key].(map[string]any))
	}
	backends := props(props(top)["legacy"].(map[string]any))["backends"].(map[string]any)
	check("Backend", backends["additionalProperties"].(map[string]any))
}

// A legacy connection is internet or vpc-link; anything else is named
// with its line.
func TestLegacyConnections(t *testing.T) {
	src := "version: 1\nservice: shop\nmodule: example.com/shop\nlegacy:\n  connections:\n    a.internal: vpc-link\n    b.internal: vpn\n"
	_, err := Parse("specgate.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `specgate.yaml:7:`) || !strings.Contains(err.Error(), `connections.b.internal must be internet or vpc-link, not "vpn"`) || strings.Contains(err.Error(), "a.internal") {
		t.Errorf("Parse = %v, want only b.internal's value refused", err)
	}
	c, err := Parse("specgate.yaml", []byte(strings.Replace(src, "vpn", "internet", 1)))
	if err != nil || c.Legacy.Connections["a.internal"] != ConnectionVPCLink {
		t.Errorf("Parse = %v, %v", c, err)
	}
}

// TestOriginRuleShared: the schema's corsOrigins pattern is
// model.OriginPattern, and the config, the schema and the spec options
// judge each origin alike: a port beyond 65535, a path, an upper-case host
// (a browser never sends one) are refused.
func TestOriginRuleShared(t *testing.T) {
	raw, _ := os.ReadFile("../../schema/specgate.schema.json")
	var sch struct {
		Properties struct {
			Deploy struct {
				Properties struct {
					CORSOrigins struct {
						Items struct {
							Pattern string `json:"pattern"`
						} `json:"items"`
					} `json:"corsOrigins"`
				} `json:"properties"`
			} `json:"deploy"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &sch); err != nil {
		t.Fatal(err)
	}
	if got := sch.Properties.Deploy.Properties.CORSOrigins.Items.Pattern; got != model.OriginPattern {
		t.Errorf("schema pattern %q, want model.OriginPattern %q", got, model.OriginPattern)
	}
	s := compileSchema(t)
	for o, ok := range map[string]bool{
		"https://app.example.com": true, "http://localhost:3000": true, "http://127.0.0.1:8080": true, "http://[::1]:5173": true,
		"https://a.com:65535": true, "http://a.com:99999": false, "http://a.com:65536": false, "http://a.com:0": false,
		"https://a.com/": false, "https://a.com/app": false, "https://App.example.com": false, "ftp://a.com": false,
		"https://a.com?x=1": false, "https://": false, "https://a..com": false, "https://-a.com": false,
	} {
		c := Config{Version: Version}
		c.Deploy.CORSOrigins = []string{o}
		if err := c.Validate("flags"); (err == nil) != ok {
			t.Errorf("Validate(%q) = %v, want ok %v", o, err, ok)
		}
		inst := map[string]any{"version": 1, "deploy": map[string]any{"corsOrigins": []any{o}}}
		if err := s.Validate(inst); (err == nil) != ok {
			t.Errorf("schema on %q: %v, want ok %v", o, err, ok)
		}
	}
}
