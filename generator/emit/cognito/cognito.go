// Package cognito writes deploy/cognito.yaml: the CloudFormation stack of
// the identity side, which a platform team deploys once per user pool: the
// pool and its domain (unless the pool exists already), a resource server
// with every scope of the spec, and two app clients, one for first-party
// web and mobile apps (authorization code + PKCE) and one for
// service-to-service callers (client credentials). Its exports are what
// deploy/template.yaml imports.
package cognito

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/emit/yamldoc"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/writer"
)

// Path is where the stack is written.
const Path = "deploy/cognito.yaml"

// Logical IDs.
const (
	PoolID   = "UserPool"
	DomainID = "UserPoolDomain"
)

// Parameter names.
const (
	ParamDomainPrefix = "DomainPrefix"
	ParamPoolID       = "UserPoolId"
	ParamDomain       = "UserPoolDomain"
	ParamCallbackURLs = "CallbackUrls"
	ParamLogoutURLs   = "LogoutUrls"
)

// ClientOutput is the output (and export) holding an app client's ID.
func ClientOutput(c *model.AppClient) string { return c.LogicalID + "Id" }

// StackName is the default name of the identity stack of service name
// (the SAM template's CognitoStackName).
func StackName(name string) string { return name + "-cognito" }

// DeployCommand is the command that deploys deploy/cognito.yaml, one line
// per element: a new pool takes the prefix of its hosted domain, an
// existing pool needs its domain (UserPoolDomain has no default). The
// file's header and the project's README both print it.
func DeployCommand(name string, existingPool bool) []string {
	param := ParamDomainPrefix + "=" + domainPrefix(name)
	if existingPool {
		param = ParamDomain + "=auth.example.com"
	}
	return []string{
		"aws cloudformation deploy --template-file deploy/cognito.yaml --stack-name " + StackName(name) + " \\",
		"  --parameter-overrides " + param + " CallbackUrls=https://app.example.com/callback",
	}
}

// Emit writes deploy/cognito.yaml when the service needs tokens: when the
// authorizer is none or no operation needs a token, there is nothing to write.
func Emit(api *model.API, dep *model.Deploy) ([]writer.File, []string, error) {
	if !sam.UsesCognito(dep) {
		return nil, nil, nil
	}
	header := []string{apigw.Header, "",
		"Cognito configuration of " + api.Name + ", from " + api.SpecBase() + ": deploy it once per user pool, before",
		"deploy/template.yaml, as stack " + StackName(api.Name) + " (the template's CognitoStackName):",
	}
	for _, l := range DeployCommand(api.Name, dep.UserPoolARN != "") {
		header = append(header, "  "+l)
	}
	if len(dep.Cognito.ResourceServers) > 1 {
		header = append(header, "",
			"Cognito scope names cannot contain \"/\": the spec's scopes are grouped into one resource",
			"server per prefix under "+dep.Cognito.ResourceServer+", so tokens carry exactly the names the API checks.")
	}
	data, err := yamldoc.Encode(header, Stack(api, dep))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", Path, err)
	}
	return []writer.File{{Path: Path, Data: data, Kind: writer.Generated}}, nil, nil
}

var notDomain = regexp.MustCompile(`[^a-z0-9-]+`)

// domainPrefix is a default hosted-domain prefix Cognito accepts: lower
// case letters, digits and hyphens, without the reserved words aws,
// amazon and cognito.
func domainPrefix(name string) string {
	p := notDomain.ReplaceAllString(strings.ToLower(name), "-")
	for _, w := range []string{"amazon", "cognito", "aws"} {
		p = strings.ReplaceAll(p, w, "")
	}
	p = strings.Trim(regexp.MustCompile(`-+`).ReplaceAllString(p, "-"), "-")
	if len(p) > 50 {
		p = strings.Trim(p[:50], "-")
	}
	if p == "" {
		p = "service"
	}
	return p + "-auth"
}

