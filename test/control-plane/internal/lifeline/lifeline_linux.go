// Package lifeline ties a control-plane process to the process that started it,
// so that a test runner killed with SIGKILL leaves no server behind.
package lifeline

import (
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// Hold asks the kernel to send SIGKILL when the parent dies, if the starter
// set RAMPART_PARENT_PID: a throwaway test server needs no graceful shutdown,
// and kube-apiserver's takes tens of seconds on a busy machine. The parent may
// already have died between fork and this call; then the recorded pid no
// longer matches and we stop at once.
func Hold() {
	want, err := strconv.Atoi(os.Getenv("RAMPART_PARENT_PID"))
	if err != nil || want <= 0 {
		return
	}
	_ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0, 0, 0)
	if os.Getppid() != want {
		os.Exit(1)
	}
}
