package fetch

import (
	"testing"

	"github.com/corsim/corsim/internal/gen"
	"github.com/corsim/corsim/origin"
	"pgregory.net/rapid"
)

// The helpers below build the requests and URLs the response-side tests
// share.

// mustURL parses s with the URL parser, failing the test when it does not
// parse.
func mustURL(tb testing.TB, s string) *origin.URL {
	tb.Helper()
	u, err := origin.ParseURL(s, nil)
	if err != nil {
		tb.Fatalf("origin.ParseURL(%q): %v", s, err)
	}
	return u
}

// mustOrigin returns the origin of the URL s.
func mustOrigin(tb testing.TB, s string) origin.Origin {
	tb.Helper()
	o, err := origin.FromURL(s)
	if err != nil {
		tb.Fatalf("origin.FromURL(%q): %v", s, err)
	}
	return o
}

// urlList parses each URL of a URL list.
func urlList(tb testing.TB, urls ...string) []*origin.URL {
	tb.Helper()
	l := make([]*origin.URL, len(urls))
	for i, s := range urls {
		l[i] = mustURL(tb, s)
	}
	return l
}

// corsRequest returns a request as main fetch leaves it on its CORS
// branches: made by script on page (unsafe-request flag set), cors mode,
// cors tainting, for method and the URL list urls.
func corsRequest(tb testing.TB, page, method string, creds CredentialsMode, header HeaderList, urls ...string) *Request {
	tb.Helper()
	return &Request{
		Method:           method,
		URLList:          urlList(tb, urls...),
		Header:           header,
		Mode:             ModeCORS,
		Credentials:      creds,
		Origin:           mustOrigin(tb, page),
		ResponseTainting: TaintingCORS,
		UnsafeRequest:    true,
	}
}

const (
	pageA = "https://app.example"     // the page making the requests
	apiB  = "https://api.example"     // another site
	cdnC  = "https://cdn.example"     // a third site
	subA  = "https://www.app.example" // same site as pageA, another origin
)

func TestRedirectTaint(t *testing.T) {
	tests := []struct {
		desc string
		page string // request's origin
		urls []string
		want RedirectTaint
	}{
		{"one URL, same origin", pageA, []string{pageA + "/x"}, RedirectTaintSameOrigin},
		{"one URL, cross-site", pageA, []string{apiB + "/x"}, RedirectTaintSameOrigin},
		{"[A, A, B]: only hops from A", pageA, []string{pageA + "/1", pageA + "/2", apiB + "/3"}, RedirectTaintSameOrigin},
		{"[A, B, A]: a hop leaves B", pageA, []string{pageA + "/1", apiB + "/2", pageA + "/3"}, RedirectTaintCrossSite},
		{"[A, B, C]", pageA, []string{pageA + "/1", apiB + "/2", cdnC + "/3"}, RedirectTaintCrossSite},
		{"[B, C]", pageA, []string{apiB + "/1", cdnC + "/2"}, RedirectTaintCrossSite},
		{"[B, A]", pageA, []string{apiB + "/1", pageA + "/2"}, RedirectTaintCrossSite},
		{"[B, B]: staying on B", pageA, []string{apiB + "/1", apiB + "/2"}, RedirectTaintSameOrigin},
		{"[B, B, B]", pageA, []string{apiB + "/1", apiB + "/2", apiB + "/3"}, RedirectTaintSameOrigin},
		{"[A, A', A]: same site, another origin", pageA, []string{pageA + "/1", subA + "/2", pageA + "/3"}, RedirectTaintSameSite},
		{"[A', A]", pageA, []string{subA + "/1", pageA + "/2"}, RedirectTaintSameSite},
		{"[A', A'', A]: same-site hops away from A", pageA,
			[]string{subA + "/1", "https://cdn.app.example/2", pageA + "/3"}, RedirectTaintSameSite},
		{"[A, A', B]: a cross-site hop, but from A's site", pageA, []string{pageA + "/1", subA + "/2", apiB + "/3"}, RedirectTaintSameSite},
		{"[A, A', A, B]: the same-site hop is kept, then cross-site from A", pageA,
			[]string{pageA + "/1", subA + "/2", pageA + "/3", apiB + "/4"}, RedirectTaintSameSite},
		{"port change is another origin, same site", pageA, []string{"https://app.example:8443/1", pageA + "/2"}, RedirectTaintSameSite},
		{"scheme change is another site", pageA, []string{"http://app.example/1", pageA + "/2"}, RedirectTaintCrossSite},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := corsRequest(t, tc.page, "GET", CredentialsSameOrigin, nil, tc.urls...)
			if got := r.RedirectTaint(); got != tc.want {
				t.Errorf("RedirectTaint(%q): got %v, want %v", tc.urls, got, tc.want)
			}
			wantSerialized := mustOrigin(t, tc.page).String()
			if tc.want != RedirectTaintSameOrigin {
				wantSerialized = "null"
			}
			if got := r.SerializedOrigin(); got != wantSerialized {
				t.Errorf("SerializedOrigin(%q): got %q, want %q", tc.urls, got, wantSerialized)
			}
		})
	}
}

