package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/evolve"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

type diffCmd struct {
	cmd     *cobra.Command
	project projectFlags
	base    string
	format  string
	failOn  string
	accept  string
}

func newDiffCmd() *diffCmd {
	c := &diffCmd{}
	c.cmd = &cobra.Command{
		Use:   "diff [BASE NEW]",
		Short: "Say which callers a spec change breaks; exit 1 on a breaking change (for pull requests)",
		Long: `diff compares two versions of the spec: the files BASE and NEW, or with
--base REF the spec named by ./specgate.yaml (or --spec) as it is at git
revision REF against the working tree. Each change is classified error,
warning or info and says who feels it: public clients (web and mobile),
machine clients, backend owners.

It runs oasdiff's generic OpenAPI rules and specgate's own:
` + diffRuleList() + `
specgate's rules compare what generation makes, not spec keywords: the
Cognito app clients, their OAuth flows and scopes, and the resource servers
deploy emits; the request validation the Lambda enforces; each JSON
response's fields as a typed client sees them (allOf merged, the fields of
every oneOf/anyOf alternative).

The request comparison is conservative: a keyword or a parameter's
serialisation (style, explode) that changes is reported unless specgate
proves NEW accepts every request BASE accepted. One exception: a property
added to an object open to others is taken as new, not as a constraint on
what callers sent.

A response field that disappears, or that was required and becomes optional
(a typed client's field becomes optional), is an error, and so is every
oasdiff rule about a response field's existence, type or structure that its
own severity law makes an error; a widened value range (an enum value added,
a bound raised) keeps oasdiff's level.

A default that changes (a parameter's, a request property's) is a warning:
callers that leave the value out get another one.

An operation whose security has an empty alternative ({}) is public: adding
security: [{}, {cognito: [...]}] to a public operation breaks nobody. One
that declares no security needs any valid token (secure by default).

A breaking change made on purpose is acknowledged in ` + evolve.AcceptFile + `
(beside specgate.yaml; --accept to name another): a list of {operation,
rule, reason}, where operation is "METHOD /path", the operationId, or "*".
An acknowledged change is reported, not failed.

Operations marked deprecated: true (and their x-sunset dates) are listed.

Exit 0: nothing at or above --fail-on. Exit 1: a change at or above
--fail-on that is not acknowledged (or a spec that cannot be read as one).
Exit 2: usage or I/O error (a missing file, a git revision that does not exist).`,
		Example: `  specgate diff old.yaml openapi.yaml
  specgate diff --base origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"
  specgate diff --base v1.4.0 --format changelog`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case c.base != "" && len(args) != 0:
				return fmt.Errorf("give either --base REF or the files BASE NEW, not both")
			case c.base == "" && len(args) != 2:
				return fmt.Errorf("give the files BASE NEW, or --base REF to compare a git revision with the working tree")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return c.run(cmd, args) },
	}
	f := c.cmd.Flags()
	c.project.register(f, false)
	f.StringVar(&c.base, "base", "", "compare the spec at this git revision (branch, tag, commit) with the working tree")
	f.StringVar(&c.format, "format", "text", "output format: "+strings.Join(evolve.Formats, ", "))
	f.StringVar(&c.failOn, "fail-on", "error", "exit 1 on a change at or above this level: error, warning or info")
	f.StringVar(&c.accept, "accept", "", "the acknowledgement file (default "+evolve.AcceptFile+" beside specgate.yaml, when present)")
	return c
}

func diffRuleList() string {
	s := ""
	for _, r := range evolve.RuleList {
		s += fmt.Sprintf("  %-38s %-7s %s\n", r.ID, r.Level, r.Summary)
	}
	return s
}

