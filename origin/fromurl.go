package origin

import "strings"

// FromURL returns the origin of the URL that input parses to without a base
// URL. It gives the same results and errors as ParseURL(input, nil) followed
// by URL.Origin (a failure is a *ParseError), only faster: it never builds
// the URL record, and reads the input only as far as the origin and the
// parser's failures depend on it (for most URLs, the scheme and the
// authority). On the common input (an http, https, ws, wss or ftp URL with
// an ASCII host and no tab, newline or space before its path) it allocates
// nothing when the host is already in canonical form (lower case,
// dotted-decimal IPv4, compressed IPv6) and once otherwise. A canonical host
// is a slice of input: the origin shares input's memory.
func FromURL(input string) (Origin, error) {
	if o, ok := fastOrigin(input); ok {
		return o, nil
	}
	o, err := parseOrigin(input)
	if err != nil {
		return Origin{}, err
	}
	return o, nil
}

// parseOrigin is FromURL's general path: the [basic URL parser] without a
// base URL, run only as far as the [origin] of its result and its failures
// depend on the input, then the origin.
//
// OPTIMIZATION: with no base URL, the parser leaves the scheme state for one
// of three routes, and on each the states after the host and port (path
// start, path, opaque path, query, fragment) only write the path, query and
// fragment and record validation errors; none returns failure, and none
// changes the scheme, host or port. So:
//
//   - an http, https, ws, wss or ftp URL has its origin and its last chance
//     to fail once the port is read (see fastOrigin);
//   - a file URL can only fail in its host, and its origin is opaque;
//   - any other URL can only fail in its host or port, when it has an
//     authority ("sc://"), and its origin is opaque, except for a blob URL,
//     whose origin is the one of the URL its path parses to; and when that
//     path is opaque ("blob:https://a.example/id") only the part before the
//     first "?" or "#" is the path, and only http and https URLs lend their
//     origin (file URLs would too, but theirs is opaque).
//
// On every route a "?" or "#" ends the part read, so only the part of the
// input before the first one is cleaned up (see originInput).
//
// The differential test TestParseOriginMatchesParseURL and the fuzz target
// FuzzParseOrigin check this function against ParseURL(input, nil).Origin(),
// errors included.
//
// [basic URL parser]: https://url.spec.whatwg.org/#concept-basic-url-parser
// [origin]: https://url.spec.whatwg.org/#concept-url-origin
func parseOrigin(rawInput string) (Origin, *ParseError) {
	o, reason, detail := originOf(rawInput, false)
	if reason != "" {
		return Origin{}, &ParseError{Input: rawInput, Reason: reason, Detail: detail}
	}
	return o, nil
}

