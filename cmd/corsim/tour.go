package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"

	"github.com/corsim/corsim/scenario"
)

// tourJSON holds the tour's scenarios: the cases people most often get
// wrong about the same-origin policy and CORS.
//
//go:embed tour/tour.json
var tourJSON []byte

func init() {
	commands = append(commands, command{
		name:    "tour",
		summary: "a guided tour of common CORS mistakes (what \"corsim\" alone runs)",
		run:     runTour,
	})
}

func runTour(e *env, args []string) int {
	fs := flag.NewFlagSet("tour", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	engine := fs.String("engine", "chromium", "predict this engine")
	verbose := fs.Bool("trace", false, "show every step with its spec anchor")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: corsim tour [--engine chromium|firefox|webkit|spec] [--trace]\n\n"+
			"Runs a built-in tour of scenarios through the simulator and explains each verdict.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	if !validEngine(*engine) || fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "corsim: usage: corsim tour [--engine chromium|firefox|webkit|spec] [--trace]\n")
		return exitUsage
	}
	ss, err := scenario.Parse("tour.json", tourJSON)
	if err != nil {
		fmt.Fprintf(e.stderr, "corsim: built-in tour: %v\n", err)
		return exitUsage
	}
	p := painter(e.color)
	fmt.Fprintf(e.stdout, "%s\n\n", p.bold(fmt.Sprintf("corsim tour: %d things browsers do with CORS, as %s does them", len(ss), *engine)))
	failed := 0
	for _, s := range ss {
		run, err := scenario.Simulate(context.Background(), "tour.json", s, runOptions(*engine))
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: built-in tour: %v\n", err)
			return exitUsage
		}
		renderRun(e.stdout, p, run, *verbose)
		if len(run.Mismatches) > 0 && *engine == "chromium" {
			failed++
		}
	}
	fmt.Fprintln(e.stdout, "Try your own: corsim run FILE.json (see the README for the scenario format).")
	if failed > 0 {
		return exitMismatch
	}
	return exitOK
}
