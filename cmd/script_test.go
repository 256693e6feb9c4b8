package cmd

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("u", false, "rewrite the testscript files' expected output (cmp stdout/stderr) in place")

// TestMain makes this test binary double as the specgate command, so
// testscript's "exec specgate" (and the pty test) run the real CLI in a
// process of its own.
func TestMain(m *testing.M) {
	// The record key of specgate.sum: one of the tests', not the user's.
	recordKeyDir = func() (string, error) { return filepath.Join(os.TempDir(), "specgate-test-record-key"), nil }
	testscript.Main(m, map[string]func(){
		"specgate": func() {
			os.Exit(Execute(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScript runs testdata/script/*.txtar: flags, exit codes and messages of
// every command. Each script starts with print-shop.yaml (the reference
// spec) in its work directory; $SHARED is ../shared when present.
func TestScript(t *testing.T) {
	printShop, err := os.ReadFile("../testdata/print-shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "../testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": exitsCmd,
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("GOFLAGS", "-mod=mod")
			return os.WriteFile(filepath.Join(env.WorkDir, "print-shop.yaml"), printShop, 0o644)
		},
	})
}

// exitsCmd is "exits CODE PROGRAM [ARGS...]": run the program and expect
// exactly that exit code; stdout and stderr stay for the next commands.
func exitsCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Logf("[stdout]\n%s\n[stderr]\n%s", ts.ReadFile("stdout"), ts.ReadFile("stderr"))
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}
