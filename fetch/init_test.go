package fetch

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestNewRequestTypeErrors(t *testing.T) {
	body := "b"
	tests := []struct {
		desc  string
		input string
		init  RequestInit
		want  TypeError
	}{
		{"unparsable URL", "http://a b/", RequestInit{}, TypeError{TypeErrorInvalidURL, "http://a b/"}},
		{"bad port", "https://api.example:99999/", RequestInit{}, TypeError{TypeErrorInvalidURL, "https://api.example:99999/"}},
		{"empty host", "https:///", RequestInit{}, TypeError{TypeErrorInvalidURL, "https:///"}},
		{"credentials in the URL", "https://u:p@api.example/x", RequestInit{}, TypeError{TypeErrorURLCredentials, "https://u:p@api.example/x"}},
		{"username alone", "https://u@api.example", RequestInit{}, TypeError{TypeErrorURLCredentials, "https://u@api.example/"}},
		{"password alone", "https://:p@api.example", RequestInit{}, TypeError{TypeErrorURLCredentials, "https://:p@api.example/"}},
		{"credentials before navigate", "https://u@api.example", RequestInit{Mode: ModeNavigate}, TypeError{TypeErrorURLCredentials, "https://u@api.example/"}},
		{"navigate mode", apiB, RequestInit{Mode: ModeNavigate}, TypeError{TypeErrorNavigateMode, "navigate"}},
		{"navigate before the method", apiB, RequestInit{Mode: ModeNavigate, Method: "G T"}, TypeError{TypeErrorNavigateMode, "navigate"}},
		{"method not a token", apiB, RequestInit{Method: "G T"}, TypeError{TypeErrorInvalidMethod, "G T"}},
		{"method with a slash", apiB, RequestInit{Method: "GET/1"}, TypeError{TypeErrorInvalidMethod, "GET/1"}},
		{"non-ASCII method", apiB, RequestInit{Method: "GÉT"}, TypeError{TypeErrorInvalidMethod, "GÉT"}},
		{"CONNECT", apiB, RequestInit{Method: "CONNECT"}, TypeError{TypeErrorForbiddenMethod, "CONNECT"}},
		{"connect", apiB, RequestInit{Method: "connect"}, TypeError{TypeErrorForbiddenMethod, "connect"}},
		{"TRACE", apiB, RequestInit{Method: "TRACE"}, TypeError{TypeErrorForbiddenMethod, "TRACE"}},
		{"tRaCk", apiB, RequestInit{Method: "tRaCk"}, TypeError{TypeErrorForbiddenMethod, "tRaCk"}},
		{"invalid method before no-cors", apiB, RequestInit{Method: "P T", Mode: ModeNoCORS}, TypeError{TypeErrorInvalidMethod, "P T"}},
		{"no-cors PUT", apiB, RequestInit{Method: "PUT", Mode: ModeNoCORS}, TypeError{TypeErrorNoCORSMethod, "PUT"}},
		{"no-cors put, normalized first", apiB, RequestInit{Method: "put", Mode: ModeNoCORS}, TypeError{TypeErrorNoCORSMethod, "PUT"}},
		{"no-cors patch", apiB, RequestInit{Method: "patch", Mode: ModeNoCORS}, TypeError{TypeErrorNoCORSMethod, "patch"}},
		{"no-cors method before headers", apiB, RequestInit{Method: "DELETE", Mode: ModeNoCORS, Headers: HeaderList{{"X A", "1"}}},
			TypeError{TypeErrorNoCORSMethod, "DELETE"}},
		{"header name not a token", apiB, RequestInit{Headers: HeaderList{{"X A", "1"}}}, TypeError{TypeErrorInvalidHeaderName, "X A"}},
		{"empty header name", apiB, RequestInit{Headers: HeaderList{{"", "1"}}}, TypeError{TypeErrorInvalidHeaderName, ""}},
		{"header name with a colon", apiB, RequestInit{Headers: HeaderList{{"X:A", "1"}}}, TypeError{TypeErrorInvalidHeaderName, "X:A"}},
		{"header value with NUL", apiB, RequestInit{Headers: HeaderList{{"X-A", "a\x00b"}}}, TypeError{TypeErrorInvalidHeaderValue, "a\x00b"}},
		{"header value with LF inside", apiB, RequestInit{Headers: HeaderList{{"X-A", " a\nb "}}}, TypeError{TypeErrorInvalidHeaderValue, "a\nb"}},
		{"header value with CR inside", apiB, RequestInit{Headers: HeaderList{{"X-A", "a\rb"}}}, TypeError{TypeErrorInvalidHeaderValue, "a\rb"}},
		{"bad forbidden header still throws", apiB, RequestInit{Headers: HeaderList{{"Cookie", "a\x00"}}}, TypeError{TypeErrorInvalidHeaderValue, "a\x00"}},
		{"bad header in no-cors throws", apiB, RequestInit{Mode: ModeNoCORS, Headers: HeaderList{{"X-A", "a\x00"}}}, TypeError{TypeErrorInvalidHeaderValue, "a\x00"}},
		{"first bad header wins", apiB, RequestInit{Headers: HeaderList{{"X-A", "1"}, {"B C", "1"}, {"X-B", "\x00"}}}, TypeError{TypeErrorInvalidHeaderName, "B C"}},
		{"GET with a body", apiB, RequestInit{Body: &body}, TypeError{TypeErrorBodyWithGetOrHead, "GET"}},
		{"get with a body", apiB, RequestInit{Method: "get", Body: &body}, TypeError{TypeErrorBodyWithGetOrHead, "GET"}},
		{"HEAD with an empty body", apiB, RequestInit{Method: "HEAD", Body: new(string)}, TypeError{TypeErrorBodyWithGetOrHead, "HEAD"}},
		{"headers before the body", apiB, RequestInit{Body: &body, Headers: HeaderList{{"X A", "1"}}}, TypeError{TypeErrorInvalidHeaderName, "X A"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r, err := NewRequest(mustOrigin(t, pageA), mustURL(t, pageA+"/page"), tc.input, tc.init)
			if r != nil {
				t.Fatalf("NewRequest(%q, %+v): got a request, want %v", tc.input, tc.init, tc.want)
			}
			if err == nil {
				t.Fatalf("NewRequest(%q, %+v): got no error, want %v", tc.input, tc.init, tc.want)
			}
			if diff := cmp.Diff(tc.want, *err); diff != "" {
				t.Errorf("NewRequest(%q, %+v): -want +got:\n%s", tc.input, tc.init, diff)
			}
			if !strings.HasPrefix(err.Error(), "TypeError: ") || err.Error() == "TypeError: TypeError" {
				t.Errorf("Error(): got %q", err.Error())
			}
		})
	}
}

