package generator_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
)

// operableCase is a generated SAM template and the settings it was made with.
type operableCase struct {
	name string
	opts generator.Options
	tmpl map[string]any
	file string
}

// TestOperableTemplate checks what makes a deployed service operable, on
// templates generated for REST and HTTP APIs with default and configured
// settings: stage access logs in JSON to a group with retention, execution
// metrics, throttling per stage and per route, JSON function logs, X-Ray
// tracing (and its IAM permission) only when on, a function timeout below
// the integration timeout, reserved concurrency, the alarms (notifying the
// topic parameter), the dashboard and the optional WAF association. The
// templates then pass cfn-lint without errors and the SAM translator.
func TestOperableTemplate(t *testing.T) {
	ps := filepath.Join(sharedDir, "examples", "print-shop.yaml")
	configured := model.Operability{TracingOff: true, TimeoutSeconds: 20, ReservedConcurrency: 7, RateLimit: 40, BurstLimit: 60}
	routes := map[string]generator.Throttle{"getProduct": {RateLimit: 5, BurstLimit: 9}, "post /products": {RateLimit: 2, BurstLimit: 3}}
	cases := []*operableCase{
		{name: "rest-default", opts: generator.Options{SpecPath: ps}},
		{name: "http-default", opts: generator.Options{SpecPath: ps, Kind: model.HTTP}},
		{name: "rest-configured", opts: generator.Options{SpecPath: ps, Operability: configured, RouteThrottles: routes}},
		{name: "http-configured", opts: generator.Options{SpecPath: ps, Kind: model.HTTP, Operability: configured, RouteThrottles: routes}},
	}
	dir := t.TempDir()
	var files []string
	for _, c := range cases {
		res, err := generator.GenerateDeploy(context.Background(), c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		f, ok := res.Files.Get(sam.Path)
		if !ok {
			t.Fatalf("%s: no %s", c.name, sam.Path)
		}
		if err := yaml.Unmarshal(f.Data, &c.tmpl); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		c.file = filepath.Join(dir, c.name+".yaml")
		if err := os.WriteFile(c.file, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, c.file)
		t.Run(c.name, func(t *testing.T) { checkOperable(t, c) })
	}
	t.Run("unknown route throttle", func(t *testing.T) {
		_, err := generator.GenerateDeploy(context.Background(), generator.Options{SpecPath: ps,
			RouteThrottles: map[string]generator.Throttle{"getProdcut": {RateLimit: 1, BurstLimit: 1}}})
		if err == nil || !strings.Contains(err.Error(), `"getProdcut"`) || !strings.Contains(err.Error(), "deploy.throttling.routes") {
			t.Errorf("a throttle for no operation gave %v, want an error naming it and deploy.throttling.routes", err)
		}
	})
	t.Run("cfn-lint", func(t *testing.T) {
		if _, err := exec.LookPath("cfn-lint"); err != nil {
			t.Fatalf("cfn-lint is not on PATH (pip install cfn-lint): %v", err)
		}
		out, err := exec.Command("cfn-lint", append([]string{"--format", "parseable"}, files...)...).CombinedOutput()
		// Exit codes are a bit mask: 2 is an error, 4 a warning, 8 informational.
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && ee.ExitCode()&3 == 0) {
			t.Fatalf("cfn-lint found errors (%v):\n%s", err, out)
		}
		if m := regexp.MustCompile(`(?m):E\d{4}:`).Find(out); m != nil {
			t.Fatalf("cfn-lint found errors:\n%s", out)
		}
	})
	t.Run("sam-translator", func(t *testing.T) {
		script := filepath.Join(sharedValidators(t), "sam-transform.py")
		out, err := exec.Command("python3", append([]string{script}, files...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("the SAM translator refused a template (%v):\n%s", err, out)
		}
		if n := strings.Count(string(out), ": transformed,"); n != len(files) {
			t.Fatalf("the SAM translator transformed %d of %d templates:\n%s", n, len(files), out)
		}
	})
}

func checkOperable(t *testing.T, c *operableCase) {
	o, http := c.opts.Operability, c.opts.Kind == model.HTTP
	res := mapAt(c.tmpl, "Resources")
	fn := mapAt(res, sam.FunctionID, "Properties")

	// The function: timeout below the integration timeout, JSON logs, tracing, concurrency.
	timeout, _ := fn["Timeout"].(int)
	if want := o.Timeout(); timeout != want || timeout >= model.IntegrationTimeoutSeconds {
		t.Errorf("function Timeout %v, want %d (below the %d s integration timeout)", fn["Timeout"], want, model.IntegrationTimeoutSeconds)
	}
	if lc := mapAt(fn, "LoggingConfig"); lc["LogFormat"] != "JSON" {
		t.Errorf("function LoggingConfig %v, want LogFormat JSON", lc)
	}
	if got, want := fn["Tracing"], map[bool]any{true: "Active", false: nil}[o.Tracing()]; got != want {
		t.Errorf("function Tracing %v, want %v", got, want)
	}
	if got, _ := fn["ReservedConcurrentExecutions"].(int); got != o.ReservedConcurrency {
		t.Errorf("ReservedConcurrentExecutions %v, want %d", fn["ReservedConcurrentExecutions"], o.ReservedConcurrency)
	}
	trace := res[sam.TracePolicyID]
	if o.Tracing() != (trace != nil) {
		t.Errorf("X-Ray write policy present %v, tracing %v: the role may write traces only when tracing", trace != nil, o.Tracing())
	}
	if trace != nil {
		st := listAt(mapAt(trace, "Properties", "PolicyDocument"), "Statement")
		if len(st) != 1 || strings.Join(strs(listAt(st[0], "Action")), " ") != "xray:PutTraceSegments xray:PutTelemetryRecords" {
			t.Errorf("trace policy %v, want only xray:PutTraceSegments and xray:PutTelemetryRecords", st)
		}
	}

	// The stage: access logs in JSON to a group with retention, metrics, throttling, tracing.
	api := mapAt(res, sam.APIID, "Properties")
	key := map[bool]string{false: "AccessLogSetting", true: "AccessLogSettings"}[http]
	al := mapAt(api, key)
	if getAtt(al["DestinationArn"]) != sam.AccessLogGroupID+".Arn" {
		t.Errorf("%s.DestinationArn %v, want the access log group", key, al["DestinationArn"])
	}
	var line map[string]string
	if err := json.Unmarshal([]byte(al["Format"].(string)), &line); err != nil {
		t.Errorf("access log format is not a JSON object: %v", err)
	}
	route := map[bool]string{false: "resourcePath", true: "routeKey"}[http]
	for _, k := range []string{"requestId", "sourceIp", "caller", "clientId", route, "status", "responseLatency", "integrationError"} {
		if !strings.HasPrefix(line[k], "$context.") {
			t.Errorf("access log line has no %s: %v", k, line)
		}
	}
	for k, v := range line {
		if regexp.MustCompile(`(?i)header|querystring|body|authorization|cookie|^\$context\.path$`).MatchString(v) {
			t.Errorf("access log field %s = %s may hold a credential, a body or a raw path", k, v)
		}
	}
	lg := mapAt(res, sam.AccessLogGroupID, "Properties")
	if mapAt(lg["RetentionInDays"])["Ref"] != sam.ParamLogRetention {
		t.Errorf("access log group retention %v, want Ref %s", lg["RetentionInDays"], sam.ParamLogRetention)
	}
	params := mapAt(c.tmpl, "Parameters")
	wantRate := float64(model.DefaultRateLimit)
	if o.RateLimit > 0 {
		wantRate = o.RateLimit
	}
	if got := toFloat(mapAt(params, sam.ParamThrottleRate)["Default"]); got != wantRate {
		t.Errorf("stage rate limit default %v, want %v", got, wantRate)
	}
	if http {
		if d := mapAt(api, "DefaultRouteSettings"); d["DetailedMetricsEnabled"] != true {
			t.Errorf("DefaultRouteSettings %v, want DetailedMetricsEnabled", d)
		}
		if res[sam.AccountID] != nil || res[sam.AccountLogsRoleID] != nil {
			t.Errorf("an HTTP API template sets the account's logs role: HTTP APIs need none")
		}
		rs := mapAt(api, "RouteSettings")
		if len(c.opts.RouteThrottles) > 0 {
			if r := mapAt(rs, "GET /products/{productId}"); toFloat(r["ThrottlingRateLimit"]) != 5 || toFloat(r["ThrottlingBurstLimit"]) != 9 {
				t.Errorf("RouteSettings %v, want GET /products/{productId} throttled at 5/9", rs)
			}
			if r := mapAt(rs, "POST /products"); toFloat(r["ThrottlingRateLimit"]) != 2 {
				t.Errorf("RouteSettings %v, want POST /products throttled at 2", rs)
			}
		} else if len(rs) != 0 {
			t.Errorf("RouteSettings %v without route throttles", rs)
		}
	} else {
		ms := listAt(api, "MethodSettings")
		if len(ms) == 0 || mapAt(ms[0])["MetricsEnabled"] != true || mapAt(ms[0])["ResourcePath"] != "/*" {
			t.Errorf("MethodSettings %v, want metrics on for every method", ms)
		}
		found := map[string]float64{}
		for _, s := range ms[1:] {
			found[mapAt(s)["HttpMethod"].(string)+" "+mapAt(s)["ResourcePath"].(string)] = toFloat(mapAt(s)["ThrottlingRateLimit"])
		}
		want := map[string]float64{}
		if len(c.opts.RouteThrottles) > 0 {
			want = map[string]float64{"GET /~1products~1{productId}": 5, "POST /~1products": 2}
		}
		if !sameFloats(found, want) {
			t.Errorf("route method settings %v, want %v", found, want)
		}
		if got := api["TracingEnabled"]; (got == true) != o.Tracing() {
			t.Errorf("stage TracingEnabled %v, tracing %v", got, o.Tracing())
		}
		checkAccountLogsRole(t, c.tmpl)
		waf := mapAt(res, sam.WebACLAssociationID)
		if waf["Condition"] == nil || mapAt(waf, "Properties", "WebACLArn")["Ref"] != sam.ParamWebACL || params[sam.ParamWebACL] == nil {
			t.Errorf("web ACL association %v, want one on a condition, from the %s parameter", waf, sam.ParamWebACL)
		}
	}

	// API Gateway's own answers, and requests to legacy backends, carry its request id.
	def := mapAt(api, "DefinitionBody")
	if !http {
		grs := mapAt(def, "x-amazon-apigateway-gateway-responses")
		for name, gr := range grs {
			if mapAt(gr, "responseParameters")["gatewayresponse.header."+model.RequestIDHeader] != "context.requestId" {
				t.Errorf("gateway response %s has no %s", name, model.RequestIDHeader)
			}
		}
		if len(grs) == 0 {
			t.Errorf("no gateway responses")
		}
	}
	legacy := 0
	for _, item := range mapAt(def, "paths") {
		for _, op := range mapAt(item) {
			integ := mapAt(op, "x-amazon-apigateway-integration")
			if integ["type"] != "http_proxy" {
				continue
			}
			legacy++
			key, want := "integration.request.header."+model.RequestIDHeader, "context.requestId"
			if http {
				key, want = "overwrite:header."+model.RequestIDHeader, "$context.requestId"
			}
			if mapAt(integ, "requestParameters")[key] != want {
				t.Errorf("legacy integration %v does not send %s", integ, model.RequestIDHeader)
			}
		}
	}
	if legacy == 0 {
		t.Errorf("print-shop has legacy operations, but no http_proxy integration was found")
	}

	// The alarms notify the topic parameter (when set); the dashboard exists.
	alarms := []string{sam.Alarm5xxID, sam.Alarm4xxID, sam.AlarmLatencyID, sam.AlarmErrorsID, sam.AlarmThrottlesID}
	if !http {
		alarms = append(alarms, sam.AlarmIntegrationID)
	}
	if params[sam.ParamAlarmTopic] == nil {
		t.Errorf("no %s parameter", sam.ParamAlarmTopic)
	}
	for _, id := range alarms {
		a := mapAt(res, id)
		if a["Type"] != "AWS::CloudWatch::Alarm" {
			t.Errorf("alarm %s missing: %v", id, a)
			continue
		}
		if !strings.Contains(stringOf(mapAt(a, "Properties")["AlarmActions"]), sam.ParamAlarmTopic) {
			t.Errorf("alarm %s does not notify %s", id, sam.ParamAlarmTopic)
		}
	}
	for _, id := range []string{sam.AlarmLatencyID, sam.AlarmIntegrationID} {
		if a := mapAt(res, id, "Properties"); a != nil {
			if th := toFloat(a["Threshold"]); th <= 0 || th >= float64(o.Timeout()*1000) {
				t.Errorf("%s threshold %v ms, want below the %d s timeout", id, th, o.Timeout())
			}
		}
	}
	body := mapAt(res, sam.DashboardID, "Properties", "DashboardBody")["Fn::Sub"]
	var dash struct{ Widgets []map[string]any }
	if s, _ := body.(string); json.Unmarshal([]byte(s), &dash) != nil || len(dash.Widgets) < 4 {
		t.Errorf("dashboard body is not a JSON dashboard with its widgets: %v", body)
	}
}

// checkAccountLogsRole checks the opt-in account CloudWatch Logs role of a
// REST template: off by default, on one condition, trusted by API Gateway
// alone with only the managed push policy, set as the account's role,
// kept when the stack goes, and waited for by the API (so its stage).
func checkAccountLogsRole(t *testing.T, tmpl map[string]any) {
	t.Helper()
	p := mapAt(tmpl, "Parameters", sam.ParamAccountLogsRole)
	if p["Default"] != "false" || stringOf(p["AllowedValues"]) != `["true","false"]` {
		t.Errorf("parameter %s = %v, want true/false defaulting to false (account-wide: opt in)", sam.ParamAccountLogsRole, p)
	}
	cond := stringOf(mapAt(tmpl, "Conditions")["CreateApiGatewayLogsRole"])
	if cond != `{"Fn::Equals":[{"Ref":"`+sam.ParamAccountLogsRole+`"},"true"]}` {
		t.Errorf("condition CreateApiGatewayLogsRole = %s", cond)
	}
	res := mapAt(tmpl, "Resources")
	role := mapAt(res, sam.AccountLogsRoleID)
	props := mapAt(role, "Properties")
	trust := stringOf(mapAt(props, "AssumeRolePolicyDocument")["Statement"])
	if trust != `[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"}}]` {
		t.Errorf("logs role trust %s, want API Gateway alone", trust)
	}
	if got := stringOf(props["ManagedPolicyArns"]); got != `[{"Fn::Sub":"`+sam.PushToCloudWatchLogsPolicy+`"}]` {
		t.Errorf("logs role policies %s, want only AmazonAPIGatewayPushToCloudWatchLogs", got)
	}
	for _, k := range []string{"Policies", "PermissionsBoundary", "RoleName"} {
		if props[k] != nil {
			t.Errorf("logs role has %s: %v", k, props[k])
		}
	}
	acct := mapAt(res, sam.AccountID)
	if acct["Type"] != "AWS::ApiGateway::Account" || getAtt(mapAt(acct, "Properties")["CloudWatchRoleArn"]) != sam.AccountLogsRoleID+".Arn" {
		t.Errorf("account setting %v, want AWS::ApiGateway::Account naming the role", acct)
	}
	for id, r := range map[string]map[string]any{sam.AccountLogsRoleID: role, sam.AccountID: acct} {
		if r["Condition"] != "CreateApiGatewayLogsRole" || r["DeletionPolicy"] != "Retain" {
			t.Errorf("%s: Condition %v, DeletionPolicy %v; want the opt-in condition and Retain", id, r["Condition"], r["DeletionPolicy"])
		}
	}
	ready := mapAt(res, sam.AccountReadyID)
	if got := stringOf(mapAt(ready, "Metadata")); got != `{"AccountSetting":{"Fn::If":["CreateApiGatewayLogsRole",{"Ref":"`+sam.AccountID+`"},""]}}` {
		t.Errorf("%s metadata %s, want a reference to the account setting when created", sam.AccountReadyID, got)
	}
	if got := stringOf(mapAt(res, sam.APIID)["DependsOn"]); got != `["`+sam.AccountReadyID+`"]` {
		t.Errorf("API DependsOn %s, want %s (the stage's access logs need the role)", got, sam.AccountReadyID)
	}
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return -1
}

func sameFloats(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func stringOf(v any) string { b, _ := json.Marshal(v); return string(b) }
