//go:build !unix

package lambdatest

import (
	"os"
	"os/exec"
)

// setProcessGroup does nothing here; StartEmulator refuses non-Linux hosts.
func setProcessGroup(cmd *exec.Cmd) {}

// signalGroup kills the process pid (there are no process groups here).
func signalGroup(pid int, kill bool) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}

// children cannot be listed here.
func children(pid int) []int { return nil }

// alive cannot see process groups here; stop has waited for the process.
func alive(pgid int) bool { return false }
