package fetch

import (
	"math"
	"slices"
	"strings"
)

// This file models, byte for byte, how each engine decides that a request
// header is CORS-safelisted where that differs from the Fetch Standard. The
// engine profiles call these predicates; IsCORSSafelistedRequestHeader stays
// the spec's. Each model is transcribed in our own words from the engine
// source cited in its doc comment, including behaviour that looks
// accidental, because the point is to predict what the engine does.

// chromiumIsCORSSafelistedRequestHeader reports whether Chromium treats
// (name, value) as a CORS-safelisted request header.
//
// DEVIATION: Chromium's network::cors::IsCorsSafelistedHeader differs from
// the spec in four ways
// (https://source.chromium.org/chromium/chromium/src/+/main:services/network/public/cpp/cors/cors.cc,
// read at the 2025 state):
//
//  1. More names: `Intervention` (any value); the client hints
//     `Device-Memory`, `DPR` and `Downlink` (value 1*DIGIT ["." 1*DIGIT]),
//     `Width`, `Viewport-Width` and `RTT` (value 1*DIGIT), `ECT` (exactly
//     `slow-2g`, `2g`, `3g` or `4g`), `Save-Data` (`on`, any case); and 19
//     `Sec-CH-*` client hints with any value. The `Sec-` ones are forbidden
//     request-headers, so only the browser adds them; the other nine are
//     settable by script, which is how `fetch(url, {headers: {DPR: "2"}})`
//     skips the preflight in Chromium alone.
//  2. Content-Type: the value is lowercased and the text before the first
//     ";" must be exactly token "/" token (leading whitespace allowed before
//     the type, trailing after the subtype) instead of the WHATWG MIME
//     parser; after the unsafe-byte screen this accepts the same values.
//     (`message/ad-auction-trusted-signals-request`, which cors.cc
//     safelists behind a Protected Audience feature, is preflighted for
//     fetch() in Chromium 156, as observed by the differential harness.)
//  3. Range: see chromiumIsSafelistedRange.
//  4. The 128-byte limit and the Accept and language rules are the spec's.
func chromiumIsCORSSafelistedRequestHeader(name, value string) bool {
	if len(value) > maxSafelistedValueLength {
		return false
	}
	switch {
	case equalFoldASCII(name, "Accept"):
		return !containsCORSUnsafeRequestHeaderByte(value)
	case equalFoldASCII(name, "Accept-Language"), equalFoldASCII(name, "Content-Language"):
		for i := 0; i < len(value); i++ {
			if !languageSafelistTable[value[i]] {
				return false
			}
		}
		return true
	case equalFoldASCII(name, "Content-Type"):
		return chromiumIsSafelistedContentType(value)
	case equalFoldASCII(name, "Range"):
		return chromiumIsSafelistedRange(value)
	case equalFoldASCII(name, "Device-Memory"), equalFoldASCII(name, "DPR"), equalFoldASCII(name, "Downlink"):
		return isChromiumDoubleLike(value)
	case equalFoldASCII(name, "Width"), equalFoldASCII(name, "Viewport-Width"), equalFoldASCII(name, "RTT"):
		return isDeltaSeconds(value) // 1*DIGIT
	case equalFoldASCII(name, "ECT"):
		// Compared case-sensitively against the effective connection types.
		switch value {
		case "slow-2g", "2g", "3g", "4g":
			return true
		}
		return false
	case equalFoldASCII(name, "Save-Data"):
		return equalFoldASCII(value, "on")
	case equalFoldASCII(name, "Intervention"):
		return true
	}
	for _, n := range chromiumSecCHSafelist {
		if equalFoldASCII(name, n) {
			return true
		}
	}
	return false
}

// chromiumScriptSettableExtraSafelist lists the names Chromium safelists
// beyond the spec that script can set (they are not forbidden
// request-headers).
var chromiumScriptSettableExtraSafelist = [...]string{
	"intervention", "device-memory", "dpr", "width", "viewport-width",
	"rtt", "downlink", "ect", "save-data",
}

// chromiumSecCHSafelist lists the `Sec-CH-*` client hints Chromium
// safelists with any value. Script cannot set them (the `sec-` prefix
// makes them forbidden), but the browser adds them to requests.
var chromiumSecCHSafelist = [...]string{
	"sec-ch-ua", "sec-ch-ua-arch", "sec-ch-ua-platform", "sec-ch-ua-model",
	"sec-ch-ua-mobile", "sec-ch-ua-full-version", "sec-ch-ua-platform-version",
	"sec-ch-prefers-color-scheme", "sec-ch-ua-bitness", "sec-ch-viewport-height",
	"sec-ch-device-memory", "sec-ch-dpr", "sec-ch-width", "sec-ch-viewport-width",
	"sec-ch-ua-full-version-list", "sec-ch-ua-wow64", "sec-ch-prefers-reduced-motion",
	"sec-ch-ua-form-factors", "sec-ch-prefers-reduced-transparency",
}

