package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/specgate/specgate/generator"
)

// RIE is the AWS Lambda Runtime Interface Emulator's binary name.
const RIE = "aws-lambda-rie"

// RIEInstallHint says how to install the emulator.
const RIEInstallHint = "install it with `go install " + generator.RIEPackage + "` and put it on PATH"

// Build compiles pkg of the Go project in dir into out. linux builds the
// Lambda bootstrap (GOOS=linux, CGO_ENABLED=0, -tags lambda.norpc).
func Build(ctx context.Context, dir, pkg, out string, lambda bool) error {
	args := []string{"build", "-o", out}
	env := append(os.Environ(), "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0", "GOWORK=off")
	if lambda {
		args = append(args, "-tags", "lambda.norpc")
		env = append(env, "GOOS=linux")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	cmd.Dir, cmd.Env = dir, env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s in %s: %v\n%s", pkg, dir, err, buf.Bytes())
	}
	return nil
}

// Process is a server this package started; Stop ends it by its PID.
type Process struct {
	URL string

	cmd   *exec.Cmd
	out   *lockedBuffer
	done  chan struct{}
	err   error
	group bool
}

// Output is what the process printed so far.
func (p *Process) Output() string { return p.out.String() }

// PID is the process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Stop interrupts the process (its process group for the emulator), kills
// it after 3 s, and waits for it.
func (p *Process) Stop() {
	select {
	case <-p.done:
		return
	default:
	}
	if p.group {
		signalGroup(p.PID(), false)
	} else {
		_ = p.cmd.Process.Signal(os.Interrupt)
	}
	select {
	case <-p.done:
	case <-time.After(3 * time.Second):
		if p.group {
			signalGroup(p.PID(), true)
		} else {
			_ = p.cmd.Process.Kill()
		}
		<-p.done
	}
	if p.group {
		signalGroup(p.PID(), true) // anything the emulator left, such as the bootstrap
	}
}

func start(cmd *exec.Cmd, group bool) (*Process, error) {
	p := &Process{cmd: cmd, out: &lockedBuffer{}, done: make(chan struct{}), group: group}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if group {
		setProcessGroup(cmd)
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

var listeningRE = regexp.MustCompile(`"msg":"listening","url":"(http://127\.0\.0\.1:[0-9]+)"`)

// StartLocal runs the built local server bin in the project dir on a free
// 127.0.0.1 port with args after --addr, and waits until it listens.
func StartLocal(bin, dir string, args ...string) (*Process, error) {
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	p, err := start(cmd, false)
	if err != nil {
		return nil, fmt.Errorf("start the local server: %w", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(p.Output()); m != nil {
			p.URL = m[1]
			return p, nil
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("the local server exited before it listened: %v\n%s", p.err, p.Output())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("the local server did not listen within 30s:\n%s", p.Output())
		}
	}
}

// FindRIE returns aws-lambda-rie's path from PATH.
func FindRIE() (string, error) {
	p, err := exec.LookPath(RIE)
	if err != nil {
		return "", fmt.Errorf("%s is not on PATH; %s", RIE, RIEInstallHint)
	}
	return p, nil
}

// StartEmulator runs aws-lambda-rie serving bootstrap, its endpoints on
// free 127.0.0.1 ports, with a minimal environment, and waits until it
// accepts connections. URL is the invocation endpoint.
func StartEmulator(rie, bootstrap string) (*Process, error) {
	bootstrap, err := filepath.Abs(bootstrap)
	if err != nil {
		return nil, err
	}
	invoke, err := freeAddr()
	if err != nil {
		return nil, err
	}
	rapi, err := freeAddr()
	for err == nil && rapi == invoke {
		rapi, err = freeAddr()
	}
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", invoke, "--runtime-api-address", rapi, bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "AWS_LAMBDA_FUNCTION_TIMEOUT=30", "LOG_LEVEL=info"}
	p, err := start(cmd, true)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", RIE, err)
	}
	p.URL = "http://" + invoke + "/2015-03-31/functions/function/invocations"
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-p.done:
			return nil, fmt.Errorf("%s exited before it accepted connections: %v\n%s", RIE, p.err, p.Output())
		default:
		}
		c, err := net.DialTimeout("tcp", invoke, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return p, nil
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("%s did not listen on %s within 15s: %v", RIE, invoke, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free loopback port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// ErrNotLinux is returned where the Lambda bootstrap cannot run.
var ErrNotLinux = errors.New("--target lambda runs the Linux bootstrap under aws-lambda-rie, on Linux only; use --target local here")

// CheckLambdaHost reports whether this host can run --target lambda.
func CheckLambdaHost() error {
	if runtime.GOOS != "linux" {
		return ErrNotLinux
	}
	return nil
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Clone(b.buf.String())
}
