package fuzz

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

// entryPoints are the exported functions that read bytes from outside:
// URLs and hosts, header values servers and scripts send, policy and
// scenario files. Each takes one string and ignores the result.
func entryPoints(tb testing.TB) []struct {
	name string
	f    func(s string)
} {
	base, err := origin.ParseURL("https://app.example/dir/page.html", nil)
	if err != nil {
		tb.Fatal(err)
	}
	page := simulate.Page{Origin: base.Origin(), URL: base}
	req, terr := fetch.NewRequest(page.Origin, base, "https://api.example/r", fetch.RequestInit{Method: "PUT",
		Headers: fetch.HeaderList{{Name: "X-Custom", Value: "1"}}})
	if terr != nil {
		tb.Fatal(terr)
	}
	pol, err := policy.New(policy.Config{Origins: []string{"https://app.example"}, Methods: []string{"PUT"}, RequestHeaders: []string{"*"}})
	if err != nil {
		tb.Fatal(err)
	}
	browser := simulate.New(pol.Server(origin.Origin{}), simulate.WithoutTrace())
	type entry = struct {
		name string
		f    func(s string)
	}
	es := []entry{
		{"origin.ParseURL", func(s string) { origin.ParseURL(s, nil) }},
		{"origin.ParseURL with base", func(s string) { origin.ParseURL(s, base) }},
		{"origin.FromURL", func(s string) { origin.FromURL("https://" + s) }},
		{"origin.ParseSerializedOrigin", func(s string) { origin.ParseSerializedOrigin("https://" + s) }},
		{"origin.RegistrableDomain", func(s string) { origin.RegistrableDomain(s); origin.PublicSuffix(s) }},
		{"origin.IsRegistrableDomainSuffixOfOrIsEqualTo", func(s string) { origin.IsRegistrableDomainSuffixOfOrIsEqualTo(s, "a.example") }},
		{"fetch.ParseMIMEType", func(s string) { fetch.ParseMIMEType("text/plain;" + s) }},
		{"fetch.IsCORSSafelistedRequestHeader", func(s string) {
			for _, n := range []string{"Content-Type", "Accept", "Accept-Language", "Range", "DPR"} {
				fetch.IsCORSSafelistedRequestHeader(n, s)
			}
		}},
		{"fetch.ParseSingleRangeHeaderValue", func(s string) { fetch.ParseSingleRangeHeaderValue("bytes="+s, true) }},
		{"fetch.GetDecodeSplit", func(s string) { fetch.GetDecodeSplit(s) }},
		{"fetch.CollectHTTPQuotedString", func(s string) { fetch.CollectHTTPQuotedString("\""+s, 0, true) }},
		{"fetch.ExtractHeaderListValues", func(s string) {
			for _, n := range []string{"Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Allow-Origin", "Access-Control-Request-Headers", "Access-Control-Max-Age"} {
				fetch.ExtractHeaderListValues(fetch.HeaderList{{Name: n, Value: s}}, n)
			}
		}},
		{"fetch.ParseDeltaSeconds", func(s string) { fetch.ParseDeltaSeconds(s) }},
		{"fetch.NormalizeHeaderValue", func(s string) { fetch.NormalizeHeaderValue(s); fetch.IsHeaderValue(s); fetch.IsHeaderName(s) }},
		{"fetch.CORSCheck", func(s string) {
			fetch.CORSCheck(req, fetch.HeaderList{{Name: "Access-Control-Allow-Origin", Value: s}})
		}},
		{"Profile.ValidatePreflightResponse", func(s string) {
			h := fetch.HeaderList{{Name: "Access-Control-Allow-Origin", Value: "https://app.example"},
				{Name: "Access-Control-Allow-Methods", Value: s}, {Name: "Access-Control-Allow-Headers", Value: s},
				{Name: "Access-Control-Max-Age", Value: s}}
			for _, e := range fetch.Engines() {
				p := e.Profile()
				p.ValidatePreflightResponse(req, 204, h)
			}
		}},
		{"fetch.CORSExposedHeaderNames", func(s string) {
			fetch.CORSExposedHeaderNames(fetch.CredentialsOmit, fetch.HeaderList{{Name: "Access-Control-Expose-Headers", Value: s}})
		}},
		{"fetch.CORSUnsafeRequestHeaderNames", func(s string) {
			h := fetch.HeaderList{{Name: "Accept", Value: s}, {Name: "Content-Type", Value: s}, {Name: s, Value: "1"}}
			fetch.CORSUnsafeRequestHeaderNames(h)
			for _, e := range fetch.Engines() {
				p := e.Profile()
				p.AccessControlRequestHeaders(h)
			}
		}},
		{"fetch.NewRequest", func(s string) {
			fetch.NewRequest(page.Origin, base, s, fetch.RequestInit{Headers: fetch.HeaderList{{Name: "X", Value: s}, {Name: s, Value: "1"}}, Body: &s, Method: "POST"})
		}},
		{"policy.Parse", func(s string) {
			policy.Parse([]byte(s))
			policy.Parse([]byte(`{"origins": ["https://` + s + `"], "requestHeaders": ["` + s + `"]}`))
		}},
		{"Policy.Evaluate", func(s string) {
			pol.Evaluate("OPTIONS", fetch.HeaderList{{Name: "Origin", Value: s}, {Name: "Access-Control-Request-Method", Value: "PUT"},
				{Name: "Access-Control-Request-Headers", Value: s}})
		}},
		{"scenario.Parse", func(s string) {
			scenario.Parse("x.json", []byte(s))
			scenario.Parse("x.json", []byte(`{"name": "x", "page": "https://app.example", "request": {"url": "https://api.example/`+s+`"}}`))
		}},
		{"simulate.NewPage", func(s string) { simulate.NewPage(s) }},
		{"Browser.Fetch", func(s string) {
			browser.Fetch(context.Background(), page, simulate.Request{URL: "https://api.example/" + s, Method: "PUT",
				Header: fetch.HeaderList{{Name: "X-A", Value: s}, {Name: "Content-Type", Value: s}}})
		}},
	}
	return es
}