// isChromiumDoubleLike reports whether s matches 1*DIGIT [ "." 1*DIGIT ]
// (Chromium's IsSimilarToDoubleABNF).
func isChromiumDoubleLike(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	if !isDeltaSeconds(whole) {
		return false
	}
	return !dot || isDeltaSeconds(frac)
}

// asciiWhitespace is Chromium's and base's kWhitespaceASCII.
const asciiWhitespace = " \t\n\v\f\r"

// chromiumIsSafelistedContentType models IsCorsSafelistedLowerCaseContentType
// applied to the lowercased value (see chromiumIsCORSSafelistedRequestHeader).
func chromiumIsSafelistedContentType(value string) bool {
	// Screen for CORS-unsafe bytes.
	if containsCORSUnsafeRequestHeaderByte(value) {
		return false
	}
	// net::ExtractMimeTypeFromMediaType without comma splitting: the text
	// before the first ";" must split on "/" into exactly two tokens, the
	// first trimmed of leading and the second of trailing ASCII whitespace.
	if semi := strings.IndexByte(value, ';'); semi >= 0 {
		value = value[:semi]
	}
	typ, subtype, ok := strings.Cut(value, "/")
	if !ok || strings.IndexByte(subtype, '/') >= 0 {
		return false
	}
	typ = strings.TrimLeft(typ, asciiWhitespace)
	subtype = strings.TrimRight(subtype, asciiWhitespace)
	if !isToken(typ) || !isToken(subtype) {
		return false
	}
	// The lowercased essence against the allowed ones.
	switch {
	case equalFoldASCII(typ, "text"):
		return equalFoldASCII(subtype, "plain")
	case equalFoldASCII(typ, "multipart"):
		return equalFoldASCII(subtype, "form-data")
	case equalFoldASCII(typ, "application"):
		return equalFoldASCII(subtype, "x-www-form-urlencoded")
	}
	return false
}

// chromiumIsSafelistedRange reports whether Chromium 156 lets a Range value
// through without a preflight.
//
// DEVIATION: the spec's "parse a single range header value" (case-sensitive
// "bytes", digits only, no whitespace, a start), with numbers bounded by
// int64: observed in Chromium 156 by the differential harness (conformance
// corpus: "Bytes=0-", "bytes=+5-" and "bytes=5--1" are preflighted, as are
// numbers above 2^63-1; "bytes=0-" and "bytes=100-200" are not). Older
// Chromium source (cors.cc with HttpUtil::ParseRangeHeader) was more
// lenient.
func chromiumIsSafelistedRange(value string) bool {
	start, end, ok := ParseSingleRangeHeaderValue(value, false)
	if !ok || start.IsNull() {
		return false
	}
	if _, fits := start.Uint64(); !fits || !fitsInt64(start) {
		return false
	}
	if !end.IsNull() && !fitsInt64(end) {
		return false
	}
	return true
}

// fitsInt64 reports whether a range bound is at most 2^63-1.
func fitsInt64(b RangeBound) bool {
	n, ok := b.Uint64()
	return ok && n <= math.MaxInt64
}

// chromiumStringToInt64 models base::StringToInt64: an optional "+" or "-"
// sign, then one or more ASCII digits and nothing else, within int64.
// Leading ASCII whitespace makes the conversion fail.
func chromiumStringToInt64(s string) (int64, bool) {
	if s != "" && strings.IndexByte(asciiWhitespace, s[0]) >= 0 {
		return 0, false
	}
	return parseSignedInt64(s)
}

