package harness

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/corsim/corsim/scenario"
)

// Summary counts scenarios by status and expectations by verdict.
type Summary struct {
	Scenarios    int           `json:"scenarios"`
	Observed     int           `json:"observed"`
	Unsupported  int           `json:"unsupported"`
	Unobservable int           `json:"unobservable"`
	Errors       int           `json:"errors"`
	Held         int           `json:"held"`
	Failed       int           `json:"failed"`
	Uncheckable  int           `json:"uncheckable"` // Unobservable verdicts
	NotChecked   int           `json:"notChecked"`
	Time         time.Duration `json:"timeNs"`
}

// Add counts one report.
func (s *Summary) Add(r *Report) {
	s.Scenarios++
	s.Time += r.Duration
	switch r.Status {
	case StatusObserved:
		s.Observed++
	case StatusUnsupported:
		s.Unsupported++
	case StatusUnobservable:
		s.Unobservable++
	default:
		s.Errors++
	}
	for _, o := range r.Requests {
		for _, c := range o.Checks {
			switch c.Verdict {
			case Held:
				s.Held++
			case Failed:
				s.Failed++
			case Unobservable:
				s.Uncheckable++
			case NotChecked:
				s.NotChecked++
			}
		}
	}
}

// WriteText prints the summary lines.
func (s *Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "\nscenarios: %d (observed %d, unsupported %d, unobservable %d, errors %d) in %v",
		s.Scenarios, s.Observed, s.Unsupported, s.Unobservable, s.Errors, s.Time.Round(time.Millisecond))
	if s.Scenarios > 0 {
		fmt.Fprintf(w, ", %v per scenario", (s.Time / time.Duration(s.Scenarios)).Round(time.Millisecond))
	}
	fmt.Fprintf(w, "\nexpectations: %d held, %d failed, %d unobservable, %d not checked (other engine)\n",
		s.Held, s.Failed, s.Uncheckable, s.NotChecked)
}

// WriteText prints one report for people.
func WriteText(w io.Writer, file string, r *Report, verbose bool) {
	fmt.Fprintf(w, "\n=== %s: %s  [%s, %v]\n", file, r.Name, r.Status, r.Duration.Round(time.Millisecond))
	if r.Reason != "" {
		fmt.Fprintf(w, "    %s\n", r.Reason)
	}
	if r.Prediction != "" {
		fmt.Fprintf(w, "    no comparison: %s\n", r.Prediction)
	}
	for i, o := range r.Requests {
		res := &o.Result
		if len(r.Requests) > 1 {
			fmt.Fprintf(w, "  request %d:\n", i+1)
		}
		line := "  " + res.Outcome
		if res.CorsError != "" {
			line += " corsError=" + res.CorsError
			if o.Details.FailedParameter != "" {
				line += fmt.Sprintf(" (failedParameter %q)", o.Details.FailedParameter)
			}
			if o.Details.CorsErrorSource == "audits" {
				line += " [from Audits]"
			}
		}
		if o.Details.ScriptError != "" {
			line += "  script: " + o.Details.ScriptError
		}
		fmt.Fprintln(w, line)
		if res.Console != "" {
			fmt.Fprintf(w, "    console: %s\n", res.Console)
		}
		for j, wr := range res.Wire {
			s := fmt.Sprintf("    wire: %s %s", wr.Method, wr.URL)
			if wr.Origin != nil {
				s += " origin=" + *wr.Origin
			}
			if wr.ACRM != nil {
				s += " acrm=" + *wr.ACRM
			}
			if wr.ACRH != nil {
				s += fmt.Sprintf(" acrh=%q", *wr.ACRH)
			}
			s += fmt.Sprintf(" cookie=%v", wr.Cookie)
			if !o.Details.CookieObservable[j] {
				s += "(unobservable)"
			}
			fmt.Fprintln(w, s)
			if verbose {
				h := o.Details.WireHeaders[j]
				for _, k := range sortedKeys(h) {
					fmt.Fprintf(w, "      %s: %s\n", k, strings.Join(h[k], " | "))
				}
			}
		}
		for _, st := range o.Details.Stray {
			fmt.Fprintf(w, "    stray (not on the wire): %s\n", st)
		}
		if res.Response != nil {
			fmt.Fprintf(w, "    response: type=%s status=%d url=%q redirected=%v headers=%s\n",
				res.Response.Type, res.Response.Status, res.Response.URL, res.Response.Redirected, headerText(res.Response))
		}
		if verbose {
			for _, c := range o.Details.Console {
				fmt.Fprintf(w, "    [%s %s/%s] %s\n", c.Via, c.Source, c.Level, c.Text)
			}
			for _, c := range o.Details.CorsIssues {
				fmt.Fprintf(w, "    issue: CorsIssue %s failedParameter=%q warning=%v url=%s\n", c.CorsError, c.FailedParameter, c.IsWarning, c.URL)
			}
			for _, c := range o.Details.OtherIssues {
				fmt.Fprintf(w, "    issue: %s\n", c)
			}
			for _, f := range o.Details.NetFailures {
				fmt.Fprintf(w, "    loadingFailed: %s %s %s blocked=%q cors=%s(%q)\n", f.Type, f.URL, f.ErrorText, f.BlockedReason, f.CorsError, f.FailedParameter)
			}
		}
		for _, c := range o.Comparisons {
			switch c.Verdict {
			case Differ:
				fmt.Fprintf(w, "    DIFF %s: simulator %s, %s %s\n", c.Field, c.Predicted, res.Engine, c.Observed)
			case Known:
				fmt.Fprintf(w, "    known %s: simulator %s, %s %s (%s)\n", c.Field, c.Predicted, res.Engine, c.Observed, c.Why)
			}
		}
		for _, c := range o.Checks {
			mark := map[Verdict]string{Held: "ok  ", Failed: "FAIL", Unobservable: "n/o ", NotChecked: "skip"}[c.Verdict]
			s := fmt.Sprintf("    %s expect %s = %s", mark, c.Field, c.Want)
			if c.Verdict != Held {
				s += ", got " + c.Got
			}
			if c.Why != "" {
				s += " (" + c.Why + ")"
			}
			fmt.Fprintln(w, s)
		}
	}
}

func headerText(o *scenario.Observed) string {
	keys := make([]string, 0, len(o.Headers))
	for k := range o.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %q", k, o.Headers[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
