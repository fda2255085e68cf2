// Command corsim predicts what a browser does with the same-origin policy and
// CORS: which preflight it sends, whether it blocks a request or a response,
// why, and what script may read.
//
// Usage:
//
//	corsim <command> [arguments]
//
// Run "corsim --help" for the list of commands and "corsim <command> --help"
// for one command's flags.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit statuses shared by every command.
const (
	exitOK       = 0 // success
	exitMismatch = 1 // a check failed: an invalid URL, an expectation not met, a high-severity finding
	exitUsage    = 2 // bad input: unknown command or flag, unreadable or malformed file
)

// A command is one subcommand of corsim.
type command struct {
	name    string
	summary string
	run     func(env *env, args []string) int
}

// env carries what a command may touch, so tests can run commands in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// color enables ANSI colours: stdout is a terminal and NO_COLOR is unset.
	color bool
}

// commands lists every subcommand, in the order "corsim --help" shows them.
// Each command file registers itself here.
var commands []command

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	e.color = isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == ""
	os.Exit(run(e, os.Args[1:]))
}

// run dispatches args to a subcommand and returns the exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		if c := lookup("tour"); c != nil {
			return c.run(e, nil)
		}
		usage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(e.stdout)
		return exitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(e.stderr, "corsim: unknown command %q (run \"corsim --help\" for the list)\n", args[0])
		return exitUsage
	}
	return c.run(e, args[1:])
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "corsim predicts what a browser does with the same-origin policy and CORS.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  corsim <command> [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	// The commands register themselves; list them from the everyday ones to
	// the rest.
	order := map[string]int{"tour": 1, "run": 2, "explain": 3, "check": 4, "lint": 5, "probe": 6, "origin": 7, "serve": 8, "version": 9}
	sorted := append([]command(nil), commands...)
	sort.SliceStable(sorted, func(i, j int) bool { return order[sorted[i].name] < order[sorted[j].name] })
	for _, c := range sorted {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run \"corsim <command> --help\" for a command's flags.")
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
