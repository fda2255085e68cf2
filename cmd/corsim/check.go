package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/corsim/corsim/internal/playground"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

func init() {
	commands = append(commands, command{
		name:    "check",
		summary: "send a live server the preflight and request a browser would, and predict the browser's verdict",
		run:     runCheck,
	})
}

const checkUsage = `Usage: corsim check --page ORIGIN [--method M] [-H 'Name: value']... [flags] URL

Sends the server at URL exactly what a browser would for script on the page
at --page calling fetch(URL, {method, headers, body, credentials}): the
CORS preflight when one is needed, then the request, following redirects as
the browser does. Prints the server's real answers (status and CORS headers
of each) and the verdict the browser would reach, with the console message.

This is what curl and Postman do not tell you: they are not browsers, send
no preflight, enforce nothing and show every header, while script in a page
gets a TypeError or only the headers the server exposes.

Flags:
`

func runCheck(e *env, args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var rf requestFlags
	rf.register(fs)
	timeout := fs.Duration("timeout", 10*time.Second, "give up on the server after this long")
	asJSON := fs.Bool("json", false, "print the result as JSON, with the server's answers (\"exchanges\") and the deciding header")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), checkUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 when the browser would let script read the response, 1 when it would block it,\n2 on bad input or a network failure.\n")
	}
	pos, code := parseFlags(e, fs, args)
	if code >= 0 {
		return code
	}
	if msg := rf.check("check", pos); msg != "" {
		fmt.Fprintf(e.stderr, "corsim: %s\n", msg)
		return exitUsage
	}
	if msg := checkLiveURL(rf.url, rf.page); msg != "" {
		fmt.Fprintf(e.stderr, "corsim: %s\n", msg)
		return exitUsage
	}
	ls := newLiveServer()
	opts := runOptions("")
	opts.Server = ls
	run, code := simulateOne(e, rf.scenario(), opts, ls, *timeout)
	if run == nil {
		return code
	}
	res := playground.NewResult(run.Results[0], run.Simulated[0])
	if *asJSON {
		if err := writeIndentedJSON(e.stdout, res); err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
	} else {
		renderCheck(e.stdout, painter(e.color), run.Scenario, run.Simulated[0], res)
	}
	if res.Outcome == "blocked" {
		return exitMismatch
	}
	return exitOK
}

// isCORSHeader reports whether a response header takes part in CORS (or
// in how the browser follows the answer), so check shows it in full.
func isCORSHeader(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "access-control-") || n == "vary" || n == "location" ||
		n == "cross-origin-resource-policy"
}

// renderCheck writes what check found: each request and the server's
// answer, the verdict, and what curl would show against what script reads.
func renderCheck(w io.Writer, p painter, s *scenario.Scenario, sim *simulate.Result, res playground.Result) {
	rq := s.Requests[0]
	method := rq.Method
	if method == "" {
		method = "GET"
	}
	fmt.Fprintf(w, "%s %s\n", p.bold("corsim check "+rq.URL), p.dim("("+res.Engine+")"))
	fmt.Fprintf(w, "  page %s runs fetch(%q, {method: %q, mode: %q, credentials: %q})\n\n",
		s.Page, rq.URL, method, rq.Mode, rq.Credentials)
	if len(res.Exchanges) == 0 {
		fmt.Fprintln(w, "  nothing went on the wire: the browser refused before sending a request.")
	}
	for i, x := range res.Exchanges {
		kind := "request"
		switch {
		case x.Preflight:
			kind = "preflight"
		case i > 0 && isRedirect(res.Exchanges[i-1].Status):
			kind = "redirected"
		}
		fmt.Fprintf(w, "  %s %s %s\n", p.bold(fmt.Sprintf("%-10s", kind)), x.Method, x.URL)
		var sent []string
		for _, h := range x.RequestHeaders {
			n := strings.ToLower(h[0])
			if n == "origin" || strings.HasPrefix(n, "access-control-request-") {
				sent = append(sent, h[0]+": "+h[1])
			}
		}
		if i < len(res.Wire) && res.Wire[i].Cookie {
			sent = append(sent, "(with credentials)")
		}
		if len(sent) == 0 {
			sent = []string{"(no Origin header)"}
		}
		for j, l := range sent {
			label := ""
			if j == 0 {
				label = "sent"
			}
			fmt.Fprintf(w, "    %-8s %s\n", label, l)
		}
		if x.Status == 0 {
			fmt.Fprintf(w, "    %-8s %s\n", "answer", "none")
			continue
		}
		d := res.Deciding
		if d != nil && d.Exchange != i {
			d = nil
		}
		status := fmt.Sprintf("%d %s", x.Status, http.StatusText(x.Status))
		if d != nil && d.Status {
			status = p.red(status + "   ◀ decided the verdict")
		}
		fmt.Fprintf(w, "    %-8s %s\n", "answer", strings.TrimSpace(status))
		var others []string
		for _, h := range x.ResponseHeaders {
			line := h[0] + ": " + h[1]
			switch {
			case d != nil && d.Header != "" && strings.EqualFold(h[0], d.Header):
				fmt.Fprintf(w, "    %-8s %s\n", "", p.red(line+"   ◀ decided the verdict"))
			case isCORSHeader(h[0]):
				fmt.Fprintf(w, "    %-8s %s\n", "", line)
			default:
				others = append(others, h[0])
			}
		}
		if d != nil && d.Header != "" && !d.Present {
			fmt.Fprintf(w, "    %-8s %s\n", "", p.red("(no "+d.Header+")   ◀ its absence decided the verdict"))
		}
		if len(others) > 0 {
			fmt.Fprintf(w, "    %-8s %s\n", "", p.dim(fmt.Sprintf("+ %d other header(s): %s", len(others), strings.Join(others, ", "))))
		}
	}
	fmt.Fprintln(w)
	renderVerdict(w, p, "  ", res.Result)
	for _, warn := range res.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	fmt.Fprintf(w, "\n  %s\n", curlVersusScript(sim, res, method))
}

func isRedirect(status int) bool { return status >= 300 && status < 400 }

// curlVersusScript is the one-line difference between what curl would
// show and what script in the page can read.
func curlVersusScript(sim *simulate.Result, res playground.Result, method string) string {
	last := -1
	for i, x := range res.Exchanges {
		if !x.Preflight && x.Status > 0 {
			last = i
		}
	}
	var curl string
	switch {
	case len(res.Exchanges) == 0:
		curl = fmt.Sprintf("the browser sent nothing, where curl would send the %s and show the answer", method)
	case last < 0:
		curl = fmt.Sprintf("curl sends no preflight and would show the answer to the %s, which the browser never sent", method)
	default:
		x := res.Exchanges[last]
		curl = fmt.Sprintf("curl would show %d with %d header(s)", x.Status, len(x.ResponseHeaders))
	}
	var script string
	switch r := res.Response; {
	case res.Outcome == "blocked":
		msg := sim.TypeErrorMessage
		if msg == "" {
			msg = "a network error"
		}
		script = "script reads nothing: fetch() rejects with TypeError: " + msg
	case r == nil:
		script = "script gets no response"
	case r.Type == "opaque" || r.Type == "opaqueredirect":
		script = fmt.Sprintf("script gets an %s response: status 0, no headers, no body", r.Type)
	default:
		names := make([]string, 0, len(r.Headers))
		for n := range r.Headers {
			names = append(names, n)
		}
		sort.Strings(names)
		list := "none"
		if len(names) > 0 {
			list = strings.Join(names, ", ")
		}
		script = fmt.Sprintf("script reads %d and %d header(s): %s", r.Status, len(names), list)
	}
	return curl + "; " + script + "."
}
