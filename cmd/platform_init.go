package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator"
	"github.com/specgate/specgate/generator/config"
	"github.com/specgate/specgate/generator/platform"
)

// platformInit is `specgate platform init`: it writes platform.yaml from
// flags, or asks on a terminal.
type platformInit struct {
	parent                 *platformCmd
	name, domain           string
	services, clients      []string
	clientScopes, callback []string
	yes, noInput           bool
	prompter               Prompter // tests set it
}

func (c *platformCmd) addInitCommand() {
	in := &platformInit{parent: c}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write platform.yaml: the services, their base paths and the clients (asks on a terminal)",
		Long: `init writes platform.yaml (or --platform FILE) beside the service directories.
On a terminal it asks for the platform's name and domain, the services (every
directory under services/ with a specgate.yaml by default), their base paths,
the clients and the scopes each may use. Without a terminal it takes flags
and exits 2 naming the ones it needed; --yes takes the defaults. It never
overwrites an existing file, and never writes one that platform generate would refuse.`,
		Example: `  specgate platform init
  specgate platform init --yes --name print-shop --domain api.print-shop.example.com \
    --service orders=services/orders --client web=public --client-scope web=orders:orders.read \
    --callback-url web=https://shop.print-shop.example.com/callback`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return in.run(cmd) },
	}
	f := cmd.Flags()
	f.StringVar(&in.name, "name", "", "platform name: prefixes stacks and namespaces scopes (lower-case kebab-case)")
	f.StringVar(&in.domain, "domain", "", "the custom domain every service is mapped on, e.g. api.example.com")
	f.StringArrayVar(&in.services, "service", nil, "NAME=DIR[:BASEPATH]: a service directory holding specgate.yaml (repeatable; default every services/*/specgate.yaml, base path NAME)")
	f.StringArrayVar(&in.clients, "client", nil, "NAME=public|machine: an app client (repeatable)")
	f.StringArrayVar(&in.clientScopes, "client-scope", nil, "CLIENT=SERVICE:SCOPE: a scope of a service's spec the client may use (repeatable)")
	f.StringArrayVar(&in.callback, "callback-url", nil, "CLIENT=URL: where a public client receives the authorization code (repeatable)")
	f.BoolVarP(&in.yes, "yes", "y", false, "take the defaults for everything not given")
	f.BoolVar(&in.noInput, "no-input", false, "never ask, even on a terminal")
	c.cmd.AddCommand(cmd)
}

var initNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)

