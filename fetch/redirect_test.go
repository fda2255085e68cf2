package fetch

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// redirectResponse is a response of status with header, at url.
func redirectResponse(tb testing.TB, url string, status int, header HeaderList) *Response {
	tb.Helper()
	return &Response{Status: status, URLList: urlList(tb, url), Header: header}
}

func TestLocationURL(t *testing.T) {
	const from = apiB + "/a/b?q"
	frag := func(s string) *string { return &s }
	tests := []struct {
		desc     string
		status   int
		in       HeaderList
		fragment *string
		want     string // "" for nil
		wantOK   bool
	}{
		{"200 with Location", 200, HeaderList{{"Location", "/x"}}, nil, "", true},
		{"300 is not a redirect status", 300, HeaderList{{"Location", "/x"}}, nil, "", true},
		{"201 Created", 201, HeaderList{{"Location", "/x"}}, nil, "", true},
		{"301 without Location", 301, nil, nil, "", true},
		{"absolute", 302, HeaderList{{"Location", cdnC + "/c"}}, nil, cdnC + "/c", true},
		{"header name in lower case", 302, HeaderList{{"location", cdnC + "/c"}}, nil, cdnC + "/c", true},
		{"path-absolute", 303, HeaderList{{"Location", "/x"}}, nil, apiB + "/x", true},
		{"path-relative", 307, HeaderList{{"Location", "c"}}, nil, apiB + "/a/c", true},
		{"dot segments", 308, HeaderList{{"Location", "../../c"}}, nil, apiB + "/c", true},
		{"scheme-relative", 301, HeaderList{{"Location", "//cdn.example/z"}}, nil, cdnC + "/z", true},
		{"query only", 301, HeaderList{{"Location", "?r"}}, nil, apiB + "/a/b?r", true},
		{"empty: the response's URL", 302, HeaderList{{"Location", ""}}, nil, from, true},
		{"spaces are percent-encoded", 302, HeaderList{{"Location", "/a b"}}, nil, apiB + "/a%20b", true},
		{"upper-case scheme and host", 302, HeaderList{{"Location", "HTTPS://CDN.EXAMPLE/"}}, nil, cdnC + "/", true},
		{"another scheme parses", 302, HeaderList{{"Location", "data:text/plain,x"}}, nil, "data:text/plain,x", true},
		{"fragment inherited", 302, HeaderList{{"Location", "/x"}}, frag("f"), apiB + "/x#f", true},
		{"empty fragment inherited", 302, HeaderList{{"Location", "/x"}}, frag(""), apiB + "/x#", true},
		{"own fragment kept", 302, HeaderList{{"Location", "/x#g"}}, frag("f"), apiB + "/x#g", true},
		{"own empty fragment kept", 302, HeaderList{{"Location", "/x#"}}, frag("f"), apiB + "/x#", true},
		{"two lines", 302, HeaderList{{"Location", "/x"}, {"Location", "/x"}}, nil, "", false},
		{"two lines in different case", 302, HeaderList{{"Location", "/x"}, {"LOCATION", "/y"}}, nil, "", false},
		{"a list on one line parses as a path", 302, HeaderList{{"Location", "/x, /y"}}, nil, apiB + "/x,%20/y", true},
		{"unparsable", 302, HeaderList{{"Location", "http://[::1"}}, nil, "", false},
		{"unparsable port", 302, HeaderList{{"Location", "https://cdn.example:99999/"}}, nil, "", false},
		{"two lines on a non-redirect status", 200, HeaderList{{"Location", "/x"}, {"Location", "/y"}}, nil, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			got, ok := LocationURL(redirectResponse(t, from, tc.status, tc.in), tc.fragment)
			gotS := ""
			if got != nil {
				gotS = got.String()
			}
			if gotS != tc.want || ok != tc.wantOK {
				t.Errorf("LocationURL(%d %q): got (%q, %v), want (%q, %v)", tc.status, tc.in, gotS, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestFollowRedirectMethods(t *testing.T) {
	body := HeaderList{
		{"Content-Type", "text/plain"}, {"Content-Language", "en"}, {"Content-Encoding", "gzip"},
		{"Content-Location", "/c"}, {"X-A", "1"}, {"Accept", "*/*"},
	}
	kept := HeaderList{{"X-A", "1"}, {"Accept", "*/*"}}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, method := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "patch"} {
			t.Run(fmt.Sprintf("%d %s", status, method), func(t *testing.T) {
				wantMethod := method
				switch {
				case (status == 301 || status == 302) && method == "POST":
					wantMethod = "GET"
				case status == 303 && method != "GET" && method != "HEAD":
					wantMethod = "GET"
				}
				req := corsRequest(t, pageA, method, CredentialsSameOrigin, body.Clone(), apiB+"/a")
				req.Body, req.HasBody = []byte("payload"), true
				loc, reason := FollowRedirect(req, redirectResponse(t, apiB+"/a", status, HeaderList{{"Location", "/b"}}))
				if reason != ReasonNone || loc == nil || loc.String() != apiB+"/b" {
					t.Fatalf("FollowRedirect(%d, %s): got (%v, %v), want (%s/b, None)", status, method, loc, reason, apiB)
				}
				if req.Method != wantMethod {
					t.Errorf("FollowRedirect(%d, %s): method %s, want %s", status, method, req.Method, wantMethod)
				}
				wantHeader, wantBody := body, true
				if wantMethod != method {
					wantHeader, wantBody = kept, false
				}
				if diff := cmp.Diff(wantHeader, req.Header, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("FollowRedirect(%d, %s): header list -want +got:\n%s", status, method, diff)
				}
				if req.HasBody != wantBody || (req.Body != nil) != wantBody {
					t.Errorf("FollowRedirect(%d, %s): body %q (HasBody %v), want one: %v", status, method, req.Body, req.HasBody, wantBody)
				}
			})
		}
	}
}

func TestFollowRedirect(t *testing.T) {
	type in struct {
		mode     Mode
		tainting ResponseTainting
		count    int
		urls     []string
		header   HeaderList
		status   int
		location []string // Location header values, one line each
	}
	tests := []struct {
		desc string
		in   in
		// want is the returned URL, "" for nil.
		want       string
		wantReason Reason
		wantCount  int
		wantURLs   []string
		wantHeader HeaderList
	}{
		{desc: "no Location: the redirect is the response",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, nil, 302, nil},
			want: "", wantCount: 0, wantURLs: []string{apiB + "/a"}},
		{desc: "unparsable Location",
			in:         in{ModeCORS, TaintingCORS, 3, []string{apiB + "/a"}, nil, 302, []string{"http://[::1"}},
			wantReason: ReasonInvalidRedirectLocation, wantCount: 3, wantURLs: []string{apiB + "/a"}},
		{desc: "two Location lines",
			in:         in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, nil, 302, []string{"/b", "/b"}},
			wantReason: ReasonInvalidRedirectLocation, wantURLs: []string{apiB + "/a"}},
		{desc: "relative Location grows the URL list",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a/x"}, nil, 307, []string{"y"}},
			want: apiB + "/a/y", wantCount: 1, wantURLs: []string{apiB + "/a/x", apiB + "/a/y"}},
		{desc: "fragment inherited from the current URL",
			in:   in{ModeCORS, TaintingCORS, 1, []string{pageA + "/s#top", apiB + "/a#frag"}, nil, 302, []string{cdnC + "/c"}},
			want: cdnC + "/c#frag", wantCount: 2, wantURLs: []string{pageA + "/s#top", apiB + "/a#frag", cdnC + "/c#frag"}},
		{desc: "data: target",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, nil, 302, []string{"data:text/plain,hi"}},
			want: "data:text/plain,hi", wantReason: ReasonRedirectToNonHTTP, wantURLs: []string{apiB + "/a"}},
		{desc: "ftp: target",
			in:   in{ModeNoCORS, TaintingOpaque, 0, []string{apiB + "/a"}, nil, 301, []string{"ftp://cdn.example/f"}},
			want: "ftp://cdn.example/f", wantReason: ReasonRedirectToNonHTTP, wantURLs: []string{apiB + "/a"}},
		{desc: "about:blank target",
			in:   in{ModeCORS, TaintingBasic, 0, []string{pageA + "/a"}, nil, 302, []string{"about:blank"}},
			want: "about:blank", wantReason: ReasonRedirectToNonHTTP, wantURLs: []string{pageA + "/a"}},
		{desc: "ws: target",
			in:   in{ModeCORS, TaintingBasic, 0, []string{pageA + "/a"}, nil, 302, []string{"wss://app.example/s"}},
			want: "wss://app.example/s", wantReason: ReasonRedirectToNonHTTP, wantURLs: []string{pageA + "/a"}},
		{desc: "the 20th redirect is followed",
			in:   in{ModeCORS, TaintingCORS, 19, []string{apiB + "/a"}, nil, 302, []string{"/b"}},
			want: apiB + "/b", wantCount: 20, wantURLs: []string{apiB + "/a", apiB + "/b"}},
		{desc: "the 21st is not",
			in:   in{ModeCORS, TaintingCORS, 20, []string{apiB + "/a"}, nil, 302, []string{"/b"}},
			want: apiB + "/b", wantReason: ReasonTooManyRedirects, wantCount: 20, wantURLs: []string{apiB + "/a"}},
		{desc: "the scheme is checked before the count",
			in:   in{ModeCORS, TaintingCORS, 20, []string{apiB + "/a"}, nil, 302, []string{"data:,"}},
			want: "data:,", wantReason: ReasonRedirectToNonHTTP, wantCount: 20, wantURLs: []string{apiB + "/a"}},
		{desc: "step 9: cors mode, credentials, cross-origin target",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, nil, 302, []string{"https://u:p@cdn.example/c"}},
			want: "https://u:p@cdn.example/c", wantReason: ReasonRedirectContainsCredentials, wantCount: 1, wantURLs: []string{apiB + "/a"}},
		{desc: "step 9: a username alone counts",
			in:   in{ModeCORS, TaintingBasic, 0, []string{pageA + "/a"}, nil, 302, []string{"https://u@cdn.example/c"}},
			want: "https://u@cdn.example/c", wantReason: ReasonRedirectContainsCredentials, wantCount: 1, wantURLs: []string{pageA + "/a"}},
		{desc: "steps 9-10: same-origin request to its own origin with credentials",
			in:   in{ModeCORS, TaintingBasic, 0, []string{pageA + "/a"}, nil, 302, []string{"https://u:p@app.example/b"}},
			want: "https://u:p@app.example/b", wantCount: 1, wantURLs: []string{pageA + "/a", "https://u:p@app.example/b"}},
		{desc: "step 10: cors-tainted request back to its own origin with credentials",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, nil, 302, []string{"https://u:p@app.example/b"}},
			want: "https://u:p@app.example/b", wantReason: ReasonRedirectContainsCredentials, wantCount: 1, wantURLs: []string{apiB + "/a"}},
		{desc: "no-cors: credentials in a cross-origin target are followed",
			in:   in{ModeNoCORS, TaintingOpaque, 0, []string{apiB + "/a"}, nil, 302, []string{"https://u:p@cdn.example/c"}},
			want: "https://u:p@cdn.example/c", wantCount: 1, wantURLs: []string{apiB + "/a", "https://u:p@cdn.example/c"}},
		{desc: "Authorization kept on a same-origin hop",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, HeaderList{{"Authorization", "x"}, {"X-A", "1"}}, 307, []string{"/b"}},
			want: apiB + "/b", wantCount: 1, wantURLs: []string{apiB + "/a", apiB + "/b"},
			wantHeader: HeaderList{{"Authorization", "x"}, {"X-A", "1"}}},
		{desc: "Authorization dropped on a cross-origin hop",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, HeaderList{{"authorization", "x"}, {"X-A", "1"}}, 307, []string{cdnC + "/c"}},
			want: cdnC + "/c", wantCount: 1, wantURLs: []string{apiB + "/a", cdnC + "/c"},
			wantHeader: HeaderList{{"X-A", "1"}}},
		{desc: "Authorization dropped on a hop to the page's own origin",
			in:   in{ModeCORS, TaintingCORS, 0, []string{apiB + "/a"}, HeaderList{{"Authorization", "x"}}, 308, []string{pageA + "/c"}},
			want: pageA + "/c", wantCount: 1, wantURLs: []string{apiB + "/a", pageA + "/c"}},
		{desc: "Authorization dropped on a same-site, cross-origin hop",
			in:   in{ModeCORS, TaintingBasic, 0, []string{pageA + "/a"}, HeaderList{{"Authorization", "x"}}, 302, []string{subA + "/c"}},
			want: subA + "/c", wantCount: 1, wantURLs: []string{pageA + "/a", subA + "/c"}},
		{desc: "Authorization dropped on a port change",
			in:   in{ModeCORS, TaintingBasic, 0, []string{pageA + "/a"}, HeaderList{{"Authorization", "x"}}, 302, []string{"https://app.example:8443/c"}},
			want: "https://app.example:8443/c", wantCount: 1, wantURLs: []string{pageA + "/a", "https://app.example:8443/c"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			req := corsRequest(t, pageA, "GET", CredentialsSameOrigin, tc.in.header.Clone(), tc.in.urls...)
			req.Mode, req.ResponseTainting, req.RedirectCount = tc.in.mode, tc.in.tainting, tc.in.count
			var h HeaderList
			for _, l := range tc.in.location {
				h = append(h, Header{"Location", l})
			}
			loc, reason := FollowRedirect(req, redirectResponse(t, req.CurrentURL().String(), tc.in.status, h))
			got := ""
			if loc != nil {
				got = loc.String()
			}
			if got != tc.want || reason != tc.wantReason {
				t.Errorf("FollowRedirect(%d %q): got (%q, %v), want (%q, %v)", tc.in.status, tc.in.location, got, reason, tc.want, tc.wantReason)
			}
			if req.RedirectCount != tc.wantCount {
				t.Errorf("RedirectCount: got %d, want %d", req.RedirectCount, tc.wantCount)
			}
			gotURLs := make([]string, len(req.URLList))
			for i, u := range req.URLList {
				gotURLs[i] = u.String()
			}
			wantURLs := make([]string, len(tc.wantURLs))
			for i, s := range tc.wantURLs {
				wantURLs[i] = mustURL(t, s).String()
			}
			if diff := cmp.Diff(wantURLs, gotURLs); diff != "" {
				t.Errorf("URL list -want +got:\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantHeader, req.Header, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("header list -want +got:\n%s", diff)
			}
		})
	}
}

