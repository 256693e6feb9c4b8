package sam

import (
	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// legacyLinkParams declares the parameters of a private legacy backend's
// VPC link: its ID and, for an HTTP API (VPC link V2), the load balancer
// listener it reaches.
func legacyLinkParams(api *model.API, be *model.LegacyBackend, params *yamldoc.Map) {
	if be.VPCLink == nil {
		return
	}
	what := "VPC link (to the Network Load Balancer in front of the backend)"
	if api.Kind == model.HTTP {
		what = "VPC link V2 (to the subnets of the backend's load balancer)"
	}
	params.Set(be.VPCLink.IDParam, yamldoc.NewMap("Type", "String", "AllowedPattern", "^[a-z0-9]+$",
		"Description", "ID of the "+what+" through which API Gateway reaches the private legacy backend "+be.Host+"."))
	if api.Kind == model.HTTP {
		params.Set(be.VPCLink.ListenerParam, yamldoc.NewMap("Type", "String",
			"AllowedPattern", `^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener/(app|net)/.+$`,
			"Description", "ARN of the load balancer listener (HTTPS) that serves the private legacy backend "+be.Host+"."))
	}
}

// CognitoStackName is the default of the template's CognitoStackName: the
// service's own Cognito stack, or the platform's identity stack.
func CognitoStackName(api *model.API, dep *model.Deploy) string {
	if dep.CognitoStack != "" {
		return dep.CognitoStack
	}
	return api.Name + "-cognito"
}

// The parameters naming the existing gateway in front (model.GatewayAccess).
const (
	ParamGatewayVpce      = "GatewayVpcEndpointId"
	ParamGatewayPrincipal = "GatewayPrincipalArn"
)

// gatewayAccessParams declares the existing gateway's VPC endpoint (a
// private API) or IAM principal (AWS_IAM), for the resource policy.
func gatewayAccessParams(api *model.API, dep *model.Deploy, params *yamldoc.Map) {
	if dep.Authorizer != model.AuthNone {
		return
	}
	switch {
	case dep.GatewayAccess == model.AccessPrivate && api.Kind == model.REST:
		params.Set(ParamGatewayVpce, yamldoc.NewMap("Type", "String", "AllowedPattern", "^vpce-[0-9a-f]{8,17}$",
			"Description", "The interface VPC endpoint (execute-api) of the gateway in front: the only way into this private API."))
	case dep.GatewayAccess == model.AccessIAM && api.Kind == model.REST:
		params.Set(ParamGatewayPrincipal, yamldoc.NewMap("Type", "String", "AllowedPattern", `^arn:aws[a-z-]*:iam::\d{12}:(role|user)/[\w+=,.@/-]+$`,
			"Description", "The IAM role (or user) the gateway in front signs requests with: the only principal the API's resource policy admits."))
	}
}

// endpointConfiguration is the REST API's: PRIVATE, through the gateway's
// VPC endpoint, when only the gateway in front may reach it; REGIONAL
// otherwise.
func endpointConfiguration(dep *model.Deploy) *yamldoc.Map {
	if dep.Authorizer == model.AuthNone && dep.GatewayAccess == model.AccessPrivate {
		return yamldoc.NewMap("Type", "PRIVATE", "VPCEndpointIds", []any{yamldoc.Ref(ParamGatewayVpce)})
	}
	return yamldoc.NewMap("Type", "REGIONAL")
}

// CallsPolicyID is the role policy letting a calling function read its
// client's secret, and nothing else.
const CallsPolicyID = "ReadCallerSecretPolicy"

// serviceCalls wires a platform service that calls others (model.Calls):
// the function's environment gets the token endpoint, its machine
// client's ID and secret ARN (imported from the identity stack) and each
// called service's URL; its role may read that one secret. The secret
// itself is never in a template or the environment.
func serviceCalls(api *model.API, dep *model.Deploy, params, res *yamldoc.Map) {
	c := dep.Calls
	if c == nil {
		return
	}
	if _, ok := params.Get(ParamCognitoStack); !ok {
		params.Set(ParamCognitoStack, yamldoc.NewMap("Type", "String", "Default", CognitoStackName(api, dep),
			"AllowedPattern", "^[A-Za-z][A-Za-z0-9-]{0,127}$",
			"Description", "The platform's identity stack; its exports name this service's machine client and its secret."))
	}
	imp := func(o string) *yamldoc.Map { return yamldoc.ImportValue(yamldoc.Sub(CognitoExport(o))) }
	vars := functionEnv(res)
	vars.Set(model.EnvCallerTokenURL, imp("TokenUrl"))
	vars.Set(model.EnvCallerClientID, imp(c.ClientLogicalID+"Id"))
	vars.Set(model.EnvCallerSecretARN, imp(c.SecretExport))
	for _, s := range c.Services {
		vars.Set(model.CalledServiceEnv(s.Name), s.URL)
	}
	res.Set(CallsPolicyID, yamldoc.NewMap("Type", "AWS::IAM::RolePolicy", "Properties", yamldoc.NewMap(
		"RoleName", yamldoc.Ref(RoleID),
		"PolicyName", "read-caller-secret",
		"PolicyDocument", yamldoc.NewMap("Version", "2012-10-17", "Statement", []any{yamldoc.NewMap(
			"Effect", "Allow",
			"Action", "secretsmanager:GetSecretValue",
			"Resource", imp(c.SecretExport),
		)}),
	)))
}

// functionEnv is the function's environment variables, added when it
// has none yet.
func functionEnv(res *yamldoc.Map) *yamldoc.Map {
	fn, _ := res.Get(FunctionID)
	props, _ := fn.(*yamldoc.Map).Get("Properties")
	pm := props.(*yamldoc.Map)
	if env, ok := pm.Get("Environment"); ok {
		v, _ := env.(*yamldoc.Map).Get("Variables")
		return v.(*yamldoc.Map)
	}
	vars := &yamldoc.Map{}
	pm.Set("Environment", yamldoc.NewMap("Variables", vars))
	return vars
}

// tokenClients sets the client IDs the function accepts
// (model.Deploy.TokenClients) to exactly those of the clients that may
// call the service, imported from the platform's identity stack or
// deploy/cognito.yaml: instead of a parameter the deployer fills in when
// the function verifies tokens itself (authorizer none), and beside a
// REST API's Cognito authorizer, which checks no audience (any app client
// of the pool passes it), so that the function refuses the others' tokens.
func tokenClients(api *model.API, dep *model.Deploy, params, res *yamldoc.Map) {
	if len(dep.TokenClients) == 0 {
		return
	}
	if _, ok := params.Get(ParamCognitoStack); !ok {
		params.Set(ParamCognitoStack, yamldoc.NewMap("Type", "String", "Default", CognitoStackName(api, dep),
			"AllowedPattern", "^[A-Za-z][A-Za-z0-9-]{0,127}$",
			"Description", "The platform's identity stack; its exports name the app clients whose tokens the function accepts."))
	}
	params.Delete(ParamTokenClientIDs)
	ids := make([]any, 0, len(dep.TokenClients))
	for _, c := range dep.TokenClients {
		ids = append(ids, yamldoc.ImportValue(yamldoc.Sub(CognitoExport(c.LogicalID+"Id"))))
	}
	functionEnv(res).Set(model.EnvTokenClientIDs, yamldoc.NewMap("Fn::Join", []any{",", ids}))
}
