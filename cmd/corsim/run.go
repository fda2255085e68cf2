package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/corsim/corsim/scenario"
)

func init() {
	commands = append(commands, command{
		name:    "run",
		summary: "simulate scenario files and check their expectations",
		run:     runRun,
	})
}

const runUsage = `Usage: corsim run [--json] [--engine chromium|firefox|webkit|spec] [--brief] FILE...

Simulates every scenario of each scenario file (a JSON object or array; "-"
reads standard input) and explains, step by step, what the browser does:
the requests it sends, whether it blocks the request or the response and
why, and what script can read. Scenarios' "expect" blocks are checked.

Flags:
`

func runRun(e *env, args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the results as a JSON array instead of explanations")
	engine := fs.String("engine", "", "predict this engine instead of each scenario's own")
	brief := fs.Bool("brief", false, "print verdicts and requests without the step trace")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), runUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 when every expectation holds, 1 when one does not, 2 on bad input.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	if *engine != "" && !validEngine(*engine) {
		fmt.Fprintf(e.stderr, "corsim: --engine %q is not one of chromium, firefox, webkit, spec\n", *engine)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "corsim: run needs at least one scenario file (run \"corsim run --help\")")
		return exitUsage
	}
	var runs []*scenario.Run
	for _, name := range fs.Args() {
		data, err := readInput(e, name)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		ss, err := scenario.Parse(name, data)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		for _, s := range ss {
			run, err := scenario.Simulate(context.Background(), name, s, runOptions(*engine))
			if err != nil {
				fmt.Fprintf(e.stderr, "corsim: %v\n", err)
				return exitUsage
			}
			runs = append(runs, run)
		}
	}
	failed := 0
	if *asJSON {
		if err := writeJSON(e.stdout, runs); err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
	}
	p := painter(e.color)
	for _, run := range runs {
		if !*asJSON {
			renderRun(e.stdout, p, run, !*brief)
		}
		if len(run.Mismatches) > 0 {
			failed++
			if *asJSON {
				for _, m := range run.Mismatches {
					fmt.Fprintf(e.stderr, "corsim: %s: %s\n", run.Scenario.Name, m)
				}
			}
		}
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "corsim: %d of %d scenario(s) did not meet their expectations\n", failed, len(runs))
		return exitMismatch
	}
	return exitOK
}

// runOptions are the simulation options every command uses.
func runOptions(engine string) scenario.RunOptions {
	return scenario.RunOptions{Engine: engine, Policy: policyServer}
}

func validEngine(s string) bool {
	switch s {
	case "chromium", "firefox", "webkit", "spec":
		return true
	}
	return false
}

// readInput reads a named file, or standard input for "-".
func readInput(e *env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", name, pe.Err)
		}
		return nil, err
	}
	return data, nil
}

// writeJSON prints one object per scenario: its result, or for a sequence
// {"name", "engine", "results"}.
func writeJSON(w io.Writer, runs []*scenario.Run) error {
	out := make([]any, 0, len(runs))
	for _, run := range runs {
		if run.Scenario.Sequence {
			out = append(out, scenario.SequenceResult{Name: run.Scenario.Name, Engine: run.Engine.String(), Results: run.Results})
		} else {
			out = append(out, run.Results[0])
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
