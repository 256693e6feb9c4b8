package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/generator/writer"
)

type initCmd struct {
	cmd     *cobra.Command
	project projectFlags
	yes     bool
	noInput bool
	// prompter, when set, replaces the terminal (tests).
	prompter Prompter
}

func newInitCmd() *initCmd {
	c := &initCmd{}
	c.cmd = &cobra.Command{
		Use:   "init",
		Short: "Bootstrap a service: answer a few questions, get specgate.yaml and the project",
		Long: `init reads the spec first, then asks only what the spec does not say: the
service name (default from info.title), the Go module path, the API kind,
the authorizer (when an operation needs a token), the origins of web
frontends allowed by CORS (default none), which operations an existing HTTP
backend serves (an http:// one only after you confirm), and the output
directory. On a terminal it then shows a summary and writes nothing until
you confirm; Ctrl-C or Ctrl-D at any prompt cancels (exit 2, nothing
written). It writes <out>/specgate.yaml and <out>/.github/workflows/specgate.yml
(CI: specgate check, go vet, go test), both yours and never overwritten, and
generates the project.

A go.mod already in the output directory is never overwritten, so the
project must be its module: init offers to use that module (--yes takes
it), and refuses a different --module (exit 1).

Every question has a flag; a flag given is not asked. --yes takes the
defaults for the rest. When standard input is not a terminal (CI, scripts)
and an answer is missing, init exits 2 at once and names the flags to give.`,
		Example: `  # interactive
  specgate init

  # scripted: every answer as a flag
  specgate init --spec openapi.yaml --name print-shop --module github.com/acme/print-shop \
    --api rest --authorizer cognito --backend none --out print-shop

  # take the defaults for what is not given
  specgate init --spec openapi.yaml --module github.com/acme/print-shop --yes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.run(cmd) },
	}
	f := c.cmd.Flags()
	c.project.register(f, true)
	f.BoolVarP(&c.yes, "yes", "y", false, "take the default for every question not answered by a flag")
	f.BoolVar(&c.noInput, "no-input", false, "never prompt, even on a terminal (as when standard input is not a terminal)")
	f.Lookup(flagConfig).Hidden = true
	return c
}

// answers is what init learned, from flags, the spec and the prompts.
type answers struct {
	spec, out  string
	cfg        config.Config
	api        *model.API // nil when the spec could not be read (non-interactive only)
	specErrMsg string
}

func (c *initCmd) run(cmd *cobra.Command) error {
	if cmd.Flags().Changed(flagConfig) {
		return withExit(ExitError, errors.New("init writes specgate.yaml; it does not read one (--config is for generate, check and lint)"))
	}
	p := c.prompter
	var defaults *defaultsPrompter
	if p == nil {
		if stdio, ok := terminalStdio(cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()); ok && !c.noInput {
			p = newSurveyPrompter(stdio)
		} else {
			defaults = &defaultsPrompter{yes: c.yes}
			p = defaults
		}
	}
	if c.yes && defaults == nil {
		defaults = &defaultsPrompter{yes: true}
		p = defaults
	}
	a, err := c.ask(cmd, p)
	if err != nil {
		return err
	}
	if defaults != nil && len(defaults.missing) > 0 {
		return missingError(defaults.missing)
	}
	if a.api == nil {
		return withExit(ExitError, errors.New(a.specErrMsg))
	}
	if defaults == nil {
		// On a terminal: show what will be written and ask before writing.
		summary(cmd.OutOrStdout(), a)
		ok, err := p.Confirm(question{Message: "Write specgate.yaml and generate the project?"}, true)
		if err != nil {
			return err
		}
		if !ok {
			return withExit(ExitError, errCancelled)
		}
	}
	return c.write(cmd, a)
}

// ask walks the questions in order; each is answered by its flag, or asked.
func (c *initCmd) ask(cmd *cobra.Command, p Prompter) (*answers, error) {
	f := cmd.Flags()
	given := func(name string) bool { return f.Changed(name) }
	a := &answers{cfg: config.Config{Version: config.Version}}
	pf := &c.project

	// The spec, read first.
	a.spec = pf.spec
	if !given(flagSpec) {
		var err error
		a.spec, err = p.Input(question{Flag: flagSpec, Message: "OpenAPI spec file (3.0, 3.1 or Swagger 2.0; YAML or JSON):", Default: guessSpec(),
			Help: "the spec is the source of truth; specgate reads it on every generate", Validate: fileExists})
		if err != nil {
			return nil, err
		}
	}
	if err := fileExists(a.spec); err != nil {
		if _, asking := p.(*defaultsPrompter); !asking || given(flagSpec) {
			return nil, withExit(ExitError, fmt.Errorf("--spec: %v", err))
		}
		a.specErrMsg = fmt.Sprintf("--spec: %v", err)
	} else {
		doc, err := spec.Load(cmd.Context(), a.spec)
		if err != nil {
			return nil, err
		}
		api, _, err := spec.ToModel(doc, spec.Options{})
		if err != nil {
			return nil, err
		}
		a.api = api
	}

	// Service name.
	a.cfg.Service = pf.name
	if !given(flagName) {
		def := "service"
		if a.api != nil {
			def = a.api.Name
		}
		var err error
		if a.cfg.Service, err = p.Input(question{Flag: flagName, Message: "Service name:", Default: def, Validate: config.CheckService,
			Help: "lower-case kebab-case; names the project, its stack and the Cognito resource server"}); err != nil {
			return nil, err
		}
	}
	if err := config.CheckService(a.cfg.Service); err != nil {
		return nil, withExit(ExitError, fmt.Errorf("--name: %v", err))
	}

	// Go module path.
	a.cfg.Module = pf.module
	if !given(flagModule) {
		var err error
		if a.cfg.Module, err = p.Input(question{Flag: flagModule, Message: "Go module path:", Default: "example.com/" + a.cfg.Service, Validate: config.CheckModule,
			Help: "the module path of the generated project's go.mod, e.g. github.com/acme/print-shop"}); err != nil {
			return nil, err
		}
	}
	if err := config.CheckModule(a.cfg.Module); err != nil {
		return nil, withExit(ExitError, fmt.Errorf("--module: %v", err))
	}

	// API kind.
	a.cfg.API = pf.api
	if !given(flagAPI) {
		var err error
		if a.cfg.API, err = p.Select(question{Flag: flagAPI, Message: "API Gateway kind:", Default: config.APIRest}, []option{
			{config.APIRest, "REST API: validates requests at the gateway and supports Cognito authorizers"},
			{config.APIHTTP, "HTTP API: cheaper and faster, but validates nothing (the Lambda still does)"},
		}); err != nil {
			return nil, err
		}
	}
	if a.cfg.API != config.APIRest && a.cfg.API != config.APIHTTP {
		return nil, withExit(ExitError, fmt.Errorf("--api must be rest or http, not %q", a.cfg.API))
	}

	// Authorizer, when some operation needs a token.
	if err := c.askAuthorizer(cmd, p, a); err != nil {
		return nil, err
	}

	// Browser frontends on other origins (CORS): none is the safe default.
	if !given(flagCORSOrigin) {
		ans, err := p.Input(question{Flag: flagCORSOrigin, Optional: true,
			Message: "Origins of web frontends that call this API from a browser (CORS; comma-separated, empty for none):",
			Help:    "e.g. https://app.example.com; only these origins may call the API with a user's token. Leave empty for server-to-server or mobile callers",
			Validate: func(s string) error {
				_, err := parseOrigins(s)
				return err
			}})
		if err != nil {
			return nil, err
		}
		if a.cfg.Deploy.CORSOrigins, err = parseOrigins(ans); err != nil {
			return nil, withExit(ExitError, err)
		}
	}

	// Operations served by an existing HTTP backend.
	if err := c.askBackends(cmd, p, a); err != nil {
		return nil, err
	}

	// Output directory.
	a.out = pf.out
	if !given(flagOut) {
		var err error
		if a.out, err = p.Input(question{Flag: flagOut, Message: "Output directory:", Default: ".", Validate: outUsable,
			Help: "where go.mod, specgate.yaml and the code go; created when missing"}); err != nil {
			return nil, err
		}
	}
	if err := outUsable(a.out); err != nil {
		return nil, withExit(ExitInvalid, fmt.Errorf("--out: %v", err))
	}
	// A go.mod already there is never overwritten: the project must be
	// that module.
	if err := c.adoptModule(p, a, given(flagModule)); err != nil {
		return nil, err
	}

	// Settings that are never asked, only given.
	if err := pf.apply(f, &project{cfg: &a.cfg}); err != nil {
		return nil, err
	}
	return a, nil
}

func (c *initCmd) askAuthorizer(cmd *cobra.Command, p Prompter, a *answers) error {
	f := cmd.Flags()
	pf := &c.project
	secured := a.api == nil
	if a.api != nil {
		for _, op := range a.api.Operations {
			secured = secured || (!op.Access.Anonymous && !op.Access.Undeclared)
		}
	}
	auth := &a.cfg.Auth
	switch {
	case f.Changed(flagAuthorizer):
		auth.Authorizer = pf.authorizer
		auth.UserPoolARN = pf.userPoolARN
	case f.Changed(flagUserPoolARN):
		auth.Authorizer, auth.UserPoolARN = config.AuthCognito, pf.userPoolARN
	case !secured:
		auth.Authorizer = config.AuthNone // every operation is public: nothing to ask
	default:
		choice, err := p.Select(question{Flag: flagAuthorizer, Message: "Who checks the callers' tokens?", Default: "new-pool"}, []option{
			{"new-pool", "a new Cognito user pool (deploy/cognito.yaml creates it)"},
			{"existing-pool", "an existing Cognito user pool (you give its ARN)"},
			{"none", "no authorizer: a gateway in front authenticates and forwards the bearer token; the Lambda verifies it and checks scopes"},
		})
		if err != nil {
			return err
		}
		auth.Authorizer = config.AuthCognito
		if a.cfg.API == config.APIHTTP {
			auth.Authorizer = config.AuthJWT
		}
		switch choice {
		case "none":
			auth.Authorizer = config.AuthNone
		case "existing-pool":
			if auth.UserPoolARN, err = p.Input(question{Flag: flagUserPoolARN, Message: "User pool ARN:", Validate: config.CheckUserPoolARN,
				Help: "arn:aws:cognito-idp:<region>:<account id>:userpool/<region>_<id>"}); err != nil {
				return err
			}
		}
	}
	if auth.UserPoolARN != "" {
		if err := config.CheckUserPoolARN(auth.UserPoolARN); err != nil {
			return withExit(ExitError, fmt.Errorf("--user-pool-arn: %v", err))
		}
	}
	return nil
}

func (c *initCmd) askBackends(cmd *cobra.Command, p Prompter, a *answers) error {
	if cmd.Flags().Changed(flagBackend) {
		b, err := parseBackends(c.project.backends)
		if err != nil {
			return err
		}
		a.cfg.Legacy.Backends = b
		for op, be := range b {
			if err := config.CheckBackendURL(be.URI, c.project.allowHTTPLegacy); err != nil {
				return withExit(ExitError, fmt.Errorf("--backend %s: %v", op, err))
			}
		}
		return nil
	}
	var opts []option
	ops := map[string]*model.Operation{}
	if a.api != nil {
		for _, op := range a.api.LambdaOperations() {
			name := op.ID
			if name == "" {
				name = op.Method + " " + op.Path
			}
			ops[name] = op
			opts = append(opts, option{name, op.Method + " " + op.Path})
		}
		if len(opts) == 0 {
			return nil
		}
	}
	chosen, err := p.MultiSelect(question{Flag: flagBackend, Message: "Which operations does an existing HTTP backend serve? (space to pick, enter when done; none: all run on Lambda)",
		Help: "a picked operation is proxied by API Gateway to the URL you give next, instead of running in the Lambda"}, opts)
	if err != nil {
		return err
	}
	for _, name := range chosen {
		u, err := c.askBackendURL(p, a, ops[name], name)
		if err != nil {
			return err
		}
		if a.cfg.Legacy.Backends == nil {
			a.cfg.Legacy.Backends = map[string]config.Backend{}
		}
		a.cfg.Legacy.Backends[name] = config.Backend{URI: u}
	}
	return nil
}

// askBackendURL asks for the URL of the backend serving op. An http://
// URL is accepted only when the user confirms it (or gave
// --allow-http-legacy); it then sets legacy.allowHTTP.
func (c *initCmd) askBackendURL(p Prompter, a *answers, op *model.Operation, name string) (string, error) {
	for {
		u, err := p.Input(question{Flag: flagBackend, Message: fmt.Sprintf("Backend URL for %s (%s %s):", name, op.Method, op.Path),
			Help:     "absolute https URL; {param} is filled from the request path, e.g. https://legacy.example.com" + op.Path,
			Validate: func(s string) error { return config.CheckBackendURL(s, true) }})
		if err != nil || !strings.HasPrefix(strings.ToLower(u), "http:") || a.cfg.Legacy.AllowHTTP || c.project.allowHTTPLegacy {
			return u, err
		}
		ok, err := p.Confirm(question{Flag: flagAllowHTTP, Message: fmt.Sprintf("%s is plain http: requests and the caller's identity headers cross the network unencrypted. Use it anyway?", u),
			Help: "yes sets legacy.allowHTTP in specgate.yaml; no asks for the URL again"}, false)
		if err != nil {
			return "", err
		}
		if ok {
			a.cfg.Legacy.AllowHTTP = true
			return u, nil
		}
	}
}

// write validates the answers, writes specgate.yaml with the project, and
// says what to do next.
func (c *initCmd) write(cmd *cobra.Command, a *answers) error {
	a.cfg.Spec = relPath(a.out, a.spec)
	if err := a.cfg.Validate("answers"); err != nil {
		return err
	}
	cfgPath := filepath.Join(a.out, config.FileName)
	data, err := a.cfg.Marshal()
	if err != nil {
		return withExit(ExitError, err)
	}
	pr := &project{cfg: &a.cfg, spec: a.spec, out: a.out}
	opts := pr.options()
	res, err := generator.Generate(cmd.Context(), opts)
	if err != nil {
		return err
	}
	if err := addStamp(pr, opts, res); err != nil {
		return withExit(ExitError, err)
	}
	for _, f := range []writer.File{{Path: config.FileName, Data: data, Kind: writer.Scaffold}, generator.Workflow(Version)} {
		if err := res.Files.Add(f); err != nil {
			return withExit(ExitError, err)
		}
	}
	if err := writeProject(cmd, pr, res, writer.Options{}); err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "wrote %s; next:\n", filepath.ToSlash(cfgPath))
	if a.out != "." {
		fmt.Fprintf(w, "  cd %s\n", a.out)
	}
	fmt.Fprintf(w, "  go build ./...       # then implement the stubs in handlers/\n")
	fmt.Fprintf(w, "  specgate generate    # after the spec changes\n")
	fmt.Fprintf(w, "  specgate check       # in CI: exit 1 when generated files drifted from the spec\n")
	return nil
}

// guessSpec is the first usual spec file name that exists.
func guessSpec() string {
	for _, name := range []string{"openapi.yaml", "openapi.yml", "openapi.json", "swagger.yaml", "swagger.json", "api.yaml"} {
		if _, err := os.Stat(name); err == nil {
			return name
		}
	}
	return "openapi.yaml"
}

func fileExists(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s does not exist", path)
	case err != nil:
		return err
	case fi.IsDir():
		return fmt.Errorf("%s is a directory; give the spec file", path)
	}
	return nil
}

// outUsable refuses an output directory that is a file or already has a
// specgate.yaml (init never overwrites it).
func outUsable(dir string) error {
	if strings.TrimSpace(dir) == "" {
		return errors.New("give a directory")
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a file", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, config.FileName)); err == nil {
		return fmt.Errorf("%s already exists; init never overwrites it: edit it and run specgate generate", filepath.Join(dir, config.FileName))
	}
	return nil
}
