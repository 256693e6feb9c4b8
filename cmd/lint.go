package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator/lint"
	"github.com/specgate/specgate/internal/words"
)

type lintCmd struct {
	cmd     *cobra.Command
	project projectFlags
	format  string
}

func newLintCmd() *lintCmd {
	c := &lintCmd{}
	c.cmd = &cobra.Command{
		Use:   "lint [SPEC]",
		Short: "Report spec problems API Gateway, Cognito or Go would meet, with file:line:col",
		Long: `lint checks the spec (the argument, --spec, or spec in ./specgate.yaml) for
what breaks or silently changes once it meets API Gateway, Cognito and Go.
Each finding has file:line:col, a severity, a rule id and a hint. It also
works on specs generate refuses.

Rules:
` + ruleList() + `
Exit 1 when there is an error; 0 with warnings and notes only.`,
		Example: `  specgate lint openapi.yaml
  specgate lint --format json > lint.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return c.run(cmd, args) },
	}
	f := c.cmd.Flags()
	c.project.register(f, false)
	f.StringVar(&c.format, "format", "text", "output format: text or json")
	return c
}

func ruleList() string {
	s := ""
	for _, r := range lint.Rules {
		s += fmt.Sprintf("  %-27s %-7s %s\n", r.ID, r.Severity, r.Summary)
	}
	return s
}

func (c *lintCmd) run(cmd *cobra.Command, args []string) error {
	if c.format != "text" && c.format != "json" {
		return withExit(ExitError, fmt.Errorf("--format must be text or json, not %q", c.format))
	}
	if len(args) == 1 {
		if cmd.Flags().Changed(flagSpec) {
			return withExit(ExitError, fmt.Errorf("give the spec as an argument or with --spec, not both"))
		}
		c.project.spec = args[0]
		cmd.Flags().Lookup(flagSpec).Changed = true
	}
	pr, err := c.project.resolve(cmd)
	if err != nil {
		return err
	}
	if err := pr.checkSpec(); err != nil {
		return err
	}
	cfg := pr.cfg
	opts := lint.Options{
		API: cfg.API, Service: cfg.Service, Authorizer: cfg.Auth.Authorizer, ResourceServer: cfg.Auth.ResourceServer,
		SkipUnsupportedPatterns: cfg.Validation.SkipUnsupportedPatterns, Backends: sortedKeys(cfg.Legacy.Backends),
		SharedPool: cfg.Auth.UserPoolARN != "",
	}
	if pr.platform != nil {
		opts = platformLintOptions(pr.platform, pr.service, cfg) // as platform lint checks it
	}
	findings, err := lint.File(pr.spec, opts)
	if err != nil {
		return withExit(ExitError, fmt.Errorf("read spec: %w", err))
	}
	out := cmd.OutOrStdout()
	if c.format == "json" {
		err = lint.WriteJSON(out, findings)
	} else {
		err = lint.WriteText(out, findings)
	}
	if err != nil {
		return withExit(ExitError, err)
	}
	if errs, _, _ := lint.Count(findings); errs > 0 {
		return withExit(ExitInvalid, fmt.Errorf("lint: %s in %s", words.Count(errs, "error"), pr.spec))
	}
	return nil
}
