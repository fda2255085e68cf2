package fetch

import (
	"github.com/corsim/corsim/origin"
)

// RequestInit is what script passes to fetch(input, init) or
// new Request(input, init), with the input URL. Zero values mean "not given":
// the method defaults to GET, the mode to cors, credentials to same-origin,
// the redirect mode to follow.
type RequestInit struct {
	Method  string
	Headers HeaderList
	// Body is the request body as script passes it; nil means none. A string
	// body without a Content-Type header gets
	// "Content-Type: text/plain;charset=UTF-8".
	Body           *string
	Mode           Mode
	Credentials    CredentialsMode
	Redirect       RedirectMode
	ReferrerPolicy ReferrerPolicy
	// UseCORSPreflight models a request that forces a preflight (an
	// XMLHttpRequest with upload listeners, a stream body).
	UseCORSPreflight bool
}

// TypeErrorKind says why fetch() threw before any request was made.
type TypeErrorKind uint8

// The reasons fetch() and new Request() throw a TypeError.
const (
	// TypeErrorInvalidURL: the input does not parse as a URL.
	TypeErrorInvalidURL TypeErrorKind = iota + 1
	// TypeErrorURLCredentials: the URL has a username or password.
	TypeErrorURLCredentials
	// TypeErrorNavigateMode: init.mode is "navigate".
	TypeErrorNavigateMode
	// TypeErrorInvalidMethod: the method is not a token.
	TypeErrorInvalidMethod
	// TypeErrorForbiddenMethod: CONNECT, TRACE or TRACK.
	TypeErrorForbiddenMethod
	// TypeErrorNoCORSMethod: a no-cors request with a method other than
	// GET, HEAD or POST.
	TypeErrorNoCORSMethod
	// TypeErrorInvalidHeaderName: a header name that is not a token.
	TypeErrorInvalidHeaderName
	// TypeErrorInvalidHeaderValue: a header value with NUL, CR or LF.
	TypeErrorInvalidHeaderValue
	// TypeErrorBodyWithGetOrHead: a body on a GET or HEAD request.
	TypeErrorBodyWithGetOrHead
	// TypeErrorByteString: a method or header given as a JavaScript string
	// with a code point above U+00FF, which WebIDL's ByteString refuses;
	// Value names the init member ("method" or "headers").
	TypeErrorByteString
)

// A TypeError is the exception fetch() throws for bad arguments. It is a
// predicted outcome, not a failure of corsim; Message renders the text each
// engine gives it.
type TypeError struct {
	Kind TypeErrorKind
	// Value is the offending input: the URL, method or header name/value.
	Value string
}

func (e *TypeError) Error() string { return "TypeError: " + e.Message(EngineSpec) }

