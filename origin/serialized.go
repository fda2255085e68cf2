package origin

// Reasons ParseSerializedOrigin fails with. They are this package's names:
// the Fetch Standard gives a grammar, not named errors.
const (
	reasonOriginEmpty            = "empty"
	reasonOriginSchemeInvalid    = "scheme-invalid"
	reasonOriginMissingSeparator = "missing-scheme-separator"
	reasonOriginHostMissing      = "host-missing"
	reasonOriginHostInvalid      = "host-invalid"
	reasonOriginHostNotCanonical = "host-not-canonical"
	reasonOriginPortInvalid      = "port-invalid"
	reasonOriginPortOutOfRange   = "port-out-of-range"
	reasonOriginPortNotCanonical = "port-not-canonical"
	whatSerializedOrigin         = "serialized origin"
	maxSerializedPortDigits      = 5
)

// ParseSerializedOrigin parses an `Origin` request-header value as a server
// receives it, strictly: s must match the Fetch Standard's [origin-or-null]
// ABNF (case-sensitive "null", or serialized-scheme "://" serialized-host
// [":" serialized-port], with lower-case schemes and domains, dotted-decimal
// IPv4 without leading zeros, and IPv6 in brackets in lower-case hex without
// leading zeros or embedded IPv4) and be the serialization of the origin it
// denotes, so that ParseSerializedOrigin(s).String() == s. That rules out
// what the ABNF allows but no browser sends: a port with leading zeros,
// above 65535 or equal to the scheme's default port; an IPv6 address not in
// its compressed form; a domain that ends in a number (a URL parser would
// read it as an IPv4 address).
//
// "null" gives a new opaque origin (each call a different one: "null" says
// nothing about which opaque origin sent the request).
//
// NB: the ABNF's domain labels are letters, digits and inner hyphens, while
// the URL parser keeps other code points in hosts ("a_b.example",
// "a!b.example"): browsers can send such origins and this function rejects
// them, as the grammar does. A lenient server can compare
// FromURL(s).String() with s instead.
//
// On failure it returns a *ParseError whose What is "serialized origin" and
// whose Reason is one of "empty", "scheme-invalid",
// "missing-scheme-separator", "host-missing", "host-invalid" and
// "port-invalid" when s does not match the ABNF, or "host-not-canonical",
// "port-not-canonical" and "port-out-of-range" when it does but is not the
// serialization of an origin.
//
// [origin-or-null]: https://fetch.spec.whatwg.org/#origin-or-null
func ParseSerializedOrigin(s string) (Origin, error) {
	fail := func(reason, detail string) (Origin, error) {
		return Origin{}, &ParseError{Input: s, Reason: reason, Detail: detail, What: whatSerializedOrigin}
	}
	// origin-or-null = serialized-origin / %s"null"
	if s == "null" {
		return Opaque(), nil
	}
	if s == "" {
		return fail(reasonOriginEmpty, "")
	}
	// serialized-scheme = lower-alpha *( lower-alphanum / "+" / "-" / "." )
	i := 0
	if !isLowerAlpha(s[0]) {
		return fail(reasonOriginSchemeInvalid, "a scheme starts with a lower-case ASCII letter")
	}
	for i < len(s) && (isLowerAlpha(s[i]) || isASCIIDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.') {
		i++
	}
	scheme := internScheme(s[:i])
	// "://"
	if len(s)-i < 3 || s[i:i+3] != "://" {
		return fail(reasonOriginMissingSeparator, "the scheme must be followed by \"://\"")
	}
	rest := s[i+3:]
	// serialized-host: up to ":" (outside brackets) or the end.
	hostEnd := 0
	if rest != "" && rest[0] == '[' {
		for hostEnd < len(rest) && rest[hostEnd] != ']' {
			hostEnd++
		}
		if hostEnd < len(rest) {
			hostEnd++
		}
	} else {
		for hostEnd < len(rest) && rest[hostEnd] != ':' {
			hostEnd++
		}
	}
	host := rest[:hostEnd]
	if host == "" {
		return fail(reasonOriginHostMissing, "")
	}
	if reason, detail := checkSerializedHost(host); reason != "" {
		return fail(reason, detail)
	}
	// [ ":" serialized-port ], serialized-port = 1*5DIGIT
	port := -1
	if portPart := rest[hostEnd:]; portPart != "" {
		if portPart[0] != ':' {
			return fail(reasonOriginHostInvalid, "unexpected "+describeByte(portPart[0])+" after the host")
		}
		digits := portPart[1:]
		if digits == "" || len(digits) > maxSerializedPortDigits {
			return fail(reasonOriginPortInvalid, "a port is one to five ASCII digits")
		}
		for j := 0; j < len(digits); j++ {
			if !isASCIIDigit(digits[j]) {
				return fail(reasonOriginPortInvalid, "a port is one to five ASCII digits")
			}
		}
		if len(digits) > 1 && digits[0] == '0' {
			return fail(reasonOriginPortNotCanonical, "leading zero in the port")
		}
		p, ok := parsePort(digits)
		if !ok {
			return fail(reasonOriginPortOutOfRange, "the port is above 65535")
		}
		if p == defaultPort(scheme) {
			return fail(reasonOriginPortNotCanonical, "the port is the scheme's default port")
		}
		port = p
	}
	return tuple(scheme, host, port), nil
}

