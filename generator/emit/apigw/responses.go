package apigw

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// gatewayResponses makes API Gateway's own errors problem+json. Their
// bodies are static: a gateway response template is not VTL (no
// $util.escapeJavaScript), only plain substitution, and the values it could
// substitute ($context.error.validationErrorString, messageString) carry
// double quotes and quote the request (a pattern's input string, the
// Authorization header), so no $context value goes into them. The spec's
// own gateway responses win over these; one whose template would not stay
// JSON whatever API Gateway substitutes is warned about.
func (b *builder) gatewayResponses(doc *yamldoc.Map) {
	out := &yamldoc.Map{}
	spec, _ := b.specExtension("x-amazon-apigateway-gateway-responses")
	for _, name := range GatewayResponseTypes {
		if v, ok := spec[name]; ok {
			out.Set(name, v)
			continue
		}
		d := gatewayResponseDefs[name]
		params := yamldoc.NewMap("gatewayresponse.header.Content-Type", "'application/problem+json'")
		for _, h := range sortedStringKeys(d.header) {
			params.Set("gatewayresponse.header."+h, d.header[h])
		}
		if len(b.dep.CORSOrigins) == 1 {
			params.Set("gatewayresponse.header.Access-Control-Allow-Origin", "'"+b.dep.CORSOrigins[0]+"'")
		}
		params.Set("gatewayresponse.header."+model.RequestIDHeader, "context.requestId")
		r := &yamldoc.Map{}
		if d.status != 0 {
			r.Set("statusCode", strconv.Itoa(d.status))
		}
		r.Set("responseParameters", params)
		r.Set("responseTemplates", yamldoc.NewMap("application/json", d.body(name)))
		out.Set(name, r)
	}
	for _, k := range sortedKeys(spec) {
		if _, ok := out.Get(k); !ok {
			out.Set(k, spec[k])
		}
	}
	for _, k := range sortedKeys(spec) {
		r, _ := spec[k].(map[string]any)
		tpls, _ := r["responseTemplates"].(map[string]any)
		for _, ct := range sortedKeys(tpls) {
			tpl, _ := tpls[ct].(string)
			if !isJSON(ct) {
				continue
			}
			if err := CheckGatewayTemplate(tpl); err != nil {
				b.warnf(nil, "the spec's gateway response %s (%s): %v", k, ct, err)
			}
		}
	}
	doc.Set("x-amazon-apigateway-gateway-responses", out)
}

// gatewayResponse is one of specgate's gateway responses.
type gatewayResponse struct {
	status        int // 0: API Gateway's own status (DEFAULT_4XX, DEFAULT_5XX)
	title, detail string
	header        map[string]string
}

// gatewayResponseDefs are specgate's gateway responses, by type. Their
// texts say what failed, never with what.
var gatewayResponseDefs = map[string]gatewayResponse{
	"BAD_REQUEST_BODY":       {400, "Bad Request", "The request body does not match the schema of this operation.", nil},
	"BAD_REQUEST_PARAMETERS": {400, "Bad Request", "A required parameter is missing.", nil},
	"UNAUTHORIZED":           {401, "Unauthorized", "This operation needs a valid bearer token.", map[string]string{"WWW-Authenticate": "'Bearer'"}},
	"ACCESS_DENIED":          {403, "Forbidden", "The token does not carry a scope this operation requires.", map[string]string{"WWW-Authenticate": `'Bearer error="insufficient_scope"'`}},
	"DEFAULT_4XX":            {0, "Request refused", "API Gateway refused the request.", nil},
	"DEFAULT_5XX":            {0, "Gateway error", "API Gateway could not complete the request.", nil},
}

// body is the problem+json document of a gateway response: static JSON,
// marshalled, so nothing in it can need escaping at run time.
func (d gatewayResponse) body(code string) string {
	doc := struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status,omitempty"`
		Detail string `json:"detail"`
		Code   string `json:"code"`
	}{"about:blank", d.title, d.status, d.detail, code}
	data, err := json.Marshal(doc)
	if err != nil {
		panic(err) // strings and an int always marshal
	}
	return string(data)
}

// templateVar matches what a gateway response template substitutes:
// $context.*, $stageVariables.*, in the $x.y and ${x.y} forms.
var templateVar = regexp.MustCompile(`\$\{[^}]*\}|\$[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*`)

// HostileValues stand for whatever API Gateway may substitute into a
// gateway response template: messages quoting the request carry quotes,
// backslashes, newlines and JSON of their own.
var HostileValues = []string{`"`, `\`, "\n", `"}`, `","x":"`, `\"`, "\u0000", `[object has missing required properties (["a"])]`}

// RenderGatewayTemplate substitutes value for every variable of a gateway
// response template, as API Gateway does (plain substitution, no escaping).
func RenderGatewayTemplate(tpl, value string) string {
	return templateVar.ReplaceAllLiteralString(tpl, value)
}

// CheckGatewayTemplate reports a JSON gateway response template that is
// not valid JSON, or stops being JSON for some value API Gateway may
// substitute into it.
func CheckGatewayTemplate(tpl string) error {
	for _, v := range HostileValues {
		if out := RenderGatewayTemplate(tpl, v); !json.Valid([]byte(out)) {
			if templateVar.MatchString(tpl) {
				return fmt.Errorf("its body is not valid JSON once API Gateway substitutes a message containing %q (gateway responses do no escaping); keep $context values out of JSON strings", v)
			}
			return fmt.Errorf("its body is not valid JSON")
		}
	}
	return nil
}
