package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/policy"
)

func init() {
	commands = append(commands, command{
		name:    "probe",
		summary: "infer a live server's CORS policy and what browsers let script do with it",
		run:     runProbe,
	})
}

const probeUsage = `Usage: corsim probe [--json] [--origin ORIGIN]... URL

Sends the server at URL the requests a CORS scanner sends (only GET and
OPTIONS), infers its effective CORS policy, and shows what each browser
engine lets script on a few origins do: methods GET, POST, PUT, DELETE and
PATCH, with no extra header, Content-Type: application/json, Authorization
or X-Requested-With, with and without credentials. The response to an
actual request is taken to be the server's answer to GET.

Flags:
`

func runProbe(e *env, args []string) int {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	var origins originList
	fs.Var(&origins, "origin", "an origin the server should trust (repeatable); probing starts from it")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), probeUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 when the server was probed, 2 on bad input or a network failure.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "corsim: probe needs exactly one URL (run \"corsim probe --help\")")
		return exitUsage
	}
	rep, code := probeURL(e, fs.Arg(0), origins)
	if rep == nil {
		return code
	}
	if *asJSON {
		if err := writeIndentedJSON(e.stdout, rep); err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	renderReport(e.stdout, painter(e.color), rep)
	return exitOK
}

// renderReport writes a probe report for people.
func renderReport(w io.Writer, p painter, rep *policy.Report) {
	eff := rep.Effective
	fmt.Fprintf(w, "%s (%d requests)\n\n", p.bold("Probed "+rep.URL), rep.Requests)
	fmt.Fprintln(w, p.bold("Effective policy"))
	origins := orNone(eff.AllowedOrigins)
	switch {
	case eff.ReflectsAnyOrigin:
		origins = "any origin (echoed back)"
	case eff.AnyOrigin:
		origins = "* (any origin)"
	}
	row := func(k, v string) { fmt.Fprintf(w, "  %-17s %s\n", k+":", v) }
	row("origins", origins)
	row("credentials", fmt.Sprint(eff.Credentials))
	row("methods", orNone(eff.Methods))
	row("request headers", orNone(eff.RequestHeaders))
	row("exposed headers", orNone(eff.ExposedHeaders))
	if eff.MaxAge != "" {
		row("max-age", eff.MaxAge)
	} else {
		row("max-age", "(not sent: 5 s)")
	}
	if eff.PreflightStatus != 0 {
		row("preflight status", fmt.Sprint(eff.PreflightStatus))
	}

	fmt.Fprintf(w, "\n%s\n", p.bold("What script can do (Chromium; other engines noted where they differ)"))
	cur := ""
	for _, v := range rep.Matrix {
		if v.Origin != cur {
			cur = v.Origin
			fmt.Fprintf(w, "\n  from %s\n", p.bold(cur))
			fmt.Fprintf(w, "    %-7s %-34s %-10s %s\n", "method", "header", "preflight", "credentials: same-origin | include")
		}
		if v.Credentials {
			continue // printed with its same-origin twin
		}
		twin := findTwin(rep.Matrix, v)
		header := v.Header
		if header == "" {
			header = "-"
		}
		pre := "no"
		if v.Preflight {
			pre = "yes"
		}
		fmt.Fprintf(w, "    %-7s %-34s %-10s %s | %s\n", v.Method, header, pre, cell(p, v), cell(p, twin))
		for _, n := range differences(v, twin) {
			fmt.Fprintf(w, "    %s\n", p.dim("  "+n))
		}
	}
	fmt.Fprintf(w, "\n%s\n", p.bold("Findings"))
	if len(rep.Findings) == 0 {
		fmt.Fprintf(w, "  %s\n", p.green("none"))
		return
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "  %-6s %s: %s\n", strings.ToUpper(f.Severity.String()), f.Rule, f.Message)
	}
	fmt.Fprintln(w, "\nRun \"corsim lint URL\" for the evidence and the fix of each finding.")
}

func orNone(l []string) string {
	if len(l) == 0 {
		return "(none)"
	}
	return strings.Join(l, ", ")
}

// findTwin returns the credentialed verdict for the same request as v.
func findTwin(m []policy.Verdict, v policy.Verdict) policy.Verdict {
	for _, t := range m {
		if t.Credentials && t.Origin == v.Origin && t.Method == v.Method && t.Header == v.Header {
			return t
		}
	}
	return policy.Verdict{}
}

// engineVerdict returns the engine's verdict in v.
func engineVerdict(v policy.Verdict, e fetch.Engine) (policy.EngineVerdict, bool) {
	for _, ev := range v.Engines {
		if ev.Engine == e {
			return ev, true
		}
	}
	return policy.EngineVerdict{}, false
}

func verdictText(ev policy.EngineVerdict) string {
	if ev.Allowed {
		return "allowed"
	}
	return "blocked (" + ev.Reason.String() + ")"
}

// cell renders Chromium's verdict.
func cell(p painter, v policy.Verdict) string {
	ev, ok := engineVerdict(v, fetch.EngineChromium)
	if !ok {
		return "?"
	}
	if ev.Allowed {
		return p.green(verdictText(ev))
	}
	return p.red(verdictText(ev))
}

// differences lists the engines whose verdicts differ from Chromium's.
func differences(vs ...policy.Verdict) []string {
	var out []string
	for _, v := range vs {
		ch, _ := engineVerdict(v, fetch.EngineChromium)
		for _, ev := range v.Engines {
			if ev.Engine == fetch.EngineChromium || ev.Allowed == ch.Allowed {
				continue
			}
			mode := "same-origin"
			if v.Credentials {
				mode = "include"
			}
			out = append(out, fmt.Sprintf("%s, credentials %s: %s", ev.Engine, mode, verdictText(ev)))
		}
	}
	return out
}
