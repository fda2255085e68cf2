// Command browser runs corsim scenario files in a real headless Chromium and
// reports what the browser did, field by field, against each scenario's
// expect block.
//
// Usage:
//
//	go run . [--engine chromium|firefox|webkit] [--json] [--out FILE] [--compare [--known FILE] [--strict]] [--generate N [--seed S] [--save FILE]] [-v] FILE...
//
// With --compare each scenario also goes through the simulator (package
// scenario's Simulate, with the browser's profile) and the report lists every field
// where prediction and observation differ, then an agreement table.
// --generate adds N random scenarios (the same for the same --seed), compared
// the same way; --save keeps them as a scenario file for re-runs.
//
// --engine picks the browser (chromium, firefox or webkit) and the
// simulator profile its observations are compared with. --known names a file
// of recorded differences; with --strict, a difference none of them explains
// fails the run.
//
// Exit status: 0 when every expectation held (or could not be checked) and,
// with --strict, every difference is explained; 1 when an expectation failed
// or a difference is unexplained; 2 on bad input, a scenario that could not
// be run, or a browser that could not start.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/corsim/corsim/conformance/browser/harness"
	"github.com/corsim/corsim/scenario"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("browser", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	out := fs.String("out", "", "write the output to `FILE` instead of standard output")
	engine := fs.String("engine", "chromium", "the browser to run: chromium, firefox or webkit")
	chromium := fs.String("chromium", "", "the Chromium binary (default: $CORSIM_CHROMIUM, /usr/lib/chromium/chromium, chromium ...)")
	firefox := fs.String("firefox", "", "the Firefox binary (default: $CORSIM_FIREFOX, /usr/lib/firefox-esr/firefox-esr, firefox-esr, firefox)")
	minibrowser := fs.String("minibrowser", "", "WebKitGTK's MiniBrowser (default: $CORSIM_MINIBROWSER, /usr/lib/<arch>/webkit2gtk-4.1/MiniBrowser)")
	verbose := fs.Bool("v", false, "text output: also print every console line, issue and request header")
	compare := fs.Bool("compare", false, "also run the simulator (the --engine profile) and compare its prediction field by field")
	generate := fs.Int("generate", 0, "also run `N` random scenarios (implies --compare)")
	seed := fs.Uint64("seed", 1, "the random generator's seed for --generate")
	save := fs.String("save", "", "write the generated scenarios to `FILE`")
	knownFile := fs.String("known", "", "a JSON `FILE` of known differences (see testdata/known-differences.json); comparisons they match count as known")
	strict := fs.Bool("strict", false, "with --compare: exit 1 when a difference is not explained by --known")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run . [--engine chromium|firefox|webkit] [--json] [--out FILE] [--compare [--known FILE] [--strict]] [--generate N [--seed S] [--save FILE]] [-v] FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 && *generate == 0 {
		fs.Usage()
		return 2
	}
	if *generate < 0 {
		fmt.Fprintln(stderr, "browser: --generate needs a positive count")
		return 2
	}

	type file struct {
		name      string
		scenarios []*scenario.Scenario
	}
	var files []file
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(stderr, "browser:", err)
			return 2
		}
		ss, err := scenario.Parse(name, data)
		if err != nil {
			fmt.Fprintln(stderr, "browser:", err)
			return 2
		}
		files = append(files, file{name, ss})
	}
	if *generate > 0 {
		*compare = true
		data, err := harness.Generate(*seed, *generate)
		if err != nil {
			fmt.Fprintln(stderr, "browser:", err)
			return 2
		}
		name := fmt.Sprintf("generated(seed %d)", *seed)
		if *save != "" {
			if err := os.WriteFile(*save, data, 0o644); err != nil {
				fmt.Fprintln(stderr, "browser:", err)
				return 2
			}
			name = *save
		}
		ss, err := scenario.Parse(name, data)
		if err != nil {
			fmt.Fprintln(stderr, "browser: generated scenarios:", err)
			return 2
		}
		files = append(files, file{name, ss})
	}

	var known harness.KnownDifferences
	if *knownFile != "" {
		data, err := os.ReadFile(*knownFile)
		if err == nil {
			known, err = harness.ParseKnown(data)
		}
		if err != nil {
			fmt.Fprintln(stderr, "browser:", err)
			return 2
		}
	}

	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "browser:", err)
			return 2
		}
		defer f.Close()
		w = f
	}

	exec := map[string]string{"chromium": *chromium, "firefox": *firefox, "webkit": *minibrowser}[*engine]
	b, err := harness.StartEngine(*engine, harness.Options{ExecPath: exec})
	if err != nil {
		fmt.Fprintf(stderr, "browser: cannot start %s: %v\n", *engine, err)
		return 2
	}
	defer b.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var sum harness.Summary
	unexplained := 0
	table := harness.NewTable()
	var all []fileReport
	if !*asJSON {
		fmt.Fprintf(w, "browser: %s\n", b.Version())
	}
	for _, f := range files {
		fr := fileReport{File: f.name}
		for _, s := range f.scenarios {
			if ctx.Err() != nil {
				break
			}
			rep := b.Run(ctx, s)
			if *compare {
				unexplained += predict(ctx, b.Name(), f.name, s, rep, table, known)
			}
			sum.Add(rep)
			if *asJSON {
				fr.Scenarios = append(fr.Scenarios, rep)
			} else {
				harness.WriteText(w, f.name, rep, *verbose)
			}
		}
		all = append(all, fr)
	}
	if *asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		out := jsonOutput{Browser: b.Version(), Files: all, Summary: sum}
		if *compare {
			out.Agreement = table
		}
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(stderr, "browser:", err)
			return 2
		}
	} else {
		if *compare {
			table.WriteText(w)
		}
		sum.WriteText(w)
		if *compare {
			fmt.Fprintf(w, "differences: %d unexplained\n", unexplained)
		}
	}
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "browser: interrupted")
		return 2
	case sum.Errors > 0:
		return 2
	case sum.Failed > 0:
		return 1
	case *strict && unexplained > 0:
		fmt.Fprintf(stderr, "browser: %d differences between the simulator and %s are not explained by the known differences\n", unexplained, b.Name())
		return 1
	}
	return 0
}

type fileReport struct {
	File      string            `json:"file"`
	Scenarios []*harness.Report `json:"scenarios"`
}

type jsonOutput struct {
	Browser   string          `json:"browser"`
	Files     []fileReport    `json:"files"`
	Summary   harness.Summary `json:"summary"`
	Agreement *harness.Table  `json:"agreement,omitempty"`
}

// predict runs the simulator on s (with the profile of the engine that
// ran it) and compares its results with the browser's.
func predict(ctx context.Context, engine, file string, s *scenario.Scenario, rep *harness.Report, t *harness.Table, known harness.KnownDifferences) int {
	if rep.Status != harness.StatusObserved {
		return 0
	}
	run, err := scenario.Simulate(ctx, file, s, scenario.RunOptions{Engine: engine, NoTrace: true})
	if err != nil {
		rep.Prediction = "the simulator refused the scenario: " + err.Error()
		// A known difference may explain the refusal (field "prediction").
		if k := known.Explain(engine, s.Name, harness.Comparison{Field: "prediction", Predicted: "refused", Observed: "observed"}); k != nil {
			rep.Prediction += " (known: " + k.Why + ")"
			return 0
		}
		return 1
	}
	return rep.CompareWith(run.Results, t, known)
}
