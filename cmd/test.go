package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/contract"
	"github.com/specgate/specgate/generator/model"
	"github.com/specgate/specgate/generator/spec"
)

type testCmd struct {
	cmd                *cobra.Command
	project            projectFlags
	target             string
	seed               int64
	operations         []string
	junit, format      string
	requireImplemented bool
	token, tokenURL    string
}

func newTestCmd() *testCmd {
	c := &testCmd{}
	c.cmd = &cobra.Command{
		Use:   "test",
		Short: "Run contract tests derived from the spec against the local server, the Lambda under the emulator, or a URL",
		Long: `test derives contract test cases from the spec and runs them. Per operation:
a valid request (synthesized from the schemas, formats and patterns); one
invalid request per constraint (each required field and parameter missing,
each type, bound, enum, pattern, format and additionalProperties broken, in
nested objects and arrays too, a body that is not JSON), which must answer
400 (415 for the body) as problem+json naming the location; no token (401); a token lacking each
required scope (403); an ID token where an access token is needed (401).
An answer to a valid request must be a status the operation declares, with
a body its schema accepts. A handler answering 501 is reported as not
implemented, not failed, unless --require-implemented.

--target local builds the project's cmd/local and starts it (dev tokens) on
a free 127.0.0.1 port; --target lambda builds the bootstrap and runs it
under aws-lambda-rie with the events API Gateway sends; --target URL tests a
running service: tokens from --token, or from a Cognito token endpoint
(--token-url) with the client credentials in SPECGATE_CLIENT_ID and
SPECGATE_CLIENT_SECRET. See docs/contract-tests.md.

Exit 0: no case failed. Exit 1: a case failed (or the spec is wrong).
Exit 2: usage error, or the target could not be built or started.`,
		Example: `  specgate test --target local
  specgate test --target lambda --junit contract.xml
  SPECGATE_CLIENT_ID=... SPECGATE_CLIENT_SECRET=... specgate test \
    --target https://abc123.execute-api.eu-west-1.amazonaws.com/prod \
    --token-url https://print-shop.auth.eu-west-1.amazoncognito.com/oauth2/token`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.run(cmd) },
	}
	f := c.cmd.Flags()
	c.project.register(f, true)
	f.StringVar(&c.target, "target", "local", "local, lambda, or the base URL of a running service")
	f.Int64Var(&c.seed, "seed", 1, "seed of the synthesized values; the same seed gives the same cases")
	f.StringArrayVar(&c.operations, "operation", nil, "test only this operation (operationId or \"METHOD /path\"; repeatable)")
	f.StringVar(&c.junit, "junit", "", "also write a JUnit XML report to this file")
	f.StringVar(&c.format, "format", "text", "output: text (progress and a summary table) or json")
	f.BoolVar(&c.requireImplemented, "require-implemented", false, "fail a valid request answered 501 (a stub) instead of reporting it")
	f.StringVar(&c.token, "token", "", "a bearer token for --target URL (cases needing another kind of token are skipped)")
	f.StringVar(&c.tokenURL, "token-url", "", "a Cognito token endpoint for --target URL (client credentials from SPECGATE_CLIENT_ID, SPECGATE_CLIENT_SECRET)")
	return c
}

func (c *testCmd) run(cmd *cobra.Command) error {
	if c.format != "text" && c.format != "json" {
		return withExit(ExitError, fmt.Errorf("--format must be text or json, not %q", c.format))
	}
	pr, err := c.project.resolve(cmd)
	if err != nil {
		return err
	}
	if err := pr.checkSpec(); err != nil {
		return err
	}
	ctx := cmd.Context()
	opts := pr.options()
	doc, api, _, err := generator.Model(ctx, opts)
	if err != nil {
		return err
	}
	if err := spec.Validation(doc, api, spec.ValidationOptions{SkipUnsupportedPatterns: opts.SkipUnsupportedPatterns}); err != nil {
		return err
	}
	for _, o := range c.operations {
		if !hasOperation(api.Operations, o) {
			return withExit(ExitError, fmt.Errorf("--operation %q: no such operation (give an operationId or \"METHOD /path\")", o))
		}
	}
	cases := contract.Derive(api, c.seed, c.operations, contract.Examples(doc.T, api))
	errOut := cmd.ErrOrStderr()
	var progress io.Writer
	if f, ok := errOut.(*os.File); ok && term.IsTerminal(int(f.Fd())) && c.format == "text" {
		progress = errOut
	}
	target, stop, err := contract.Open(ctx, contract.Setup{
		Target: c.target, ProjectDir: pr.out, Kind: api.Kind,
		Token: c.token, TokenURL: c.tokenURL,
		ClientID: os.Getenv("SPECGATE_CLIENT_ID"), ClientSecret: os.Getenv("SPECGATE_CLIENT_SECRET"),
		Log: func(format string, a ...any) {
			if progress != nil {
				fmt.Fprintf(progress, "specgate test: "+format+"\n", a...)
			}
		},
	})
	if err != nil {
		return withExit(ExitError, err)
	}
	results := contract.Run(ctx, target, cases, contract.Options{RequireImplemented: c.requireImplemented, Doc: doc.T, SpecFile: opts.SpecPath, Progress: progress})
	stop()
	name := c.target
	if c.junit != "" {
		f, err := os.Create(c.junit)
		if err != nil {
			return withExit(ExitError, fmt.Errorf("--junit: %w", err))
		}
		werr := contract.WriteJUnit(f, name, results)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return withExit(ExitError, fmt.Errorf("--junit: %w", werr))
		}
	}
	out := cmd.OutOrStdout()
	if c.format == "json" {
		err = contract.WriteJSON(out, name, results)
	} else {
		err = contract.WriteSummary(out, name, results)
	}
	if err != nil {
		return withExit(ExitError, err)
	}
	if contract.Failed(results) {
		var failed []string
		for _, r := range results {
			if r.Outcome == contract.Fail {
				failed = append(failed, r.Name)
			}
		}
		return withExit(ExitInvalid, errors.New("contract tests failed: "+strings.Join(failed, "; ")))
	}
	return nil
}

func hasOperation(ops []*model.Operation, name string) bool {
	for _, op := range ops {
		if contract.Matches(op, name) {
			return true
		}
	}
	return false
}
