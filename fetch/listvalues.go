package fetch

import (
	"strconv"
	"strings"
)

// CollectHTTPQuotedString performs [collect an HTTP quoted string] on input
// at position pos, which must hold `"`. It returns the result and the
// position just after the string. With extractValue, the result is the
// content with backslash escapes resolved; otherwise it is the raw span,
// quotes and backslashes included. An unterminated string runs to the end
// of input, and a backslash at the very end is kept literally.
//
// CollectHTTPQuotedString allocates only when extractValue is set and the
// content holds a backslash escape. The spec asserts that input[pos] is
// `"`; when it is not (or pos is out of range), CollectHTTPQuotedString
// collects nothing and returns "" and pos unchanged.
//
// [collect an HTTP quoted string]: https://fetch.spec.whatwg.org/#collect-an-http-quoted-string
func CollectHTTPQuotedString(input string, pos int, extractValue bool) (result string, next int) {
	// 1-2. Remember the start; the value starts empty.
	start := pos
	// 3-4. Step over the opening quote.
	if pos < 0 || pos >= len(input) || input[pos] != '"' {
		return "", pos
	}
	pos++
	contentStart := pos
	escaped, closed := false, false
	// 5. Scan to the closing quote, stepping over each escaped code point.
	for {
		for pos < len(input) && input[pos] != '"' && input[pos] != '\\' {
			pos++
		}
		if pos >= len(input) {
			break
		}
		quoteOrBackslash := input[pos]
		pos++
		if quoteOrBackslash == '\\' {
			escaped = true
			if pos >= len(input) {
				break // a trailing backslash stands for itself
			}
			pos++
			continue
		}
		closed = true
		break
	}
	// 6. The value: the content with escapes resolved.
	if extractValue {
		end := pos
		if closed {
			end-- // drop the closing quote
		}
		content := input[contentStart:end]
		if !escaped {
			return content, pos
		}
		return unescapeQuotedContent(content), pos
	}
	// 7. Otherwise the raw span.
	return input[start:pos], pos
}

