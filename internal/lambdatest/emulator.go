package lambdatest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// RIE is the name of the AWS Lambda Runtime Interface Emulator binary.
const RIE = "aws-lambda-rie"

// InstallHint says how to install the emulator.
const InstallHint = "run `make tools` in the repository root (it installs " + RIE + " into .tools/bin), or `go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d`"

// Emulator is a running aws-lambda-rie serving one bootstrap.
type Emulator struct {
	// URL is the invocation endpoint:
	// http://127.0.0.1:PORT/2015-03-31/functions/function/invocations.
	URL string

	cmd    *exec.Cmd
	kids   []int // the function's processes, seen when stopping
	out    *syncBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // the process's exit status, once done is closed
	client *http.Client
}

// FindRIE returns the path of aws-lambda-rie: from PATH, else from
// <repo root>/.tools/bin. When it is in neither, the test fails with the
// install command.
func FindRIE(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath(RIE); err == nil {
		return p
	}
	p := filepath.Join(RepoRoot(t), ".tools", "bin", RIE)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p
	}
	t.Fatalf("lambdatest: %s is neither on PATH nor at %s; %s", RIE, p, InstallHint)
	return ""
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("lambdatest: find a free loopback port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// StartEmulator starts aws-lambda-rie serving bootstrapPath, with both its
// invocation endpoint and its Runtime API on free 127.0.0.1 ports, and waits
// until it accepts connections. The function gets a minimal environment
// (PATH and a 30 s function timeout), nothing of the test's own. The
// emulator's and the function's output is logged when the test fails.
// t.Cleanup stops the emulator's process group (SIGTERM, then SIGKILL after
// 3 s), waits for it, and kills the function's process group (the emulator
// gives the bootstrap one of its own) if it survived.
func StartEmulator(t testing.TB, bootstrapPath string) *Emulator {
	t.Helper()
	return StartEmulatorEnv(t, bootstrapPath)
}

// StartEmulatorEnv is StartEmulator with extra environment variables
// ("NAME=value") for the function, as a template's Environment sets them.
func StartEmulatorEnv(t testing.TB, bootstrapPath string, env ...string) *Emulator {
	t.Helper()
	requireLinux(t)
	rie := FindRIE(t)
	bootstrap, err := filepath.Abs(bootstrapPath)
	if err != nil {
		t.Fatalf("lambdatest: bootstrap %s: %v", bootstrapPath, err)
	}
	if _, err := os.Stat(bootstrap); err != nil {
		t.Fatalf("lambdatest: bootstrap: %v", err)
	}
	invokeAddr, runtimeAddr := freePort(t), freePort(t)
	for runtimeAddr == invokeAddr {
		runtimeAddr = freePort(t)
	}
	e := &Emulator{
		URL:    "http://" + invokeAddr + "/2015-03-31/functions/function/invocations",
		out:    &syncBuffer{},
		done:   make(chan struct{}),
		client: &http.Client{Timeout: 60 * time.Second},
	}
	e.cmd = exec.Command(rie,
		"--runtime-interface-emulator-address", invokeAddr,
		"--runtime-api-address", runtimeAddr,
		bootstrap)
	e.cmd.Dir = filepath.Dir(bootstrap)
	// aws-lambda-rie hands its whole environment to the function: give it
	// only what it needs, so nothing of the test's environment leaks in.
	e.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "AWS_LAMBDA_FUNCTION_TIMEOUT=30", "LOG_LEVEL=info"}, env...)
	e.cmd.Stdout, e.cmd.Stderr = e.out, e.out
	setProcessGroup(e.cmd)
	if err := e.cmd.Start(); err != nil {
		t.Fatalf("lambdatest: start %s: %v", rie, err)
	}
	go func() {
		e.err = e.cmd.Wait()
		close(e.done)
	}()
	t.Cleanup(func() {
		e.stop()
		if t.Failed() {
			t.Logf("lambdatest: output of %s %s:\n%s", RIE, bootstrap, e.Output())
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-e.done:
			t.Fatalf("lambdatest: %s exited before it accepted connections: %v", RIE, e.err)
		default:
		}
		c, err := net.DialTimeout("tcp", invokeAddr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lambdatest: %s did not listen on %s within 15s: %v", RIE, invokeAddr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return e
}

// stop ends the emulator and the function it started, and waits.
func (e *Emulator) stop() {
	pid := e.cmd.Process.Pid
	// The emulator runs the bootstrap in a process group of its own and
	// stops it on SIGTERM; note it first, to make sure.
	e.kids = children(pid)
	select {
	case <-e.done:
	default:
		signalGroup(pid, false)
		select {
		case <-e.done:
		case <-time.After(3 * time.Second):
			signalGroup(pid, true)
			<-e.done
		}
	}
	// Make sure nothing survives: the emulator's group, and the function's
	// groups in case the emulator had to be killed before it stopped them.
	signalGroup(pid, true)
	for _, k := range e.kids {
		if alive(k) {
			signalGroup(k, true)
		}
	}
}

// PID returns the emulator's process id, which is also its process group id.
func (e *Emulator) PID() int { return e.cmd.Process.Pid }

// Stopped reports whether the emulator has exited and left none of its
// processes (such as the function's bootstrap) running. It is true once the
// test's cleanup has run.
func (e *Emulator) Stopped() bool {
	select {
	case <-e.done:
	default:
		return false
	}
	deadline := time.Now().Add(2 * time.Second)
	for alive(e.PID()) || slices.ContainsFunc(e.kids, alive) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// Output returns what the emulator and the function printed so far.
func (e *Emulator) Output() string { return e.out.String() }

// WaitOutput waits up to timeout for the emulator's output to contain s
// and reports whether it did. Function logs can arrive just after its answer.
func (e *Emulator) WaitOutput(s string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		if strings.Contains(e.Output(), s) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Invoke sends event (marshalled to JSON; a []byte or json.RawMessage is
// sent as is) to the function and returns its raw answer. The emulator must
// answer 200; anything else fails the test.
func (e *Emulator) Invoke(t testing.TB, event any) []byte {
	t.Helper()
	var payload []byte
	switch v := event.(type) {
	case []byte:
		payload = v
	case json.RawMessage:
		payload = v
	default:
		var err error
		if payload, err = json.Marshal(event); err != nil {
			t.Fatalf("lambdatest: marshal event: %v", err)
		}
	}
	resp, err := e.client.Post(e.URL, "application/json", bytes.NewReader(payload))
	if err != nil {
		t.Fatalf("lambdatest: invoke %s: %v", e.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("lambdatest: read the answer of %s: %v", e.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("lambdatest: %s answered %s: %s", RIE, resp.Status, raw)
	}
	return raw
}

// InvokeREST sends an API Gateway REST API (payload 1.0) event and decodes
// the function's answer. A function error (an answer without a status code)
// fails the test.
func (e *Emulator) InvokeREST(t testing.TB, event events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
	t.Helper()
	raw := e.Invoke(t, event)
	var res events.APIGatewayProxyResponse
	if err := json.Unmarshal(raw, &res); err != nil || res.StatusCode == 0 {
		t.Fatalf("lambdatest: the function did not answer an APIGatewayProxyResponse (err %v): %s", err, raw)
	}
	return res
}

// InvokeHTTP sends an API Gateway HTTP API (payload 2.0) event and decodes
// the function's answer. A function error (an answer without a status code)
// fails the test.
func (e *Emulator) InvokeHTTP(t testing.TB, event events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	t.Helper()
	raw := e.Invoke(t, event)
	var res events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(raw, &res); err != nil || res.StatusCode == 0 {
		t.Fatalf("lambdatest: the function did not answer an APIGatewayV2HTTPResponse (err %v): %s", err, raw)
	}
	return res
}

// Body returns a response body, base64-decoded when isBase64 says so.
func Body(body string, isBase64 bool) ([]byte, error) {
	if !isBase64 {
		return []byte(body), nil
	}
	b, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("the body is marked base64 but does not decode: %w", err)
	}
	return b, nil
}

// syncBuffer is a bytes.Buffer safe for the process's writers and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