func TestRedirectTaintOpaqueOrigin(t *testing.T) {
	// An opaque request origin is same site with nothing: every hop taints.
	r := &Request{Method: "GET", URLList: urlList(t, apiB+"/1", apiB+"/2"), Origin: origin.Opaque()}
	if got := r.RedirectTaint(); got != RedirectTaintSameOrigin {
		t.Errorf("RedirectTaint([B, B]) for an opaque origin: got %v, want same-origin (the URLs share an origin)", got)
	}
	r.URLList = urlList(t, apiB+"/1", cdnC+"/2")
	if got := r.RedirectTaint(); got != RedirectTaintCrossSite {
		t.Errorf("RedirectTaint([B, C]) for an opaque origin: got %v, want cross-site", got)
	}
	r.URLList = urlList(t, apiB+"/1")
	if got := r.SerializedOrigin(); got != "null" {
		t.Errorf("SerializedOrigin() for an opaque origin: got %q, want %q", got, "null")
	}
}

func TestRedirectTaintString(t *testing.T) {
	for v, want := range map[RedirectTaint]string{
		RedirectTaintSameOrigin: "same-origin", RedirectTaintSameSite: "same-site",
		RedirectTaintCrossSite: "cross-site", 7: "RedirectTaint(7)",
	} {
		if got := v.String(); got != want {
			t.Errorf("RedirectTaint(%d).String(): got %q, want %q", uint8(v), got, want)
		}
	}
}

