// Package harness measures what a real browser does with a corsim scenario,
// so that the simulator's predictions can be checked against a browser field
// by field. Three engines implement Engine: Chromium (Browser, through the
// DevTools protocol), Firefox (through WebDriver BiDi; its reason code comes
// from its console line) and WebKitGTK's MiniBrowser (WebKit: a page that
// reports its own results, console lines from the process's stderr, host
// names routed through a proxy). What follows describes Chromium; the other
// two share the servers, the planning, the fetch script and Compare.
//
// A scenario (package scenario, the public file format) says that a page on
// some origin calls fetch() and how servers answer. The harness makes that
// literally true on one machine:
//
//   - Loopback servers listen on every (scheme, port) the scenario names
//     (http, and https with a self-signed certificate made at start-up).
//     They route by Host header, answer with exactly the scenario's header
//     lines in order (plus Content-Length), and record every request: method,
//     URL, Origin, Access-Control-Request-Method/-Headers, Cookie.
//   - One headless Chromium runs the whole session, with host-resolver rules
//     that send every host name to the loopback servers. Each scenario gets
//     a fresh off-the-record browser context: empty preflight cache, HTTP
//     cache and cookie jar. Tabs are opened one scenario ahead, so opening a
//     context overlaps the previous scenario.
//   - The page is served on the scenario's page origin at a private path,
//     with a <base> element so relative request URLs resolve as the scenario
//     means; a "null" page is served with Content-Security-Policy: sandbox
//     allow-scripts, which gives it an opaque origin.
//   - fetch() runs in the page through the DevTools protocol. Script's view
//     (outcome, TypeError text, response type, status, URL, redirected,
//     readable headers) comes back from the page; Chromium's CorsError comes
//     from Network.loadingFailed or, for DisallowedByMode and a direct
//     non-HTTP(S) URL, from the Audits CorsIssue; the console line from
//     Log.entryAdded.
//
// What a browser cannot show is reported as such, never as a pass: policy
// scenarios are StatusUnsupported (no policy servers yet), an "after" wait
// longer than Options.MaxAfter is StatusUnobservable, a Firefox reason code is
// an Unobservable check, and the cookie flag of a request that no probe
// cookie could reach (cross-site plain http) is Unseen in comparisons. To
// see the cookie flag, the harness sets a probe cookie on every target
// origin before the page loads (Secure; SameSite=None on https and loopback
// hosts, SameSite=Lax on other http hosts) and allows third-party cookies in
// the profile.
//
// Browser.Run returns a Report: one Observation per request, each holding a
// scenario.Result (the simulator's JSON shape, Engine "chromium", no trace),
// the browser-only Details, and the verdicts on the scenario's expect block.
// Compare sets a simulator prediction against an Observation, and a Table
// tallies agreement per field and per CorsError.
package harness
