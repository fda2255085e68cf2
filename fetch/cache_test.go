package fetch

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corsim/corsim/internal/gen"
	"github.com/corsim/corsim/origin"
	"pgregory.net/rapid"
)

// fakeClock is a clock tests move by hand. It is safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// cacheReq is a request to apiB/data (or url) from pageA, as the cache sees
// it.
func cacheReq(tb testing.TB, method string, creds CredentialsMode, header HeaderList, url ...string) *Request {
	tb.Helper()
	if len(url) == 0 {
		url = []string{apiB + "/data"}
	}
	return corsRequest(tb, pageA, method, creds, header, url...)
}

func TestPreflightCacheStoresPerMethodAndHeader(t *testing.T) {
	for _, e := range Engines() {
		t.Run(e.String(), func(t *testing.T) {
			clock := newFakeClock()
			c := NewPreflightCache(e.Profile(), clock.Now)
			c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, HeaderList{{"X-A", "1"}}),
				HeaderList{{acao, pageA}, {acam, "PUT, DELETE"}, {acah, "X-A, x-b"}}, 10)
			tests := []struct {
				desc   string
				method string
				header HeaderList
				want   bool // NeedsPreflight
			}{
				{"PUT with X-A", "PUT", HeaderList{{"X-A", "2"}}, false},
				{"DELETE", "DELETE", nil, false},
				{"PUT with x-a and X-B", "PUT", HeaderList{{"x-a", "2"}, {"X-B", "3"}}, false},
				{"GET with X-A: safelisted method", "GET", HeaderList{{"X-A", "1"}}, false},
				{"POST with JSON: content-type not cached", "POST", HeaderList{{"Content-Type", "application/json"}}, true},
				{"PATCH", "PATCH", nil, true},
				{"put: methods are byte for byte", "put", nil, true},
				{"PUT with X-C", "PUT", HeaderList{{"X-C", "1"}}, true},
				{"PUT with Authorization", "PUT", HeaderList{{"Authorization", "x"}}, true},
			}
			for _, tc := range tests {
				if got := c.NeedsPreflight(cacheReq(t, tc.method, CredentialsSameOrigin, tc.header)); got != tc.want {
					t.Errorf("NeedsPreflight(%s %q) (%s): got %v, want %v", tc.method, tc.header, tc.desc, got, tc.want)
				}
				// Drop-on-miss profiles lost the entry; store it again.
				c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil),
					HeaderList{{acao, pageA}, {acam, "PUT, DELETE"}, {acah, "X-A, x-b"}}, 10)
			}
		})
	}
}

func TestPreflightCacheKey(t *testing.T) {
	c := NewPreflightCache(EngineSpec.Profile(), newFakeClock().Now)
	c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 10)
	tests := []struct {
		desc string
		req  *Request
		want bool
	}{
		{"same URL", cacheReq(t, "PUT", CredentialsSameOrigin, nil), false},
		{"another URL", cacheReq(t, "PUT", CredentialsSameOrigin, nil, apiB+"/other"), true},
		{"another query", cacheReq(t, "PUT", CredentialsSameOrigin, nil, apiB+"/data?x"), true},
		{"another fragment (the cache keeps the whole URL)", cacheReq(t, "PUT", CredentialsSameOrigin, nil, apiB+"/data#f"), true},
		{"another page origin", corsRequest(t, subA, "PUT", CredentialsSameOrigin, nil, apiB+"/data"), true},
		{"the same URL reached through a cross-site redirect (origin null)",
			cacheReq(t, "PUT", CredentialsSameOrigin, nil, cdnC+"/r", apiB+"/data"), true},
		{"the same URL reached through a redirect from the page's origin",
			cacheReq(t, "PUT", CredentialsSameOrigin, nil, pageA+"/r", apiB+"/data"), false},
	}
	for _, tc := range tests {
		if got := c.NeedsPreflight(tc.req); got != tc.want {
			t.Errorf("NeedsPreflight (%s): got %v, want %v", tc.desc, got, tc.want)
		}
	}
}

