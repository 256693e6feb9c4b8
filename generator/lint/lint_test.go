package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator/spec"
)

// rules.yaml is written to trigger each rule once or more; the limits get
// specs of their own below.
func TestEveryRuleFires(t *testing.T) {
	fs, err := File("testdata/rules.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]Finding{}
	for _, f := range fs {
		got[f.Rule] = append(got[f.Rule], f)
		if f.File != "testdata/rules.yaml" || f.Line == 0 || f.Col == 0 {
			t.Errorf("finding without a position: %+v", f)
		}
		if f.Hint == "" {
			t.Errorf("finding without a hint: %+v", f)
		}
	}
	want := map[string]string{ // rule -> line:col of its first finding
		"apigw-openapi31":            "1:10",
		"scope-undeclared":           "28:19",
		"operation-id-missing":       "26:5",
		"operation-id-duplicate":     "19:20",
		"route-collision":            "17:3",
		"path-param-undeclared":      "26:5",
		"path-param-unused":          "22:18",
		"security-scheme-undeclared": "29:11",
		"multiple-scopes":            "14:11",
		"cognito-scope-name":         "57:13",
		"pattern-unsupported":        "65:39",
		"apigw-dropped":              "63:7",
		"apigw-model-name":           "68:5",
		"apigw-recursive-model":      "61:5",
		"path-template":              "32:3",
		"ref-unresolved":             "41:17",
	}
	for rule, pos := range want {
		list := got[rule]
		if len(list) == 0 {
			t.Errorf("rule %s did not fire", rule)
			continue
		}
		if p := fmt.Sprintf("%d:%d", list[0].Line, list[0].Col); p != pos {
			t.Errorf("rule %s first at %s, want %s: %s", rule, p, pos, list[0].Message)
		}
	}
	for rule := range got {
		if _, ok := want[rule]; !ok {
			t.Errorf("unexpected rule %s: %+v", rule, got[rule])
		}
	}
	if t.Failed() {
		var b bytes.Buffer
		WriteText(&b, fs)
		t.Log(b.String())
	}
}

func TestSkipUnsupportedPatternsWarns(t *testing.T) {
	fs, _ := File("testdata/rules.yaml", Options{SkipUnsupportedPatterns: true})
	for _, f := range fs {
		if f.Rule == "pattern-unsupported" && f.Severity != Warning {
			t.Errorf("pattern-unsupported is %s with SkipUnsupportedPatterns", f.Severity)
		}
	}
}

func TestAuthorizerNoneSkipsCognito(t *testing.T) {
	fs, _ := File("testdata/rules.yaml", Options{Authorizer: "none"})
	for _, f := range fs {
		if strings.HasPrefix(f.Rule, "cognito-") {
			t.Errorf("authorizer none: %+v", f)
		}
	}
}

// TestCognitoScopesAsGenerateMapsThem: area/verb scopes become scopes of
// the resource server <service>/<area> (as generate maps them), so only
// names Cognito refuses even then are errors.
func TestCognitoScopesAsGenerateMapsThem(t *testing.T) {
	src := `openapi: 3.0.3
info: {title: Shop, version: "1"}
paths: {}
components:
  securitySchemes:
    o:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: "https://a/t", scopes: {"shop/read": r, "other/read": r, "a//b": r, "sp ace": r, "openid": r}}}
`
	fs := Bytes("s.yaml", []byte(src), Options{})
	var got []string
	for _, f := range fs {
		if f.Rule != "cognito-scope-name" || f.Severity != Error {
			t.Errorf("unexpected finding %+v", f)
			continue
		}
		got = append(got, f.Message)
	}
	if len(got) != 2 || !strings.Contains(got[0], `"a//b"`) || !strings.Contains(got[1], `"sp ace"`) {
		t.Errorf("want cognito-scope-name errors for a//b and sp ace only, got %q", got)
	}
}

func TestLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: Big, version: \"1\"}\npaths:\n")
	for i := 0; i < 301; i++ {
		fmt.Fprintf(&b, "  /r%d:\n    get: {operationId: op%d, responses: {\"200\": {description: ok}}}\n", i, i)
	}
	fs := Bytes("big.yaml", []byte(b.String()), Options{})
	if len(fs) != 1 || fs[0].Rule != "apigw-resource-limit" || fs[0].Line != 3 {
		t.Errorf("want apigw-resource-limit at line 3, got %+v", fs)
	}
	big := b.String() + "x-pad: \"" + strings.Repeat("x", MaxBytes) + "\"\n"
	found := false
	for _, f := range Bytes("big.yaml", []byte(big), Options{}) {
		found = found || f.Rule == "apigw-size-limit"
	}
	if !found {
		t.Error("a spec over 6 MB gives no apigw-size-limit finding")
	}
}

