package harness

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/corsim/corsim/scenario"
	"golang.org/x/net/publicsuffix"
)

// check compares one request's expect block with what engine (the
// browser that ran it) did. An expect block written for another engine than
// the browser's is listed but not checked; a field the browser cannot show
// (a CorsError outside Chromium, a Firefox reason code outside Firefox) is
// Unobservable.
func check(scenarioEngine, engine string, e *scenario.Expect, obs *Observation) []Check {
	if e == nil {
		return nil
	}
	if scenarioEngine == "" {
		scenarioEngine = "chromium"
	}
	res := &obs.Result
	var out []Check
	add := func(field, want, got string) {
		c := Check{Field: field, Want: want, Got: got, Verdict: Held}
		if want != got {
			c.Verdict = Failed
		}
		if scenarioEngine != engine {
			c.Verdict, c.Why = NotChecked, "the scenario predicts engine "+scenarioEngine
		}
		out = append(out, c)
	}
	if e.Outcome != nil {
		add("outcome", *e.Outcome, res.Outcome)
	}
	if e.CorsError != nil {
		if engine == "chromium" {
			add("corsError", *e.CorsError, res.CorsError)
		} else {
			out = append(out, Check{Field: "corsError", Want: *e.CorsError, Verdict: Unobservable,
				Why: engine + " reports no Chromium CorsError"})
		}
	}
	if e.FirefoxReason != nil {
		if engine == "firefox" {
			add("firefoxReason", *e.FirefoxReason, res.FirefoxReason)
		} else {
			out = append(out, Check{Field: "firefoxReason", Want: *e.FirefoxReason, Verdict: Unobservable,
				Why: engine + " has no Firefox reason codes"})
		}
	}
	if e.Preflight != nil {
		add("preflight", strconv.FormatBool(*e.Preflight), strconv.FormatBool(res.Preflight))
	}
	if e.ACRH.Set {
		want := "null"
		if !e.ACRH.Null {
			want = strconv.Quote(e.ACRH.Value)
		}
		add("acrh", want, quoteOrNull(firstACRH(res)))
	}
	typ, status := "error", 0
	if res.Response != nil {
		typ, status = res.Response.Type, res.Response.Status
	}
	if e.Status != nil {
		add("status", strconv.Itoa(*e.Status), strconv.Itoa(status))
	}
	if e.Type != nil {
		add("type", *e.Type, typ)
	}
	for _, name := range sortedKeys(e.VisibleHeaders) {
		var got *string
		if res.Response != nil {
			if v, ok := res.Response.Headers[strings.ToLower(name)]; ok {
				got = &v
			}
		}
		add("visibleHeaders."+name, quoteOrNull(e.VisibleHeaders[name]), quoteOrNull(got))
	}
	return out
}

// firstACRH is the Access-Control-Request-Headers of the first preflight
// on the wire; nil when no preflight carried one.
func firstACRH(res *scenario.Result) *string {
	for _, w := range res.Wire {
		if w.Method == "OPTIONS" && w.ACRM != nil {
			return w.ACRH
		}
	}
	return nil
}

func quoteOrNull(s *string) string {
	if s == nil {
		return "null"
	}
	return strconv.Quote(*s)
}

// cookieObservable says whether the probe cookie could reach a request to
// rawURL from the scenario's page, so that a missing Cookie header means the
// browser did not attach cookies.
//
// The probe on an https origin is Secure; SameSite=None and travels
// cross-site; the probe on an http origin cannot be SameSite=None (that
// needs Secure), so it is Lax and travels only to same-site targets of a
// page with a tuple origin (schemeful same-site: scheme and registrable
// domain equal).
func cookieObservable(p *plan, rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	if u.Scheme == "https" || isLoopbackHost(u.Hostname()) {
		return true
	}
	if p.opaque || p.pageOrigin == "" {
		return false
	}
	pu, err := url.Parse(p.pageOrigin)
	if err != nil {
		return false
	}
	return pu.Scheme == u.Scheme && site(pu.Hostname()) == site(u.Hostname())
}

// site is a host's registrable domain, or the host itself when it has none
// (IP addresses, single labels).
func site(host string) string {
	host = strings.ToLower(host)
	if strings.Contains(host, ":") || isIPv4(host) {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

func isIPv4(h string) bool {
	parts := strings.Split(h, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if _, err := strconv.ParseUint(p, 10, 8); err != nil {
			return false
		}
	}
	return true
}

// isLoopbackHost reports whether host is one Chromium was seen to treat as
// secure for cookies over http (a Secure; SameSite=None cookie is set and
// sent): localhost and 127.0.0.1. Others are left out until observed.
func isLoopbackHost(h string) bool {
	h = strings.ToLower(h)
	return h == "localhost" || h == "127.0.0.1"
}