func TestPreflightCacheCredentials(t *testing.T) {
	tests := []struct {
		desc         string
		stored, used CredentialsMode
		// want is NeedsPreflight per engine: spec, Chromium, Firefox, WebKit.
		want [4]bool
	}{
		{"credentialed entry, credentialed request", CredentialsInclude, CredentialsInclude, [4]bool{false, false, false, false}},
		{"credentialed entry, uncredentialed request", CredentialsInclude, CredentialsSameOrigin, [4]bool{false, false, true, false}},
		{"credentialed entry, omit", CredentialsInclude, CredentialsOmit, [4]bool{false, false, true, false}},
		{"uncredentialed entry, credentialed request", CredentialsSameOrigin, CredentialsInclude, [4]bool{true, true, true, true}},
		{"uncredentialed entry, uncredentialed request", CredentialsOmit, CredentialsSameOrigin, [4]bool{false, false, false, false}},
	}
	for _, tc := range tests {
		for i, e := range Engines() {
			c := NewPreflightCache(e.Profile(), newFakeClock().Now)
			c.Store(cacheReq(t, "PUT", tc.stored, HeaderList{{"X-A", "1"}}), HeaderList{{acam, "PUT"}, {acah, "X-A"}}, 60)
			if got := c.NeedsPreflight(cacheReq(t, "PUT", tc.used, HeaderList{{"X-A", "1"}})); got != tc.want[i] {
				t.Errorf("%v: NeedsPreflight (%s): got %v, want %v", e, tc.desc, got, tc.want[i])
			}
		}
	}
}

func TestPreflightCacheFirefoxKeepsCredentialsApart(t *testing.T) {
	c := NewPreflightCache(EngineFirefox.Profile(), newFakeClock().Now)
	c.Store(cacheReq(t, "PUT", CredentialsInclude, nil), HeaderList{{acam, "PUT"}}, 60)
	c.Store(cacheReq(t, "DELETE", CredentialsOmit, nil), HeaderList{{acam, "DELETE"}}, 60)
	for _, tc := range []struct {
		method string
		creds  CredentialsMode
		want   bool
	}{
		{"PUT", CredentialsInclude, false},
		{"DELETE", CredentialsInclude, true},
		{"PUT", CredentialsOmit, true},
		{"DELETE", CredentialsOmit, false},
	} {
		if got := c.NeedsPreflight(cacheReq(t, tc.method, tc.creds, nil)); got != tc.want {
			t.Errorf("NeedsPreflight(%s, %v): got %v, want %v", tc.method, tc.creds, got, tc.want)
		}
	}
}