// originOf runs parseOrigin's steps. On failure it returns the validation
// error's name and detail. With lendersOnly it answers the question a blob
// URL asks of its path: the origin when input is an http or https URL, else
// an opaque origin, without parsing further.
func originOf(rawInput string, lendersOnly bool) (o Origin, reason, detail string) {
	input := originInput(rawInput)
	// Scheme start and scheme states: an ASCII alpha, scheme code points,
	// then ":". Anything else has no scheme, and without a base URL that is
	// a failure (no scheme state step 3, then no scheme state step 1).
	i := 0
	for i < len(input) && schemeCodePoint[input[i]] {
		i++
	}
	if i == 0 || i == len(input) || input[i] != ':' || !isASCIIAlpha(input[0]) {
		return Origin{}, reasonMissingSchemeNonRelativeURL, ""
	}
	scheme, rest := input[:i], input[i+1:]
	network := foldNetworkScheme(scheme)
	if lendersOnly && network != schemeHTTP && network != schemeHTTPS {
		return Opaque(), "", ""
	}
	switch {
	case network != "":
		// Scheme state step 2.7: special authority slashes, then special
		// authority ignore slashes states: any run of "/" and "\".
		for rest != "" && (rest[0] == '/' || rest[0] == '\\') {
			rest = rest[1:]
		}
		host, port, reason, detail := parseAuthority(rest, true)
		if reason != "" {
			return Origin{}, reason, detail
		}
		if port == defaultPort(network) {
			port = -1
		}
		// The tuple (scheme, host, port, null); a special URL's host is
		// never empty here (the host state fails on one).
		return tuple(network, host, port), "", ""
	case foldEqual(scheme, schemeFile):
		// Scheme state step 2.5, then file state step 3 and file slash
		// state step 1 on "//" (either slash may be "\"): a file host.
		if len(rest) >= 2 && (rest[0] == '/' || rest[0] == '\\') && (rest[1] == '/' || rest[1] == '\\') {
			if reason, detail := checkFileHost(rest[2:]); reason != "" {
				return Origin{}, reason, detail
			}
		}
		// The URL Standard leaves a file URL's origin to the implementation;
		// see URL.Origin.
		return Opaque(), "", ""
	case len(rest) >= 2 && rest[0] == '/' && rest[1] == '/':
		// Scheme state step 2.8, then path or authority state step 1: an
		// authority with an opaque host. A blob URL with such a path (its
		// path serializes as "" or "/…") has no scheme to lend an origin.
		if _, _, reason, detail := parseAuthority(rest[2:], false); reason != "" {
			return Origin{}, reason, detail
		}
		return Opaque(), "", ""
	case foldEqual(scheme, "blob") && (rest == "" || rest[0] != '/'):
		// Scheme state step 2.9: an opaque path, which cannot fail. The
		// blob URL's origin is that of its path's URL.
		return blobOrigin(opaquePathSerialization(rest)), "", ""
	}
	// Any other URL, a blob URL whose path starts with "/" included: a path
	// (2.8 then path or authority state step 2) or an opaque path (2.9),
	// which cannot fail, and an opaque origin.
	return Opaque(), "", ""
}

// blobOrigin implements steps 2–5 of the [origin] of a blob URL whose path
// serializes as path.
//
// [origin]: https://url.spec.whatwg.org/#concept-url-origin
func blobOrigin(path string) Origin {
	// 2–3. Parse the path; a failure gives an opaque origin. 4. Only http
	// and https URLs lend theirs (file URLs would, but theirs is opaque).
	if o, ok := fastOrigin(path); ok {
		if o.scheme == schemeHTTP || o.scheme == schemeHTTPS {
			return o
		}
		return Opaque()
	}
	o, reason, _ := originOf(path, true)
	if reason != "" {
		return Opaque()
	}
	return o
}

// opaquePathSerialization returns the [URL path serialization] of the
// opaque path the opaque path state makes of s, the rest of the input as
// originInput returns it: s with C0 controls and non-ASCII bytes
// percent-encoded, and a final space written "%20" (opaque path state step
// 3: s ends with a space only when a "?" or "#" follows it, since the
// input's trailing spaces are stripped). It allocates only when it changes
// s.
//
// [URL path serialization]: https://url.spec.whatwg.org/#url-path-serializer
func opaquePathSerialization(s string) string {
	change := false
	for i := 0; i < len(s); i++ {
		if c0ControlPercentEncodeSet[s[i]] {
			change = true
			break
		}
	}
	spaceBeforeQuery := s != "" && s[len(s)-1] == ' '
	if !change && !spaceBeforeQuery {
		return s
	}
	if spaceBeforeQuery {
		s = s[:len(s)-1]
	}
	out := make([]byte, 0, len(s)+len(s)/2+3)
	out = appendPercentEncodedString(out, s, &c0ControlPercentEncodeSet)
	if spaceBeforeQuery {
		out = append(out, "%20"...)
	}
	return string(out)
}

