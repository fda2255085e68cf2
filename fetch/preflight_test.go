package fetch

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const (
	acam = "Access-Control-Allow-Methods"
	acah = "Access-Control-Allow-Headers"
	acma = "Access-Control-Max-Age"
)

// preflightRequest describes the request whose preflight is validated.
type preflightRequest struct {
	method string
	creds  CredentialsMode
	header HeaderList
	forced bool // use-CORS-preflight flag
}

func (p preflightRequest) build(tb testing.TB) *Request {
	tb.Helper()
	if p.method == "" {
		p.method = "PUT"
	}
	r := corsRequest(tb, pageA, p.method, p.creds, p.header, apiB+"/data")
	r.UseCORSPreflight = p.forced
	return r
}

// allowOK is a preflight response header list that passes the CORS check
// for pageA with any credentials mode.
func allowOK(extra ...Header) HeaderList {
	return append(HeaderList{{acao, pageA}, {acac, "true"}}, extra...)
}

// preflightOutcome is what ValidatePreflightResponse reports, minus what
// every case shares (status, max-age).
type preflightOutcome struct {
	Reason       Reason
	Value        string
	Lines        int
	AuthWildcard bool
}

func TestValidatePreflightResponse(t *testing.T) {
	engineOnly := func(o preflightOutcome) map[Engine]preflightOutcome {
		return map[Engine]preflightOutcome{EngineChromium: o, EngineFirefox: o, EngineWebKit: o}
	}
	a100 := strings.Repeat("a", 100)
	digits128 := strings.Repeat("1", 128)
	tests := []struct {
		desc   string
		req    preflightRequest
		status int
		in     HeaderList
		// wantReason and wantValue are the spec's outcome.
		wantReason Reason
		wantValue  string
		wantLines  int
		// engines holds the outcomes of the engines that differ from the
		// spec.
		engines map[Engine]preflightOutcome
		// failsIf, when set, says which profiles fail with wantReason and
		// wantValue; the others allow the request. Cases that hinge on one
		// profile field use it; TestProfiles pins the fields per engine.
		failsIf func(Profile) bool
	}{
		// An ok status first, then the CORS check.
		{desc: "200", status: 200, in: allowOK(Header{acam, "PUT"})},
		{desc: "204", status: 204, in: allowOK(Header{acam, "PUT"})},
		{desc: "299", status: 299, in: allowOK(Header{acam, "PUT"})},
		{desc: "199", status: 199, in: allowOK(Header{acam, "PUT"}), wantReason: ReasonPreflightInvalidStatus},
		{desc: "300 is not a redirect status", status: 300, in: allowOK(Header{acam, "PUT"}), wantReason: ReasonPreflightInvalidStatus},
		{desc: "304", status: 304, in: allowOK(Header{acam, "PUT"}), wantReason: ReasonPreflightInvalidStatus},
		{desc: "404 without Access-Control-Allow-Origin: the CORS check is stated first", status: 404, in: nil,
			wantReason: ReasonPreflightMissingAllowOriginHeader,
			engines: map[Engine]preflightOutcome{
				EngineWebKit: {Reason: ReasonPreflightInvalidStatus}}},
		{desc: "500 with another origin", status: 500, in: HeaderList{{acao, apiB}},
			wantReason: ReasonPreflightAllowOriginMismatch, wantValue: apiB, wantLines: 1,
			engines: map[Engine]preflightOutcome{
				EngineWebKit: {Reason: ReasonPreflightInvalidStatus}}},
		{desc: "500 with good headers", status: 500, in: allowOK(Header{acam, "PUT"}), wantReason: ReasonPreflightInvalidStatus},
		{desc: "301", status: 301, in: HeaderList{{"Location", "/x"}}, wantReason: ReasonPreflightMissingAllowOriginHeader,
			engines: map[Engine]preflightOutcome{EngineChromium: {Reason: ReasonPreflightDisallowedRedirect}, EngineWebKit: {Reason: ReasonPreflightDisallowedRedirect}}},
		{desc: "302 without Access-Control-Allow-Origin: the CORS check first, but Chromium reports the redirect", status: 302,
			in: HeaderList{{"Location", "/x"}}, wantReason: ReasonPreflightMissingAllowOriginHeader,
			engines: map[Engine]preflightOutcome{EngineChromium: {Reason: ReasonPreflightDisallowedRedirect}, EngineWebKit: {Reason: ReasonPreflightDisallowedRedirect}}},
		{desc: "302", status: 302, in: allowOK(Header{acam, "PUT"}), wantReason: ReasonPreflightDisallowedRedirect},
		{desc: "303", status: 303, in: nil, wantReason: ReasonPreflightMissingAllowOriginHeader,
			engines: map[Engine]preflightOutcome{EngineChromium: {Reason: ReasonPreflightDisallowedRedirect}, EngineWebKit: {Reason: ReasonPreflightDisallowedRedirect}}},
		{desc: "307", status: 307, in: nil, wantReason: ReasonPreflightMissingAllowOriginHeader,
			engines: map[Engine]preflightOutcome{EngineChromium: {Reason: ReasonPreflightDisallowedRedirect}, EngineWebKit: {Reason: ReasonPreflightDisallowedRedirect}}},
		{desc: "308", status: 308, in: nil, wantReason: ReasonPreflightMissingAllowOriginHeader,
			engines: map[Engine]preflightOutcome{EngineChromium: {Reason: ReasonPreflightDisallowedRedirect}, EngineWebKit: {Reason: ReasonPreflightDisallowedRedirect}}},
		{desc: "no Access-Control-Allow-Origin", status: 200, in: HeaderList{{acam, "PUT"}},
			wantReason: ReasonPreflightMissingAllowOriginHeader},
		{desc: "two Access-Control-Allow-Origin lines", status: 200, in: HeaderList{{acao, pageA}, {acao, pageA}, {acam, "PUT"}},
			wantReason: ReasonPreflightMultipleAllowOriginValues, wantValue: pageA + ", " + pageA, wantLines: 2},
		{desc: "a list on one line", status: 200, in: HeaderList{{acao, pageA + " " + apiB}, {acam, "PUT"}},
			wantReason: ReasonPreflightMultipleAllowOriginValues, wantValue: pageA + " " + apiB, wantLines: 1},
		{desc: "not a URL", status: 200, in: HeaderList{{acao, "app"}, {acam, "PUT"}},
			wantReason: ReasonPreflightInvalidAllowOriginValue, wantValue: "app", wantLines: 1},
		{desc: "another origin", status: 200, in: HeaderList{{acao, apiB}, {acam, "PUT"}},
			wantReason: ReasonPreflightAllowOriginMismatch, wantValue: apiB, wantLines: 1},
		{desc: "* with credentials", req: preflightRequest{creds: CredentialsInclude}, status: 200,
			in: HeaderList{{acao, "*"}, {acac, "true"}, {acam, "PUT"}}, wantReason: ReasonPreflightWildcardOriginNotAllowed, wantValue: "*", wantLines: 1},
		{desc: "credentials without Access-Control-Allow-Credentials", req: preflightRequest{creds: CredentialsInclude}, status: 200,
			in: HeaderList{{acao, pageA}, {acam, "PUT"}}, wantReason: ReasonPreflightInvalidAllowCredentials, wantLines: 1},
		{desc: "credentials with TRUE", req: preflightRequest{creds: CredentialsInclude}, status: 200,
			in: HeaderList{{acao, pageA}, {acac, "TRUE"}, {acam, "PUT"}}, wantReason: ReasonPreflightInvalidAllowCredentials, wantValue: "TRUE", wantLines: 1},

		// Parsing the two lists.
		{desc: "methods not tokens", status: 200, in: allowOK(Header{acam, "PUT, DE LETE"}),
			wantReason: ReasonInvalidAllowMethodsPreflightResponse, wantValue: "DE LETE"},
		{desc: "quoted method", status: 200, in: allowOK(Header{acam, `"PUT"`}),
			wantReason: ReasonInvalidAllowMethodsPreflightResponse, wantValue: `"PUT"`},
		{desc: "method with ;", status: 200, in: allowOK(Header{acam, "PUT;"}),
			wantReason: ReasonInvalidAllowMethodsPreflightResponse, wantValue: "PUT;"},
		{desc: "bad method on a second line", status: 200, in: allowOK(Header{acam, "PUT"}, Header{acam, "[x]"}),
			wantReason: ReasonInvalidAllowMethodsPreflightResponse, wantValue: "[x]"},
		{desc: "bad methods fail a safelisted method too", req: preflightRequest{method: "GET", header: HeaderList{{"X-A", "1"}}},
			status: 200, in: allowOK(Header{acam, "GET/"}, Header{acah, "X-A"}),
			wantReason: ReasonInvalidAllowMethodsPreflightResponse, wantValue: "GET/"},
		{desc: "empty elements are skipped", status: 200, in: allowOK(Header{acam, ", ,PUT,\t,"})},
		{desc: "header names not tokens", req: preflightRequest{header: HeaderList{{"X-A", "1"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "X-A, X B"}), wantReason: ReasonInvalidAllowHeadersPreflightResponse, wantValue: "X B"},
		{desc: "header name with parentheses", req: preflightRequest{header: HeaderList{{"X-A", "1"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "(X-A)"}), wantReason: ReasonInvalidAllowHeadersPreflightResponse, wantValue: "(X-A)"},
		{desc: "methods are parsed before header names", status: 200,
			in: allowOK(Header{acah, "a b"}, Header{acam, "c d"}), wantReason: ReasonInvalidAllowMethodsPreflightResponse, wantValue: "c d"},

		// The method.
		{desc: "method listed", status: 200, in: allowOK(Header{acam, "DELETE, PUT"})},
		{desc: "method not listed", status: 200, in: allowOK(Header{acam, "DELETE"}),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "PUT"},
		{desc: "no methods", status: 200, in: allowOK(),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "PUT"},
		{desc: "empty methods", status: 200, in: allowOK(Header{acam, ""}),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "PUT"},
		{desc: "patch against PATCH", req: preflightRequest{method: "patch"}, status: 200, in: allowOK(Header{acam, "PATCH"}),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "patch"},
		{desc: "PATCH against patch", req: preflightRequest{method: "PATCH"}, status: 200, in: allowOK(Header{acam, "patch"}),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "PATCH"},
		{desc: "patch against patch", req: preflightRequest{method: "patch"}, status: 200, in: allowOK(Header{acam, "patch"})},
		{desc: "put (not normalized) against PUT", req: preflightRequest{method: "put"}, status: 200, in: allowOK(Header{acam, "PUT"}),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "put"},
		{desc: "* without credentials", status: 200, in: HeaderList{{acao, "*"}, {acam, "*"}}},
		{desc: "* with credentials is a method named *", req: preflightRequest{creds: CredentialsInclude}, status: 200,
			in: allowOK(Header{acam, "*"}), wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "PUT"},
		{desc: "listed with credentials, beside *", req: preflightRequest{creds: CredentialsInclude}, status: 200,
			in: allowOK(Header{acam, "PUT, *"})},
		{desc: "safelisted method needs no listing", req: preflightRequest{method: "POST", header: HeaderList{{"X-A", "1"}}},
			status: 200, in: allowOK(Header{acam, "PUT"}, Header{acah, "x-a"})},
		{desc: "HEAD needs no listing", req: preflightRequest{method: "HEAD", header: HeaderList{{"X-A", "1"}}},
			status: 200, in: allowOK(Header{acah, "x-a"})},
		{desc: "forced GET without methods", req: preflightRequest{method: "GET", forced: true}, status: 200, in: allowOK()},
		{desc: "forced PUT without methods allows PUT", req: preflightRequest{forced: true}, status: 200, in: allowOK()},
		{desc: "forced PUT with other methods", req: preflightRequest{forced: true}, status: 200, in: allowOK(Header{acam, "DELETE"}),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "PUT"},
		{desc: "forced PUT with an empty list", req: preflightRequest{forced: true}, status: 200, in: allowOK(Header{acam, ""}),
			wantReason: ReasonMethodDisallowedByPreflightResponse, wantValue: "PUT"},
		{desc: "forced POST with other methods", req: preflightRequest{method: "POST", forced: true}, status: 200,
			in: allowOK(Header{acam, "DELETE"})},

		// Authorization.
		{desc: "Authorization listed", req: preflightRequest{header: HeaderList{{"Authorization", "Bearer x"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "authorization"})},
		{desc: "Authorization listed in another case", req: preflightRequest{header: HeaderList{{"authorization", "Bearer x"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "AUTHORIZATION"})},
		{desc: "Authorization under *", req: preflightRequest{header: HeaderList{{"Authorization", "Bearer x"}}}, status: 200,
			in:         HeaderList{{acao, pageA}, {acam, "PUT"}, {acah, "*"}},
			wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "authorization",
			engines: engineOnly(preflightOutcome{AuthWildcard: true})},
		{desc: "Authorization under * with credentials", req: preflightRequest{creds: CredentialsInclude, header: HeaderList{{"Authorization", "x"}}},
			status: 200, in: allowOK(Header{acam, "PUT"}, Header{acah, "*"}),
			wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "authorization"},
		{desc: "Authorization listed beside *", req: preflightRequest{header: HeaderList{{"Authorization", "x"}, {"X-A", "1"}}}, status: 200,
			in: HeaderList{{acao, pageA}, {acam, "PUT"}, {acah, "*, Authorization"}}},
		{desc: "Authorization not listed, other names listed", req: preflightRequest{header: HeaderList{{"X-A", "1"}, {"Authorization", "x"}}},
			status: 200, in: allowOK(Header{acam, "PUT"}, Header{acah, "x-a"}),
			wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "authorization"},
		{desc: "* without Authorization", req: preflightRequest{header: HeaderList{{"X-A", "1"}}}, status: 200,
			in: HeaderList{{acao, pageA}, {acam, "PUT"}, {acah, "*"}}},

		// CORS-unsafe request-header names.
		{desc: "name listed", req: preflightRequest{header: HeaderList{{"X-A", "1"}}}, status: 200, in: allowOK(Header{acam, "PUT"}, Header{acah, "X-A"})},
		{desc: "name listed in another case", req: preflightRequest{header: HeaderList{{"X-A", "1"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "x-a"})},
		{desc: "name not listed", req: preflightRequest{header: HeaderList{{"X-A", "1"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "X-B"}), wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "x-a"},
		{desc: "first unlisted name in sorted order", req: preflightRequest{header: HeaderList{{"X-C", "1"}, {"X-B", "1"}, {"x-a", "1"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "X-A"}), wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "x-b"},
		{desc: "names on two lines", req: preflightRequest{header: HeaderList{{"X-B", "1"}, {"X-A", "1"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "X-A"}, Header{acah, "X-B"})},
		{desc: "unsafe Content-Type", req: preflightRequest{header: HeaderList{{"Content-Type", "application/json"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}), wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "content-type"},
		{desc: "safelisted Content-Type", req: preflightRequest{header: HeaderList{{"Content-Type", "text/plain"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"})},
		{desc: "* covers names without credentials", req: preflightRequest{header: HeaderList{{"X-A", "1"}, {"X-B", "1"}}}, status: 200,
			in: HeaderList{{acao, pageA}, {acam, "PUT"}, {acah, "*"}}},
		{desc: "* with credentials is a name", req: preflightRequest{creds: CredentialsInclude, header: HeaderList{{"X-A", "1"}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}, Header{acah, "*"}), wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "x-a"},
		{desc: "* with credentials allows a header named *", req: preflightRequest{creds: CredentialsInclude, header: HeaderList{{"*", "1"}}},
			status: 200, in: allowOK(Header{acam, "PUT"}, Header{acah, "*"})},
		{desc: "client hint DPR", req: preflightRequest{header: HeaderList{{"DPR", "2"}}}, status: 200, in: allowOK(Header{acam, "PUT"}),
			wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "dpr",
			engines: map[Engine]preflightOutcome{EngineChromium: {}}},
		{desc: "two 100-byte Accept headers: 202 bytes once combined", req: preflightRequest{header: HeaderList{{"Accept", a100}, {"Accept", a100}}}, status: 200,
			in: allowOK(Header{acam, "PUT"}), wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "accept",
			failsIf: func(p Profile) bool { return p.SafelistCombinesDuplicates }},
		{desc: "safelisted values over 1024 bytes", status: 200, in: allowOK(Header{acam, "PUT"}),
			req: preflightRequest{header: HeaderList{
				{"Accept-Language", a100}, {"Accept-Language", a100}, {"Accept-Language", a100}, {"Accept-Language", a100},
				{"Accept-Language", a100}, {"Accept-Language", a100}, {"Accept-Language", a100}, {"Accept-Language", a100},
				{"Accept-Language", a100}, {"Accept-Language", a100}, {"Accept-Language", a100},
			}},
			wantReason: ReasonHeaderDisallowedByPreflightResponse, wantValue: "accept-language",
			failsIf: func(p Profile) bool { return p.SafelistCombinesDuplicates || p.SafelistTotalLimit >= 0 }},
		{desc: "Chromium's client hints push the safelisted values over 1024 bytes", status: 200,
			req: preflightRequest{header: HeaderList{
				{"Accept", digits128}, {"Accept-Language", digits128}, {"Content-Language", digits128}, {"Content-Type", "text/plain"},
				{"Intervention", digits128}, {"Width", digits128}, {"Viewport-Width", digits128}, {"RTT", digits128}, {"Downlink", digits128},
			}},
			in:      allowOK(Header{acam, "PUT"}, Header{acah, "Downlink, Intervention, RTT, Viewport-Width, Width"}),
			engines: map[Engine]preflightOutcome{EngineChromium: {Reason: ReasonHeaderDisallowedByPreflightResponse, Value: "accept"}}},
	}
	for _, tc := range tests {
		for _, e := range Engines() {
			t.Run(tc.desc+"/"+e.String(), func(t *testing.T) {
				want := preflightOutcome{Reason: tc.wantReason, Value: tc.wantValue, Lines: tc.wantLines}
				if o, ok := tc.engines[e]; ok {
					want = o
				}
				p := e.Profile()
				if tc.failsIf != nil && !tc.failsIf(p) {
					want = preflightOutcome{}
				}
				req := tc.req.build(t)
				res := p.ValidatePreflightResponse(req, tc.status, tc.in)
				got := preflightOutcome{Reason: res.Reason, Value: res.Value, Lines: res.AllowOriginLines, AuthWildcard: res.AuthorizationCoveredByWildcard}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%v.ValidatePreflightResponse(%s %q, %d, %q): -want +got:\n%s", e, req.Method, req.Header, tc.status, tc.in, diff)
				}
				if res.Status != tc.status {
					t.Errorf("Status: got %d, want %d", res.Status, tc.status)
				}
				if res.OK() != (want.Reason == ReasonNone) {
					t.Errorf("OK(): got %v, want %v", res.OK(), want.Reason == ReasonNone)
				}
				if !res.OK() && !res.Reason.IsPreflight() {
					t.Errorf("reason %v is not a preflight reason", res.Reason)
				}
				if !res.OK() && res.MaxAge != 0 {
					t.Errorf("MaxAge of a failed preflight: got %d, want 0", res.MaxAge)
				}
			})
		}
	}
}

func TestPreflightMaxAge(t *testing.T) {
	// want holds the spec's, Chromium's, Firefox's and WebKit's max-age.
	tests := []struct {
		desc string
		in   HeaderList
		want [4]int64
	}{
		{"absent", nil, [4]int64{5, 5, 5, 5}},
		{"0 is not cached", HeaderList{{acma, "0"}}, [4]int64{0, 0, 0, 0}},
		{"1", HeaderList{{acma, "1"}}, [4]int64{1, 1, 1, 1}},
		{"leading zeros", HeaderList{{acma, "007"}}, [4]int64{7, 7, 7, 7}},
		{"header name in lower case", HeaderList{{"access-control-max-age", "60"}}, [4]int64{60, 60, 60, 60}},
		{"-1", HeaderList{{acma, "-1"}}, [4]int64{5, 0, 0, 0}},
		{"-0", HeaderList{{acma, "-0"}}, [4]int64{5, 0, 0, 0}},
		{"abc", HeaderList{{acma, "abc"}}, [4]int64{5, 5, 0, 5}},
		{"1e3", HeaderList{{acma, "1e3"}}, [4]int64{5, 5, 0, 5}},
		{"1.5", HeaderList{{acma, "1.5"}}, [4]int64{5, 5, 0, 5}},
		{"empty value", HeaderList{{acma, ""}}, [4]int64{5, 5, 5, 5}},
		{"two lines", HeaderList{{acma, "10"}, {acma, "10"}}, [4]int64{5, 5, 0, 5}},
		{"a list on one line", HeaderList{{acma, "10, 20"}}, [4]int64{5, 5, 0, 5}},
		{"600", HeaderList{{acma, "600"}}, [4]int64{600, 600, 600, 600}},
		{"601", HeaderList{{acma, "601"}}, [4]int64{601, 601, 601, 600}},
		{"7200", HeaderList{{acma, "7200"}}, [4]int64{7200, 7200, 7200, 600}},
		{"7201", HeaderList{{acma, "7201"}}, [4]int64{7201, 7200, 7201, 600}},
		{"86400", HeaderList{{acma, "86400"}}, [4]int64{86400, 7200, 86400, 600}},
		{"86401", HeaderList{{acma, "86401"}}, [4]int64{86401, 7200, 86400, 600}},
		{"huge", HeaderList{{acma, "99999999999"}}, [4]int64{2147483648, 7200, 86400, 600}},
		{"2^31", HeaderList{{acma, "2147483648"}}, [4]int64{2147483648, 7200, 86400, 600}},
	}
	for _, tc := range tests {
		for i, e := range Engines() {
			p := e.Profile()
			req := corsRequest(t, pageA, "PUT", CredentialsSameOrigin, nil, apiB)
			res := p.ValidatePreflightResponse(req, 200, append(HeaderList{{acao, "*"}, {acam, "PUT"}}, tc.in...))
			if !res.OK() {
				t.Fatalf("%s/%v: ValidatePreflightResponse failed: %v", tc.desc, e, res.Reason)
			}
			if res.MaxAge != tc.want[i] {
				t.Errorf("%v: max-age of %q (%s): got %d, want %d", e, tc.in, tc.desc, res.MaxAge, tc.want[i])
			}
		}
	}
}

func TestNeedsCORSWithPreflight(t *testing.T) {
	a100 := strings.Repeat("a", 100)
	tests := []struct {
		desc   string
		method string
		header HeaderList
		forced bool
		unsafe bool // the unsafe-request flag
		// want is the spec's answer; engines the engines that differ.
		want    bool
		engines map[Engine]bool
		// needsIf, when set, gives the answer from the one profile field
		// the case hinges on (TestProfiles pins the fields per engine).
		needsIf func(Profile) bool
	}{
		{desc: "GET", method: "GET", unsafe: true},
		{desc: "HEAD", method: "HEAD", unsafe: true},
		{desc: "POST with a safelisted Content-Type", method: "POST", unsafe: true, header: HeaderList{{"Content-Type", "text/plain;charset=UTF-8"}}},
		{desc: "POST with JSON", method: "POST", unsafe: true, header: HeaderList{{"Content-Type", "application/json"}}, want: true},
		{desc: "PUT", method: "PUT", unsafe: true, want: true},
		{desc: "patch", method: "patch", unsafe: true, want: true},
		{desc: "get, not normalized", method: "get", unsafe: true, want: true},
		{desc: "GET with a custom header", method: "GET", unsafe: true, header: HeaderList{{"X-A", "1"}}, want: true},
		{desc: "GET with Authorization", method: "GET", unsafe: true, header: HeaderList{{"Authorization", "x"}}, want: true},
		{desc: "without the unsafe-request flag, PUT", method: "PUT", want: false},
		{desc: "without the unsafe-request flag, custom header", method: "GET", header: HeaderList{{"X-A", "1"}}, want: false},
		{desc: "use-CORS-preflight, GET", method: "GET", unsafe: true, forced: true, want: true},
		{desc: "use-CORS-preflight without the unsafe-request flag", method: "GET", forced: true, want: true},
		{desc: "client hint DPR", method: "GET", unsafe: true, header: HeaderList{{"DPR", "2"}}, want: true,
			engines: map[Engine]bool{EngineChromium: false}},
		{desc: "Save-Data: on", method: "GET", unsafe: true, header: HeaderList{{"Save-Data", "on"}}, want: true,
			engines: map[Engine]bool{EngineChromium: false}},
		{desc: "Range bytes=0-", method: "GET", unsafe: true, header: HeaderList{{"Range", "bytes=0-"}}},
		{desc: "Range Bytes=0-", method: "GET", unsafe: true, header: HeaderList{{"Range", "Bytes=0-"}}, want: true,
			engines: map[Engine]bool{EngineWebKit: false}},
		{desc: "two 100-byte Accept headers", method: "GET", unsafe: true, header: HeaderList{{"Accept", a100}, {"accept", a100}},
			needsIf: func(p Profile) bool { return p.SafelistCombinesDuplicates }},
		{desc: "eleven 100-byte Accept headers", method: "GET", unsafe: true, want: true,
			needsIf: func(p Profile) bool { return p.SafelistCombinesDuplicates || p.SafelistTotalLimit >= 0 }, header: HeaderList{
				{"Accept", a100}, {"Accept", a100}, {"Accept", a100}, {"Accept", a100}, {"Accept", a100}, {"Accept", a100},
				{"Accept", a100}, {"Accept", a100}, {"Accept", a100}, {"Accept", a100}, {"Accept", a100}}},
	}
	for _, tc := range tests {
		for _, e := range Engines() {
			want := tc.want
			if w, ok := tc.engines[e]; ok {
				want = w
			}
			p := e.Profile()
			if tc.needsIf != nil {
				want = tc.needsIf(p)
			}
			req := corsRequest(t, pageA, tc.method, CredentialsSameOrigin, tc.header, apiB)
			req.UseCORSPreflight, req.UnsafeRequest = tc.forced, tc.unsafe
			if got := p.NeedsCORSWithPreflight(req); got != want {
				t.Errorf("%v.NeedsCORSWithPreflight(%s %q, forced %v, unsafe %v) (%s): got %v, want %v",
					e, tc.method, tc.header, tc.forced, tc.unsafe, tc.desc, got, want)
			}
		}
	}
}

func TestNewPreflightRequest(t *testing.T) {
	tests := []struct {
		desc   string
		engine Engine
		method string
		header HeaderList
		want   HeaderList
	}{
		{"PUT, no headers", EngineSpec, "PUT", nil,
			HeaderList{{"Accept", "*/*"}, {"Access-Control-Request-Method", "PUT"}}},
		{"patch stays lower case", EngineSpec, "patch", nil,
			HeaderList{{"Accept", "*/*"}, {"Access-Control-Request-Method", "patch"}}},
		{"names sorted, lower-cased, deduplicated, comma without space", EngineSpec, "PUT",
			HeaderList{{"X-B", "1"}, {"x-a", "1"}, {"X-A", "2"}, {"Content-Type", "application/json"}, {"Accept", "*/*"}, {"Authorization", "x"}},
			HeaderList{{"Accept", "*/*"}, {"Access-Control-Request-Method", "PUT"},
				{"Access-Control-Request-Headers", "authorization,content-type,x-a,x-b"}}},
		{"safelisted headers only", EngineSpec, "DELETE", HeaderList{{"Accept", "text/html"}, {"Content-Language", "en"}},
			HeaderList{{"Accept", "*/*"}, {"Access-Control-Request-Method", "DELETE"}}},
		{"Chromium leaves out its client hints", EngineChromium, "PUT", HeaderList{{"DPR", "2"}, {"X-A", "1"}},
			HeaderList{{"Accept", "*/*"}, {"Access-Control-Request-Method", "PUT"}, {"Access-Control-Request-Headers", "x-a"}}},
		{"the spec lists them", EngineSpec, "PUT", HeaderList{{"DPR", "2"}, {"X-A", "1"}},
			HeaderList{{"Accept", "*/*"}, {"Access-Control-Request-Method", "PUT"}, {"Access-Control-Request-Headers", "dpr,x-a"}}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			p := tc.engine.Profile()
			req := corsRequest(t, pageA, tc.method, CredentialsInclude, tc.header, apiB+"/r", cdnC+"/data?q#f")
			req.ReferrerPolicy = ReferrerPolicyNoReferrer
			req.RedirectCount = 1
			req.Body, req.HasBody = []byte("x"), true
			pre := p.NewPreflightRequest(req)
			if diff := cmp.Diff(tc.want, pre.Header, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("NewPreflightRequest(%s %q).Header: -want +got:\n%s", tc.method, tc.header, diff)
			}
			want := &Request{
				Method: "OPTIONS", URLList: req.URLList, Header: tc.want, Mode: ModeCORS,
				Credentials: CredentialsSameOrigin, Origin: req.Origin, ReferrerPolicy: ReferrerPolicyNoReferrer,
				ResponseTainting: TaintingCORS, RedirectCount: 1,
			}
			if diff := cmp.Diff(want, pre, cmp.Comparer(func(a, b *Request) bool {
				return a.Method == b.Method && cmp.Equal(a.URLList, b.URLList) && cmp.Equal(a.Header, b.Header, cmpopts.EquateEmpty()) &&
					a.Body == nil && b.Body == nil && a.HasBody == b.HasBody && a.Mode == b.Mode &&
					a.Credentials == b.Credentials && a.Redirect == b.Redirect && a.Origin == b.Origin &&
					a.ReferrerPolicy == b.ReferrerPolicy && a.ResponseTainting == b.ResponseTainting &&
					a.UseCORSPreflight == b.UseCORSPreflight && a.UnsafeRequest == b.UnsafeRequest &&
					a.RedirectCount == b.RedirectCount && a.TimingAllowFailed == b.TimingAllowFailed
			})); diff != "" {
				t.Errorf("NewPreflightRequest(%s %q): -want +got:\n%s", tc.method, tc.header, diff)
			}
			if got := pre.SerializedOrigin(); got != "null" {
				t.Errorf("the preflight after a cross-site redirect: SerializedOrigin() = %q, want %q", got, "null")
			}
			if v, send := pre.OriginHeader(); v != "null" || !send {
				t.Errorf("the preflight's Origin header: got (%q, %v), want (%q, true)", v, send, "null")
			}
			// The URL list is a clone: growing either list leaves the other
			// as it was (URLs themselves are never modified).
			pre.URLList = append(pre.URLList, mustURL(t, pageA))
			req.URLList = append(req.URLList, mustURL(t, subA))
			if len(req.URLList) != 3 || req.URLList[2].String() != subA+"/" || len(pre.URLList) != 3 || pre.URLList[2].String() != pageA+"/" {
				t.Errorf("the preflight's and the request's URL lists are not independent: %v and %v", pre.URLList, req.URLList)
			}
		})
	}
}

func TestValidatePreflightResponseDoesNotAllocate(t *testing.T) {
	tests := []struct {
		desc   string
		method string
		creds  CredentialsMode
		header HeaderList
		resp   HeaderList
	}{
		{"PUT", "PUT", CredentialsSameOrigin, nil, HeaderList{{acao, pageA}, {acam, "PUT, DELETE"}, {acma, "600"}}},
		{"JSON POST with credentials", "POST", CredentialsInclude,
			HeaderList{{"Content-Type", "application/json"}, {"X-Requested-With", "XMLHttpRequest"}, {"Authorization", "Bearer x"}},
			HeaderList{{acao, pageA}, {acac, "true"}, {acam, "GET, POST"}, {acah, "Content-Type, X-Requested-With, Authorization"}, {acma, "86400"}}},
		{"wildcards", "DELETE", CredentialsOmit, HeaderList{{"X-A", "1"}, {"X-B", "2"}},
			HeaderList{{acao, "*"}, {acam, "*"}, {acah, "*"}}},
	}
	for _, tc := range tests {
		for _, e := range Engines() {
			p := e.Profile()
			req := corsRequest(t, pageA, tc.method, tc.creds, tc.header, apiB+"/data")
			if res := p.ValidatePreflightResponse(req, 204, tc.resp); !res.OK() {
				t.Fatalf("%s/%v: ValidatePreflightResponse failed: %+v", tc.desc, e, res)
			}
			if n := testing.AllocsPerRun(100, func() { p.ValidatePreflightResponse(req, 204, tc.resp) }); n != 0 {
				t.Errorf("%s/%v: ValidatePreflightResponse: got %v allocations, want 0", tc.desc, e, n)
			}
		}
	}
}

func TestNeedsCORSWithPreflightDoesNotAllocate(t *testing.T) {
	for _, tc := range []struct {
		method string
		header HeaderList
	}{
		{"GET", HeaderList{{"Accept", "application/json"}, {"Accept-Language", "en-GB,en;q=0.9"}}},
		{"POST", HeaderList{{"Content-Type", "application/json"}, {"X-Requested-With", "XMLHttpRequest"}}},
		{"PUT", nil},
	} {
		for _, e := range Engines() {
			p := e.Profile()
			req := corsRequest(t, pageA, tc.method, CredentialsSameOrigin, tc.header, apiB+"/data")
			if n := testing.AllocsPerRun(100, func() { p.NeedsCORSWithPreflight(req) }); n != 0 {
				t.Errorf("%v.NeedsCORSWithPreflight(%s %q): got %v allocations, want 0", e, tc.method, tc.header, n)
			}
		}
	}
}
