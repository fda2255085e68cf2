package fetch

import (
	"strings"
	"testing"
)

// Literal twins of the byte-class definitions, written as the spec words
// them, checked against the tables over all 256 byte values.

// specIsTokenCodePoint: "U+0021 (!), U+0023 (#), U+0024 ($), U+0025 (%),
// U+0026 (&), U+0027 ('), U+002A (*), U+002B (+), U+002D (-), U+002E (.),
// U+005E (^), U+005F (_), U+0060 (`), U+007C (|), U+007E (~), or an ASCII
// alphanumeric."
func specIsTokenCodePoint(b byte) bool {
	switch b {
	case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E:
		return true
	}
	return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
}

// specIsQuotedStringTokenCodePoint: "U+0009 TAB, a code point in the range
// U+0020 SPACE to U+007E (~), inclusive, or a code point in the range
// U+0080 through U+00FF (ÿ), inclusive."
func specIsQuotedStringTokenCodePoint(b byte) bool {
	return b == 0x09 || (b >= 0x20 && b <= 0x7E) || b >= 0x80
}

// specIsHTTPWhitespace: "HTTP newline byte (0x0A LF, 0x0D CR) or HTTP tab
// or space byte (0x09 HT, 0x20 SP)."
func specIsHTTPWhitespace(b byte) bool {
	return b == 0x0A || b == 0x0D || b == 0x09 || b == 0x20
}

// specIsCORSUnsafeRequestHeaderByte: "byte is less than 0x20 and is not
// 0x09 HT; byte is 0x22 ("), 0x28 (left parenthesis), 0x29 (right
// parenthesis), 0x3A (:), 0x3C (<), 0x3E (>), 0x3F (?), 0x40 (@), 0x5B ([),
// 0x5C (\), 0x5D (]), 0x7B ({), 0x7D (}), or 0x7F DEL."
func specIsCORSUnsafeRequestHeaderByte(b byte) bool {
	if b < 0x20 && b != 0x09 {
		return true
	}
	switch b {
	case 0x22, 0x28, 0x29, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x7B, 0x7D, 0x7F:
		return true
	}
	return false
}

// specIsLanguageSafelistByte: "0x30 (0) to 0x39 (9), inclusive, 0x41 (A)
// to 0x5A (Z), inclusive, 0x61 (a) to 0x7A (z), inclusive, 0x20 SP, 0x2A
// (*), 0x2C (,), 0x2D (-), 0x2E (.), 0x3B (;), or 0x3D (=)."
func specIsLanguageSafelistByte(b byte) bool {
	switch {
	case b >= 0x30 && b <= 0x39, b >= 0x41 && b <= 0x5A, b >= 0x61 && b <= 0x7A:
		return true
	}
	switch b {
	case 0x20, 0x2A, 0x2C, 0x2D, 0x2E, 0x3B, 0x3D:
		return true
	}
	return false
}

func TestByteTablesMatchDefinitions(t *testing.T) {
	tables := []struct {
		desc  string
		table *[256]bool
		twin  func(byte) bool
		count int // members, counted by hand from the definition
	}{
		{"HTTP token code point", &tokenTable, specIsTokenCodePoint, 77},
		{"HTTP quoted-string token code point", &quotedStringTokenTable, specIsQuotedStringTokenCodePoint, 1 + 95 + 128},
		{"HTTP whitespace byte", &httpWhitespaceTable, specIsHTTPWhitespace, 4},
		{"CORS-unsafe request-header byte", &corsUnsafeRequestHeaderByteTable, specIsCORSUnsafeRequestHeaderByte, 31 + 14},
		{"Accept-Language/Content-Language byte", &languageSafelistTable, specIsLanguageSafelistByte, 62 + 7},
	}
	for _, tc := range tables {
		t.Run(tc.desc, func(t *testing.T) {
			n := 0
			for b := 0; b < 256; b++ {
				got, want := tc.table[b], tc.twin(byte(b))
				if got != want {
					t.Errorf("%s[%#02x]: got %v, want %v", tc.desc, b, got, want)
				}
				if got {
					n++
				}
			}
			if n != tc.count {
				t.Errorf("%s: %d members, want %d", tc.desc, n, tc.count)
			}
		})
	}
}