func TestPreflightCacheWildcards(t *testing.T) {
	type lookup struct {
		method string
		creds  CredentialsMode
		header HeaderList
		// want is NeedsPreflight for the spec and for the engines.
		want, wantEngines bool
	}
	tests := []struct {
		desc    string
		creds   CredentialsMode // of the stored preflight
		in      HeaderList
		lookups []lookup
	}{
		{"methods *, uncredentialed", CredentialsSameOrigin, HeaderList{{acam, "*"}}, []lookup{
			{"PATCH", CredentialsSameOrigin, nil, false, false},
			{"patch", CredentialsOmit, nil, false, false},
			{"PATCH", CredentialsInclude, nil, true, true},
		}},
		{"methods PUT and *, credentialed: * is a method name", CredentialsInclude, HeaderList{{acam, "PUT, *"}}, []lookup{
			{"PUT", CredentialsInclude, nil, false, false},
			{"PATCH", CredentialsInclude, nil, true, true},
			// A * stored by a credentialed preflight is no wildcard for
			// uncredentialed requests either (see wildcardUsable).
			{"PATCH", CredentialsSameOrigin, nil, true, true},
		}},
		{"headers *, uncredentialed", CredentialsSameOrigin, HeaderList{{acam, "PUT"}, {acah, "*"}}, []lookup{
			{"PUT", CredentialsSameOrigin, HeaderList{{"X-A", "1"}, {"X-B", "2"}}, false, false},
			{"GET", CredentialsSameOrigin, HeaderList{{"Content-Type", "application/json"}}, false, false},
			{"PUT", CredentialsSameOrigin, HeaderList{{"Authorization", "x"}}, true, false},
			{"PUT", CredentialsInclude, HeaderList{{"X-A", "1"}}, true, true},
		}},
		{"headers * and Authorization, uncredentialed", CredentialsSameOrigin, HeaderList{{acam, "PUT"}, {acah, "*, authorization"}}, []lookup{
			{"PUT", CredentialsSameOrigin, HeaderList{{"Authorization", "x"}, {"X-A", "1"}}, false, false},
		}},
		{"headers X-A and *, credentialed: * is a header name", CredentialsInclude, HeaderList{{acam, "PUT"}, {acah, "X-A, *"}}, []lookup{
			{"PUT", CredentialsInclude, HeaderList{{"X-A", "1"}}, false, false},
			{"PUT", CredentialsInclude, HeaderList{{"X-B", "1"}}, true, true},
			{"PUT", CredentialsInclude, HeaderList{{"*", "1"}}, false, false},
		}},
	}
	for _, tc := range tests {
		for _, e := range Engines() {
			for _, l := range tc.lookups {
				c := NewPreflightCache(e.Profile(), newFakeClock().Now)
				c.Store(cacheReq(t, "PUT", tc.creds, nil), tc.in, 60)
				want := l.want
				if e != EngineSpec {
					want = l.wantEngines
				}
				if e.Profile().CacheWildcardLiteral {
					// Firefox (observed): a cached * is literal.
					want = literalCacheNeeds(e.Profile(), tc.in, tc.creds, l.method, l.creds, l.header)
				}
				if l.header.Contains("Authorization") && e != EngineSpec {
					// Only WebKit's cache lets a cached * cover
					// Authorization; Chromium (observed) and Firefox
					// preflight again.
					if v, _ := tc.in.Get("Access-Control-Allow-Headers"); v == "*" {
						want = !e.Profile().CacheWildcardCoversAuthorization
					}
				}
				if e == EngineFirefox && l.creds != CredentialsInclude && tc.creds == CredentialsInclude {
					want = true // keyed by credentials
				}
				if got := c.NeedsPreflight(cacheReq(t, l.method, l.creds, l.header)); got != want {
					t.Errorf("%v: stored %q (%s, %v); NeedsPreflight(%s %q, %v): got %v, want %v",
						e, tc.in, tc.desc, tc.creds, l.method, l.header, l.creds, got, want)
				}
			}
		}
	}
}

func TestPreflightCacheExpiry(t *testing.T) {
	for _, e := range Engines() {
		clock := newFakeClock()
		c := NewPreflightCache(e.Profile(), clock.Now)
		c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 10)
		clock.Advance(10*time.Second - time.Nanosecond)
		if c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)) {
			t.Errorf("%v: NeedsPreflight just before max-age: got true, want false", e)
		}
		clock.Advance(time.Nanosecond)
		if !c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)) {
			t.Errorf("%v: NeedsPreflight at exactly max-age: got false, want true", e)
		}
	}
}

func TestPreflightCacheRefresh(t *testing.T) {
	// A second preflight for the same method refreshes its max-age.
	clock := newFakeClock()
	c := NewPreflightCache(EngineSpec.Profile(), clock.Now)
	c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT, DELETE"}}, 10)
	clock.Advance(8 * time.Second)
	c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 10)
	clock.Advance(7 * time.Second)
	if c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)) {
		t.Errorf("NeedsPreflight(PUT) 7 s after the refresh: got true, want false")
	}
	if !c.NeedsPreflight(cacheReq(t, "DELETE", CredentialsSameOrigin, nil)) {
		t.Errorf("NeedsPreflight(DELETE) 15 s after its only preflight: got false, want true")
	}
	if got := c.Len(); got != 1 {
		t.Errorf("Len(): got %d, want 1", got)
	}
}

func TestPreflightCacheMaxAgeZero(t *testing.T) {
	c := NewPreflightCache(EngineSpec.Profile(), newFakeClock().Now)
	c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 0)
	c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, -5)
	if got := c.Len(); got != 0 {
		t.Errorf("Len() after storing with max-age 0 and -5: got %d, want 0", got)
	}
	if !c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)) {
		t.Errorf("NeedsPreflight(PUT): got false, want true")
	}
}