func TestOriginHeader(t *testing.T) {
	type in struct {
		mode     Mode
		tainting ResponseTainting
		method   string
		policy   ReferrerPolicy
		page     string
		urls     []string
	}
	tests := []struct {
		desc     string
		in       in
		want     string
		wantSend bool
	}{
		{"cors tainting, GET", in{ModeCORS, TaintingCORS, "GET", 0, pageA, []string{apiB}}, pageA, true},
		{"cors tainting, HEAD", in{ModeCORS, TaintingCORS, "HEAD", 0, pageA, []string{apiB}}, pageA, true},
		{"cors tainting ignores no-referrer", in{ModeCORS, TaintingCORS, "POST", ReferrerPolicyNoReferrer, pageA, []string{apiB}}, pageA, true},
		{"cors tainting after a cross-site redirect", in{ModeCORS, TaintingCORS, "GET", 0, pageA, []string{apiB, cdnC}}, "null", true},
		{"websocket handshake", in{ModeWebSocket, TaintingBasic, "GET", 0, pageA, []string{"wss://api.example/s"}}, pageA, true},
		{"same-origin GET sends none", in{ModeCORS, TaintingBasic, "GET", 0, pageA, []string{pageA}}, "", false},
		{"same-origin HEAD sends none", in{ModeCORS, TaintingBasic, "HEAD", 0, pageA, []string{pageA}}, "", false},
		{"no-cors GET sends none", in{ModeNoCORS, TaintingOpaque, "GET", 0, pageA, []string{apiB}}, "", false},
		{"lower-case get is not GET", in{ModeNoCORS, TaintingOpaque, "get", 0, pageA, []string{apiB}}, pageA, true},
		{"same-origin cors POST reveals the origin despite no-referrer",
			in{ModeCORS, TaintingBasic, "POST", ReferrerPolicyNoReferrer, pageA, []string{pageA}}, pageA, true},
		{"same-origin cors PUT", in{ModeCORS, TaintingBasic, "PUT", 0, pageA, []string{pageA}}, pageA, true},
		{"no-cors POST, no-referrer", in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyNoReferrer, pageA, []string{apiB}}, "null", true},
		{"no-cors POST, default policy, cross-origin https", in{ModeNoCORS, TaintingOpaque, "POST", 0, pageA, []string{apiB}}, pageA, true},
		{"no-cors POST, default policy, https to http", in{ModeNoCORS, TaintingOpaque, "POST", 0, pageA, []string{"http://api.example"}}, "null", true},
		{"no-cors POST, strict-origin-when-cross-origin, https to http",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyStrictOriginWhenCrossOrigin, pageA, []string{"http://api.example"}}, "null", true},
		{"no-cors POST, strict-origin, https to http",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyStrictOrigin, pageA, []string{"http://api.example"}}, "null", true},
		{"no-cors POST, no-referrer-when-downgrade, https to http",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyNoReferrerWhenDowngrade, pageA, []string{"http://api.example"}}, "null", true},
		{"no-cors POST, no-referrer-when-downgrade, https to https",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyNoReferrerWhenDowngrade, pageA, []string{apiB}}, pageA, true},
		{"no-cors POST, strict-origin, http to http",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyStrictOrigin, "http://app.example", []string{"http://api.example"}}, "http://app.example", true},
		{"no-cors POST, strict-origin, http page to https",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyStrictOrigin, "http://app.example", []string{apiB}}, "http://app.example", true},
		{"no-cors POST, same-origin policy, cross-origin",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicySameOrigin, pageA, []string{apiB}}, "null", true},
		{"no-cors POST, same-origin policy, same origin",
			in{ModeNoCORS, TaintingBasic, "POST", ReferrerPolicySameOrigin, pageA, []string{pageA + "/x"}}, pageA, true},
		{"no-cors POST, same-origin policy, same site is not enough",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicySameOrigin, pageA, []string{subA}}, "null", true},
		{"no-cors POST, origin policy, downgrade", in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyOrigin, pageA, []string{"http://api.example"}}, pageA, true},
		{"no-cors POST, origin-when-cross-origin, downgrade",
			in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyOriginWhenCrossOrigin, pageA, []string{"http://api.example"}}, pageA, true},
		{"no-cors POST, unsafe-url, downgrade", in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyUnsafeURL, pageA, []string{"http://api.example"}}, pageA, true},
		{"same-origin mode POST, no-referrer", in{ModeSameOrigin, TaintingBasic, "POST", ReferrerPolicyNoReferrer, pageA, []string{pageA}}, "null", true},
		{"navigate POST, no-referrer", in{ModeNavigate, TaintingBasic, "POST", ReferrerPolicyNoReferrer, pageA, []string{apiB}}, "null", true},
		{"navigate POST, default policy", in{ModeNavigate, TaintingBasic, "POST", 0, pageA, []string{apiB}}, pageA, true},
		{"no-cors POST after a cross-site redirect", in{ModeNoCORS, TaintingOpaque, "POST", ReferrerPolicyUnsafeURL, pageA, []string{apiB, cdnC}}, "null", true},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := &Request{
				Method: tc.in.method, URLList: urlList(t, tc.in.urls...), Mode: tc.in.mode,
				ResponseTainting: tc.in.tainting, ReferrerPolicy: tc.in.policy, Origin: mustOrigin(t, tc.in.page),
			}
			got, send := r.OriginHeader()
			if got != tc.want || send != tc.wantSend {
				t.Errorf("OriginHeader(%+v): got (%q, %v), want (%q, %v)", tc.in, got, send, tc.want, tc.wantSend)
			}
		})
	}
}

func TestOriginHeaderOpaqueOrigin(t *testing.T) {
	r := &Request{Method: "POST", URLList: urlList(t, apiB), Mode: ModeNoCORS, ResponseTainting: TaintingOpaque,
		ReferrerPolicy: ReferrerPolicyUnsafeURL, Origin: origin.Opaque()}
	if got, send := r.OriginHeader(); got != "null" || !send {
		t.Errorf("OriginHeader() for an opaque origin: got (%q, %v), want (%q, true)", got, send, "null")
	}
	// The https-to-http rule only applies to tuple origins.
	r.URLList = urlList(t, "http://api.example")
	r.ReferrerPolicy = ReferrerPolicyStrictOrigin
	if got, send := r.OriginHeader(); got != "null" || !send {
		t.Errorf("OriginHeader() for an opaque origin, strict-origin: got (%q, %v), want (%q, true)", got, send, "null")
	}
}

