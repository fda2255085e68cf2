package origin

import "strings"

// Byte classes of the URL Standard as [256]bool tables, indexed by a byte of
// the UTF-8 encoding of the input. Every code point above U+007F is encoded as
// bytes 0x80–0xFF, and every percent-encode set contains every code point above
// U+007E, so percent-encoding a non-ASCII code point byte by byte is the same
// as UTF-8 percent-encoding it. Each table is tested over all 256 bytes against
// a literal twin written from the spec's definition (tables_test.go).

// byteSet builds a table from a predicate; it runs once, at package
// initialization, and the tables are never written afterwards.
func byteSet(in func(b byte) bool) (t [256]bool) {
	for i := range t {
		t[i] = in(byte(i))
	}
	return t
}

func isC0Control(b byte) bool     { return b <= 0x1F }
func isASCIIAlpha(b byte) bool    { return 'a' <= b|0x20 && b|0x20 <= 'z' }
func isASCIIDigit(b byte) bool    { return '0' <= b && b <= '9' }
func isASCIIHexDigit(b byte) bool { return isASCIIDigit(b) || 'a' <= b|0x20 && b|0x20 <= 'f' }

// c0ControlPercentEncodeSet is the [C0 control percent-encode set]: C0
// controls and every code point above U+007E.
//
// [C0 control percent-encode set]: https://url.spec.whatwg.org/#c0-control-percent-encode-set
var c0ControlPercentEncodeSet = byteSet(func(b byte) bool {
	return isC0Control(b) || b > 0x7E
})

// fragmentPercentEncodeSet is the [fragment percent-encode set].
//
// [fragment percent-encode set]: https://url.spec.whatwg.org/#fragment-percent-encode-set
var fragmentPercentEncodeSet = byteSet(func(b byte) bool {
	switch b {
	case ' ', '"', '<', '>', '`':
		return true
	}
	return c0ControlPercentEncodeSet[b]
})

// queryPercentEncodeSet is the [query percent-encode set].
//
// [query percent-encode set]: https://url.spec.whatwg.org/#query-percent-encode-set
var queryPercentEncodeSet = byteSet(func(b byte) bool {
	switch b {
	case ' ', '"', '#', '<', '>':
		return true
	}
	return c0ControlPercentEncodeSet[b]
})

// specialQueryPercentEncodeSet is the [special-query percent-encode set].
//
// [special-query percent-encode set]: https://url.spec.whatwg.org/#special-query-percent-encode-set
var specialQueryPercentEncodeSet = byteSet(func(b byte) bool {
	return b == '\'' || queryPercentEncodeSet[b]
})

// pathPercentEncodeSet is the [path percent-encode set].
//
// [path percent-encode set]: https://url.spec.whatwg.org/#path-percent-encode-set
var pathPercentEncodeSet = byteSet(func(b byte) bool {
	switch b {
	case '?', '^', '`', '{', '}':
		return true
	}
	return queryPercentEncodeSet[b]
})

// userinfoPercentEncodeSet is the [userinfo percent-encode set].
//
// [userinfo percent-encode set]: https://url.spec.whatwg.org/#userinfo-percent-encode-set
var userinfoPercentEncodeSet = byteSet(func(b byte) bool {
	switch b {
	case '/', ':', ';', '=', '@', '[', '\\', ']', '|':
		return true
	}
	return pathPercentEncodeSet[b]
})

// forbiddenHostCodePoint is the set of [forbidden host code points].
//
// [forbidden host code points]: https://url.spec.whatwg.org/#forbidden-host-code-point
var forbiddenHostCodePoint = byteSet(func(b byte) bool {
	switch b {
	case 0x00, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return false
})

// forbiddenDomainCodePoint is the set of [forbidden domain code points].
//
// [forbidden domain code points]: https://url.spec.whatwg.org/#forbidden-domain-code-point
var forbiddenDomainCodePoint = byteSet(func(b byte) bool {
	return forbiddenHostCodePoint[b] || isC0Control(b) || b == '%' || b == 0x7F
})

// schemeCodePoint holds the code points the [scheme state] keeps in a scheme
// after the first one: ASCII alphanumerics, "+", "-" and ".".
//
// [scheme state]: https://url.spec.whatwg.org/#scheme-state
var schemeCodePoint = byteSet(func(b byte) bool {
	return isASCIIAlpha(b) || isASCIIDigit(b) || b == '+' || b == '-' || b == '.'
})

// c0ControlOrSpace holds the [C0 control or space] code points the URL parser
// strips from both ends of its input.
//
// [C0 control or space]: https://infra.spec.whatwg.org/#c0-control-or-space
var c0ControlOrSpace = byteSet(func(b byte) bool {
	return isC0Control(b) || b == ' '
})

// asciiTabOrNewline holds the [ASCII tab or newline] code points the URL
// parser removes from anywhere in its input.
//
// [ASCII tab or newline]: https://infra.spec.whatwg.org/#ascii-tab-or-newline
var asciiTabOrNewline = byteSet(func(b byte) bool {
	return b == '\t' || b == '\n' || b == '\r'
})

// upperHex holds the digits of a [percent-encoded byte]: ASCII upper hex.
//
// [percent-encoded byte]: https://url.spec.whatwg.org/#percent-encode
const upperHex = "0123456789ABCDEF"

// appendPercentEncoded appends b to dst, [percent-encoded] when it is in set.
//
// [percent-encoded]: https://url.spec.whatwg.org/#percent-encode
func appendPercentEncoded(dst []byte, b byte, set *[256]bool) []byte {
	if !set[b] {
		return append(dst, b)
	}
	return append(dst, '%', upperHex[b>>4], upperHex[b&0x0F])
}

// appendPercentEncodedString UTF-8 percent-encodes s (already UTF-8) using set.
func appendPercentEncodedString(dst []byte, s string, set *[256]bool) []byte {
	for i := 0; i < len(s); i++ {
		dst = appendPercentEncoded(dst, s[i], set)
	}
	return dst
}

// hexValue returns the value of an ASCII hex digit.
func hexValue(b byte) byte {
	switch {
	case b <= '9':
		return b - '0'
	case b <= 'F':
		return b - 'A' + 10
	default:
		return b - 'a' + 10
	}
}

// percentDecode returns the [percent-decoding] of s.
//
// [percent-decoding]: https://url.spec.whatwg.org/#string-percent-decode
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		b := s[i]
		// 2.1–2.2. A byte that does not start a percent-encoded byte is kept.
		if b != '%' || i+2 >= len(s) || !isASCIIHexDigit(s[i+1]) || !isASCIIHexDigit(s[i+2]) {
			out = append(out, b)
			continue
		}
		// 2.3. Otherwise the two hex digits give the byte.
		out = append(out, hexValue(s[i+1])<<4|hexValue(s[i+2]))
		i += 2
	}
	return out
}

// asciiLower returns s with ASCII upper alphas lowercased. It allocates only
// when s has an upper-case letter.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
