package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/specgate/specgate/generator/platform"
	"github.com/specgate/specgate/generator/writer"
)

func (c *platformCmd) addServeCommands() {
	var addr string
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Run every service's local server behind one listener, routed by base path, with one dev issuer",
		Long: `serve builds each service's local server (go build ./cmd/local), starts it on a
free 127.0.0.1 port with token checks against the platform's dev issuer, and
routes /<basePath>/... on --addr to it with the base path stripped, as the
domain's API mappings do. Tokens come from specgate platform token. Origins in
platform.yaml's cors get CORS headers on every response. Ctrl-C stops every
process it started. The services must be generated (specgate platform generate).`,
		Example: "  specgate platform serve --addr 127.0.0.1:8080\n  curl -H \"Authorization: Bearer $(specgate platform token --client web)\" http://127.0.0.1:8080/orders/orders/o-1",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return c.serve(cmd, addr) },
	}
	serve.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "`host:port` to listen on")
	var client, caller, sub string
	var scopes []string
	var ttl time.Duration
	token := &cobra.Command{
		Use:   "token",
		Short: "Print a dev token carrying exactly a client's scopes, for platform serve",
		Long: `token mints an access token signed by the platform's dev key (created in
.specgate/ beside platform.yaml when missing) for --client, a client of
platform.yaml, or for --caller, the machine client a service that calls
others gets (services.<name>.calls): it carries exactly that client's scopes
by their full names (a caller's: those the operations of the services it
calls need, least privilege), or the --scope ones, which must be among them.
Only platform serve accepts it.`,
		Example: "  specgate platform token --client web\n  specgate platform token --client backoffice --scope print-shop-catalog/catalog.read\n  specgate platform token --caller orders",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if caller != "" && !cmd.Flags().Changed("sub") {
				// A client-credentials token's subject is its client.
				sub = platform.CallerClientName(caller)
			}
			return c.token(cmd, client, caller, sub, scopes, ttl)
		},
	}
	token.Flags().StringVar(&client, "client", "", "the client of platform.yaml the token is for")
	token.Flags().StringVar(&caller, "caller", "", "the `service` whose caller client (services.<name>.calls) the token is for")
	token.MarkFlagsMutuallyExclusive("client", "caller")
	token.MarkFlagsOneRequired("client", "caller")
	token.Flags().StringVar(&sub, "sub", "local-user", "the token's subject (for --caller, the client's name)")
	token.Flags().StringArrayVar(&scopes, "scope", nil, "narrow to this scope (full name, or SERVICE:SCOPE as platform.yaml names it); repeatable")
	token.Flags().DurationVar(&ttl, "ttl", time.Hour, "how long the token is valid")
	c.cmd.AddCommand(serve, token)
}

func (c *platformCmd) token(cmd *cobra.Command, client, caller, sub string, narrow []string, ttl time.Duration) error {
	run, err := c.build(cmd.Context())
	if err != nil {
		return err
	}
	p := run.p
	var have []string
	switch {
	case caller != "":
		have = p.CallerScopes(run.services)[caller]
		if len(have) == 0 {
			var callers []string
			for _, name := range p.ServiceNames() {
				if len(p.Services[name].Calls) > 0 {
					callers = append(callers, name)
				}
			}
			return withExit(ExitError, fmt.Errorf("--caller %q is not a service of %s that calls others (services with calls: %s)", caller, p.File(), strings.Join(callers, ", ")))
		}
		client = platform.CallerClientName(caller)
	default:
		if _, ok := p.Clients[client]; !ok {
			return withExit(ExitError, fmt.Errorf("--client %q is not a client of %s (clients: %s)", client, p.File(), strings.Join(p.ClientNames(), ", ")))
		}
		have = p.ClientScopes(run.services)[client]
	}
	scopes := have
	if len(narrow) > 0 {
		scopes = nil
		for _, s := range narrow {
			full := s
			if svc, short, ok := strings.Cut(s, ":"); ok {
				full = p.ResourceServer(svc) + "/" + short
			}
			if !contains(have, full) {
				return withExit(ExitError, fmt.Errorf("--scope %q is not a scope of client %s (it has: %s)", s, client, strings.Join(have, " ")))
			}
			scopes = append(scopes, full)
		}
	}
	key, err := platform.LoadDevKey(filepath.Join(p.Dir(), platform.DevKeyFile))
	if err != nil {
		return withExit(ExitError, err)
	}
	tok, err := p.Token(key, client, sub, scopes, ttl)
	if err != nil {
		return withExit(ExitError, err)
	}
	fmt.Fprintln(cmd.OutOrStdout(), tok)
	return nil
}

// serviceProc is one service's local server started by serve.
type serviceProc struct {
	name, base string
	url        *url.URL
	proc       *exec.Cmd
	ready      chan struct{}
}