// unescapeQuotedContent removes the escaping backslashes from the content
// of a quoted string (without its quotes). A lone trailing backslash stays.
func unescapeQuotedContent(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// decodeSplitScanner yields the values of [get, decode, and split] one at a
// time, without allocating: each value is a substring of the input, because
// the spec's temporary value is always a contiguous span of it.
//
// [get, decode, and split]: https://fetch.spec.whatwg.org/#header-value-get-decode-and-split
type decodeSplitScanner struct {
	input string
	pos   int
	done  bool
}

func newDecodeSplitScanner(value string) decodeSplitScanner {
	return decodeSplitScanner{input: value}
}

// next returns the next value, or ok false after the last one. An empty
// input yields one empty value.
func (s *decodeSplitScanner) next() (value string, ok bool) {
	if s.done {
		return "", false
	}
	input := s.input
	// 4. The temporary value starts here.
	from := s.pos
	for {
		// 5.1. Collect up to `"` or `,`.
		for s.pos < len(input) && input[s.pos] != '"' && input[s.pos] != ',' {
			s.pos++
		}
		// 5.2. A quoted string is kept whole, quotes included.
		if s.pos < len(input) && input[s.pos] == '"' {
			_, s.pos = CollectHTTPQuotedString(input, s.pos, false)
			if s.pos < len(input) {
				continue
			}
		}
		break
	}
	// 5.3-5.4. Strip HTTP tab or space and emit.
	value = trimHTTPTabOrSpace(input[from:s.pos])
	// 5.6. At the end: this was the last value.
	if s.pos >= len(input) {
		s.done = true
		return value, true
	}
	// 5.7-5.8. Otherwise step over the `,`.
	s.pos++
	return value, true
}

// GetDecodeSplit performs [get, decode, and split] on a header value: it
// splits value on commas that are not inside quoted strings, strips HTTP
// tab or space bytes from each piece, and keeps empty pieces. Quoted
// strings keep their quotes. An empty value gives [""].
//
// [get, decode, and split]: https://fetch.spec.whatwg.org/#header-value-get-decode-and-split
func GetDecodeSplit(value string) []string {
	n := 1
	for i := 0; i < len(value); i++ {
		if value[i] == ',' {
			n++
		}
	}
	out := make([]string, 0, n)
	s := newDecodeSplitScanner(value)
	for {
		v, ok := s.next()
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// GetDecodeSplit performs the header list's [get, decode, and split]: the
// combined value of the headers named name (see [HeaderList.Get]), split by
// the free function [GetDecodeSplit]. ok is false when no header has that
// name (the spec's null).
//
// [get, decode, and split]: https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split
func (l HeaderList) GetDecodeSplit(name string) (values []string, ok bool) {
	value, ok := l.Get(name)
	if !ok {
		return nil, false
	}
	return GetDecodeSplit(value), true
}

// ExtractStatus is the outcome of [ExtractHeaderListValues]: the spec's
// null, a list of values, or failure.
type ExtractStatus uint8

const (
	// ExtractNull means the header list has no header with the name. It is
	// the zero value.
	ExtractNull ExtractStatus = iota
	// ExtractOK means every header with the name parsed; the values follow.
	ExtractOK
	// ExtractFailure means a header did not match its grammar, a header
	// that allows a single occurrence occurred more than once, or the name
	// has no grammar known to this package.
	ExtractFailure
)

// String returns "null", "ok" or "failure".
func (s ExtractStatus) String() string {
	switch s {
	case ExtractNull:
		return "null"
	case ExtractOK:
		return "ok"
	case ExtractFailure:
		return "failure"
	}
	return "ExtractStatus(" + strconv.Itoa(int(s)) + ")"
}

// grammar is the ABNF of a header whose values ExtractHeaderListValues
// knows how to extract.
type grammar uint8

const (
	grammarUnknown        grammar = iota
	grammarMethodList             // #method
	grammarFieldNameList          // #field-name
	grammarFieldNameList1         // 1#field-name
	grammarMethod                 // method, single
	grammarDeltaSeconds           // delta-seconds, single
	grammarOriginOrStar           // origin-or-null / "*", single
	grammarTrue                   // %s"true", single
	grammarCORP                   // %s"same-origin" / %s"same-site" / %s"cross-origin", single
)

// isList reports whether the grammar is a #list, which may span several
// header lines; every other grammar allows a single header.
func (g grammar) isList() bool {
	return g == grammarMethodList || g == grammarFieldNameList || g == grammarFieldNameList1
}

// grammarOf returns the grammar of the header named name (compared
// byte-case-insensitively), from the CORS protocol's [HTTP new-header
// syntax] and Cross-Origin-Resource-Policy.
//
// [HTTP new-header syntax]: https://fetch.spec.whatwg.org/#http-new-header-syntax
func grammarOf(name string) grammar {
	switch len(name) {
	case 22:
		if equalFoldASCII(name, "Access-Control-Max-Age") {
			return grammarDeltaSeconds
		}
	case 27:
		if equalFoldASCII(name, "Access-Control-Allow-Origin") {
			return grammarOriginOrStar
		}
	case 28:
		if equalFoldASCII(name, "Access-Control-Allow-Methods") {
			return grammarMethodList
		}
		if equalFoldASCII(name, "Access-Control-Allow-Headers") {
			return grammarFieldNameList
		}
		if equalFoldASCII(name, "Cross-Origin-Resource-Policy") {
			return grammarCORP
		}
	case 29:
		if equalFoldASCII(name, "Access-Control-Expose-Headers") {
			return grammarFieldNameList
		}
		if equalFoldASCII(name, "Access-Control-Request-Method") {
			return grammarMethod
		}
	case 30:
		if equalFoldASCII(name, "Access-Control-Request-Headers") {
			return grammarFieldNameList1
		}
	case 32:
		if equalFoldASCII(name, "Access-Control-Allow-Credentials") {
			return grammarTrue
		}
	}
	return grammarUnknown
}

// parseSingle checks a single-valued header's value against g and returns
// the value without its surrounding OWS.
func (g grammar) parseSingle(value string) (string, bool) {
	v := trimHTTPTabOrSpace(value)
	switch g {
	case grammarMethod:
		return v, isToken(v)
	case grammarDeltaSeconds:
		return v, isDeltaSeconds(v)
	case grammarOriginOrStar:
		return v, v == "*" || v == "null" || isSerializedOrigin(v)
	case grammarTrue:
		return v, v == "true"
	case grammarCORP:
		return v, v == "same-origin" || v == "same-site" || v == "cross-origin"
	}
	return "", false
}

// isDeltaSeconds reports whether s matches delta-seconds = 1*DIGIT.
func isDeltaSeconds(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return true
}

// maxDeltaSeconds is the value RFC 9111 §1.2.2 tells a cache to use for a
// delta-seconds too large to represent: 2^31.
const maxDeltaSeconds = 1 << 31

// ParseDeltaSeconds parses s as RFC 9111 [delta-seconds] (1*DIGIT, no sign,
// no whitespace), as used by Access-Control-Max-Age. A value above
// 2147483648 (2^31) is reported as 2147483648, as RFC 9111 allows for
// values too large to represent; every engine caps preflight cache
// lifetimes far below it.
//
// [delta-seconds]: https://www.rfc-editor.org/rfc/rfc9111#section-1.2.2
func ParseDeltaSeconds(s string) (seconds uint32, ok bool) {
	if !isDeltaSeconds(s) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		n = n*10 + uint64(s[i]-'0')
		if n > maxDeltaSeconds {
			return maxDeltaSeconds, true
		}
	}
	return uint32(n), true
}

// isSerializedOrigin reports whether s matches the RFC 6454
// serialized-origin production used by origin-or-null:
//
//	serialized-origin = scheme "://" host [ ":" port ]
//
// with RFC 3986's scheme, host (IP-literal / IPv4address / reg-name) and
// port (*DIGIT).
func isSerializedOrigin(s string) bool {
	// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
	i := 0
	for i < len(s) && (isASCIIAlpha(s[i]) || (i > 0 && (isASCIIDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))) {
		i++
	}
	if i == 0 || !strings.HasPrefix(s[i:], "://") {
		return false
	}
	rest := s[i+3:]
	// host
	var host, port string
	hasPort := false
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return false
		}
		host, rest = rest[:end+1], rest[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return false
			}
			port, hasPort = rest[1:], true
		}
		if !isIPLiteral(host) {
			return false
		}
	} else {
		if c := strings.IndexByte(rest, ':'); c >= 0 {
			host, port, hasPort = rest[:c], rest[c+1:], true
		} else {
			host = rest
		}
		if !isRegNameOrIPv4(host) {
			return false
		}
	}
	// [ ":" port ], port = *DIGIT
	if hasPort {
		for j := 0; j < len(port); j++ {
			if !isASCIIDigit(port[j]) {
				return false
			}
		}
	}
	return true
}

