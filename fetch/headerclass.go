package fetch

// IsHeaderName reports whether s is a [header name]: a byte sequence
// matching the RFC 9110 field-name (token) production.
//
// [header name]: https://fetch.spec.whatwg.org/#header-name
func IsHeaderName(s string) bool {
	return isToken(s)
}

// IsHeaderValue reports whether s is a [header value]: it has no leading or
// trailing HTTP tab or space byte and contains no 0x00, 0x0A or 0x0D byte.
//
// [header value]: https://fetch.spec.whatwg.org/#header-value
func IsHeaderValue(s string) bool {
	if len(s) > 0 && (isHTTPTabOrSpace(s[0]) || isHTTPTabOrSpace(s[len(s)-1])) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x00, 0x0A, 0x0D:
			return false
		}
	}
	return true
}

// NormalizeHeaderValue [normalizes] a potential header value: it removes
// leading and trailing HTTP whitespace bytes (0x09, 0x0A, 0x0D, 0x20). The
// result is a substring of s; NormalizeHeaderValue never allocates.
//
// [normalizes]: https://fetch.spec.whatwg.org/#concept-header-value-normalize
func NormalizeHeaderValue(s string) string {
	return trimHTTPWhitespace(s)
}

// IsForbiddenRequestHeader reports whether the header (name, value) is a
// [forbidden request-header]: one that script may not set, because the user
// agent controls it.
//
// [forbidden request-header]: https://fetch.spec.whatwg.org/#forbidden-request-header
func IsForbiddenRequestHeader(name, value string) bool {
	// 1. One of the 21 names the user agent owns.
	if isForbiddenRequestHeaderName(name) {
		return true
	}
	// 2. Any name starting with `proxy-` or `sec-`, in any case.
	if hasPrefixFoldASCII(name, "proxy-") || hasPrefixFoldASCII(name, "sec-") {
		return true
	}
	// 3. A method-override header whose value lists a forbidden method.
	if isMethodOverrideHeaderName(name) {
		s := newDecodeSplitScanner(value)
		for {
			method, ok := s.next()
			if !ok {
				break
			}
			if IsForbiddenMethod(method) {
				return true
			}
		}
	}
	// 4. Otherwise the header may be set.
	return false
}

// isForbiddenRequestHeaderName reports whether name byte-case-insensitively
// matches one of the names listed in step 1 of forbidden request-header.
func isForbiddenRequestHeaderName(name string) bool {
	switch len(name) {
	case 2:
		return equalFoldASCII(name, "TE")
	case 3:
		return equalFoldASCII(name, "DNT") || equalFoldASCII(name, "Via")
	case 4:
		return equalFoldASCII(name, "Date") || equalFoldASCII(name, "Host")
	case 6:
		return equalFoldASCII(name, "Cookie") || equalFoldASCII(name, "Expect") ||
			equalFoldASCII(name, "Origin")
	case 7:
		return equalFoldASCII(name, "Cookie2") || equalFoldASCII(name, "Referer") ||
			equalFoldASCII(name, "Trailer") || equalFoldASCII(name, "Upgrade")
	case 10:
		return equalFoldASCII(name, "Connection") || equalFoldASCII(name, "Keep-Alive") ||
			equalFoldASCII(name, "Set-Cookie")
	case 14:
		return equalFoldASCII(name, "Accept-Charset") || equalFoldASCII(name, "Content-Length")
	case 15:
		return equalFoldASCII(name, "Accept-Encoding")
	case 17:
		return equalFoldASCII(name, "Transfer-Encoding")
	case 29:
		return equalFoldASCII(name, "Access-Control-Request-Method")
	case 30:
		return equalFoldASCII(name, "Access-Control-Request-Headers")
	}
	return false
}

// isMethodOverrideHeaderName reports whether name is one of the three
// method-override header names of step 3 of forbidden request-header.
func isMethodOverrideHeaderName(name string) bool {
	return equalFoldASCII(name, "X-HTTP-Method") ||
		equalFoldASCII(name, "X-HTTP-Method-Override") ||
		equalFoldASCII(name, "X-Method-Override")
}

// IsForbiddenResponseHeaderName reports whether name is a [forbidden
// response-header name]: `Set-Cookie` or `Set-Cookie2`, byte-case-insensitively.
// Such headers never reach script.
//
// [forbidden response-header name]: https://fetch.spec.whatwg.org/#forbidden-response-header-name
func IsForbiddenResponseHeaderName(name string) bool {
	return equalFoldASCII(name, "Set-Cookie") || equalFoldASCII(name, "Set-Cookie2")
}

