package fetch

import (
	"strconv"
	"strings"
)

// A MessageContext holds what an engine's console message about a blocked
// request mentions.
type MessageContext struct {
	// URL is the URL of the request that failed (after any redirects).
	URL string
	// InitialURL is the URL script fetched, when redirects led to URL.
	InitialURL string
	// Origin is the serialized origin of the page that called fetch().
	Origin string
	// PageURL is the URL of that page (mixed-content messages quote it).
	PageURL string
	// Value is the offending value: a header value, method or header name.
	Value string
	// Status is the HTTP status of the response that failed, if any.
	Status int
	// AllowOriginLines is how many Access-Control-Allow-Origin header lines
	// the failing response had.
	AllowOriginLines int
	// Method is the request's method (bad-port and network messages).
	Method string
	// Initiator names the API that made the request, "fetch" by default
	// (Chromium prints it: "Access to fetch at ...").
	Initiator string
	// NetError is the network stack's error name for a failure below HTTP
	// (Chromium's "ERR_CONNECTION_REFUSED", "ERR_EMPTY_RESPONSE" ...).
	NetError string
}

// FirefoxReasonFor returns Firefox's reason code for a failure: for several
// Access-Control-Allow-Origin values Firefox reports
// CORSMultipleAllowOriginNotAllowed only when they came on several header
// lines, and CORSAllowOriginNotMatchingOrigin for one line holding a list.
func FirefoxReasonFor(r Reason, allowOriginLines int) string {
	if (r == ReasonMultipleAllowOriginValues || r == ReasonPreflightMultipleAllowOriginValues) && allowOriginLines <= 1 {
		return "CORSAllowOriginNotMatchingOrigin"
	}
	return r.FirefoxReason()
}

// Message renders the console message engine e prints when it blocks a
// request for reason r. The spec profile uses Chromium's wording, the most
// common in developer reports. It returns "" for ReasonNone and for
// ReasonTypeError: an exception thrown by fetch() goes to script, not to the
// console.
func (r Reason) Message(e Engine, ctx MessageContext) string {
	if r == ReasonNone || r >= numReasons {
		return ""
	}
	switch e {
	case EngineFirefox:
		return firefoxMessage(r, ctx)
	case EngineWebKit:
		return webkitMessage(r, ctx)
	}
	return chromiumMessage(r, ctx)
}

