package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
)

func init() {
	commands = append(commands, command{
		name:    "lint",
		summary: "review a server's CORS configuration (live URL or policy file) for dangerous or broken settings",
		run:     runLint,
	})
}

const lintUsage = `Usage: corsim lint [--json] [--origin ORIGIN]... URL
       corsim lint [--json] [--target ORIGIN] --policy FILE

With a URL, sends the server the requests a CORS scanner sends (crafted
Origin values, preflights; only GET and OPTIONS) and reviews its answers.
With --policy, reviews a policy file in the policy package's JSON form
("-" reads standard input). Each finding has a rule ID, a severity (high,
medium, low, info), the evidence and the fix.

Flags:
`

// originList is a repeatable flag of origins.
type originList []string

func (l *originList) String() string { return strings.Join(*l, ",") }

func (l *originList) Set(s string) error {
	if o, err := origin.ParseSerializedOrigin(s); err != nil || o.IsOpaque() {
		return fmt.Errorf("%q is not an origin such as https://app.example", s)
	}
	*l = append(*l, s)
	return nil
}

func runLint(e *env, args []string) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, `print {"findings": [...]} as JSON`)
	policyFile := fs.String("policy", "", "lint this policy file instead of probing a URL")
	target := fs.String("target", "", "with --policy: the origin the policy serves (e.g. https://api.example)")
	var origins originList
	fs.Var(&origins, "origin", "an origin the server should trust (repeatable); probing starts from it")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), lintUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 without high-severity findings, 1 with one, 2 on bad input or a network failure.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	var findings []policy.Finding
	subject := ""
	switch {
	case *policyFile != "" && fs.NArg() > 0:
		fmt.Fprintln(e.stderr, "corsim: lint takes a URL or --policy FILE, not both")
		return exitUsage
	case *policyFile != "":
		if len(origins) > 0 {
			fmt.Fprintln(e.stderr, "corsim: --origin is for probing a URL; a policy file lists its origins itself")
			return exitUsage
		}
		var t origin.Origin
		if *target != "" {
			o, err := origin.ParseSerializedOrigin(*target)
			if err != nil || o.IsOpaque() {
				fmt.Fprintf(e.stderr, "corsim: --target %q is not an origin such as https://api.example\n", *target)
				return exitUsage
			}
			t = o
		}
		data, err := readInput(e, *policyFile)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		p, err := policy.Parse(data)
		if err != nil {
			printPolicyError(e.stderr, *policyFile, err)
			return exitUsage
		}
		findings, subject = p.Lint(t), *policyFile
	case fs.NArg() == 1:
		if *target != "" {
			fmt.Fprintln(e.stderr, "corsim: --target is for --policy; a URL names its own origin")
			return exitUsage
		}
		rep, code := probeURL(e, fs.Arg(0), origins)
		if rep == nil {
			return code
		}
		findings, subject = rep.Findings, rep.URL
	default:
		fmt.Fprintln(e.stderr, "corsim: lint needs one URL or --policy FILE (run \"corsim lint --help\")")
		return exitUsage
	}
	if findings == nil {
		findings = []policy.Finding{}
	}
	if *asJSON {
		if err := writeIndentedJSON(e.stdout, struct {
			Findings []policy.Finding `json:"findings"`
		}{findings}); err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
	} else {
		renderFindings(e.stdout, painter(e.color), subject, findings)
	}
	for _, f := range findings {
		if f.Severity == policy.SeverityHigh {
			return exitMismatch
		}
	}
	return exitOK
}

// probeURL probes a live URL; on failure it prints why and returns a nil
// report and the exit status.
func probeURL(e *env, rawURL string, origins []string) (*policy.Report, int) {
	u, err := origin.ParseURL(rawURL, nil)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		fmt.Fprintf(e.stderr, "corsim: %q is not an http or https URL\n", rawURL)
		return nil, exitUsage
	}
	rep, err := policy.ProbeURL(context.Background(), rawURL, &policy.ProbeOptions{Origins: origins})
	if err != nil {
		fmt.Fprintf(e.stderr, "corsim: cannot probe %s: %v\n", rawURL, strings.TrimPrefix(err.Error(), "policy: "))
		return nil, exitUsage
	}
	return rep, exitOK
}

// printPolicyError prints each problem of a policy file on its own line.
func printPolicyError(w io.Writer, file string, err error) {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		fmt.Fprintf(w, "corsim: %s: %v\n", file, e)
	}
}

// renderFindings writes findings for people.
func renderFindings(w io.Writer, p painter, subject string, findings []policy.Finding) {
	if len(findings) == 0 {
		fmt.Fprintf(w, "%s: %s\n", subject, p.green("no findings"))
		return
	}
	counts := map[policy.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
	}
	var parts []string
	for _, s := range []policy.Severity{policy.SeverityHigh, policy.SeverityMedium, policy.SeverityLow, policy.SeverityInfo} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	fmt.Fprintf(w, "%s: %d finding(s) (%s)\n", subject, len(findings), strings.Join(parts, ", "))
	for _, f := range findings {
		sev := strings.ToUpper(f.Severity.String())
		switch f.Severity {
		case policy.SeverityHigh:
			sev = p.red(sev)
		case policy.SeverityMedium:
			sev = p.bold(sev)
		}
		fmt.Fprintf(w, "\n%s %s\n", sev, p.bold(f.Rule))
		fmt.Fprintf(w, "  %s\n", f.Message)
		fmt.Fprintf(w, "  %s %s\n", p.dim("evidence:"), f.Evidence)
		fmt.Fprintf(w, "  %s %s\n", p.dim("fix:"), f.Fix)
	}
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