func (in *platformInit) run(cmd *cobra.Command) error {
	file := in.parent.file
	if _, err := os.Stat(file); err == nil {
		return withExit(ExitError, fmt.Errorf("%s exists; edit it (init never overwrites it)", file))
	}
	dir := filepath.Dir(file)
	p := in.prompter
	var defaults *defaultsPrompter
	if p == nil {
		if stdio, ok := terminalStdio(cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()); ok && !in.noInput && !in.yes {
			p = newSurveyPrompter(stdio)
		} else {
			defaults = &defaultsPrompter{yes: in.yes}
			p = defaults
		}
	}
	given := func(name string) bool { return cmd.Flags().Changed(name) }
	ask := func(q question, flagValue string) (string, error) {
		if given(q.Flag) {
			return flagValue, nil
		}
		return p.Input(q)
	}
	name, err := ask(question{Flag: "name", Message: "Platform name (prefixes stacks and scopes)", Default: defaultPlatformName(dir),
		Validate: func(s string) error {
			if !initNameRE.MatchString(s) {
				return errors.New("lower-case letters, digits and '-', starting with a letter, at most 31 characters")
			}
			return nil
		}}, in.name)
	if err != nil {
		return err
	}
	domain, err := ask(question{Flag: "domain", Message: "Custom domain of every service", Default: "api." + name + ".example.com"}, in.domain)
	if err != nil {
		return err
	}

	type svc struct{ name, dir, base string }
	var services []svc
	if given("service") {
		for _, s := range in.services {
			n, rest, ok := strings.Cut(s, "=")
			d, base, _ := strings.Cut(rest, ":")
			if !ok || n == "" || d == "" {
				return withExit(ExitError, fmt.Errorf("--service %q: write NAME=DIR[:BASEPATH], e.g. orders=services/orders", s))
			}
			if base == "" {
				base = n
			}
			services = append(services, svc{n, filepath.ToSlash(d), base})
		}
	} else {
		found, _ := filepath.Glob(filepath.Join(dir, "services", "*", config.FileName))
		var opts []option
		for _, f := range found {
			n := filepath.Base(filepath.Dir(f))
			opts = append(opts, option{Value: n, Description: "services/" + n})
		}
		chosen := make([]string, 0, len(opts))
		if defaults != nil {
			for _, o := range opts {
				chosen = append(chosen, o.Value)
			}
		} else if len(opts) > 0 {
			if chosen, err = p.MultiSelect(question{Flag: "service", Message: "Services of the platform"}, opts); err != nil {
				return err
			}
		}
		for _, n := range chosen {
			base := n
			if defaults == nil {
				if base, err = p.Input(question{Flag: "service", Message: "Base path of " + n, Default: n}); err != nil {
					return err
				}
			}
			services = append(services, svc{n, "services/" + n, base})
		}
	}
	if len(services) == 0 {
		return withExit(ExitError, errors.New("no services: give --service NAME=DIR, or put each service in services/NAME with its specgate.yaml"))
	}

	clients := map[string]string{}
	scopes := map[string]map[string][]string{}
	callbacks := map[string][]string{}
	if given("client") {
		for _, s := range in.clients {
			n, typ, ok := strings.Cut(s, "=")
			if !ok || n == "" {
				return withExit(ExitError, fmt.Errorf("--client %q: write NAME=public or NAME=machine", s))
			}
			clients[n] = typ
		}
	} else if defaults == nil {
		list, err := p.Input(question{Flag: "client", Message: "Clients, NAME=public|machine, comma-separated", Default: "web=public"})
		if err != nil {
			return err
		}
		for _, s := range strings.Split(list, ",") {
			if n, typ, ok := strings.Cut(strings.TrimSpace(s), "="); ok {
				clients[n] = typ
			}
		}
	}
	for _, s := range in.clientScopes {
		cl, rest, ok1 := strings.Cut(s, "=")
		sv, sc, ok2 := strings.Cut(rest, ":")
		if !ok1 || !ok2 || cl == "" || sv == "" || sc == "" {
			return withExit(ExitError, fmt.Errorf("--client-scope %q: write CLIENT=SERVICE:SCOPE, e.g. web=orders:orders.read", s))
		}
		if scopes[cl] == nil {
			scopes[cl] = map[string][]string{}
		}
		scopes[cl][sv] = append(scopes[cl][sv], sc)
	}
	for _, s := range in.callback {
		cl, u, ok := strings.Cut(s, "=")
		if !ok || cl == "" {
			return withExit(ExitError, fmt.Errorf("--callback-url %q: write CLIENT=URL", s))
		}
		callbacks[cl] = append(callbacks[cl], u)
	}
	if defaults == nil && !given("client-scope") {
		// Offer every scope the services' specs declare.
		var opts []option
		for _, s := range services {
			cfg, err := config.Load(filepath.Join(dir, filepath.FromSlash(s.dir), config.FileName))
			if err != nil {
				return err
			}
			pr := &project{cfg: cfg, spec: cfg.SpecPath(), out: cfg.OutPath()}
			o := pr.options()
			o.ResourceServer = name + "-" + s.name
			cog, err := generator.Identity(cmd.Context(), o)
			if err != nil {
				return err
			}
			if cog == nil {
				continue
			}
			for _, full := range cog.AllScopes() {
				short := strings.TrimPrefix(full, o.ResourceServer+"/")
				opts = append(opts, option{Value: s.name + ":" + short, Description: full})
			}
		}
		for _, cl := range sortedKeys(clients) {
			chosen, err := p.MultiSelect(question{Flag: "client-scope", Message: "Scopes client " + cl + " may use (exactly these)"}, opts)
			if err != nil {
				return err
			}
			for _, c := range chosen {
				sv, sc, _ := strings.Cut(c, ":")
				if scopes[cl] == nil {
					scopes[cl] = map[string][]string{}
				}
				scopes[cl][sv] = append(scopes[cl][sv], sc)
			}
		}
	}
	if defaults == nil {
		for _, cl := range sortedKeys(clients) {
			if clients[cl] == platform.ClientPublic && len(callbacks[cl]) == 0 {
				u, err := p.Input(question{Flag: "callback-url", Message: "Callback URL of " + cl, Default: "http://localhost:3000/callback"})
				if err != nil {
					return err
				}
				callbacks[cl] = []string{u}
			}
		}
	}
	if defaults != nil && len(defaults.missing) > 0 {
		return missingError(defaults.missing)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n# Written by specgate platform init; yours to edit.\nversion: %d\nname: %s\ndomain: %s\ngateway: aws\nidentity:\n  userPool: new\n", platform.SchemaURL, platform.Version, q(name), q(domain))
	if len(clients) > 0 {
		b.WriteString("clients:\n")
		for _, cl := range sortedKeys(clients) {
			fmt.Fprintf(&b, "  %s:\n    type: %s\n", q(cl), q(clients[cl]))
			if len(callbacks[cl]) > 0 {
				fmt.Fprintf(&b, "    callbackUrls: [%s]\n", qs(callbacks[cl]))
			}
			b.WriteString("    scopes:\n")
			for _, sv := range sortedKeys(scopes[cl]) {
				fmt.Fprintf(&b, "      %s: [%s]\n", q(sv), qs(scopes[cl][sv]))
			}
		}
	}
	b.WriteString("services:\n")
	sort.Slice(services, func(i, j int) bool { return services[i].name < services[j].name })
	for _, s := range services {
		fmt.Fprintf(&b, "  %s: {dir: %s, basePath: %s}\n", q(s.name), q(s.dir), q(s.base))
	}
	// Never write a file platform generate would refuse.
	pl, err := platform.Parse(file, dir, []byte(b.String()))
	if err != nil {
		return withExit(ExitInvalid, err)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return withExit(ExitError, fmt.Errorf("cannot write %s: %v", file, pe.Err))
		}
		return withExit(ExitError, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "specgate: wrote %s (%d services, %d clients); next: specgate platform generate\n", file, len(pl.Services), len(pl.Clients))
	return nil
}

// q quotes s for YAML when it is not a plain scalar.
func q(s string) string {
	if regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`).MatchString(s) {
		return s
	}
	return fmt.Sprintf("%q", s)
}

func qs(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = q(s)
	}
	return strings.Join(out, ", ")
}

// defaultPlatformName is the directory's name as a platform name.
func defaultPlatformName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "platform"
	}
	n := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(filepath.Base(abs)), "-"), "-")
	if !initNameRE.MatchString(n) {
		return "platform"
	}
	return n
}
