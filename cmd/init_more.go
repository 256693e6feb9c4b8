package cmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/specgate/specgate/generator/config"
)

// existingModule is the module path of dir/go.mod, "" when there is none.
func existingModule(dir string) (string, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", nil // no directory yet, or not one: the writer says so
	}
	path := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", withExit(ExitError, fmt.Errorf("read %s: %w", filepath.ToSlash(path), err))
	}
	mod := modfile.ModulePath(data)
	if mod == "" {
		return "", withExit(ExitInvalid, fmt.Errorf("%s has no module line; fix it or move it away, then run init again", filepath.ToSlash(path)))
	}
	return mod, nil
}

// moduleMismatch is the error when dir/go.mod names another module than
// the one the project would import: its go.mod is never overwritten, so
// the generated code would not build.
func moduleMismatch(dir, have, want, flag string) error {
	return withExit(ExitInvalid, fmt.Errorf("%s names module %s, not %s: the generated code imports %s/api and would not build; give %s %s to generate into that module, or another --out",
		filepath.ToSlash(filepath.Join(dir, "go.mod")), have, want, want, flag, have))
}

// adoptModule reconciles the module init chose with a go.mod already in
// the output directory: a module given by flag must match it; one that was
// asked is replaced by the existing module when the user agrees (--yes
// agrees).
func (c *initCmd) adoptModule(p Prompter, a *answers, given bool) error {
	have, err := existingModule(a.out)
	if err != nil || have == "" || have == a.cfg.Module {
		return err
	}
	if given {
		return moduleMismatch(a.out, have, a.cfg.Module, "--module")
	}
	ok, err := p.Confirm(question{Flag: flagModule, Message: fmt.Sprintf("%s already names module %s: generate into that module instead of %s?",
		filepath.ToSlash(filepath.Join(a.out, "go.mod")), have, a.cfg.Module), Optional: true}, true)
	if err != nil {
		return err
	}
	if !ok {
		return moduleMismatch(a.out, have, a.cfg.Module, "--module")
	}
	a.cfg.Module = have
	return nil
}

// parseOrigins reads a comma- or space-separated list of CORS origins and
// checks them with the config's own rule.
func parseOrigins(s string) ([]string, error) {
	origins := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
	if len(origins) == 0 {
		return nil, nil
	}
	c := config.Config{Version: config.Version}
	c.Deploy.CORSOrigins = origins
	if err := c.Validate(""); err != nil {
		return nil, err
	}
	return origins, nil
}

// summary prints what init is about to write, for the user to confirm.
func summary(w io.Writer, a *answers) {
	c := &a.cfg
	fmt.Fprintf(w, "\nspecgate init will write into %s:\n", a.out)
	fmt.Fprintf(w, "  spec           %s\n", a.spec)
	fmt.Fprintf(w, "  service        %s\n", c.Service)
	fmt.Fprintf(w, "  module         %s\n", c.Module)
	fmt.Fprintf(w, "  API            %s\n", c.API)
	auth := c.Auth.Authorizer
	switch {
	case auth == "":
		auth = "none needed: every operation is public"
	case c.Auth.UserPoolARN != "":
		auth += ", existing user pool " + c.Auth.UserPoolARN
	case auth != config.AuthNone:
		auth += ", a new user pool (deploy/cognito.yaml)"
	}
	fmt.Fprintf(w, "  authorizer     %s\n", auth)
	origins := "none (no browser frontend may call it)"
	if len(c.Deploy.CORSOrigins) > 0 {
		origins = strings.Join(c.Deploy.CORSOrigins, ", ")
	}
	fmt.Fprintf(w, "  CORS origins   %s\n", origins)
	if len(c.Legacy.Backends) == 0 {
		fmt.Fprintf(w, "  backends       none: every operation runs on Lambda\n")
	}
	for _, op := range sortedKeys(c.Legacy.Backends) {
		fmt.Fprintf(w, "  backend        %s -> %s\n", op, c.Legacy.Backends[op].URI)
	}
}
