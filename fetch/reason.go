package fetch

import "fmt"

// A Reason says why a browser refused a request or a response. Reasons are
// stable: values are only ever added at the end, never renumbered, so they
// may be stored. ReasonNone, the zero value, means nothing was refused.
//
// Each reason maps to Chromium's CorsError name (CorsError), Firefox's
// reason code (FirefoxReason), the spec step that fails (Anchor, Step), and
// the console message each engine prints (Message).
type Reason uint16

const (
	ReasonNone Reason = iota

	// The CORS check of an actual (or redirect) response.

	// ReasonMissingAllowOriginHeader: no Access-Control-Allow-Origin.
	ReasonMissingAllowOriginHeader
	// ReasonMultipleAllowOriginValues: Access-Control-Allow-Origin holds a
	// list (a comma or a space), from one header line or several.
	ReasonMultipleAllowOriginValues
	// ReasonInvalidAllowOriginValue: a value that is neither "*", "null" nor
	// a URL.
	ReasonInvalidAllowOriginValue
	// ReasonAllowOriginMismatch: a value that is not the request's
	// serialized origin (a trailing slash, another case, scheme or port, or
	// "null" for a page with a real origin).
	ReasonAllowOriginMismatch
	// ReasonWildcardOriginNotAllowed: "*" for a request whose credentials
	// mode is include.
	ReasonWildcardOriginNotAllowed
	// ReasonInvalidAllowCredentials: a credentialed request whose response's
	// Access-Control-Allow-Credentials is not exactly "true".
	ReasonInvalidAllowCredentials

	// The CORS-preflight fetch.

	// ReasonPreflightInvalidStatus: the preflight response's status is not
	// 200-299.
	ReasonPreflightInvalidStatus
	// ReasonPreflightDisallowedRedirect: the preflight was answered with a
	// redirect.
	ReasonPreflightDisallowedRedirect
	// ReasonPreflightMissingAllowOriginHeader and the five that follow are
	// the CORS check's failures, on the preflight response.
	ReasonPreflightMissingAllowOriginHeader
	ReasonPreflightMultipleAllowOriginValues
	ReasonPreflightInvalidAllowOriginValue
	ReasonPreflightAllowOriginMismatch
	ReasonPreflightWildcardOriginNotAllowed
	ReasonPreflightInvalidAllowCredentials
	// ReasonInvalidAllowMethodsPreflightResponse: Access-Control-Allow-Methods
	// is not a list of methods (tokens).
	ReasonInvalidAllowMethodsPreflightResponse
	// ReasonInvalidAllowHeadersPreflightResponse: Access-Control-Allow-Headers
	// is not a list of header names (tokens).
	ReasonInvalidAllowHeadersPreflightResponse
	// ReasonMethodDisallowedByPreflightResponse: the method is not listed
	// (and not covered by "*").
	ReasonMethodDisallowedByPreflightResponse
	// ReasonHeaderDisallowedByPreflightResponse: a CORS-unsafe request
	// header is not listed (and not covered by "*").
	ReasonHeaderDisallowedByPreflightResponse
	// ReasonInvalidResponse: the preflight failed at the network level.
	ReasonInvalidResponse

	// Mode, scheme and redirect rules of the CORS protocol.

	// ReasonDisallowedByMode: a same-origin mode request to another origin.
	ReasonDisallowedByMode
	// ReasonCorsDisabledScheme: a cors request to a scheme other than http
	// or https.
	ReasonCorsDisabledScheme
	// ReasonRedirectContainsCredentials: a cross-origin redirect to a URL
	// with a username or password.
	ReasonRedirectContainsCredentials
	// ReasonNoCorsRedirectModeNotFollow: a no-cors request whose redirect
	// mode is not follow.
	ReasonNoCorsRedirectModeNotFollow

	// Failures outside the CORS protocol (no CorsError).

	// ReasonTypeError: fetch() threw before making any request; the
	// result's TypeError says why.
	ReasonTypeError
	// ReasonMixedContent: a secure page fetching a non-secure http URL.
	ReasonMixedContent
	// ReasonBadPort: a URL on a port the Fetch Standard blocks.
	ReasonBadPort
	// ReasonRedirectModeError: a redirect met a request whose redirect mode
	// is error.
	ReasonRedirectModeError
	// ReasonTooManyRedirects: more than 20 redirects.
	ReasonTooManyRedirects
	// ReasonRedirectToNonHTTP: a redirect to a scheme other than http or
	// https (data:, file:, about: ...).
	ReasonRedirectToNonHTTP
	// ReasonInvalidRedirectLocation: a Location header that does not parse
	// as a URL, or several Location headers.
	ReasonInvalidRedirectLocation
	// ReasonSameOriginRedirect: a same-origin mode request redirected to
	// another origin.
	ReasonSameOriginRedirect
	// ReasonBlockedByCORP: Cross-Origin-Resource-Policy refused a no-cors
	// response.
	ReasonBlockedByCORP
	// ReasonNetworkError: the server could not be reached.
	ReasonNetworkError
	// ReasonLocalResource: a web page fetching a file: URL, which engines
	// refuse before any fetch step ("Not allowed to load local resource").
	ReasonLocalResource
	// ReasonCredentialedRedirect: a redirect to a URL with a username or
	// password, which Chromium refuses even within an origin (it blocks
	// subresource URLs with embedded credentials).
	ReasonCredentialedRedirect

	numReasons
)

