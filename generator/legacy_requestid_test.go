package generator_test

import (
	"context"
	"strings"
	"testing"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

// A deployed legacy operation runs no function: the backend gets API
// Gateway's request id, the one its access log holds, and never the
// caller's X-Request-Id, which API Gateway can neither check nor fall back
// from (docs/platform.md, "Request ids"). Pinned on the REST and HTTP API
// definitions (TestDeploy runs cfn-lint, the SAM translator and redocly
// over them), and the generated README says so to the backend's owners.
func TestLegacyRequestID(t *testing.T) {
	for _, kind := range []model.APIKind{model.REST, model.HTTP} {
		t.Run(string(kind), func(t *testing.T) {
			opts := generator.Options{SpecPath: "../testdata/print-shop.yaml", Kind: kind}
			tmpl, _ := deployTemplate(t, opts)
			key, want := "integration.request.header."+model.RequestIDHeader, "context.requestId"
			if kind == model.HTTP {
				key, want = "overwrite:header."+model.RequestIDHeader, "$context.requestId"
			}
			legacy := 0
			for path, item := range mapAt(tmpl, "Resources", sam.APIID, "Properties", "DefinitionBody", "paths") {
				for method, op := range mapAt(item) {
					in := mapAt(op, "x-amazon-apigateway-integration")
					if in["type"] != "http_proxy" {
						continue
					}
					legacy++
					params := mapAt(in, "requestParameters")
					if params[key] != want {
						t.Errorf("%s %s: %s = %v, want %s", method, path, key, params[key], want)
					}
					for k, v := range params {
						if s, _ := v.(string); strings.Contains(strings.ToLower(s), "header."+strings.ToLower(model.RequestIDHeader)) {
							t.Errorf("%s %s: %s = %s sends the caller's unchecked %s to the backend", method, path, k, s, model.RequestIDHeader)
						}
					}
				}
			}
			if legacy == 0 {
				t.Fatal("print-shop has legacy operations, but no http_proxy integration was found")
			}
			res, err := generator.Generate(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			readme, ok := res.Files.Get("README.md")
			if !ok || !strings.Contains(string(readme.Data), "API Gateway's request id (`$context.requestId`") ||
				!strings.Contains(string(readme.Data), "never gets the caller's id") {
				t.Errorf("the generated README does not tell the backend's owners which request id they get")
			}
		})
	}
}
