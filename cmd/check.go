package cmd

import (
	"fmt"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/writer"
	"github.com/specgate/specgate/internal/words"
)

// staleHint says what a stale generated file is and what to do; generate
// is the command that regenerates.
func staleHint(generate string) string {
	return "carries specgate's generated header but the spec does not generate it (left from an earlier generation, or added); delete it, or run " + generate + ", which removes it"
}

// fullChecks counts the checks that regenerated (the record of
// specgate.sum was missing or no longer true), for the tests.
var fullChecks atomic.Int64

type checkCmd struct {
	cmd     *cobra.Command
	project projectFlags
}

func newCheckCmd() *checkCmd {
	c := &checkCmd{}
	c.cmd = &cobra.Command{
		Use:   "check",
		Short: "Fail (exit 1, with a diff) when the generated files no longer match the spec",
		Long: `check runs the same generation as generate, in memory, and compares every
generated file with the project on disk. It writes nothing.

generate records its inputs in specgate.sum (hashes of the spec files, the
settings, the specgate build and every generated file), sealed with a key
kept in the user's cache directory of the machine that generated; while every
one of them still holds and the seal is this machine's, check trusts that
record instead of regenerating. Any difference (a generated file edited,
deleted or replaced, a spec file, a setting, another specgate build, an
edited record, a record sealed on another machine such as a CI runner's fresh
clone) and it regenerates and compares in full.

Exit 0: up to date. Exit 1: a unified diff per drifted file (changed, missing,
edited by hand so that it lost specgate's header, or stale: a file with
specgate's header that the spec does not generate, such as a renamed
operation's, or one added by hand) and a hint to run specgate generate. Files
the team owns (handlers/, cmd/, go.mod, Makefile, README.md, specgate.yaml)
are never compared; outside handlers/ and cmd/, specgate's header marks a
file as specgate's. Made for CI, on every commit.`,
		Example: `  # in the project, with ./specgate.yaml
  specgate check

  # in CI, without a config file
  specgate check --spec api/openapi.yaml --out . --module github.com/acme/print-shop`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.run(cmd) },
	}
	c.project.register(c.cmd.Flags(), true)
	return c
}

func (c *checkCmd) run(cmd *cobra.Command) error {
	pr, err := c.project.resolve(cmd)
	if err != nil {
		return err
	}
	if err := pr.checkSpec(); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	matched := func(generated int) error {
		fmt.Fprintf(out, "specgate: %s in %s %s the spec\n", words.Count(generated, "generated file"), pr.out, verb(generated, "matches", "match"))
		return nil
	}
	opts := pr.options()
	if n, ok := stampCurrent(pr, opts); ok {
		return matched(n)
	}
	fullChecks.Add(1)
	res, err := generator.Generate(cmd.Context(), opts)
	if err != nil {
		return err
	}
	diffs, err := writer.Diff(pr.out, res.Files, stampPath)
	if err != nil {
		return withExit(ExitError, err)
	}
	generated := 0
	for _, f := range res.Files.Files() {
		if f.Kind == writer.Generated {
			generated++
		}
	}
	if len(diffs) == 0 {
		return matched(generated)
	}
	errOut := cmd.ErrOrStderr()
	for _, d := range diffs {
		switch d.Status {
		case "missing":
			fmt.Fprintf(errOut, "%s: missing\n", d.Path)
		case "not-generated":
			fmt.Fprintf(errOut, "%s: edited by hand: it lost the `Code generated ... DO NOT EDIT.` header; move your changes into handlers/ (yours), then run specgate generate --force\n", d.Path)
		case "stale":
			fmt.Fprintf(errOut, "%s: %s\n", d.Path, staleHint("specgate generate"))
		default:
			if was, ok := staleRuntime(pr.out, d.Path); ok {
				fmt.Fprintf(errOut, "%s: the runtime copied into the project is specgate %s's; this is specgate %s: run specgate generate to update it\n", d.Path, was, Version)
				break
			}
			fmt.Fprintf(errOut, "%s: differs from what the spec generates\n", d.Path)
		}
		out.Write(d.Unified)
	}
	how := "specgate generate"
	if pr.cfgFile == "" {
		how = "specgate generate with the same flags"
	}
	return withExit(ExitInvalid, fmt.Errorf("%d of %s in %s %s out of date; run %s and commit the result", len(diffs), words.Count(generated, "generated file"), pr.out, verb(len(diffs), "is", "are"), how))
}