func isASCIIAlpha(b byte) bool { return ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') }

func isHexDigit(b byte) bool {
	return isASCIIDigit(b) || ('a' <= b && b <= 'f') || ('A' <= b && b <= 'F')
}

// isRegNameOrIPv4 reports whether s matches RFC 3986 reg-name (which also
// covers IPv4address): *( unreserved / pct-encoded / sub-delims ).
func isRegNameOrIPv4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isASCIIAlpha(c), isASCIIDigit(c), strings.IndexByte("-._~", c) >= 0:
		case strings.IndexByte("!$&'()*+,;=", c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHexDigit(s[i+1]) || !isHexDigit(s[i+2]) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

// isIPLiteral reports whether s is "[" ( IPv6address / IPvFuture ) "]" in
// RFC 3986. IPv6address is checked loosely (hex digits, ":" and the "." of
// an embedded IPv4 address); IPvFuture exactly.
func isIPLiteral(s string) bool {
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	in := s[1 : len(s)-1]
	if in[0] == 'v' || in[0] == 'V' {
		// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
		i := 1
		for i < len(in) && isHexDigit(in[i]) {
			i++
		}
		if i == 1 || i >= len(in) || in[i] != '.' || i+1 == len(in) {
			return false
		}
		for _, c := range []byte(in[i+1:]) {
			if !(isASCIIAlpha(c) || isASCIIDigit(c) || strings.IndexByte("-._~!$&'()*+,;=:", c) >= 0) {
				return false
			}
		}
		return true
	}
	colons := 0
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == ':':
			colons++
		case isHexDigit(c), c == '.':
		default:
			return false
		}
	}
	return colons >= 2
}

// listScanner walks the elements of every header named name in a header
// list, without allocating, and checks each against the header's grammar.
// It implements the parsing half of [extract header list values]; the
// literal, allocating version lives in the tests.
//
// [extract header list values]: https://fetch.spec.whatwg.org/#extract-header-list-values
type listScanner struct {
	l       HeaderList
	name    string
	g       grammar
	i       int    // index of the next header to open
	rest    string // unread part of the open header's value
	open    bool   // a header is open
	elems   int    // elements seen in the open header (for 1#)
	headers int    // headers opened so far
	failed  bool
}

func newListScanner(l HeaderList, name string) listScanner {
	return listScanner{l: l, name: name, g: grammarOf(name)}
}

