// Package generator runs specgate's pipeline: load the spec, build the
// model, run every emitter, and collect their files into one FileSet. It
// never touches the disk; package writer does.
package generator

import (
	"context"
	"fmt"
	"slices"

	"github.com/specgate/specgate/generator/emit/client"
	"github.com/specgate/specgate/generator/emit/cognito"
	"github.com/specgate/specgate/generator/emit/lambda"
	"github.com/specgate/specgate/generator/emit/local"
	"github.com/specgate/specgate/generator/emit/types"
	"github.com/specgate/specgate/generator/emit/validate"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/generator/writer"
)

// Options is one generation's input.
type Options struct {
	SpecPath     string        // the spec file to read
	SpecRelPath  string        // the spec's path relative to the output directory, for the project's Makefile
	Name         string        // service name; default from info.title
	Module       string        // Go module path; default example.com/<name>
	Kind         model.APIKind // rest (default) or http
	MaxBodyBytes int           // request body limit of the generated router; 0 means 1 MiB
	// Version is the running specgate's version, stamped on the runtime
	// copied into the project (`specgate check` then reports a runtime
	// another version wrote); "dev" when empty.
	Version string

	// Deploy settings (API Gateway, SAM, Cognito).
	Authorizer      string            // cognito (default), jwt, or none (an upstream gateway authenticates)
	UserPoolARN     string            // an existing Cognito user pool; empty: cognito.yaml creates one
	ResourceServer  string            // Cognito resource server identifier; default the service name
	Stage           string            // API Gateway stage name; default "prod"
	CORSOrigins     []string          // allowed origins; none means no CORS
	LegacyBaseURLs  map[string]string // x-specgate-integration URI host overrides, by name
	AllowHTTPLegacy bool              // allow http:// (not https) legacy backends
	// LegacyConnections are "vpc-link" for the backends API Gateway
	// reaches through a VPC link, keyed as LegacyBaseURLs are.
	LegacyConnections map[string]string
	// LegacyForwardHeaders are the caller's credential headers (Authorization,
	// Cookie) legacy backends still get; none by default.
	LegacyForwardHeaders []string

	// Operability: tracing, the function's timeout and concurrency, stage
	// throttling. RouteThrottles are by operationId or "METHOD /path".
	Operability    model.Operability
	RouteThrottles map[string]Throttle

	// Validation settings.
	SkipUnsupportedPatterns bool // a pattern Go's regexp cannot compile is skipped (and reported) instead of refused

	// Backends send operations (by operationId or "METHOD /path") to existing HTTP backends.
	Backends map[string]Backend

	// Calls, in a platform, are the services this one calls (its function
	// gets their URLs and its machine client's settings).
	Calls *model.Calls

	// SharedIdentity, when set, is the platform identity the service joins
	// (specgate platform): the service writes no deploy/cognito.yaml of its
	// own, and its template imports the platform clients' IDs (JWT
	// audiences) from the identity stack instead of its own clients'.
	SharedIdentity *SharedIdentity
}

// SharedIdentity is a platform's identity stack, as a service sees it.
type SharedIdentity struct {
	// Clients are the platform's app clients (logical ID and whether it
	// uses client credentials); the identity stack exports <LogicalID>Id.
	Clients []model.AppClient
	// Stack is the identity stack's name: the default of the service
	// template's CognitoStackName.
	Stack string
	// GatewayAccess is how an existing gateway in front reaches the
	// service when it has no authorizer (model.AccessPrivate, AccessIAM).
	GatewayAccess model.GatewayAccess
}

// Result is the planned output and what was learned making it.
type Result struct {
	Files    *writer.FileSet
	API      *model.API
	Deploy   *model.Deploy // what the deploy files were made from
	Warnings []string
	Sources  []spec.Source // the spec files read, sorted by path
}

