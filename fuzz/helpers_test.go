package fuzz

import (
	"strings"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/gen/scene"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/simulate"
	"pgregory.net/rapid"
)

// run runs s on a new browser of engine e without a trace, failing t if
// the scene's routes are not a server.
func run(t *rapid.T, s *scene.Scene, e fetch.Engine, opts ...simulate.Option) []*simulate.Result {
	t.Helper()
	res, err := s.Run(nil, append([]simulate.Option{simulate.WithEngine(e), simulate.WithoutTrace()}, opts...)...)
	if err != nil {
		t.Fatalf("scene %+v: %v", s, err)
	}
	return res
}

// outcome is the part of a result that does not depend on which engine
// names it: what happened, on the wire and to script, without reason
// names, console messages, warnings or the trace.
type outcome struct {
	Outcome         simulate.Outcome
	Reason          fetch.Reason
	FailedParameter string
	TypeError       *fetch.TypeError
	Preflight       bool
	Wire            []wireOutcome
	Response        *simulate.ScriptResponse
}

// wireOutcome is a request on the wire and the status it got.
type wireOutcome struct {
	Preflight   bool
	Method, URL string
	Header      fetch.HeaderList
	Status      int
}

// outcomeOf projects r onto its engine-neutral part.
func outcomeOf(r *simulate.Result) outcome {
	o := outcome{Outcome: r.Outcome, Reason: r.Reason, FailedParameter: r.FailedParameter,
		TypeError: r.TypeError, Preflight: r.Preflight, Response: r.Response}
	for _, w := range r.Wire {
		o.Wire = append(o.Wire, wireOutcome{w.Preflight, w.Method, w.URL, w.Header, w.Status})
	}
	return o
}

// pageOf returns the page of s.
func pageOf(t *rapid.T, s *scene.Scene) simulate.Page {
	p, err := simulate.NewPage(s.Page)
	if err != nil {
		t.Fatalf("NewPage(%q): %v", s.Page, err)
	}
	return p
}

// sameOriginWith reports whether the URL u (as the wire records it) is on
// the page's origin.
func sameOriginWith(page simulate.Page, u string) bool {
	o, err := origin.FromURL(u)
	return err == nil && o.SameOrigin(page.Origin)
}

// allSameOrigin reports whether every request r put on the wire was to the
// page's origin (true when none was).
func allSameOrigin(page simulate.Page, r *simulate.Result) bool {
	for _, w := range r.Wire {
		if !sameOriginWith(page, w.URL) {
			return false
		}
	}
	return true
}

// isCORSHeader reports whether name is one of the CORS protocol's
// response headers.
func isCORSHeader(name string) bool {
	return len(name) > len("access-control-") && strings.EqualFold(name[:len("access-control-")], "access-control-")
}
