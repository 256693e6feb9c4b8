package generator_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/lint"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

// guardSpec has a Lambda operation and a legacy one whose security is
// SECURITY (a line of its own, removed when the case declares none).
const guardSpec = `openapi: 3.0.3
info: {title: guard, version: "1"}
paths:
  /lambda:
    get:
      operationId: lambdaBoth
      security: [{cognito: [a.read, b.read]}]
      responses: {"200": {description: OK}}
  /legacy:
    get:
      operationId: legacyOp
      SECURITY
      x-specgate-integration: {type: http_proxy, uri: "https://backend.example.com/x"}
      responses: {"200": {description: OK}}
components:
  securitySchemes:
    cognito:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: "https://auth.example.com/token", scopes: {a.read: A, b.read: B}}}
    key: {type: apiKey, in: header, name: X-Api-Key}
`

// The legacy operation's method key: where generate and lint report it.
const guardLegacyPos = ":10:5"

// A legacy operation's request reaches no function, so what it requires
// must be checked in front of the backend: a token needs an authorizer
// API Gateway runs on the route (not authorizer none, not an operation
// that also accepts what the authorizer cannot check), and a requirement
// for several scopes cannot rest on an authorizer that passes any one.
// Each such spec is refused at the operation's position by generate and
// by lint alike; the ones the gateway enforces are generated with the
// authorizer (or nothing, where the spec says public) on the route. The
// Lambda operation's all-of scopes stay a warning: the function checks them.
func TestLegacyNeedsVerifyingGateway(t *testing.T) {
	cases := []struct {
		name     string
		security string // "" declares none (secure by default)
		kind     model.APIKind
		auth     string
		fault    string // "" when the spec is accepted
		wantSec  string // accepted: the legacy route's security in deploy/openapi.yaml
		kept     bool   // the route has the spec's own x-amazon-apigateway-integration instead
		pool     bool   // generate gets an existing user pool (its other apps' clients share it)
	}{
		{"one scope, cognito", "security: [{cognito: [a.read]}]", model.REST, "", "", "[map[cognito:[guard/a.read]]]", false, false},
		{"any of two, cognito", "security: [{cognito: [a.read]}, {cognito: [b.read]}]", model.REST, "", "", "[map[cognito:[guard/a.read guard/b.read]]]", false, false},
		{"one scope, jwt", "security: [{cognito: [a.read]}]", model.HTTP, "jwt", "", "[map[cognito:[guard/a.read]]]", false, false},
		{"public, authorizer none", "security: []", model.REST, "none", "", "[]", false, false},
		{"api key only", "security: [{key: []}]", model.REST, "", "", "[]", false, false},
		{"all of two, cognito", "security: [{cognito: [a.read, b.read]}]", model.REST, "", "requires all of the scopes", "", false, false},
		{"all of two, jwt", "security: [{cognito: [a.read, b.read]}]", model.HTTP, "jwt", "requires all of the scopes", "", false, false},
		{"token, authorizer none", "security: [{cognito: [a.read]}]", model.REST, "none", "no authorizer runs on this API", "", false, false},
		{"token, authorizer none, HTTP", "security: [{cognito: [a.read]}]", model.HTTP, "none", "no authorizer runs on this API", "", false, false},
		{"undeclared, authorizer none", "", model.REST, "none", "no authorizer runs on this API", "", false, false},
		{"token or api key", "security: [{cognito: [a.read]}, {key: []}]", model.REST, "", "also accepts key", "", false, false},
		{"kept integration, one scope", "security: [{cognito: [a.read]}]", model.REST, "", "", "[map[cognito:[guard/a.read]]]", true, false},
		{"kept integration, all of two", "security: [{cognito: [a.read, b.read]}]", model.REST, "", "requires all of the scopes", "", true, false},
		{"kept integration, authorizer none", "security: [{cognito: [a.read]}]", model.HTTP, "none", "no authorizer runs on this API", "", true, false},
		// A REST API's Cognito authorizer checks no audience: with no scope
		// it passes a token of any app client of the pool, which in an
		// existing pool are other apps' too; an HTTP API's JWT authorizer
		// checks the audience.
		{"no scope, cognito, new pool", "security: [{cognito: []}]", model.REST, "", "", "[map[cognito:[]]]", false, false},
		{"no scope, cognito, existing pool", "security: [{cognito: []}]", model.REST, "", "checks no audience", "", false, true},
		{"one scope, cognito, existing pool", "security: [{cognito: [a.read]}]", model.REST, "", "", "[map[cognito:[guard/a.read]]]", false, true},
		{"no scope, jwt, existing pool", "security: [{cognito: []}]", model.HTTP, "jwt", "", "[map[cognito:[]]]", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "openapi.yaml")
			src := strings.Replace(guardSpec, "SECURITY", c.security, 1)
			if c.security == "" {
				src = strings.Replace(guardSpec, "      SECURITY\n", "", 1)
			}
			what := spec.LegacyWhat
			if c.kept {
				src = strings.Replace(src, "x-specgate-integration: {type: http_proxy,", "x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, payloadFormatVersion: \"1.0\",", 1)
				what = spec.KeptWhat
			}
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			findings, err := lint.File(path, lint.Options{API: string(c.kind), Authorizer: c.auth, SharedPool: c.pool})
			if err != nil {
				t.Fatal(err)
			}
			var lintErrs []string
			multiple := false
			for _, f := range findings {
				if f.Severity == lint.Error {
					lintErrs = append(lintErrs, f.Pos()+": "+f.Message+" ["+f.Rule+"]")
				}
				multiple = multiple || f.Rule == "multiple-scopes" && strings.Contains(f.Message, "GET /lambda")
			}
			if !multiple {
				t.Errorf("lint: no multiple-scopes warning for the Lambda operation's all-of scopes")
			}
			opts := generator.Options{SpecPath: path, Kind: c.kind, Authorizer: c.auth}
			if c.pool {
				opts.UserPoolARN = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123"
			}
			if c.security == "" {
				opts.Authorizer = "none"
			}
			if c.fault == "" {
				if len(lintErrs) > 0 {
					t.Errorf("lint reports errors on a spec generate accepts:\n%s", strings.Join(lintErrs, "\n"))
				}
				tmpl, _ := deployTemplate(t, opts)
				def := mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody")
				if got := fmt.Sprint(listAt(def, "paths", "/legacy", "get", "security")); got != c.wantSec {
					t.Errorf("legacy route's security %s, want %s", got, c.wantSec)
				}
				return
			}
			if len(lintErrs) != 1 || !strings.Contains(lintErrs[0], path+guardLegacyPos+": GET /legacy: "+what) ||
				!strings.Contains(lintErrs[0], c.fault) || !strings.HasSuffix(lintErrs[0], "[legacy-unchecked]") {
				t.Errorf("lint errors:\n%s\nwant one legacy-unchecked at %s saying %q", strings.Join(lintErrs, "\n"), guardLegacyPos, c.fault)
			}
			res, err := generator.GenerateDeploy(context.Background(), opts)
			var specErr *spec.Error
			if !errors.As(err, &specErr) || res != nil {
				t.Fatalf("generate: %v; want the spec refused (*spec.Error) and no output", err)
			}
			if len(specErr.Problems) != 1 {
				t.Fatalf("generate: %d problems, want 1:\n%v", len(specErr.Problems), err)
			}
			p := specErr.Problems[0]
			if p.Pos.String() != path+guardLegacyPos || !strings.Contains(p.Msg, "GET /legacy: "+what) || !strings.Contains(p.Msg, c.fault) || p.Hint == "" {
				t.Errorf("generate: %s: %s (hint %q); want it at %s saying %q, with a hint", p.Pos, p.Msg, p.Hint, guardLegacyPos, c.fault)
			}
		})
	}
}
