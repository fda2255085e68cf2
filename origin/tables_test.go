package origin

import (
	"strings"
	"testing"
)

// Literal twins of the byte tables, written from the spec's definitions
// without reusing each other or the tables. A byte at or above 0x80 stands
// for the non-ASCII code point it is part of.

// https://url.spec.whatwg.org/#c0-control-percent-encode-set: C0 controls
// (U+0000 to U+001F) and code points greater than U+007E.
func literalC0ControlSet(b byte) bool { return b <= 0x1F || b > 0x7E }

// https://url.spec.whatwg.org/#fragment-percent-encode-set: the C0 control
// percent-encode set and U+0020 SPACE, U+0022 ("), U+003C (<), U+003E (>),
// U+0060 (`).
func literalFragmentSet(b byte) bool {
	return b <= 0x1F || b > 0x7E || b == 0x20 || b == 0x22 || b == 0x3C || b == 0x3E || b == 0x60
}

// https://url.spec.whatwg.org/#query-percent-encode-set: the C0 control
// percent-encode set and U+0020 SPACE, U+0022 ("), U+0023 (#), U+003C (<),
// U+003E (>).
func literalQuerySet(b byte) bool {
	return b <= 0x1F || b > 0x7E || b == 0x20 || b == 0x22 || b == 0x23 || b == 0x3C || b == 0x3E
}

// https://url.spec.whatwg.org/#special-query-percent-encode-set: the query
// percent-encode set and U+0027 (').
func literalSpecialQuerySet(b byte) bool {
	return b <= 0x1F || b > 0x7E || b == 0x20 || b == 0x22 || b == 0x23 || b == 0x3C || b == 0x3E || b == 0x27
}

// https://url.spec.whatwg.org/#path-percent-encode-set: the query
// percent-encode set and U+003F (?), U+005E (^), U+0060 (`), U+007B ({),
// U+007D (}).
func literalPathSet(b byte) bool {
	return b <= 0x1F || b > 0x7E || strings.IndexByte(" \"#<>?^`{}", b) >= 0
}

// https://url.spec.whatwg.org/#userinfo-percent-encode-set: the path
// percent-encode set and U+002F (/), U+003A (:), U+003B (;), U+003D (=),
// U+0040 (@), U+005B ([) to U+005D (]), inclusive, and U+007C (|).
func literalUserinfoSet(b byte) bool {
	return b <= 0x1F || b > 0x7E || strings.IndexByte(" \"#<>?^`{}/:;=@[\\]|", b) >= 0
}

// https://url.spec.whatwg.org/#forbidden-host-code-point: U+0000 NULL,
// U+0009 TAB, U+000A LF, U+000D CR, U+0020 SPACE, U+0023 (#), U+002F (/),
// U+003A (:), U+003C (<), U+003E (>), U+003F (?), U+0040 (@), U+005B ([),
// U+005C (\), U+005D (]), U+005E (^), or U+007C (|).
func literalForbiddenHost(b byte) bool {
	switch b {
	case 0x00, 0x09, 0x0A, 0x0D, 0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C:
		return true
	}
	return false
}

// https://url.spec.whatwg.org/#forbidden-domain-code-point: a forbidden host
// code point, a C0 control, U+0025 (%), or U+007F DELETE.
func literalForbiddenDomain(b byte) bool {
	return literalForbiddenHost(b) || b <= 0x1F || b == 0x25 || b == 0x7F
}

// https://url.spec.whatwg.org/#scheme-state: ASCII alphanumeric, U+002B (+),
// U+002D (-), or U+002E (.).
func literalSchemeCodePoint(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '+' || b == '-' || b == '.'
}

// https://infra.spec.whatwg.org/#c0-control-or-space: a C0 control or
// U+0020 SPACE.
func literalC0ControlOrSpace(b byte) bool { return b <= 0x20 }

// https://infra.spec.whatwg.org/#ascii-tab-or-newline: U+0009 TAB, U+000A LF,
// or U+000D CR.
func literalTabOrNewline(b byte) bool { return b == 0x09 || b == 0x0A || b == 0x0D }