// Generate plans the whole project. An invalid spec gives a *spec.Error.
func Generate(ctx context.Context, opts Options) (*Result, error) {
	doc, api, typesSrc, err := buildModel(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := spec.Validation(doc, api, spec.ValidationOptions{SkipUnsupportedPatterns: opts.SkipUnsupportedPatterns}); err != nil {
		return nil, err
	}
	typesOut, err := types.Emit(ctx, api, typesSrc)
	if err != nil {
		return nil, fmt.Errorf("generate Go types: %w", err)
	}
	if clash := intersect(typesOut.Idents, lambda.RuntimeIdents); len(clash) > 0 {
		return nil, fmt.Errorf("generate Go types: oapi-codegen declared %v, which the router declares too; please report this spec", clash)
	}
	api.NameOperationTypes(append(typesOut.Idents, lambda.RuntimeIdents...))
	// The deploy files are the last to read the loaded spec and the types
	// source: made first, so that these are garbage (peak heap) while the
	// Go emitters run, which read only the model. They write no warnings.
	deployFiles, dep, err := emitDeploy(doc, api, typesSrc, opts)
	if err != nil {
		return nil, err
	}
	sources := doc.Sources
	localFiles, err := local.Emit(api, dep, opts.Version)
	if err != nil {
		return nil, fmt.Errorf("emit local server: %w", err)
	}
	lambdaFiles, err := lambda.Emit(api, typesOut.Source, lambda.Options{SpecPath: opts.SpecRelPath, MaxBodyBytes: opts.MaxBodyBytes,
		CORSOrigins:   opts.CORSOrigins,
		CognitoDeploy: cognito.DeployCommand(api.Name, opts.UserPoolARN != ""),
		Version:       opts.Version})
	if err != nil {
		return nil, fmt.Errorf("emit Lambda project: %w", err)
	}
	validationFiles, err := validate.Emit(api, typesOut.Source, validate.Options{Unions: typesOut.Unions})
	if err != nil {
		return nil, fmt.Errorf("emit request validation: %w", err)
	}
	clientFiles, err := client.Emit(api)
	if err != nil {
		return nil, fmt.Errorf("emit client: %w", err)
	}
	files := slices.Concat(lambdaFiles, validationFiles, deployFiles, localFiles, clientFiles)
	res, err := plan(files, api, dep)
	if err != nil {
		return nil, err
	}
	res.Sources = sources
	return res, nil
}

// buildModel runs the pipeline up to the model: load the spec, build the
// model, apply the configured backends, and settle the service-wide
// settings that several emitters read (resource server, authorizer).
func buildModel(ctx context.Context, opts Options) (*spec.Document, *model.API, *spec.TypesSource, error) {
	doc, err := spec.Load(ctx, opts.SpecPath)
	if err != nil {
		return nil, nil, nil, err
	}
	api, typesSrc, err := spec.ToModel(doc, spec.Options{Name: opts.Name, Module: opts.Module, Kind: opts.Kind, ResourceServer: opts.ResourceServer, Reserved: lambda.RuntimeIdents})
	if err != nil {
		return nil, nil, nil, err
	}
	if err := applyBackends(api, opts.Backends); err != nil {
		return nil, nil, nil, err
	}
	api.Authorizer = model.AuthorizerKind(opts.Authorizer)
	if api.Authorizer == "" {
		api.Authorizer = model.AuthCognito
	}
	return doc, api, typesSrc, nil
}

// plan collects the emitters' files into one FileSet.
func plan(files []writer.File, api *model.API, dep *model.Deploy) (*Result, error) {
	set := writer.NewFileSet()
	for _, f := range files {
		if err := set.Add(f); err != nil {
			return nil, fmt.Errorf("plan output: %w", err)
		}
	}
	return &Result{Files: set, API: api, Deploy: dep, Warnings: api.Warnings}, nil
}

func intersect(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var both []string
	for _, x := range a {
		if in[x] {
			both = append(both, x)
		}
	}
	return both
}