// NewRequest performs the steps of the [Request constructor] that fetch()
// runs on script input before any network activity: it parses the URL
// against base, validates and normalizes the method, applies the Headers
// guard (forbidden request-headers are dropped silently; in no-cors mode only
// no-CORS-safelisted headers are kept), checks the body, and adds the default
// Content-Type of a string body. client is the origin of the document or
// worker calling fetch().
//
// The returned request has the unsafe-request flag set and tainting basic;
// main fetch decides the rest.
//
// [Request constructor]: https://fetch.spec.whatwg.org/#dom-request
func NewRequest(client origin.Origin, base *origin.URL, input string, init RequestInit) (*Request, *TypeError) {
	// 5.1-5.3. Parse the input against the API base URL.
	u, err := origin.ParseURL(input, base)
	if err != nil {
		return nil, &TypeError{Kind: TypeErrorInvalidURL, Value: input}
	}
	// 5.4. A URL with credentials cannot make a Request.
	if u.IncludesCredentials() {
		return nil, &TypeError{Kind: TypeErrorURLCredentials, Value: u.String()}
	}
	// 16-17. A navigate mode cannot be requested by script.
	if init.Mode == ModeNavigate {
		return nil, &TypeError{Kind: TypeErrorNavigateMode, Value: "navigate"}
	}
	method := "GET"
	if init.Method != "" {
		// 25.2. The method must be a method (a token) ...
		if !IsMethod(init.Method) {
			return nil, &TypeError{Kind: TypeErrorInvalidMethod, Value: init.Method}
		}
		// ... and not a forbidden method.
		if IsForbiddenMethod(init.Method) {
			return nil, &TypeError{Kind: TypeErrorForbiddenMethod, Value: init.Method}
		}
		// 25.3. Normalize it.
		method = NormalizeMethod(init.Method)
	}
	r := &Request{
		Method:           method,
		URLList:          []*origin.URL{u},
		Header:           make(HeaderList, 0, len(init.Headers)+2),
		Mode:             init.Mode,
		Credentials:      init.Credentials,
		Redirect:         init.Redirect,
		Origin:           client,
		ReferrerPolicy:   init.ReferrerPolicy,
		UseCORSPreflight: init.UseCORSPreflight,
		UnsafeRequest:    true,
	}
	r.originCache.of, r.originCache.s = client, client.String()
	// 32. A no-cors request must use a CORS-safelisted method; its headers
	// get the request-no-cors guard.
	noCORS := r.Mode == ModeNoCORS
	if noCORS && !IsCORSSafelistedMethod(method) {
		return nil, &TypeError{Kind: TypeErrorNoCORSMethod, Value: method}
	}
	// 33. Fill the headers through the guard.
	for _, h := range init.Headers {
		if terr := r.appendScriptHeader(h.Name, h.Value, noCORS); terr != nil {
			return nil, terr
		}
	}
	// 35. GET and HEAD requests cannot have a body.
	if init.Body != nil && (method == "GET" || method == "HEAD") {
		return nil, &TypeError{Kind: TypeErrorBodyWithGetOrHead, Value: method}
	}
	if init.Body != nil {
		r.Body = []byte(*init.Body)
		r.HasBody = true
		// 37. Extracting a string body gives text/plain;charset=UTF-8,
		// appended unless script set a Content-Type.
		if !r.Header.Contains("Content-Type") {
			r.Header.Append("Content-Type", "text/plain;charset=UTF-8")
		}
	}
	return r, nil
}

// appendScriptHeader performs the Headers object's [append] for a header
// script set, under the request or request-no-cors guard.
//
// [append]: https://fetch.spec.whatwg.org/#concept-headers-append
func (r *Request) appendScriptHeader(name, value string, noCORS bool) *TypeError {
	// 1. Normalize the value.
	value = NormalizeHeaderValue(value)
	// 2. Validate: the name must be a header name and the value a header
	// value.
	if !IsHeaderName(name) {
		return &TypeError{Kind: TypeErrorInvalidHeaderName, Value: name}
	}
	if !IsHeaderValue(value) {
		return &TypeError{Kind: TypeErrorInvalidHeaderValue, Value: value}
	}
	// 2 (validate, continued). The request guard silently ignores forbidden
	// request-headers.
	if IsForbiddenRequestHeader(name, value) {
		return nil
	}
	// 3. The request-no-cors guard keeps only no-CORS-safelisted headers,
	// judged on the value combined with any earlier one.
	if noCORS {
		combined := value
		if prev, ok := r.Header.Get(name); ok {
			combined = prev + ", " + value
		}
		if !IsNoCORSSafelistedRequestHeader(name, combined) {
			return nil
		}
	}
	// 4. Append.
	r.Header.Append(name, value)
	// 5. Then drop privileged no-CORS request-headers (Range).
	if noCORS {
		for i := 0; i < len(r.Header); {
			if IsPrivilegedNoCORSRequestHeaderName(r.Header[i].Name) {
				r.Header = append(r.Header[:i], r.Header[i+1:]...)
				continue
			}
			i++
		}
	}
	return nil
}

// IsomorphicEncode converts a JavaScript string, given as UTF-8, to the
// bytes WebIDL's ByteString makes of it: each code point becomes the byte of
// the same value. ok is false when a code point is above U+00FF (including
// U+FFFD standing for invalid UTF-8), for which fetch() throws a TypeError.
func IsomorphicEncode(s string) (b string, ok bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, true
	}
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return "", false
		}
		out = append(out, byte(r))
	}
	return string(out), true
}
