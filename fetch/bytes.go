package fetch

// Byte classes used by the Fetch Standard and MIME Sniffing, as [256]bool
// tables indexed by byte. Header names and values are byte sequences; this
// package holds them in Go strings and never decodes them as UTF-8: a byte
// b stands for the code point U+00bb (the spec's "isomorphic decode").
//
// Each table is built once from the characters its definition lists and is
// never written afterwards. bytes_test.go checks every table over all 256
// byte values against a literal transcription of its definition.

// byteTable returns a table in which exactly the bytes of members are set.
func byteTable(members string) [256]bool {
	var t [256]bool
	for i := 0; i < len(members); i++ {
		t[members[i]] = true
	}
	return t
}

const (
	asciiDigits = "0123456789"
	asciiUpper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	asciiLower  = "abcdefghijklmnopqrstuvwxyz"
	asciiAlnum  = asciiDigits + asciiUpper + asciiLower
)

// tokenTable holds the [HTTP token code points] (RFC 9110 tchar): ASCII
// alphanumerics and !#$%&'*+-.^_`|~. Header names and methods are tokens.
//
// [HTTP token code points]: https://mimesniff.spec.whatwg.org/#http-token-code-point
var tokenTable = byteTable(asciiAlnum + "!#$%&'*+-.^_`|~")

// quotedStringTokenTable holds the [HTTP quoted-string token code points]:
// U+0009, U+0020 to U+007E, and U+0080 to U+00FF.
//
// [HTTP quoted-string token code points]: https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point
var quotedStringTokenTable = func() [256]bool {
	var t [256]bool
	t['\t'] = true
	for b := 0x20; b <= 0x7E; b++ {
		t[b] = true
	}
	for b := 0x80; b <= 0xFF; b++ {
		t[b] = true
	}
	return t
}()

// httpWhitespaceTable holds the [HTTP whitespace] bytes: HTTP newline bytes
// (0x0A, 0x0D) and HTTP tab or space bytes (0x09, 0x20). Form feed and
// vertical tab are not HTTP whitespace.
//
// [HTTP whitespace]: https://fetch.spec.whatwg.org/#http-whitespace-byte
var httpWhitespaceTable = byteTable("\t\n\r ")

// corsUnsafeRequestHeaderByteTable holds the [CORS-unsafe request-header
// bytes]: bytes below 0x20 other than 0x09, the bytes "():<>?@[\]{}, and
// 0x7F. Bytes 0x80 and above are not unsafe.
//
// [CORS-unsafe request-header bytes]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
var corsUnsafeRequestHeaderByteTable = func() [256]bool {
	t := byteTable("\"():<>?@[\\]{}\x7f")
	for b := 0; b < 0x20; b++ {
		if b != '\t' {
			t[b] = true
		}
	}
	return t
}()

// languageSafelistTable holds the bytes a CORS-safelisted Accept-Language or
// Content-Language value may contain: 0-9, A-Z, a-z, space, and *,-.;=.
// See step 3 of [CORS-safelisted request-header].
//
// [CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#cors-safelisted-request-header
var languageSafelistTable = byteTable(asciiAlnum + " *,-.;=")

// IsCORSUnsafeRequestHeaderByte reports whether b is a [CORS-unsafe
// request-header byte]: a byte that, in an Accept or Content-Type value,
// makes the header need a CORS preflight.
//
// [CORS-unsafe request-header byte]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
func IsCORSUnsafeRequestHeaderByte(b byte) bool {
	return corsUnsafeRequestHeaderByteTable[b]
}

// containsCORSUnsafeRequestHeaderByte reports whether any byte of s is a
// CORS-unsafe request-header byte.
//
// OPTIMIZATION: the loop looks at four bytes per iteration, which halves its
// cost on typical Accept values; TestContainsCORSUnsafeRequestHeaderByte
// checks it against the byte-at-a-time loop.
func containsCORSUnsafeRequestHeaderByte(s string) bool {
	t := &corsUnsafeRequestHeaderByteTable
	for len(s) >= 4 {
		if t[s[0]] || t[s[1]] || t[s[2]] || t[s[3]] {
			return true
		}
		s = s[4:]
	}
	for i := 0; i < len(s); i++ {
		if t[s[i]] {
			return true
		}
	}
	return false
}

// isToken reports whether s is a non-empty sequence of HTTP token code
// points (an RFC 9110 token).
func isToken(s string) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenTable[s[i]] {
			return false
		}
	}
	return true
}

// onlyQuotedStringTokenBytes reports whether every byte of s is an HTTP
// quoted-string token code point. The empty string qualifies.
func onlyQuotedStringTokenBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if !quotedStringTokenTable[s[i]] {
			return false
		}
	}
	return true
}

// isASCIIDigit reports whether b is an ASCII digit.
func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

// isHTTPTabOrSpace reports whether b is an [HTTP tab or space byte].
//
// [HTTP tab or space byte]: https://fetch.spec.whatwg.org/#http-tab-or-space-byte
func isHTTPTabOrSpace(b byte) bool { return b == '\t' || b == ' ' }

// trimHTTPWhitespace removes leading and trailing HTTP whitespace bytes.
// It returns a substring of s and never allocates.
func trimHTTPWhitespace(s string) string {
	i, j := 0, len(s)
	for i < j && httpWhitespaceTable[s[i]] {
		i++
	}
	for j > i && httpWhitespaceTable[s[j-1]] {
		j--
	}
	return s[i:j]
}

// trimTrailingHTTPWhitespace removes trailing HTTP whitespace bytes.
func trimTrailingHTTPWhitespace(s string) string {
	j := len(s)
	for j > 0 && httpWhitespaceTable[s[j-1]] {
		j--
	}
	return s[:j]
}

// trimHTTPTabOrSpace removes leading and trailing HTTP tab or space bytes
// (0x09, 0x20), which is also RFC 9110's OWS.
func trimHTTPTabOrSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isHTTPTabOrSpace(s[i]) {
		i++
	}
	for j > i && isHTTPTabOrSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// hasUpperASCII reports whether s contains a byte in A-Z.
func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// lowerASCII byte-lowercases s: A-Z become a-z and every other byte is
// kept. It returns s itself, without allocating, when s has no upper-case
// ASCII letter.
func lowerASCII(s string) string {
	if !hasUpperASCII(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// hasPrefixFoldASCII reports whether s starts with prefix, compared
// byte-case-insensitively.
func hasPrefixFoldASCII(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFoldASCII(s[:len(prefix)], prefix)
}