// TestFollowRedirectChain follows redirects until the limit: 20 are
// followed, the 21st is a network error.
func TestFollowRedirectChain(t *testing.T) {
	req := corsRequest(t, pageA, "GET", CredentialsSameOrigin, nil, apiB+"/0")
	for i := 1; ; i++ {
		resp := redirectResponse(t, req.CurrentURL().String(), 302, HeaderList{{"Location", fmt.Sprintf("/%d", i)}})
		loc, reason := FollowRedirect(req, resp)
		if reason != ReasonNone {
			if i != MaxRedirects+1 || reason != ReasonTooManyRedirects {
				t.Fatalf("redirect %d: got %v, want the 21st to fail with TooManyRedirects", i, reason)
			}
			break
		}
		if loc == nil || req.CurrentURL() != loc {
			t.Fatalf("redirect %d: got %v, current URL %v", i, loc, req.CurrentURL())
		}
	}
	if len(req.URLList) != MaxRedirects+1 || req.RedirectCount != MaxRedirects {
		t.Errorf("after the chain: %d URLs and count %d, want %d and %d", len(req.URLList), req.RedirectCount, MaxRedirects+1, MaxRedirects)
	}
}

// TestFollowRedirectTaints checks the redirect-taint a chain of redirects
// leaves: cross-origin hops make the next CORS check expect "null".
func TestFollowRedirectTaints(t *testing.T) {
	req := corsRequest(t, pageA, "GET", CredentialsSameOrigin, nil, apiB+"/a")
	for _, loc := range []string{cdnC + "/b", pageA + "/c"} {
		if _, reason := FollowRedirect(req, redirectResponse(t, req.CurrentURL().String(), 302, HeaderList{{"Location", loc}})); reason != ReasonNone {
			t.Fatalf("FollowRedirect to %s: %v", loc, reason)
		}
	}
	if got := req.SerializedOrigin(); got != "null" {
		t.Errorf("SerializedOrigin() after B -> C -> A: got %q, want %q", got, "null")
	}
	if got := CORSCheck(req, HeaderList{{acao, pageA}}); got.Reason != ReasonAllowOriginMismatch {
		t.Errorf("CORSCheck with the page's origin after the chain: got %v, want AllowOriginMismatch", got.Reason)
	}
	if got := CORSCheck(req, HeaderList{{acao, "null"}}); !got.OK() {
		t.Errorf("CORSCheck with null after the chain: got %v, want OK", got.Reason)
	}
}

func TestRequestBodyHeaderNamesMatchPredicate(t *testing.T) {
	for _, n := range requestBodyHeaderNames {
		if !IsRequestBodyHeaderName(n) {
			t.Errorf("IsRequestBodyHeaderName(%q): got false, want true", n)
		}
	}
}