// adversarialUnits are the units long inputs repeat: bytes and short
// sequences that make parsers backtrack, nest, split or rescan if they can.
var adversarialUnits = []string{
	"a", "a.", "%41", "[", "::", ",", " ", "\t", "\"\\", "0", "é", "\x00", "/..", "xn--a.", "a=b;", "x-a, ", "{\"a\":", "\xff",
}

// repeatTo returns unit repeated to n bytes.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit)+1)[:n]
}

// raceUnits are the units used under the race detector, which makes
// every run several times slower.
var raceUnits = []string{"a", "%41", "[", ",", "\x00", "a=b;"}

// allocated returns the bytes f allocates (the least of two runs, to
// discount the runtime's own allocations).
func allocated(f func()) uint64 {
	best := ^uint64(0)
	var before, after runtime.MemStats
	for range 2 {
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	return best
}

// TestEntryPointsBoundedOn1MiB runs every entry point on 1 MiB inputs of
// every adversarial unit. A superlinear path would make the run itself
// take hours, so the test's own deadline catches it; and the memory each
// run allocates must grow about linearly: a 1 MiB input may allocate at
// most 8 times what a 256 KiB one does (4 times is linear), plus 1 MiB.
func TestEntryPointsBoundedOn1MiB(t *testing.T) {
	const small, large = 256 << 10, 1 << 20
	units := adversarialUnits
	if raceEnabled {
		units = raceUnits
	}
	for _, e := range entryPoints(t) {
		t.Run(e.name, func(t *testing.T) {
			for _, unit := range units {
				s, l := repeatTo(unit, small), repeatTo(unit, large)
				as := allocated(func() { e.f(s) })
				al := allocated(func() { e.f(l) })
				if al > 8*as+large {
					t.Errorf("%s on %q repeated: %d bytes allocated for 1 MiB, %d for 256 KiB: not linear", e.name, unit, al, as)
				}
			}
		})
	}
}