// originInput does the basic URL parser's first steps (see cleanInput) on
// the part of input the origin depends on: the part before the first "?"
// or "#", where every route out of the scheme state has left the states
// that can fail or that write the scheme, host or port (a "?" or "#" ends
// the scheme, the authority, the host, the port, the file host and an
// opaque path).
//
// OPTIMIZATION: decoding invalid UTF-8 replaces only non-ASCII bytes and
// keeps every ASCII byte where it is, and removing tabs and newlines keeps
// every other byte, so neither moves a "?" or "#" relative to the bytes
// before it, and both can run on the part alone. Stripping trailing C0
// control or space runs on the whole input first, since a part that ends
// in spaces before a "?" keeps them.
func originInput(input string) string {
	// 1.2–1.3. Strip leading and trailing C0 control or space; these are
	// ASCII, so stripping before decoding strips the same bytes.
	s := trimC0ControlOrSpace(input)
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	nonASCII, tabOrNewline := cleaningNeeds(s)
	// 1.1. Decode as scalar values.
	if nonASCII {
		s = toScalarValues(s)
	}
	// 2–3. Remove every ASCII tab or newline.
	if tabOrNewline {
		s = removeTabOrNewline(s, 0)
	}
	return s
}

// cleaningNeeds reports whether s has a non-ASCII byte (so that it may not
// be valid UTF-8) and whether it has an [ASCII tab or newline].
//
// OPTIMIZATION: it reads eight bytes at a time while none of them is
// non-ASCII or below U+000E (tab, LF and CR are U+0009, U+000A and
// U+000D), then one at a time. For a word w of ASCII bytes, (w - 0x0E…0E)
// &^ w has bit 7 set in some byte exactly when some byte of w is below
// 0x0E (a borrow only starts at such a byte); or-ing w in adds the
// non-ASCII bytes. TestCleaningNeeds checks it against the byte-by-byte
// definition.
//
// [ASCII tab or newline]: https://infra.spec.whatwg.org/#ascii-tab-or-newline
func cleaningNeeds(s string) (nonASCII, tabOrNewline bool) {
	const ones, highBits = 0x0101010101010101, 0x8080808080808080
	for len(s) >= 8 {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if ((w-0x0E*ones)&^w|w)&highBits != 0 {
			break
		}
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 0x80 {
			nonASCII = true
		}
		if asciiTabOrNewline[b] {
			tabOrNewline = true
		}
	}
	return nonASCII, tabOrNewline
}

// parseAuthority runs the [authority state], [host state] and [port state]
// on s, what follows the scheme and its slashes, for a special URL or not.
// It returns the serialized host and the port (-1 when absent; the caller
// drops the scheme's default port), or the validation error that fails.
//
// [authority state]: https://url.spec.whatwg.org/#authority-state
// [host state]: https://url.spec.whatwg.org/#host-state
// [port state]: https://url.spec.whatwg.org/#port-state
func parseAuthority(s string, special bool) (host string, port int, reason, detail string) {
	// Authority state: the authority ends at the first "/", "?" or "#" (or
	// "\" in a special URL); everything before its last "@" is userinfo,
	// which is only percent-encoded and cannot fail.
	end, hostStart := 0, 0
	for ; end < len(s); end++ {
		b := s[end]
		if b == '/' || b == '?' || b == '#' || b == '\\' && special {
			break
		}
		if b == '@' {
			hostStart = end + 1
		}
	}
	// 2.1. Userinfo needs a host after it.
	if hostStart > 0 && hostStart == end {
		return "", -1, reasonHostMissing, "credentials are not followed by a host"
	}
	// Host state: the host ends at a ":" outside brackets, or with the
	// authority.
	hostEnd := hostStart
	insideBrackets := false
	for ; hostEnd < end; hostEnd++ {
		b := s[hostEnd]
		if b == ':' && !insideBrackets {
			break
		}
		if b == '[' {
			insideBrackets = true
		} else if b == ']' {
			insideBrackets = false
		}
	}
	buffer := s[hostStart:hostEnd]
	switch {
	case hostEnd < end && buffer == "":
		// 2.1. A port needs a host.
		return "", -1, reasonHostMissing, "a port without a host"
	case special && buffer == "":
		// 3.1. A special URL needs a non-empty host.
		return "", -1, reasonHostMissing, ""
	}
	// 2.3 and 3.3. Parse the host. A canonical ASCII host needs no copy.
	var ok bool
	if special {
		host, ok = fastHost(buffer)
	}
	if !ok {
		h, herr := parseHost(buffer, !special)
		if herr != nil {
			return "", -1, herr.reason, herr.detail
		}
		if special {
			host = h.String()
		}
	}
	// Port state: ASCII digits up to the end of the authority (step 3 fails
	// on anything else), then a 16-bit number (step 2.1.2).
	port = -1
	if hostEnd < end {
		digits := s[hostEnd+1 : end]
		for j := 0; j < len(digits); j++ {
			if !isASCIIDigit(digits[j]) {
				return "", -1, reasonPortInvalid, "the port is not made of ASCII digits"
			}
		}
		if digits != "" {
			p, ok := parsePort(digits)
			if !ok {
				return "", -1, reasonPortOutOfRange, "the port is above 65535"
			}
			port = p
		}
	}
	return host, port, "", ""
}

