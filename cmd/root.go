// Package cmd is specgate's command line: cobra wiring only, one file per
// command. Generation lives in package generator, disk writes in writer.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/spec"
	"github.com/specgate/specgate/generator/writer"
	"github.com/specgate/specgate/internal/words"
)

// Exit codes.
const (
	ExitOK      = 0 // done
	ExitInvalid = 1 // the input or the outputs are wrong: invalid spec, drift, a file that is not ours
	ExitError   = 2 // could not run: usage, I/O, internal error
)

// Version is set at build time with -ldflags "-X github.com/specgate/specgate/cmd.Version=...".
var (
	Version = "dev"
	Commit  = "none"
)

// exitError carries an exit code with an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withExit marks err with the exit code it should end the program with.
func withExit(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// exitCode maps an error to the program's exit code, in one place.
func exitCode(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case isSpecOrConflict(err):
		return ExitInvalid
	}
	return ExitError
}

// Execute runs specgate with args (without the program name) and returns
// its exit code. It never calls os.Exit.
func Execute(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.ExecuteContext(ctx)
	if err != nil {
		var ee *exitError
		if !errors.As(err, &ee) && !isSpecOrConflict(err) {
			// cobra's own errors (unknown flag, bad arguments) are usage errors.
			err = withExit(ExitError, err)
		}
		fmt.Fprintln(errOut, "specgate: "+err.Error())
	}
	return exitCode(err)
}

func isSpecOrConflict(err error) bool {
	var specErr *spec.Error
	var conflict *writer.ConflictError
	var cfgErr *config.Error
	var backendErr *generator.BackendError
	return errors.As(err, &specErr) || errors.As(err, &conflict) || errors.As(err, &cfgErr) || errors.As(err, &backendErr)
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "specgate",
		Short: "Turn an OpenAPI spec into a secure Go Lambda service on AWS",
		Long: `specgate turns an OpenAPI description (3.0, 3.1 or Swagger 2.0) into a Go
AWS Lambda project: typed request decoding, a router for API Gateway REST and
HTTP API events, and one handler stub per operation for your code.

Generated files (api/*.gen.go) are rewritten on every run; files you own
(handlers/, cmd/, go.mod, Makefile, README.md) are written once and never
overwritten.

Exit codes: 0 done; 1 the spec or the output tree is wrong; 2 usage or I/O error.`,
		Example:       `  specgate generate --spec openapi.yaml --out print-shop --module github.com/acme/print-shop`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetVersionTemplate(versionString() + "\n")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newInitCmd().cmd, newGenerateCmd().cmd, newCheckCmd().cmd, newLintCmd().cmd, newDiffCmd().cmd, newTestCmd().cmd, newPlatformCmd().cmd, newVersionCmd())
	registerCompletions(root)
	return root
}

// flagError adds the nearest flag to pflag's "unknown flag: --spce" (did
// you mean --spec?) and where to see them all. Every command inherits it.
func flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return fmt.Errorf("%w; see %s --help", err, c.CommandPath())
	}
	var names []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if near := words.Closest(name, names); near != "" {
		return fmt.Errorf("%w (did you mean --%s?); see %s --help", err, near, c.CommandPath())
	}
	return fmt.Errorf("%w; see %s --help", err, c.CommandPath())
}
