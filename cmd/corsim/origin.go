package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/corsim/corsim/origin"
)

func init() {
	commands = append(commands, command{
		name:    "origin",
		summary: "print the origin of each URL, as a browser computes it",
		run:     runOrigin,
	})
}

const originUsage = `Usage: corsim origin [--base URL] URL...

Prints the origin of each URL, one per line, as a browser computes it with
the WHATWG URL parser: scheme://host[:port] with the host canonicalized
(lower case, IDNA, IPv4 and IPv6 normal forms) and the default port
dropped, or "null" for an opaque origin (data:, file:, about:, and every
scheme but http, https, ws, wss and ftp; blob: URLs take the origin of the
http or https URL they wrap). With --base, each URL is first resolved
against the base URL, as a link or a redirect's Location is. Flags come
before the URLs; "--" ends them.

Flags:
`

func runOrigin(e *env, args []string) int {
	fs := flag.NewFlagSet("origin", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	baseFlag := fs.String("base", "", "resolve each URL against this base URL")
	usage := func(w io.Writer) {
		fmt.Fprint(w, originUsage)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fmt.Fprint(w, "\nExit status: 0 when every URL parses, 1 when one does not (the others are still printed), 2 on bad usage or an invalid --base.\n")
	}
	// The flag package prints its error itself; the usage is printed here,
	// once, to standard output for --help and to standard error otherwise.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(e.stdout)
			return exitOK
		}
		usage(e.stderr)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "corsim: origin needs at least one URL")
		usage(e.stderr)
		return exitUsage
	}
	baseSet := false
	fs.Visit(func(f *flag.Flag) { baseSet = baseSet || f.Name == "base" })
	var base *origin.URL
	if baseSet {
		b, err := origin.ParseURL(*baseFlag, nil)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: --base: %v\n", err)
			return exitUsage
		}
		base = b
	}
	status := exitOK
	for _, input := range fs.Args() {
		o, err := originOf(input, base)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			status = exitMismatch
			continue
		}
		fmt.Fprintln(e.stdout, o)
	}
	return status
}

// originOf returns the origin of input, resolved against base when there is
// one.
func originOf(input string, base *origin.URL) (origin.Origin, error) {
	if base == nil {
		return origin.FromURL(input)
	}
	u, err := origin.ParseURL(input, base)
	if err != nil {
		return origin.Origin{}, err
	}
	return u.Origin(), nil
}
