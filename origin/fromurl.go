package origin

// FromURL returns the origin of the URL that input parses to without a base
// URL. It gives the same results and errors as ParseURL(input, nil) followed
// by URL.Origin (a failure is a *ParseError), only faster: on the common
// input (an http, https, ws, wss or ftp URL with an ASCII host) it reads
// only the scheme and the authority, allocates nothing when the host is
// already in canonical form (lower case, dotted-decimal IPv4, compressed
// IPv6) and once otherwise. A canonical host is a slice of input: the origin
// shares input's memory.
func FromURL(input string) (Origin, error) {
	if o, ok := fastOrigin(input); ok {
		return o, nil
	}
	u, err := ParseURL(input, nil)
	if err != nil {
		return Origin{}, err
	}
	return u.Origin(), nil
}

// fastOrigin computes the origin of a common special URL without building the
// URL record. It reports false, and then FromURL runs the full parser, for
// anything it does not handle: another scheme (blob and file included),
// input with a C0 control or space before the end of the authority, a host
// with a "%" or a non-ASCII code point (percent-decoding and IDNA), and every
// input that fails to parse (so that errors are the full parser's own).
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
			// percent-encoded byte: the full parser decides.
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
