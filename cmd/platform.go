package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/lint"
	"github.com/specgate/specgate/generator/platform"
	"github.com/specgate/specgate/generator/writer"
	"github.com/specgate/specgate/internal/words"
)

// platformCmd is `specgate platform`: many services, one domain, one identity.
type platformCmd struct {
	cmd  *cobra.Command
	file string
}

func newPlatformCmd() *platformCmd {
	c := &platformCmd{}
	c.cmd = &cobra.Command{
		Use:   "platform",
		Short: "Many services behind one domain and one identity (platform.yaml)",
		Long: `platform reads platform.yaml (or --platform FILE): a platform's services, each a
directory with its own specgate.yaml, its clients and their scopes, and the
custom domain. Its subcommands regenerate every service together with the
shared stacks in platform/ (identity.yaml, domain.yaml, routes.json,
README.md), check them for drift, and lint every service plus the rules
across services.`,
		Args: cobra.NoArgs,
	}
	c.cmd.PersistentFlags().StringVar(&c.file, "platform", platform.FileName, "the platform file to read; service directories are relative to it")
	c.cmd.AddCommand(
		&cobra.Command{Use: "generate", Short: "Regenerate every service and the shared stacks in platform/", Args: cobra.NoArgs,
			Example: "  specgate platform generate\n  specgate platform generate --platform examples/platform/platform.yaml",
			RunE:    func(cmd *cobra.Command, _ []string) error { return c.generate(cmd) }},
		&cobra.Command{Use: "check", Short: "Fail (exit 1, with a diff) when a service or platform/ no longer matches the specs", Args: cobra.NoArgs,
			Example: "  specgate platform check",
			RunE:    func(cmd *cobra.Command, _ []string) error { return c.check(cmd) }},
		&cobra.Command{Use: "lint", Short: "Lint every service's spec and the rules across services", Args: cobra.NoArgs,
			Example: "  specgate platform lint",
			RunE:    func(cmd *cobra.Command, _ []string) error { return c.lint(cmd) }},
	)
	c.addServeCommands()
	c.addInitCommand()
	return c
}

// platformRun is one loaded platform with its services generated in memory.
type platformRun struct {
	p        *platform.Platform
	projects map[string]*project
	results  map[string]*generator.Result
	services map[string]*platform.Built // what platform/ is made from
	files    []platform.File
}

// loadPlatform reads the platform file.
func (c *platformCmd) loadPlatform() (*platform.Platform, error) {
	p, err := platform.Load(c.file)
	switch {
	case err == nil:
		return p, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, withExit(ExitError, fmt.Errorf("read platform: %s does not exist (run in the directory of platform.yaml, or give --platform FILE)", c.file))
	case isPlatformError(err):
		return nil, withExit(ExitInvalid, err)
	}
	return nil, withExit(ExitError, fmt.Errorf("read platform: %w", err))
}

func isPlatformError(err error) bool {
	var pe *platform.Error
	return errors.As(err, &pe)
}

// servicesOf reads every service's specgate.yaml into a project, as
// specgate generate would in its directory.
func servicesOf(p *platform.Platform) (map[string]*project, error) {
	projects := map[string]*project{}
	for _, name := range p.ServiceNames() {
		path := filepath.Join(p.ServiceDir(name), config.FileName)
		cfg, err := config.Load(path)
		if err != nil {
			if isConfigError(err) {
				return nil, err
			}
			return nil, withExit(ExitError, fmt.Errorf("service %s: read config: %w", name, err))
		}
		pr := &project{cfg: cfg, cfgFile: path, spec: cfg.SpecPath(), out: cfg.OutPath()}
		if pr.spec == "" {
			return nil, withExit(ExitError, fmt.Errorf("%s: no spec; add \"spec: openapi.yaml\"", path))
		}
		if err := pr.checkSpec(); err != nil {
			return nil, err
		}
		projects[name] = pr
	}
	return projects, nil
}

