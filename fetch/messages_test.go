package fetch

import (
	"strings"
	"testing"
)

// The expected texts below are the engines' templates as SPEC.md §2.3, §3.1
// and §3.3 record them, filled in by hand.

func TestChromiumMessages(t *testing.T) {
	const blocked = "Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: "
	tests := []struct {
		desc string
		r    Reason
		ctx  MessageContext
		want string
	}{
		{"missing header", ReasonMissingAllowOriginHeader, MessageContext{URL: apiB + "/data", Origin: pageA},
			blocked + "No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{"after a redirect", ReasonMissingAllowOriginHeader, MessageContext{URL: apiB + "/data", InitialURL: pageA + "/start", Origin: pageA},
			"Access to fetch at 'https://api.example/data' (redirected from 'https://app.example/start') from origin 'https://app.example' " +
				"has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{"XMLHttpRequest", ReasonMissingAllowOriginHeader, MessageContext{URL: apiB + "/data", Origin: pageA, Initiator: "XMLHttpRequest"},
			"Access to XMLHttpRequest at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: " +
				"No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{"preflight, missing header", ReasonPreflightMissingAllowOriginHeader, MessageContext{URL: apiB + "/data", Origin: pageA},
			blocked + "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
		{"preflight status", ReasonPreflightInvalidStatus, MessageContext{URL: apiB + "/data", Origin: pageA, Status: 404},
			blocked + "Response to preflight request doesn't pass access control check: It does not have HTTP ok status."},
		{"preflight redirect", ReasonPreflightDisallowedRedirect, MessageContext{URL: apiB + "/data", Origin: pageA},
			blocked + "Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request."},
		{"wildcard with credentials", ReasonWildcardOriginNotAllowed, MessageContext{URL: apiB + "/data", Origin: pageA, Value: "*"},
			blocked + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."},
		{"credentials", ReasonInvalidAllowCredentials, MessageContext{URL: apiB + "/data", Origin: pageA, Value: "True"},
			blocked + "The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'."},
		{"method", ReasonMethodDisallowedByPreflightResponse, MessageContext{URL: apiB + "/data", Origin: pageA, Value: "patch"},
			blocked + "Method patch is not allowed by Access-Control-Allow-Methods in preflight response."},
		{"header", ReasonHeaderDisallowedByPreflightResponse, MessageContext{URL: apiB + "/data", Origin: pageA, Value: "x-custom"},
			blocked + "Request header field x-custom is not allowed by Access-Control-Allow-Headers in preflight response."},
		{"methods unparsable", ReasonInvalidAllowMethodsPreflightResponse, MessageContext{URL: apiB + "/data", Origin: pageA, Value: "a b"},
			blocked + "Cannot parse Access-Control-Allow-Methods response header field in preflight response."},
		{"headers unparsable", ReasonInvalidAllowHeadersPreflightResponse, MessageContext{URL: apiB + "/data", Origin: pageA, Value: "a b"},
			blocked + "Cannot parse Access-Control-Allow-Headers response header field in preflight response."},
	}
	for _, tc := range tests {
		for _, e := range []Engine{EngineChromium, EngineSpec} {
			if got := tc.r.Message(e, tc.ctx); got != tc.want {
				t.Errorf("%v.Message(%v) (%s):\n got %q\nwant %q", tc.r, e, tc.desc, got, tc.want)
			}
		}
	}
}

func TestChromiumAllowOriginValueMessages(t *testing.T) {
	// The value the server sent is quoted in the reason.
	for r, part := range map[Reason]string{
		ReasonMultipleAllowOriginValues:          "The 'Access-Control-Allow-Origin' header contains multiple values 'V', but only one is allowed.",
		ReasonPreflightMultipleAllowOriginValues: "The 'Access-Control-Allow-Origin' header contains multiple values 'V', but only one is allowed.",
		ReasonInvalidAllowOriginValue:            "The 'Access-Control-Allow-Origin' header contains the invalid value 'V'.",
		ReasonAllowOriginMismatch:                "The 'Access-Control-Allow-Origin' header has a value 'V' that is not equal to the supplied origin.",
		ReasonPreflightAllowOriginMismatch:       "The 'Access-Control-Allow-Origin' header has a value 'V' that is not equal to the supplied origin.",
	} {
		got := r.Message(EngineChromium, MessageContext{URL: apiB, Origin: pageA, Value: "V"})
		if !strings.Contains(got, part) {
			t.Errorf("%v.Message(chromium): got %q, want it to contain %q", r, got, part)
		}
		if has := strings.Contains(got, "Response to preflight request"); has != r.IsPreflight() {
			t.Errorf("%v.Message(chromium): preflight prefix present: %v, want %v", r, has, r.IsPreflight())
		}
	}
}

func TestFirefoxMessages(t *testing.T) {
	const head = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/data. "
	tests := []struct {
		r    Reason
		ctx  MessageContext
		want string
	}{
		{ReasonMissingAllowOriginHeader, MessageContext{URL: apiB + "/data", Status: 200},
			head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."},
		{ReasonPreflightMissingAllowOriginHeader, MessageContext{URL: apiB + "/data", Status: 204},
			head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 204."},
		{ReasonMultipleAllowOriginValues, MessageContext{URL: apiB + "/data", Value: pageA + ", " + pageA, AllowOriginLines: 2},
			head + "(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."},
		{ReasonMultipleAllowOriginValues, MessageContext{URL: apiB + "/data", Value: pageA + ", " + apiB, AllowOriginLines: 1},
			head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://app.example, https://api.example’)."},
		{ReasonAllowOriginMismatch, MessageContext{URL: apiB + "/data", Value: pageA + "/"},
			head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://app.example/’)."},
		{ReasonWildcardOriginNotAllowed, MessageContext{URL: apiB + "/data"},
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://api.example/data’. " +
				"(Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."},
		{ReasonInvalidAllowCredentials, MessageContext{URL: apiB + "/data"},
			head + "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."},
		{ReasonPreflightInvalidStatus, MessageContext{URL: apiB + "/data", Status: 404},
			head + "(Reason: CORS preflight response did not succeed). Status code: 404."},
		{ReasonPreflightDisallowedRedirect, MessageContext{URL: apiB + "/data", Status: 302},
			head + "(Reason: CORS request external redirect not allowed)."},
		{ReasonInvalidAllowMethodsPreflightResponse, MessageContext{URL: apiB + "/data", Value: "DE LETE"},
			head + "(Reason: invalid token ‘DE LETE’ in CORS header ‘Access-Control-Allow-Methods’)."},
		{ReasonInvalidAllowHeadersPreflightResponse, MessageContext{URL: apiB + "/data", Value: "X B"},
			head + "(Reason: invalid token ‘X B’ in CORS header ‘Access-Control-Allow-Headers’)."},
		{ReasonMethodDisallowedByPreflightResponse, MessageContext{URL: apiB + "/data", Value: "PUT"},
			head + "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)."},
		{ReasonHeaderDisallowedByPreflightResponse, MessageContext{URL: apiB + "/data", Value: "x-custom"},
			head + "(Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."},
		{ReasonCorsDisabledScheme, MessageContext{URL: apiB + "/data"}, head + "(Reason: CORS request not http)."},
		{ReasonInvalidResponse, MessageContext{URL: apiB + "/data"},
			head + "(Reason: CORS preflight response did not succeed). Status code: (null)."},
		{ReasonNetworkError, MessageContext{URL: apiB + "/data", CORS: true}, head + "(Reason: CORS request did not succeed). Status code: (null)."},
		{ReasonNetworkError, MessageContext{URL: apiB + "/data"}, ""},
		{ReasonTooManyRedirects, MessageContext{URL: apiB + "/data", CORS: true}, head + "(Reason: CORS request did not succeed). Status code: (null)."},
		{ReasonBadPort, MessageContext{URL: apiB + ":6000/data", CORS: true}, ""},
		{ReasonRedirectModeError, MessageContext{URL: apiB + "/data", CORS: true}, ""},
		{ReasonDisallowedByMode, MessageContext{URL: apiB + "/data", PageURL: pageA + "/"}, "Security Error: Content at " + pageA + "/ may not load data from " + apiB + "/data."},
		// Observed in Firefox 153 (corpus corp-*): a warning-level line.
		{ReasonBlockedByCORP, MessageContext{URL: apiB + "/img", Value: "same-origin"},
			"The resource at “https://api.example/img” was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). " +
				"See https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#"},
	}
	for _, tc := range tests {
		if got := tc.r.Message(EngineFirefox, tc.ctx); got != tc.want {
			t.Errorf("%v.Message(firefox, %d lines):\n got %q\nwant %q", tc.r, tc.ctx.AllowOriginLines, got, tc.want)
		}
	}
}

func TestWebKitMessages(t *testing.T) {
	tests := []struct {
		r    Reason
		ctx  MessageContext
		want string
	}{
		{ReasonWildcardOriginNotAllowed, MessageContext{}, "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."},
		{ReasonMultipleAllowOriginValues, MessageContext{Value: pageA + ", " + apiB}, "Access-Control-Allow-Origin cannot contain more than one origin."},
		// Observed (cc-acao-space-separated): no comma, no "more than one".
		{ReasonMultipleAllowOriginValues, MessageContext{Origin: pageA, Status: 200, Value: pageA + " " + apiB},
			"Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200"},
		// Observed (mode-no-cors-ftp-url).
		{ReasonNetworkError, MessageContext{URL: "ftp://api.example/file"}, "FTP URLs are disabled"},
		// Observed (cc-actual-informational-status, pf-informational-status).
		{ReasonNetworkError, MessageContext{URL: apiB + "/d", Status: 100}, ""},
		{ReasonInvalidResponse, MessageContext{URL: apiB + "/d", Status: 100}, "Connection terminated unexpectedly"},
		// Observed (rd-location-empty, rd-location-unparsable).
		{ReasonInvalidRedirectLocation, MessageContext{URL: apiB + "/r", CORS: true}, ""},
		{ReasonInvalidRedirectLocation, MessageContext{URL: apiB + "/r", Value: "http://[bad", CORS: true},
			"Cross-origin redirection to http://[bad denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme"},
		{ReasonNetworkError, MessageContext{URL: apiB + "/d"}, "Fetch API cannot load https://api.example/d due to access control checks."},
		{ReasonAllowOriginMismatch, MessageContext{Origin: pageA, Status: 200}, "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200"},
		{ReasonMissingAllowOriginHeader, MessageContext{Origin: pageA, Status: 403}, "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 403"},
		{ReasonInvalidAllowCredentials, MessageContext{}, `Credentials flag is true, but Access-Control-Allow-Credentials is not "true".`},
		{ReasonPreflightInvalidStatus, MessageContext{Status: 500}, "Preflight response is not successful. Status code: 500"},
		{ReasonInvalidAllowMethodsPreflightResponse, MessageContext{Value: "a b"}, "Header Access-Control-Allow-Methods has an invalid value: a b"},
		{ReasonInvalidAllowHeadersPreflightResponse, MessageContext{Value: "a b"}, "Header Access-Control-Allow-Headers has an invalid value: a b"},
		{ReasonMethodDisallowedByPreflightResponse, MessageContext{Value: "PUT"}, "Method PUT is not allowed by Access-Control-Allow-Methods."},
		{ReasonHeaderDisallowedByPreflightResponse, MessageContext{Value: "x-a"}, "Request header field x-a is not allowed by Access-Control-Allow-Headers."},
		// Observed in WebKitGTK 2.50 (corpus corp-same-origin-blocks,
		// corp-on-redirect-hop).
		{ReasonBlockedByCORP, MessageContext{URL: apiB + "/img"},
			"Cancelled load to https://api.example/img because it violates the resource's Cross-Origin-Resource-Policy response header."},
		{ReasonBlockedByCORP, MessageContext{URL: apiB + "/r", RedirectTo: "https://cdn.example/img"},
			"Cross-origin redirection to https://cdn.example/img denied by Cross-Origin Resource Sharing policy: " +
				"Cancelled load to https://api.example/r because it violates the resource's Cross-Origin-Resource-Policy response header."},
	}
	for _, tc := range tests {
		if got := tc.r.Message(EngineWebKit, tc.ctx); got != tc.want {
			t.Errorf("%v.Message(webkit):\n got %q\nwant %q", tc.r, got, tc.want)
		}
	}
}

func TestFirefoxReasonFor(t *testing.T) {
	tests := []struct {
		r     Reason
		lines int
		want  string
	}{
		{ReasonMultipleAllowOriginValues, 0, "CORSAllowOriginNotMatchingOrigin"},
		{ReasonMultipleAllowOriginValues, 1, "CORSAllowOriginNotMatchingOrigin"},
		{ReasonMultipleAllowOriginValues, 2, "CORSMultipleAllowOriginNotAllowed"},
		{ReasonPreflightMultipleAllowOriginValues, 1, "CORSAllowOriginNotMatchingOrigin"},
		{ReasonPreflightMultipleAllowOriginValues, 3, "CORSMultipleAllowOriginNotAllowed"},
		{ReasonMissingAllowOriginHeader, 0, "CORSMissingAllowOrigin"},
		{ReasonInvalidAllowOriginValue, 1, "CORSAllowOriginNotMatchingOrigin"},
		{ReasonWildcardOriginNotAllowed, 1, "CORSNotSupportingCredentials"},
		{ReasonInvalidAllowCredentials, 1, "CORSMissingAllowCredentials"},
		{ReasonPreflightInvalidStatus, 0, "CORSPreflightDidNotSucceed"},
		{ReasonPreflightDisallowedRedirect, 0, "CORSExternalRedirectNotAllowed"},
		{ReasonMethodDisallowedByPreflightResponse, 0, "CORSMethodNotFound"},
		{ReasonHeaderDisallowedByPreflightResponse, 0, "CORSMissingAllowHeaderFromPreflight"},
		{ReasonCorsDisabledScheme, 0, "CORSRequestNotHttp"},
		{ReasonRedirectContainsCredentials, 0, "CORSDidNotSucceed"},
		{ReasonDisallowedByMode, 0, ""},
		{ReasonMixedContent, 0, ""},
	}
	for _, tc := range tests {
		if got := FirefoxReasonFor(tc.r, tc.lines); got != tc.want {
			t.Errorf("FirefoxReasonFor(%v, %d): got %q, want %q", tc.r, tc.lines, got, tc.want)
		}
	}
}

func TestTypeErrorMessages(t *testing.T) {
	tests := []struct {
		err                       TypeError
		chromium, firefox, webkit string
	}{
		{TypeError{TypeErrorInvalidURL, "http://a b/"},
			"Failed to execute 'fetch' on 'Window': Failed to parse URL from http://a b/",
			"Window.fetch: http://a b/ is not a valid URL.",
			"URL is not valid or contains user credentials."},
		{TypeError{TypeErrorURLCredentials, "https://u:p@api.example/"},
			"Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: https://u:p@api.example/",
			"Window.fetch: https://u:p@api.example/ is an url with embedded credentials.",
			"URL is not valid or contains user credentials."},
		{TypeError{TypeErrorForbiddenMethod, "TRACE"},
			"Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported.",
			"Window.fetch: Invalid request method TRACE.",
			"Method is forbidden."},
		{TypeError{TypeErrorNoCORSMethod, "PUT"},
			"Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.",
			"Window.fetch: Invalid request method PUT.",
			"Method must be GET, POST or HEAD in no-cors mode."},
		{TypeError{TypeErrorBodyWithGetOrHead, "GET"},
			"Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body.",
			"Window.fetch: HEAD or GET Request cannot have a body.",
			"Request has method 'GET' and cannot have a body"},
	}
	for _, tc := range tests {
		for e, want := range map[Engine]string{EngineSpec: tc.chromium, EngineChromium: tc.chromium, EngineFirefox: tc.firefox, EngineWebKit: tc.webkit} {
			if got := tc.err.Message(e); got != want {
				t.Errorf("TypeError%+v.Message(%v):\n got %q\nwant %q", tc.err, e, got, want)
			}
		}
		if got, want := tc.err.Error(), "TypeError: "+tc.chromium; got != want {
			t.Errorf("TypeError%+v.Error(): got %q, want %q", tc.err, got, want)
		}
	}
	// Every kind has a message in every engine.
	for k := TypeErrorInvalidURL; k <= TypeErrorBodyWithGetOrHead; k++ {
		for _, e := range Engines() {
			if m := (&TypeError{Kind: k, Value: "v"}).Message(e); m == "" || m == "TypeError" {
				t.Errorf("TypeError kind %d has no %v message: %q", k, e, m)
			}
		}
	}
	if m := (&TypeError{Kind: 0}).Message(EngineChromium); m != "TypeError" {
		t.Errorf("the zero TypeError kind: got %q, want %q", m, "TypeError")
	}
}

func TestNetworkErrorMessage(t *testing.T) {
	for e, want := range map[Engine]string{
		EngineSpec: "Failed to fetch", EngineChromium: "Failed to fetch",
		EngineFirefox: "NetworkError when attempting to fetch resource.", EngineWebKit: "Load failed",
	} {
		if got := NetworkErrorMessage(e); got != want {
			t.Errorf("NetworkErrorMessage(%v): got %q, want %q", e, got, want)
		}
	}
}

func TestAuthorizationWildcardWarning(t *testing.T) {
	want := "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at https://api.example/data soon. " +
		"(Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. " +
		"To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`)."
	if got := AuthorizationWildcardWarning(EngineFirefox, apiB+"/data"); got != want {
		t.Errorf("AuthorizationWildcardWarning(firefox):\n got %q\nwant %q", got, want)
	}
	for _, e := range []Engine{EngineSpec, EngineChromium, EngineWebKit} {
		if got := AuthorizationWildcardWarning(e, apiB); got != "" {
			t.Errorf("AuthorizationWildcardWarning(%v): got %q, want none", e, got)
		}
	}
}

// TestFirefoxReasonIn pins what Firefox 153 logged in the corpus runs
// (conformance/browser --engine firefox).
func TestFirefoxReasonIn(t *testing.T) {
	const head = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
	tests := []struct {
		name        string
		r           Reason
		ctx         MessageContext
		want        string
		wantMessage string
	}{
		{"network error of a CORS request", ReasonNetworkError, MessageContext{URL: apiB + "/d", CORS: true},
			"CORSDidNotSucceed", head + apiB + "/d. (Reason: CORS request did not succeed). Status code: (null)."},
		{"network error of a no-cors request", ReasonNetworkError, MessageContext{URL: apiB + "/d"}, "", ""},
		{"no-cors redirect to ftp:", ReasonRedirectToNonHTTP, MessageContext{URL: apiB + "/r"}, "", ""},
		{"bad port fetched by script", ReasonBadPort, MessageContext{URL: apiB + ":25/d", InitialURL: apiB + ":25/d", CORS: true}, "", ""},
		{"bad port after a redirect (port-bad-redirect-target)", ReasonBadPort,
			MessageContext{URL: apiB + ":25/d", InitialURL: apiB + "/r", CORS: true},
			"CORSDidNotSucceed", head + apiB + "/r. (Reason: CORS request did not succeed). Status code: (null)."},
		{"redirect to file: (rd-to-file-url)", ReasonLocalResource,
			MessageContext{URL: "file:///etc/hosts", InitialURL: apiB + "/r", PageURL: apiB + "/r", CORS: true},
			"CORSDidNotSucceed", "Security Error: Content at " + apiB + "/r may not load or link to file:///etc/hosts."},
		{"file: fetched by script", ReasonLocalResource,
			MessageContext{URL: "file:///etc/hosts", InitialURL: "file:///etc/hosts", PageURL: pageA + "/", CORS: true},
			"", "Security Error: Content at " + pageA + "/ may not load or link to file:///etc/hosts."},
		{"redirect to mixed content (mx-https-redirect-to-http)", ReasonMixedContent,
			MessageContext{URL: "http://api.example/d", InitialURL: apiB + "/r", CORS: true},
			"CORSDidNotSucceed", "Blocked loading mixed active content “http://api.example/d”"},
		{"mixed content fetched by script", ReasonMixedContent,
			MessageContext{URL: "http://api.example/d", InitialURL: "http://api.example/d", CORS: true},
			"", "Blocked loading mixed active content “http://api.example/d”"},
		{"ws: URL (mode-cors-ws-url)", ReasonCorsDisabledScheme, MessageContext{URL: "ws://api.example/socket", CORS: true}, "", ""},
		{"about: URL (mode-cors-about-blank)", ReasonCorsDisabledScheme, MessageContext{URL: "about:blank", CORS: true},
			"CORSRequestNotHttp", head + "about:blank. (Reason: CORS request not http)."},
		{"only a 100 (cc-actual-informational-status)", ReasonNetworkError, MessageContext{URL: apiB + "/d", Status: 100, CORS: true},
			"CORSMultipleAllowOriginNotAllowed", head + apiB + "/d. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."},
		{"a preflight answered only 100 (pf-informational-status)", ReasonInvalidResponse, MessageContext{URL: apiB + "/d", Status: 100, CORS: true},
			"CORSMultipleAllowOriginNotAllowed", head + apiB + "/d. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."},
	}
	for _, tc := range tests {
		if got := FirefoxReasonIn(tc.r, tc.ctx); got != tc.want {
			t.Errorf("%s: FirefoxReasonIn(%v) = %q, want %q", tc.name, tc.r, got, tc.want)
		}
		if got := tc.r.Message(EngineFirefox, tc.ctx); got != tc.wantMessage {
			t.Errorf("%s: %v.Message(firefox):\n got %q\nwant %q", tc.name, tc.r, got, tc.wantMessage)
		}
	}
}
