package fuzz

import (
	"context"
	"testing"

	"github.com/corsim/corsim/internal/gen/scene"
	"github.com/corsim/corsim/simulate"
	"pgregory.net/rapid"
)

// checkCacheHitNeverAllowsMore: when a fetch goes through because the
// preflight cache allowed it (it needed a preflight and none was sent), a
// fresh browser of the same engine, whose preflight to the same server is
// answered the same way, does not refuse it at the preflight.
func checkCacheHitNeverAllowsMore(t *rapid.T) {
	s := scene.Draw().Draw(t, "scene")
	e := scene.Engine().Draw(t, "engine")
	// Repeat requests, so that later ones meet what earlier ones cached.
	for range rapid.IntRange(0, 3).Draw(t, "repeats") {
		r := s.Requests[rapid.IntRange(0, len(s.Requests)-1).Draw(t, "repeat")]
		r.Header = scene.Permute(r.Header).Draw(t, "repeat header order")
		if rapid.Bool().Draw(t, "change method") {
			r.Method = rapid.SampledFrom([]string{"PUT", "DELETE", "GET", "patch"}).Draw(t, "method")
		}
		s.Requests = append(s.Requests, r)
	}
	if rapid.Bool().Draw(t, "permissive preflights") {
		// Preflights that succeed fill the cache.
		s = s.MapRoutes(func(r *scene.Route) {
			if r.Method == "OPTIONS" {
				r.Response = simulate.CannedResponse{Status: 204, Header: scene.Permissive(s.PageOrigin()).Draw(t, "preflight headers")}
			}
		})
	}
	server, err := s.Server()
	if err != nil {
		t.Fatal(err)
	}
	page := pageOf(t, &s)
	results := run(t, &s, e)
	for i, res := range results {
		if res.Outcome != simulate.Allowed || len(res.Wire) == 0 || res.Wire[0].Preflight {
			continue
		}
		// Did the first hop need a preflight that the cache made unneeded?
		fresh := simulate.New(server, simulate.WithEngine(e), simulate.WithoutTrace(),
			simulate.WithClock(simulate.NewVirtualClock(scene.Epoch).Now))
		f := fresh.Fetch(context.Background(), page, s.Requests[i])
		if len(f.Wire) == 0 || !f.Wire[0].Preflight {
			continue // it did not: no cache hit to judge
		}
		if f.Outcome == simulate.Blocked && len(f.Wire) == 1 {
			t.Fatalf("%s: request %d (%+v) went through on a cached preflight, but a fresh preflight refuses it: %s (%s)",
				e, i, s.Requests[i], f.Reason, f.FailedParameter)
		}
	}
}

func TestPreflightCacheHitNeverAllowsWhatFreshPreflightRefuses(t *testing.T) {
	rapid.Check(t, checkCacheHitNeverAllowsMore)
}

func FuzzPreflightCacheHitNeverAllowsWhatFreshPreflightRefuses(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkCacheHitNeverAllowsMore))
}
