package apigw

import (
	"strconv"
	"strings"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// corsHeaders are the request headers a browser may send to the path's operations.
func corsHeaders(ops []*model.Operation) []string { return model.CORSAllowHeaders(ops) }

func corsMethods(ops []*model.Operation) []string { return model.CORSAllowMethods(ops) }

// preflight is the OPTIONS method that answers a REST API's CORS
// preflight requests for one path, allowing only the configured origins.
func (b *builder) preflight(path string, ops []*model.Operation) *yamldoc.Map {
	m := yamldoc.NewMap("operationId", b.opIDs.Unique("corsPreflight"+model.CamelWords(path)),
		"summary", "CORS preflight for "+path+" (allowed origins: "+strings.Join(b.dep.CORSOrigins, ", ")+").")
	var params []any
	for _, s := range ops[0].Segments {
		if s.Param != "" {
			params = append(params, yamldoc.NewMap("name", s.Param, "in", "path", "required", true, "schema", yamldoc.NewMap("type", "string")))
		}
	}
	if params != nil {
		m.Set("parameters", params)
	}
	headers := yamldoc.NewMap()
	for _, h := range []string{"Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Allow-Origin", "Access-Control-Max-Age", "Vary"} {
		headers.Set(h, yamldoc.NewMap("schema", yamldoc.NewMap("type", "string")))
	}
	m.Set("responses", yamldoc.NewMap("204", yamldoc.NewMap("description", "The CORS headers for an allowed origin.", "headers", headers)))
	if b.dep.Authorizer != model.AuthNone && b.dep.AuthorizerName != "" && b.anyToken() {
		m.Set("security", []any{})
	}
	respParams := yamldoc.NewMap(
		"method.response.header.Access-Control-Allow-Headers", "'"+strings.Join(corsHeaders(ops), ",")+"'",
		"method.response.header.Access-Control-Allow-Methods", "'"+strings.Join(corsMethods(ops), ",")+"'",
		"method.response.header.Access-Control-Max-Age", "'"+strconv.Itoa(model.CORSMaxAgeSeconds)+"'",
		"method.response.header.Vary", "'Origin'",
	)
	resp := yamldoc.NewMap("statusCode", "204", "responseParameters", respParams)
	if len(b.dep.CORSOrigins) == 1 {
		respParams.Set("method.response.header.Access-Control-Allow-Origin", "'"+b.dep.CORSOrigins[0]+"'")
	} else {
		// A static value holds one origin: echo the caller's Origin only
		// when it is one of the configured ones.
		conds := make([]string, len(b.dep.CORSOrigins))
		for i, o := range b.dep.CORSOrigins {
			conds[i] = `$origin == "` + o + `"`
		}
		tmpl := "#set($origin = $input.params().header.get('Origin'))\n" +
			"#if(" + strings.Join(conds, " || ") + ")\n" +
			"#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n" +
			"#end\n"
		resp.Set("responseTemplates", yamldoc.NewMap("application/json", tmpl))
	}
	m.Set("x-amazon-apigateway-integration", yamldoc.NewMap(
		"type", "mock",
		"requestTemplates", yamldoc.NewMap("application/json", `{"statusCode": 204}`),
		"passthroughBehavior", "when_no_match",
		"responses", yamldoc.NewMap("default", resp),
	))
	m.Set("x-amazon-apigateway-request-validator", ValidatorParamsOnly)
	return m
}

// httpCORS is an HTTP API's CORS configuration: API Gateway answers
// preflight requests itself.
func (b *builder) httpCORS(doc *yamldoc.Map, ops []*model.Operation) {
	if len(b.dep.CORSOrigins) == 0 {
		return
	}
	headers := corsHeaders(ops)
	for i, h := range headers {
		headers[i] = strings.ToLower(h)
	}
	doc.Set("x-amazon-apigateway-cors", yamldoc.NewMap(
		"allowOrigins", append([]string(nil), b.dep.CORSOrigins...),
		"allowMethods", corsMethods(ops),
		"allowHeaders", headers,
		"maxAge", model.CORSMaxAgeSeconds,
	))
}