// checkFileHost runs the [file host state] on s, what follows "file://",
// and returns the validation error that fails it, if any.
//
// [file host state]: https://url.spec.whatwg.org/#file-host-state
func checkFileHost(s string) (reason, detail string) {
	// 1. The buffer runs to the first "/", "\", "?" or "#".
	end := 0
	for end < len(s) && s[end] != '/' && s[end] != '\\' && s[end] != '?' && s[end] != '#' {
		end++
	}
	buffer := s[:end]
	// 1.1–1.2. A Windows drive letter starts the path; an empty host is
	// fine.
	if isWindowsDriveLetter(buffer) || buffer == "" {
		return "", ""
	}
	// 1.3. Otherwise the host must parse (it is a special URL's host).
	if _, herr := parseHost(buffer, false); herr != nil {
		return herr.reason, herr.detail
	}
	return "", ""
}

// foldEqual reports whether the scheme s (scheme code points only) is an
// ASCII case-insensitive match for the lower-case scheme t: setting bit
// 0x20 lowercases a letter and leaves every other scheme code point as it
// is.
func foldEqual(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != t[i] {
			return false
		}
	}
	return true
}

// fastOrigin computes the origin of a common special URL without building the
// URL record. It reports false, and then FromURL runs its general path
// (parseOrigin), for anything it does not handle: another scheme (blob and
// file included), input with a C0 control or space before the end of the
// authority, a host with a "%" or a non-ASCII code point (percent-decoding
// and IDNA), and every input that fails to parse (so that errors are the
// general path's, which are the full parser's).
//
// OPTIMIZATION: for a special scheme other than file, with no base URL, the
// basic URL parser goes scheme state → special authority slashes state →
// special authority ignore slashes state (any run of "/" and "\") →
// authority state → host state → port state → path start state, and the
// origin is (scheme, host, port). Every state after the port (path start,
// path, query, fragment) only appends to the path, query or fragment and
// records validation errors: none returns failure, and none changes the
// scheme, host or port. So once the port is read, the origin is known and
// the rest of the input cannot make parsing fail. The input clean-up cannot
// change that either: stripping leading and trailing C0 control or space and
// removing tabs and newlines only matters before the authority ends, where
// this function gives up on any byte at or below U+0020; and decoding
// invalid UTF-8 as U+FFFD leaves every ASCII byte in place. The differential
// test TestFromURLMatchesParseURL and the fuzz target FuzzFromURL check this
// function against ParseURL(input, nil).Origin().
func fastOrigin(input string) (Origin, bool) {
	// Scheme state: an ASCII alpha, scheme code points, then ":".
	i := 0
	for i < len(input) && schemeCodePoint[input[i]] {
		i++
	}
	if i == 0 || i == len(input) || input[i] != ':' || !isASCIIAlpha(input[0]) {
		return Origin{}, false
	}
	scheme := foldNetworkScheme(input[:i])
	if scheme == "" {
		return Origin{}, false
	}
	// Special authority (ignore) slashes states: skip every "/" and "\".
	start := i + 1
	for start < len(input) && (input[start] == '/' || input[start] == '\\') {
		start++
	}
	// Authority state: the authority ends at the first "/", "?", "#" or
	// "\"; the host starts after its last "@".
	hostStart, end := start, start
scan:
	for ; end < len(input); end++ {
		switch b := input[end]; {
		case b <= ' ':
			return Origin{}, false
		case b == '/' || b == '?' || b == '#' || b == '\\':
			break scan
		case b == '@':
			hostStart = end + 1
		}
	}
	// Host state: the host ends at a ":" outside brackets.
	hostEnd := hostStart
	insideBrackets := false
	for ; hostEnd < end; hostEnd++ {
		b := input[hostEnd]
		if b == '[' {
			insideBrackets = true
		} else if b == ']' {
			insideBrackets = false
		} else if b == ':' && !insideBrackets {
			break
		}
	}
	host, ok := fastHost(input[hostStart:hostEnd])
	if !ok {
		return Origin{}, false
	}
	// Port state: ASCII digits up to the end of the authority; the scheme's
	// default port is null.
	port := -1
	if hostEnd < end {
		digits := input[hostEnd+1 : end]
		for j := 0; j < len(digits); j++ {
			if !isASCIIDigit(digits[j]) {
				return Origin{}, false
			}
		}
		if digits != "" {
			p, ok := parsePort(digits)
			if !ok {
				return Origin{}, false
			}
			if p != defaultPort(scheme) {
				port = p
			}
		}
	}
	return tuple(scheme, host, port), true
}

