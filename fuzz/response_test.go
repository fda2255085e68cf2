package fuzz

import (
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/gen/scene"
	"github.com/corsim/corsim/simulate"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// checkBlockedResultExposesNothing: a blocked fetch gives script a
// TypeError and nothing of any response: no status, header or body.
func checkBlockedResultExposesNothing(t *rapid.T) {
	s := scene.Draw().Draw(t, "scene")
	e := scene.Engine().Draw(t, "engine")
	for i, r := range run(t, &s, e) {
		switch r.Outcome {
		case simulate.Blocked:
			if r.Response != nil {
				t.Fatalf("%s: request %d blocked (%s) but script sees %+v", e, i, r.Reason, *r.Response)
			}
			if r.Reason == fetch.ReasonNone {
				t.Fatalf("%s: request %d blocked without a reason", e, i)
			}
		case simulate.Allowed:
			if r.Response == nil || r.Reason != fetch.ReasonNone {
				t.Fatalf("%s: request %d allowed with response %v and reason %s", e, i, r.Response, r.Reason)
			}
		default:
			t.Fatalf("%s: request %d has outcome %v", e, i, r.Outcome)
		}
	}
}

func TestBlockedResultExposesNothing(t *testing.T) {
	rapid.Check(t, checkBlockedResultExposesNothing)
}

func FuzzBlockedResultExposesNothing(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkBlockedResultExposesNothing))
}

// TestNoCORSResultsAreOpaque checks that a no-cors fetch that reached
// another origin on any hop gives script an opaque response (status 0, no
// headers, no body, no URL), and that opaque and opaque-redirect responses
// never expose anything.
func TestNoCORSResultsAreOpaque(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := scene.Draw().Draw(t, "scene")
		for i := range s.Requests {
			if rapid.Bool().Draw(t, "no-cors") {
				s.Requests[i].Mode = fetch.ModeNoCORS
			}
		}
		e := scene.Engine().Draw(t, "engine")
		page := pageOf(t, &s)
		for i, r := range run(t, &s, e) {
			resp := r.Response
			if resp == nil {
				continue
			}
			if s.Requests[i].Mode == fetch.ModeNoCORS && !allSameOrigin(page, r) && resp.Type != fetch.ResponseOpaque {
				t.Fatalf("%s: no-cors request %d to %s reached another origin (wire %+v) but script sees a %s response", e, i, s.Requests[i].URL, r.Wire, resp.Type)
			}
			if resp.Type == fetch.ResponseOpaque || resp.Type == fetch.ResponseOpaqueRedirect {
				if resp.Status != 0 || len(resp.Header) != 0 || len(resp.Body) != 0 || resp.Redirected ||
					(resp.Type == fetch.ResponseOpaque && resp.URL != "") {
					t.Fatalf("%s: request %d: %s response exposes %+v", e, i, resp.Type, *resp)
				}
			}
		}
	})
}

// TestSameOriginRequestsIgnoreCORSHeaders checks that for a fetch that
// stays on the page's origin, the CORS headers of the responses change
// nothing but which of those very headers script reads: the same outcome,
// requests on the wire, status and body, whether the servers send no CORS
// header at all or other ones.
func TestSameOriginRequestsIgnoreCORSHeaders(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := scene.Draw().Draw(t, "scene")
		e := scene.Engine().Draw(t, "engine")
		page := pageOf(t, &s)
		stripped := s.MapRoutes(func(r *scene.Route) {
			kept := r.Response.Header[:0]
			for _, h := range r.Response.Header {
				if !isCORSHeader(h.Name) {
					kept = append(kept, h)
				}
			}
			r.Response.Header = kept
		})
		redrawn := stripped.MapRoutes(func(r *scene.Route) {
			allowed := rapid.SampledFrom([]string{s.PageOrigin(), "*", "null"}).Draw(t, "allowed")
			r.Response.Header = append(r.Response.Header, scene.CORSHeaders(allowed).Draw(t, "cors headers")...)
		})
		base := run(t, &s, e)
		for _, other := range []scene.Scene{stripped, redrawn} {
			for i, r := range run(t, &other, e) {
				a, b := base[i], r
				if !allSameOrigin(page, a) || !allSameOrigin(page, b) || len(a.Wire) == 0 {
					continue
				}
				oa, ob := outcomeOf(a), outcomeOf(b)
				for _, o := range []*outcome{&oa, &ob} {
					for j := range o.Wire {
						o.Wire[j].Header = nil // what the wire carried is compared by method and URL
					}
					if o.Response != nil {
						resp := *o.Response
						resp.Header = withoutCORSHeaders(resp.Header)
						o.Response = &resp
					}
				}
				if diff := cmp.Diff(oa, ob); diff != "" {
					t.Fatalf("%s: same-origin request %d (%+v) depends on CORS headers (-original +changed):\n%s", e, i, s.Requests[i], diff)
				}
			}
		}
	})
}

func withoutCORSHeaders(h map[string]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if !isCORSHeader(k) {
			out[k] = v
		}
	}
	return out
}
