package contract

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/specgate/specgate/generator/model"
)

// Setup says where to run the cases.
type Setup struct {
	// Target is "local", "lambda", or the base URL of a running service
	// (a deployed stage, or a local server already running).
	Target     string
	ProjectDir string        // the generated project (local and lambda)
	Kind       model.APIKind // the API flavour of the events (lambda)
	// For a URL: a fixed --token, else client credentials from a token
	// endpoint. Neither: cases that need a token are skipped.
	Token                            string
	TokenURL, ClientID, ClientSecret string
	// Log, when set, gets what is being built and started.
	Log func(format string, a ...any)
}

// Open builds and starts what Target needs and returns it with a function
// that stops everything it started (by PID) and removes its build outputs.
func Open(ctx context.Context, s Setup) (Target, func(), error) {
	logf := s.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	switch s.Target {
	case "local", "lambda":
	default:
		if !strings.HasPrefix(s.Target, "http://") && !strings.HasPrefix(s.Target, "https://") {
			return nil, nil, fmt.Errorf("--target %q: want local, lambda, or the service's base URL (https://ID.execute-api.REGION.amazonaws.com/STAGE)", s.Target)
		}
		t := &HTTPTarget{Base: s.Target}
		if err := clearCredentials("--target", s.Target, s.Token != "" || s.TokenURL != ""); err != nil {
			return nil, nil, err
		}
		if err := clearCredentials("--token-url", s.TokenURL, s.TokenURL != ""); err != nil {
			return nil, nil, err
		}
		switch {
		case s.Token != "":
			t.Tokens = StaticToken(s.Token)
		case s.TokenURL != "":
			if s.ClientID == "" || s.ClientSecret == "" {
				return nil, nil, errors.New("--token-url needs SPECGATE_CLIENT_ID and SPECGATE_CLIENT_SECRET in the environment (an app client with the client credentials grant)")
			}
			t.Tokens = &ClientCredentials{TokenURL: s.TokenURL, ClientID: s.ClientID, ClientSecret: s.ClientSecret}
		}
		return t, func() {}, nil
	}
	if _, err := os.Stat(filepath.Join(s.ProjectDir, "go.mod")); err != nil {
		return nil, nil, fmt.Errorf("--target %s builds the generated project, but %s has no go.mod; run specgate generate first or give --out", s.Target, s.ProjectDir)
	}
	tmp, err := os.MkdirTemp("", "specgate-test-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if s.Target == "local" {
		bin := filepath.Join(tmp, "local-server")
		logf("building ./cmd/local")
		if err := Build(ctx, s.ProjectDir, "./cmd/local", bin, false); err != nil {
			cleanup()
			return nil, nil, err
		}
		p, err := StartLocal(bin, s.ProjectDir, "--auth", "dev")
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		logf("local server (pid %d) on %s", p.PID(), p.URL)
		return &HTTPTarget{Base: p.URL, Tokens: &DevTokens{Bin: bin, Dir: s.ProjectDir}}, func() { p.Stop(); cleanup() }, nil
	}
	if err := CheckLambdaHost(); err != nil {
		cleanup()
		return nil, nil, err
	}
	rie, err := FindRIE()
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	bin := filepath.Join(tmp, "bootstrap")
	logf("building the bootstrap (./cmd/lambda)")
	if err := Build(ctx, s.ProjectDir, "./cmd/lambda", bin, true); err != nil {
		cleanup()
		return nil, nil, err
	}
	p, err := StartEmulator(rie, bin)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	logf("%s (pid %d) on %s", RIE, p.PID(), p.URL)
	kind := s.Kind
	if kind == "" {
		kind = model.REST
	}
	return &LambdaTarget{URL: p.URL, Kind: kind}, func() { p.Stop(); cleanup() }, nil
}

// clearCredentials refuses to send credentials (a token, a client secret)
// to rawURL over plain http, except to this machine: anyone on the path
// would read them.
func clearCredentials(flag, rawURL string, credentials bool) error {
	if !credentials {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%s %q: want an absolute https URL", flag, rawURL)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return fmt.Errorf("%s %q: credentials would travel in clear over http; use https (http only for localhost)", flag, rawURL)
	}
	return nil
}

// loopback reports whether host names this machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
