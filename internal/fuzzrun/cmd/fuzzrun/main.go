// Command fuzzrun runs `go test` with the arguments it is given (a bounded
// fuzz run, `-fuzz ... -fuzztime 30s`), streaming its output, and exits as
// go test did, except when the run failed only by the Go fuzzing
// coordinator's deadline race (see package fuzzrun): that run fuzzed for
// its whole time and found nothing, so it is reported and passes.
//
//	go run ./internal/fuzzrun/cmd/fuzzrun [-C dir] -run='^$' -fuzz=FuzzX -fuzztime=30s ./pkg
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/specgate/specgate/internal/fuzzrun"
)

func main() {
	args := append([]string{"test"}, os.Args[1:]...)
	var out bytes.Buffer
	c := exec.Command("go", args...)
	c.Stdout = io.MultiWriter(os.Stdout, &out)
	c.Stderr = io.MultiWriter(os.Stderr, &out)
	err := c.Run()
	if err == nil {
		return
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "fuzzrun:", err)
		os.Exit(2)
	}
	if d, ok := fuzzrun.FuzzTime(os.Args[1:]); ok && fuzzrun.CoordinatorRace(out.String(), d) {
		fmt.Fprintf(os.Stderr, "fuzzrun: the target fuzzed for its whole -fuzztime (%s) and wrote no failing input; "+
			"\"context deadline exceeded\" is the Go fuzzing coordinator's shutdown race (golang/go#75804), not a finding\n", d)
		return
	}
	os.Exit(exit.ExitCode())
}
