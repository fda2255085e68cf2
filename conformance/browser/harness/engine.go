package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/corsim/corsim/scenario"
)

// An Engine is a real browser the harness runs scenarios in. Chromium
// (Browser) is driven through the DevTools protocol, Firefox through
// WebDriver BiDi, WebKit (WebKitGTK's MiniBrowser) through a page that
// reports its own results. Each reports in the same shape, so one Compare
// serves all three.
type Engine interface {
	// Name is the engine's name as scenario files spell it: "chromium",
	// "firefox" or "webkit". Predictions to compare with come from the
	// simulator's profile of that name.
	Name() string
	// Version is the browser's product and version string.
	Version() string
	// Run runs one scenario in a fresh browser state (empty preflight
	// cache, HTTP cache and cookie jar) and reports what the browser did.
	Run(ctx context.Context, s *scenario.Scenario) *Report
	// Close stops the browser and the servers.
	Close() error
}

// EngineNames lists the engines StartEngine knows.
var EngineNames = []string{"chromium", "firefox", "webkit"}

// StartEngine starts the named engine. opts.ExecPath, when set, is that
// engine's binary (Chromium, Firefox, or WebKitGTK's MiniBrowser).
func StartEngine(name string, opts Options) (Engine, error) {
	switch name {
	case "chromium":
		return Start(opts)
	case "firefox":
		return StartFirefox(opts)
	case "webkit":
		return StartWebKit(opts)
	}
	return nil, fmt.Errorf("unknown engine %q (want one of %s)", name, strings.Join(EngineNames, ", "))
}

// Name returns "chromium".
func (b *Browser) Name() string { return "chromium" }

// newObservation builds the engine-independent part of an observation:
// what script saw (fr) and the wire (the requests the servers recorded
// while the fetch ran, in arrival order, less page loads and the browser's
// own traffic).
func newObservation(p *plan, recs []recorded, name, engine string, fr fetchResult) *Observation {
	obs := &Observation{Result: scenario.Result{Name: name, Engine: engine, Wire: []scenario.Wire{}}}
	res := &obs.Result
	det := &obs.Details
	if fr.OK {
		res.Outcome = "allowed"
		hs := make(map[string]string, len(fr.Headers))
		for _, h := range fr.Headers {
			hs[h[0]] = h[1]
		}
		res.Response = &scenario.Observed{Type: fr.Type, Status: fr.Status, URL: fr.URL, Redirected: fr.Redirected, Headers: hs}
		det.Body, det.BodyError = fr.Body, fr.BodyError
	} else {
		res.Outcome = "blocked"
		det.ScriptError = fr.Error
	}
	for _, rec := range recs {
		if rec.Page {
			continue
		}
		if !p.isTarget(rec.URL) {
			// The browser's own background traffic, resolved to the
			// loopback servers like everything else.
			det.Stray = append(det.Stray, rec.Method+" "+rec.URL)
			continue
		}
		w := scenario.Wire{Method: rec.Method, URL: rec.URL, Cookie: rec.Header.Get("Cookie") != ""}
		if v, ok := rec.Header["Origin"]; ok {
			w.Origin = &v[0]
		}
		if v, ok := rec.Header["Access-Control-Request-Method"]; ok {
			w.ACRM = &v[0]
		}
		if v, ok := rec.Header["Access-Control-Request-Headers"]; ok {
			w.ACRH = &v[0]
		}
		if rec.Method == "OPTIONS" && w.ACRM != nil {
			res.Preflight = true
		}
		res.Wire = append(res.Wire, w)
		det.WireHeaders = append(det.WireHeaders, rec.Header)
		det.CookieObservable = append(det.CookieObservable, cookieObservable(p, rec.URL))
	}
	return obs
}