// TestPreflightCacheMergeOrReplace runs a sequence in which two preflights'
// entries combine in the spec (and Firefox) but the second replaces the
// first in Chromium and WebKit.
func TestPreflightCacheMergeOrReplace(t *testing.T) {
	// want is NeedsPreflight for DELETE with X-A, which needs entries from
	// both preflights.
	want := map[Engine]bool{EngineSpec: false, EngineFirefox: false, EngineChromium: true, EngineWebKit: true}
	for _, e := range Engines() {
		c := NewPreflightCache(e.Profile(), newFakeClock().Now)
		c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, HeaderList{{"X-A", "1"}}), HeaderList{{acam, "PUT"}, {acah, "X-A"}}, 60)
		c.Store(cacheReq(t, "DELETE", CredentialsSameOrigin, HeaderList{{"X-B", "1"}}), HeaderList{{acam, "DELETE"}, {acah, "X-B"}}, 60)
		if got := c.Len(); got != 1 {
			t.Errorf("%v: Len(): got %d, want 1 key", e, got)
		}
		// The latest preflight's result is cached everywhere.
		if c.NeedsPreflight(cacheReq(t, "DELETE", CredentialsSameOrigin, HeaderList{{"X-B", "1"}})) {
			t.Errorf("%v: NeedsPreflight(DELETE with X-B): got true, want false", e)
		}
		if got := c.NeedsPreflight(cacheReq(t, "DELETE", CredentialsSameOrigin, HeaderList{{"X-A", "1"}})); got != want[e] {
			t.Errorf("%v: NeedsPreflight(DELETE with X-A) after PUT/X-A and DELETE/X-B preflights: got %v, want %v", e, got, want[e])
		}
	}
	// Without the drop on a failed lookup, the first preflight's method is
	// still there in the merging profiles.
	for _, e := range []Engine{EngineSpec, EngineFirefox} {
		c := NewPreflightCache(e.Profile(), newFakeClock().Now)
		c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 60)
		c.Store(cacheReq(t, "DELETE", CredentialsSameOrigin, nil), HeaderList{{acam, "DELETE"}}, 60)
		if c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)) {
			t.Errorf("%v: NeedsPreflight(PUT) after PUT and DELETE preflights: got true, want false", e)
		}
	}
	for _, e := range []Engine{EngineChromium, EngineWebKit} {
		c := NewPreflightCache(e.Profile(), newFakeClock().Now)
		c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 60)
		c.Store(cacheReq(t, "DELETE", CredentialsSameOrigin, nil), HeaderList{{acam, "DELETE"}}, 60)
		if !c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)) {
			t.Errorf("%v: NeedsPreflight(PUT) after PUT and DELETE preflights: got false, want true", e)
		}
	}
}

func TestPreflightCacheDropsOnFailedLookup(t *testing.T) {
	for _, e := range Engines() {
		c := NewPreflightCache(e.Profile(), newFakeClock().Now)
		c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 60)
		if !c.NeedsPreflight(cacheReq(t, "DELETE", CredentialsSameOrigin, nil)) {
			t.Fatalf("%v: NeedsPreflight(DELETE): got false, want true", e)
		}
		drops := e.Profile().CacheDropsOnFailedLookup
		if got := c.Len(); got != map[bool]int{true: 0, false: 1}[drops] {
			t.Errorf("%v: Len() after a failed lookup: got %d, want %d", e, got, map[bool]int{true: 0, false: 1}[drops])
		}
		if got := c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)); got != drops {
			t.Errorf("%v: NeedsPreflight(PUT) after a failed lookup: got %v, want %v", e, got, drops)
		}
	}
}

