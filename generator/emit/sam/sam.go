// Package sam writes deploy/template.yaml: the SAM template that deploys
// the service: the API (its OpenAPI definition inline, so every spec change
// makes a new deployment), the Lambda function built by the project's
// Makefile, a least-privilege role, a log group with retention, stage
// throttling, and outputs. It is built as data and marshalled.
package sam

import (
	"fmt"
	"strings"

	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
)

// Path is where the template is written.
const Path = "deploy/template.yaml"

// Logical IDs of the template's resources. FunctionID is also the suffix
// of the Makefile target `sam build` runs (build-ApiFunction).
const (
	APIID        = "Api"
	FunctionID   = "ApiFunction"
	RoleID       = "ApiFunctionRole"
	LogGroupID   = "ApiFunctionLogGroup"
	LogPolicyID  = "ApiFunctionLogPolicy"
	PermissionID = "ApiFunctionPermission"
)

// Parameter names.
const (
	ParamStage          = "Stage"
	ParamCognitoStack   = "CognitoStackName"
	ParamUserPoolARN    = "UserPoolArn"
	ParamThrottleRate   = "ThrottlingRateLimit"
	ParamThrottleBurst  = "ThrottlingBurstLimit"
	ParamLogRetention   = "LogRetentionInDays"
	ParamFunctionMemory = "FunctionMemorySize"
	ParamTokenIssuer    = "TokenIssuer"
	ParamTokenClientIDs = "TokenClientIds"
)

// MaxTemplateBytes is the largest template CloudFormation accepts (from S3,
// where sam deploy uploads it).
const MaxTemplateBytes = 1_000_000

// Runtime and architecture of the function: the generated Makefile builds
// bootstrap for them.
const (
	Runtime      = "provided.al2023"
	Architecture = "arm64"
)

// retentionDays are the values CloudWatch Logs accepts.
var retentionDays = []any{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// UsesCognito reports whether the template (and the definition) refer to
// the Cognito stack: an authorizer is configured and some operation needs a token.
func UsesCognito(dep *model.Deploy) bool {
	if dep.Authorizer == model.AuthNone || dep.Cognito == nil {
		return false
	}
	for _, od := range dep.Ops {
		if od.Gateway.Token {
			return true
		}
	}
	return false
}

// CognitoExport is the name under which deploy/cognito.yaml exports an output.
func CognitoExport(output string) string { return "${" + ParamCognitoStack + "}-" + output }

// Refs are the definition's references to the template's resources and parameters.
func Refs(dep *model.Deploy) apigw.Refs {
	imp := func(output string) any { return yamldoc.ImportValue(yamldoc.Sub(CognitoExport(output))) }
	r := apigw.Refs{
		Compact:     true,
		FunctionURI: yamldoc.Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" + FunctionID + ".Arn}/invocations"),
		LegacyURI: func(route *model.LegacyRoute) any {
			return yamldoc.Sub("${" + route.Backend.Param + "}" + yamldoc.EscapeSub(route.Path))
		},
		VPCLinkID:   func(be *model.LegacyBackend) any { return yamldoc.Ref(be.VPCLink.IDParam) },
		ListenerARN: func(be *model.LegacyBackend) any { return yamldoc.Ref(be.VPCLink.ListenerParam) },
		GatewayVpce: yamldoc.Ref(ParamGatewayVpce), GatewayPrincipal: yamldoc.Ref(ParamGatewayPrincipal),
	}
	if dep.UserPoolARN != "" {
		r.ProviderARNs = []any{yamldoc.Ref(ParamUserPoolARN)}
		r.Issuer = apigw.StandaloneRefs(dep).Issuer
	} else {
		r.ProviderARNs = []any{imp("UserPoolArn")}
		r.Issuer = yamldoc.SubVars("https://cognito-idp.${AWS::Region}.amazonaws.com/${PoolId}", yamldoc.NewMap("PoolId", imp("UserPoolId")))
	}
	if dep.Cognito != nil {
		for _, c := range dep.Cognito.Clients {
			r.Audience = append(r.Audience, imp(c.LogicalID+"Id"))
		}
	}
	return r
}