// reasonInfo is everything known about one reason.
type reasonInfo struct {
	name     string // Go-style name, also the CorsError name where one exists
	chromium string // Chromium's network::mojom::CorsError without the k, or ""
	firefox  string // Firefox's reason code, or ""
	anchor   string // the spec concept whose step fails
	step     string // which step, in words
}

const fetchSpec = "https://fetch.spec.whatwg.org/"

var reasons = [numReasons]reasonInfo{
	ReasonNone: {name: "None"},

	ReasonMissingAllowOriginHeader: {"MissingAllowOriginHeader", "MissingAllowOriginHeader",
		"CORSMissingAllowOrigin", fetchSpec + "#concept-cors-check", "CORS check, step 2"},
	ReasonMultipleAllowOriginValues: {"MultipleAllowOriginValues", "MultipleAllowOriginValues",
		"CORSMultipleAllowOriginNotAllowed", fetchSpec + "#concept-cors-check", "CORS check, step 4"},
	ReasonInvalidAllowOriginValue: {"InvalidAllowOriginValue", "InvalidAllowOriginValue",
		"CORSAllowOriginNotMatchingOrigin", fetchSpec + "#concept-cors-check", "CORS check, step 4"},
	ReasonAllowOriginMismatch: {"AllowOriginMismatch", "AllowOriginMismatch",
		"CORSAllowOriginNotMatchingOrigin", fetchSpec + "#concept-cors-check", "CORS check, step 4"},
	ReasonWildcardOriginNotAllowed: {"WildcardOriginNotAllowed", "WildcardOriginNotAllowed",
		"CORSNotSupportingCredentials", fetchSpec + "#concept-cors-check", "CORS check, step 4"},
	ReasonInvalidAllowCredentials: {"InvalidAllowCredentials", "InvalidAllowCredentials",
		"CORSMissingAllowCredentials", fetchSpec + "#concept-cors-check", "CORS check, steps 6-8"},

	ReasonPreflightInvalidStatus: {"PreflightInvalidStatus", "PreflightInvalidStatus",
		"CORSPreflightDidNotSucceed", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7"},
	ReasonPreflightDisallowedRedirect: {"PreflightDisallowedRedirect", "PreflightDisallowedRedirect",
		"CORSExternalRedirectNotAllowed", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7"},
	ReasonPreflightMissingAllowOriginHeader: {"PreflightMissingAllowOriginHeader", "PreflightMissingAllowOriginHeader",
		"CORSMissingAllowOrigin", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7 (CORS check, step 2)"},
	ReasonPreflightMultipleAllowOriginValues: {"PreflightMultipleAllowOriginValues", "PreflightMultipleAllowOriginValues",
		"CORSMultipleAllowOriginNotAllowed", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7 (CORS check, step 4)"},
	ReasonPreflightInvalidAllowOriginValue: {"PreflightInvalidAllowOriginValue", "PreflightInvalidAllowOriginValue",
		"CORSAllowOriginNotMatchingOrigin", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7 (CORS check, step 4)"},
	ReasonPreflightAllowOriginMismatch: {"PreflightAllowOriginMismatch", "PreflightAllowOriginMismatch",
		"CORSAllowOriginNotMatchingOrigin", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7 (CORS check, step 4)"},
	ReasonPreflightWildcardOriginNotAllowed: {"PreflightWildcardOriginNotAllowed", "PreflightWildcardOriginNotAllowed",
		"CORSNotSupportingCredentials", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7 (CORS check, step 4)"},
	ReasonPreflightInvalidAllowCredentials: {"PreflightInvalidAllowCredentials", "PreflightInvalidAllowCredentials",
		"CORSMissingAllowCredentials", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7 (CORS check, steps 6-8)"},
	ReasonInvalidAllowMethodsPreflightResponse: {"InvalidAllowMethodsPreflightResponse", "InvalidAllowMethodsPreflightResponse",
		"CORSInvalidAllowMethod", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7.3 (methods)"},
	ReasonInvalidAllowHeadersPreflightResponse: {"InvalidAllowHeadersPreflightResponse", "InvalidAllowHeadersPreflightResponse",
		"CORSInvalidAllowHeader", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7.3 (header names)"},
	ReasonMethodDisallowedByPreflightResponse: {"MethodDisallowedByPreflightResponse", "MethodDisallowedByPreflightResponse",
		"CORSMethodNotFound", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 7.5"},
	ReasonHeaderDisallowedByPreflightResponse: {"HeaderDisallowedByPreflightResponse", "HeaderDisallowedByPreflightResponse",
		"CORSMissingAllowHeaderFromPreflight", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, steps 7.6-7.7"},
	ReasonInvalidResponse: {"InvalidResponse", "InvalidResponse",
		"CORSPreflightDidNotSucceed", fetchSpec + "#cors-preflight-fetch-0", "CORS-preflight fetch, step 8"},

	ReasonDisallowedByMode: {"DisallowedByMode", "DisallowedByMode",
		"", fetchSpec + "#concept-main-fetch", "main fetch, step 12 (same-origin mode)"},
	ReasonCorsDisabledScheme: {"CorsDisabledScheme", "CorsDisabledScheme",
		"CORSRequestNotHttp", fetchSpec + "#concept-main-fetch", "main fetch, step 12 (scheme not HTTP(S))"},
	ReasonRedirectContainsCredentials: {"RedirectContainsCredentials", "RedirectContainsCredentials",
		"CORSDidNotSucceed", fetchSpec + "#concept-http-redirect-fetch", "HTTP-redirect fetch, steps 9-10"},
	ReasonNoCorsRedirectModeNotFollow: {"NoCorsRedirectModeNotFollow", "NoCorsRedirectModeNotFollow",
		"", fetchSpec + "#concept-main-fetch", "main fetch, step 12 (no-cors)"},

	ReasonTypeError: {"TypeError", "", "", fetchSpec + "#dom-request", "Request constructor"},
	ReasonMixedContent: {"MixedContent", "", "",
		"https://w3c.github.io/webappsec-mixed-content/#should-block-fetch", "main fetch, step 7 (mixed content)"},
	ReasonBadPort:                 {"BadPort", "", "", fetchSpec + "#block-bad-port", "main fetch, step 7 (bad port)"},
	ReasonRedirectModeError:       {"RedirectModeError", "", "", fetchSpec + "#concept-http-fetch", "HTTP fetch, step 6.3 (redirect mode error)"},
	ReasonTooManyRedirects:        {"TooManyRedirects", "", "CORSDidNotSucceed", fetchSpec + "#concept-http-redirect-fetch", "HTTP-redirect fetch, step 7"},
	ReasonRedirectToNonHTTP:       {"RedirectToNonHTTP", "", "CORSDidNotSucceed", fetchSpec + "#concept-http-redirect-fetch", "HTTP-redirect fetch, step 6"},
	ReasonInvalidRedirectLocation: {"InvalidRedirectLocation", "", "CORSDidNotSucceed", fetchSpec + "#concept-http-redirect-fetch", "HTTP-redirect fetch, step 5"},
	ReasonSameOriginRedirect:      {"SameOriginRedirect", "", "", fetchSpec + "#concept-main-fetch", "main fetch, step 12 (same-origin mode, after a redirect)"},
	ReasonBlockedByCORP:           {"BlockedByCORP", "", "", fetchSpec + "#cross-origin-resource-policy-check", "HTTP fetch, step 5 (cross-origin resource policy check)"},
	ReasonNetworkError:            {"NetworkError", "", "CORSDidNotSucceed", fetchSpec + "#concept-network-error", "HTTP-network fetch"},
	ReasonLocalResource: {"LocalResource", "", "", fetchSpec + "#concept-main-fetch",
		"main fetch, step 12 (a file: URL from a web page; engines refuse it before fetching)"},
	ReasonCredentialedRedirect: {"CredentialedRedirect", "", "", fetchSpec + "#concept-http-redirect-fetch",
		"HTTP-redirect fetch, steps 9-10 (a URL with credentials; Chromium refuses it in every case)"},
}

// String returns the reason's stable name, e.g. "AllowOriginMismatch".
func (r Reason) String() string {
	if r < numReasons {
		return reasons[r].name
	}
	return fmt.Sprintf("Reason(%d)", uint16(r))
}

// MarshalText implements encoding.TextMarshaler with the stable name.
func (r Reason) MarshalText() ([]byte, error) {
	if r < numReasons {
		return []byte(reasons[r].name), nil
	}
	return nil, fmt.Errorf("fetch: invalid Reason %d", uint16(r))
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Reason) UnmarshalText(b []byte) error {
	for i := range reasons {
		if reasons[i].name == string(b) {
			*r = Reason(i)
			return nil
		}
	}
	return fmt.Errorf("fetch: unknown reason %q", b)
}

// Reasons lists every reason but ReasonNone, in order.
func Reasons() []Reason {
	rs := make([]Reason, 0, numReasons-1)
	for r := Reason(1); r < numReasons; r++ {
		rs = append(rs, r)
	}
	return rs
}

// OK reports whether r is ReasonNone.
func (r Reason) OK() bool { return r == ReasonNone }

// CorsError returns Chromium's network::mojom::CorsError name for the
// reason, without its k prefix ("MissingAllowOriginHeader"), or "" when
// Chromium reports the failure some other way.
func (r Reason) CorsError() string {
	if r < numReasons {
		return reasons[r].chromium
	}
	return ""
}

// FirefoxReason returns Firefox's reason code for the reason
// ("CORSMissingAllowOrigin"), or "" when Firefox has none. For
// ReasonMultipleAllowOriginValues Firefox's code depends on how many header
// lines carried the values; see FirefoxReasonFor.
func (r Reason) FirefoxReason() string {
	if r < numReasons {
		return reasons[r].firefox
	}
	return ""
}

// Anchor returns the URL of the spec concept whose step fails.
func (r Reason) Anchor() string {
	if r < numReasons {
		return reasons[r].anchor
	}
	return ""
}

// Step names the failing step in words, e.g. "CORS check, step 4".
func (r Reason) Step() string {
	if r < numReasons {
		return reasons[r].step
	}
	return ""
}

// IsPreflight reports whether the reason is a failure of the CORS-preflight
// fetch.
func (r Reason) IsPreflight() bool {
	return r >= ReasonPreflightInvalidStatus && r <= ReasonInvalidResponse
}

// IsCORS reports whether the reason is a CORS protocol failure (one Chromium
// reports as a CorsError).
func (r Reason) IsCORS() bool { return reasons[min(r, numReasons-1)].chromium != "" }

// preflightVariant maps a CORS check reason to its preflight twin.
func (r Reason) preflightVariant() Reason {
	switch r {
	case ReasonMissingAllowOriginHeader:
		return ReasonPreflightMissingAllowOriginHeader
	case ReasonMultipleAllowOriginValues:
		return ReasonPreflightMultipleAllowOriginValues
	case ReasonInvalidAllowOriginValue:
		return ReasonPreflightInvalidAllowOriginValue
	case ReasonAllowOriginMismatch:
		return ReasonPreflightAllowOriginMismatch
	case ReasonWildcardOriginNotAllowed:
		return ReasonPreflightWildcardOriginNotAllowed
	case ReasonInvalidAllowCredentials:
		return ReasonPreflightInvalidAllowCredentials
	}
	return r
}