func TestPreflightCacheClear(t *testing.T) {
	c := NewPreflightCache(EngineSpec.Profile(), newFakeClock().Now)
	c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil), HeaderList{{acam, "PUT"}}, 60)
	c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil, apiB+"/other"), HeaderList{{acam, "PUT"}}, 60)
	c.Store(cacheReq(t, "PUT", CredentialsInclude, nil), HeaderList{{acam, "DELETE"}}, 60)
	// Clearing for an uncredentialed request removes credentialed entries
	// of the same key too.
	c.Clear(cacheReq(t, "GET", CredentialsOmit, nil))
	if got := c.Len(); got != 1 {
		t.Errorf("Len() after Clear: got %d, want 1", got)
	}
	if !c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil)) || !c.NeedsPreflight(cacheReq(t, "DELETE", CredentialsInclude, nil)) {
		t.Errorf("NeedsPreflight after Clear: got false, want true")
	}
	if c.NeedsPreflight(cacheReq(t, "PUT", CredentialsSameOrigin, nil, apiB+"/other")) {
		t.Errorf("NeedsPreflight for another URL after Clear: got true, want false")
	}
	c.Clear(cacheReq(t, "GET", CredentialsOmit, nil, cdnC)) // nothing cached there
	if got := c.Len(); got != 1 {
		t.Errorf("Len() after clearing an absent key: got %d, want 1", got)
	}
}

func TestPreflightCacheCapacity(t *testing.T) {
	for _, e := range Engines() {
		p := e.Profile()
		limit := p.CacheCapacity
		if limit == 0 {
			limit = 1024
		}
		c := NewPreflightCache(p, newFakeClock().Now)
		url := func(i int) string { return fmt.Sprintf("%s/r%d", apiB, i) }
		for i := 0; i <= limit; i++ {
			c.Store(cacheReq(t, "PUT", CredentialsSameOrigin, nil, url(i)), HeaderList{{acam, "PUT"}}, 60)
			// Storing again for a cached key adds no key.
			c.Store(cacheReq(t, "DELETE", CredentialsSameOrigin, nil, url(i)), HeaderList{{acam, "DELETE"}}, 60)
		}
		if got := c.Len(); got != limit {
			t.Errorf("%v: Len() after %d keys: got %d, want %d", e, limit+1, got, limit)
		}
		// The oldest key went first.
		if !c.NeedsPreflight(cacheReq(t, "DELETE", CredentialsSameOrigin, nil, url(0))) {
			t.Errorf("%v: the first key is still cached", e)
		}
		for _, i := range []int{1, limit / 2, limit} {
			if c.NeedsPreflight(cacheReq(t, "DELETE", CredentialsSameOrigin, nil, url(i))) {
				t.Errorf("%v: key %d was evicted", e, i)
			}
		}
	}
}

func TestPreflightCacheMaxURLLength(t *testing.T) {
	base := apiB + "/"
	at := func(n int) string { return base + strings.Repeat("x", n-len(base)) }
	for _, tc := range []struct {
		engine Engine
		length int
		want   bool // NeedsPreflight after storing
	}{
		{EngineChromium, 1023, false},
		{EngineChromium, 1024, true},
		{EngineChromium, 4096, true},
		{EngineSpec, 1024, false},
		{EngineSpec, 4096, false},
		{EngineFirefox, 4096, false},
		{EngineWebKit, 4096, false},
	} {
		c := NewPreflightCache(tc.engine.Profile(), newFakeClock().Now)
		req := cacheReq(t, "PUT", CredentialsSameOrigin, nil, at(tc.length))
		if n := len(req.CurrentURL().String()); n != tc.length {
			t.Fatalf("test URL: got %d bytes, want %d", n, tc.length)
		}
		c.Store(req, HeaderList{{acam, "PUT"}}, 60)
		if got := c.NeedsPreflight(req); got != tc.want {
			t.Errorf("%v: NeedsPreflight for a %d-byte URL: got %v, want %v", tc.engine, tc.length, got, tc.want)
		}
	}
}

