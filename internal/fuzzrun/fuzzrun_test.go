package fuzzrun

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// raceOutput is the tail of CI's failed run of stop 24: FuzzHTTPHandler
// fuzzed its 30 s, wrote no input, and failed with the coordinator's
// deadline.
const raceOutput = `fuzz: elapsed: 27s, execs: 583684 (24944/sec), new interesting: 6 (total: 654)
fuzz: elapsed: 30s, execs: 658257 (24861/sec), new interesting: 7 (total: 655)
fuzz: elapsed: 30s, execs: 658257 (0/sec), new interesting: 7 (total: 655)
--- FAIL: FuzzHTTPHandler (30.15s)
    context deadline exceeded
FAIL
exit status 1
FAIL	example.com/fuzzsvc/api	30.155s
`

func TestCoordinatorRace(t *testing.T) {
	for _, c := range []struct {
		name string
		out  string
		d    time.Duration
		want bool
	}{
		{"the race", raceOutput, 30 * time.Second, true},
		{"before the fuzz time ran out", raceOutput, 45 * time.Second, false},
		{"a failing input", strings.Replace(raceOutput, "FAIL\nexit", "    Failing input written to testdata/fuzz/FuzzHTTPHandler/0a1b\nFAIL\nexit", 1), 30 * time.Second, false},
		{"another message", strings.Replace(raceOutput, "context deadline exceeded", "fuzzing process hung or terminated unexpectedly: exit status 2", 1), 30 * time.Second, false},
		{"a second message line", strings.Replace(raceOutput, "    context deadline exceeded\n", "    context deadline exceeded\n    router_fuzz_test.go:40: status 500\n", 1), 30 * time.Second, false},
		{"a panic", strings.Replace(raceOutput, "FAIL\nexit", "panic: boom\nFAIL\nexit", 1), 30 * time.Second, false},
		{"a failed test", "--- FAIL: TestX (0.01s)\n    x_test.go:1: no\n" + raceOutput, 30 * time.Second, false},
		{"a build failure", "# example.com/x\n./x.go:1:1: expected 'package'\nFAIL\texample.com/x [setup failed]\n", 30 * time.Second, false},
	} {
		if got := CoordinatorRace(c.out, c.d); got != c.want {
			t.Errorf("%s: CoordinatorRace = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestFuzzTime(t *testing.T) {
	for _, c := range []struct {
		args []string
		want time.Duration
		ok   bool
	}{
		{[]string{"-run=^$", "-fuzz=FuzzX", "-fuzztime=30s", "./api"}, 30 * time.Second, true},
		{[]string{"-fuzztime", "1m", "./api"}, time.Minute, true},
		{[]string{"-fuzztime=1000x", "./api"}, 0, false},
		{[]string{"-fuzz=FuzzX", "./api"}, 0, false},
	} {
		got, ok := FuzzTime(c.args)
		if got != c.want || ok != c.ok {
			t.Errorf("FuzzTime(%q) = %v, %v; want %v, %v", c.args, got, ok, c.want, c.ok)
		}
	}
}

// TestCommandKeepsRealFailures runs the fuzzrun command on a module whose
// fuzz target fails on any input and on one whose target never fails: the
// first must fail (with the input written), the second pass.
func TestCommandKeepsRealFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test -fuzz twice")
	}
	bin := filepath.Join(t.TempDir(), "fuzzrun")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/fuzzrun").CombinedOutput(); err != nil {
		t.Fatalf("building fuzzrun: %v\n%s", err, out)
	}
	for _, c := range []struct {
		name, body string
		fail       bool
	}{
		{"failing", `if len(s) > 0 { t.Fatal("found") }`, true},
		{"passing", `_ = s`, false},
	} {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "go.mod"), "module example.com/fz\n\ngo 1.26\n")
		write(t, filepath.Join(dir, "fz_test.go"), "package fz\n\nimport \"testing\"\n\nfunc FuzzX(f *testing.F) {\n\tf.Add(\"\")\n\tf.Fuzz(func(t *testing.T, s string) {\n\t\t"+c.body+"\n\t})\n}\n")
		cmd := exec.Command(bin, "-run=^$", "-fuzz=^FuzzX$", "-fuzztime=2s", "-parallel=1", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		out, err := cmd.CombinedOutput()
		if c.fail && (err == nil || !strings.Contains(string(out), "Failing input written to")) {
			t.Errorf("%s: fuzzrun passed, or wrote no input: %v\n%s", c.name, err, out)
		}
		if !c.fail && err != nil {
			t.Errorf("%s: fuzzrun failed: %v\n%s", c.name, err, out)
		}
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