func TestNewRequest(t *testing.T) {
	str := func(s string) *string { return &s }
	a64 := strings.Repeat("a", 64)
	tests := []struct {
		desc       string
		input      string
		init       RequestInit
		wantURL    string
		wantMethod string
		wantHeader HeaderList
		wantBody   *string
	}{
		{desc: "defaults", input: apiB + "/data",
			wantURL: apiB + "/data", wantMethod: "GET"},
		{desc: "relative to the base URL", input: "../x?y#z",
			wantURL: pageA + "/x?y#z", wantMethod: "GET"},
		{desc: "scheme-relative", input: "//api.example/data",
			wantURL: apiB + "/data", wantMethod: "GET"},
		{desc: "post normalized", input: apiB, init: RequestInit{Method: "post"},
			wantURL: apiB + "/", wantMethod: "POST"},
		{desc: "Delete normalized", input: apiB, init: RequestInit{Method: "Delete"},
			wantURL: apiB + "/", wantMethod: "DELETE"},
		{desc: "options normalized", input: apiB, init: RequestInit{Method: "options"},
			wantURL: apiB + "/", wantMethod: "OPTIONS"},
		{desc: "patch kept", input: apiB, init: RequestInit{Method: "patch"},
			wantURL: apiB + "/", wantMethod: "patch"},
		{desc: "custom method kept", input: apiB, init: RequestInit{Method: "PROPFIND"},
			wantURL: apiB + "/", wantMethod: "PROPFIND"},
		{desc: "values normalized, names kept", input: apiB, init: RequestInit{Headers: HeaderList{{"x-a", " \t1 \r\n"}, {"X-B", ""}}},
			wantURL: apiB + "/", wantMethod: "GET", wantHeader: HeaderList{{"x-a", "1"}, {"X-B", ""}}},
		{desc: "a repeated name takes the first one's case", input: apiB, init: RequestInit{Headers: HeaderList{{"x-a", "1"}, {"X-A", "2"}}},
			wantURL: apiB + "/", wantMethod: "GET", wantHeader: HeaderList{{"x-a", "1"}, {"x-a", "2"}}},
		{desc: "forbidden request-headers dropped", input: apiB, init: RequestInit{Headers: HeaderList{
			{"Cookie", "a=1"}, {"X-A", "1"}, {"Host", "evil.example"}, {"Origin", apiB}, {"Sec-Fetch-Mode", "cors"},
			{"Proxy-Authorization", "x"}, {"Referer", pageA}, {"Connection", "close"}, {"Content-Length", "4"},
			{"X-HTTP-Method-Override", "CONNECT"}, {"X-Method-Override", "PATCH"}, {"Accept-Charset", "utf-8"},
		}},
			wantURL: apiB + "/", wantMethod: "GET", wantHeader: HeaderList{{"X-A", "1"}, {"X-Method-Override", "PATCH"}}},
		{desc: "Authorization is not forbidden", input: apiB, init: RequestInit{Headers: HeaderList{{"Authorization", "Bearer t"}}},
			wantURL: apiB + "/", wantMethod: "GET", wantHeader: HeaderList{{"Authorization", "Bearer t"}}},
		{desc: "no-cors guard keeps the no-CORS-safelisted", input: apiB, init: RequestInit{Mode: ModeNoCORS, Method: "POST", Headers: HeaderList{
			{"Accept", "text/html"}, {"X-A", "1"}, {"Content-Type", "application/json"}, {"Content-Type", "text/plain"},
			{"Accept-Language", "en"}, {"Content-Language", "de"}, {"Range", "bytes=0-"}, {"Authorization", "x"},
		}},
			wantURL: apiB + "/", wantMethod: "POST",
			wantHeader: HeaderList{{"Accept", "text/html"}, {"Content-Type", "text/plain"}, {"Accept-Language", "en"}, {"Content-Language", "de"}}},
		{desc: "no-cors guard judges the combined value", input: apiB, init: RequestInit{Mode: ModeNoCORS, Headers: HeaderList{
			{"Accept", a64}, {"Accept", a64}, {"Accept-Language", "en"}, {"accept-language", "fr"},
		}},
			wantURL: apiB + "/", wantMethod: "GET",
			wantHeader: HeaderList{{"Accept", a64}, {"Accept-Language", "en"}, {"Accept-Language", "fr"}}},
		{desc: "no-cors guard at exactly 128 combined bytes", input: apiB, init: RequestInit{Mode: ModeNoCORS, Headers: HeaderList{
			{"Accept", a64}, {"Accept", strings.Repeat("b", 62)},
		}},
			wantURL: apiB + "/", wantMethod: "GET",
			wantHeader: HeaderList{{"Accept", a64}, {"Accept", strings.Repeat("b", 62)}}},
		{desc: "cors mode keeps Range", input: apiB, init: RequestInit{Headers: HeaderList{{"Range", "bytes=0-"}}},
			wantURL: apiB + "/", wantMethod: "GET", wantHeader: HeaderList{{"Range", "bytes=0-"}}},
		{desc: "string body gets text/plain", input: apiB, init: RequestInit{Method: "POST", Body: str("hi")},
			wantURL: apiB + "/", wantMethod: "POST", wantHeader: HeaderList{{"Content-Type", "text/plain;charset=UTF-8"}}, wantBody: str("hi")},
		{desc: "empty string body gets text/plain", input: apiB, init: RequestInit{Method: "PUT", Body: str("")},
			wantURL: apiB + "/", wantMethod: "PUT", wantHeader: HeaderList{{"Content-Type", "text/plain;charset=UTF-8"}}, wantBody: str("")},
		{desc: "script's Content-Type wins", input: apiB, init: RequestInit{Method: "POST", Body: str("{}"),
			Headers: HeaderList{{"content-type", "application/json"}}},
			wantURL: apiB + "/", wantMethod: "POST", wantHeader: HeaderList{{"content-type", "application/json"}}, wantBody: str("{}")},
		{desc: "no-cors drops JSON, then the body's type is added", input: apiB, init: RequestInit{Mode: ModeNoCORS, Method: "POST", Body: str("{}"),
			Headers: HeaderList{{"Content-Type", "application/json"}}},
			wantURL: apiB + "/", wantMethod: "POST", wantHeader: HeaderList{{"Content-Type", "text/plain;charset=UTF-8"}}, wantBody: str("{}")},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			client := mustOrigin(t, pageA)
			r, terr := NewRequest(client, mustURL(t, pageA+"/dir/page"), tc.input, tc.init)
			if terr != nil {
				t.Fatalf("NewRequest(%q, %+v): %v", tc.input, tc.init, terr)
			}
			if len(r.URLList) != 1 || r.URL().String() != tc.wantURL {
				t.Errorf("URL list: got %v, want [%s]", r.URLList, tc.wantURL)
			}
			if r.Method != tc.wantMethod {
				t.Errorf("Method: got %q, want %q", r.Method, tc.wantMethod)
			}
			if diff := cmp.Diff(tc.wantHeader, r.Header, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("header list -want +got:\n%s", diff)
			}
			if (tc.wantBody != nil) != r.HasBody || (tc.wantBody != nil && string(r.Body) != *tc.wantBody) {
				t.Errorf("body: got %q (HasBody %v), want %v", r.Body, r.HasBody, tc.wantBody)
			}
			if !r.UnsafeRequest || r.ResponseTainting != TaintingBasic || r.Origin != client || r.RedirectCount != 0 {
				t.Errorf("got unsafe-request %v, tainting %v, origin %v, count %d", r.UnsafeRequest, r.ResponseTainting, r.Origin, r.RedirectCount)
			}
		})
	}
}