// next returns the next non-empty element, or ok false when the elements
// are exhausted or the scan failed (see failedScan).
func (s *listScanner) next() (elem string, ok bool) {
	if s.failed {
		return "", false
	}
	for {
		if !s.open {
			if !s.openNext() {
				return "", false
			}
			if !s.g.isList() {
				v, ok := s.g.parseSingle(s.rest)
				s.rest, s.open = "", false
				if !ok {
					s.failed = true
					return "", false
				}
				return v, true
			}
		}
		// A #list value: elements separated by "," with optional OWS;
		// empty elements are skipped (RFC 9110 §5.6.1.2).
		for {
			var piece string
			if c := strings.IndexByte(s.rest, ','); c >= 0 {
				piece, s.rest = s.rest[:c], s.rest[c+1:]
			} else {
				piece, s.rest, s.open = s.rest, "", false
			}
			piece = trimHTTPTabOrSpace(piece)
			if piece != "" {
				if !isToken(piece) {
					s.failed = true
					return "", false
				}
				s.elems++
				return piece, true
			}
			if !s.open {
				break
			}
		}
		// The header is done; 1#field-name needs at least one element.
		if s.g == grammarFieldNameList1 && s.elems == 0 {
			s.failed = true
			return "", false
		}
	}
}

// openNext opens the next header named s.name. It returns false, marking
// the scan failed when appropriate, when there is none or when a second
// header appears for a single-valued grammar.
func (s *listScanner) openNext() bool {
	for s.i < len(s.l) {
		h := &s.l[s.i]
		s.i++
		if !equalFoldASCII(h.Name, s.name) {
			continue
		}
		s.headers++
		if s.g == grammarUnknown || (!s.g.isList() && s.headers > 1) {
			s.failed = true
			return false
		}
		s.rest, s.open, s.elems = h.Value, true, 0
		return true
	}
	return false
}

// status returns the outcome once next has returned ok false.
func (s *listScanner) status() ExtractStatus {
	switch {
	case s.failed:
		return ExtractFailure
	case s.headers == 0:
		return ExtractNull
	}
	return ExtractOK
}

// listProbe is the result of probeHeaderListValues.
type listProbe struct {
	status   ExtractStatus
	found    bool // an element matched the probe
	wildcard bool // an element was "*"
}

// probeHeaderListValues extracts the header list values of name without
// allocating and reports whether one of them matches probe (byte for byte,
// or byte-case-insensitively with fold) and whether one is `*`. When the
// status is not ExtractOK, found and wildcard are false. This is the form
// the CORS-preflight fetch needs: the whole list must parse before any
// element counts.
func probeHeaderListValues(l HeaderList, name, probe string, fold bool) listProbe {
	var r listProbe
	s := newListScanner(l, name)
	for {
		e, ok := s.next()
		if !ok {
			break
		}
		if e == "*" {
			r.wildcard = true
		}
		if e == probe || (fold && equalFoldASCII(e, probe)) {
			r.found = true
		}
	}
	r.status = s.status()
	if r.status != ExtractOK {
		r.found, r.wildcard = false, false
	}
	return r
}

// ExtractHeaderListValues performs [extract header list values] for name in
// l. The status is ExtractNull when l has no header named name,
// ExtractFailure when a value does not match the header's grammar or when a
// single-valued header occurs more than once, and ExtractOK otherwise, with
// the values of every header named name in order (possibly none: an empty
// Access-Control-Expose-Headers is an empty list).
//
// The grammars are those of the CORS protocol's [HTTP new-header syntax]
// and Cross-Origin-Resource-Policy:
//
//	Access-Control-Request-Method    = method
//	Access-Control-Request-Headers   = 1#field-name
//	Access-Control-Allow-Origin      = origin-or-null / "*"
//	Access-Control-Allow-Credentials = %s"true"
//	Access-Control-Expose-Headers    = #field-name
//	Access-Control-Max-Age           = delta-seconds
//	Access-Control-Allow-Methods     = #method
//	Access-Control-Allow-Headers     = #field-name
//	Cross-Origin-Resource-Policy     = %s"same-origin" / %s"same-site" / %s"cross-origin"
//
// A #list is split on commas with optional whitespace around them; empty
// elements are ignored and every other element must be a token (RFC 9110
// §5.6.1). Any other name present in l yields ExtractFailure: with no
// grammar to check against, the extraction fails closed.
//
// ExtractHeaderListValues allocates only the returned slice.
//
// [extract header list values]: https://fetch.spec.whatwg.org/#extract-header-list-values
// [HTTP new-header syntax]: https://fetch.spec.whatwg.org/#http-new-header-syntax
func ExtractHeaderListValues(l HeaderList, name string) (values []string, status ExtractStatus) {
	// 1. Null when the name is absent.
	if !l.Contains(name) {
		return nil, ExtractNull
	}
	// 2-4. Parse every header with the name (the scanner enforces the
	// single-header rule and each grammar); any failure fails the whole.
	s := newListScanner(l, name)
	for {
		e, ok := s.next()
		if !ok {
			break
		}
		values = append(values, e)
	}
	if st := s.status(); st != ExtractOK {
		return nil, st
	}
	// 5. The values, in order.
	return values, ExtractOK
}
