package lambdatest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// BuildLocal builds projectDir's ./cmd/local (the generated project's local
// server) for this machine and returns the binary's path
// (projectDir/local-server). It builds with the same environment as
// BuildBootstrap, so the two share the build cache; builds run one at a time.
func BuildLocal(t testing.TB, projectDir string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	out := filepath.Join(projectDir, "local-server")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/local")
	cmd.Dir = projectDir
	cmd.Env = append(os.Environ(), "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0", "GOWORK=off")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("lambdatest: go build ./cmd/local in %s: %v\n%s", projectDir, err, buf.Bytes())
	}
	t.Logf("lambdatest: built %s in %v", out, time.Since(start).Round(time.Millisecond))
	return out
}

// LocalServer is a running generated local server (cmd/local).
type LocalServer struct {
	URL string // http://127.0.0.1:PORT

	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
	err  error
}

var listeningRE = regexp.MustCompile(`"msg":"listening","url":"(http://127\.0\.0\.1:[0-9]+)"`)

// StartLocal runs bin (from BuildLocal) in dir with args after
// `--addr 127.0.0.1:0`, and waits for its "listening" log line, which names
// the free port it took. Its environment is the test's without SPECGATE_*
// variables. t.Cleanup interrupts it (as Ctrl-C does), kills it if it has
// not exited 3 s later, and logs its output when the test failed.
func StartLocal(t testing.TB, bin, dir string, args ...string) *LocalServer {
	t.Helper()
	s := &LocalServer{out: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	s.cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SPECGATE_") {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("lambdatest: start %s: %v", bin, err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			t.Logf("lambdatest: output of %s %v:\n%s", bin, args, s.Output())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(s.Output()); m != nil {
			s.URL = m[1]
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("lambdatest: %s exited before it listened: %v\n%s", bin, s.err, s.Output())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("lambdatest: %s did not log that it listens within 30s:\n%s", bin, s.Output())
		}
	}
}

// Stop interrupts the server, waits up to 3 s for it to shut down, then
// kills it. It returns the process's exit error (nil after a clean
// shutdown). Stopping twice is harmless.
func (s *LocalServer) Stop() error {
	select {
	case <-s.done:
		return s.err
	default:
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(3 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	return s.err
}

// Output returns what the server logged so far.
func (s *LocalServer) Output() string { return s.out.String() }