// chromiumMessage follows third_party/blink/renderer/platform/loader/cors/
// cors_error_string.cc (GetErrorStringForConsoleMessage).
//
// The texts were checked against Chromium 156 by the differential harness
// (conformance/browser); where a failure prints no CORS line (a direct
// same-origin-mode or non-HTTP fetch, network errors) the line Chromium
// prints instead is given.
func chromiumMessage(r Reason, ctx MessageContext) string {
	switch {
	case r == ReasonNoCorsRedirectModeNotFollow:
		return "Fetch API cannot load " + ctx.URL + ". Request mode is \"no-cors\" but the redirect mode is not \"follow\"."
	case r == ReasonDisallowedByMode:
		return "Fetch API cannot load " + ctx.URL + ". Request mode is \"same-origin\" but the URL's origin is not same as the request origin " + ctx.Origin + "."
	case r == ReasonCorsDisabledScheme && (ctx.InitialURL == "" || ctx.InitialURL == ctx.URL):
		scheme := ctx.URL
		if i := strings.IndexByte(scheme, ':'); i >= 0 {
			scheme = scheme[:i]
		}
		return "Fetch API cannot load " + ctx.URL + ". URL scheme \"" + scheme + "\" is not supported."
	case r == ReasonInvalidResponse:
		return chromiumNetErrorLine(ctx, "ERR_FAILED")
	case !r.IsCORS():
		return chromiumOtherMessage(r, ctx)
	}
	var b strings.Builder
	initiator := ctx.Initiator
	if initiator == "" {
		initiator = "fetch"
	}
	b.WriteString("Access to ")
	b.WriteString(initiator)
	b.WriteString(" at '")
	b.WriteString(ctx.URL)
	b.WriteString("' ")
	if ctx.InitialURL != "" && ctx.InitialURL != ctx.URL {
		b.WriteString("(redirected from '")
		b.WriteString(ctx.InitialURL)
		b.WriteString("') ")
	}
	b.WriteString("from origin '")
	b.WriteString(ctx.Origin)
	b.WriteString("' has been blocked by CORS policy: ")
	switch r {
	case ReasonPreflightInvalidStatus, ReasonPreflightDisallowedRedirect,
		ReasonPreflightMissingAllowOriginHeader, ReasonPreflightMultipleAllowOriginValues,
		ReasonPreflightInvalidAllowOriginValue, ReasonPreflightAllowOriginMismatch,
		ReasonPreflightWildcardOriginNotAllowed, ReasonPreflightInvalidAllowCredentials:
		b.WriteString("Response to preflight request doesn't pass access control check: ")
	}
	const validValueHint = " Have the server send the header with a valid value."
	fetchInitiator := initiator == "fetch"
	switch r {
	case ReasonDisallowedByMode:
		b.WriteString("Cross origin requests are not allowed by request mode.")
	case ReasonInvalidResponse:
		b.WriteString("The response is invalid.")
	case ReasonWildcardOriginNotAllowed, ReasonPreflightWildcardOriginNotAllowed:
		b.WriteString("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.")
	case ReasonMissingAllowOriginHeader, ReasonPreflightMissingAllowOriginHeader:
		b.WriteString("No 'Access-Control-Allow-Origin' header is present on the requested resource.")
	case ReasonMultipleAllowOriginValues, ReasonPreflightMultipleAllowOriginValues:
		b.WriteString("The 'Access-Control-Allow-Origin' header contains multiple values '")
		b.WriteString(ctx.Value)
		b.WriteString("', but only one is allowed.")
		if fetchInitiator {
			b.WriteString(validValueHint)
		}
	case ReasonInvalidAllowOriginValue, ReasonPreflightInvalidAllowOriginValue:
		b.WriteString("The 'Access-Control-Allow-Origin' header contains the invalid value '")
		b.WriteString(ctx.Value)
		b.WriteString("'.")
		if fetchInitiator {
			b.WriteString(validValueHint)
		}
	case ReasonAllowOriginMismatch, ReasonPreflightAllowOriginMismatch:
		b.WriteString("The 'Access-Control-Allow-Origin' header has a value '")
		b.WriteString(ctx.Value)
		b.WriteString("' that is not equal to the supplied origin.")
		if fetchInitiator {
			b.WriteString(validValueHint)
		}
	case ReasonInvalidAllowCredentials, ReasonPreflightInvalidAllowCredentials:
		b.WriteString("The value of the 'Access-Control-Allow-Credentials' header in the response is '")
		b.WriteString(ctx.Value)
		b.WriteString("' which must be 'true' when the request's credentials mode is 'include'.")
	case ReasonCorsDisabledScheme:
		b.WriteString("Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.")
	case ReasonPreflightInvalidStatus:
		b.WriteString("It does not have HTTP ok status.")
	case ReasonPreflightDisallowedRedirect:
		b.WriteString("Redirect is not allowed for a preflight request.")
	case ReasonInvalidAllowMethodsPreflightResponse:
		b.WriteString("Cannot parse Access-Control-Allow-Methods response header field in preflight response.")
	case ReasonInvalidAllowHeadersPreflightResponse:
		b.WriteString("Cannot parse Access-Control-Allow-Headers response header field in preflight response.")
	case ReasonMethodDisallowedByPreflightResponse:
		b.WriteString("Method ")
		b.WriteString(ctx.Value)
		b.WriteString(" is not allowed by Access-Control-Allow-Methods in preflight response.")
	case ReasonHeaderDisallowedByPreflightResponse:
		b.WriteString("Request header field ")
		b.WriteString(ctx.Value)
		b.WriteString(" is not allowed by Access-Control-Allow-Headers in preflight response.")
	case ReasonRedirectContainsCredentials:
		// NB: Chromium 156 prints an empty location here, and the URL of the
		// response that redirected.
		b.WriteString("Redirect location '' contains a username and password, which is disallowed for cross-origin requests.")
	}
	return b.String()
}

// chromiumOtherMessage is what Chromium prints for failures outside the
// CORS protocol: a mixed-content line, a same-origin violation, or the
// network stack's "Failed to load resource" line. A TypeError thrown by
// fetch() itself prints nothing.
func chromiumOtherMessage(r Reason, ctx MessageContext) string {
	switch r {
	case ReasonMixedContent:
		return "Mixed Content: The page at '" + ctx.PageURL + "' was loaded over HTTPS, but requested an insecure resource '" +
			ctx.URL + "'. This request has been blocked; the content must be served over HTTPS."
	case ReasonSameOriginRedirect:
		// NB: the line ends with a newline, as Chromium prints it.
		return "Unsafe attempt to load URL " + ctx.URL + " from frame with URL " + ctx.PageURL + ". Domains, protocols and ports must match.\n"
	case ReasonBadPort:
		return chromiumNetErrorLine(ctx, "ERR_UNSAFE_PORT")
	case ReasonTooManyRedirects:
		return chromiumNetErrorLine(ctx, "ERR_TOO_MANY_REDIRECTS")
	case ReasonRedirectToNonHTTP:
		return chromiumNetErrorLine(ctx, "ERR_UNSAFE_REDIRECT")
	case ReasonInvalidRedirectLocation:
		return chromiumNetErrorLine(ctx, "ERR_INVALID_REDIRECT")
	case ReasonRedirectModeError:
		return chromiumNetErrorLine(ctx, "ERR_FAILED")
	case ReasonBlockedByCORP:
		return chromiumNetErrorLine(ctx, "ERR_BLOCKED_BY_RESPONSE.NotSameOrigin")
	case ReasonNetworkError:
		return chromiumNetErrorLine(ctx, "ERR_FAILED")
	case ReasonLocalResource:
		return "Not allowed to load local resource: " + ctx.URL
	}
	return ""
}

