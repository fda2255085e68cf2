package fetch

import (
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestAccessControlRequestHeadersAgrees checks the allocation-saving ACRH
// builder against the literal form: the profile's CORS-unsafe names joined
// by commas.
func TestAccessControlRequestHeadersAgrees(t *testing.T) {
	names := []string{"Accept", "accept", "Content-Type", "X-A", "x-a", "X-b", "Range", "DPR", "Authorization", "Save-Data", "Accept-Language"}
	values := []string{"", "*/*", "text/plain", "application/json", "bytes=0-", "2", "on", "a\x01", "é", string(make([]byte, 200))}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 20).Draw(t, "n")
		var l HeaderList
		for i := 0; i < n; i++ {
			l = append(l, Header{Name: rapid.SampledFrom(names).Draw(t, "name"), Value: rapid.SampledFrom(values).Draw(t, "value")})
		}
		for _, e := range Engines() {
			p := e.Profile()
			want := ""
			if names := p.CORSUnsafeRequestHeaderNames(l); len(names) > 0 {
				want = joinComma(names)
			}
			if p.ACRHKeepsDuplicates {
				// One name per unsafe header line, sorted, not
				// deduplicated.
				var names []string
				p.eachCORSUnsafe(l, func(i int) bool {
					names = append(names, lowerASCII(l[i].Name))
					return true
				})
				slices.Sort(names)
				want = strings.Join(names, ",")
			}
			if got := p.AccessControlRequestHeaders(l); got != want {
				t.Fatalf("%s: accessControlRequestHeaders(%q) = %q, want %q", e, l, got, want)
			}
		}
	})
}

// TestPreflightRequestAllocs pins the allocations of building a preflight
// request: the request, its header list and the ACRH value.
func TestPreflightRequestAllocs(t *testing.T) {
	p := EngineChromium.Profile()
	req := &Request{Method: "PUT", Header: HeaderList{{Name: "Content-Type", Value: "application/json"}, {Name: "X-Trace", Value: "1"}}}
	req.URLList = nil
	u := mustURL(t, "https://api.example/x")
	req.URLList = append(req.URLList, u)
	if n := testing.AllocsPerRun(100, func() { p.NewPreflightRequest(req) }); n > 3 {
		t.Errorf("NewPreflightRequest allocates %v times, want at most 3", n)
	}
}
