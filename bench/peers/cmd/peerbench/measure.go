package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sample is one measured run of a child process.
type sample struct {
	wall  time.Duration
	rssKB int64 // peak resident set of the child and its waited-for children
}

// runMeasured runs cmd to completion and reads its wall time and peak RSS
// (getrusage of the child: the largest RSS among it and its descendants, as
// /usr/bin/time -v reports it). Output not otherwise captured is kept for
// the error message.
func runMeasured(cmd *exec.Cmd) (sample, error) {
	var out bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &out
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s (in %s): %v\n%s", strings.Join(cmd.Args, " "), cmd.Dir, err, tail(out.String(), 2000))
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, fmt.Errorf("%s: no rusage on this platform", cmd.Args[0])
	}
	return sample{wall: wall, rssKB: ru.Maxrss}, nil
}

// run runs a setup command (not measured) and returns its output.
func run(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, tail(string(out), 3000))
	}
	return string(out), nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// env returns the process environment with the given KEY=VALUE pairs set.
func env(kv ...string) []string {
	e := os.Environ()
	for _, p := range kv {
		k := p[:strings.IndexByte(p, '=')+1]
		e = slices.DeleteFunc(e, func(s string) bool { return strings.HasPrefix(s, k) })
		e = append(e, p)
	}
	return e
}

func median[T int64 | float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func percentile(xs []time.Duration, p float64) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(p*float64(len(s)-1) + 0.5)
	return s[i]
}

// pairRatio is the median of a[i]/b[i]: each pair was measured side by side,
// so drift in the machine's load cancels out of the ratio.
func pairRatio(a, b []float64) float64 {
	n := min(len(a), len(b))
	rs := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		if b[i] > 0 {
			rs = append(rs, a[i]/b[i])
		}
	}
	return median(rs)
}

func walls(ss []sample) []float64 {
	out := make([]float64, len(ss))
	for i, s := range ss {
		out[i] = s.wall.Seconds()
	}
	return out
}

func rsses(ss []sample) []float64 {
	out := make([]float64, len(ss))
	for i, s := range ss {
		out[i] = float64(s.rssKB)
	}
	return out
}

func durs(ss []sample) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = s.wall
	}
	return out
}

func medianRSS(ss []sample) int64 {
	out := make([]int64, len(ss))
	for i, s := range ss {
		out[i] = s.rssKB
	}
	return median(out)
}

// fmtDur prints a duration with three significant digits.
func fmtDur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.0f µs", float64(d)/1e3)
	}
}

func fmtKB(kb int64) string {
	return strconv.FormatFloat(float64(kb)/1024, 'f', 1, 64) + " MiB"
}

func fmtBytes(b int64) string {
	return strconv.FormatFloat(float64(b)/(1<<20), 'f', 2, 64) + " MiB"
}

func fmtRatio(r float64) string {
	return strconv.FormatFloat(r, 'f', 2, 64) + "x"
}