// chromiumNetErrorLine is the console line Chromium prints for a load that
// failed in the network stack: the context's net error, else def.
func chromiumNetErrorLine(ctx MessageContext, def string) string {
	code := ctx.NetError
	if code == "" {
		code = def
	}
	return "Failed to load resource: net::" + code
}

// firefoxMessage follows Firefox's security.properties strings.
func firefoxMessage(r Reason, ctx MessageContext) string {
	code := FirefoxReasonFor(r, ctx.AllowOriginLines)
	status := strconv.Itoa(ctx.Status)
	if ctx.Status == 0 {
		status = "(null)"
	}
	head := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + ctx.URL + ". "
	switch code {
	case "CORSMissingAllowOrigin":
		return head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: " + status + "."
	case "CORSMultipleAllowOriginNotAllowed":
		return head + "(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."
	case "CORSAllowOriginNotMatchingOrigin":
		return head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘" + ctx.Value + "’)."
	case "CORSNotSupportingCredentials":
		return "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘" + ctx.URL +
			"’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."
	case "CORSMissingAllowCredentials":
		return head + "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."
	case "CORSPreflightDidNotSucceed":
		return head + "(Reason: CORS preflight response did not succeed). Status code: " + status + "."
	case "CORSExternalRedirectNotAllowed":
		return head + "(Reason: CORS request external redirect not allowed)."
	case "CORSInvalidAllowMethod":
		return head + "(Reason: invalid token ‘" + ctx.Value + "’ in CORS header ‘Access-Control-Allow-Methods’)."
	case "CORSInvalidAllowHeader":
		return head + "(Reason: invalid token ‘" + ctx.Value + "’ in CORS header ‘Access-Control-Allow-Headers’)."
	case "CORSMethodNotFound":
		return head + "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)."
	case "CORSMissingAllowHeaderFromPreflight":
		return head + "(Reason: header ‘" + ctx.Value + "’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."
	case "CORSRequestNotHttp":
		return head + "(Reason: CORS request not http)."
	case "CORSDidNotSucceed":
		return head + "(Reason: CORS request did not succeed). Status code: " + status + "."
	}
	switch r {
	case ReasonMixedContent:
		return "Blocked loading mixed active content “" + ctx.URL + "”"
	case ReasonTypeError:
		return ""
	case ReasonLocalResource:
		return "Security Error: Content at " + ctx.PageURL + " may not load or link to " + ctx.URL + "."
	}
	return "TypeError: NetworkError when attempting to fetch resource."
}

// AuthorizationWildcardWarning is the console warning engine e prints when
// Access-Control-Allow-Headers: * lets an Authorization header through,
// which the spec does not allow; "" when the engine prints none (Chromium
// reports it as a DevTools issue instead).
func AuthorizationWildcardWarning(e Engine, url string) string {
	if e != EngineFirefox {
		return ""
	}
	return "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at " + url +
		" soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. " +
		"To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`)."
}

// webkitMessage follows WebKit's CrossOriginAccessControl.cpp strings.
func webkitMessage(r Reason, ctx MessageContext) string {
	status := strconv.Itoa(ctx.Status)
	switch r {
	case ReasonMissingAllowOriginHeader, ReasonAllowOriginMismatch, ReasonInvalidAllowOriginValue,
		ReasonPreflightMissingAllowOriginHeader, ReasonPreflightAllowOriginMismatch, ReasonPreflightInvalidAllowOriginValue:
		return "Origin " + ctx.Origin + " is not allowed by Access-Control-Allow-Origin. Status code: " + status
	case ReasonMultipleAllowOriginValues, ReasonPreflightMultipleAllowOriginValues:
		return "Access-Control-Allow-Origin cannot contain more than one origin."
	case ReasonWildcardOriginNotAllowed, ReasonPreflightWildcardOriginNotAllowed:
		return "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
	case ReasonInvalidAllowCredentials, ReasonPreflightInvalidAllowCredentials:
		return "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
	case ReasonPreflightInvalidStatus, ReasonPreflightDisallowedRedirect:
		return "Preflight response is not successful. Status code: " + status
	case ReasonInvalidAllowMethodsPreflightResponse:
		return "Header Access-Control-Allow-Methods has an invalid value: " + ctx.Value
	case ReasonInvalidAllowHeadersPreflightResponse:
		return "Header Access-Control-Allow-Headers has an invalid value: " + ctx.Value
	case ReasonMethodDisallowedByPreflightResponse:
		return "Method " + ctx.Value + " is not allowed by Access-Control-Allow-Methods."
	case ReasonHeaderDisallowedByPreflightResponse:
		return "Request header field " + ctx.Value + " is not allowed by Access-Control-Allow-Headers."
	case ReasonRedirectContainsCredentials:
		return "Cross-origin redirection to " + ctx.Value + " denied by Cross-Origin Resource Sharing policy: redirection URL has credentials"
	case ReasonCorsDisabledScheme, ReasonRedirectToNonHTTP:
		return "Cross-origin redirection to " + ctx.URL + " denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme"
	case ReasonMixedContent:
		return "[blocked] The page at " + ctx.PageURL + " requested insecure content from " + ctx.URL + ". This content was blocked and must be served over HTTPS."
	case ReasonTypeError:
		return ""
	case ReasonLocalResource:
		return "Not allowed to load local resource: " + ctx.URL
	}
	return "Fetch API cannot load " + ctx.URL + " due to access control checks."
}

