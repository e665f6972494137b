package main

import (
	"fmt"
	"io"
	"os"

	"github.com/smppconsole/smppconsole/config"
)

// passwordFlagWarning is said whenever --password is used: --help alone is not enough,
// since the flag is typed long after the help was read.
const passwordFlagWarning = "--password on the command line can be read by other users of this machine (ps, /proc, shell history)"

// Where a password is safer, for the commands that bind and for the simulator.
var (
	bindPasswordElsewhere = fmt.Sprintf("set %s instead, or leave the password out to be asked for it", config.EnvPassword)
	simPasswordElsewhere  = "put it in the config file's [sim] section (chmod 600) instead"
)

func warnPasswordFlag(stderr io.Writer, elsewhere string) {
	fmt.Fprintf(stderr, "warning: %s: %s\n", passwordFlagWarning, elsewhere)
}

// openDebugFile creates the --debug file readable by its owner only: it records every
// message the UI sees, and with --show-secrets the bind password too. A file that
// already exists is narrowed to 0600 as well.
func openDebugFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
