package sam

import (
	"encoding/json"
	"strings"

	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// Logical IDs of what makes the service operable: access logs, tracing,
// alarms, the dashboard and the optional WAF association.
const (
	AccessLogGroupID     = "ApiAccessLogGroup"
	TracePolicyID        = "ApiFunctionTracePolicy"
	Alarm5xxID           = "Api5xxRateAlarm"
	Alarm4xxID           = "Api4xxRateSpikeAlarm"
	AlarmLatencyID       = "ApiLatencyAlarm"
	AlarmIntegrationID   = "ApiIntegrationLatencyAlarm"
	AlarmErrorsID        = "ApiFunctionErrorsAlarm"
	AlarmThrottlesID     = "ApiFunctionThrottlesAlarm"
	DashboardID          = "ApiDashboard"
	WebACLAssociationID  = "ApiWebAclAssociation"
	ParamAlarmTopic      = "AlarmTopicArn"
	ParamWebACL          = "WebAclArn"
	condHasAlarmTopic    = "HasAlarmTopic"
	condHasWebACL        = "HasWebAcl"
	condCreateLogsRole   = "CreateApiGatewayLogsRole"
	latencyAlarmFraction = 0.8 // p99 latency alarms at this share of the function's timeout
)

// The REST API's access logs need the account's CloudWatch Logs role
// (API Gateway's account settings, one per account and region): a stage
// with access logs cannot be created without it. ParamAccountLogsRole set
// to "true" makes the stack create that role (AccountLogsRoleID, only the
// AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs) and set it
// (AccountID); the stage then waits for it (AccountReadyID). Off by
// default: the setting is account-wide, so one stack per account and
// region should own it.
const (
	ParamAccountLogsRole = "ApiGatewayAccountLogsRole"
	AccountLogsRoleID    = "ApiGatewayLogsRole"
	AccountID            = "ApiGatewayAccount"
	AccountReadyID       = "ApiGatewayAccountReady"
	// PushToCloudWatchLogsPolicy is the AWS managed policy the role holds.
	PushToCloudWatchLogsPolicy = "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
)

// NoAlarmTopic is the alarm topic parameter's default: no topic. (Not the
// empty string: validators read the alarms' actions with the default.)
const NoAlarmTopic = "none"

// metrics names the API Gateway metrics of one kind of API: REST and HTTP
// APIs name them differently and have different dimensions.
type metrics struct {
	err5xx, err4xx, count string
	dims                  func() []any
}

func apiMetrics(api *model.API) metrics {
	if api.Kind == model.HTTP {
		return metrics{err5xx: "5xx", err4xx: "4xx", count: "Count", dims: func() []any {
			return []any{dim("ApiId", yamldoc.Ref(APIID)), dim("Stage", yamldoc.Ref(ParamStage))}
		}}
	}
	// A REST API is named after the stack (see apiResource).
	return metrics{err5xx: "5XXError", err4xx: "4XXError", count: "Count", dims: func() []any {
		return []any{dim("ApiName", yamldoc.Ref("AWS::StackName")), dim("Stage", yamldoc.Ref(ParamStage))}
	}}
}

func dim(name string, v any) *yamldoc.Map { return yamldoc.NewMap("Name", name, "Value", v) }

// AccessLogFormat is the JSON line API Gateway writes per request to the
// access log group: who called (IP, sub, client id), which route, the
// outcome and its latency, and the integration's error. Never a token,
// a query value or a body.
func AccessLogFormat(kind model.APIKind) string {
	fields := [][2]string{
		{"requestId", "$context.requestId"},
		{"sourceIp", "$context.identity.sourceIp"},
		{"caller", "$context.authorizer.claims.sub"},
		{"clientId", "$context.authorizer.claims.client_id"},
		{"requestTime", "$context.requestTimeEpoch"},
		{"httpMethod", "$context.httpMethod"},
		{"resourcePath", "$context.resourcePath"},
		{"status", "$context.status"},
		{"protocol", "$context.protocol"},
		{"responseLength", "$context.responseLength"},
		{"responseLatency", "$context.responseLatency"},
		{"integrationLatency", "$context.integration.latency"},
		{"integrationStatus", "$context.integration.status"},
		{"integrationError", "$context.integration.error"},
		{"error", "$context.error.message"},
		{"xrayTraceId", "$context.xrayTraceId"},
	}
	if kind == model.HTTP {
		fields = [][2]string{
			{"requestId", "$context.requestId"},
			{"sourceIp", "$context.identity.sourceIp"},
			{"caller", "$context.authorizer.claims.sub"},
			{"clientId", "$context.authorizer.claims.client_id"},
			{"requestTime", "$context.requestTimeEpoch"},
			{"httpMethod", "$context.httpMethod"},
			{"routeKey", "$context.routeKey"},
			{"status", "$context.status"},
			{"protocol", "$context.protocol"},
			{"responseLength", "$context.responseLength"},
			{"responseLatency", "$context.responseLatency"},
			{"integrationLatency", "$context.integration.latency"},
			{"integrationStatus", "$context.integration.status"},
			{"integrationError", "$context.integrationErrorMessage"},
			{"error", "$context.error.message"},
		}
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = `"` + f[0] + `":"` + f[1] + `"`
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// opsParams adds the alarm topic and (REST) web ACL parameters.
func opsParams(api *model.API, params *yamldoc.Map) {
	params.Set(ParamAlarmTopic, yamldoc.NewMap("Type", "String", "Default", NoAlarmTopic,
		"AllowedPattern", "^("+NoAlarmTopic+"|arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+)$",
		"Description", "SNS topic the service's alarms notify; "+NoAlarmTopic+": the alarms notify nobody (they still change state)."))
	if api.Kind == model.REST {
		params.Set(ParamWebACL, yamldoc.NewMap("Type", "String", "Default", "",
			"AllowedPattern", "^(arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/[A-Za-z0-9_-]+/[0-9a-f-]+)?$",
			"Description", "An existing regional WAFv2 web ACL to associate with the stage; empty: none."))
		params.Set(ParamAccountLogsRole, yamldoc.NewMap("Type", "String", "Default", "false", "AllowedValues", []any{"true", "false"},
			"Description", "true: create API Gateway's CloudWatch Logs role for this account and region and set it in the account's API Gateway settings, "+
				"which REST access logs need. Account-wide: turn it on in one stack per account and region, and only where no role is set yet (README: Deploy)."))
	}
}

func opsConditions(api *model.API) *yamldoc.Map {
	notEmpty := func(p string) *yamldoc.Map {
		return yamldoc.NewMap("Fn::Not", []any{yamldoc.NewMap("Fn::Equals", []any{yamldoc.Ref(p), ""})})
	}
	c := yamldoc.NewMap(condHasAlarmTopic, yamldoc.NewMap("Fn::Not", []any{yamldoc.NewMap("Fn::Equals", []any{yamldoc.Ref(ParamAlarmTopic), NoAlarmTopic})}))
	if api.Kind == model.REST {
		c.Set(condHasWebACL, notEmpty(ParamWebACL))
		c.Set(condCreateLogsRole, yamldoc.NewMap("Fn::Equals", []any{yamldoc.Ref(ParamAccountLogsRole), "true"}))
	}
	return c
}

// opsResources adds the access log group, the trace policy, the alarms,
// the dashboard and the web ACL association.
func opsResources(api *model.API, dep *model.Deploy, res *yamldoc.Map) {
	o := dep.Operability
	res.Set(AccessLogGroupID, yamldoc.NewMap("Type", "AWS::Logs::LogGroup",
		"DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete",
		"Properties", yamldoc.NewMap("RetentionInDays", yamldoc.Ref(ParamLogRetention))))
	if o.Tracing() {
		res.Set(TracePolicyID, yamldoc.NewMap("Type", "AWS::IAM::RolePolicy", "Properties", yamldoc.NewMap(
			"RoleName", yamldoc.Ref(RoleID),
			"PolicyName", "write-traces",
			"PolicyDocument", yamldoc.NewMap("Version", "2012-10-17", "Statement", []any{yamldoc.NewMap(
				"Effect", "Allow",
				"Action", []any{"xray:PutTraceSegments", "xray:PutTelemetryRecords"},
				// X-Ray has no resource-level permissions for these actions.
				"Resource", "*",
			)}),
		)))
	}
	m := apiMetrics(api)
	latencyMs := float64(o.Timeout()*1000) * latencyAlarmFraction
	fn := func() []any { return []any{dim("FunctionName", yamldoc.Ref(FunctionID))} }

	res.Set(Alarm5xxID, alarm(api, "5XX rate above 5% for 3 of 5 minutes: the service is failing callers. See README: Alarms.",
		"AWS/ApiGateway", m.err5xx, m.dims(), "Average", 60, 5, 3, 0.05))
	res.Set(Alarm4xxID, spikeAlarm(api, "4XX rate far above its usual band: a client release, a token or scope change, or an attack. See README: Alarms.",
		m.err4xx, m.dims()))
	lat := alarm(api, "p99 latency near the function's timeout: calls are about to time out. See README: Alarms.",
		"AWS/ApiGateway", "Latency", m.dims(), "p99", 60, 5, 3, latencyMs)
	res.Set(AlarmLatencyID, lat)
	if api.Kind == model.REST {
		res.Set(AlarmIntegrationID, alarm(api, "p99 integration latency near the function's timeout: the function (or a legacy backend) is slow. See README: Alarms.",
			"AWS/ApiGateway", "IntegrationLatency", m.dims(), "p99", 60, 5, 3, latencyMs))
	}
	res.Set(AlarmErrorsID, alarm(api, "The function failed invocations (crashes, timeouts, out of memory). See README: Alarms.",
		"AWS/Lambda", "Errors", fn(), "Sum", 60, 5, 2, 0))
	res.Set(AlarmThrottlesID, alarm(api, "Lambda throttled invocations: concurrency is exhausted. See README: Alarms.",
		"AWS/Lambda", "Throttles", fn(), "Sum", 60, 5, 2, 0))
	res.Set(DashboardID, yamldoc.NewMap("Type", "AWS::CloudWatch::Dashboard", "Properties", yamldoc.NewMap(
		"DashboardBody", yamldoc.Sub(dashboard(api, m, latencyMs)))))
	if api.Kind == model.REST {
		res.Set(WebACLAssociationID, yamldoc.NewMap("Type", "AWS::WAFv2::WebACLAssociation", "Condition", condHasWebACL,
			"Properties", yamldoc.NewMap(
				"ResourceArn", yamldoc.Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${"+APIID+"}/stages/${"+APIID+".Stage}"),
				"WebACLArn", yamldoc.Ref(ParamWebACL),
			)))
		accountLogsRole(res)
	}
}

// accountLogsRole adds, on the CreateApiGatewayLogsRole condition, the role
// API Gateway assumes to write REST access and execution logs (the AWS
// managed policy only), the account setting naming it, and a handle the
// stage depends on, which depends on the setting only when it is created
// (DependsOn cannot name a resource a condition may leave out). Both are
// retained when the stack goes: the setting outlives it, and every REST
// API of the account and region logs through the role.
func accountLogsRole(res *yamldoc.Map) {
	res.Set(AccountLogsRoleID, yamldoc.NewMap("Type", "AWS::IAM::Role", "Condition", condCreateLogsRole,
		"DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
		"Properties", yamldoc.NewMap(
			"Description", "API Gateway writes the access and execution logs of this account's REST APIs in this region (account setting).",
			"AssumeRolePolicyDocument", yamldoc.NewMap("Version", "2012-10-17", "Statement", []any{yamldoc.NewMap(
				"Effect", "Allow",
				"Principal", yamldoc.NewMap("Service", "apigateway.amazonaws.com"),
				"Action", "sts:AssumeRole",
			)}),
			"ManagedPolicyArns", []any{yamldoc.Sub(PushToCloudWatchLogsPolicy)},
		)))
	res.Set(AccountID, yamldoc.NewMap("Type", "AWS::ApiGateway::Account", "Condition", condCreateLogsRole,
		"DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
		"Properties", yamldoc.NewMap("CloudWatchRoleArn", yamldoc.GetAtt(AccountLogsRoleID, "Arn"))))
	res.Set(AccountReadyID, yamldoc.NewMap("Type", "AWS::CloudFormation::WaitConditionHandle",
		"Metadata", yamldoc.NewMap("AccountSetting", yamldoc.NewMap("Fn::If", []any{condCreateLogsRole, yamldoc.Ref(AccountID), ""}))))
}

func alarmActions() *yamldoc.Map {
	return yamldoc.NewMap("Fn::If", []any{condHasAlarmTopic, []any{yamldoc.Ref(ParamAlarmTopic)}, yamldoc.Ref("AWS::NoValue")})
}

// alarm is a static-threshold alarm: above threshold for datapoints of
// periods one-minute periods. statistic is a statistic or a percentile (p99).
func alarm(api *model.API, desc, namespace, metric string, dims []any, statistic string, period, periods, datapoints int, threshold float64) *yamldoc.Map {
	p := yamldoc.NewMap(
		"AlarmDescription", api.Name+": "+desc,
		"Namespace", namespace,
		"MetricName", metric,
		"Dimensions", dims,
	)
	if strings.HasPrefix(statistic, "p") {
		p.Set("ExtendedStatistic", statistic)
	} else {
		p.Set("Statistic", statistic)
	}
	p.Set("Period", period)
	p.Set("EvaluationPeriods", periods)
	p.Set("DatapointsToAlarm", datapoints)
	p.Set("Threshold", threshold)
	p.Set("ComparisonOperator", "GreaterThanThreshold")
	p.Set("TreatMissingData", "notBreaching")
	p.Set("AlarmActions", alarmActions())
	p.Set("OKActions", alarmActions())
	return yamldoc.NewMap("Type", "AWS::CloudWatch::Alarm", "Properties", p)
}

// spikeAlarm alarms when the metric's five-minute average leaves its
// anomaly detection band upwards (two standard deviations) twice in three.
func spikeAlarm(api *model.API, desc, metric string, dims []any) *yamldoc.Map {
	return yamldoc.NewMap("Type", "AWS::CloudWatch::Alarm", "Properties", yamldoc.NewMap(
		"AlarmDescription", api.Name+": "+desc,
		"Metrics", []any{
			yamldoc.NewMap("Id", "rate", "ReturnData", true, "MetricStat", yamldoc.NewMap(
				"Metric", yamldoc.NewMap("Namespace", "AWS/ApiGateway", "MetricName", metric, "Dimensions", dims),
				"Period", 300, "Stat", "Average")),
			yamldoc.NewMap("Id", "band", "Expression", "ANOMALY_DETECTION_BAND(rate, 2)", "ReturnData", true),
		},
		"ThresholdMetricId", "band",
		"EvaluationPeriods", 3,
		"DatapointsToAlarm", 2,
		"ComparisonOperator", "GreaterThanUpperThreshold",
		"TreatMissingData", "notBreaching",
		"AlarmActions", alarmActions(),
		"OKActions", alarmActions(),
	))
}

// dashboard is the CloudWatch dashboard's body, for Fn::Sub: traffic,
// error rates, latency against the timeout, and the function's health.
func dashboard(api *model.API, m metrics, latencyMs float64) string {
	apiDims := []any{"ApiName", "${AWS::StackName}", "Stage", "${" + ParamStage + "}"}
	if api.Kind == model.HTTP {
		apiDims = []any{"ApiId", "${" + APIID + "}", "Stage", "${" + ParamStage + "}"}
	}
	metric := func(ns, name string, dims []any, opts map[string]any) []any {
		out := append([]any{ns, name}, dims...)
		if opts != nil {
			out = append(out, opts)
		}
		return out
	}
	fnDims := []any{"FunctionName", "${" + FunctionID + "}"}
	widget := func(x, y int, title string, ms []any, annotations map[string]any) map[string]any {
		props := map[string]any{"title": title, "region": "${AWS::Region}", "view": "timeSeries", "period": 60, "metrics": ms}
		if annotations != nil {
			props["annotations"] = annotations
		}
		return map[string]any{"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": props}
	}
	latency := []any{
		metric("AWS/ApiGateway", "Latency", apiDims, map[string]any{"stat": "p99", "label": "p99 latency"}),
		metric("AWS/ApiGateway", "Latency", apiDims, map[string]any{"stat": "p50", "label": "p50 latency"}),
	}
	if api.Kind == model.REST {
		latency = append(latency, metric("AWS/ApiGateway", "IntegrationLatency", apiDims, map[string]any{"stat": "p99", "label": "p99 integration latency"}))
	}
	body := map[string]any{"widgets": []any{
		widget(0, 0, "Requests", []any{metric("AWS/ApiGateway", m.count, apiDims, map[string]any{"stat": "Sum"})}, nil),
		widget(12, 0, "Error rates (4XX, 5XX)", []any{
			metric("AWS/ApiGateway", m.err5xx, apiDims, map[string]any{"stat": "Average", "label": "5XX rate"}),
			metric("AWS/ApiGateway", m.err4xx, apiDims, map[string]any{"stat": "Average", "label": "4XX rate"}),
		}, nil),
		widget(0, 6, "Latency (ms) against the alarm threshold", latency, map[string]any{
			"horizontal": []any{map[string]any{"label": "alarm", "value": latencyMs}}}),
		widget(12, 6, "Function", []any{
			metric("AWS/Lambda", "Invocations", fnDims, map[string]any{"stat": "Sum"}),
			metric("AWS/Lambda", "Errors", fnDims, map[string]any{"stat": "Sum"}),
			metric("AWS/Lambda", "Throttles", fnDims, map[string]any{"stat": "Sum"}),
			metric("AWS/Lambda", "ConcurrentExecutions", fnDims, map[string]any{"stat": "Maximum"}),
		}, nil),
	}}
	b, _ := json.Marshal(body) // maps of strings and numbers always marshal
	return string(b)
}
