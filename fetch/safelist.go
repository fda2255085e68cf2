package fetch

import (
	"slices"
	"strings"
)

// maxSafelistedValueLength is the longest value a CORS-safelisted
// request-header may have.
const maxSafelistedValueLength = 128

// maxSafelistedValueTotal is the most value bytes all CORS-safelisted
// request-headers of one request may sum to before they all count as
// CORS-unsafe.
const maxSafelistedValueTotal = 1024

// IsCORSSafelistedRequestHeader reports whether (name, value) is a
// [CORS-safelisted request-header]: one that a cross-origin request may
// carry without a CORS preflight. The name is matched
// byte-case-insensitively; value is the header value as bytes.
//
//   - Any value longer than 128 bytes is not safelisted.
//   - Accept: no CORS-unsafe request-header byte.
//   - Accept-Language, Content-Language: only 0-9 A-Z a-z, space and *,-.;=.
//   - Content-Type: no CORS-unsafe request-header byte, and the value parses
//     as a MIME type whose essence is application/x-www-form-urlencoded,
//     multipart/form-data or text/plain.
//   - Range: a single range with a start, as `bytes=0-` or `bytes=10-20`
//     (see [ParseSingleRangeHeaderValue], without whitespace).
//   - Every other name: not safelisted.
//
// IsCORSSafelistedRequestHeader never allocates.
//
// [CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#cors-safelisted-request-header
func IsCORSSafelistedRequestHeader(name, value string) bool {
	// 1. Values over 128 bytes are never safelisted, whatever the name.
	if len(value) > maxSafelistedValueLength {
		return false
	}
	// 2. Switch on the byte-lowercased name.
	switch len(name) {
	case 5: // range
		if !equalFoldASCII(name, "Range") {
			return false
		}
		// A single range without whitespace, and not a suffix range.
		start, _, ok := ParseSingleRangeHeaderValue(value, false)
		return ok && !start.IsNull()
	case 6: // accept
		if !equalFoldASCII(name, "Accept") {
			return false
		}
		return !containsCORSUnsafeRequestHeaderByte(value)
	case 12: // content-type
		if !equalFoldASCII(name, "Content-Type") {
			return false
		}
		// No unsafe byte, then the essence of the parsed MIME type.
		return !containsCORSUnsafeRequestHeaderByte(value) && isCORSSafelistedContentType(value)
	case 15, 16: // accept-language, content-language
		if !equalFoldASCII(name, "Accept-Language") && !equalFoldASCII(name, "Content-Language") {
			return false
		}
		for i := 0; i < len(value); i++ {
			if !languageSafelistTable[value[i]] {
				return false
			}
		}
		return true
	}
	// Any other name is not safelisted.
	return false
}

// CORSUnsafeRequestHeaderNames returns the [CORS-unsafe request-header
// names] of l: the names of its headers that are not CORS-safelisted
// request-headers, plus, when the values of the safelisted ones add up to
// more than 1024 bytes, those names too. Each header is judged on its own,
// so two Accept headers of 100 bytes each are both safelisted. The names
// come back byte-lowercased, without duplicates, sorted bytewise; the
// result is nil when a request with these headers needs no preflight on
// their account.
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
func CORSUnsafeRequestHeaderNames(l HeaderList) []string {
	// 1-3. The unsafe names, the potentially unsafe ones, and their size.
	// OPTIMIZATION: the potentially unsafe names are only needed past 1024
	// bytes, so they are not collected until then; with no unsafe name
	// nothing is allocated. TestCORSUnsafeRequestHeaderNamesMatchesLiteral
	// checks this against the literal walk.
	var unsafe []string
	size := 0
	// 4. Judge each header.
	for _, h := range l {
		if !IsCORSSafelistedRequestHeader(h.Name, h.Value) {
			// 4.1. Not safelisted: unsafe.
			unsafe = append(unsafe, h.Name)
		} else {
			// 4.2. Safelisted: potentially unsafe, and its value counts.
			size += len(h.Value)
		}
	}
	// 5. Over 1024 bytes, every safelisted header becomes unsafe too.
	if size > maxSafelistedValueTotal {
		for _, h := range l {
			if IsCORSSafelistedRequestHeader(h.Name, h.Value) {
				unsafe = append(unsafe, h.Name)
			}
		}
	}
	// 6. Byte-lowercase, deduplicate, sort.
	return sortedLowercaseSet(unsafe)
}

// sortedLowercaseSet performs [convert header names to a sorted-lowercase
// set]: it byte-lowercases each name, removes duplicates and sorts the rest
// bytewise. It reuses names' storage and returns nil for no names.
//
// [convert header names to a sorted-lowercase set]: https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set
func sortedLowercaseSet(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	for i, n := range names {
		names[i] = lowerASCII(n)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// HasCORSUnsafeRequestHeaderNames reports whether l has any CORS-unsafe
// request-header name, that is, whether len(CORSUnsafeRequestHeaderNames(l))
// > 0: whether some header is not a CORS-safelisted request-header or the
// safelisted values add up to more than 1024 bytes.
//
// OPTIMIZATION: it answers without building the list and never allocates;
// it is the check on every cross-origin request that needs no preflight.
// TestHasCORSUnsafeRequestHeaderNamesAgrees checks it against
// CORSUnsafeRequestHeaderNames.
func HasCORSUnsafeRequestHeaderNames(l HeaderList) bool {
	size := 0
	for i := range l {
		h := &l[i]
		if !IsCORSSafelistedRequestHeader(h.Name, h.Value) {
			return true
		}
		size += len(h.Value)
	}
	// Every header is safelisted; over the limit they all become unsafe.
	return size > maxSafelistedValueTotal
}

// AccessControlRequestHeadersValue returns the value the [CORS-preflight
// fetch] gives its Access-Control-Request-Headers header: the CORS-unsafe
// request-header names of l joined by "," with no space, as in
// "content-type,x-custom". ok is false when there are none, in which case
// the preflight carries no such header.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func AccessControlRequestHeadersValue(l HeaderList) (value string, ok bool) {
	names := CORSUnsafeRequestHeaderNames(l)
	if len(names) == 0 {
		return "", false
	}
	return strings.Join(names, ","), true
}
