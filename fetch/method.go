package fetch

// IsMethod reports whether s is a [method]: a byte sequence matching the
// RFC 9110 method token production.
//
// [method]: https://fetch.spec.whatwg.org/#concept-method
func IsMethod(s string) bool {
	return isToken(s)
}

// IsCORSSafelistedMethod reports whether method is a [CORS-safelisted
// method]: `GET`, `HEAD` or `POST`, compared byte for byte. `get` is not
// safelisted; [NormalizeMethod] turns it into `GET` first when a request is
// constructed.
//
// [CORS-safelisted method]: https://fetch.spec.whatwg.org/#cors-safelisted-method
func IsCORSSafelistedMethod(method string) bool {
	switch method {
	case "GET", "HEAD", "POST":
		return true
	}
	return false
}

// IsForbiddenMethod reports whether method is a [forbidden method]: a
// byte-case-insensitive match for `CONNECT`, `TRACE` or `TRACK`.
//
// [forbidden method]: https://fetch.spec.whatwg.org/#forbidden-method
func IsForbiddenMethod(method string) bool {
	switch len(method) {
	case 5:
		return equalFoldASCII(method, "TRACE") || equalFoldASCII(method, "TRACK")
	case 7:
		return equalFoldASCII(method, "CONNECT")
	}
	return false
}

// NormalizeMethod [normalizes] method: a byte-case-insensitive match for
// `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST` or `PUT` is byte-uppercased;
// every other method, `patch` included, is returned unchanged.
// NormalizeMethod never allocates.
//
// [normalizes]: https://fetch.spec.whatwg.org/#concept-method-normalize
func NormalizeMethod(method string) string {
	var canon string
	switch len(method) {
	case 3:
		switch {
		case equalFoldASCII(method, "GET"):
			canon = "GET"
		case equalFoldASCII(method, "PUT"):
			canon = "PUT"
		}
	case 4:
		switch {
		case equalFoldASCII(method, "HEAD"):
			canon = "HEAD"
		case equalFoldASCII(method, "POST"):
			canon = "POST"
		}
	case 6:
		if equalFoldASCII(method, "DELETE") {
			canon = "DELETE"
		}
	case 7:
		if equalFoldASCII(method, "OPTIONS") {
			canon = "OPTIONS"
		}
	}
	if canon == "" {
		return method
	}
	return canon
}
