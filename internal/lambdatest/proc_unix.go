//go:build unix

package lambdatest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

// setProcessGroup puts the emulator in a process group of its own.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends SIGTERM (or SIGKILL when kill is set) to the process
// group led by pid. A group that is already gone is not an error.
func signalGroup(pid int, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-pid, sig)
}

// procStat is what /proc/<pid>/stat says about a process.
type procStat struct {
	pid, ppid, pgrp int
	zombie          bool
}

// processes lists the running processes from /proc (nil where there is none).
func processes() []procStat {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []procStat
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may contain spaces and ')'.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(stat[i+1:])
		if len(f) < 3 {
			continue
		}
		ppid, _ := strconv.Atoi(string(f[1]))
		pgrp, _ := strconv.Atoi(string(f[2]))
		out = append(out, procStat{pid: pid, ppid: ppid, pgrp: pgrp, zombie: string(f[0]) == "Z"})
	}
	return out
}

// children returns the pids of the live children of pid. The emulator
// starts the function's bootstrap as a child in a process group of its own.
func children(pid int) []int {
	var kids []int
	for _, p := range processes() {
		if p.ppid == pid && !p.zombie {
			kids = append(kids, p.pid)
		}
	}
	return kids
}

// alive reports whether a process of group pgid still runs. kill(2) counts
// zombies that their (re)parent has not reaped yet; where /proc exists, a
// group of zombies only is not alive.
func alive(pgid int) bool {
	if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	ps := processes()
	if ps == nil {
		return true
	}
	for _, p := range ps {
		if p.pgrp == pgid && !p.zombie {
			return true
		}
	}
	return false
}
