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
