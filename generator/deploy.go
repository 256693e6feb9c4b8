package generator

import (
	"context"
	"fmt"

	"github.com/specgate/specgate/generator/emit/apigw"
	"github.com/specgate/specgate/generator/emit/cognito"
	"github.com/specgate/specgate/generator/emit/sam"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/generator/writer"
)

// emitDeploy writes what a team deploys: the API Gateway definition, the
// SAM template and the Cognito stack. Their warnings join the API's.
func emitDeploy(doc *spec.Document, api *model.API, ts *spec.TypesSource, opts Options) ([]writer.File, *model.Deploy, error) {
	var access model.GatewayAccess
	if opts.SharedIdentity != nil {
		access = opts.SharedIdentity.GatewayAccess
	}
	dep, err := spec.Deploy(doc, api, ts, spec.DeployOptions{
		Authorizer: api.Authorizer, UserPoolARN: opts.UserPoolARN,
		ResourceServer: api.ResourceServer, Stage: opts.Stage, CORSOrigins: opts.CORSOrigins,
		LegacyBaseURLs: opts.LegacyBaseURLs, AllowHTTPLegacy: opts.AllowHTTPLegacy, LegacyConnections: opts.LegacyConnections,
		GatewayAccess: access, SharedPool: opts.SharedIdentity != nil,
	})
	if err != nil {
		return nil, nil, err
	}
	dep.LegacyForwardHeaders = opts.LegacyForwardHeaders
	dep.Operability = opts.Operability
	if dep.Operability.Routes, err = routeThrottles(api, opts.RouteThrottles); err != nil {
		return nil, nil, err
	}
	emitters := []struct {
		what string
		fn   func(*model.API, *model.Deploy) ([]writer.File, []string, error)
	}{{"API Gateway definition", apigw.Emit}, {"SAM template", sam.Emit}, {"Cognito stack", cognito.Emit}}
	if shared := opts.SharedIdentity; shared != nil {
		// The platform's identity stack holds the pool, the resource
		// servers and the clients: every platform client is an audience.
		emitters = emitters[:2]
		dep.CognitoStack = shared.Stack
		dep.Calls = opts.Calls
		if api.FunctionChecksClient(true, true) {
			dep.TokenClients = shared.Clients
		}
		if dep.Cognito != nil {
			dep.Cognito.Clients = nil
			for _, c := range shared.Clients {
				dep.Cognito.Clients = append(dep.Cognito.Clients, &model.AppClient{LogicalID: c.LogicalID, Service: c.Service})
			}
		}
	}
	if opts.SharedIdentity == nil && dep.Cognito != nil && api.FunctionChecksClient(false, opts.UserPoolARN != "") {
		// The function accepts tokens of the service's own clients,
		// deploy/cognito.yaml's (an existing pool holds other apps').
		for _, c := range dep.Cognito.Clients {
			dep.TokenClients = append(dep.TokenClients, *c)
		}
	}
	var files []writer.File
	for _, emit := range emitters {
		fs, warnings, err := emit.fn(api, dep)
		if err != nil {
			return nil, nil, fmt.Errorf("emit %s: %w", emit.what, err)
		}
		files = append(files, fs...)
		api.Warnings = append(api.Warnings, warnings...)
	}
	return files, dep, nil
}

// generateDeploy plans only the deploy files: the pipeline up to the
// model, then the deploy emitters. Tests of the deploy files use it for
// large specs, whose Go code generation takes far longer.
func generateDeploy(ctx context.Context, opts Options) (*Result, error) {
	doc, api, typesSrc, err := buildModel(ctx, opts)
	if err != nil {
		return nil, err
	}
	files, dep, err := emitDeploy(doc, api, typesSrc, opts)
	if err != nil {
		return nil, err
	}
	return plan(files, api, dep)
}

// Identity returns the Cognito side of a service (its resource servers and
// scopes) as a Cognito authorizer would need it, whatever opts.Authorizer
// says: what a platform's shared identity stack holds for a service that
// verifies tokens itself (authorizer none). Nil when no operation needs a token.
//
// Its legacy operations are judged as generate judges them (the authorizer
// opts names, the gateway access of opts.SharedIdentity), not as under the
// Cognito authorizer it builds for.
func Identity(ctx context.Context, opts Options) (*model.Cognito, error) {
	guard := model.AuthorizerKind(opts.Authorizer)
	if guard == "" {
		guard = model.AuthCognito
	}
	var access model.GatewayAccess
	if opts.SharedIdentity != nil {
		access = opts.SharedIdentity.GatewayAccess
	}
	opts.Authorizer = string(model.AuthCognito)
	doc, api, typesSrc, err := buildModel(ctx, opts)
	if err != nil {
		return nil, err
	}
	dep, err := spec.Deploy(doc, api, typesSrc, spec.DeployOptions{
		Authorizer: api.Authorizer, UserPoolARN: opts.UserPoolARN, ResourceServer: api.ResourceServer, Stage: opts.Stage,
		LegacyBaseURLs: opts.LegacyBaseURLs, AllowHTTPLegacy: opts.AllowHTTPLegacy, LegacyConnections: opts.LegacyConnections,
		GatewayAccess: access, GuardAuthorizer: guard, SharedPool: opts.SharedIdentity != nil,
	})
	if err != nil {
		return nil, err
	}
	return dep.Cognito, nil
}
