package fetch

import (
	"testing"

	"github.com/corsim/corsim/internal/gen"
	"github.com/corsim/corsim/origin"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

const aceh = "Access-Control-Expose-Headers"

func TestCORSExposedHeaderNames(t *testing.T) {
	server := HeaderList{{"Content-Type", "text/plain"}, {"X-A", "1"}, {"x-b", "2"}, {"X-A", "3"}, {"Set-Cookie", "s=1"}}
	tests := []struct {
		desc  string
		creds CredentialsMode
		in    HeaderList // Access-Control-Expose-Headers lines, added to server
		want  []string
	}{
		{"absent", CredentialsSameOrigin, nil, nil},
		{"names as given", CredentialsSameOrigin, HeaderList{{aceh, "X-A, x-b"}}, []string{"X-A", "x-b"}},
		{"two lines", CredentialsInclude, HeaderList{{aceh, "X-A"}, {"access-control-expose-headers", "X-C"}}, []string{"X-A", "X-C"}},
		{"empty elements skipped", CredentialsSameOrigin, HeaderList{{aceh, " , X-A,,\t"}}, []string{"X-A"}},
		{"empty value exposes nothing", CredentialsSameOrigin, HeaderList{{aceh, ""}}, nil},
		{"* without credentials: every name, lower-cased, once", CredentialsSameOrigin, HeaderList{{aceh, "*"}},
			[]string{"content-type", "x-a", "x-b", "set-cookie", "access-control-expose-headers"}},
		{"* with omit", CredentialsOmit, HeaderList{{aceh, "X-A, *"}},
			[]string{"content-type", "x-a", "x-b", "set-cookie", "access-control-expose-headers"}},
		{"* with credentials is a name", CredentialsInclude, HeaderList{{aceh, "*"}}, []string{"*"}},
		{"* beside a name with credentials", CredentialsInclude, HeaderList{{aceh, "X-A, *"}}, []string{"X-A", "*"}},
		{"not tokens: nothing exposed", CredentialsSameOrigin, HeaderList{{aceh, "X-A, X B"}}, nil},
		{"a bad second line fails the whole", CredentialsSameOrigin, HeaderList{{aceh, "X-A"}, {aceh, "(x)"}}, nil},
		{"a bad line with * fails too", CredentialsSameOrigin, HeaderList{{aceh, "*, a/b"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			h := append(server.Clone(), tc.in...)
			got := CORSExposedHeaderNames(tc.creds, h)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("CORSExposedHeaderNames(%v, %q): -want +got:\n%s", tc.creds, tc.in, diff)
			}
		})
	}
}

func TestFilterCORS(t *testing.T) {
	server := HeaderList{
		{"Cache-Control", "no-cache"}, {"content-language", "en"}, {"Content-Length", "4"}, {"Content-Type", "text/plain"},
		{"Expires", "0"}, {"Last-Modified", "x"}, {"PRAGMA", "no-cache"},
		{"X-A", "1"}, {"X-B", "2"}, {"*", "star"}, {"Set-Cookie", "s=1"}, {"set-cookie2", "s=2"}, {"Server", "srv"},
	}
	safelisted := HeaderList{
		{"Cache-Control", "no-cache"}, {"content-language", "en"}, {"Content-Length", "4"}, {"Content-Type", "text/plain"},
		{"Expires", "0"}, {"Last-Modified", "x"}, {"PRAGMA", "no-cache"},
	}
	with := func(extra ...Header) HeaderList { return append(safelisted.Clone(), extra...) }
	tests := []struct {
		desc  string
		creds CredentialsMode
		aceh  string // "" for none
		want  HeaderList
	}{
		{"no Access-Control-Expose-Headers", CredentialsSameOrigin, "", safelisted},
		{"exposed names, any case", CredentialsSameOrigin, "x-a, SERVER", with(Header{"X-A", "1"}, Header{"Server", "srv"})},
		{"Set-Cookie never exposed by name", CredentialsSameOrigin, "Set-Cookie, Set-Cookie2, X-B", with(Header{"X-B", "2"})},
		{"* without credentials exposes all but Set-Cookie", CredentialsSameOrigin, "*",
			with(Header{"X-A", "1"}, Header{"X-B", "2"}, Header{"*", "star"}, Header{"Server", "srv"}, Header{aceh, "*"})},
		{"set-cookie, * without credentials", CredentialsOmit, "set-cookie, *",
			with(Header{"X-A", "1"}, Header{"X-B", "2"}, Header{"*", "star"}, Header{"Server", "srv"}, Header{aceh, "set-cookie, *"})},
		{"* with credentials exposes the header named *", CredentialsInclude, "*", with(Header{"*", "star"})},
		{"invalid list exposes only the safelisted", CredentialsSameOrigin, "X-A, X B", safelisted},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			h := server.Clone()
			if tc.aceh != "" {
				h = append(h, Header{aceh, tc.aceh})
			}
			internal := &Response{Status: 203, URLList: urlList(t, apiB+"/r"), Header: h, Body: []byte("body")}
			internal.CORSExposedHeaderNames = CORSExposedHeaderNames(tc.creds, h)
			got := FilterCORS(internal)
			if diff := cmp.Diff(tc.want, got.Header, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("FilterCORS with %q: header list -want +got:\n%s", tc.aceh, diff)
			}
			if got.Type != ResponseCORS || got.Status != 203 || string(got.Body) != "body" || got.Internal != internal || got.URL() != internal.URL() {
				t.Errorf("FilterCORS: got type %v, status %d, body %q, internal %p, URL %v", got.Type, got.Status, got.Body, got.Internal, got.URL())
			}
			if len(internal.Header) != len(h) {
				t.Errorf("FilterCORS changed the internal response's headers")
			}
		})
	}
}

