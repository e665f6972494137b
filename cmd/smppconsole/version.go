package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// versionText says which build this is: the module version, and the VCS revision, its
// time and whether the tree was modified, as `go build` recorded them. A build without
// VCS information (-buildvcs=false, a module cache build) says so instead.
func versionText(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "smppconsole: no build information in this binary (revision unknown)\n"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		if strings.HasPrefix(s.Key, "vcs") {
			vcs[s.Key] = s.Value
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "smppconsole %s\n", version)
	if rev := vcs["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision %s", rev)
		if t := vcs["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " (%s)", t)
		}
		if vcs["vcs.modified"] == "true" {
			b.WriteString(", modified")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("revision unknown (built without VCS information)\n")
	}
	fmt.Fprintf(&b, "built with %s\n", info.GoVersion)
	return b.String()
}
