package generator_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

// checker is what the checks report to: a *testing.T, or a collector
// in the tests that prove each check catches its mistake.
type checker interface {
	Helper()
	Errorf(format string, args ...any)
}

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
	if link := od.Legacy.Backend.VPCLink; link != nil && c.res.API.Kind == model.HTTP {
		// A VPC link V2 reaches a load balancer listener; the path is mapped.
		want := any(apigw.PlaceholderParam(link.ListenerParam))
		if inTemplate {
			want = map[string]any{"Ref": link.ListenerParam}
		}
		if !reflect.DeepEqual(in["uri"], want) || in["connectionType"] != "VPC_LINK" {
			t.Errorf("%s %s: legacy uri %v (%v), want %v through a VPC link", op.Method, op.Path, in["uri"], in["connectionType"], want)
		}
	} else if inTemplate {
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
