//go:build !windows

package cmd

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// Keys as a terminal sends them.
const (
	keyDown  = "\x1b[B"
	keySpace = " "
	keyEnter = "\r"
	keyCtrlD = "\x04"
)

// ptySession is specgate running in its own process on a real
// pseudo-terminal, the way survey's own tests do (go-expect for the
// console, vt10x to answer the terminal queries survey sends).
type ptySession struct {
	t      *testing.T
	c      *expect.Console
	term   vt10x.Terminal
	screen bytes.Buffer
	cmd    *exec.Cmd
	done   chan error
}

// startInit starts `specgate init ARGS...` in dir on a pseudo-terminal.
func startInit(t *testing.T, dir string, args ...string) *ptySession {
	t.Helper()
	bin, err := exec.LookPath("specgate")
	if err != nil {
		t.Fatalf("the specgate command is installed on PATH by TestMain (testscript.Main): %v", err)
	}
	// The terminal emulator answers survey's cursor queries through a
	// second pty pair, as in survey's RunTest.
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Fatalf("open pseudo-terminal: %v", err)
	}
	// Wide enough that no prompt wraps: survey counts lines by the
	// terminal's width, and both sides must agree on it.
	if err := pty.Setsize(ptm, &pty.Winsize{Rows: 40, Cols: 160}); err != nil {
		t.Fatal(err)
	}
	s := &ptySession{t: t, done: make(chan error, 1)}
	s.term = vt10x.New(vt10x.WithWriter(pts), vt10x.WithSize(160, 40))
	s.c, err = expect.NewConsole(expect.WithStdin(ptm), expect.WithStdout(s.term, &s.screen), expect.WithCloser(ptm, pts),
		expect.WithDefaultTimeout(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.c.Close() })
	s.cmd = exec.Command(bin, append([]string{"init"}, args...)...)
	s.cmd.Dir = dir
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = s.c.Tty(), s.c.Tty(), s.c.Tty()
	s.cmd.Env = append(os.Environ(), "TERM=xterm")
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// step waits for prompt, then types keys.
func (s *ptySession) step(prompt, keys string) {
	s.t.Helper()
	if out, err := s.c.ExpectString(prompt); err != nil {
		s.t.Fatalf("waiting for %q: %v\nscreen so far:\n%s", prompt, err, out)
	}
	if _, err := s.c.Send(keys); err != nil {
		s.t.Fatal(err)
	}
}

// settle waits for prompt, then gives survey time to put the terminal in
// raw mode before keys are sent: typed earlier, keys are echoed by the
// line discipline (as a fast typist's would be), and Ctrl-D is taken as
// the line discipline's end of file.
func (s *ptySession) settle(prompt, keys string) {
	s.t.Helper()
	s.step(prompt, "")
	time.Sleep(300 * time.Millisecond)
	if _, err := s.c.Send(keys); err != nil {
		s.t.Fatal(err)
	}
}

// wait waits for the process to end and returns its exit code.
func (s *ptySession) wait() int {
	s.t.Helper()
	select {
	case err := <-s.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		} else if err != nil {
			s.t.Fatalf("specgate init: %v", err)
		}
		return 0
	case <-time.After(20 * time.Second):
		s.t.Fatalf("specgate init did not exit\n%s", s.screen.String())
	}
	return -1
}

