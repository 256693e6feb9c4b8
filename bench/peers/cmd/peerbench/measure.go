package main

import (
	"bytes"
	"fmt"
	"io"
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
//
// The command runs under a fresh copy of this program (measureChild): Linux
// starts a child of a Go program with vfork, and at exec it carries the
// parent's peak RSS into the child's, so a child of this (large) process
// would report at least this process's peak.
func runMeasured(cmd *exec.Cmd) (sample, error) {
	var out bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &out
	}
	self, err := os.Executable()
	if err != nil {
		return sample{}, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return sample{}, err
	}
	defer r.Close()
	argv := append([]string{self, measureChildArg}, cmd.Args...)
	argv[2] = cmd.Path
	wrapped := &exec.Cmd{Path: self, Args: argv, Dir: cmd.Dir, Env: cmd.Env, Stdin: cmd.Stdin, Stdout: cmd.Stdout, Stderr: cmd.Stderr, ExtraFiles: []*os.File{w}}
	err = wrapped.Start()
	w.Close()
	if err != nil {
		return sample{}, err
	}
	res, _ := io.ReadAll(r)
	err = wrapped.Wait()
	if err != nil {
		return sample{}, fmt.Errorf("%s (in %s): %v\n%s", strings.Join(cmd.Args, " "), cmd.Dir, err, tail(out.String(), 2000))
	}
	var wall time.Duration
	var rss int64
	if _, err := fmt.Sscan(string(res), &wall, &rss); err != nil {
		return sample{}, fmt.Errorf("%s: no measurement from the runner (%q): %v", cmd.Args[0], res, err)
	}
	return sample{wall: wall, rssKB: rss}, nil
}

// measureChildArg, as the first argument, makes this program a runner: it
// runs the command that follows and writes its wall time (ns) and peak RSS
// (KiB) to file descriptor 3, then exits with the command's status.
const measureChildArg = "__measure-child"

func measureChild(args []string) int {
	res := os.NewFile(3, "result")
	if len(args) == 0 || res == nil {
		fmt.Fprintln(os.Stderr, "peerbench: "+measureChildArg+" needs a command and file descriptor 3")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() > 0 {
			return cmd.ProcessState.ExitCode()
		}
		return 1
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "peerbench: no rusage on this platform")
		return 1
	}
	fmt.Fprintf(res, "%d %d\n", int64(wall), ru.Maxrss)
	return 0
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
