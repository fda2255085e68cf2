package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

func init() {
	commands = append(commands, command{
		name:    "version",
		summary: "print corsim's version, the Go version and the spec revisions it follows",
		run:     runVersion,
	})
}

// versionInfo is what "corsim version --json" prints.
type versionInfo struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
	// Specs maps a package to the spec revisions it follows.
	Specs map[string]string `json:"specs"`
}

// currentVersion describes this binary from read (debug.ReadBuildInfo, or a
// stand-in in tests).
func currentVersion(read func() (*debug.BuildInfo, bool)) versionInfo {
	v := versionInfo{
		Version:  "(devel)",
		Go:       runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Specs:    map[string]string{"origin": origin.SpecRevisions, "fetch": fetch.SpecRevisions},
	}
	bi, ok := read()
	if !ok {
		return v
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	if bi.GoVersion != "" {
		v.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

func runVersion(e *env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the version information as JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: corsim version [--json]\n\n"+
			"Prints corsim's module version (\"(devel)\" for a build from a checkout), the VCS revision when\n"+
			"known, the Go version that built it, and the revisions of the specs it follows.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0, or 2 on bad input.\n")
	}
	pos, code := parseFlags(e, fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "corsim: version takes no arguments, got %q\n", pos[0])
		return exitUsage
	}
	v := currentVersion(debug.ReadBuildInfo)
	if *asJSON {
		if err := writeIndentedJSON(e.stdout, v); err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	fmt.Fprintf(e.stdout, "corsim %s", v.Version)
	if v.Revision != "" {
		rev := v.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		fmt.Fprintf(e.stdout, " (%s", rev)
		if v.Modified {
			fmt.Fprint(e.stdout, ", modified")
		}
		fmt.Fprint(e.stdout, ")")
	}
	fmt.Fprintf(e.stdout, "\nbuilt with %s for %s\n", v.Go, v.Platform)
	fmt.Fprintln(e.stdout, "specs followed:")
	for _, pkg := range []string{"origin", "fetch"} {
		for i, rev := range strings.Split(v.Specs[pkg], "; ") {
			label := ""
			if i == 0 {
				label = pkg
			}
			fmt.Fprintf(e.stdout, "  %-7s %s\n", label, rev)
		}
	}
	return exitOK
}
