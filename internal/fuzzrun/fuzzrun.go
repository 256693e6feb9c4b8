// Package fuzzrun runs a bounded `go test -fuzz` and tells a real failure
// from the Go fuzzing coordinator's shutdown race (golang/go#75804, fixed
// in Go 1.27, present in the Go 1.26 toolchain specgate builds with): when
// a duration -fuzztime expires, the coordinator can report its own
// deadline as the target's failure, "context deadline exceeded", with no
// failing input. A failing input, a panic, a hang or a build error is
// never taken for the race.
package fuzzrun

import (
	"regexp"
	"strings"
	"time"
)

// failLine is the line `go test` prints for a failed fuzz target.
var failLine = regexp.MustCompile(`^\s*--- FAIL: (Fuzz\w*) \(([0-9.]+)s\)$`)

// CoordinatorRace reports whether out, the output of a failed `go test
// -fuzz ... -fuzztime d` run, failed only by the coordinator's deadline
// race: every failed target's whole message is "context deadline
// exceeded", it failed after running at least d, and no failing input was
// written.
func CoordinatorRace(out string, d time.Duration) bool {
	if strings.Contains(out, "Failing input written to") || strings.Contains(out, "panic:") {
		return false
	}
	lines := strings.Split(out, "\n")
	failed := 0
	for i := 0; i < len(lines); i++ {
		m := failLine.FindStringSubmatch(lines[i])
		if m == nil {
			if strings.HasPrefix(strings.TrimSpace(lines[i]), "--- FAIL:") {
				return false // a failed test that is not a fuzz target
			}
			continue
		}
		secs, err := time.ParseDuration(m[2] + "s")
		if err != nil || secs < d {
			return false
		}
		var msg []string
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "    ") {
			i++
			msg = append(msg, strings.TrimSpace(lines[i]))
		}
		if len(msg) != 1 || msg[0] != "context deadline exceeded" {
			return false
		}
		failed++
	}
	return failed > 0
}

// FuzzTime returns the duration of a `-fuzztime` argument in args, and
// false when there is none or it counts executions ("1000x"), which the
// race cannot affect.
func FuzzTime(args []string) (time.Duration, bool) {
	for i, a := range args {
		v, ok := "", false
		switch {
		case strings.HasPrefix(a, "-fuzztime=") || strings.HasPrefix(a, "--fuzztime="):
			v, ok = a[strings.IndexByte(a, '=')+1:], true
		case (a == "-fuzztime" || a == "--fuzztime") && i+1 < len(args):
			v, ok = args[i+1], true
		}
		if ok {
			d, err := time.ParseDuration(v)
			return d, err == nil
		}
	}
	return 0, false
}
