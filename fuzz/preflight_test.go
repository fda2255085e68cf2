package fuzz

import (
	"strings"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/gen"
	"github.com/corsim/corsim/internal/gen/scene"
	"github.com/corsim/corsim/simulate"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// decision is what a fetch's preflight decision shows: whether a preflight
// went on the wire and what each request on the wire asked, and how the
// fetch ended.
type decision struct {
	Outcome   simulate.Outcome
	Reason    fetch.Reason
	Failed    string // lower-cased: a header name may be the failed parameter
	Preflight bool
	Wire      []wireDecision
	Response  *simulate.ScriptResponse
}

type wireDecision struct {
	Preflight   bool
	Method, URL string
	ACRM, ACRH  string
	Status      int
}

func decisionOf(r *simulate.Result) decision {
	d := decision{Outcome: r.Outcome, Reason: r.Reason, Failed: strings.ToLower(r.FailedParameter),
		Preflight: r.Preflight, Response: r.Response}
	for _, w := range r.Wire {
		wd := wireDecision{Preflight: w.Preflight, Method: w.Method, URL: w.URL, Status: w.Status}
		if w.ACRM != nil {
			wd.ACRM = *w.ACRM
		}
		if w.ACRH != nil {
			wd.ACRH = *w.ACRH
		}
		d.Wire = append(d.Wire, wd)
	}
	return d
}

// oneRequest returns a scene and the index of one of its requests whose
// headers a property varies: the scene runs every request before it too, so
// that the preflight cache holds what they left.
func oneRequest(t *rapid.T) (scene.Scene, int) {
	s := scene.Draw().Draw(t, "scene")
	return s, rapid.IntRange(0, len(s.Requests)-1).Draw(t, "request")
}

// withHeader returns s with request i's header list replaced by h.
func withHeader(s scene.Scene, i int, h fetch.HeaderList) scene.Scene {
	reqs := append([]simulate.Request(nil), s.Requests...)
	reqs[i].Header = h
	s.Requests = reqs
	return s
}

// checkPreflightDecisionIgnoresNameCase: recasing the names of a
// request's headers changes nothing about its preflight or its outcome.
func checkPreflightDecisionIgnoresNameCase(t *rapid.T) {
	s, i := oneRequest(t)
	e := scene.Engine().Draw(t, "engine")
	recased := s.Requests[i].Header.Clone()
	for j := range recased {
		recased[j].Name = gen.CaseVariant(recased[j].Name).Draw(t, "name case")
	}
	s2 := withHeader(s, i, recased)
	a, b := run(t, &s, e)[i], run(t, &s2, e)[i]
	if diff := cmp.Diff(decisionOf(a), decisionOf(b)); diff != "" {
		t.Fatalf("%s: headers %q and %q decide differently (-original +recased):\n%s", e, s.Requests[i].Header, recased, diff)
	}
}

func TestPreflightDecisionIgnoresHeaderNameCase(t *testing.T) {
	rapid.Check(t, checkPreflightDecisionIgnoresNameCase)
}

func FuzzPreflightDecisionIgnoresHeaderNameCase(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkPreflightDecisionIgnoresNameCase))
}

// checkPreflightDecisionIgnoresHeaderOrder: the order of a request's
// headers changes nothing about its preflight or its outcome.
func checkPreflightDecisionIgnoresHeaderOrder(t *rapid.T) {
	s, i := oneRequest(t)
	e := scene.Engine().Draw(t, "engine")
	permuted := scene.Permute(s.Requests[i].Header).Draw(t, "order")
	s2 := withHeader(s, i, permuted)
	a, b := run(t, &s, e)[i], run(t, &s2, e)[i]
	if diff := cmp.Diff(decisionOf(a), decisionOf(b)); diff != "" {
		t.Fatalf("%s: headers %q and %q decide differently (-original +permuted):\n%s", e, s.Requests[i].Header, permuted, diff)
	}
}

func TestPreflightDecisionIgnoresHeaderOrder(t *testing.T) {
	rapid.Check(t, checkPreflightDecisionIgnoresHeaderOrder)
}

// TestNoPreflightNeverSendsOptions checks that a fetch whose request needs
// no preflight (a CORS-safelisted method, no CORS-unsafe request-header
// names in the engine's judgement, no use-CORS-preflight flag) never puts
// an OPTIONS request on the wire, on any redirect hop, whatever the
// preflight cache holds.
func TestNoPreflightNeverSendsOptions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := scene.Draw().Draw(t, "scene")
		e := scene.Engine().Draw(t, "engine")
		p := e.Profile()
		page := pageOf(t, &s)
		results := run(t, &s, e)
		for i, r := range s.Requests {
			init := fetch.RequestInit{Method: r.Method, Headers: r.Header, Body: r.Body, Mode: r.Mode,
				Credentials: r.Credentials, Redirect: r.Redirect, UseCORSPreflight: r.UseCORSPreflight}
			req, terr := fetch.NewRequest(page.Origin, page.URL, r.URL, init)
			if terr != nil {
				continue
			}
			req.Header.Append("Accept", "*/*")
			if req.UseCORSPreflight || !fetch.IsCORSSafelistedMethod(req.Method) || len(p.CORSUnsafeRequestHeaderNames(req.Header)) > 0 {
				continue
			}
			res := results[i]
			if res.Preflight {
				t.Fatalf("%s: request %d (%s %s, headers %q) needs no preflight, but Result.Preflight is set", e, i, req.Method, r.URL, req.Header)
			}
			for _, w := range res.Wire {
				if w.Preflight || w.Method == "OPTIONS" || w.ACRM != nil {
					t.Fatalf("%s: request %d (%s %s, headers %q) needs no preflight, but the wire has %s %s", e, i, req.Method, r.URL, req.Header, w.Method, w.URL)
				}
			}
		}
	})
}