func (c *platformCmd) serve(cmd *cobra.Command, addr string) error {
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	run, err := c.build(ctx)
	if err != nil {
		return err
	}
	p := run.p
	for _, name := range p.ServiceNames() {
		if diffs, err := writer.Diff(run.projects[name].out, run.results[name].Files, run.sharedIn(name)...); err != nil || len(diffs) > 0 {
			return withExit(ExitInvalid, fmt.Errorf("service %s is not generated or out of date; run specgate platform generate first", name))
		}
	}
	key, err := platform.LoadDevKey(filepath.Join(p.Dir(), platform.DevKeyFile))
	if err != nil {
		return withExit(ExitError, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return withExit(ExitError, err)
	}
	errOut := cmd.ErrOrStderr()
	bin, err := os.MkdirTemp("", "specgate-platform-")
	if err != nil {
		return withExit(ExitError, err)
	}
	defer os.RemoveAll(bin)

	var procs []*serviceProc
	byBase := map[string]*serviceProc{}
	for _, name := range p.ServiceNames() {
		sp := &serviceProc{name: name, base: p.Services[name].BasePath, ready: make(chan struct{})}
		procs = append(procs, sp)
		byBase[sp.base] = sp
	}
	jwks := key.JWKS()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/jwks.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(jwks)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		base, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		sp := byBase[base]
		if sp == nil {
			problem(w, http.StatusNotFound, "no service of the platform has this base path")
			return
		}
		select {
		case <-sp.ready:
		default:
			problem(w, http.StatusServiceUnavailable, "the service is starting")
			return
		}
		proxy := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(sp.url)
			pr.Out.URL.Path = "/" + rest
			pr.Out.URL.RawPath = ""
			pr.Out.Host = r.Host
		}}
		proxy.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: withCORS(p.CORS, mux), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Shutdown
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	var wg sync.WaitGroup
	defer func() {
		for _, sp := range procs {
			if sp.proc != nil && sp.proc.Process != nil {
				sp.proc.Process.Signal(os.Interrupt) //nolint:errcheck // may have exited
			}
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			for _, sp := range procs {
				if sp.proc != nil && sp.proc.Process != nil {
					sp.proc.Process.Kill() //nolint:errcheck // may have exited
				}
			}
			<-done
		}
	}()
	for _, sp := range procs {
		dir := run.projects[sp.name].out
		exe := filepath.Join(bin, sp.name)
		build := exec.CommandContext(ctx, "go", "build", "-o", exe, "./cmd/local")
		build.Dir, build.Env = dir, append(os.Environ(), "GOWORK=off")
		if out, err := build.CombinedOutput(); err != nil {
			return withExit(ExitError, fmt.Errorf("service %s: go build ./cmd/local: %v\n%s", sp.name, err, out))
		}
		port, err := freePort()
		if err != nil {
			return withExit(ExitError, err)
		}
		sp.url = &url.URL{Scheme: "http", Host: port}
		args := []string{"--addr", port, "--auth", "cognito", "--issuer", p.DevIssuer(), "--jwks-url", base + "/.well-known/jwks.json"}
		if aud := p.ServiceDevClientIDs(sp.name); len(aud) > 0 {
			// Only the clients that may call the service, as deployed
			// (platform.Platform.ServiceClients).
			args = append(args, "--audience", strings.Join(aud, ","))
		}
		sp.proc = exec.Command(exe, args...)
		sp.proc.Dir = dir
		sp.proc.Stdout, sp.proc.Stderr = prefixed(errOut, sp.name), prefixed(errOut, sp.name)
		if err := sp.proc.Start(); err != nil {
			return withExit(ExitError, fmt.Errorf("service %s: %v", sp.name, err))
		}
		wg.Add(1)
		exited := make(chan struct{})
		go func() { sp.proc.Wait(); close(exited); wg.Done() }() //nolint:errcheck // reported by the exit
		if err := waitListening(ctx, port, exited); err != nil {
			return withExit(ExitError, fmt.Errorf("service %s: %v", sp.name, err))
		}
		close(sp.ready)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "specgate: platform %s on %s (", p.Name, base)
	for i, sp := range procs {
		if i > 0 {
			fmt.Fprint(cmd.OutOrStdout(), ", ")
		}
		fmt.Fprintf(cmd.OutOrStdout(), "/%s: %s", sp.base, sp.name)
	}
	fmt.Fprintln(cmd.OutOrStdout(), "); Ctrl-C stops")
	<-ctx.Done()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shut) //nolint:errcheck // closing anyway
	return nil
}

// withCORS adds CORS headers for the platform's origins to every response
// and answers their preflights.
func withCORS(origins []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || !contains(origins, origin) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, PATCH, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"title":%q,"status":%d,"detail":%q}`+"\n", http.StatusText(status), status, detail)
}

// freePort returns a free 127.0.0.1 port as host:port.
func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitListening waits until addr accepts connections, the process exits, or 60 s pass.
func waitListening(ctx context.Context, addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return nil
		}
		select {
		case <-exited:
			return errors.New("its local server exited at start (see its output above)")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errors.New("its local server did not listen within 60 s")
}

// prefixed writes each line to w after "name: ".
func prefixed(w io.Writer, name string) io.Writer {
	return &prefixWriter{w: w, prefix: name + ": "}
}

type prefixWriter struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = append(p.buf, b...)
	for {
		i := strings.IndexByte(string(p.buf), '\n')
		if i < 0 {
			break
		}
		fmt.Fprintf(p.w, "%s%s", p.prefix, p.buf[:i+1])
		p.buf = p.buf[i+1:]
	}
	return len(b), nil
}