func TestRequestClone(t *testing.T) {
	r := corsRequest(t, pageA, "PUT", CredentialsInclude, HeaderList{{"X-A", "1"}}, apiB+"/x")
	c := r.Clone()
	c.URLList = append(c.URLList, mustURL(t, cdnC))
	c.Header.Append("X-B", "2")
	c.Header[0].Value = "changed"
	if len(r.URLList) != 1 || len(r.Header) != 1 || r.Header[0].Value != "1" {
		t.Errorf("Clone: changing the clone changed the original: URL list %v, header list %v", r.URLList, r.Header)
	}
	if c.Method != r.Method || c.Credentials != r.Credentials || c.Origin != r.Origin || c.Mode != r.Mode {
		t.Errorf("Clone: got %+v, want the fields of %+v", c, r)
	}
	if r.URL() != r.CurrentURL() || c.URL() != r.URL() || c.CurrentURL().String() != cdnC+"/" {
		t.Errorf("URL/CurrentURL: got %v, %v and %v, %v", r.URL(), r.CurrentURL(), c.URL(), c.CurrentURL())
	}
}

// TestPropertyRedirectTaintedAgrees checks redirectTainted, which
// SerializedOrigin and CORSCheck use, against the spec's RedirectTaint.
func TestPropertyRedirectTaintedAgrees(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		page := gen.SerializedOrigin().Draw(t, "page")
		o, err := origin.FromURL(page)
		if err != nil {
			t.Fatalf("origin.FromURL(%q): %v", page, err)
		}
		if rapid.IntRange(0, 9).Draw(t, "opaque") == 0 {
			o = origin.Opaque()
		}
		r := &Request{Method: "GET", Origin: o}
		pool := append([]string{"https://www.app.example", "data:text/plain,x"}, page)
		for _, s := range rapid.SliceOfN(rapid.OneOf(gen.SerializedOrigin(), rapid.SampledFrom(pool)), 1, 5).Draw(t, "urls") {
			u, err := origin.ParseURL(s, nil)
			if err != nil {
				t.Fatalf("origin.ParseURL(%q): %v", s, err)
			}
			r.URLList = append(r.URLList, u)
		}
		if got, want := r.redirectTainted(), r.RedirectTaint() != RedirectTaintSameOrigin; got != want {
			t.Fatalf("redirectTainted(%v): got %v, RedirectTaint says %v", r.URLList, got, r.RedirectTaint())
		}
	})
}

func TestSerializedOriginDoesNotAllocate(t *testing.T) {
	for _, urls := range [][]string{
		{apiB + "/1"},
		{pageA + "/1", apiB + "/2"},
		{apiB + "/1", apiB + "/2", apiB + "/3"},
		{apiB + "/1", cdnC + "/2"}, // tainted
		{pageA + "/1", subA + "/2", pageA + "/3"},
	} {
		r := corsRequest(t, pageA, "GET", CredentialsSameOrigin, nil, urls...)
		if n := testing.AllocsPerRun(100, func() { _ = r.redirectTainted() }); n != 0 {
			t.Errorf("redirectTainted(%q): got %v allocations, want 0", urls, n)
		}
	}
	// A request built by NewRequest (and its clones and preflight) has its
	// origin serialized already.
	r, terr := NewRequest(mustOrigin(t, "https://app.example:8443"), nil, apiB+"/data", RequestInit{Method: "PUT"})
	if terr != nil {
		t.Fatal(terr)
	}
	p := EngineSpec.Profile()
	for _, req := range []*Request{r, r.Clone(), p.NewPreflightRequest(r)} {
		if got := req.SerializedOrigin(); got != "https://app.example:8443" {
			t.Errorf("SerializedOrigin(): got %q", got)
		}
		if n := testing.AllocsPerRun(100, func() { _ = req.SerializedOrigin() }); n != 0 {
			t.Errorf("SerializedOrigin() of a built request: got %v allocations, want 0", n)
		}
	}
	// Changing the origin afterwards is seen.
	r.Origin = mustOrigin(t, cdnC)
	if got := r.SerializedOrigin(); got != cdnC {
		t.Errorf("SerializedOrigin() after changing Origin: got %q, want %q", got, cdnC)
	}
}