// checkSerializedHost checks host against serialized-host and against the
// host serializer's output.
func checkSerializedHost(host string) (reason, detail string) {
	// "[" serialized-ipv6 "]"
	if host[0] == '[' {
		if len(host) < 2 || host[len(host)-1] != ']' {
			return reasonOriginHostInvalid, "no \"]\" after the IPv6 address"
		}
		inner := host[1 : len(host)-1]
		if !matchesSerializedIPv6(inner) {
			return reasonOriginHostInvalid, "not an IPv6 address in lower-case hex without leading zeros or embedded IPv4"
		}
		// The ABNF still allows a "::" that is not the first longest run
		// of zeros; the serializer writes only that one.
		address, reason := parseIPv6(inner)
		if reason != "" {
			return reasonOriginHostInvalid, reason
		}
		var buf [ipv6MaxSerializedLenWithBrackets]byte
		b := append(buf[:0], '[')
		b = appendIPv6(b, &address)
		b = append(b, ']')
		if string(b) != host {
			return reasonOriginHostNotCanonical, "the IPv6 address is not in its compressed form " + string(b)
		}
		return "", ""
	}
	// serialized-domain = *( domain-label "." ) domain-label
	// domain-label = lower-alphanum / ( lower-alphanum *( lower-alphanum / "-" ) lower-alphanum )
	labelStart := 0
	for i := 0; i <= len(host); i++ {
		if i < len(host) && host[i] != '.' {
			b := host[i]
			if !isLowerAlpha(b) && !isASCIIDigit(b) && b != '-' {
				return reasonOriginHostInvalid, describeByte(b) + " is not allowed in a serialized host"
			}
			continue
		}
		label := host[labelStart:i]
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return reasonOriginHostInvalid, "a domain label is letters, digits and inner hyphens"
		}
		labelStart = i + 1
	}
	// serialized-ipv4: four dec-octets, which the IPv4 serializer writes.
	// Any other domain that ends in a number would be an IPv4 address (or a
	// failure) to the host parser.
	if endsInANumber(host) {
		address, reason := parseIPv4(host)
		if reason != "" {
			return reasonOriginHostNotCanonical, "a domain that ends in a number must be an IPv4 address (" + reason + ")"
		}
		if serializeIPv4(address) != host {
			return reasonOriginHostNotCanonical, "the IPv4 address is not in dotted-decimal form " + serializeIPv4(address)
		}
	}
	return "", ""
}

func isLowerAlpha(b byte) bool { return 'a' <= b && b <= 'z' }

// matchesSerializedIPv6 reports whether s matches serialized-ipv6: eight
// h16 pieces separated by ":", or fewer with one "::" standing for at least
// two, where h16 = "0" / ( non-zero-hex 0*3hex ) in lower case.
func matchesSerializedIPv6(s string) bool {
	head, tail, compressed := s, "", false
	if i := indexDoubleColon(s); i >= 0 {
		head, tail, compressed = s[:i], s[i+2:], true
	}
	n1, ok1 := countH16s(head)
	n2, ok2 := countH16s(tail)
	if !ok1 || !ok2 {
		return false
	}
	if compressed {
		return n1+n2 <= 6
	}
	return n1 == 8
}

func indexDoubleColon(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ':' && s[i+1] == ':' {
			return i
		}
	}
	return -1
}

// countH16s counts the h16 pieces of a ":"-separated list ("" has none).
func countH16s(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ':' {
			b := s[i]
			if !isASCIIDigit(b) && !('a' <= b && b <= 'f') {
				return 0, false
			}
			continue
		}
		piece := s[start:i]
		if piece == "" || len(piece) > 4 || len(piece) > 1 && piece[0] == '0' {
			return 0, false
		}
		n++
		start = i + 1
	}
	return n, true
}