func TestFilterBasic(t *testing.T) {
	internal := &Response{
		Status: 200, URLList: urlList(t, pageA+"/a", pageA+"/b"), Body: []byte("x"),
		Header: HeaderList{{"X-A", "1"}, {"Set-Cookie", "a=1"}, {"SET-COOKIE", "b=2"}, {"Set-Cookie2", "c=3"}, {"Set-Cookie3", "d"}, {"Cookie", "e"}},
	}
	got := FilterBasic(internal)
	want := HeaderList{{"X-A", "1"}, {"Set-Cookie3", "d"}, {"Cookie", "e"}}
	if diff := cmp.Diff(want, got.Header, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("FilterBasic: header list -want +got:\n%s", diff)
	}
	if got.Type != ResponseBasic || got.Status != 200 || !got.Redirected() || got.Internal != internal || string(got.Body) != "x" {
		t.Errorf("FilterBasic: got %+v", got)
	}
}

func TestFilterOpaque(t *testing.T) {
	internal := &Response{Status: 200, URLList: urlList(t, apiB+"/a", apiB+"/b"), Body: []byte("secret"),
		Header: HeaderList{{"Content-Type", "text/plain"}, {acao, "*"}}, CORSExposedHeaderNames: []string{"x"}, RangeRequested: true}
	got := FilterOpaque(internal)
	want := &Response{Type: ResponseOpaque, Internal: internal}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FilterOpaque: -want +got:\n%s", diff)
	}
	if got.URL() != nil || got.Redirected() || len(got.ReadableHeaders()) != 0 {
		t.Errorf("FilterOpaque: URL %v, redirected %v, readable %v", got.URL(), got.Redirected(), got.ReadableHeaders())
	}
}

func TestFilterOpaqueRedirect(t *testing.T) {
	internal := &Response{Status: 302, URLList: urlList(t, apiB+"/a"), Header: HeaderList{{"Location", "/b"}}, Body: []byte("moved")}
	got := FilterOpaqueRedirect(internal)
	want := &Response{Type: ResponseOpaqueRedirect, URLList: internal.URLList, Internal: internal}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FilterOpaqueRedirect: -want +got:\n%s", diff)
	}
	if got.URL() != internal.URL() {
		t.Errorf("FilterOpaqueRedirect: URL %v, want %v", got.URL(), internal.URL())
	}
}

func TestNetworkError(t *testing.T) {
	got := NetworkError()
	if !got.IsNetworkError() || got.Status != 0 || got.Header != nil || got.Body != nil || got.URL() != nil || got.Internal != nil {
		t.Errorf("NetworkError(): got %+v", got)
	}
	if (&Response{Type: ResponseCORS}).IsNetworkError() {
		t.Errorf("IsNetworkError() of a cors response: got true")
	}
}

