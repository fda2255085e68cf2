package fetch

import (
	"strconv"

	"github.com/corsim/corsim/origin"
)

// A CheckResult is the outcome of a CORS check: OK, or the reason it failed
// with the offending value (Chromium's "failed parameter").
type CheckResult struct {
	// Reason is ReasonNone when the check succeeded.
	Reason Reason
	// Value is the offending header value: the Access-Control-Allow-Origin
	// value for origin failures, the Access-Control-Allow-Credentials value
	// (possibly empty) for ReasonInvalidAllowCredentials.
	Value string
	// AllowOriginLines is how many Access-Control-Allow-Origin header lines
	// the response had; Firefox reports several lines differently from one
	// line holding a list.
	AllowOriginLines int
}

// OK reports whether the check succeeded.
func (c CheckResult) OK() bool { return c.Reason == ReasonNone }

// CORSCheck performs the [CORS check] of a response's header list for req.
// It returns a result rather than a bare failure: the spec's single failure
// is refined the way Chromium refines it (network::cors::CheckAccess), so the
// reason says whether the header was missing, held a list, was not a URL,
// did not match, was "*" for a credentialed request, or whether
// Access-Control-Allow-Credentials was wrong. Every refinement is a failure
// in the spec too; no engine accepts what the spec refuses here.
//
// CORSCheck does not allocate.
//
// [CORS check]: https://fetch.spec.whatwg.org/#concept-cors-check
func CORSCheck(req *Request, header HeaderList) CheckResult {
	// OPTIMIZATION: one walk over the header list finds the first value and
	// the number of lines of both headers the check reads; the combined
	// values that get would build are only needed for the diagnostics of a
	// failure. TestPropertyCORSCheckMatchesLiteral checks the result
	// against the spec's steps.
	var value, acac string
	lines, acacLines := 0, 0
	for i := range header {
		switch n := header[i].Name; len(n) {
		case len("Access-Control-Allow-Origin"):
			if equalFoldASCII(n, "Access-Control-Allow-Origin") {
				if lines == 0 {
					value = header[i].Value
				}
				lines++
			}
		case len("Access-Control-Allow-Credentials"):
			if equalFoldASCII(n, "Access-Control-Allow-Credentials") {
				if acacLines == 0 {
					acac = header[i].Value
				}
				acacLines++
			}
		}
	}
	// 1-2. Get Access-Control-Allow-Origin; absent is failure (absent is
	// not the value "null").
	if lines == 0 {
		return CheckResult{Reason: ReasonMissingAllowOriginHeader}
	}
	// NB: a combined value of several lines always holds ", ", which step 4
	// rejects.
	if lines > 1 {
		combined, _ := header.Get("Access-Control-Allow-Origin")
		return CheckResult{Reason: ReasonMultipleAllowOriginValues, Value: combined, AllowOriginLines: lines}
	}
	include := req.Credentials == CredentialsInclude
	// 3. Without credentials, "*" allows every origin.
	if value == "*" {
		if !include {
			return CheckResult{}
		}
		return CheckResult{Reason: ReasonWildcardOriginNotAllowed, Value: value, AllowOriginLines: 1}
	}
	// 4. Otherwise the value must be the serialized request origin, byte
	// for byte.
	if !matchesSerializedRequestOrigin(req, value) {
		return CheckResult{Reason: classifyAllowOrigin(value), Value: value, AllowOriginLines: 1}
	}
	// 5. Without credentials, the check is done.
	if !include {
		return CheckResult{}
	}
	// 6-8. With credentials, Access-Control-Allow-Credentials must be
	// exactly "true": one line (several combine into "true, true"),
	// case-sensitive.
	if acacLines == 1 && acac == "true" {
		return CheckResult{}
	}
	if acacLines > 1 {
		acac, _ = header.Get("Access-Control-Allow-Credentials")
	}
	return CheckResult{Reason: ReasonInvalidAllowCredentials, Value: acac, AllowOriginLines: 1}
}

// classifyAllowOrigin refines a value that is not the request's serialized
// origin the way Chromium's CheckAccess does: a space or comma means a list;
// "null" is a mismatch; a value that does not parse as a URL is invalid;
// anything else is a mismatch.
func classifyAllowOrigin(value string) Reason {
	for i := 0; i < len(value); i++ {
		if value[i] == ' ' || value[i] == ',' {
			return ReasonMultipleAllowOriginValues
		}
	}
	if value == "null" {
		return ReasonAllowOriginMismatch
	}
	if _, err := origin.ParseURL(value, nil); err != nil {
		return ReasonInvalidAllowOriginValue
	}
	return ReasonAllowOriginMismatch
}

// firstValue returns the value of the first header named name.
func firstValue(l HeaderList, name string) (string, bool) {
	for i := range l {
		if equalFoldASCII(l[i].Name, name) {
			return l[i].Value, true
		}
	}
	return "", false
}

// matchesSerializedRequestOrigin reports whether s is the byte-serialized
// request origin of req, without building that serialization.
func matchesSerializedRequestOrigin(req *Request, s string) bool {
	if req.redirectTainted() {
		return s == "null"
	}
	return matchesSerializedOrigin(req.Origin, s)
}

// matchesSerializedOrigin reports whether s is o's ASCII serialization:
// "null" for an opaque origin, else scheme "://" host [":" port].
func matchesSerializedOrigin(o origin.Origin, s string) bool {
	if o.IsOpaque() || !o.IsValid() {
		return s == "null"
	}
	scheme, host := o.Scheme(), o.Host()
	n := len(scheme) + 3 + len(host)
	if len(s) < n || s[:len(scheme)] != scheme || s[len(scheme):len(scheme)+3] != "://" ||
		s[len(scheme)+3:n] != host {
		return false
	}
	port, ok := o.Port()
	if !ok {
		return len(s) == n
	}
	rest := s[n:]
	if len(rest) < 2 || rest[0] != ':' {
		return false
	}
	var buf [8]byte
	return rest[1:] == string(strconv.AppendInt(buf[:0], int64(port), 10))
}