func TestPreflightCacheHEAD(t *testing.T) {
	// A stored preflight for HEAD with X-A, whose response lists no method.
	want := map[Engine]bool{EngineSpec: false, EngineChromium: false, EngineFirefox: true, EngineWebKit: false}
	for _, e := range Engines() {
		c := NewPreflightCache(e.Profile(), newFakeClock().Now)
		c.Store(cacheReq(t, "HEAD", CredentialsSameOrigin, HeaderList{{"X-A", "1"}}), HeaderList{{acah, "X-A"}}, 60)
		if got := c.NeedsPreflight(cacheReq(t, "HEAD", CredentialsSameOrigin, HeaderList{{"X-A", "1"}})); got != want[e] {
			t.Errorf("%v: NeedsPreflight(HEAD with X-A): got %v, want %v", e, got, want[e])
		}
	}
}

func TestPreflightCacheForcedPreflight(t *testing.T) {
	// A preflight forced by the use-CORS-preflight flag whose response lists
	// no methods caches the request's method (the note of step 7.4).
	c := NewPreflightCache(EngineSpec.Profile(), newFakeClock().Now)
	forced := cacheReq(t, "PUT", CredentialsSameOrigin, nil)
	forced.UseCORSPreflight = true
	c.Store(forced, HeaderList{{acao, pageA}}, 60)
	if c.NeedsPreflight(forced) {
		t.Errorf("NeedsPreflight(forced PUT) after its preflight: got true, want false")
	}
	get := cacheReq(t, "GET", CredentialsSameOrigin, nil)
	get.UseCORSPreflight = true
	if !c.NeedsPreflight(get) {
		t.Errorf("NeedsPreflight(forced GET): got false, want true (a forced preflight needs a method match)")
	}
	// With methods listed, only those are stored.
	c2 := NewPreflightCache(EngineSpec.Profile(), newFakeClock().Now)
	c2.Store(forced, HeaderList{{acam, "DELETE"}}, 60)
	if !c2.NeedsPreflight(forced) {
		t.Errorf("NeedsPreflight(forced PUT) after a preflight listing DELETE: got false, want true")
	}
}

func TestPreflightCacheConcurrentUse(t *testing.T) {
	clock := newFakeClock()
	// The goroutines share these requests: checking a request must not
	// write to it.
	shared := make([]*Request, 40)
	for i := range shared {
		shared[i] = corsRequest(t, pageA, "PUT", CredentialsSameOrigin, HeaderList{{"X-A", "1"}}, fmt.Sprintf("%s/r%d", apiB, i))
	}
	for _, e := range Engines() {
		c := NewPreflightCache(e.Profile(), clock.Now)
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 200 {
					req := shared[(g*7+i)%len(shared)]
					if g%2 == 0 {
						req = req.Clone()
					}
					switch i % 5 {
					case 0, 1:
						c.Store(req, HeaderList{{acam, "PUT"}, {acah, "X-A"}}, 30)
					case 2, 3:
						c.NeedsPreflight(req)
					case 4:
						if g%4 == 0 {
							c.Clear(req)
						}
						clock.Advance(time.Millisecond)
					}
					_ = c.Len()
				}
			}()
		}
		wg.Wait()
		if n := c.Len(); n > 40 {
			t.Errorf("%v: Len() after concurrent use of 40 URLs: got %d", e, n)
		}
	}
}