func TestReadableHeaders(t *testing.T) {
	r := &Response{Header: HeaderList{{"X-A", "1"}, {"Content-Type", "text/plain"}, {"x-a", "2"}, {"X-Empty", ""}}}
	want := map[string]string{"x-a": "1, 2", "content-type": "text/plain", "x-empty": ""}
	if diff := cmp.Diff(want, r.ReadableHeaders(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("ReadableHeaders(): -want +got:\n%s", diff)
	}
	if got := (&Response{}).ReadableHeaders(); got == nil || len(got) != 0 {
		t.Errorf("ReadableHeaders() of no headers: got %v, want an empty map", got)
	}
}

func TestSortAndCombine(t *testing.T) {
	in := HeaderList{{"X-B", "1"}, {"Set-Cookie", "a=1"}, {"x-a", "2"}, {"X-B", "3"}, {"set-cookie", "b=2"}, {"A", ""}}
	want := HeaderList{{"a", ""}, {"set-cookie", "a=1"}, {"set-cookie", "b=2"}, {"x-a", "2"}, {"x-b", "1, 3"}}
	if diff := cmp.Diff(want, in.SortAndCombine(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("SortAndCombine(%q): -want +got:\n%s", in, diff)
	}
}

func TestStatusClasses(t *testing.T) {
	for s := -1; s <= 1000; s++ {
		if got, want := IsOKStatus(s), 200 <= s && s <= 299; got != want {
			t.Errorf("IsOKStatus(%d): got %v, want %v", s, got, want)
		}
		if got, want := IsRedirectStatus(s), s == 301 || s == 302 || s == 303 || s == 307 || s == 308; got != want {
			t.Errorf("IsRedirectStatus(%d): got %v, want %v", s, got, want)
		}
		if got, want := IsNullBodyStatus(s), s == 101 || s == 103 || s == 204 || s == 205 || s == 304; got != want {
			t.Errorf("IsNullBodyStatus(%d): got %v, want %v", s, got, want)
		}
	}
}

// serverResponse draws an unfiltered response: header lines with names
// from gen's pool (Set-Cookie among them) and an
// Access-Control-Expose-Headers that may list anything.
func serverResponse(t *rapid.T, u *origin.URL) *Response {
	var h HeaderList
	for range rapid.IntRange(0, 6).Draw(t, "headers") {
		h = append(h, Header{gen.HeaderName().Draw(t, "name"), rapid.StringN(0, 8, -1).Draw(t, "value")})
	}
	if rapid.Bool().Draw(t, "aceh") {
		h = append(h, Header{gen.CaseVariant(aceh).Draw(t, "aceh name"),
			gen.ListValue(rapid.OneOf(gen.HeaderName(), rapid.Just("*"), rapid.Just("set-cookie"))).Draw(t, "aceh")})
	}
	return &Response{
		Status:         rapid.IntRange(100, 599).Draw(t, "status"),
		URLList:        []*origin.URL{u},
		Header:         h,
		Body:           []byte(rapid.String().Draw(t, "body")),
		RangeRequested: rapid.Bool().Draw(t, "range"),
	}
}

// TestPropertyOpaqueExposesNothing checks that an opaque filtered response
// never exposes a header, a status, a body or a URL.
func TestPropertyOpaqueExposesNothing(t *testing.T) {
	u := mustURL(t, apiB+"/r")
	rapid.Check(t, func(t *rapid.T) {
		internal := serverResponse(t, u)
		internal.CORSExposedHeaderNames = CORSExposedHeaderNames(CredentialsOmit, internal.Header)
		for _, r := range []*Response{FilterOpaque(internal), FilterOpaqueRedirect(internal)} {
			if r.Status != 0 || len(r.Header) != 0 || r.Body != nil || len(r.ReadableHeaders()) != 0 ||
				r.CORSExposedHeaderNames != nil || r.RangeRequested {
				t.Fatalf("%v filtered response of %+v exposes something: %+v", r.Type, internal, r)
			}
		}
		if r := FilterOpaque(internal); r.URL() != nil || r.Redirected() {
			t.Fatalf("opaque filtered response exposes its URL: %v", r.URLList)
		}
	})
}

// TestPropertyFilteringHidesSetCookie checks that no filtered response
// exposes Set-Cookie or Set-Cookie2, whatever Access-Control-Expose-Headers
// lists and whatever the credentials mode.
func TestPropertyFilteringHidesSetCookie(t *testing.T) {
	u := mustURL(t, apiB+"/r")
	rapid.Check(t, func(t *rapid.T) {
		internal := serverResponse(t, u)
		creds := rapid.SampledFrom([]CredentialsMode{CredentialsSameOrigin, CredentialsOmit, CredentialsInclude}).Draw(t, "creds")
		internal.CORSExposedHeaderNames = CORSExposedHeaderNames(creds, internal.Header)
		for _, r := range []*Response{FilterBasic(internal), FilterCORS(internal), FilterOpaque(internal), FilterOpaqueRedirect(internal)} {
			for _, h := range r.Header {
				if IsForbiddenResponseHeaderName(h.Name) {
					t.Fatalf("%v filtered response exposes %q (exposed list %q)", r.Type, h.Name, internal.CORSExposedHeaderNames)
				}
			}
			for name := range r.ReadableHeaders() {
				if name == "set-cookie" || name == "set-cookie2" {
					t.Fatalf("%v filtered response lets script read %q", r.Type, name)
				}
			}
		}
		// And a CORS filtered response exposes no name that is neither
		// safelisted nor exposed.
		for _, h := range FilterCORS(internal).Header {
			if !IsCORSSafelistedResponseHeaderName(h.Name, internal.CORSExposedHeaderNames) {
				t.Fatalf("CORS filtered response exposes %q", h.Name)
			}
		}
	})
}