// Emit writes deploy/template.yaml.
func Emit(api *model.API, dep *model.Deploy) ([]writer.File, []string, error) {
	def, _ := apigw.Definition(api, dep, Refs(dep)) // its warnings are apigw.Emit's
	t := Template(api, dep, escapeSubs(def).(*yamldoc.Map))
	header := []string{apigw.Header, "",
		"SAM template of " + api.Name + ", from " + api.SpecBase() + ". From the project root:",
		"  sam build --template-file deploy/template.yaml",
		"  sam deploy --guided",
		"The API's definition is deploy/openapi.yaml with CloudFormation references for its",
		"placeholders, and without descriptions (to stay within CloudFormation's 1 MB).",
	}
	if UsesCognito(dep) && dep.CognitoStack != "" {
		header = append(header, "Deploy the platform's identity stack first (stack "+dep.CognitoStack+", or set "+ParamCognitoStack+").")
	} else if UsesCognito(dep) {
		header = append(header, "Deploy deploy/cognito.yaml first (stack "+api.Name+"-cognito, or set "+ParamCognitoStack+").")
	}
	data, err := yamldoc.Encode(header, t)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", Path, err)
	}
	if len(data) > MaxTemplateBytes {
		// Too big for CloudFormation in block style: write the definition
		// in flow style, which needs no indentation.
		res, _ := t.Get("Resources")
		apiRes, _ := res.(*yamldoc.Map).Get(APIID)
		props, _ := apiRes.(*yamldoc.Map).Get("Properties")
		body, _ := props.(*yamldoc.Map).Get("DefinitionBody")
		props.(*yamldoc.Map).Set("DefinitionBody", yamldoc.Flow{Value: body})
		if data, err = yamldoc.Encode(append(header, "The definition is in YAML's flow style to fit CloudFormation's 1 MB."), t); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", Path, err)
		}
	}
	var warnings []string
	if len(data) > MaxTemplateBytes {
		warnings = append(warnings, fmt.Sprintf("%s is %d bytes; CloudFormation accepts templates up to 1,000,000 bytes (through S3, as sam deploy uploads them): split the API or trim descriptions in the spec", Path, len(data)))
	}
	return []writer.File{{Path: Path, Data: data, Kind: writer.Generated}}, warnings, nil
}

