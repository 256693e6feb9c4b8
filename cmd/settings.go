package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/platform"
)

// projectFlags are the settings specgate.yaml holds; a flag that is given
// overrides the file. generate, check, lint and init share them.
type projectFlags struct {
	config                                         string
	spec, out, name, module, api                   string
	authorizer, userPoolARN, resourceServer, stage string
	corsOrigins                                    []string
	legacyBaseURLs                                 map[string]string
	allowHTTPLegacy                                bool
	backends                                       []string
	maxBodyBytes                                   int
	skipUnsupportedPatterns                        bool
}

// Flag names, also used in messages.
const (
	flagConfig         = "config"
	flagSpec           = "spec"
	flagOut            = "out"
	flagName           = "name"
	flagModule         = "module"
	flagAPI            = "api"
	flagAuthorizer     = "authorizer"
	flagUserPoolARN    = "user-pool-arn"
	flagResourceServer = "resource-server"
	flagStage          = "stage"
	flagCORSOrigin     = "cors-origin"
	flagLegacyBaseURL  = "legacy-base-url"
	flagAllowHTTP      = "allow-http-legacy"
	flagBackend        = "backend"
	flagMaxBody        = "max-body-bytes"
	flagSkipPatterns   = "skip-unsupported-patterns"
)

// register binds the flags. all=false registers only what lint needs.
func (p *projectFlags) register(f *pflag.FlagSet, all bool) {
	f.StringVarP(&p.config, flagConfig, "c", "", "the specgate.yaml to read (default ./specgate.yaml when present); its paths are relative to it")
	f.StringVarP(&p.spec, flagSpec, "s", "", "the OpenAPI 3.0/3.1 or Swagger 2.0 file to read, YAML or JSON (default: spec in specgate.yaml, else openapi.yaml)")
	f.StringVar(&p.api, flagAPI, "", "API Gateway flavour: rest (REST API, payload 1.0; validates at the gateway, Cognito authorizers) or http (HTTP API, payload 2.0; cheaper, validates nothing) (default rest)")
	f.StringVar(&p.resourceServer, flagResourceServer, "", "Cognito resource server identifier (default the service name)")
	f.StringVar(&p.name, flagName, "", "service name, lower-case kebab-case (default from info.title, e.g. print-shop)")
	f.BoolVar(&p.skipUnsupportedPatterns, flagSkipPatterns, false, "skip (and report) patterns Go's regexp cannot compile instead of refusing the spec")
	f.StringVar(&p.authorizer, flagAuthorizer, "", "cognito (a Cognito user pool authorizer), jwt (an HTTP API JWT authorizer) or none (an upstream gateway authenticates) (default cognito)")
	if !all {
		return
	}
	f.StringVarP(&p.out, flagOut, "o", "", "the project directory to write; created when missing (default: out in specgate.yaml, else the current directory)")
	f.StringVar(&p.module, flagModule, "", "Go module path of the generated project (default example.com/<name>)")
	f.StringVar(&p.userPoolARN, flagUserPoolARN, "", "an existing Cognito user pool ARN (default: deploy/cognito.yaml creates a pool)")
	f.StringVar(&p.stage, flagStage, "", "API Gateway stage name (default prod)")
	f.StringArrayVar(&p.corsOrigins, flagCORSOrigin, nil, "an origin allowed by CORS, e.g. https://app.example.com (repeatable; default no CORS)")
	f.StringToStringVar(&p.legacyBaseURLs, flagLegacyBaseURL, nil, "NAME=URL: override the host of x-specgate-integration URIs named NAME (repeatable)")
	f.BoolVar(&p.allowHTTPLegacy, flagAllowHTTP, false, "allow http:// (not https) legacy backends")
	f.StringArrayVar(&p.backends, flagBackend, nil, "OPERATION=URL: serve an operation (operationId or \"METHOD /path\") from an existing HTTP backend instead of Lambda (repeatable)")
	f.IntVar(&p.maxBodyBytes, flagMaxBody, 0, "request body limit of the generated Lambda in bytes (default 1048576)")
}

// project is the resolved configuration of one run: the config file with
// the given flags applied, and paths relative to the working directory.
type project struct {
	cfg     *config.Config
	cfgFile string // "" when no file was read
	spec    string // spec path
	out     string // output directory
	// platform, when set, lists this project as its service: options
	// joins it to the platform, as platform generate does.
	platform *platform.Platform
	service  string
}

