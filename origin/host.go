package origin

import (
	"strconv"
	"strings"
)

// Validation error names of the host parser that are not IPv4, IPv6 or IDNA
// ones.
const (
	reasonHostInvalidCodePoint = "host-invalid-code-point"
	reasonHostMissing          = "host-missing"
)

// hostKind says which of the spec's kinds of [host] a serialized host is.
//
// [host]: https://url.spec.whatwg.org/#concept-host
type hostKind uint8

const (
	hostDomain hostKind = iota + 1
	hostIPv4
	hostIPv6
	hostOpaque
	hostEmpty
)

// parsedHost is the host parser's result: its kind and value. text is a
// domain, or an opaque host before it is percent-encoded; appendTo and
// String serialize it with the [host serializer].
//
// [host serializer]: https://url.spec.whatwg.org/#concept-host-serializer
type parsedHost struct {
	kind hostKind
	text string
	ipv4 uint32
	ipv6 [8]uint16
}

// appendTo appends the serialized host to dst.
func (h *parsedHost) appendTo(dst []byte) []byte {
	switch h.kind {
	case hostIPv4:
		// 1. An IPv4 address in dotted decimal.
		return appendIPv4(dst, h.ipv4)
	case hostIPv6:
		// 2. An IPv6 address, compressed, in brackets.
		dst = append(dst, '[')
		dst = appendIPv6(dst, &h.ipv6)
		return append(dst, ']')
	case hostOpaque:
		// The opaque-host parser's last step: UTF-8 percent-encode with the
		// C0 control percent-encode set.
		return appendPercentEncodedString(dst, h.text, &c0ControlPercentEncodeSet)
	}
	// 3. A domain or the empty host as is.
	return append(dst, h.text...)
}

// String returns the serialized host.
func (h *parsedHost) String() string {
	if h.kind == hostDomain || h.kind == hostEmpty {
		return h.text
	}
	var buf [ipv6MaxSerializedLenWithBrackets]byte
	return string(h.appendTo(buf[:0]))
}

// hostError is a host parser failure: a validation error name and a detail.
type hostError struct{ reason, detail string }

// parseHost implements the [host parser]: input is a scalar value string and
// isOpaque is true for a URL that is not special. It returns the host already
// serialized with the [host serializer].
//
// [host parser]: https://url.spec.whatwg.org/#concept-host-parser
// [host serializer]: https://url.spec.whatwg.org/#concept-host-serializer
func parseHost(input string, isOpaque bool) (parsedHost, *hostError) {
	// 1. "[...]" is an IPv6 address, for every scheme.
	if strings.HasPrefix(input, "[") {
		if !strings.HasSuffix(input, "]") || len(input) < 2 {
			return parsedHost{}, &hostError{reasonIPv6Unclosed, "no \"]\" at the end of the host"}
		}
		address, reason := parseIPv6(input[1 : len(input)-1])
		if reason != "" {
			return parsedHost{}, &hostError{reason, ""}
		}
		return parsedHost{kind: hostIPv6, ipv6: address}, nil
	}
	// 2. A URL that is not special has an opaque host.
	if isOpaque {
		return parseOpaqueHost(input)
	}
	// 3. The callers never pass the empty string here.
	if input == "" {
		return parsedHost{}, &hostError{reasonHostMissing, ""}
	}
	// 4–5. Percent-decode, then decode as UTF-8 (invalid sequences become
	// U+FFFD, which the domain parser rejects).
	domain := input
	if strings.IndexByte(input, '%') >= 0 {
		domain = toScalarValues(string(percentDecode(input)))
	}
	// 6–7. Run the domain parser.
	asciiDomain, reason, detail := domainParser(domain)
	if reason != "" {
		return parsedHost{}, &hostError{reason, detail}
	}
	// 8. A domain that ends in a number is an IPv4 address or nothing.
	if endsInANumber(asciiDomain) {
		address, reason := parseIPv4(asciiDomain)
		if reason != "" {
			return parsedHost{}, &hostError{reason, ""}
		}
		return parsedHost{kind: hostIPv4, ipv4: address}, nil
	}
	// 9. Otherwise it is a domain.
	return parsedHost{kind: hostDomain, text: asciiDomain}, nil
}

// parseOpaqueHost implements the [opaque-host parser].
//
// [opaque-host parser]: https://url.spec.whatwg.org/#concept-opaque-host-parser
func parseOpaqueHost(input string) (parsedHost, *hostError) {
	// 1. No forbidden host code points.
	for i := 0; i < len(input); i++ {
		if forbiddenHostCodePoint[input[i]] {
			return parsedHost{}, &hostError{reasonHostInvalidCodePoint, "forbidden host code point " + describeByte(input[i])}
		}
	}
	// 2–3 only report validation errors.
	// 4. UTF-8 percent-encode with the C0 control percent-encode set, which
	// appendTo does.
	if input == "" {
		return parsedHost{kind: hostEmpty}, nil
	}
	return parsedHost{kind: hostOpaque, text: input}, nil
}

func serializeIPv4(address uint32) string {
	var buf [ipv4MaxSerializedLen]byte
	return string(appendIPv4(buf[:0], address))
}

// hostKindOf classifies a host as this package serializes it in an origin
// (never an opaque or empty host there): "[…]" is IPv6, a host that ends in a
// number is IPv4 (the host parser turns every domain that ends in a number
// into an IPv4 address or fails), and anything else is a domain.
func hostKindOf(serialized string) hostKind {
	switch {
	case serialized == "":
		return hostEmpty
	case serialized[0] == '[':
		return hostIPv6
	case endsInANumber(serialized):
		return hostIPv4
	}
	return hostDomain
}

// describeByte names a byte for an error detail: "U+003C (<)".
func describeByte(b byte) string {
	const hex = "0123456789ABCDEF"
	s := "U+00" + string([]byte{hex[b>>4], hex[b&0xF]})
	if b > 0x20 && b < 0x7F {
		s += " (" + string(b) + ")"
	}
	return s
}

func quote(s string) string { return strconv.Quote(s) }