func TestSyntaxError(t *testing.T) {
	fs := Bytes("bad.yaml", []byte("openapi: 3.0.3\npaths:\n  /a: [\n"), Options{})
	if len(fs) != 1 || fs[0].Rule != "yaml-syntax" || fs[0].Line == 0 {
		t.Errorf("got %+v", fs)
	}
}

func TestJSON(t *testing.T) {
	fs, _ := File("testdata/rules.yaml", Options{})
	var b bytes.Buffer
	if err := WriteJSON(&b, fs); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Findings []Finding
		Errors   int
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Findings) != len(fs) || out.Errors == 0 {
		t.Errorf("JSON round trip: %d findings, %d errors", len(out.Findings), out.Errors)
	}
}

// Every spec in ../shared/specs lints without crashing, quickly.
func TestSharedSpecs(t *testing.T) {
	entries, err := os.ReadDir("../../../shared/specs")
	if err != nil {
		t.Fatalf("../shared/specs must sit beside the repository: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".json")) {
			continue
		}
		if _, err := File("../../../shared/specs/"+e.Name(), Options{}); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
}

// TestPathTemplateVerdictIsGenerates: lint reads path templates with
// generate's parser (spec.ParsePath), so it refuses exactly the templates
// generate refuses, with the same reason.
func TestPathTemplateVerdictIsGenerates(t *testing.T) {
	for _, p := range []string{
		"/orders/{id}", "/files/{path+}", "/v{ver}.json", "/a/./b", "/a/../b", "/a}b",
		"/{a}{b}", "/x/{id+}/y", "/pre{id+}", "/q/{id*}", "/", "/items/{item.id}",
	} {
		src := fmt.Sprintf("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  %q:\n    get: {operationId: op, responses: {\"200\": {description: ok}}}\n", p)
		var got []string
		for _, f := range Bytes("t.yaml", []byte(src), Options{}) {
			if f.Rule == "path-template" {
				got = append(got, f.Message)
			}
		}
		_, err := spec.ParsePath(p)
		switch {
		case err == nil && len(got) > 0:
			t.Errorf("%s: generate accepts it, lint says %q", p, got)
		case err != nil && (len(got) != 1 || !strings.Contains(got[0], err.Error())):
			t.Errorf("%s: generate refuses it (%v), lint says %q", p, err, got)
		}
	}
}

// TestSchemaNoTypeAsGenerateTypes: schema-no-type warns exactly where
// generate gives a schema an untyped Go value (model.UntypedGoValue): not
// on a typeless allOf member whose sibling has type: object, nor where a
// $ref'd sibling or enum decides; on a parent whose members all lack a
// type (at its allOf), and on a plain typeless object schema. The lines
// marked "# warn" are the only findings.
func TestSchemaNoTypeAsGenerateTypes(t *testing.T) {
	const src = `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Typed:
      type: object
      properties: {a: {type: string}}
    SiblingTyped:
      allOf:
        - type: object
          properties: {a: {type: string}}
        - required: [a]
    RefSiblingTyped:
      allOf:
        - $ref: '#/components/schemas/Typed'
        - required: [a]
    EnumDecides:
      required: [a]
      enum: [{a: x}]
    Plain:
      required: [a] # warn
    AllUntyped:
      allOf: # warn
        - required: [a]
        - properties: {b: {type: string}}
`
	want := map[int]bool{}
	for i, line := range strings.Split(src, "\n") {
		if strings.HasSuffix(line, "# warn") {
			want[i+1] = true
		}
	}
	got := map[int]bool{}
	for _, f := range Bytes("s.yaml", []byte(src), Options{}) {
		if f.Rule == "schema-no-type" {
			got[f.Line] = true
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("schema-no-type at lines %v, want %v", got, want)
	}
}