// Template builds the SAM template around an API Gateway definition.
func Template(api *model.API, dep *model.Deploy, definition *yamldoc.Map) *yamldoc.Map {
	cognito := UsesCognito(dep)
	params := &yamldoc.Map{}
	params.Set(ParamStage, yamldoc.NewMap("Type", "String", "Default", dep.Stage, "AllowedPattern", model.StagePattern,
		"Description", "API Gateway stage name."))
	if cognito {
		params.Set(ParamCognitoStack, yamldoc.NewMap("Type", "String", "Default", CognitoStackName(api, dep),
			"AllowedPattern", "^[A-Za-z][A-Za-z0-9-]{0,127}$",
			"Description", "Stack deployed from deploy/cognito.yaml; its exports name the user pool and app clients."))
		if dep.UserPoolARN != "" && api.Kind == model.REST {
			params.Set(ParamUserPoolARN, yamldoc.NewMap("Type", "String", "Default", dep.UserPoolARN,
				"AllowedPattern", model.UserPoolARNPattern,
				"Description", "The existing Cognito user pool whose access tokens the API accepts."))
		}
	}
	if dep.Authorizer == model.AuthNone {
		// No authorizer: the function verifies the forwarded bearer token
		// itself, against these (see internal/apirt/verify.gen.go).
		params.Set(ParamTokenIssuer, yamldoc.NewMap("Type", "String", "AllowedPattern", `^https://[^\s/]+(/[^\s]*)?[^/\s]$`,
			"Description", "Issuer of the tokens the gateway in front forwards (https://cognito-idp.REGION.amazonaws.com/POOL_ID); the function fetches its keys from ISSUER/.well-known/jwks.json."))
		params.Set(ParamTokenClientIDs, yamldoc.NewMap("Type", "String", "AllowedPattern", `^[^,\s]+(,[^,\s]+)*$`,
			"Description", "App client IDs the tokens must be for (client_id of an access token, aud of an ID token), comma-separated."))
	}
	gatewayAccessParams(api, dep, params)
	for _, be := range dep.Legacy {
		pattern := "^https://[^/]+(/.*)?[^/]$"
		if strings.HasPrefix(be.BaseURL, "http://") {
			pattern = "^https?://[^/]+(/.*)?[^/]$"
		}
		if be.VPCLink == nil || api.Kind == model.REST {
			params.Set(be.Param, yamldoc.NewMap("Type", "String", "Default", be.BaseURL, "AllowedPattern", pattern,
				"Description", "Base URL (no trailing slash) of the legacy backend written in the spec as "+be.Host+"."))
		}
		legacyLinkParams(api, be, params)
	}
	rate, burst := any(model.DefaultRateLimit), model.DefaultBurstLimit
	if o := dep.Operability; o.RateLimit > 0 {
		rate = o.RateLimit
	}
	if o := dep.Operability; o.BurstLimit > 0 {
		burst = o.BurstLimit
	}
	params.Set(ParamThrottleRate, yamldoc.NewMap("Type", "Number", "Default", rate, "MinValue", 1, "Description", "Stage throttling: steady requests per second."))
	params.Set(ParamThrottleBurst, yamldoc.NewMap("Type", "Number", "Default", burst, "MinValue", 1, "Description", "Stage throttling: burst of requests."))
	params.Set(ParamFunctionMemory, yamldoc.NewMap("Type", "Number", "Default", 256, "MinValue", 128, "MaxValue", 10240, "Description", "Memory of the function in MB."))
	params.Set(ParamLogRetention, yamldoc.NewMap("Type", "Number", "Default", 30, "AllowedValues", retentionDays, "Description", "Days the function's logs and the stage's access logs are kept."))
	opsParams(api, params)

	desc := api.Title
	if desc == "" {
		desc = api.Name
	}
	t := yamldoc.NewMap(
		"AWSTemplateFormatVersion", "2010-09-09",
		"Transform", "AWS::Serverless-2016-10-31",
		"Description", desc+" (generated by specgate from "+api.SpecBase()+")",
		"Parameters", params,
		"Conditions", opsConditions(api),
	)
	res := &yamldoc.Map{}
	res.Set(APIID, apiResource(api, dep, definition))
	res.Set(FunctionID, function(api, dep))
	res.Set(RoleID, yamldoc.NewMap("Type", "AWS::IAM::Role", "Properties", yamldoc.NewMap(
		"Description", "Runs the "+api.Name+" function: writes its own logs (and traces), nothing else.",
		"AssumeRolePolicyDocument", yamldoc.NewMap("Version", "2012-10-17", "Statement", []any{yamldoc.NewMap(
			"Effect", "Allow",
			"Principal", yamldoc.NewMap("Service", "lambda.amazonaws.com"),
			"Action", "sts:AssumeRole",
		)}),
	)))
	res.Set(LogGroupID, yamldoc.NewMap("Type", "AWS::Logs::LogGroup",
		// The logs go with the stack: a kept group would block the next
		// stack's group of the same name.
		"DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete",
		"Properties", yamldoc.NewMap(
			"LogGroupName", yamldoc.Sub("/aws/lambda/${"+FunctionID+"}"),
			"RetentionInDays", yamldoc.Ref(ParamLogRetention),
		)))
	res.Set(LogPolicyID, yamldoc.NewMap("Type", "AWS::IAM::RolePolicy", "Properties", yamldoc.NewMap(
		"RoleName", yamldoc.Ref(RoleID),
		"PolicyName", "write-own-logs",
		"PolicyDocument", yamldoc.NewMap("Version", "2012-10-17", "Statement", []any{yamldoc.NewMap(
			"Effect", "Allow",
			"Action", []any{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Resource", yamldoc.GetAtt(LogGroupID, "Arn"),
		)}),
	)))
	res.Set(PermissionID, yamldoc.NewMap("Type", "AWS::Lambda::Permission", "Properties", yamldoc.NewMap(
		"Action", "lambda:InvokeFunction",
		"FunctionName", yamldoc.GetAtt(FunctionID, "Arn"),
		"Principal", "apigateway.amazonaws.com",
		"SourceAccount", yamldoc.Ref("AWS::AccountId"),
		"SourceArn", yamldoc.Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${"+APIID+"}/*"),
	)))
	opsResources(api, dep, res)
	serviceCalls(api, dep, params, res)
	tokenClients(api, dep, params, res)
	if dep.Authorizer != model.AuthNone && api.LambdaVerifies() {
		// Some operation's token is left to the function (the gateway runs
		// no authorizer on it): it verifies it against the pool's issuer,
		// for the clients tokenClients names.
		functionEnv(res).Set(model.EnvTokenIssuer, Refs(dep).Issuer)
	}
	t.Set("Resources", res)

	out := &yamldoc.Map{}
	out.Set("ApiUrl", yamldoc.NewMap("Description", "Base URL of the API's stage.",
		"Value", yamldoc.Sub("https://${"+APIID+"}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${"+ParamStage+"}")))
	out.Set("ApiId", yamldoc.NewMap("Description", "ID of the API.", "Value", yamldoc.Ref(APIID)))
	out.Set("FunctionName", yamldoc.NewMap("Description", "Name of the Lambda function.", "Value", yamldoc.Ref(FunctionID)))
	// The identity stack's values (TokenUrl, the client IDs) are its own
	// outputs: re-exporting an import here is what cfn-lint's W6001 warns
	// about, and the README sends readers to that stack for them.
	t.Set("Outputs", out)
	return t
}

func apiResource(api *model.API, dep *model.Deploy, definition *yamldoc.Map) *yamldoc.Map {
	o := dep.Operability
	accessLogs := func() *yamldoc.Map {
		return yamldoc.NewMap("DestinationArn", yamldoc.GetAtt(AccessLogGroupID, "Arn"), "Format", AccessLogFormat(api.Kind))
	}
	if api.Kind == model.HTTP {
		props := yamldoc.NewMap(
			"Description", "HTTP API of "+api.Name+".",
			"StageName", yamldoc.Ref(ParamStage),
			"AccessLogSettings", accessLogs(),
			"DefaultRouteSettings", yamldoc.NewMap(
				"DetailedMetricsEnabled", true,
				"ThrottlingRateLimit", yamldoc.Ref(ParamThrottleRate),
				"ThrottlingBurstLimit", yamldoc.Ref(ParamThrottleBurst),
			),
		)
		if len(o.Routes) > 0 {
			routes := &yamldoc.Map{}
			for _, r := range o.Routes {
				routes.Set(r.Method+" "+r.Path, yamldoc.NewMap("DetailedMetricsEnabled", true,
					"ThrottlingRateLimit", r.RateLimit, "ThrottlingBurstLimit", r.BurstLimit))
			}
			props.Set("RouteSettings", routes)
		}
		props.Set("DefinitionBody", definition)
		return yamldoc.NewMap("Type", "AWS::Serverless::HttpApi", "Properties", props)
	}
	settings := []any{yamldoc.NewMap(
		"ResourcePath", "/*",
		"HttpMethod", "*",
		"MetricsEnabled", true,
		"ThrottlingRateLimit", yamldoc.Ref(ParamThrottleRate),
		"ThrottlingBurstLimit", yamldoc.Ref(ParamThrottleBurst),
	)}
	for _, r := range o.Routes {
		// A method setting's path has its slashes written ~1.
		settings = append(settings, yamldoc.NewMap(
			"ResourcePath", "/"+strings.ReplaceAll(r.Path, "/", "~1"),
			"HttpMethod", r.Method,
			"MetricsEnabled", true,
			"ThrottlingRateLimit", r.RateLimit,
			"ThrottlingBurstLimit", r.BurstLimit,
		))
	}
	props := yamldoc.NewMap(
		"Name", yamldoc.Sub("${AWS::StackName}"),
		"Description", "REST API of "+api.Name+".",
		"StageName", yamldoc.Ref(ParamStage),
		"OpenApiVersion", "3.0.1",
		"EndpointConfiguration", endpointConfiguration(dep),
		"AccessLogSetting", accessLogs(),
		"MethodSettings", settings,
	)
	if o.Tracing() {
		props.Set("TracingEnabled", true)
	}
	props.Set("DefinitionBody", definition)
	// The stage's access logs need the account's CloudWatch Logs role.
	return yamldoc.NewMap("Type", "AWS::Serverless::Api", "DependsOn", []any{AccountReadyID}, "Properties", props)
}

func function(api *model.API, dep *model.Deploy) *yamldoc.Map {
	o := dep.Operability
	props := yamldoc.NewMap(
		"Description", "Serves the operations of "+api.Name+" (API Gateway "+map[model.APIKind]string{model.REST: "REST API, payload 1.0", model.HTTP: "HTTP API, payload 2.0"}[api.Kind]+").",
		"CodeUri", "..",
		"Handler", "bootstrap",
		"Runtime", Runtime,
		"Architectures", []any{Architecture},
		"MemorySize", yamldoc.Ref(ParamFunctionMemory),
		// Below API Gateway's integration timeout, so a slow call ends
		// in the function's log rather than as a bare gateway 504.
		"Timeout", o.Timeout(),
		"Role", yamldoc.GetAtt(RoleID, "Arn"),
		// One JSON object per log line; the runtime's slog lines are JSON too.
		"LoggingConfig", yamldoc.NewMap("LogFormat", "JSON", "ApplicationLogLevel", "INFO", "SystemLogLevel", "WARN"),
	)
	if o.Tracing() {
		props.Set("Tracing", "Active")
	}
	if dep.Authorizer == model.AuthNone {
		vars := yamldoc.NewMap(
			model.EnvTokenIssuer, yamldoc.Ref(ParamTokenIssuer),
			model.EnvTokenClientIDs, yamldoc.Ref(ParamTokenClientIDs),
		)
		if dep.GatewayAccess == model.AccessIAM {
			vars.Set(model.EnvTokenHeader, model.ForwardedTokenHeader)
		}
		props.Set("Environment", yamldoc.NewMap("Variables", vars))
	}
	if o.ReservedConcurrency > 0 {
		props.Set("ReservedConcurrentExecutions", o.ReservedConcurrency)
	}
	return yamldoc.NewMap(
		"Type", "AWS::Serverless::Function",
		"Metadata", yamldoc.NewMap("BuildMethod", "makefile"),
		"Properties", props,
	)
}

// escapeSubs rewrites every string that holds "${" (outside the intrinsics
// the definition already has) as an Fn::Sub that yields the same text:
// CloudFormation reads "${" in a plain string as a mistake.
func escapeSubs(v any) any {
	switch x := v.(type) {
	case *yamldoc.Map:
		if isIntrinsic(x.Keys()) {
			return x
		}
		out := &yamldoc.Map{}
		for _, k := range x.Keys() {
			val, _ := x.Get(k)
			out.Set(k, escapeSubs(val))
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		if isIntrinsic(keys) {
			return x
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = escapeSubs(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = escapeSubs(val)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = escapeSubs(val)
		}
		return out
	case string:
		if strings.Contains(x, "${") {
			return yamldoc.Sub(yamldoc.EscapeSub(x))
		}
	}
	return v
}

func isIntrinsic(keys []string) bool {
	return len(keys) == 1 && (keys[0] == "Ref" || keys[0] == "Condition" || strings.HasPrefix(keys[0], "Fn::"))
}
