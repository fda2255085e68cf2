package bench

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// A verdict is what a browser makes of a middleware's answer to a row's
// request: whether script may read the response, and why not.
type verdict struct {
	allowed bool
	reason  fetch.Reason
	status  int
}

// judge runs Chromium's checks (package fetch, the Chromium profile) on a
// middleware's answer: for a preflight, the CORS-preflight response
// validation of a PUT carrying the headers the preflight names; for an
// actual request, the CORS check. Credentials are "include" when the row
// sends a cookie.
func judge(t *testing.T, r *row, status int, h http.Header) verdict {
	t.Helper()
	client, err := origin.ParseSerializedOrigin(r.origin)
	if err != nil {
		t.Fatal(err)
	}
	init := fetch.RequestInit{Method: "GET"}
	if r.cookie {
		init.Credentials = fetch.CredentialsInclude
	}
	if r.preflight {
		init.Method = "PUT"
		for _, name := range requestedNames(r.acrh) {
			value := "x"
			if name == "content-type" {
				value = "application/json"
			}
			init.Headers = append(init.Headers, fetch.Header{Name: name, Value: value})
		}
	}
	req, terr := fetch.NewRequest(client, nil, apiURL, init)
	if terr != nil {
		t.Fatal(terr)
	}
	list := headerList(h)
	if r.preflight {
		profile := fetch.EngineChromium.Profile()
		res := profile.ValidatePreflightResponse(req, status, list)
		return verdict{allowed: res.Reason == fetch.ReasonNone, reason: res.Reason, status: status}
	}
	res := fetch.CORSCheck(req, list)
	return verdict{allowed: res.OK(), reason: res.Reason, status: status}
}

// requestedNames returns the distinct names the Access-Control-Request-Headers
// lines list: the headers the browser's request carries.
func requestedNames(lines []string) []string {
	var names []string
	for _, line := range lines {
		for _, e := range strings.Split(line, ",") {
			e = strings.Trim(e, " \t")
			if e != "" && !slices.Contains(names, e) {
				names = append(names, e)
			}
		}
	}
	return names
}

// headerList turns a response's header map into a header list, names in
// sorted order.
func headerList(h http.Header) fetch.HeaderList {
	var l fetch.HeaderList
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, v := range h[name] {
			l = append(l, fetch.Header{Name: name, Value: v})
		}
	}
	return l
}

// corsHeaders renders the CORS and Vary headers of a response, for logs.
func corsHeaders(h http.Header) string {
	var b strings.Builder
	for _, f := range headerList(h) {
		if !strings.HasPrefix(f.Name, "Access-Control-") && f.Name != "Vary" {
			continue
		}
		v := f.Value
		if len(v) > 60 {
			v = v[:60] + "…"
		}
		b.WriteString(f.Name + ": " + v + "; ")
	}
	return b.String()
}

// peerVerdicts lists where a peer's answer leads the browser to another
// verdict than the row's: the peer's semantics differ there. Every entry
// must hold (the test fails if the peer agrees after all), and every
// difference must be listed.
var peerVerdicts = map[string]string{
	"acrh-repeated/chicors":       "go-chi/cors checks each of the 1,000 names and allows the repetition (and reflects all 1,000 in Access-Control-Allow-Headers); corsim refuses a list longer than the names it allows, since browsers never repeat a name",
	"acrh-repeated/gincors":       "gin-contrib/cors does not check the requested method or headers: it sends its configured lists, which cover the one distinct name",
	"acrh-repeated-lines/chicors": "go-chi/cors reads only the first line (Header.Get), which it allows",
	"acrh-repeated-lines/gincors": "gin-contrib/cors does not check the requested method or headers",
	"acrh-whitespace/rscors":      "rs/cors tolerates one byte of optional whitespace around a name and refuses the preflight; corsim ignores any amount, as RFC 9110 §5.6.1 lets list recipients do",
}

// wantStatus is the status each middleware answers a row with, the same
// verdict notwithstanding: corsim and rs/cors answer preflights 204,
// go-chi/cors 200, gin-contrib/cors 204 to an allowed origin and 403 to
// any request from an origin it does not allow (preflight or not); the
// API behind them answers 200.
func wantStatus(impl string, r *row) int {
	switch {
	case impl == "gincors" && r.origin == evilOrigin:
		return http.StatusForbidden
	case !r.preflight:
		return http.StatusOK
	case impl == "chicors":
		return http.StatusOK
	}
	return http.StatusNoContent
}

// wantVaryOrigin reports whether the answer carries Vary: Origin. Every
// configuration allows origins by name, so every answer depends on Origin
// and should say so to HTTP caches; gin-contrib/cors omits it from its 403
// answers.
func wantVaryOrigin(impl string, r *row) bool {
	return !(impl == "gincors" && r.origin == evilOrigin)
}

func hasVaryOrigin(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		for _, e := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(e), "Origin") {
				return true
			}
		}
	}
	return false
}

// TestMiddlewareEquivalence serves every row of the matrix with every
// middleware and has a browser model (Chromium's checks) judge each
// answer: the verdict must be the row's, except where peerVerdicts says
// why the peer differs; the status and Vary: Origin must be as wantStatus
// and wantVaryOrigin document. The header values themselves differ by
// design: rs/cors and go-chi/cors reflect the requested method and headers
// (go-chi/cors in canonical case), corsim and gin-contrib/cors send the
// configured lists. Run with -v to see each answer's headers.
func TestMiddlewareEquivalence(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range matrix {
		t.Run(r.name, func(t *testing.T) {
			for _, m := range middlewares {
				rec := httptest.NewRecorder()
				m.build(t, *r.cfg).ServeHTTP(rec, r.request())
				v := judge(t, &r, rec.Code, rec.Header())
				t.Logf("%-8s %d allowed=%-5v %-40s %s", m.name, rec.Code, v.allowed, v.reason, corsHeaders(rec.Header()))
				key := r.name + "/" + m.name
				why, documented := peerVerdicts[key]
				seen[key] = documented
				switch {
				case m.name == "corsim" && v.allowed != r.allowed:
					t.Errorf("corsim: allowed=%v (%s), want %v", v.allowed, v.reason, r.allowed)
				case v.allowed != r.allowed && !documented:
					t.Errorf("%s: allowed=%v (%s), want %v, and peerVerdicts does not say why", m.name, v.allowed, v.reason, r.allowed)
				case v.allowed == r.allowed && documented:
					t.Errorf("%s: agrees with corsim (allowed=%v), but peerVerdicts says: %s", m.name, v.allowed, why)
				}
				if want := wantStatus(m.name, &r); rec.Code != want {
					t.Errorf("%s: status %d, want %d", m.name, rec.Code, want)
				}
				if got, want := hasVaryOrigin(rec.Header()), wantVaryOrigin(m.name, &r); got != want {
					t.Errorf("%s: Vary: Origin sent: %v, want %v", m.name, got, want)
				}
			}
		})
	}
	for key := range peerVerdicts {
		if _, ok := seen[key]; !ok {
			t.Errorf("peerVerdicts[%q] names no row and middleware", key)
		}
	}
}
