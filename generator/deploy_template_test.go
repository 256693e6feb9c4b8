package generator_test

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/cognito"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

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