// IsRequestBodyHeaderName reports whether name is a [request-body-header
// name]: `Content-Encoding`, `Content-Language`, `Content-Location` or
// `Content-Type`, byte-case-insensitively. A redirect that turns the method
// into GET removes them.
//
// [request-body-header name]: https://fetch.spec.whatwg.org/#request-body-header-name
func IsRequestBodyHeaderName(name string) bool {
	switch len(name) {
	case 12:
		return equalFoldASCII(name, "Content-Type")
	case 16:
		return equalFoldASCII(name, "Content-Encoding") ||
			equalFoldASCII(name, "Content-Language") ||
			equalFoldASCII(name, "Content-Location")
	}
	return false
}

// IsNoCORSSafelistedRequestHeaderName reports whether name is a [no-CORS-
// safelisted request-header name]: `Accept`, `Accept-Language`,
// `Content-Language` or `Content-Type`, byte-case-insensitively.
//
// [no-CORS-safelisted request-header name]: https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name
func IsNoCORSSafelistedRequestHeaderName(name string) bool {
	switch len(name) {
	case 6:
		return equalFoldASCII(name, "Accept")
	case 12:
		return equalFoldASCII(name, "Content-Type")
	case 15:
		return equalFoldASCII(name, "Accept-Language")
	case 16:
		return equalFoldASCII(name, "Content-Language")
	}
	return false
}

// IsNoCORSSafelistedRequestHeader reports whether (name, value) is a
// [no-CORS-safelisted request-header]: its name is a no-CORS-safelisted
// request-header name and the pair is a CORS-safelisted request-header.
// These are the only headers script may add to a `no-cors` request.
//
// [no-CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header
func IsNoCORSSafelistedRequestHeader(name, value string) bool {
	// 1. The name must be one of the four.
	if !IsNoCORSSafelistedRequestHeaderName(name) {
		return false
	}
	// 2. The pair must also pass the CORS safelist, value rules included.
	return IsCORSSafelistedRequestHeader(name, value)
}

// IsPrivilegedNoCORSRequestHeaderName reports whether name is a [privileged
// no-CORS request-header name]: `Range`, byte-case-insensitively. Only the
// user agent may set it on a `no-cors` request.
//
// [privileged no-CORS request-header name]: https://fetch.spec.whatwg.org/#privileged-no-cors-request-header-name
func IsPrivilegedNoCORSRequestHeaderName(name string) bool {
	return equalFoldASCII(name, "Range")
}

// IsCORSNonWildcardRequestHeaderName reports whether name is a [CORS
// non-wildcard request-header name]: `Authorization`,
// byte-case-insensitively. A `*` in Access-Control-Allow-Headers does not
// cover it.
//
// [CORS non-wildcard request-header name]: https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name
func IsCORSNonWildcardRequestHeaderName(name string) bool {
	return equalFoldASCII(name, "Authorization")
}

// IsCORSSafelistedResponseHeaderName reports whether name is a
// [CORS-safelisted response-header name] given list, the names a response
// exposes (its CORS-exposed header-name list): `Cache-Control`,
// `Content-Language`, `Content-Length`, `Content-Type`, `Expires`,
// `Last-Modified`, `Pragma`, or any item of list that is not a forbidden
// response-header name, all byte-case-insensitively.
//
// [CORS-safelisted response-header name]: https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
func IsCORSSafelistedResponseHeaderName(name string, list []string) bool {
	switch len(name) {
	case 6:
		if equalFoldASCII(name, "Pragma") {
			return true
		}
	case 7:
		if equalFoldASCII(name, "Expires") {
			return true
		}
	case 12:
		if equalFoldASCII(name, "Content-Type") {
			return true
		}
	case 13:
		if equalFoldASCII(name, "Cache-Control") || equalFoldASCII(name, "Last-Modified") {
			return true
		}
	case 14:
		if equalFoldASCII(name, "Content-Length") {
			return true
		}
	case 16:
		if equalFoldASCII(name, "Content-Language") {
			return true
		}
	}
	for _, item := range list {
		if equalFoldASCII(name, item) {
			return !IsForbiddenResponseHeaderName(item)
		}
	}
	return false
}
