//go:build !linux

package lifeline

// Hold does nothing where the kernel has no parent-death signal; the starter's
// pid file and exit handlers still clean up.
func Hold() {}