func TestNewRequestCopiesInit(t *testing.T) {
	init := RequestInit{
		Mode: ModeSameOrigin, Credentials: CredentialsInclude, Redirect: RedirectManual,
		ReferrerPolicy: ReferrerPolicyNoReferrer, UseCORSPreflight: true,
	}
	r, terr := NewRequest(mustOrigin(t, pageA), nil, apiB, init)
	if terr != nil {
		t.Fatal(terr)
	}
	if r.Mode != ModeSameOrigin || r.Credentials != CredentialsInclude || r.Redirect != RedirectManual ||
		r.ReferrerPolicy != ReferrerPolicyNoReferrer || !r.UseCORSPreflight {
		t.Errorf("NewRequest(%+v): got %+v", init, r)
	}
	// Without a base URL, relative input does not parse.
	if _, terr := NewRequest(mustOrigin(t, pageA), nil, "/x", RequestInit{}); terr == nil || terr.Kind != TypeErrorInvalidURL {
		t.Errorf("NewRequest(/x) without a base: got %v, want an invalid URL TypeError", terr)
	}
	// Script's header list is not shared with the request.
	h := HeaderList{{"X-A", "1"}}
	r, _ = NewRequest(mustOrigin(t, pageA), nil, apiB, RequestInit{Headers: h})
	r.Header[0].Value = "2"
	if h[0].Value != "1" {
		t.Errorf("changing the request's header changed init.Headers")
	}
}