// fastHost runs the host parser on an ASCII host without "%" and returns the
// serialized host, a slice of h when h is already canonical. It reports false
// for anything else, including failures.
func fastHost(h string) (string, bool) {
	if h == "" {
		return "", false
	}
	if h[0] == '[' {
		// An IPv6 address.
		if len(h) < 2 || h[len(h)-1] != ']' {
			return "", false
		}
		address, reason := parseIPv6(h[1 : len(h)-1])
		if reason != "" {
			return "", false
		}
		var buf [ipv6MaxSerializedLenWithBrackets]byte
		b := append(buf[:0], '[')
		b = appendIPv6(b, &address)
		b = append(b, ']')
		if string(b) == h {
			return h, true
		}
		return string(b), true
	}
	// A domain: ASCII without forbidden domain code points, lowercased.
	upper := false
	for j := 0; j < len(h); j++ {
		b := h[j]
		if b >= 0x80 || forbiddenDomainCodePoint[b] {
			// "%" is a forbidden domain code point, but it may start a
			// percent-encoded byte: the host parser decides.
			return "", false
		}
		if 'A' <= b && b <= 'Z' {
			upper = true
		}
	}
	// The ends-in-a-number checker and the IPv4 parser read hex digits and
	// "0X" in either case, so they can run before lowercasing.
	if endsInANumber(h) {
		address, reason := parseIPv4(h)
		if reason != "" {
			return "", false
		}
		var buf [ipv4MaxSerializedLen]byte
		b := appendIPv4(buf[:0], address)
		if string(b) == h {
			return h, true
		}
		return string(b), true
	}
	if upper {
		return asciiLower(h), true
	}
	return h, true
}

// foldNetworkScheme returns the scheme constant for an ASCII
// case-insensitive match of http, https, ws, wss or ftp (the special schemes
// other than file), or "". s holds only scheme code points, for which
// setting bit 0x20 lowercases letters and leaves the others unchanged.
func foldNetworkScheme(s string) string {
	switch len(s) {
	case 2:
		if s[0]|0x20 == 'w' && s[1]|0x20 == 's' {
			return schemeWS
		}
	case 3:
		if s[0]|0x20 == 'w' && s[1]|0x20 == 's' && s[2]|0x20 == 's' {
			return schemeWSS
		}
		if s[0]|0x20 == 'f' && s[1]|0x20 == 't' && s[2]|0x20 == 'p' {
			return schemeFTP
		}
	case 4:
		if s[0]|0x20 == 'h' && s[1]|0x20 == 't' && s[2]|0x20 == 't' && s[3]|0x20 == 'p' {
			return schemeHTTP
		}
	case 5:
		if s[0]|0x20 == 'h' && s[1]|0x20 == 't' && s[2]|0x20 == 't' && s[3]|0x20 == 'p' && s[4]|0x20 == 's' {
			return schemeHTTPS
		}
	}
	return ""
}