// build generates every service in memory, joined to the platform's
// identity, then checks the rules across services and plans platform/.
func (c *platformCmd) build(ctx context.Context) (*platformRun, error) {
	p, err := c.loadPlatform()
	if err != nil {
		return nil, err
	}
	projects, err := servicesOf(p)
	if err != nil {
		return nil, err
	}
	run := &platformRun{p: p, projects: projects, results: map[string]*generator.Result{}}
	built := map[string]*platform.Built{}
	for _, name := range p.ServiceNames() {
		opts := projects[name].options()
		asPlatformService(p, name, &opts)
		res, err := generator.Generate(ctx, opts)
		if err != nil {
			return nil, err
		}
		run.results[name] = res
		b := &platform.Built{Name: name, API: res.API, Deploy: res.Deploy}
		if res.Deploy.Cognito == nil {
			// No authorizer: the identity stack still needs the service's
			// resource servers and scopes.
			dep := *res.Deploy
			if dep.Cognito, err = generator.Identity(ctx, opts); err != nil {
				return nil, err
			}
			b.Deploy = &dep
		}
		built[name] = b
	}
	run.services = built
	if err := p.Check(built); err != nil {
		return nil, withExit(ExitInvalid, err)
	}
	if run.files, err = p.Emit(built); err != nil {
		return nil, withExit(ExitError, fmt.Errorf("emit platform: %w", err))
	}
	return run, nil
}

func (c *platformCmd) generate(cmd *cobra.Command) error {
	run, err := c.build(cmd.Context())
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	for _, name := range run.p.ServiceNames() {
		fmt.Fprintf(out, "service %s:\n", name)
		if err := writeProject(cmd, run.projects[name], run.results[name], writer.Options{Keep: run.sharedIn(name)}); err != nil {
			return err
		}
	}
	dir := filepath.Join(run.p.Dir(), platform.OutDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return withExit(ExitError, fmt.Errorf("cannot write %s: %w", dir, err))
	}
	for _, f := range run.files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return withExit(ExitError, fmt.Errorf("cannot write %s: %w", filepath.Join(dir, f.Name), err))
		}
	}
	stale, err := run.staleShared(dir)
	if err == nil {
		err = writer.RemoveStale(dir, stale)
	}
	if err != nil {
		return withExit(ExitError, err)
	}
	for _, p := range stale {
		fmt.Fprintf(out, "removed %s: the platform no longer generates it\n", filepath.Join(dir, p))
	}
	fmt.Fprintf(out, "specgate: platform %s: %s and %s in %s\n", run.p.Name, words.Count(len(run.p.Services), "service"), words.Count(len(run.files), "shared file"), dir)
	return nil
}

// sharedIn is platform/, relative to service name's directory when it
// holds it (a service in the platform's own directory): not the service's
// to check or prune; staleShared does.
func (run *platformRun) sharedIn(name string) []string {
	rel, err := filepath.Rel(run.projects[name].out, filepath.Join(run.p.Dir(), platform.OutDir))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	return []string{filepath.ToSlash(rel)}
}

// staleShared lists the files in dir (platform/) with specgate's header
// that the platform no longer generates (see writer.Stale).
func (run *platformRun) staleShared(dir string) ([]string, error) {
	names := make([]string, len(run.files))
	for i, f := range run.files {
		names[i] = f.Name
	}
	return writer.Stale(dir, names, nil)
}