// parseSignedInt64 parses [+|-]1*DIGIT within int64.
func parseSignedInt64(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if !isDeltaSeconds(s) {
		return 0, false
	}
	var n uint64
	limit := uint64(math.MaxInt64)
	if neg {
		limit++ // -2^63 fits
	}
	for i := 0; i < len(s); i++ {
		d := uint64(s[i] - '0')
		if n > (limit-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if neg {
		return -int64(n-1) - 1, true
	}
	return int64(n), true
}

// firefoxIsCORSSafelistedRequestHeader reports whether Firefox treats
// (name, value) as a CORS-safelisted request header.
//
// DEVIATION: Gecko's nsContentUtils::IsCORSSafelistedRequestHeader
// (https://searchfox.org/mozilla-central/source/dom/base/nsContentUtils.cpp,
// IsCorsUnsafeRequestHeaderValue and IsAllowedNonCors*) differs from the
// spec in three ways:
//
//  1. Its CORS-unsafe byte test compares `char` values with `< ' '`. Where
//     char is signed (x86 and x86-64 on every OS, and Apple's arm64), every
//     byte from 0x80 up is negative and so counts as unsafe: an Accept or
//     Content-Type value with a non-ASCII byte needs a preflight in Firefox
//     and not in Chromium or WebKit. This model assumes signed char, the
//     case of the desktop builds; on Linux and Android arm64 char is
//     unsigned and Firefox follows the spec here.
//  2. Content-Type goes through net_ParseRequestContentType
//     (netwerk/base/nsURLHelper.cpp), not the WHATWG MIME parser; see
//     firefoxIsSafelistedContentType.
//  3. Range goes through ParseSingleRangeRequest, which is the spec's
//     algorithm except that each number must fit in uint64.
//
// `Idempotency-Key` is also safelisted behind the pref
// network.http.idempotencyKey.enabled, off by default; it is not modelled.
func firefoxIsCORSSafelistedRequestHeader(name, value string) bool {
	if len(value) > maxSafelistedValueLength {
		return false
	}
	switch {
	case equalFoldASCII(name, "Accept"):
		return !firefoxContainsUnsafeByte(value)
	case equalFoldASCII(name, "Accept-Language"), equalFoldASCII(name, "Content-Language"):
		for i := 0; i < len(value); i++ {
			if !languageSafelistTable[value[i]] {
				return false
			}
		}
		return true
	case equalFoldASCII(name, "Content-Type"):
		return !firefoxContainsUnsafeByte(value) && firefoxIsSafelistedContentType(value)
	case equalFoldASCII(name, "Range"):
		start, end, ok := ParseSingleRangeHeaderValue(value, false)
		if !ok || start.IsNull() {
			return false
		}
		if _, fits := start.Uint64(); !fits {
			return false
		}
		if !end.IsNull() {
			if _, fits := end.Uint64(); !fits {
				return false
			}
		}
		return true
	}
	return false
}

// firefoxContainsUnsafeByte models IsCorsUnsafeRequestHeaderValue with a
// signed char: the spec's unsafe bytes plus every byte from 0x80 up.
func firefoxContainsUnsafeByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || corsUnsafeRequestHeaderByteTable[s[i]] {
			return true
		}
	}
	return false
}

// firefoxIsSafelistedContentType models IsAllowedNonCorsContentType after
// its unsafe-byte screen: net_ParseRequestContentType, then the three
// essences compared case-insensitively.
//
// DEVIATION: the request parser rejects any value containing a comma
// (`text/plain;a=b,c` needs a preflight, the spec safelists it), takes
// the type to be the text up to the first space, tab or ";" without
// checking that it is a token, and in strict mode requires that only
// spaces and tabs follow the last parameter. Hence `text/plain x;y` is
// safelisted (the spec's subtype "plain x" is not a token), while
// `text/plain;charset=utf-8;` and `text/plain;;` are not (the text after
// the last ";" before the end is left over), and a leading space
// without parameters fails. See
// https://searchfox.org/mozilla-central/source/netwerk/base/nsURLHelper.cpp
// (net_ParseMediaType with aStrict).
func firefoxIsSafelistedContentType(v string) bool {
	// The request parser gives up on a second media type.
	if strings.IndexByte(v, ',') >= 0 {
		return false
	}
	isLWS := func(b byte) bool { return b == ' ' || b == '\t' }
	n := len(v)
	// The type starts after leading spaces and tabs and ends at a space, a
	// tab or ";".
	typeStart := 0
	for typeStart < n && isLWS(v[typeStart]) {
		typeStart++
	}
	typeEnd := typeStart
	for typeEnd < n && !isLWS(v[typeEnd]) && v[typeEnd] != ';' {
		typeEnd++
	}
	// How far the parse got: the length of the type (measured from the
	// start of the value, as Gecko does)...
	consumed := typeEnd - typeStart
	// ...or the end of the last ";"-separated parameter.
	if p := strings.IndexByte(v[typeEnd:], ';'); p >= 0 {
		cur := typeEnd + p + 1
		for {
			end := n
			if q := strings.IndexByte(v[cur:], ';'); q >= 0 {
				end = cur + q
			}
			consumed = end
			cur = end + 1
			if cur >= n {
				break
			}
		}
	}
	// A type with a "/", and nothing but spaces and tabs after the parse.
	if typeStart == typeEnd || strings.IndexByte(v[typeStart:typeEnd], '/') < 0 {
		return false
	}
	for i := consumed; i < n; i++ {
		if !isLWS(v[i]) {
			return false
		}
	}
	t := v[typeStart:typeEnd]
	return equalFoldASCII(t, "text/plain") ||
		equalFoldASCII(t, "application/x-www-form-urlencoded") ||
		equalFoldASCII(t, "multipart/form-data")
}