func (c *diffCmd) run(cmd *cobra.Command, args []string) error {
	ctx := cmd.Context()
	failOn, err := evolve.ParseLevel(c.failOn)
	if err != nil {
		return withExit(ExitError, fmt.Errorf("--fail-on: %w", err))
	}
	if !contains(evolve.Formats, c.format) {
		return withExit(ExitError, fmt.Errorf("--format must be one of %s, not %q", strings.Join(evolve.Formats, ", "), c.format))
	}
	if len(args) == 2 && !cmd.Flags().Changed(flagSpec) {
		// The project's settings (service name, backends) still apply;
		// its spec is not needed.
		c.project.spec = args[1]
		cmd.Flags().Lookup(flagSpec).Changed = true
	}
	pr, err := c.project.resolve(cmd)
	if err != nil {
		return err
	}
	basePath, baseName, newPath := "", "", ""
	if c.base != "" {
		if err := pr.checkSpec(); err != nil {
			return err
		}
		p, name, cleanup, err := evolve.FromGit(ctx, pr.spec, c.base)
		if err != nil {
			return withExit(ExitError, fmt.Errorf("read base spec: %w", err))
		}
		defer cleanup()
		basePath, baseName, newPath = p, name, pr.spec
	} else {
		basePath, newPath = args[0], args[1]
	}
	for _, p := range []string{basePath, newPath} {
		if _, err := os.Stat(p); err != nil {
			return withExit(ExitError, fmt.Errorf("read spec: %w", err))
		}
	}
	newOpts, baseOpts := pr.options(), pr.options()
	if c.base != "" && pr.cfgFile != "" {
		// The base spec goes with the settings it had (its backends, its
		// service name), when the config file existed at REF.
		if baseOpts, err = c.configAt(cmd, pr); err != nil {
			return err
		}
	}
	build := func(opts generator.Options) func(context.Context, string) (*spec.Document, *model.API, *spec.TypesSource, error) {
		return func(ctx context.Context, file string) (*spec.Document, *model.API, *spec.TypesSource, error) {
			opts.SpecPath = file
			return generator.Model(ctx, opts)
		}
	}
	base, next, err := evolve.LoadPair(ctx, basePath, baseName, evolve.Options{Build: build(baseOpts)}, newPath, "", evolve.Options{Build: build(newOpts)})
	if err != nil {
		return loadError(err)
	}
	acc, err := c.loadAccept(pr)
	if err != nil {
		return err
	}
	report, err := evolve.Compare(base, next, acc, failOn)
	if err != nil {
		return withExit(ExitError, err)
	}
	if err := report.Write(cmd.OutOrStdout(), c.format); err != nil {
		return withExit(ExitError, err)
	}
	for _, u := range acc.Unused() {
		fmt.Fprintln(cmd.ErrOrStderr(), "specgate: "+u)
	}
	if report.Failed {
		return withExit(ExitInvalid, fmt.Errorf("diff: breaking changes at or above %s; make them compatible, or acknowledge each in %s with a reason", failOn, evolve.AcceptFile))
	}
	return nil
}

// configAt is the project's options from its config file as it was at the
// base revision, with the flags given applied; the current ones when the
// file did not exist there.
func (c *diffCmd) configAt(cmd *cobra.Command, pr *project) (generator.Options, error) {
	data, ok, err := evolve.GitShow(cmd.Context(), pr.cfgFile, c.base)
	if err != nil {
		return generator.Options{}, withExit(ExitError, fmt.Errorf("read %s at %s: %w", pr.cfgFile, c.base, err))
	}
	if !ok {
		return pr.options(), nil
	}
	cfg, err := config.Parse(c.base+":"+pr.cfgFile, data)
	if err != nil {
		return generator.Options{}, err
	}
	old := &project{cfg: cfg, cfgFile: pr.cfgFile, out: pr.out, platform: pr.platform, service: pr.service}
	if err := c.project.apply(cmd.Flags(), old); err != nil {
		return generator.Options{}, err
	}
	old.spec = pr.spec
	return old.options(), nil
}

// loadAccept reads --accept, or the acknowledgement file beside the config
// (the working directory without one) when it exists.
func (c *diffCmd) loadAccept(pr *project) (*evolve.Accept, error) {
	file, explicit := c.accept, c.accept != ""
	if !explicit {
		dir := "."
		if pr.cfgFile != "" {
			dir = filepath.Dir(pr.cfgFile)
		}
		file = filepath.Join(dir, evolve.AcceptFile)
	}
	acc, err := evolve.LoadAccept(file)
	switch {
	case err == nil:
		return acc, nil
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		return nil, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, withExit(ExitError, fmt.Errorf("read acknowledgements: %w", err))
	}
	return nil, withExit(ExitError, err)
}

// loadError keeps a wrong spec's exit code (1) and makes anything else an
// I/O error (2).
func loadError(err error) error {
	var specErr *spec.Error
	if errors.As(err, &specErr) {
		return err
	}
	return withExit(ExitError, fmt.Errorf("read %w", err))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