// resolve reads the config file (--config, or ./specgate.yaml when present),
// applies the flags that were given, and validates the result.
func (p *projectFlags) resolve(cmd *cobra.Command) (*project, error) {
	pr := &project{cfg: &config.Config{Version: config.Version}}
	path, explicit := p.config, p.config != ""
	if !explicit {
		path = config.FileName
	}
	switch c, err := config.Load(path); {
	case err == nil:
		pr.cfg, pr.cfgFile = c, path
		pr.spec, pr.out = c.SpecPath(), c.OutPath()
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	case errors.Is(err, fs.ErrNotExist):
		return nil, withExit(ExitError, fmt.Errorf("read config: %s does not exist (run specgate init to write one, or drop --config)", path))
	case isConfigError(err):
		return nil, err
	default:
		return nil, withExit(ExitError, fmt.Errorf("read config: %w", err))
	}
	if err := p.apply(cmd.Flags(), pr); err != nil {
		return nil, err
	}
	if pr.spec == "" {
		pr.spec = "openapi.yaml"
		if pr.cfgFile != "" {
			return nil, withExit(ExitError, fmt.Errorf("%s: no spec; add \"spec: openapi.yaml\" or give --spec FILE", pr.cfgFile))
		}
	}
	if pr.out == "" {
		pr.out = "."
	}
	// The file alone was valid (Load validates it): what fails now comes
	// from the flags, a usage error.
	if err := pr.cfg.Validate("flags"); err != nil {
		return nil, withExit(ExitError, err)
	}
	if pr.cfgFile != "" {
		var err error
		if pr.platform, pr.service, err = enclosingPlatform(pr.cfgFile); err != nil {
			return nil, err
		}
	}
	return pr, nil
}

// apply copies every flag that was given into pr.
func (p *projectFlags) apply(f *pflag.FlagSet, pr *project) error {
	c := pr.cfg
	set := func(name string, do func()) {
		if fl := f.Lookup(name); fl != nil && fl.Changed {
			do()
		}
	}
	set(flagSpec, func() { pr.spec = p.spec })
	set(flagOut, func() { pr.out = p.out })
	set(flagName, func() { c.Service = p.name })
	set(flagModule, func() { c.Module = p.module })
	set(flagAPI, func() { c.API = p.api })
	set(flagAuthorizer, func() { c.Auth.Authorizer = p.authorizer })
	set(flagUserPoolARN, func() { c.Auth.UserPoolARN = p.userPoolARN })
	set(flagResourceServer, func() { c.Auth.ResourceServer = p.resourceServer })
	set(flagStage, func() { c.Deploy.Stage = p.stage })
	set(flagCORSOrigin, func() { c.Deploy.CORSOrigins = p.corsOrigins })
	set(flagLegacyBaseURL, func() { c.Legacy.BaseURLs = p.legacyBaseURLs })
	set(flagAllowHTTP, func() { c.Legacy.AllowHTTP = p.allowHTTPLegacy })
	var err error
	set(flagMaxBody, func() {
		// 0 would mean "unset" (the default) in specgate.yaml: given on
		// the command line it is a mistake, not a request for the default.
		if p.maxBodyBytes < 1 {
			err = withExit(ExitError, fmt.Errorf("--%s %d: the limit must be from 1 to %d bytes; omit the flag for the default (%d)",
				flagMaxBody, p.maxBodyBytes, config.MaxMaxBodyBytes, config.DefaultMaxBodyBytes))
		}
		c.Validation.MaxBodyBytes = p.maxBodyBytes
	})
	if err != nil {
		return err
	}
	set(flagSkipPatterns, func() { c.Validation.SkipUnsupportedPatterns = p.skipUnsupportedPatterns })
	set(flagBackend, func() {
		var b map[string]config.Backend
		b, err = parseBackends(p.backends)
		c.Legacy.Backends = b
	})
	return err
}