func (c *platformCmd) check(cmd *cobra.Command) error {
	run, err := c.build(cmd.Context())
	if err != nil {
		return err
	}
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	drifted := 0
	for _, name := range run.p.ServiceNames() {
		pr := run.projects[name]
		diffs, err := writer.Diff(pr.out, run.results[name].Files, run.sharedIn(name)...)
		if err != nil {
			return withExit(ExitError, err)
		}
		for _, d := range diffs {
			status := d.Status
			if status == "stale" {
				status = staleHint("specgate platform generate")
			}
			fmt.Fprintf(errOut, "%s: %s\n", filepath.Join(pr.out, d.Path), status)
			out.Write(d.Unified)
		}
		drifted += len(diffs)
	}
	dir := filepath.Join(run.p.Dir(), platform.OutDir)
	stale, err := run.staleShared(dir)
	if err != nil {
		return withExit(ExitError, err)
	}
	for _, p := range stale {
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			return withExit(ExitError, err)
		}
		fmt.Fprintf(errOut, "%s: %s\n", filepath.Join(dir, p), staleHint("specgate platform generate"))
		out.Write(diff.Diff("a/"+platform.OutDir+"/"+p, got, "/dev/null", nil))
		drifted++
	}
	for _, f := range run.files {
		path := filepath.Join(dir, f.Name)
		got, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(errOut, "%s: missing\n", path)
		case err != nil:
			return withExit(ExitError, err)
		case bytes.Equal(bytes.ReplaceAll(got, []byte("\r\n"), []byte("\n")), f.Data):
			continue
		default:
			fmt.Fprintf(errOut, "%s: differs from what the platform generates\n", path)
		}
		out.Write(diff.Diff("a/"+platform.OutDir+"/"+f.Name, got, "b/"+platform.OutDir+"/"+f.Name, f.Data))
		drifted++
	}
	if drifted > 0 {
		return withExit(ExitInvalid, fmt.Errorf("platform %s: %s out of date; run specgate platform generate and commit the result", run.p.Name, words.Count(drifted, "file")))
	}
	fmt.Fprintf(out, "specgate: platform %s: %s and platform/ match the specs\n", run.p.Name, words.Count(len(run.p.Services), "service"))
	return nil
}

// platformAuthorizer is the authorizer a service of p gets, configured
// being its own: with gateway: existing the firm's gateway routes and
// validates tokens; API Gateway has no authorizer, and each function
// verifies the forwarded token against the platform's pool and checks its
// scopes. Generate and lint judge legacy operations against it.
func platformAuthorizer(p *platform.Platform, configured string) string {
	if p.Gateway == platform.GatewayExisting {
		return config.AuthNone
	}
	return configured
}

// platformLintAuthorizer is the authorizer a service's lint checks Cognito's
// rules for in a platform: whatever the service's own authorizer (none
// included, and gateway: existing, where no authorizer runs), the
// platform's identity stack holds the service's scopes under its resource
// server, so generate checks them as Cognito names (generator.Identity),
// and lint must too.
func platformLintAuthorizer(configured string) string {
	if configured == config.AuthNone {
		return ""
	}
	return configured
}

func (c *platformCmd) lint(cmd *cobra.Command) error {
	p, err := c.loadPlatform()
	if err != nil {
		return err
	}
	projects, err := servicesOf(p)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	errs := 0
	for _, name := range p.ServiceNames() {
		pr := projects[name]
		findings, err := lint.File(pr.spec, platformLintOptions(p, name, pr.cfg))
		if err != nil {
			return withExit(ExitError, fmt.Errorf("service %s: read spec: %w", name, err))
		}
		fmt.Fprintf(out, "service %s (%s):\n", name, pr.spec)
		if err := lint.WriteText(out, findings); err != nil {
			return withExit(ExitError, err)
		}
		n, _, _ := lint.Count(findings)
		errs += n
	}
	if errs > 0 {
		return withExit(ExitInvalid, fmt.Errorf("platform lint: %s in the services' specs", words.Count(errs, "error")))
	}
	for _, name := range p.ServiceNames() {
		warnings, err := p.ServerWarnings(name, projects[name].spec)
		if err != nil {
			return withExit(ExitError, fmt.Errorf("service %s: read spec: %w", name, err))
		}
		for _, w := range warnings {
			fmt.Fprintln(out, "warning: "+w)
		}
	}
	// The rules across services that need the services' models (every
	// client scope exists) run as generate runs them.
	run, err := c.build(cmd.Context())
	if err != nil {
		return err
	}
	_, poolWarnings := p.PoolProblems(run.services)
	warnings := append(p.SchemeWarnings(run.services), poolWarnings...)
	for _, w := range append(warnings, p.NamingWarnings(run.services)...) {
		fmt.Fprintln(out, "warning: "+w)
	}
	fmt.Fprintf(out, "specgate: platform %s: %s, no errors\n", p.Name, words.Count(len(p.Services), "service"))
	return nil
}