// webkitIsCORSSafelistedRequestHeader reports whether WebKit treats
// (name, value) as a CORS-safelisted request header.
//
// WebKit's isCrossOriginSafeRequestHeader
// (https://github.com/WebKit/WebKit/blob/main/Source/WebCore/platform/network/HTTPParsers.cpp)
// follows the spec for the 128-byte limit, Accept (isValidAcceptHeaderValue
// rejects exactly the CORS-unsafe bytes), the language headers, and
// Content-Type (its WHATWG-mode ParsedContentType).
//
// DEVIATION: Range only; see webkitIsSafelistedRange.
func webkitIsCORSSafelistedRequestHeader(name, value string) bool {
	if equalFoldASCII(name, "Range") {
		return len(value) <= maxSafelistedValueLength && webkitIsSafelistedRange(value)
	}
	return IsCORSSafelistedRequestHeader(name, value)
}

// webkitIsSafelistedRange reports whether WebKit safelists a Range value.
//
// DEVIATION: WebKit's parseRange with RangeAllowWhitespace::No
// (HTTPParsers.cpp) rejects spaces and tabs, then matches `bytes` in any
// case, trims ASCII whitespace other than form feed around the rest, splits
// at the first "-" and reads both numbers. A start must be present and the
// end, when present, not below it. WebKitGTK 2.50, observed by the
// differential harness, takes `BYTES=0-`, `bytes=+5-` and
// `bytes=9223372036854775808-` without a preflight but preflights
// `bytes=5--1`, so the numbers are read here as unsigned 64-bit values with
// an optional "+" (the source's parseInteger<long long> would refuse 2^63).
func webkitIsSafelistedRange(value string) bool {
	for i := 0; i < len(value); i++ {
		if isHTTPTabOrSpace(value[i]) {
			return false
		}
	}
	if !hasPrefixFoldASCII(value, "bytes") {
		return false
	}
	rest := strings.Trim(value[len("bytes"):], "\t\n\r ")
	rest, ok := strings.CutPrefix(rest, "=")
	if !ok {
		return false
	}
	minus := strings.IndexByte(rest, '-')
	if minus <= 0 {
		return false // no "-", or a suffix range, which has no start
	}
	first, ok := webkitParseUnsigned(rest[:minus])
	if !ok {
		return false
	}
	if l := rest[minus+1:]; l != "" {
		last, ok := webkitParseUnsigned(l)
		return ok && last >= first
	}
	return true
}

// webkitParseUnsigned reads a range bound as WebKitGTK 2.50 does (observed
// by the differential harness): an optional "+", digits, at most 2^64-1 (so
// 2^63 passes), surrounding whitespace trimmed; a "-" sign is refused.
func webkitParseUnsigned(s string) (uint64, bool) {
	s = strings.Trim(s, webkitWhitespace)
	s = strings.TrimPrefix(s, "+")
	if !isDeltaSeconds(s) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := uint64(s[i] - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// webkitWhitespace is WTF's isUnicodeCompatibleASCIIWhitespace set.
const webkitWhitespace = " \t\n\v\f\r"

// webkitParseInteger models WTF::parseInteger<long long> with the default
// whitespace policy: optional ASCII whitespace, an optional sign, one or
// more digits within int64, optional ASCII whitespace, end.
func webkitParseInteger(s string) (int64, bool) {
	return parseSignedInt64(strings.Trim(s, webkitWhitespace))
}

// webkitCORSUnsafeRequestHeaderNames returns the names WebKit puts in
// Access-Control-Request-Headers for a request with header list l, and
// whose presence makes it preflight.
//
// DEVIATION: WebKit's createAccessControlPreflightRequest
// (https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/CrossOriginAccessControl.cpp)
// iterates an HTTPHeaderMap, in which headers of the same name are
// combined with ", " before the safelist check, so two Accept headers of
// 100 bytes each are one 202-byte value and need a preflight; and it has
// no 1024-byte total rule. Names are lowercased and sorted by code point,
// as in the spec.
func webkitCORSUnsafeRequestHeaderNames(l HeaderList) []string {
	var names []string
	for i, h := range l {
		if slices.ContainsFunc(l[:i], func(p Header) bool { return equalFoldASCII(p.Name, h.Name) }) {
			continue // already judged with its combined value
		}
		combined, _ := l.Get(h.Name)
		if !webkitIsCORSSafelistedRequestHeader(h.Name, combined) {
			names = append(names, h.Name)
		}
	}
	return sortedLowercaseSet(names)
}