// parseBackends reads --backend OPERATION=URL values; "none" means every
// operation runs on Lambda.
func parseBackends(values []string) (map[string]config.Backend, error) {
	m := map[string]config.Backend{}
	for _, v := range values {
		if v == "none" {
			continue
		}
		op, u, ok := strings.Cut(v, "=")
		if !ok || op == "" || u == "" {
			return nil, withExit(ExitError, fmt.Errorf("--backend %q: want OPERATION=URL, e.g. --backend getOrder=https://legacy.example.com/orders/{id}, or --backend none", v))
		}
		m[op] = config.Backend{URI: u}
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

func isConfigError(err error) bool {
	var ce *config.Error
	return errors.As(err, &ce)
}

// options turns the project into the generator's input.
func (pr *project) options() generator.Options {
	c := pr.cfg
	o := generator.Options{
		SpecPath: pr.spec, SpecRelPath: relPath(pr.out, pr.spec),
		Name: c.Service, Module: c.Module, Kind: model.APIKind(c.API),
		MaxBodyBytes: c.Validation.MaxBodyBytes,
		Authorizer:   c.Auth.Authorizer, UserPoolARN: c.Auth.UserPoolARN, ResourceServer: c.Auth.ResourceServer,
		Stage: c.Deploy.Stage, CORSOrigins: c.Deploy.CORSOrigins,
		LegacyBaseURLs: c.Legacy.BaseURLs, AllowHTTPLegacy: c.Legacy.AllowHTTP, LegacyForwardHeaders: c.Legacy.ForwardHeaders,
		LegacyConnections:       c.Legacy.Connections,
		SkipUnsupportedPatterns: c.Validation.SkipUnsupportedPatterns,
		Version:                 Version,
	}
	o.Operability, o.RouteThrottles = operability(c.Deploy)
	if len(c.Legacy.Backends) > 0 {
		o.Backends = map[string]generator.Backend{}
		for k, b := range c.Legacy.Backends {
			o.Backends[k] = generator.Backend{URI: b.URI, TimeoutMillis: b.TimeoutMillis}
		}
	}
	if pr.platform != nil {
		asPlatformService(pr.platform, pr.service, &o)
	}
	return o
}

// checkSpec fails early, with advice, when the spec file cannot be read.
func (pr *project) checkSpec() error {
	if _, err := os.Stat(pr.spec); err != nil {
		where := "give the spec with --spec FILE"
		if pr.cfgFile != "" {
			where = fmt.Sprintf("fix spec in %s or give --spec FILE", pr.cfgFile)
		} else if errors.Is(err, fs.ErrNotExist) {
			where += ", or run specgate init to write a specgate.yaml"
		}
		return withExit(ExitError, fmt.Errorf("read spec: %w (%s)", err, where))
	}
	return nil
}

// relPath is target's path as seen from dir, slash-separated.
func relPath(dir, target string) string {
	absDir, err1 := filepath.Abs(dir)
	absT, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(target)
	}
	rel, err := filepath.Rel(absDir, absT)
	if err != nil {
		return filepath.ToSlash(absT)
	}
	return filepath.ToSlash(rel)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// flagValues are the values a flag takes, for shell completion (cobra's
// `specgate completion bash|zsh|fish|powershell`).
var flagValues = map[string][]cobra.Completion{
	flagAPI: {
		cobra.CompletionWithDesc(config.APIRest, "REST API: validates at the gateway, Cognito authorizers"),
		cobra.CompletionWithDesc(config.APIHTTP, "HTTP API: cheaper, validates nothing"),
	},
	flagAuthorizer: {
		cobra.CompletionWithDesc(config.AuthCognito, "a Cognito user pool authorizer"),
		cobra.CompletionWithDesc(config.AuthJWT, "an HTTP API JWT authorizer"),
		cobra.CompletionWithDesc(config.AuthNone, "an upstream gateway authenticates"),
	},
	"format": {"text", "json"},
}

// registerCompletions tells the shell what each flag of cmd and its
// subcommands takes: fixed values, spec or config files, or a directory.
func registerCompletions(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		registerCompletions(sub)
	}
	f := cmd.Flags()
	register := func(name string, fn cobra.CompletionFunc) {
		if f.Lookup(name) != nil {
			// Only fails for an unknown or twice-registered flag: a bug.
			if err := cmd.RegisterFlagCompletionFunc(name, fn); err != nil {
				panic(err)
			}
		}
	}
	for name, values := range flagValues {
		register(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
	}
	files := func(ext ...string) cobra.CompletionFunc {
		return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return ext, cobra.ShellCompDirectiveFilterFileExt
		}
	}
	register(flagSpec, files("yaml", "yml", "json"))
	register(flagConfig, files("yaml", "yml"))
	register(flagOut, func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	})
}