func writePrintShop(t *testing.T, dir string) {
	t.Helper()
	spec, err := os.ReadFile("../testdata/print-shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "print-shop.yaml"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestInitInteractive drives `specgate init` on a real pseudo-terminal:
// answers typed at each prompt must produce the expected specgate.yaml and
// a project that check finds up to date. A refused answer's "invalid" line
// is gone once a valid answer is given; an http:// backend is accepted
// after confirming; a summary is confirmed before anything is written.
func TestInitInteractive(t *testing.T) {
	dir := t.TempDir()
	writePrintShop(t, dir)
	s := startInit(t, dir)
	step := s.step
	s.step("OpenAPI spec file", "missing.yaml"+keyEnter)
	s.settle("missing.yaml does not exist", "print-shop.yaml"+keyEnter) // the validator refused; asked again
	s.step("Service name", keyEnter)                                    // default from info.title: print-shop
	if screen := s.term.String(); strings.Contains(screen, "invalid") || !strings.Contains(screen, "? OpenAPI spec file (3.0, 3.1 or Swagger 2.0; YAML or JSON): print-shop.yaml") {
		t.Errorf("after a valid answer the refusal stays on screen, or the answer is gone:\n%s\n%q", screen, s.screen.String())
	}
	s.step("Go module path", "github.com/acme/print-shop"+keyEnter)
	step("API Gateway kind", keyDown+keyEnter) // http
	step("Who checks the callers' tokens?", keyDown+keyEnter)
	s.step("User pool ARN", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123"+keyEnter)
	s.step("Origins of web frontends", "https://app.example.com/x"+keyEnter)
	s.step("must be an origin as browsers send it", "https://app.example.com, https://admin.example.com"+keyEnter)
	step("Which operations does an existing HTTP backend serve?", keyDown+keySpace+keyEnter) // the 2nd: createOffer
	s.step("Backend URL for createOffer (POST /offers)", "http://legacy.example.com/offers"+keyEnter)
	s.step("is plain http", "n"+keyEnter) // asked again
	s.step("Backend URL for createOffer (POST /offers)", "http://legacy.internal/offers"+keyEnter)
	s.step("is plain http", "y"+keyEnter)
	s.step("Output directory", "svc"+keyEnter)
	step("CORS origins   https://app.example.com, https://admin.example.com", "")
	s.step("Write specgate.yaml and generate the project?", keyEnter)
	if _, err := s.c.ExpectString("wrote svc/specgate.yaml"); err != nil {
		t.Fatalf("init did not finish: %v\n%s", err, s.screen.String())
	}
	if code := s.wait(); code != 0 {
		t.Fatalf("specgate init exited %d\n%s", code, s.screen.String())
	}

	got, err := os.ReadFile(filepath.Join(dir, "svc", "specgate.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := `# yaml-language-server: $schema=https://raw.githubusercontent.com/specgate/specgate/main/schema/specgate.schema.json
# specgate.yaml: what the spec does not say. ` + "`specgate generate`" + ` reads it;
# flags override it. Paths are relative to this file.
version: 1
spec: ../print-shop.yaml
service: print-shop
module: github.com/acme/print-shop
api: http
auth:
  authorizer: jwt
  userPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123
deploy:
  corsOrigins:
    - https://app.example.com
    - https://admin.example.com
legacy:
  allowHTTP: true
  backends:
    createOffer:
      uri: http://legacy.internal/offers
`
	if string(got) != want {
		t.Errorf("specgate.yaml:\n%s\nwant:\n%s", got, want)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "svc", "go.mod"))
	if err != nil || !strings.HasPrefix(string(gomod), "module github.com/acme/print-shop\n") {
		t.Errorf("svc/go.mod: %v\n%s", err, gomod)
	}
	if _, err := os.Stat(filepath.Join(dir, "svc", "handlers", "create_offer.go")); err == nil {
		t.Error("createOffer is served by the backend, yet has a Lambda handler stub")
	}
	if _, err := os.Stat(filepath.Join(dir, "svc", "handlers", "place_order.go")); err != nil {
		t.Errorf("placeOrder stub: %v", err)
	}
	// The project init wrote is what generate would write.
	var out, errOut bytes.Buffer
	if code := Execute(context.Background(), []string{"check", "--config", filepath.Join(dir, "svc", "specgate.yaml")}, nil, &out, &errOut); code != 0 {
		t.Errorf("check after init = %d\n%s%s", code, out.String(), errOut.String())
	}
}

// TestInitInteractiveCancel: Ctrl-D on a select, and "no" to the summary,
// cancel init: exit 2, nothing written.
func TestInitInteractiveCancel(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(s *ptySession)
	}{
		{"ctrl-d on a select", func(s *ptySession) {
			s.step("Service name", keyEnter)
			s.step("Go module path", keyEnter)
			s.settle("API Gateway kind", keyCtrlD)
		}},
		{"no to the summary", func(s *ptySession) {
			s.step("Service name", keyEnter)
			s.step("Go module path", keyEnter)
			s.step("API Gateway kind", keyEnter)
			s.step("Who checks the callers' tokens?", keyEnter)
			s.step("Origins of web frontends", keyEnter)
			s.step("Which operations does an existing HTTP backend serve?", keyEnter)
			s.step("Output directory", keyEnter)
			s.step("Write specgate.yaml and generate the project?", "n"+keyEnter)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writePrintShop(t, dir)
			s := startInit(t, dir, "--spec", "print-shop.yaml")
			tc.run(s)
			if _, err := s.c.ExpectString("cancelled; nothing was written"); err != nil {
				t.Errorf("no cancel message: %v\n%s", err, s.screen.String())
			}
			if code := s.wait(); code != ExitError {
				t.Errorf("exit %d, want %d\n%s", code, ExitError, s.screen.String())
			}
			entries, err := os.ReadDir(dir)
			if err != nil || len(entries) != 1 {
				t.Errorf("init wrote something: %v %v", entries, err)
			}
		})
	}
}
