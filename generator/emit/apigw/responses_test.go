package apigw

import (
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// gatewayTemplates returns every JSON response template of the gateway
// responses in a REST definition, by response type.
func gatewayTemplates(t *testing.T, doc *yamldoc.Map) map[string]string {
	t.Helper()
	data, err := yamldoc.Encode(nil, doc)
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Responses map[string]struct {
			Templates map[string]string `yaml:"responseTemplates"`
		} `yaml:"x-amazon-apigateway-gateway-responses"`
	}
	if err := yaml.Unmarshal(data, &parsed); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, r := range parsed.Responses {
		for ct, tpl := range r.Templates {
			out[name+" "+ct] = tpl
		}
	}
	return out
}

// TestGatewayResponsesStayJSON renders every gateway response template of
// a REST definition as API Gateway does (plain substitution, no escaping)
// with hostile values for every variable, and parses the result: each
// stays JSON, and none substitutes anything, so no request value (a
// pattern's input string, an Authorization header) is ever echoed.
func TestGatewayResponsesStayJSON(t *testing.T) {
	api := &model.API{Name: "svc", Kind: model.REST}
	for _, dep := range []*model.Deploy{
		{Ops: map[*model.Operation]*model.OperationDeploy{}},
		{Ops: map[*model.Operation]*model.OperationDeploy{}, CORSOrigins: []string{"https://app.example.com"}},
	} {
		doc, _ := Definition(api, dep, StandaloneRefs(dep))
		tpls := gatewayTemplates(t, doc)
		if len(tpls) != len(GatewayResponseTypes) {
			t.Fatalf("%d templates, want one per type (%v)", len(tpls), GatewayResponseTypes)
		}
		for name, tpl := range tpls {
			if err := CheckGatewayTemplate(tpl); err != nil {
				t.Errorf("%s: %v: %s", name, err, tpl)
			}
			for _, v := range HostileValues {
				var problem map[string]any
				if err := json.Unmarshal([]byte(RenderGatewayTemplate(tpl, v)), &problem); err != nil {
					t.Errorf("%s with %q substituted: %v", name, v, err)
				}
				if problem["type"] != "about:blank" || problem["title"] == "" {
					t.Errorf("%s: not a problem document: %s", name, tpl)
				}
			}
			if got := RenderGatewayTemplate(tpl, "ECHOED"); got != tpl {
				t.Errorf("%s substitutes a value API Gateway fills at run time: %s", name, tpl)
			}
		}
	}
}

// TestCheckGatewayTemplate: the check catches the templates that break
// (main's validationErrorString inside a JSON string, a quoted
// messageString) and passes static or safely placed ones.
func TestCheckGatewayTemplate(t *testing.T) {
	for tpl, ok := range map[string]bool{
		`{"detail":"$context.error.validationErrorString"}`: false,
		`{"title":$context.error.messageString}`:            false,
		`{"detail":"${context.error.message}"}`:             false,
		`{"title":"Bad Request","status":400}`:              true,
		`{"title":"Bad Request"`:                            false,
	} {
		err := CheckGatewayTemplate(tpl)
		if (err == nil) != ok {
			t.Errorf("CheckGatewayTemplate(%s) = %v, want ok %v", tpl, err, ok)
		}
	}
}

// TestSpecGatewayResponseWarned: a gateway response the spec wrote, kept as
// written, is warned about when it would not stay JSON.
func TestSpecGatewayResponseWarned(t *testing.T) {
	api := &model.API{Name: "svc", Kind: model.REST}
	dep := &model.Deploy{Ops: map[*model.Operation]*model.OperationDeploy{}, Extensions: []model.Extension{{
		Name: "x-amazon-apigateway-gateway-responses",
		Value: map[string]any{"BAD_REQUEST_BODY": map[string]any{"statusCode": "400",
			"responseTemplates": map[string]any{"application/json": `{"message":"$context.error.validationErrorString"}`}}},
	}}}
	_, warnings := Definition(api, dep, StandaloneRefs(dep))
	if !strings.Contains(strings.Join(warnings, "\n"), "BAD_REQUEST_BODY (application/json): its body is not valid JSON") {
		t.Errorf("no warning about the spec's gateway response: %q", warnings)
	}
}