// NetworkErrorMessage is the message of the TypeError script gets when a
// fetch fails with a network error in engine e.
func NetworkErrorMessage(e Engine) string {
	switch e {
	case EngineFirefox:
		return "NetworkError when attempting to fetch resource."
	case EngineWebKit:
		return "Load failed"
	}
	return "Failed to fetch"
}

// Message renders the TypeError's message as engine e words it (the spec
// profile uses Chromium's words).
func (e *TypeError) Message(eng Engine) string {
	switch eng {
	case EngineFirefox:
		p := "Window.fetch: "
		switch e.Kind {
		case TypeErrorInvalidURL:
			return p + e.Value + " is not a valid URL."
		case TypeErrorURLCredentials:
			return p + e.Value + " is an url with embedded credentials."
		case TypeErrorNavigateMode:
			return p + "Invalid request mode navigate."
		case TypeErrorInvalidMethod, TypeErrorForbiddenMethod, TypeErrorNoCORSMethod:
			return p + "Invalid request method " + e.Value + "."
		case TypeErrorInvalidHeaderName:
			return p + e.Value + " is an invalid header name."
		case TypeErrorInvalidHeaderValue:
			return p + e.Value + " is an invalid header value."
		case TypeErrorBodyWithGetOrHead:
			return p + "HEAD or GET Request cannot have a body."
		case TypeErrorByteString:
			return p + "Cannot convert " + e.Value + " to ByteString because it contains a character greater than 255."
		}
	case EngineWebKit:
		switch e.Kind {
		case TypeErrorInvalidURL, TypeErrorURLCredentials:
			return "URL is not valid or contains user credentials."
		case TypeErrorNavigateMode:
			return "Request constructor does not accept navigate fetch mode."
		case TypeErrorInvalidMethod:
			return "Method is not a valid HTTP token."
		case TypeErrorForbiddenMethod:
			return "Method is forbidden."
		case TypeErrorNoCORSMethod:
			return "Method must be GET, POST or HEAD in no-cors mode."
		case TypeErrorInvalidHeaderName:
			return "Invalid header name: '" + e.Value + "'"
		case TypeErrorInvalidHeaderValue:
			return "Header '" + e.Value + "' has invalid value"
		case TypeErrorBodyWithGetOrHead:
			return "Request has method 'GET' and cannot have a body"
		case TypeErrorByteString:
			return "Type error"
		}
	default:
		p := "Failed to execute 'fetch' on 'Window': "
		switch e.Kind {
		case TypeErrorInvalidURL:
			return p + "Failed to parse URL from " + e.Value
		case TypeErrorURLCredentials:
			return p + "Request cannot be constructed from a URL that includes credentials: " + e.Value
		case TypeErrorNavigateMode:
			return p + "Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."
		case TypeErrorInvalidMethod:
			return p + "'" + e.Value + "' is not a valid HTTP method."
		case TypeErrorForbiddenMethod:
			return p + "'" + e.Value + "' HTTP method is unsupported."
		case TypeErrorNoCORSMethod:
			return p + "'" + e.Value + "' is unsupported in no-cors mode."
		case TypeErrorInvalidHeaderName:
			return p + "Invalid name"
		case TypeErrorInvalidHeaderValue:
			return p + "Invalid value"
		case TypeErrorBodyWithGetOrHead:
			return p + "Request with GET/HEAD method cannot have body."
		case TypeErrorByteString:
			return p + "Failed to read the '" + e.Value + "' property from 'RequestInit': String contains non ISO-8859-1 code point."
		}
	}
	return "TypeError"
}