func TestIsCORSUnsafeRequestHeaderByteAllBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		if got, want := IsCORSUnsafeRequestHeaderByte(byte(b)), specIsCORSUnsafeRequestHeaderByte(byte(b)); got != want {
			t.Errorf("IsCORSUnsafeRequestHeaderByte(%#02x): got %v, want %v", b, got, want)
		}
	}
}

func TestIsHTTPTabOrSpaceAllBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		if got, want := isHTTPTabOrSpace(byte(b)), b == 0x09 || b == 0x20; got != want {
			t.Errorf("isHTTPTabOrSpace(%#02x): got %v, want %v", b, got, want)
		}
	}
}

func TestIsASCIIDigitAllBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		if got, want := isASCIIDigit(byte(b)), strings.IndexByte("0123456789", byte(b)) >= 0; got != want {
			t.Errorf("isASCIIDigit(%#02x): got %v, want %v", b, got, want)
		}
	}
}

func TestLowerASCII(t *testing.T) {
	tests := []struct {
		desc, in, want string
	}{
		{"empty", "", ""},
		{"already lower", "content-type", "content-type"},
		{"mixed", "Content-Type", "content-type"},
		{"all upper", "ACCEPT", "accept"},
		{"non-ASCII bytes untouched", "X-\xC4\xD6", "x-\xC4\xD6"},
		{"digits and punctuation", "A1-B_2", "a1-b_2"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := lowerASCII(tc.in); got != tc.want {
				t.Errorf("lowerASCII(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	// Every byte: only A-Z change.
	for b := 0; b < 256; b++ {
		in := string([]byte{byte(b)})
		want := in
		if b >= 'A' && b <= 'Z' {
			want = string([]byte{byte(b + 0x20)})
		}
		if got := lowerASCII(in); got != want {
			t.Errorf("lowerASCII(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestLowerASCIIDoesNotAllocateWhenLower(t *testing.T) {
	s := "access-control-request-headers"
	if n := testing.AllocsPerRun(100, func() { _ = lowerASCII(s) }); n != 0 {
		t.Errorf("lowerASCII(%q): %v allocations, want 0", s, n)
	}
}

func TestTrimHelpers(t *testing.T) {
	tests := []struct {
		desc, in                   string
		wantHTTP, wantTS, wantTail string
	}{
		{"empty", "", "", "", ""},
		{"all kinds", "\t\n\r a b \r\n\t", "a b", "\n\r a b \r\n", "\t\n\r a b"},
		{"form feed is not whitespace", "\f a \v", "\f a \v", "\f a \v", "\f a \v"},
		{"only whitespace", " \t\r\n ", "", "\r\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := trimHTTPWhitespace(tc.in); got != tc.wantHTTP {
				t.Errorf("trimHTTPWhitespace(%q): got %q, want %q", tc.in, got, tc.wantHTTP)
			}
			if got := trimHTTPTabOrSpace(tc.in); got != tc.wantTS {
				t.Errorf("trimHTTPTabOrSpace(%q): got %q, want %q", tc.in, got, tc.wantTS)
			}
			if got := trimTrailingHTTPWhitespace(tc.in); got != tc.wantTail {
				t.Errorf("trimTrailingHTTPWhitespace(%q): got %q, want %q", tc.in, got, tc.wantTail)
			}
		})
	}
}

func TestContainsCORSUnsafeRequestHeaderByte(t *testing.T) {
	literal := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if specIsCORSUnsafeRequestHeaderByte(s[i]) {
				return true
			}
		}
		return false
	}
	// Every byte at every offset of strings of length 1 to 9.
	for n := 1; n <= 9; n++ {
		for at := 0; at < n; at++ {
			for b := 0; b < 256; b++ {
				buf := []byte(strings.Repeat("a", n))
				buf[at] = byte(b)
				s := string(buf)
				if got, want := containsCORSUnsafeRequestHeaderByte(s), literal(s); got != want {
					t.Fatalf("containsCORSUnsafeRequestHeaderByte(%q): got %v, want %v", s, got, want)
				}
			}
		}
	}
	if containsCORSUnsafeRequestHeaderByte("") {
		t.Errorf("containsCORSUnsafeRequestHeaderByte(%q): got true, want false", "")
	}
}
