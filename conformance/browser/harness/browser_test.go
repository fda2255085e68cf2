package harness

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/corsim/corsim/scenario"
)

// startBrowser starts Chromium for an end-to-end test, or skips the test
// when there is none.
func startBrowser(t *testing.T) *Browser {
	t.Helper()
	if _, err := FindChromium(); err != nil {
		t.Skipf("end-to-end test needs Chromium: %v", err)
	}
	b, err := Start(Options{})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func loadScenarios(t *testing.T, name string) []*scenario.Scenario {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := scenario.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// pinned are observations of Chromium 156 that the seeds must keep showing;
// see /work/notes/chromium-observations.md.
var pinned = map[string]func(t *testing.T, obs []Observation){
	"get-without-acao": func(t *testing.T, obs []Observation) {
		wantConsole(t, obs[0], "Access to fetch at 'http://api.test/data' from origin 'http://app.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")
		wantScriptError(t, obs[0], "TypeError: Failed to fetch")
		wantOrigins(t, obs[0], "http://app.test")
	},
	"json-post-preflight-allowed": func(t *testing.T, obs []Observation) {
		wantOrigins(t, obs[0], "http://app.test", "http://app.test")
		if got := obs[0].Details.WireHeaders[0].Get("Accept"); got != "*/*" {
			t.Errorf("preflight Accept: got %q, want */*", got)
		}
		if w := obs[0].Result.Wire[0]; w.Method != "OPTIONS" || w.ACRM == nil || *w.ACRM != "POST" {
			t.Errorf("first request: got %+v, want an OPTIONS preflight with ACRM POST", w)
		}
	},
	"same-origin-mode-cross-origin": func(t *testing.T, obs []Observation) {
		wantConsole(t, obs[0], `Fetch API cannot load http://api.test/data. Request mode is "same-origin" but the URL's origin is not same as the request origin http://app.test.`)
		if obs[0].Details.CorsErrorSource != "audits" {
			t.Errorf("DisallowedByMode came from %q, want audits (no loadingFailed carries it)", obs[0].Details.CorsErrorSource)
		}
	},
	"redirect-third-origin-and-back": func(t *testing.T, obs []Observation) {
		wantOrigins(t, obs[0], "http://app.test", "null", "null")
	},
	"redirect-301-post-becomes-get": func(t *testing.T, obs []Observation) {
		w := obs[0].Result.Wire
		if len(w) != 2 || w[0].Method != "POST" || w[1].Method != "GET" {
			t.Errorf("wire: got %+v, want POST then GET", w)
		}
	},
	"credentials-include-allowed": func(t *testing.T, obs []Observation) {
		w := obs[0].Result.Wire
		if len(w) != 1 || !w[0].Cookie || !obs[0].Details.CookieObservable[0] {
			t.Errorf("wire: got %+v (observable %v), want one request carrying the probe cookie", w, obs[0].Details.CookieObservable)
		}
	},
	"mixed-content-http-from-https": func(t *testing.T, obs []Observation) {
		wantConsole(t, obs[0], "Mixed Content: The page at 'https://app.test/__corsim__/page' was loaded over HTTPS, but requested an insecure resource 'http://api.test/data'. This request has been blocked; the content must be served over HTTPS.")
	},
	"unsafe-port-6000": func(t *testing.T, obs []Observation) {
		wantConsole(t, obs[0], "Failed to load resource: net::ERR_UNSAFE_PORT")
	},
	"preflight-cache-hit": func(t *testing.T, obs []Observation) {
		if n := len(obs[1].Result.Wire); n != 1 {
			t.Errorf("second request: got %d requests on the wire, want 1 (no preflight)", n)
		}
	},
	"fetch-typeerror-forbidden-method-trace": func(t *testing.T, obs []Observation) {
		wantScriptError(t, obs[0], "TypeError: Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported.")
	},
	"fetch-typeerror-get-with-body": func(t *testing.T, obs []Observation) {
		wantScriptError(t, obs[0], "TypeError: Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body.")
	},
	"fetch-typeerror-no-cors-put": func(t *testing.T, obs []Observation) {
		wantScriptError(t, obs[0], "TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.")
	},
	"fetch-typeerror-invalid-header-name": func(t *testing.T, obs []Observation) {
		wantScriptError(t, obs[0], "TypeError: Failed to execute 'fetch' on 'Window': Invalid name")
	},
	"fetch-typeerror-unparsable-url": func(t *testing.T, obs []Observation) {
		wantScriptError(t, obs[0], "TypeError: Failed to execute 'fetch' on 'Window': Failed to parse URL from http://[api.test/data")
	},
}

func wantConsole(t *testing.T, o Observation, want string) {
	t.Helper()
	if o.Result.Console != want {
		t.Errorf("console: got %q, want %q", o.Result.Console, want)
	}
}

func wantScriptError(t *testing.T, o Observation, want string) {
	t.Helper()
	if o.Details.ScriptError != want {
		t.Errorf("script error: got %q, want %q", o.Details.ScriptError, want)
	}
}

func wantOrigins(t *testing.T, o Observation, want ...string) {
	t.Helper()
	var got []string
	for _, w := range o.Result.Wire {
		if w.Origin == nil {
			got = append(got, "(none)")
		} else {
			got = append(got, *w.Origin)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Origin headers on the wire: got %q, want %q", got, want)
		return
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Origin headers on the wire: got %q, want %q", got, want)
			return
		}
	}
}

// TestSeeds runs the seed scenarios in Chromium: every scenario must be
// observed, every expectation must hold, and the pinned observations must
// not change.
func TestSeeds(t *testing.T) {
	b := startBrowser(t)
	t.Logf("browser: %s", b.Version())
	seen := 0
	for _, s := range loadScenarios(t, "../testdata/seeds.json") {
		t.Run(s.Name, func(t *testing.T) {
			r := b.Run(t.Context(), s)
			if r.Status != StatusObserved {
				t.Fatalf("status %s: %s", r.Status, r.Reason)
			}
			if len(r.Requests) != len(s.Requests) {
				t.Fatalf("got %d observations for %d requests", len(r.Requests), len(s.Requests))
			}
			for i, o := range r.Requests {
				if len(o.Checks) == 0 {
					t.Errorf("request %d: no expectation checked", i+1)
				}
				for _, c := range o.Checks {
					if c.Verdict != Held {
						t.Errorf("request %d: expect %s = %s: got %s (%s)", i+1, c.Field, c.Want, c.Got, c.Verdict)
					}
				}
				if o.Result.Engine != "chromium" || len(o.Result.Trace) != 0 {
					t.Errorf("request %d: result engine %q with %d trace steps, want chromium and none", i+1, o.Result.Engine, len(o.Result.Trace))
				}
				if len(o.Details.CookieObservable) != len(o.Result.Wire) || len(o.Details.WireHeaders) != len(o.Result.Wire) {
					t.Errorf("request %d: details do not line up with the wire", i+1)
				}
			}
			if f := pinned[s.Name]; f != nil {
				seen++
				f(t, r.Requests)
			}
		})
	}
	if seen != len(pinned) {
		t.Errorf("%d pinned observations ran, want %d (a seed was renamed?)", seen, len(pinned))
	}
}

// TestFetchModeNavigate covers the one fetch() argument error a scenario
// cannot express (the parser refuses mode "navigate").
func TestFetchModeNavigate(t *testing.T) {
	b := startBrowser(t)
	s := parseOne(t, `{"name": "nav", "page": "http://app.test", "request": {"url": "http://api.test/"}}`)
	p, err := makePlan(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.endpoints {
		if err := b.servers.ensure(e); err != nil {
			t.Fatal(err)
		}
	}
	b.servers.current.Store(&routes{answers: p.answers, pageURL: p.pageURL, pageBody: pageHTML(p.baseURL)})
	tb, err := b.takeTab()
	if err != nil {
		t.Fatal(err)
	}
	defer b.dropTab(tb)
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(p.pageURL)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](
		`fetch("http://api.test/", {mode: "navigate"}).then(() => "resolved", e => String(e))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	const want = "TypeError: Failed to execute 'fetch' on 'Window': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."
	if got != want {
		t.Errorf("fetch(mode navigate): got %q, want %q", got, want)
	}
}