// Stack builds the CloudFormation template.
func Stack(api *model.API, dep *model.Deploy) *yamldoc.Map {
	c := dep.Cognito
	created := dep.UserPoolARN == ""
	params := &yamldoc.Map{}
	var pool any
	var tokenURL *yamldoc.Map
	if created {
		params.Set(ParamDomainPrefix, yamldoc.NewMap("Type", "String", "Default", domainPrefix(api.Name),
			"AllowedPattern", "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
			"Description", "Prefix of the hosted sign-in domain, PREFIX.auth.REGION.amazoncognito.com: unique in the region, without aws, amazon or cognito."))
		pool = yamldoc.Ref(PoolID)
		tokenURL = yamldoc.Sub("https://${" + ParamDomainPrefix + "}.auth.${AWS::Region}.amazoncognito.com/oauth2/token")
	} else {
		id := dep.UserPoolARN[strings.LastIndex(dep.UserPoolARN, "/")+1:]
		params.Set(ParamPoolID, yamldoc.NewMap("Type", "String", "Default", id, "AllowedPattern", "^[\\w-]+_[0-9a-zA-Z]+$",
			"Description", "The existing user pool the resource server and app clients are added to."))
		params.Set(ParamDomain, yamldoc.NewMap("Type", "String", "AllowedPattern", "^[a-z0-9.-]+$",
			"Description", "Host name of the pool's domain (PREFIX.auth.REGION.amazoncognito.com or a custom domain), for the token URL."))
		pool = yamldoc.Ref(ParamPoolID)
		tokenURL = yamldoc.Sub("https://${" + ParamDomain + "}/oauth2/token")
	}
	if hasUserClient(c) {
		params.Set(ParamCallbackURLs, yamldoc.NewMap("Type", "String", "Default", "http://localhost:3000/callback",
			"Description", "Where the web and mobile apps receive the authorization code (comma-separated; https, or http://localhost)."))
		params.Set(ParamLogoutURLs, yamldoc.NewMap("Type", "String", "Default", "http://localhost:3000/",
			"Description", "Where the apps land after signing out (comma-separated)."))
	}
	t := yamldoc.NewMap(
		"AWSTemplateFormatVersion", "2010-09-09",
		"Description", "Identity of "+api.Name+": resource server, scopes and app clients (generated by specgate from "+api.SpecBase()+")",
		"Parameters", params,
	)
	res := &yamldoc.Map{}
	if created {
		res.Set(PoolID, yamldoc.NewMap(
			"Type", "AWS::Cognito::UserPool",
			"DeletionPolicy", "Retain",
			"UpdateReplacePolicy", "Retain",
			"Properties", yamldoc.NewMap(
				"UserPoolName", yamldoc.Sub("${AWS::StackName}-users"),
				"UsernameAttributes", []any{"email"},
				"AutoVerifiedAttributes", []any{"email"},
				"DeletionProtection", "ACTIVE",
				"MfaConfiguration", "OPTIONAL",
				"EnabledMfas", []any{"SOFTWARE_TOKEN_MFA"},
				"AdminCreateUserConfig", yamldoc.NewMap("AllowAdminCreateUserOnly", true),
				"AccountRecoverySetting", yamldoc.NewMap("RecoveryMechanisms", []any{yamldoc.NewMap("Name", "verified_email", "Priority", 1)}),
				"Policies", yamldoc.NewMap("PasswordPolicy", yamldoc.NewMap(
					"MinimumLength", 12, "RequireLowercase", true, "RequireUppercase", true,
					"RequireNumbers", true, "RequireSymbols", true, "TemporaryPasswordValidityDays", 7)),
			),
		))
		res.Set(DomainID, yamldoc.NewMap("Type", "AWS::Cognito::UserPoolDomain", "Properties", yamldoc.NewMap(
			"Domain", yamldoc.Ref(ParamDomainPrefix),
			"UserPoolId", pool,
		)))
	}
	var servers []any
	for _, rs := range c.ResourceServers {
		scopes := make([]any, len(rs.Scopes))
		for i, s := range rs.Scopes {
			scopes[i] = yamldoc.NewMap("ScopeName", s.Name, "ScopeDescription", s.Description)
		}
		res.Set(rs.LogicalID, yamldoc.NewMap("Type", "AWS::Cognito::UserPoolResourceServer", "Properties", yamldoc.NewMap(
			"UserPoolId", pool,
			"Identifier", rs.Identifier,
			"Name", rs.Name,
			"Scopes", scopes,
		)))
		servers = append(servers, rs.LogicalID)
	}
	for _, cl := range c.Clients {
		m := yamldoc.NewMap("Type", "AWS::Cognito::UserPoolClient")
		if len(servers) > 0 {
			m.Set("DependsOn", servers) // the scopes must exist before a client names them
		}
		p := yamldoc.NewMap("UserPoolId", pool, "ClientName", yamldoc.Sub("${AWS::StackName}-"+model.SnakeName(cl.LogicalID, "client")))
		if cl.Service {
			p.Set("GenerateSecret", true)
			p.Set("AllowedOAuthFlows", []any{"client_credentials"})
		} else {
			p.Set("GenerateSecret", false) // a public client: PKCE instead of a secret
			p.Set("AllowedOAuthFlows", []any{"code"})
			p.Set("SupportedIdentityProviders", []any{"COGNITO"})
			p.Set("CallbackURLs", yamldoc.NewMap("Fn::Split", []any{",", yamldoc.Ref(ParamCallbackURLs)}))
			p.Set("LogoutURLs", yamldoc.NewMap("Fn::Split", []any{",", yamldoc.Ref(ParamLogoutURLs)}))
		}
		p.Set("AllowedOAuthFlowsUserPoolClient", true)
		p.Set("AllowedOAuthScopes", append([]string(nil), cl.Scopes...))
		p.Set("ExplicitAuthFlows", []any{"ALLOW_REFRESH_TOKEN_AUTH"})
		p.Set("PreventUserExistenceErrors", "ENABLED")
		p.Set("EnableTokenRevocation", true)
		p.Set("AccessTokenValidity", 60)
		p.Set("IdTokenValidity", 60)
		p.Set("RefreshTokenValidity", 30)
		p.Set("TokenValidityUnits", yamldoc.NewMap("AccessToken", "minutes", "IdToken", "minutes", "RefreshToken", "days"))
		m.Set("Properties", p)
		res.Set(cl.LogicalID, m)
	}
	t.Set("Resources", res)

	out := &yamldoc.Map{}
	export := func(name, desc string, v any) {
		out.Set(name, yamldoc.NewMap("Description", desc, "Value", v,
			"Export", yamldoc.NewMap("Name", yamldoc.Sub("${AWS::StackName}-"+name))))
	}
	export("UserPoolId", "ID of the user pool.", pool)
	if created {
		export("UserPoolArn", "ARN of the user pool.", yamldoc.GetAtt(PoolID, "Arn"))
	} else {
		export("UserPoolArn", "ARN of the user pool.", dep.UserPoolARN)
	}
	export("TokenUrl", "OAuth 2.0 token endpoint.", tokenURL)
	for _, cl := range c.Clients {
		desc := "App client for first-party web and mobile apps: authorization code + PKCE, no secret."
		if cl.Service {
			desc = "App client for service-to-service callers: client credentials; read its secret with aws cognito-idp describe-user-pool-client."
		}
		export(ClientOutput(cl), desc, yamldoc.Ref(cl.LogicalID))
	}
	for _, rs := range c.ResourceServers {
		names := make([]string, len(rs.Scopes))
		for i, s := range rs.Scopes {
			names[i] = rs.Identifier + "/" + s.Name
		}
		out.Set(rs.LogicalID+"Scopes", yamldoc.NewMap("Description", "Scopes of resource server "+rs.Identifier+", space-separated.",
			"Value", strings.Join(names, " ")))
	}
	t.Set("Outputs", out)
	return t
}

func hasUserClient(c *model.Cognito) bool {
	for _, cl := range c.Clients {
		if !cl.Service {
			return true
		}
	}
	return false
}
