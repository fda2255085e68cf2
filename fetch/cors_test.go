package fetch

import (
	"testing"

	"github.com/corsim/corsim/internal/gen"
	"github.com/corsim/corsim/origin"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

const (
	acao = "Access-Control-Allow-Origin"
	acac = "Access-Control-Allow-Credentials"
)

// literalCORSCheck is the CORS check as the spec words it, with the
// allocating header list get and the built serialization: the twin that
// CORSCheck's refinements must agree with on success and failure.
func literalCORSCheck(req *Request, header HeaderList) bool {
	// 1-2. The combined value; null is failure.
	v, ok := header.Get(acao)
	if !ok {
		return false
	}
	include := req.Credentials == CredentialsInclude
	// 3.
	if !include && v == "*" {
		return true
	}
	// 4.
	if req.SerializedOrigin() != v {
		return false
	}
	// 5.
	if !include {
		return true
	}
	// 6-8.
	c, ok := header.Get(acac)
	return ok && c == "true"
}

func TestCORSCheck(t *testing.T) {
	const target = apiB + "/data"
	tests := []struct {
		desc  string
		page  string // request's origin; "opaque" for an opaque one
		creds CredentialsMode
		urls  []string // URL list; target when nil
		in    HeaderList

		wantReason Reason
		wantValue  string
		wantLines  int
		// wantFirefox is Firefox's reason code for the failure.
		wantFirefox string
	}{
		{desc: "missing", in: nil, wantReason: ReasonMissingAllowOriginHeader, wantFirefox: "CORSMissingAllowOrigin"},
		{desc: "missing, other headers", in: HeaderList{{acac, "true"}, {"Vary", "Origin"}},
			wantReason: ReasonMissingAllowOriginHeader, wantFirefox: "CORSMissingAllowOrigin"},
		{desc: "exact match", in: HeaderList{{acao, pageA}}},
		{desc: "header name in lower case", in: HeaderList{{"access-control-allow-origin", pageA}}},
		{desc: "header name in upper case", in: HeaderList{{"ACCESS-CONTROL-ALLOW-ORIGIN", pageA}}},
		{desc: "* without credentials", creds: CredentialsOmit, in: HeaderList{{acao, "*"}}},
		{desc: "* with credentials same-origin (cross-origin: none sent)", in: HeaderList{{acao, "*"}}},
		{desc: "* with Access-Control-Allow-Credentials but without credentials", creds: CredentialsOmit,
			in: HeaderList{{acao, "*"}, {acac, "true"}}},
		{desc: "* with credentials include", creds: CredentialsInclude, in: HeaderList{{acao, "*"}, {acac, "true"}},
			wantReason: ReasonWildcardOriginNotAllowed, wantValue: "*", wantLines: 1, wantFirefox: "CORSNotSupportingCredentials"},
		{desc: "trailing slash", in: HeaderList{{acao, pageA + "/"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: pageA + "/", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "a path", in: HeaderList{{acao, pageA + "/index.html"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: pageA + "/index.html", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "host in upper case", in: HeaderList{{acao, "https://APP.example"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: "https://APP.example", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "scheme in upper case", in: HeaderList{{acao, "HTTPS://app.example"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: "HTTPS://app.example", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "other scheme", in: HeaderList{{acao, "http://app.example"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: "http://app.example", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "other port", in: HeaderList{{acao, "https://app.example:8443"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: "https://app.example:8443", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "default port spelled out", in: HeaderList{{acao, "https://app.example:443"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: "https://app.example:443", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "page on a port, exact", page: "https://app.example:8443", in: HeaderList{{acao, "https://app.example:8443"}}},
		{desc: "page on a port, port left out", page: "https://app.example:8443", in: HeaderList{{acao, pageA}},
			wantReason: ReasonAllowOriginMismatch, wantValue: pageA, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "IPv6 page", page: "http://[::1]:8080", in: HeaderList{{acao, "http://[::1]:8080"}}},
		{desc: "IDN page, Punycode value", page: "https://xn--bcher-kva.example", in: HeaderList{{acao, "https://xn--bcher-kva.example"}}},
		{desc: "IDN page, Unicode value", page: "https://xn--bcher-kva.example", in: HeaderList{{acao, "https://bücher.example"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: "https://bücher.example", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "another origin", in: HeaderList{{acao, apiB}},
			wantReason: ReasonAllowOriginMismatch, wantValue: apiB, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "null for a tuple origin", in: HeaderList{{acao, "null"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: "null", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "null for an opaque origin", page: "opaque", in: HeaderList{{acao, "null"}}},
		{desc: "NULL is not a URL", page: "opaque", in: HeaderList{{acao, "NULL"}},
			wantReason: ReasonInvalidAllowOriginValue, wantValue: "NULL", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "an origin for an opaque origin", page: "opaque", in: HeaderList{{acao, pageA}},
			wantReason: ReasonAllowOriginMismatch, wantValue: pageA, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "null for a redirect-tainted request", urls: []string{apiB + "/r", cdnC + "/d"}, in: HeaderList{{acao, "null"}}},
		{desc: "the page's origin for a redirect-tainted request", urls: []string{apiB + "/r", cdnC + "/d"}, in: HeaderList{{acao, pageA}},
			wantReason: ReasonAllowOriginMismatch, wantValue: pageA, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "redirected but not tainted", urls: []string{pageA + "/r", apiB + "/d"}, in: HeaderList{{acao, pageA}}},
		{desc: "comma list on one line", in: HeaderList{{acao, pageA + ", " + apiB}},
			wantReason: ReasonMultipleAllowOriginValues, wantValue: pageA + ", " + apiB, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "comma list without space", in: HeaderList{{acao, pageA + "," + pageA}},
			wantReason: ReasonMultipleAllowOriginValues, wantValue: pageA + "," + pageA, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "space list on one line", in: HeaderList{{acao, pageA + " " + apiB}},
			wantReason: ReasonMultipleAllowOriginValues, wantValue: pageA + " " + apiB, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "two identical lines", in: HeaderList{{acao, pageA}, {acao, pageA}},
			wantReason: ReasonMultipleAllowOriginValues, wantValue: pageA + ", " + pageA, wantLines: 2, wantFirefox: "CORSMultipleAllowOriginNotAllowed"},
		{desc: "two lines, * and the origin", creds: CredentialsOmit, in: HeaderList{{acao, "*"}, {"access-control-allow-origin", pageA}},
			wantReason: ReasonMultipleAllowOriginValues, wantValue: "*, " + pageA, wantLines: 2, wantFirefox: "CORSMultipleAllowOriginNotAllowed"},
		{desc: "three lines", in: HeaderList{{acao, pageA}, {"X", "y"}, {acao, apiB}, {acao, "null"}},
			wantReason: ReasonMultipleAllowOriginValues, wantValue: pageA + ", " + apiB + ", null", wantLines: 3, wantFirefox: "CORSMultipleAllowOriginNotAllowed"},
		{desc: "two lines win over credentials", creds: CredentialsInclude, in: HeaderList{{acao, pageA}, {acao, pageA}},
			wantReason: ReasonMultipleAllowOriginValues, wantValue: pageA + ", " + pageA, wantLines: 2, wantFirefox: "CORSMultipleAllowOriginNotAllowed"},
		{desc: "not a URL", in: HeaderList{{acao, "app.example"}},
			wantReason: ReasonInvalidAllowOriginValue, wantValue: "app.example", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "empty value", in: HeaderList{{acao, ""}},
			wantReason: ReasonInvalidAllowOriginValue, wantValue: "", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "wildcard subdomain without scheme", in: HeaderList{{acao, "*.app.example"}},
			wantReason: ReasonInvalidAllowOriginValue, wantValue: "*.app.example", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "unclosed IPv6 host", in: HeaderList{{acao, "http://[::1"}},
			wantReason: ReasonInvalidAllowOriginValue, wantValue: "http://[::1", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "true is not an origin", in: HeaderList{{acao, "true"}},
			wantReason: ReasonInvalidAllowOriginValue, wantValue: "true", wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
		{desc: "include, exact, true", creds: CredentialsInclude, in: HeaderList{{acao, pageA}, {acac, "true"}}},
		{desc: "include, credentials header name in lower case", creds: CredentialsInclude,
			in: HeaderList{{acao, pageA}, {"access-control-allow-credentials", "true"}}},
		{desc: "include, null for an opaque origin, true", page: "opaque", creds: CredentialsInclude, in: HeaderList{{acao, "null"}, {acac, "true"}}},
		{desc: "include, credentials missing", creds: CredentialsInclude, in: HeaderList{{acao, pageA}},
			wantReason: ReasonInvalidAllowCredentials, wantValue: "", wantLines: 1, wantFirefox: "CORSMissingAllowCredentials"},
		{desc: "include, True", creds: CredentialsInclude, in: HeaderList{{acao, pageA}, {acac, "True"}},
			wantReason: ReasonInvalidAllowCredentials, wantValue: "True", wantLines: 1, wantFirefox: "CORSMissingAllowCredentials"},
		{desc: "include, empty", creds: CredentialsInclude, in: HeaderList{{acao, pageA}, {acac, ""}},
			wantReason: ReasonInvalidAllowCredentials, wantValue: "", wantLines: 1, wantFirefox: "CORSMissingAllowCredentials"},
		{desc: "include, true, true on one line", creds: CredentialsInclude, in: HeaderList{{acao, pageA}, {acac, "true, true"}},
			wantReason: ReasonInvalidAllowCredentials, wantValue: "true, true", wantLines: 1, wantFirefox: "CORSMissingAllowCredentials"},
		{desc: "include, true on two lines", creds: CredentialsInclude, in: HeaderList{{acac, "true"}, {acao, pageA}, {acac, "true"}},
			wantReason: ReasonInvalidAllowCredentials, wantValue: "true, true", wantLines: 1, wantFirefox: "CORSMissingAllowCredentials"},
		{desc: "omit ignores a wrong credentials header", creds: CredentialsOmit, in: HeaderList{{acao, pageA}, {acac, "false"}}},
		{desc: "include, mismatch reported before credentials", creds: CredentialsInclude, in: HeaderList{{acao, apiB}, {acac, "false"}},
			wantReason: ReasonAllowOriginMismatch, wantValue: apiB, wantLines: 1, wantFirefox: "CORSAllowOriginNotMatchingOrigin"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			urls := tc.urls
			if urls == nil {
				urls = []string{target}
			}
			page := tc.page
			if page == "" || page == "opaque" {
				page = pageA
			}
			req := corsRequest(t, page, "GET", tc.creds, nil, urls...)
			if tc.page == "opaque" {
				req.Origin = origin.Opaque()
			}
			got := CORSCheck(req, tc.in)
			want := CheckResult{Reason: tc.wantReason, Value: tc.wantValue, AllowOriginLines: tc.wantLines}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("CORSCheck(%q): -want +got:\n%s", tc.in, diff)
			}
			if got.OK() != (tc.wantReason == ReasonNone) {
				t.Errorf("CORSCheck(%q).OK(): got %v, want %v", tc.in, got.OK(), tc.wantReason == ReasonNone)
			}
			if lit := literalCORSCheck(req, tc.in); lit != got.OK() {
				t.Errorf("CORSCheck(%q): got OK %v, the spec's literal steps say %v", tc.in, got.OK(), lit)
			}
			if got.OK() {
				return
			}
			if ff := FirefoxReasonFor(got.Reason, got.AllowOriginLines); ff != tc.wantFirefox {
				t.Errorf("FirefoxReasonFor(%v, %d): got %q, want %q", got.Reason, got.AllowOriginLines, ff, tc.wantFirefox)
			}
		})
	}
}

// corsCheckInput draws a request and a response header list for CORSCheck.
func corsCheckInput(t *rapid.T) (*Request, HeaderList) {
	page := gen.SerializedOrigin().Draw(t, "page")
	o, err := origin.FromURL(page)
	if err != nil {
		t.Fatalf("origin.FromURL(%q): %v", page, err)
	}
	if rapid.IntRange(0, 9).Draw(t, "opaque") == 0 {
		o = origin.Opaque()
	}
	creds := rapid.SampledFrom([]CredentialsMode{CredentialsSameOrigin, CredentialsOmit, CredentialsInclude}).Draw(t, "creds")
	urls := rapid.SliceOfN(gen.SerializedOrigin(), 1, 3).Draw(t, "urls")
	req := &Request{Method: "GET", Origin: o, Credentials: creds, Mode: ModeCORS, ResponseTainting: TaintingCORS}
	for _, u := range urls {
		parsed, err := origin.ParseURL(u+"/r", nil)
		if err != nil {
			t.Fatalf("origin.ParseURL(%q): %v", u, err)
		}
		req.URLList = append(req.URLList, parsed)
	}
	var header HeaderList
	for range rapid.IntRange(0, 2).Draw(t, "acao lines") {
		header = append(header, Header{acao, gen.AllowOriginValue().Draw(t, "acao")})
	}
	for range rapid.IntRange(0, 2).Draw(t, "acac lines") {
		header = append(header, Header{acac, rapid.SampledFrom([]string{"true", "True", "", "false"}).Draw(t, "acac")})
	}
	return req, header
}

// TestPropertyCORSCheckMatchesLiteral checks that CORSCheck's refined
// failures never change the spec's verdict.
func TestPropertyCORSCheckMatchesLiteral(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		req, header := corsCheckInput(t)
		got := CORSCheck(req, header)
		if lit := literalCORSCheck(req, header); got.OK() != lit {
			t.Fatalf("CORSCheck(%q) for %s: got %v, the spec's literal steps say OK=%v", header, req.SerializedOrigin(), got, lit)
		}
		if !got.OK() && got.Reason.IsPreflight() {
			t.Fatalf("CORSCheck(%q): got the preflight reason %v", header, got.Reason)
		}
	})
}

// TestPropertyCORSCheckIgnoresNameCase checks that the letter case of the
// response's header names does not change the result.
func TestPropertyCORSCheckIgnoresNameCase(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		req, header := corsCheckInput(t)
		recased := header.Clone()
		for i := range recased {
			recased[i].Name = gen.CaseVariant(recased[i].Name).Draw(t, "name")
		}
		if a, b := CORSCheck(req, header), CORSCheck(req, recased); a != b {
			t.Fatalf("CORSCheck(%q) = %+v, but CORSCheck(%q) = %+v", header, a, recased, b)
		}
	})
}

func TestCORSCheckDoesNotAllocate(t *testing.T) {
	tests := []struct {
		desc   string
		page   string
		creds  CredentialsMode
		header HeaderList
	}{
		{"exact", pageA, CredentialsSameOrigin, HeaderList{{"Content-Type", "text/plain"}, {acao, pageA}}},
		{"wildcard", pageA, CredentialsOmit, HeaderList{{acao, "*"}}},
		{"include", pageA, CredentialsInclude, HeaderList{{acao, pageA}, {acac, "true"}, {"Vary", "Origin"}}},
		{"port", "https://app.example:8443", CredentialsInclude, HeaderList{{acao, "https://app.example:8443"}, {acac, "true"}}},
		{"IPv6", "http://[::1]:3000", CredentialsSameOrigin, HeaderList{{acao, "http://[::1]:3000"}}},
	}
	for _, tc := range tests {
		req := corsRequest(t, tc.page, "GET", tc.creds, nil, apiB+"/data", apiB+"/moved")
		if !CORSCheck(req, tc.header).OK() {
			t.Fatalf("%s: CORSCheck(%q) failed", tc.desc, tc.header)
		}
		if n := testing.AllocsPerRun(100, func() { CORSCheck(req, tc.header) }); n != 0 {
			t.Errorf("%s: CORSCheck(%q): got %v allocations, want 0", tc.desc, tc.header, n)
		}
	}
}
