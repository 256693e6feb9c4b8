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
