package harness

import (
	"strings"
	"testing"
)

// engineFacts are observations of Firefox 153 and WebKitGTK 2.50 that the
// divergence scenarios must keep showing; see
// /work/notes/firefox-webkit-observations.md. Each function gets the
// observations of one scenario.
var engineFacts = map[string]map[string]func(t *testing.T, obs []Observation){
	"firefox": {
		// Unparsable max-age: not cached, the second PUT is preflighted.
		"max-age-unparsable-second-request": func(t *testing.T, obs []Observation) {
			wantPreflights(t, obs, true, true)
		},
		"credentialed-entry-then-uncredentialed": func(t *testing.T, obs []Observation) {
			wantPreflights(t, obs, true, true)
		},
		// The CORS check of a preflight comes before its status.
		"preflight-404-without-acao": func(t *testing.T, obs []Observation) {
			wantConsole(t, obs[0], "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.test/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.")
			if got := obs[0].Result.FirefoxReason; got != "CORSMissingAllowOrigin" {
				t.Errorf("firefoxReason: got %q, want CORSMissingAllowOrigin", got)
			}
			wantScriptError(t, obs[0], "TypeError: NetworkError when attempting to fetch resource.")
		},
		// Repeated header lines are judged one by one: no preflight.
		"content-type-twice": func(t *testing.T, obs []Observation) {
			wantPreflights(t, obs, false)
		},
		"dpr-header": func(t *testing.T, obs []Observation) {
			wantPreflights(t, obs, true)
		},
		"localhost-from-https-page": func(t *testing.T, obs []Observation) {
			if obs[0].Result.Outcome != "allowed" {
				t.Errorf("outcome: got %s, want allowed", obs[0].Result.Outcome)
			}
		},
	},
	"webkit": {
		"max-age-unparsable-second-request": func(t *testing.T, obs []Observation) {
			wantPreflights(t, obs, true, false)
		},
		"preflight-404-without-acao": func(t *testing.T, obs []Observation) {
			wantConsole(t, obs[0], "Preflight response is not successful. Status code: 404")
			wantScriptError(t, obs[0], "TypeError: Load failed")
		},
		"content-type-twice": func(t *testing.T, obs []Observation) {
			wantPreflights(t, obs, true)
		},
		"localhost-from-https-page": func(t *testing.T, obs []Observation) {
			// MiniBrowser's stderr cuts this line after "and must" (the
			// same line for http://api.test/data comes whole).
			const want = "[blocked] The page at https://app.test/__corsim__/page requested insecure content from http://localhost:8080/x. This content was blocked and must"
			if got := obs[0].Result.Console; !strings.HasPrefix(got, want) {
				t.Errorf("console: got %q, want it to start with %q", got, want)
			}
			if len(obs[0].Result.Wire) != 0 {
				t.Errorf("wire: got %d requests, want none", len(obs[0].Result.Wire))
			}
		},
	},
}

func wantPreflights(t *testing.T, obs []Observation, want ...bool) {
	t.Helper()
	if len(obs) != len(want) {
		t.Fatalf("got %d observations, want %d", len(obs), len(want))
	}
	for i, w := range want {
		if got := obs[i].Result.Preflight; got != w {
			t.Errorf("request %d: preflight %v, want %v (wire %+v)", i+1, got, w, obs[i].Result.Wire)
		}
	}
}

// testEngineFacts runs the divergence scenarios that engineFacts pins in
// engine, or skips when the engine is not installed.
func testEngineFacts(t *testing.T, engine string, find func() (string, error)) {
	if testing.Short() {
		t.Skip("end-to-end test (-short)")
	}
	if _, err := find(); err != nil {
		t.Skipf("end-to-end test needs %s: %v", engine, err)
	}
	e, err := StartEngine(engine, Options{})
	if err != nil {
		t.Fatalf("StartEngine(%s): %v", engine, err)
	}
	defer e.Close()
	t.Logf("browser: %s", e.Version())
	facts := engineFacts[engine]
	seen := 0
	for _, s := range loadScenarios(t, "../testdata/divergences.json") {
		f := facts[s.Name]
		if f == nil {
			continue
		}
		seen++
		t.Run(s.Name, func(t *testing.T) {
			r := e.Run(t.Context(), s)
			if r.Status != StatusObserved {
				t.Fatalf("status %s: %s", r.Status, r.Reason)
			}
			for _, o := range r.Requests {
				if o.Result.Engine != engine {
					t.Errorf("result engine %q, want %q", o.Result.Engine, engine)
				}
			}
			f(t, r.Requests)
		})
	}
	if seen != len(facts) {
		t.Errorf("%d pinned scenarios ran, want %d (a scenario was renamed?)", seen, len(facts))
	}
}

func TestFirefoxFacts(t *testing.T) { testEngineFacts(t, "firefox", FindFirefox) }

func TestWebKitFacts(t *testing.T) { testEngineFacts(t, "webkit", FindMiniBrowser) }
