package fetch

import (
	"strconv"
	"strings"

	"github.com/corsim/corsim/origin"
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
	// RequestOrigin is the request's serialized origin: "null" after a
	// redirect taints it (WebKit prints it where Chromium prints the
	// page's origin).
	RequestOrigin string
	// HeaderValue is the whole value of the header a preflight failed to
	// parse (WebKit quotes it; others quote the bad token, Value).
	HeaderValue string
	// RedirectTo is the Location of a redirect response that failed the
	// CORS check (WebKit prefixes its message with it).
	RedirectTo string
	// CORS reports that the failing request was a CORS request; Firefox
	// reports network errors of CORS requests only.
	CORS bool
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

// FirefoxReasonIn returns the reason code Firefox logs for a failure in
// context ctx, "" when it logs none. Beyond FirefoxReasonFor, as Firefox 153
// was observed to do (conformance/browser):
//   - a network error (a failed redirect included) is logged only for a
//     CORS request;
//   - a bad port is logged only when a redirect of a CORS request led to it
//     (CORSDidNotSucceed), a request script made to a bad port not at all;
//   - a fetch() of a ws: or wss: URL is refused before Firefox's CORS
//     checks, and logged not at all;
//   - a CORS request redirected to a file: URL or to mixed content logs
//     that error (the console line Message gives), then
//     CORSDidNotSucceed;
//   - a connection that ends after an informational (1xx) response leaves
//     the response without headers, whose duplicate-header check then
//     fails first: CORSMultipleAllowOriginNotAllowed (Gecko
//     nsCORSListenerProxy.cpp, CheckRequestApproved).
func FirefoxReasonIn(r Reason, ctx MessageContext) string {
	switch r {
	case ReasonBadPort:
		if ctx.CORS && redirected(ctx) {
			return "CORSDidNotSucceed"
		}
		return ""
	case ReasonCorsDisabledScheme:
		if !redirected(ctx) && (strings.HasPrefix(ctx.URL, "ws:") || strings.HasPrefix(ctx.URL, "wss:")) {
			return ""
		}
	case ReasonLocalResource, ReasonMixedContent:
		// A CORS request redirected to a file: URL, or to mixed content,
		// logs that error, then CORSDidNotSucceed.
		if ctx.CORS && redirected(ctx) {
			return "CORSDidNotSucceed"
		}
		return ""
	case ReasonNetworkError, ReasonInvalidResponse:
		if ctx.CORS && ctx.Status >= 100 && ctx.Status < 200 {
			return "CORSMultipleAllowOriginNotAllowed"
		}
	}
	if !ctx.CORS && r.FirefoxReason() == "CORSDidNotSucceed" {
		// Network errors of a CORS request only.
		return ""
	}
	return FirefoxReasonFor(r, ctx.AllowOriginLines)
}

// redirected reports whether redirects led from the URL script fetched to
// the one that failed.
func redirected(ctx MessageContext) bool {
	return ctx.InitialURL != "" && ctx.InitialURL != ctx.URL
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
	// Chromium escapes bytes outside printable ASCII in the values it
	// quotes, one \u00XX per byte (observed with an IDN origin).
	ctx.Value = chromiumEscape(ctx.Value)
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
		b.WriteString(lowerASCII(ctx.Value))
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
		if ctx.Value == "same-site" {
			return chromiumNetErrorLine(ctx, "ERR_BLOCKED_BY_RESPONSE.NotSameSite")
		}
		return chromiumNetErrorLine(ctx, "ERR_BLOCKED_BY_RESPONSE.NotSameOrigin")
	case ReasonNetworkError:
		return chromiumNetErrorLine(ctx, "ERR_FAILED")
	case ReasonLocalResource:
		return "Not allowed to load local resource: " + ctx.URL
	}
	return ""
}