// TestPropertyCacheHitImpliesPreflightPasses checks that a cache hit never
// allows what a fresh preflight with the same response would refuse: after
// storing a successful preflight for one request, every request the cache
// lets skip its preflight passes ValidatePreflightResponse on that response.
//
// The one exception is the spec's own: a preflight forced by the
// use-CORS-preflight flag, answered without Access-Control-Allow-Methods,
// caches the forced request's method (step 7.4), so a later unforced request
// with that method skips a preflight the same response would fail. Such
// stores are left out here and pinned by TestPreflightCacheForcedPreflight.
func TestPropertyCacheHitImpliesPreflightPasses(t *testing.T) {
	target, page := mustURL(t, apiB+"/data"), mustOrigin(t, pageA)
	stored, hits := 0, 0
	// Small pools, so that the second request often asks for what the
	// first preflight listed.
	methods := rapid.OneOf(rapid.SampledFrom([]string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch"}), gen.Method())
	names := rapid.OneOf(rapid.SampledFrom([]string{"X-A", "x-a", "X-B", "Authorization", "Content-Type", "Accept", "DPR", "*"}), gen.HeaderName())
	rapid.Check(t, func(t *rapid.T) {
		e := rapid.SampledFrom(Engines()).Draw(t, "engine")
		p := e.Profile()
		drawRequest := func(label string) *Request {
			req := &Request{
				Method:        methods.Draw(t, label+" method"),
				URLList:       []*origin.URL{target},
				Mode:          ModeCORS,
				Credentials:   rapid.SampledFrom([]CredentialsMode{CredentialsSameOrigin, CredentialsOmit, CredentialsInclude}).Draw(t, label+" creds"),
				Origin:        page,
				UnsafeRequest: true, ResponseTainting: TaintingCORS,
				UseCORSPreflight: rapid.IntRange(0, 4).Draw(t, label+" forced") == 0,
			}
			for range rapid.IntRange(0, 3).Draw(t, label+" headers") {
				req.Header.Append(names.Draw(t, label+" name"),
					rapid.SampledFrom([]string{"1", "text/plain", "application/json", "bytes=0-", "en"}).Draw(t, label+" value"))
			}
			return req
		}
		first := drawRequest("first")
		resp := HeaderList{{acao, rapid.SampledFrom([]string{pageA, pageA, pageA, "*"}).Draw(t, "acao")}}
		if rapid.Bool().Draw(t, "acac") {
			resp = append(resp, Header{acac, "true"})
		}
		if rapid.IntRange(0, 4).Draw(t, "acam present") > 0 {
			resp = append(resp, Header{acam, gen.ListValue(rapid.OneOf(methods, rapid.Just("*"))).Draw(t, "acam")})
		}
		if rapid.IntRange(0, 4).Draw(t, "acah present") > 0 {
			resp = append(resp, Header{acah, gen.ListValue(rapid.OneOf(names, rapid.Just("*"))).Draw(t, "acah")})
		}
		if first.UseCORSPreflight && !resp.Contains(acam) {
			return // a forced preflight without methods caches the request's method (step 7.4)
		}
		v := p.ValidatePreflightResponse(first, 204, resp)
		if !v.OK() {
			return
		}
		c := NewPreflightCache(p, newFakeClock().Now)
		c.Store(first, resp, max(v.MaxAge, 1))
		stored++
		second := drawRequest("second")
		if rapid.Bool().Draw(t, "same method") {
			second.Method = first.Method
		}
		if !p.NeedsCORSWithPreflight(second) || c.NeedsPreflight(second) {
			return
		}
		hits++
		if res := p.ValidatePreflightResponse(second, 204, resp); !res.OK() {
			t.Fatalf("%v: the cache lets %s %q (%v, forced %v) skip its preflight after %s %q (%v), but the same response %q refuses it: %v %q",
				e, second.Method, second.Header, second.Credentials, second.UseCORSPreflight,
				first.Method, first.Header, first.Credentials, resp, res.Reason, res.Value)
		}
	})
	if hits == 0 {
		t.Errorf("no case reached a cache hit (%d stored): the property was not exercised", stored)
	}
	t.Logf("%d preflights stored, %d cache hits compared", stored, hits)
}

// literalCacheNeeds is NeedsPreflight for a cache whose "*" entries are
// literal names, after one preflight with response header h and
// credentials stored: credentials keyed (as Firefox keys them), GET and
// POST needing no method match, every CORS-unsafe name needing its own entry.
func literalCacheNeeds(p Profile, h HeaderList, stored CredentialsMode, method string, creds CredentialsMode, header HeaderList) bool {
	if (stored == CredentialsInclude) != (creds == CredentialsInclude) {
		return true
	}
	methods, _ := ExtractHeaderListValues(h, "Access-Control-Allow-Methods")
	names, _ := ExtractHeaderListValues(h, "Access-Control-Allow-Headers")
	if method != "GET" && method != "POST" && !slices.Contains(methods, method) {
		return true
	}
	for _, n := range p.CORSUnsafeRequestHeaderNames(header) {
		if !slices.ContainsFunc(names, func(m string) bool { return equalFoldASCII(m, n) }) {
			return true
		}
	}
	return false
}
