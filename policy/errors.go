package policy

import (
	"fmt"
	"strconv"
)

// ErrorCode says what is wrong with one entry of a Config. Codes are stable:
// values are only ever added at the end.
type ErrorCode uint8

// The configuration problems New reports.
const (
	_ ErrorCode = iota
	// ErrInvalidOrigin: an entry of Origins is neither "*", a serialized
	// origin, nor a pattern this package understands.
	ErrInvalidOrigin
	// ErrNonCanonicalOrigin: an entry of Origins denotes an origin but is
	// not how browsers serialize it (upper case, a trailing slash, a default
	// port, a path); browsers compare Access-Control-Allow-Origin byte for
	// byte, so it would never match.
	ErrNonCanonicalOrigin
	// ErrNullOrigin: "null" in Origins. Sandboxed documents, data: URLs,
	// file: pages and redirect-tainted requests all send "null", so trusting
	// it trusts anyone who can make a page.
	ErrNullOrigin
	// ErrFileOrigin: a file: origin in Origins. Browsers send "null" for
	// file: pages; no Origin header says "file://".
	ErrFileOrigin
	// ErrWildcardOriginWithCredentials: "*" in Origins with Credentials.
	// Browsers refuse "Access-Control-Allow-Origin: *" on credentialed
	// requests; reflecting any origin instead would let every site read
	// users' data.
	ErrWildcardOriginWithCredentials
	// ErrPublicSuffixWildcardWithCredentials: a pattern such as
	// "https://*.github.io" with Credentials: anyone can register a name
	// under a public suffix.
	ErrPublicSuffixWildcardWithCredentials
	// ErrInsecureOriginWithCredentials: an http origin (not localhost or a
	// loopback address) with Credentials: a network attacker can run script
	// on it and read users' data.
	ErrInsecureOriginWithCredentials
	// ErrInvalidMethod: an entry of Methods is not a method token.
	ErrInvalidMethod
	// ErrForbiddenMethod: CONNECT, TRACE or TRACK, which fetch() refuses to
	// send.
	ErrForbiddenMethod
	// ErrInvalidHeaderName: an entry of RequestHeaders or ExposedHeaders is
	// not a header name.
	ErrInvalidHeaderName
	// ErrForbiddenHeaderName: a forbidden request-header name in
	// RequestHeaders (Cookie, Origin, Sec-*, Proxy-* …): browsers never let
	// script send it, so listing it means nothing.
	ErrForbiddenHeaderName
	// ErrProhibitedHeaderName: a CORS response header
	// (Access-Control-Allow-Origin …) in RequestHeaders: the server sends
	// those, the browser never asks to.
	ErrProhibitedHeaderName
	// ErrExposeSetCookie: Set-Cookie or Set-Cookie2 in ExposedHeaders:
	// browsers never expose them to script.
	ErrExposeSetCookie
	// ErrMaxAgeOutOfRange: MaxAge below -1 or above 86400, the largest cap
	// any engine applies (Firefox's).
	ErrMaxAgeOutOfRange
	// ErrInvalidPreflightStatus: PreflightStatus outside 200-299; browsers
	// fail a preflight answered with anything else.
	ErrInvalidPreflightStatus
	// ErrWildcardWithOthers: "*" and other entries in the same list, which
	// would make the other entries meaningless.
	ErrWildcardWithOthers
)

var errorCodeNames = [...]string{"", "invalid-origin", "non-canonical-origin", "null-origin", "file-origin",
	"wildcard-origin-with-credentials", "public-suffix-wildcard-with-credentials",
	"insecure-origin-with-credentials", "invalid-method", "forbidden-method", "invalid-header-name",
	"forbidden-header-name", "prohibited-header-name", "expose-set-cookie", "max-age-out-of-range",
	"invalid-preflight-status", "wildcard-with-others"}

// String returns the code's stable name, e.g. "null-origin".
func (c ErrorCode) String() string {
	if int(c) < len(errorCodeNames) && c != 0 {
		return errorCodeNames[c]
	}
	return "ErrorCode(" + strconv.Itoa(int(c)) + ")"
}

// A ConfigError is one problem with a Config. New returns every problem at
// once, each a *ConfigError, joined with errors.Join; use errors.As for the
// first, or the Unwrap() []error method of the joined error for all.
type ConfigError struct {
	Code ErrorCode
	// Field is the Config field's JSON name: "origins", "methods",
	// "requestHeaders", "exposedHeaders", "maxAge" or "preflightStatus".
	Field string
	// Value is the offending entry as given.
	Value string
	// Detail says why, and what to write instead when there is an obvious
	// fix; its wording may change.
	Detail string
}

// Error returns `policy: origins: "null": <detail>`.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("policy: %s: %q: %s", e.Field, e.Value, e.Detail)
}