// chromiumEscape writes bytes outside printable ASCII as \u00XX, as
// Chromium's console messages do.
func chromiumEscape(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7F {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7F {
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
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

// firefoxMessage follows Firefox's security.properties strings, as Firefox
// 153 printed them to the console (checked by the differential harness).
// Failures Firefox does not report print nothing.
func firefoxMessage(r Reason, ctx MessageContext) string {
	switch r {
	case ReasonMixedContent:
		return "Blocked loading mixed active content “" + ctx.URL + "”"
	case ReasonDisallowedByMode, ReasonSameOriginRedirect:
		return "Security Error: Content at " + ctx.PageURL + " may not load data from " + ctx.URL + "."
	case ReasonLocalResource:
		return "Security Error: Content at " + ctx.PageURL + " may not load or link to " + ctx.URL + "."
	case ReasonBlockedByCORP:
		return "The resource at “" + ctx.URL + "” was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). " +
			"See https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#"
	}
	code := FirefoxReasonIn(r, ctx)
	status := strconv.Itoa(ctx.Status)
	if ctx.Status == 0 {
		status = "(null)"
	}
	url := ctx.URL
	if r == ReasonBadPort {
		// Observed: the line names the URL script fetched.
		url = ctx.InitialURL
	}
	head := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + url + ". "
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
		return head + "(Reason: header ‘" + lowerASCII(ctx.Value) + "’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."
	case "CORSRequestNotHttp":
		return head + "(Reason: CORS request not http)."
	case "CORSDidNotSucceed":
		return head + "(Reason: CORS request did not succeed). Status code: (null)."
	}
	return ""
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

// webkitMessage follows WebKit's CrossOriginAccessControl.cpp strings, as
// WebKitGTK 2.50 printed them (checked by the differential harness). WebKit
// then prints "Fetch API cannot load URL due to access control checks." as
// a second line; this returns the first, the one that says why.
func webkitMessage(r Reason, ctx MessageContext) string {
	status := strconv.Itoa(ctx.Status)
	reqOrigin := ctx.RequestOrigin
	if reqOrigin == "" {
		reqOrigin = ctx.Origin
	}
	msg := ""
	switch r {
	case ReasonMissingAllowOriginHeader, ReasonAllowOriginMismatch, ReasonInvalidAllowOriginValue,
		ReasonPreflightMissingAllowOriginHeader, ReasonPreflightAllowOriginMismatch, ReasonPreflightInvalidAllowOriginValue:
		msg = "Origin " + reqOrigin + " is not allowed by Access-Control-Allow-Origin. Status code: " + status
	case ReasonMultipleAllowOriginValues, ReasonPreflightMultipleAllowOriginValues:
		// Observed: only a comma (two lines, or a list) counts as several
		// origins; a space-separated list is a value that does not match.
		if strings.Contains(ctx.Value, ",") {
			msg = "Access-Control-Allow-Origin cannot contain more than one origin."
		} else {
			msg = "Origin " + reqOrigin + " is not allowed by Access-Control-Allow-Origin. Status code: " + status
		}
	case ReasonWildcardOriginNotAllowed, ReasonPreflightWildcardOriginNotAllowed:
		msg = "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
	case ReasonInvalidAllowCredentials, ReasonPreflightInvalidAllowCredentials:
		msg = "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
	case ReasonPreflightInvalidStatus, ReasonPreflightDisallowedRedirect:
		return "Preflight response is not successful. Status code: " + status
	case ReasonInvalidAllowMethodsPreflightResponse:
		return "Header Access-Control-Allow-Methods has an invalid value: " + orValue(ctx.HeaderValue, ctx.Value)
	case ReasonInvalidAllowHeadersPreflightResponse:
		return "Header Access-Control-Allow-Headers has an invalid value: " + orValue(ctx.HeaderValue, ctx.Value)
	case ReasonMethodDisallowedByPreflightResponse:
		return "Method " + ctx.Value + " is not allowed by Access-Control-Allow-Methods."
	case ReasonHeaderDisallowedByPreflightResponse:
		return "Request header field " + ctx.Value + " is not allowed by Access-Control-Allow-Headers."
	case ReasonRedirectContainsCredentials:
		return "Cross-origin redirection to " + withoutUserinfo(ctx.Value) +
			" denied by Cross-Origin Resource Sharing policy: redirection URL " + ctx.Value + " has credentials"
	case ReasonRedirectToNonHTTP:
		if strings.HasPrefix(ctx.Value, "ftp:") {
			return "FTP URLs are disabled"
		}
		return "Cross-origin redirection to " + ctx.Value +
			" denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme"
	case ReasonCorsDisabledScheme:
		return "Cross origin requests are only supported for HTTP."
	case ReasonMixedContent:
		return "[blocked] The page at " + ctx.PageURL + " requested insecure content from " + ctx.URL + ". This content was blocked and must be served over HTTPS."
	case ReasonBadPort:
		port := ""
		if u, err := origin.ParseURL(ctx.URL, nil); err == nil && u.Port >= 0 {
			port = strconv.Itoa(u.Port)
		}
		return "Not allowed to use restricted network port " + port + ": " + ctx.URL
	case ReasonRedirectModeError:
		return "Not allowed to follow a redirection while loading " + ctx.URL
	case ReasonTooManyRedirects:
		return "Load cannot follow more than 20 redirections"
	case ReasonSameOriginRedirect:
		return "Unsafe attempt to load URL " + ctx.URL + " from origin " + ctx.Origin + ". Domains, protocols and ports must match."
	case ReasonNoCorsRedirectModeNotFollow:
		return "No-Cors mode requires follow redirect mode"
	case ReasonDisallowedByMode:
		return "Fetch API cannot load " + ctx.URL + "."
	case ReasonLocalResource:
		return "Not allowed to load local resource: " + ctx.URL
	case ReasonInvalidRedirectLocation:
		// Observed: an empty Location fails silently; one that does not
		// parse is refused as a redirection to a non-CORS scheme.
		if ctx.Value == "" || !ctx.CORS {
			return ""
		}
		return "Cross-origin redirection to " + ctx.Value +
			" denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme"
	case ReasonInvalidResponse:
		if ctx.Status >= 100 && ctx.Status < 200 {
			// Observed: a preflight answered only by a 1xx.
			return "Connection terminated unexpectedly"
		}
		return "Fetch API cannot load " + ctx.URL + " due to access control checks."
	case ReasonNetworkError:
		if ctx.Status >= 100 && ctx.Status < 200 {
			// Observed: a connection closed after a 1xx response (which
			// WebKit's network stack tries twice) logs nothing.
			return ""
		}
		if strings.HasPrefix(ctx.URL, "ftp:") {
			// Observed for a no-cors fetch of an ftp: URL.
			return "FTP URLs are disabled"
		}
		return "Fetch API cannot load " + ctx.URL + " due to access control checks."
	case ReasonBlockedByCORP:
		msg = "Cancelled load to " + ctx.URL + " because it violates the resource's Cross-Origin-Resource-Policy response header."
	case ReasonTypeError:
		return ""
	default:
		return "Fetch API cannot load " + ctx.URL + " due to access control checks."
	}
	if ctx.RedirectTo != "" {
		return "Cross-origin redirection to " + ctx.RedirectTo + " denied by Cross-Origin Resource Sharing policy: " + msg
	}
	return msg
}

func orValue(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// withoutUserinfo returns the URL s without its username and password.
func withoutUserinfo(s string) string {
	u, err := origin.ParseURL(s, nil)
	if err != nil {
		return s
	}
	c := *u
	c.Username, c.Password = "", ""
	return c.String()
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
