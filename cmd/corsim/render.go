package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/corsim/corsim/internal/playground"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

// painter adds ANSI colours when enabled.
type painter bool

func (p painter) wrap(code, s string) string {
	if !p {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p painter) green(s string) string { return p.wrap("32", s) }
func (p painter) red(s string) string   { return p.wrap("31", s) }
func (p painter) bold(s string) string  { return p.wrap("1", s) }
func (p painter) dim(s string) string   { return p.wrap("2", s) }

// renderRun writes a scenario's results as step-by-step explanations.
func renderRun(w io.Writer, p painter, run *scenario.Run, verbose bool) {
	s := run.Scenario
	fmt.Fprintf(w, "%s %s\n", p.bold("▶ "+s.Name), p.dim("("+run.Engine.String()+")"))
	if s.Note != "" {
		fmt.Fprintf(w, "  %s\n", s.Note)
	}
	for i, res := range run.Results {
		rq := s.Requests[i]
		method := rq.Method
		if method == "" {
			method = "GET"
		}
		prefix := "  "
		if len(run.Results) > 1 {
			fmt.Fprintf(w, "  request %d of %d", i+1, len(run.Results))
			if rq.After > 0 {
				fmt.Fprintf(w, ", %g s later", rq.After)
			}
			fmt.Fprintln(w)
			prefix = "    "
		}
		fmt.Fprintf(w, "%spage %s runs fetch(%q, {method: %q, mode: %q, credentials: %q})\n",
			prefix, s.Page, rq.URL, method, rq.Mode, rq.Credentials)
		if verbose {
			for j, st := range res.Trace {
				fmt.Fprintf(w, "%s%2d. %s\n", prefix, j+1, st.Text)
				fmt.Fprintf(w, "%s    %s\n", prefix, p.dim(st.Spec))
			}
		}
		var deciding *playground.Deciding
		if i < len(run.Simulated) {
			deciding = playground.Decide(run.Simulated[i])
		}
		for j, wr := range res.Wire {
			fmt.Fprintf(w, "%s→ %s %s%s\n", prefix, wr.Method, wr.URL, wireDetails(wr))
			if i < len(run.Simulated) && j < len(run.Simulated[i].Wire) {
				sw := run.Simulated[i].Wire[j]
				if sw.Status > 0 {
					fmt.Fprintf(w, "%s  %s\n", prefix, p.dim(answerLine(sw)))
				}
				if deciding != nil && deciding.Exchange == j {
					fmt.Fprintf(w, "%s  %s\n", prefix, p.red(decidingLine(deciding, sw)))
				}
			}
		}
		renderVerdict(w, p, prefix, res)
	}
	for _, m := range run.Mismatches {
		fmt.Fprintf(w, "  %s %s\n", p.red("✗ expectation failed:"), m)
	}
	if len(run.Mismatches) == 0 && hasExpect(s) {
		fmt.Fprintf(w, "  %s\n", p.green("✓ expectations hold"))
	}
	fmt.Fprintln(w)
}

func hasExpect(s *scenario.Scenario) bool {
	for _, e := range s.Expect {
		if e != nil {
			return true
		}
	}
	return false
}

func wireDetails(w scenario.Wire) string {
	var parts []string
	if w.Origin != nil {
		parts = append(parts, "Origin: "+*w.Origin)
	}
	if w.ACRM != nil {
		parts = append(parts, "Access-Control-Request-Method: "+*w.ACRM)
	}
	if w.ACRH != nil {
		parts = append(parts, "Access-Control-Request-Headers: "+*w.ACRH)
	}
	if w.Cookie {
		parts = append(parts, "with credentials")
	}
	if len(parts) == 0 {
		return ""
	}
	return "  [" + strings.Join(parts, "; ") + "]"
}

func renderVerdict(w io.Writer, p painter, prefix string, res scenario.Result) {
	if res.Outcome == "blocked" {
		label := "BLOCKED"
		if res.CorsError != "" {
			label += " (" + res.CorsError + ")"
		}
		fmt.Fprintf(w, "%s%s\n", prefix, p.red(p.bold("verdict: "+label)))
		if res.Console != "" {
			fmt.Fprintf(w, "%sconsole: %s\n", prefix, res.Console)
		}
		fmt.Fprintf(w, "%sscript gets a TypeError and nothing of the response.\n", prefix)
		return
	}
	r := res.Response
	fmt.Fprintf(w, "%s%s\n", prefix, p.green(p.bold("verdict: ALLOWED")))
	if r == nil {
		return
	}
	fmt.Fprintf(w, "%sscript gets %s %s response, status %d", prefix, article(r.Type), r.Type, r.Status)
	if r.Redirected {
		fmt.Fprintf(w, ", redirected to %s", r.URL)
	}
	fmt.Fprintln(w)
	names := make([]string, 0, len(r.Headers))
	for n := range r.Headers {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		fmt.Fprintf(w, "%sreadable headers: none\n", prefix)
		return
	}
	fmt.Fprintf(w, "%sreadable headers:\n", prefix)
	for _, n := range names {
		fmt.Fprintf(w, "%s  %s: %s\n", prefix, n, r.Headers[n])
	}
}

// decidingLine says which part of an answer decided a blocked verdict.
func decidingLine(d *playground.Deciding, w simulate.Wire) string {
	switch {
	case d.Status:
		return fmt.Sprintf("✗ decided by the status %d", w.Status)
	case !d.Present:
		return "✗ decided by the missing " + d.Header + " header"
	}
	var lines []string
	for _, h := range w.ResponseHeader {
		if strings.EqualFold(h.Name, d.Header) {
			lines = append(lines, h.Name+": "+h.Value)
		}
	}
	return "✗ decided by " + strings.Join(lines, "; ")
}

// answerLine summarizes what a server answered, as curl would show it.
func answerLine(w simulate.Wire) string {
	var b strings.Builder
	fmt.Fprintf(&b, "← %d", w.Status)
	for i, h := range w.ResponseHeader {
		if i == 0 {
			b.WriteString("  ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(h.Name + ": " + h.Value)
	}
	return b.String()
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
