package apigw

import (
	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
)

// SigV4Scheme is the security scheme of AWS_IAM authorization
// (model.AccessIAM): the gateway in front signs every request.
const SigV4Scheme = "sigv4"

// Placeholders of the standalone definition for the gateway in front.
const (
	PlaceholderGatewayVpce      = "GATEWAY_VPC_ENDPOINT_ID"
	PlaceholderGatewayPrincipal = "arn:aws:iam::ACCOUNT_ID:role/GATEWAY_ROLE"
)

// gatewayPolicy is the REST API's resource policy for the gateway in
// front: a private API admits requests through the gateway's VPC endpoint
// only; an AWS_IAM API admits requests signed by the gateway's principal
// only. Nil when the API is reachable by anyone (the function still
// verifies the token).
func (b *builder) gatewayPolicy() *yamldoc.Map {
	if b.api.Kind != model.REST || b.dep.Authorizer != model.AuthNone {
		return nil
	}
	var allow, deny *yamldoc.Map
	switch b.dep.GatewayAccess {
	case model.AccessPrivate:
		allow = yamldoc.NewMap("Effect", "Allow", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "execute-api:/*")
		deny = yamldoc.NewMap("Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "execute-api:/*",
			"Condition", yamldoc.NewMap("StringNotEquals", yamldoc.NewMap("aws:SourceVpce", b.refs.GatewayVpce)))
	case model.AccessIAM:
		allow = yamldoc.NewMap("Effect", "Allow", "Principal", yamldoc.NewMap("AWS", b.refs.GatewayPrincipal), "Action", "execute-api:Invoke", "Resource", "execute-api:/*")
		deny = yamldoc.NewMap("Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "execute-api:/*",
			"Condition", yamldoc.NewMap("ArnNotEquals", yamldoc.NewMap("aws:PrincipalArn", b.refs.GatewayPrincipal)))
	default:
		return nil
	}
	return yamldoc.NewMap("Version", "2012-10-17", "Statement", []any{allow, deny})
}

// signed reports whether every operation needs the gateway's signature.
func (b *builder) signed() bool {
	return b.dep.Authorizer == model.AuthNone && b.dep.GatewayAccess == model.AccessIAM
}

// sigV4Scheme is the AWS_IAM security scheme, for REST and HTTP APIs alike.
func sigV4Scheme() *yamldoc.Map {
	return yamldoc.NewMap("type", "apiKey", "name", "Authorization", "in", "header",
		"x-amazon-apigateway-authtype", "awsSigv4",
		"description", "AWS_IAM: requests signed (SigV4) by the gateway in front; the caller's token travels in "+model.ForwardedTokenHeader+".")
}
