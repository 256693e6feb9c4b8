//go:build !windows

package cmd

import (
	"bytes"
	"context"
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
)

// TestInitInteractive drives `specgate init` in its own process on a real
// pseudo-terminal, the way survey's own tests do (go-expect for the
// console, vt10x to answer the terminal queries survey sends): answers
// typed at each prompt must produce the expected specgate.yaml and a
// project that check finds up to date.
func TestInitInteractive(t *testing.T) {
	bin, err := exec.LookPath("specgate")
	if err != nil {
		t.Fatalf("the specgate command is installed on PATH by TestMain (testscript.Main): %v", err)
	}
	dir := t.TempDir()
	spec, err := os.ReadFile("../testdata/print-shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "print-shop.yaml"), spec, 0o644); err != nil {
		t.Fatal(err)
	}

	// The terminal emulator answers survey's cursor queries through a
	// second pty pair, as in survey's RunTest.
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Fatalf("open pseudo-terminal: %v", err)
	}
	var screen bytes.Buffer
	term := vt10x.New(vt10x.WithWriter(pts))
	c, err := expect.NewConsole(expect.WithStdin(ptm), expect.WithStdout(term, &screen), expect.WithCloser(ptm, pts),
		expect.WithDefaultTimeout(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	cmd := exec.Command(bin, "init")
	cmd.Dir = dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.Tty(), c.Tty(), c.Tty()
	cmd.Env = append(os.Environ(), "TERM=xterm")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	}()

	step := func(prompt, keys string) {
		t.Helper()
		if out, err := c.ExpectString(prompt); err != nil {
			t.Fatalf("waiting for %q: %v\nscreen so far:\n%s", prompt, err, out)
		}
		if _, err := c.Send(keys); err != nil {
			t.Fatal(err)
		}
	}
	step("OpenAPI spec file", "missing.yaml"+keyEnter)
	step("missing.yaml does not exist", "print-shop.yaml"+keyEnter) // the validator refused; asked again
	step("Service name", keyEnter)                                  // default from info.title: print-shop
	step("Go module path", "github.com/acme/print-shop"+keyEnter)
	step("API Gateway kind", keyDown+keyEnter) // http
	step("Who checks the callers' tokens?", keyDown+keyEnter)
	step("User pool ARN", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123"+keyEnter)
	step("Which operations does an existing HTTP backend serve?", keyDown+keySpace+keyEnter) // the 2nd: createOffer
	step("Backend URL for createOffer (POST /offers)", "https://legacy.example.com/offers"+keyEnter)
	step("Output directory", "svc"+keyEnter)
	if _, err := c.ExpectString("wrote svc/specgate.yaml"); err != nil {
		t.Fatalf("init did not finish: %v\n%s", err, screen.String())
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("specgate init: %v\n%s", err, screen.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("specgate init did not exit\n%s", screen.String())
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
legacy:
  backends:
    createOffer:
      uri: https://legacy.example.com/offers
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