func TestByteTables(t *testing.T) {
	tables := []struct {
		name    string
		table   *[256]bool
		literal func(byte) bool
	}{
		{"c0ControlPercentEncodeSet", &c0ControlPercentEncodeSet, literalC0ControlSet},
		{"fragmentPercentEncodeSet", &fragmentPercentEncodeSet, literalFragmentSet},
		{"queryPercentEncodeSet", &queryPercentEncodeSet, literalQuerySet},
		{"specialQueryPercentEncodeSet", &specialQueryPercentEncodeSet, literalSpecialQuerySet},
		{"pathPercentEncodeSet", &pathPercentEncodeSet, literalPathSet},
		{"userinfoPercentEncodeSet", &userinfoPercentEncodeSet, literalUserinfoSet},
		{"forbiddenHostCodePoint", &forbiddenHostCodePoint, literalForbiddenHost},
		{"forbiddenDomainCodePoint", &forbiddenDomainCodePoint, literalForbiddenDomain},
		{"schemeCodePoint", &schemeCodePoint, literalSchemeCodePoint},
		{"c0ControlOrSpace", &c0ControlOrSpace, literalC0ControlOrSpace},
		{"asciiTabOrNewline", &asciiTabOrNewline, literalTabOrNewline},
	}
	for _, tc := range tables {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < 256; i++ {
				if got, want := tc.table[i], tc.literal(byte(i)); got != want {
					t.Errorf("%s[%#02x]: got %v, want %v", tc.name, i, got, want)
				}
			}
		})
	}
}

// The sets nest as the spec builds them from each other.
func TestPercentEncodeSetsNest(t *testing.T) {
	chain := []struct {
		name        string
		inner, next *[256]bool
	}{
		{"C0 control ⊂ fragment", &c0ControlPercentEncodeSet, &fragmentPercentEncodeSet},
		{"C0 control ⊂ query", &c0ControlPercentEncodeSet, &queryPercentEncodeSet},
		{"query ⊂ special-query", &queryPercentEncodeSet, &specialQueryPercentEncodeSet},
		{"query ⊂ path", &queryPercentEncodeSet, &pathPercentEncodeSet},
		{"path ⊂ userinfo", &pathPercentEncodeSet, &userinfoPercentEncodeSet},
		{"forbidden host ⊂ forbidden domain", &forbiddenHostCodePoint, &forbiddenDomainCodePoint},
	}
	for _, c := range chain {
		for i := 0; i < 256; i++ {
			if c.inner[i] && !c.next[i] {
				t.Errorf("%s: byte %#02x is in the first set only", c.name, i)
			}
		}
	}
}

func TestPercentDecode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"%25%s%1G", "%%s%1G"}, // the spec's example
		{"‽%25%2E", "‽%."},     // the spec's example
		{"%", "%"},
		{"%4", "%4"},
		{"%41", "A"},
		{"%4a%4A", "JJ"},
		{"%%41", "%A"},
		{"%e2%80%bd", "‽"},
	}
	for _, tc := range tests {
		if got := string(percentDecode(tc.in)); got != tc.want {
			t.Errorf("percentDecode(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestToScalarValues(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"é‽😀", "é‽😀"},
		{"\xff", "\uFFFD"},
		{"a\xffb", "a\uFFFDb"},
		{"\xe2\x82", "\uFFFD"},                           // a truncated sequence is one maximal subpart
		{"\xe2\x82A", "\uFFFDA"},                         // ASCII ends it and is kept
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},           // surrogates are not scalar values
		{"\xc0\xaf", "\uFFFD\uFFFD"},                     // overlong
		{"\xf4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"}, // above U+10FFFF
		{"\xf0\x9f\x98", "\uFFFD"},
		{"\xf0\x9f\x98\x80\x80", "😀\uFFFD"},
	}
	for _, tc := range tests {
		if got := toScalarValues(tc.in); got != tc.want {
			t.Errorf("toScalarValues(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
