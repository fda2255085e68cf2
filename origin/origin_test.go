package origin

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/idna"
)

// null is the serialization every opaque origin has.
const null = "null"

// TestFromURL covers URL → origin, from the URL Standard's host parser,
// IPv4 and IPv6 parsers, port state, blob: and the other schemes. want is the
// origin's serialization; wantReason the validation error of a failure.
func TestFromURL(t *testing.T) {
	tests := []struct {
		desc, in, want, wantReason string
	}{
		// IDNA (UTS #46 with the URL Standard's flags).
		{"IDN host is punycoded", "https://bücher.example/", "https://xn--bcher-kva.example", ""},
		{"IDN host is mapped to lower case", "https://BÜCHER.example/", "https://xn--bcher-kva.example", ""},
		{"sharp s is kept (nontransitional)", "https://faß.example/", "https://xn--fa-hia.example", ""},
		{"emoji domain", "http://☕.example/", "http://xn--53h.example", ""},
		{"Cyrillic domain", "http://пример.example/", "http://xn--e1afmkfd.example", ""},
		{"Arabic TLD", "https://example.إختبار/", "https://example.xn--kgbechtv", ""},
		{"Hebrew label", "https://אב.example/", "https://xn--4dbc.example", ""},
		{"fullwidth letters map to ASCII", "http://ｅｘａｍｐｌｅ.com/", "http://example.com", ""},
		{"ideographic full stop separates labels", "http://example。com/", "http://example.com", ""},
		{"fullwidth digits map to an IPv4 address", "http://１２７.０.０.１/", "http://127.0.0.1", ""},
		{"ASCII xn-- label is kept", "http://xn--bcher-kva.example/", "http://xn--bcher-kva.example", ""},
		{"ASCII XN-- label is only lowercased", "http://XN--BCHER-KVA.example/", "http://xn--bcher-kva.example", ""},
		{"bare xn-- ASCII label is kept (web compat)", "https://xn--/", "https://xn--", ""},
		{"invalid punycode in an ASCII domain is kept", "https://xn--a.example/", "https://xn--a.example", ""},
		{"invalid punycode in a non-ASCII domain fails", "https://xn--a.ü/", "", "domain-to-ASCII"},
		{"empty punycode label in a non-ASCII domain fails", "https://xn--.ü/", "", "domain-to-ASCII"},
		{"fullwidth xn-- label in a non-ASCII domain fails", "https://ｘｎ－－.ü/", "", "domain-to-ASCII"},
		{"last label xn-- in a non-ASCII domain fails", "https://ü.xn--/", "", "domain-to-ASCII"},
		{"empty label of ignored code points is fine", "https://\u00AD.ü/", "https://.xn--tda", ""},
		{"capital sharp s maps to ß (UTS #46 since Unicode 15.1)", "https://FAẞ.de/", "https://xn--fa-hia.de", ""},
		{"capital sharp s in a percent-encoded host", "https://FA%E1%BA%9E.de/", "https://xn--fa-hia.de", ""},
		// The URL Standard checks forbidden domain code points after
		// ToASCII, whose NFC step composes ">" + U+0338 into "≯". Chromium
		// 156 checks the raw host first and rejects these (and "<" + U+0338).
		{"> with a combining solidus is ≯ after NFC (Chromium 156 rejects it)", "https://\u7f9a.>\u0338/", "https://xn--xt0a.xn--hdh", ""},
		{"≯ precomposed", "https://\u7f9a.\u226f/", "https://xn--xt0a.xn--hdh", ""},
		{"soft hyphen is ignored", "http://ex\u00ADample.com/", "http://example.com", ""},
		{"a domain of ignored code points is empty", "http://\u00AD/", "", "domain-to-ASCII"},
		{"zero width joiner out of context", "http://a\u200Db.example/", "", "domain-to-ASCII"},
		{"replacement character is disallowed", "http://\uFFFD.example/", "", "domain-to-ASCII"},
		{"bidi rule: digit first in an RTL domain", "http://1אב.example/", "", "domain-to-ASCII"},
		{"percent-encoded emoji is decoded then punycoded", "http://%F0%9F%92%A9.example/", "http://xn--ls8h.example", ""},
		{"percent-encoded ASCII is decoded", "http://ex%61mple.com/", "http://example.com", ""},
		{"percent-encoded upper case is lowercased", "http://%45XAMPLE.com/", "http://example.com", ""},
		{"lone percent sign is a forbidden domain code point", "http://a%zz.com/", "", "domain-to-ASCII"},
		{"percent-encoded NUL", "http://a%00b/", "", "domain-to-ASCII"},
		{"percent-encoded slash", "http://a%2Fb/", "", "domain-to-ASCII"},
		{"percent-encoded invalid UTF-8", "http://a%FFb/", "", "domain-to-ASCII"},
		{"fullwidth less-than maps to a forbidden code point", "http://a＜b/", "", "domain-to-ASCII"},
		{"forbidden domain code point <", "http://a<b/", "", "domain-to-ASCII"},
		{"forbidden domain code point ^", "http://a^b/", "", "domain-to-ASCII"},
		{"forbidden domain code point |", "http://a|b/", "", "domain-to-ASCII"},
		{"DEL is a forbidden domain code point", "http://a\x7Fb/", "", "domain-to-ASCII"},
		{"space in a host", "http://a b/", "", "domain-to-ASCII"},
		{"underscore is allowed", "http://a_b.example/", "http://a_b.example", ""},
		{"other ASCII punctuation is allowed", "http://a!b$c&d'e(f)g*h+i,j;k=l~m/", "http://a!b$c&d'e(f)g*h+i,j;k=l~m", ""},
		{"empty labels are allowed", "http://a..b/", "http://a..b", ""},
		{"trailing dot is kept", "https://example.com./", "https://example.com.", ""},
		{"leading dot is kept", "https://.example.com/", "https://.example.com", ""},

		// IPv4 forms: the host parser turns a domain that ends in a number
		// into an IPv4 address.
		{"dotted decimal", "http://127.0.0.1/", "http://127.0.0.1", ""},
		{"hex part", "http://0x7f.0.0.1/", "http://127.0.0.1", ""},
		{"upper-case hex prefix", "http://0X7F.0.0.1/", "http://127.0.0.1", ""},
		{"octal part", "http://0177.0.0.1/", "http://127.0.0.1", ""},
		{"single decimal number", "http://2130706433/", "http://127.0.0.1", ""},
		{"single hex number", "http://0x7f000001/", "http://127.0.0.1", ""},
		{"two parts", "http://127.1/", "http://127.0.0.1", ""},
		{"three parts", "http://127.0.1/", "http://127.0.0.1", ""},
		{"three parts, last fills two bytes", "http://1.2.65535/", "http://1.2.255.255", ""},
		{"mixed radixes", "http://0x1.02.3/", "http://1.2.0.3", ""},
		{"zero", "http://0/", "http://0.0.0.0", ""},
		{"bare 0x is zero", "http://0x/", "http://0.0.0.0", ""},
		{"octal zero", "http://00/", "http://0.0.0.0", ""},
		{"trailing dot is dropped", "http://1.2.3.4./", "http://1.2.3.4", ""},
		{"all ones", "http://4294967295/", "http://255.255.255.255", ""},
		{"uppercase hex digits", "http://0XFF.0XFF.0XFF.0XFF/", "http://255.255.255.255", ""},
		{"five parts", "http://1.2.3.4.5/", "", "IPv4-too-many-parts"},
		{"first part above 255", "http://256.0.0.1/", "", "IPv4-out-of-range-part"},
		{"last of four parts above 255", "http://1.2.3.256/", "", "IPv4-out-of-range-part"},
		{"last of three parts above 65535", "http://1.2.65536/", "", "IPv4-out-of-range-part"},
		{"single number above 32 bits", "http://4294967296/", "", "IPv4-out-of-range-part"},
		{"hex above 32 bits", "http://0x100000000/", "", "IPv4-out-of-range-part"},
		{"huge hex number", "http://0xffffffffffffffffffffffff/", "", "IPv4-out-of-range-part"},
		{"9 is not an octal digit", "http://09/", "", "IPv4-non-numeric-part"},
		{"octal digit error in a later part", "http://1.09/", "", "IPv4-non-numeric-part"},
		{"letters before a final number", "http://example.1/", "", "IPv4-non-numeric-part"},
		{"letters before a final hex number", "http://foo.0x/", "", "IPv4-non-numeric-part"},
		{"empty part", "http://1..2/", "", "IPv4-non-numeric-part"},
		{"a number first is still a domain", "http://1.example/", "http://1.example", ""},
		{"0x followed by a non-hex letter is a domain", "http://foo.0xg/", "http://foo.0xg", ""},
		{"digits then a letter is a domain", "http://1.2.3.4a/", "http://1.2.3.4a", ""},

		// IPv6: parsed, then serialized lower case and compressed.
		{"loopback", "http://[::1]/", "http://[::1]", ""},
		{"full form", "http://[0:0:0:0:0:0:0:1]/", "http://[::1]", ""},
		{"all zeros", "http://[::]/", "http://[::]", ""},
		{"trailing zeros", "http://[1:0:0:0:0:0:0:0]/", "http://[1::]", ""},
		{"longest zero run is compressed", "http://[1:0:0:2:0:0:0:3]/", "http://[1:0:0:2::3]", ""},
		{"first of equal zero runs is compressed", "http://[1:0:0:2:0:0:3:4]/", "http://[1::2:0:0:3:4]", ""},
		{"a single zero piece is not compressed", "http://[1:0:2:3:4:5:6:7]/", "http://[1:0:2:3:4:5:6:7]", ""},
		{"embedded IPv4 is written in hex", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]", ""},
		{"upper-case hex is lowercased", "http://[ABCD::EF]/", "http://[abcd::ef]", ""},
		{"leading zeros are dropped", "http://[0001:0002::]/", "http://[1:2::]", ""},
		{"IPv6 with a port", "http://[::1]:8080/", "http://[::1]:8080", ""},
		{"IPv6 with its default port", "https://[::1]:443/", "https://[::1]", ""},
		{"unclosed bracket", "http://[::1/", "", "IPv6-unclosed"},
		{"text after the bracket", "http://[::1]x/", "", "IPv6-unclosed"},
		{"nine pieces", "http://[1:2:3:4:5:6:7:8:9]/", "", "IPv6-too-many-pieces"},
		{"two compressions", "http://[1::2::3]/", "", "IPv6-multiple-compression"},
		{"lone leading colon", "http://[:1]/", "", "IPv6-invalid-compression"},
		{"three pieces", "http://[1:2:3]/", "", "IPv6-too-few-pieces"},
		{"trailing colon", "http://[1:]/", "", "IPv6-invalid-code-point"},
		{"non-hex letter", "http://[g::1]/", "", "IPv6-invalid-code-point"},
		{"five hex digits", "http://[12345::]/", "", "IPv6-invalid-code-point"},
		{"percent-encoding is not decoded in IPv6", "http://[::%31]/", "", "IPv6-invalid-code-point"},
		{"empty brackets", "http://[]/", "", "IPv6-too-few-pieces"},
		{"embedded IPv4 with three parts", "http://[::1.2.3]/", "", "IPv4-in-IPv6-too-few-parts"},
		{"embedded IPv4 part above 255", "http://[::1.2.3.256]/", "", "IPv4-in-IPv6-out-of-range-part"},
		{"embedded IPv4 leading zero", "http://[::01.2.3.4]/", "", "IPv4-in-IPv6-invalid-code-point"},
		{"embedded IPv4 in the last piece", "http://[1:2:3:4:5:6:7:1.2.3.4]/", "", "IPv4-in-IPv6-too-many-pieces"},
		{"embedded IPv4 with a trailing dot", "http://[::1.2.3.4.]/", "", "IPv4-in-IPv6-invalid-code-point"},
		{"IPv6 in a non-special URL: opaque origin", "non-special://[::1]/", null, ""},

		// Ports: parsed in decimal; the scheme's default port is null.
		{"http default port", "http://a.example:80/", "http://a.example", ""},
		{"http other port", "http://a.example:8080/", "http://a.example:8080", ""},
		{"https default port", "https://a.example:443/", "https://a.example", ""},
		{"https port 80 is not default", "https://a.example:80/", "https://a.example:80", ""},
		{"ws default port", "ws://a.example:80/", "ws://a.example", ""},
		{"wss default port", "wss://a.example:443/", "wss://a.example", ""},
		{"ws port 443 is not default", "ws://a.example:443/", "ws://a.example:443", ""},
		{"ftp default port", "ftp://a.example:21/", "ftp://a.example", ""},
		{"ftp other port", "ftp://a.example:22/", "ftp://a.example:22", ""},
		{"port zero", "http://a.example:0/", "http://a.example:0", ""},
		{"largest port", "http://a.example:65535/", "http://a.example:65535", ""},
		{"leading zeros", "http://a.example:00080/", "http://a.example", ""},
		{"many leading zeros", "http://a.example:000000000000000000008080/", "http://a.example:8080", ""},
		{"empty port", "http://a.example:/", "http://a.example", ""},
		{"empty port at the end", "http://a.example:", "http://a.example", ""},
		{"port above 65535", "http://a.example:65536/", "", "port-out-of-range"},
		{"huge port", "http://a.example:99999999999999999999/", "", "port-out-of-range"},
		{"letter in the port", "http://a.example:8o/", "", "port-invalid"},
		{"space in the port", "http://a.example: 80/", "", "port-invalid"},
		{"negative port", "http://a.example:-1/", "", "port-invalid"},
		{"two ports", "http://a.example:80:80/", "", "port-invalid"},
		{"port without a host", "http://:80/", "", "host-missing"},
		{"port ends at a backslash", "http://a.example:81\\x", "http://a.example:81", ""},
		{"port ends at a query", "http://a.example:81?x", "http://a.example:81", ""},

		// Userinfo is not part of the origin.
		{"username and password", "http://user:pass@a.example/", "http://a.example", ""},
		{"empty userinfo", "http://@a.example/", "http://a.example", ""},
		{"credentials without a host", "http://user@/", "", "host-missing"},
		{"the last @ ends the userinfo", "http://a@b@c.example/", "http://c.example", ""},
		{"colon in the password and a port", "http://user:p:w@host:81/", "http://host:81", ""},
		{"what looks like host:port is userinfo", "http://a.example:80@b.example/", "http://b.example", ""},
		{"@ after the authority is in the path", "http://a.example/@b.example", "http://a.example", ""},

		// Clean-up of the input, slashes and case.
		{"backslashes as slashes", "http:\\\\a.example\\path", "http://a.example", ""},
		{"no slashes", "http:a.example", "http://a.example", ""},
		{"many slashes", "http:////a.example", "http://a.example", ""},
		{"leading and trailing spaces", "  http://a.example/  ", "http://a.example", ""},
		{"tabs and newlines are removed", "\t\nhttp://a.exa\tmple/\r", "http://a.example", ""},
		{"tab inside the scheme", "ht\ttp://a.example/", "http://a.example", ""},
		{"C0 controls at both ends", "\x00\x1fhttp://a.example\x01", "http://a.example", ""},
		{"upper-case scheme and host", "HTTP://A.EXAMPLE/", "http://a.example", ""},
		{"mixed-case scheme", "hTtPs://a.example/", "https://a.example", ""},
		{"query right after the host", "http://a.example?x", "http://a.example", ""},
		{"fragment right after the host", "http://a.example#x", "http://a.example", ""},
		{"invalid UTF-8 in the path", "http://a.example/\xff", "http://a.example", ""},
		{"nothing after the scheme", "http:", "", "host-missing"},
		{"nothing after the slashes", "http://", "", "host-missing"},
		{"only slashes", "http:///", "", "host-missing"},
		{"scheme-relative without a base", "//a.example/", "", "missing-scheme-non-relative-URL"},
		{"no scheme", "a.example", "", "missing-scheme-non-relative-URL"},
		{"empty input", "", "", "missing-scheme-non-relative-URL"},
		{"only spaces", "   ", "", "missing-scheme-non-relative-URL"},
		{"scheme starting with a digit", "1http://a.example/", "", "missing-scheme-non-relative-URL"},
		{"scheme with a space", "ht tp://a.example/", "", "missing-scheme-non-relative-URL"},

		// blob: URLs take the origin of the URL in their path for http and
		// https only.
		{"blob with https", "blob:https://a.example:443/uuid", "https://a.example", ""},
		{"blob with http and a port", "blob:http://a.example:8080/uuid", "http://a.example:8080", ""},
		{"blob with a query", "blob:https://a.example/uuid?q", "https://a.example", ""},
		{"blob scheme in upper case", "BLOB:https://a.example/uuid", "https://a.example", ""},
		{"blob with ftp", "blob:ftp://a.example/", null, ""},
		{"blob with ws", "blob:ws://a.example/", null, ""},
		{"blob with wss", "blob:wss://a.example/", null, ""},
		{"blob in blob", "blob:blob:https://a.example/", null, ""},
		{"blob with about:blank", "blob:about:blank", null, ""},
		{"blob with data", "blob:data:text/plain,x", null, ""},
		{"blob with file", "blob:file:///x", null, ""},
		{"empty blob", "blob:", null, ""},
		{"blob whose path does not parse", "blob:https://a b/", null, ""},
		{"blob with a relative path", "blob:/path", null, ""},

		// file: URLs get opaque origins, like every scheme not listed.
		{"file URL", "file:///etc/passwd", null, ""},
		{"file URL with a host", "file://host/share", null, ""},
		{"file URL with localhost", "file://localhost/x", null, ""},
		{"file URL with a drive letter", "file:///C:/x", null, ""},
		{"file URL with an IPv6 host", "file://[::1]/", null, ""},
		{"file URL with a port fails", "file://a:1/", "", "domain-to-ASCII"},
		{"file URL with a bad IPv4 host fails", "file://1.2.3.4.5/", "", "IPv4-too-many-parts"},
		{"data URL", "data:text/plain,hi", null, ""},
		{"about:blank", "about:blank", null, ""},
		{"javascript URL", "javascript:alert(1)", null, ""},
		{"mailto URL", "mailto:a@b.example", null, ""},
		{"custom scheme with a host", "web+demo://a.example/", null, ""},
		{"extension scheme", "chrome-extension://abcdef/", null, ""},
		{"non-special host with a space", "non-special://a b/", "", "host-invalid-code-point"},
		{"non-special host with forbidden code point", "sc://a<b/", "", "host-invalid-code-point"},
		{"non-special unclosed IPv6", "sc://[::1/", "", "IPv6-unclosed"},
		{"non-special port out of range", "sc://a:99999/", "", "port-out-of-range"},
		{"non-special host keeps percent signs", "sc://a%zz/", null, ""},
		{"non-special empty host", "sc://", null, ""},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			o, err := FromURL(tc.in)
			if tc.wantReason != "" {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("FromURL(%q): got %v, %v, want failure %s", tc.in, o, err, tc.wantReason)
				}
				if pe.Reason != tc.wantReason {
					t.Errorf("FromURL(%q): got reason %s (%v), want %s", tc.in, pe.Reason, err, tc.wantReason)
				}
				if pe.Input != tc.in {
					t.Errorf("FromURL(%q): error quotes input %q", tc.in, pe.Input)
				}
				if o.IsValid() {
					t.Errorf("FromURL(%q): got origin %v along with the error", tc.in, o)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromURL(%q): %v, want %s", tc.in, err, tc.want)
			}
			if got := o.String(); got != tc.want {
				t.Errorf("FromURL(%q): got %s, want %s", tc.in, got, tc.want)
			}
			if o.IsOpaque() != (tc.want == null) {
				t.Errorf("FromURL(%q).IsOpaque(): got %v", tc.in, o.IsOpaque())
			}
			if !o.IsValid() {
				t.Errorf("FromURL(%q).IsValid(): got false", tc.in)
			}
			// The slow twin agrees (opaque origins only in kind).
			u, err := ParseURL(tc.in, nil)
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tc.in, err)
			}
			if slow := u.Origin(); slow.IsOpaque() != o.IsOpaque() || !o.IsOpaque() && slow != o {
				t.Errorf("ParseURL(%q).Origin(): got %v, FromURL gave %v", tc.in, slow, o)
			}
		})
	}
}

// TestParseURL checks hrefs, relative resolution and components.
func TestParseURL(t *testing.T) {
	tests := []struct {
		desc, in, base, want, wantReason string
	}{
		// Relative references against a base.
		{"dot-dot segment", "../c", "http://a/b/d/e", "http://a/b/c", ""},
		{"query only", "?q", "http://a/b?x#f", "http://a/b?q", ""},
		{"fragment only keeps the query", "#g", "http://a/b?x#f", "http://a/b?x#g", ""},
		{"empty input drops the fragment", "", "http://a/b?x#f", "http://a/b?x", ""},
		{"scheme-relative", "//h/p", "https://a/b", "https://h/p", ""},
		{"path-absolute keeps credentials and port", "/p", "https://u:pw@a:8/b", "https://u:pw@a:8/p", ""},
		{"backslash is a slash in special URLs", "\\p", "https://a/b", "https://a/p", ""},
		{"relative to an empty path", "p", "https://a", "https://a/p", ""},
		{"same special scheme is relative", "http:p", "http://a/b/c", "http://a/b/p", ""},
		{"other special scheme is absolute", "https:p", "http://a/b/c", "https://p/", ""},
		{"fragment against an opaque path", "#x", "data:text/plain,hi", "data:text/plain,hi#x", ""},
		{"path against an opaque path", "x", "data:text/plain,hi", "", "missing-scheme-non-relative-URL"},
		{"absolute URL ignores the base", "sc:x", "http://a/", "sc:x", ""},
		{"relative to a non-special base", "../x", "sc://h/a/b/c", "sc://h/a/x", ""},
		{"backslash is not a slash in non-special URLs", "\\x", "sc://h/a/b", "sc://h/a/\\x", ""},

		// Paths: dot segments and percent-encoding.
		{"dot segments, encoded too", "http://h/./a/../b/%2e/%2E%2e/c", "", "http://h/c", ""},
		{"final dot-dot leaves a slash", "http://h/a/..", "", "http://h/", ""},
		{"final dot leaves a slash", "http://h/a/.", "", "http://h/a/", ""},
		{"dot-dot above the root", "http://h/../../x", "", "http://h/x", ""},
		{"spaces are encoded", "http://h/ a?b c#d e", "", "http://h/%20a?b%20c#d%20e", ""},
		{"special query encodes the apostrophe", "https://h/?'", "", "https://h/?%27", ""},
		{"non-special query keeps the apostrophe", "sc://h/?'", "", "sc://h/?'", ""},
		{"path encodes backquote and braces", "http://h/`{}", "", "http://h/%60%7B%7D", ""},
		{"fragment encodes backquote", "http://h/#`", "", "http://h/#%60", ""},
		{"query keeps backquote", "http://h/?`", "", "http://h/?`", ""},
		{"non-ASCII path is UTF-8 percent-encoded", "http://h/é", "", "http://h/%C3%A9", ""},
		{"percent-encoded slash stays encoded", "http://h/a%2fb", "", "http://h/a%2fb", ""},
		{"backslash separates in special paths", "http://h/a\\b", "", "http://h/a/b", ""},
		{"backslash is kept in non-special paths", "sc://h/a\\b", "", "sc://h/a\\b", ""},
		{"C0 control in the path", "https://h/\x01x", "", "https://h/%01x", ""},
		{"trailing C0 control is stripped", "https://h/x\x01", "", "https://h/x", ""},
		{"lone percent sign is kept", "https://h/%?%#%", "", "https://h/%?%#%", ""},
		{"special URL gets a root path", "HTTP://h", "", "http://h/", ""},
		{"default port is dropped", "http://h:80", "", "http://h/", ""},
		{"IPv6 with its default port", "http://[::1]:80/", "", "http://[::1]/", ""},

		// Userinfo.
		{"username and password", "http://u:p@h/", "", "http://u:p@h/", ""},
		{"username only", "http://u@h/", "", "http://u@h/", ""},
		{"password only", "http://:p@h/", "", "http://:p@h/", ""},
		{"empty userinfo is dropped", "http://:@h/", "", "http://h/", ""},
		{"second colon is in the password", "http://a:b:c@h/", "", "http://a:b%3Ac@h/", ""},
		{"earlier @ becomes %40", "http://a@b@h/", "", "http://a%40b@h/", ""},
		{"userinfo is percent-encoded", "http://a b:c d@h/", "", "http://a%20b:c%20d@h/", ""},

		// file: URLs.
		{"drive letter with a pipe", "file:///C|/x", "", "file:///C:/x", ""},
		{"drive letter without slashes", "file:c:\\x", "", "file:///c:/x", ""},
		{"dot-dot stops at the drive letter", "..", "file:///C:/demo", "file:///C:/", ""},
		{"localhost is the empty host", "file://localhost/x", "", "file:///x", ""},
		{"LOCALHOST is the empty host", "file://LOCALHOST/x", "", "file:///x", ""},
		{"encoded localhost is the empty host", "file://loc%61lhost/", "", "file:///", ""},
		{"file host is kept", "file://Host/x", "", "file://host/x", ""},
		{"file dot-dot above the root", "file:///x/../../y", "", "file:///y", ""},
		{"drive letter in the host position", "file://C:/x", "", "file:///C:/x", ""},
		{"relative to a file base", "y", "file:///a/b", "file:///a/y", ""},
		{"file host fails like a domain", "file://a b/", "", "", "domain-to-ASCII"},

		// Opaque paths and hosts of non-special URLs.
		{"path that looks like an authority gets /.", "web+demo:/.//not-a-host/", "", "web+demo:/.//not-a-host/", ""},
		{"dot-dot that leaves an empty first segment", "sc:/a/..//b", "", "sc:/.//b", ""},
		{"non-special host", "sc://h", "", "sc://h", ""},
		{"non-special empty host", "sc://", "", "sc://", ""},
		{"empty opaque path", "sc:", "", "sc:", ""},
		{"opaque path keeps spaces", "sc:a b", "", "sc:a b", ""},
		{"opaque path space before a query", "sc:a ?x", "", "sc:a%20?x", ""},
		{"opaque path keeps case", "mailto:A@B", "", "mailto:A@B", ""},
		{"opaque path encodes non-ASCII", "sc:é", "", "sc:%C3%A9", ""},
		{"non-special opaque host keeps case", "sc://EXAMPLE.COM/", "", "sc://EXAMPLE.COM/", ""},
		{"non-special opaque host encodes non-ASCII", "sc://faß.example/", "", "sc://fa%C3%9F.example/", ""},
		{"non-special host is not IPv4", "sc://0x7f.1/", "", "sc://0x7f.1/", ""},
		{"non-special port", "sc://h:80/", "", "sc://h:80/", ""},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			var base *URL
			if tc.base != "" {
				b, err := ParseURL(tc.base, nil)
				if err != nil {
					t.Fatalf("ParseURL(%q): %v", tc.base, err)
				}
				base = b
			}
			u, err := ParseURL(tc.in, base)
			if tc.wantReason != "" {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Reason != tc.wantReason {
					t.Fatalf("ParseURL(%q, %q): got %v, %v, want reason %s", tc.in, tc.base, u, err, tc.wantReason)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q, %q): %v", tc.in, tc.base, err)
			}
			if got := u.String(); got != tc.want {
				t.Errorf("ParseURL(%q, %q): got %s, want %s", tc.in, tc.base, got, tc.want)
			}
		})
	}
}

func TestURLComponents(t *testing.T) {
	u, err := ParseURL("HTTPS://us%65r:p@ss@[::1]:8443/a/./b/../c?q=1#frag", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := URL{
		Scheme: "https", Username: "us%65r", Password: "p%40ss", Host: "[::1]", HasHost: true, Port: 8443,
		Path: "/a/c", Query: "q=1", HasQuery: true, Fragment: "frag", HasFragment: true,
	}
	if *u != want {
		t.Errorf("ParseURL: got %+v, want %+v", *u, want)
	}
	if !u.IncludesCredentials() || !u.IsSpecial() {
		t.Errorf("IncludesCredentials, IsSpecial: got %v, %v, want true, true", u.IncludesCredentials(), u.IsSpecial())
	}
	d, err := ParseURL("data:text/plain,x?#", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantData := URL{Scheme: "data", Port: -1, Path: "text/plain,x", OpaquePath: true, HasQuery: true, HasFragment: true}
	if *d != wantData {
		t.Errorf("ParseURL: got %+v, want %+v", *d, wantData)
	}
	if d.IncludesCredentials() || d.IsSpecial() {
		t.Errorf("data: IncludesCredentials, IsSpecial: got %v, %v, want false, false", d.IncludesCredentials(), d.IsSpecial())
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := FromURL("http://exa mple.com/")
	want := `invalid URL "http://exa mple.com/": domain-to-ASCII (forbidden domain code point U+0020)`
	if err == nil || err.Error() != want {
		t.Errorf("FromURL: got error %v, want %s", err, want)
	}
	_, err = FromURL("http://a:99999/")
	if want := `invalid URL "http://a:99999/": port-out-of-range (the port is above 65535)`; err == nil || err.Error() != want {
		t.Errorf("FromURL: got error %v, want %s", err, want)
	}
	_, err = FromURL("\x00")
	if err == nil || !strings.HasPrefix(err.Error(), `invalid URL "\x00": missing-scheme-non-relative-URL`) {
		t.Errorf("FromURL: got error %v, want the input quoted with Go escapes", err)
	}
	_, err = ParseSerializedOrigin("https://a.example:443")
	if want := `invalid serialized origin "https://a.example:443": port-not-canonical (the port is the scheme's default port)`; err == nil || err.Error() != want {
		t.Errorf("ParseSerializedOrigin: got error %v, want %s", err, want)
	}
}

// TestOpaqueIdentity: an opaque origin is equal to its copies and to
// nothing else, whatever it serializes as.
func TestOpaqueIdentity(t *testing.T) {
	a, b := Opaque(), Opaque()
	c := a
	if a == b || a.SameOrigin(b) {
		t.Error("Opaque() == Opaque(): two new opaque origins are the same origin")
	}
	if a != c || !a.SameOrigin(c) {
		t.Error("a copy of an opaque origin is not the same origin")
	}
	if a.String() != null || b.String() != null {
		t.Errorf("opaque String(): got %q, %q, want null", a.String(), b.String())
	}
	if !a.IsValid() || !a.IsOpaque() || a.Scheme() != "" || a.Host() != "" {
		t.Errorf("opaque origin accessors: got valid %v, opaque %v, scheme %q, host %q", a.IsValid(), a.IsOpaque(), a.Scheme(), a.Host())
	}
	if port, ok := a.Port(); ok || port != 0 {
		t.Errorf("opaque Port(): got %d, %v, want 0, false", port, ok)
	}
	// A URL with an opaque origin is not same origin with itself.
	u, _ := ParseURL("data:,x", nil)
	if u.Origin().SameOrigin(u.Origin()) {
		t.Error("data: URL: two evaluations of its origin are the same origin")
	}
	d1, _ := FromURL("data:,x")
	d2, _ := FromURL("data:,x")
	if d1 == d2 {
		t.Error("FromURL(data:,x) twice: the same origin")
	}
	// "null" from the Origin header is a new opaque origin too.
	n1, _ := ParseSerializedOrigin(null)
	n2, _ := ParseSerializedOrigin(null)
	if n1 == n2 || n1 == a {
		t.Error(`ParseSerializedOrigin("null") twice: the same origin`)
	}
}

func TestZeroOrigin(t *testing.T) {
	var z Origin
	if z.IsValid() || z.IsOpaque() || z.String() != "" || z.SameOrigin(z) || z.SameSite(z) ||
		z.SchemelesslySameSite(z) || z.IsPotentiallyTrustworthy() || z.Site().IsValid() {
		t.Error("the zero Origin behaves as an origin")
	}
	if port, ok := z.Port(); ok || port != 0 {
		t.Errorf("zero Port(): got %d, %v", port, ok)
	}
	if SameOriginDomain(z, "", z, "") {
		t.Error("SameOriginDomain(zero, zero): got true")
	}
	var s Site
	if s.IsValid() || s.SameSite(s) || s.String() != "" {
		t.Error("the zero Site behaves as a site")
	}
}

func TestOriginAccessors(t *testing.T) {
	tests := []struct {
		in, scheme, host string
		port             int
		hasPort          bool
	}{
		{"https://a.example/", "https", "a.example", 0, false},
		{"http://a.example:8080/", "http", "a.example", 8080, true},
		{"http://a.example:0/", "http", "a.example", 0, true},
		{"ws://[::1]:9000/", "ws", "[::1]", 9000, true},
		{"ftp://192.0.2.1/", "ftp", "192.0.2.1", 0, false},
	}
	for _, tc := range tests {
		o, err := FromURL(tc.in)
		if err != nil {
			t.Fatalf("FromURL(%q): %v", tc.in, err)
		}
		port, ok := o.Port()
		if o.Scheme() != tc.scheme || o.Host() != tc.host || port != tc.port || ok != tc.hasPort {
			t.Errorf("FromURL(%q): got %q %q %d %v, want %q %q %d %v", tc.in, o.Scheme(), o.Host(), port, ok, tc.scheme, tc.host, tc.port, tc.hasPort)
		}
	}
}

// mustOrigin returns the origin of a URL, or "null" makes a new opaque one.
func mustOrigin(t *testing.T, s string) Origin {
	t.Helper()
	if s == null {
		return Opaque()
	}
	o, err := FromURL(s)
	if err != nil {
		t.Fatalf("FromURL(%q): %v", s, err)
	}
	return o
}

// TestSameOriginSameSite covers pairs around public suffixes (ICANN and
// private sections), trailing dots, IP hosts and localhost.
func TestSameOriginSameSite(t *testing.T) {
	tests := []struct {
		a, b                                 string
		sameOrigin, sameSite, schemelessSite bool
	}{
		{"https://example.com/a", "https://example.com/b", true, true, true},
		{"https://example.com", "https://example.com:443", true, true, true},
		{"https://a.example.com", "https://b.example.com", false, true, true},
		{"https://example.com", "https://sub.other.example.com", false, true, true},
		{"https://example.com", "https://example.com:8443", false, true, true},
		{"http://example.com", "https://example.com", false, false, true},
		{"https://example.com", "http://non-secure.example.com", false, false, true},
		{"https://example.com", "wss://example.com", false, false, true},
		{"https://example.com", "https://example.org", false, false, false},
		{"https://a.github.io", "https://b.github.io", false, false, false},
		{"https://github.io", "https://a.github.io", false, false, false},
		{"https://github.io", "https://github.io", true, true, true},
		{"https://x.a.github.io", "https://y.a.github.io", false, true, true},
		{"https://a.blogspot.com", "https://b.blogspot.com", false, false, false},
		{"https://co.uk", "https://a.co.uk", false, false, false},
		{"https://a.co.uk", "https://b.a.co.uk", false, true, true},
		{"https://a.co.uk", "https://b.co.uk", false, false, false},
		{"https://com", "https://com", true, true, true},
		{"https://com", "https://example.com", false, false, false},
		{"https://example.com", "https://example.com.", false, false, false},
		{"https://a.example.com.", "https://b.example.com.", false, true, true},
		{"https://example.xn--kgbechtv", "https://sub.example.xn--kgbechtv", false, true, true},
		{"https://example.إختبار", "https://sub.example.xn--kgbechtv", false, true, true},
		{"http://127.0.0.1", "http://127.0.0.1:8080", false, true, true},
		{"http://127.0.0.1", "http://127.0.0.2", false, false, false},
		{"http://127.0.0.1", "https://127.0.0.1", false, false, true},
		{"http://localhost", "http://127.0.0.1", false, false, false},
		{"http://localhost", "http://[::1]", false, false, false},
		{"http://127.0.0.1", "http://[::1]", false, false, false},
		{"http://localhost", "http://localhost:3000", false, true, true},
		{"http://localhost", "http://LOCALHOST", true, true, true},
		{"http://a.localhost", "http://b.localhost", false, false, false},
		{"http://localhost", "http://a.localhost", false, false, false},
		{"http://[::1]", "http://[::1]:81", false, true, true},
		{"http://[::1]", "http://[0::1]", true, true, true},
		{"http://0x7f.1", "http://127.0.0.1", true, true, true},
		{"https://bücher.example", "https://xn--bcher-kva.example", true, true, true},
		{"https://a.bücher.example", "https://b.xn--bcher-kva.example", false, true, true},
		{"blob:https://a.example/x", "https://a.example", true, true, true},
		{"data:,x", "data:,x", false, false, false},
		{"data:,x", "https://a.example", false, false, false},
		{"https://a.example", "data:,x", false, false, false},
	}
	for _, tc := range tests {
		a, b := mustOrigin(t, tc.a), mustOrigin(t, tc.b)
		if got := a.SameOrigin(b); got != tc.sameOrigin {
			t.Errorf("SameOrigin(%s, %s): got %v, want %v", tc.a, tc.b, got, tc.sameOrigin)
		}
		if got := a.SameSite(b); got != tc.sameSite {
			t.Errorf("SameSite(%s, %s): got %v, want %v", tc.a, tc.b, got, tc.sameSite)
		}
		if got := a.SchemelesslySameSite(b); got != tc.schemelessSite {
			t.Errorf("SchemelesslySameSite(%s, %s): got %v, want %v", tc.a, tc.b, got, tc.schemelessSite)
		}
		// Each relation is symmetric.
		if b.SameOrigin(a) != tc.sameOrigin || b.SameSite(a) != tc.sameSite || b.SchemelesslySameSite(a) != tc.schemelessSite {
			t.Errorf("(%s, %s): a relation is not symmetric", tc.a, tc.b)
		}
	}
	// An opaque origin is same site and schemelessly same site with itself.
	o := Opaque()
	if !o.SameSite(o) || !o.SchemelesslySameSite(o) {
		t.Error("an opaque origin is not same site with itself")
	}
}

func TestSite(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.example.com:8443/x", "https://example.com"},
		{"https://example.com", "https://example.com"},
		{"http://a.b.example.co.uk", "http://example.co.uk"},
		{"https://whatwg.github.io", "https://whatwg.github.io"},
		{"https://a.whatwg.github.io", "https://whatwg.github.io"},
		{"https://github.io", "https://github.io"},
		{"https://example.com.", "https://example.com."},
		{"https://www.example.com.", "https://example.com."},
		{"http://127.0.0.1:8080", "http://127.0.0.1"},
		{"http://[::1]:8080", "http://[::1]"},
		{"http://localhost:3000", "http://localhost"},
		{"http://app.localhost", "http://app.localhost"},
		{"https://a..example.com", "https://example.com"},
		{"https://a..com", "https://a..com"},
		{"data:,", null},
	}
	for _, tc := range tests {
		s := mustOrigin(t, tc.in).Site()
		if got := s.String(); got != tc.want {
			t.Errorf("FromURL(%q).Site(): got %s, want %s", tc.in, got, tc.want)
		}
	}
	o := Opaque()
	if s := o.Site(); !s.IsOpaque() || !s.SameSite(o.Site()) || s.SameSite(Opaque().Site()) || s.Scheme() != "" || s.Host() != "" {
		t.Error("an opaque origin's site is not itself")
	}
	s := mustOrigin(t, "https://www.example.com").Site()
	if s.Scheme() != "https" || s.Host() != "example.com" || s.IsOpaque() || !s.IsValid() {
		t.Errorf("Site accessors: got %q %q %v %v", s.Scheme(), s.Host(), s.IsOpaque(), s.IsValid())
	}
}

// TestPublicSuffixRegistrableDomain follows the URL Standard's example table
// (#example-host-psl), hosts given as the host parser serializes them.
func TestPublicSuffixRegistrableDomain(t *testing.T) {
	tests := []struct{ host, publicSuffix, registrableDomain string }{
		{"com", "com", ""},
		{"example.com", "com", "example.com"},
		{"www.example.com", "com", "example.com"},
		{"sub.www.example.com", "com", "example.com"},
		{"example.com.", "com.", "example.com."},
		{"github.io", "github.io", ""},
		{"whatwg.github.io", "github.io", "whatwg.github.io"},
		{"xn--kgbechtv", "xn--kgbechtv", ""},
		{"example.xn--kgbechtv", "xn--kgbechtv", "example.xn--kgbechtv"},
		{"sub.example.xn--kgbechtv", "xn--kgbechtv", "example.xn--kgbechtv"},
		{"[2001:db8:85a3::8a2e:370:7334]", "", ""},
		{"127.0.0.1", "", ""},
		{"localhost", "localhost", ""},
		{"a.localhost", "localhost", "a.localhost"},
		{"a.b.example.co.uk", "co.uk", "example.co.uk"},
		{".", "", ""},
		{"a..", "", ""},
		{"a..com", "com", ""},
		{"EXAMPLE.COM", "", ""}, // not as the host parser serializes it
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := PublicSuffix(tc.host); got != tc.publicSuffix {
			t.Errorf("PublicSuffix(%q): got %q, want %q", tc.host, got, tc.publicSuffix)
		}
		if got := RegistrableDomain(tc.host); got != tc.registrableDomain {
			t.Errorf("RegistrableDomain(%q): got %q, want %q", tc.host, got, tc.registrableDomain)
		}
	}
}

// TestIsRegistrableDomainSuffixOfOrIsEqualTo follows the HTML Standard's
// example table.
func TestIsRegistrableDomainSuffixOfOrIsEqualTo(t *testing.T) {
	tests := []struct {
		hostSuffixString, originalHost string
		want                           bool
	}{
		{"0.0.0.0", "0.0.0.0", true},
		{"0x10203", "0.1.2.3", true},
		{"[0::1]", "[::1]", true},
		{"example.com", "example.com", true},
		{"example.com", "example.com.", false},
		{"example.com.", "example.com", false},
		{"example.com", "www.example.com", true},
		{"com", "example.com", false},
		{"example", "example", true},
		{"compute.amazonaws.com", "example.compute.amazonaws.com", false},
		{"example.compute.amazonaws.com", "www.example.compute.amazonaws.com", false},
		{"amazonaws.com", "www.example.compute.amazonaws.com", false},
		{"amazonaws.com", "test.amazonaws.com", true},
		{"", "example.com", false},
		{"exa mple.com", "www.exa mple.com", false},
		{"EXAMPLE.com", "www.example.com", true},
		{"ample.com", "example.com", false},
		{"0.1", "1.0.0.1", false},
		{"github.io", "a.github.io", false},
		{"a.github.io", "b.a.github.io", true},
	}
	for _, tc := range tests {
		if got := IsRegistrableDomainSuffixOfOrIsEqualTo(tc.hostSuffixString, tc.originalHost); got != tc.want {
			t.Errorf("IsRegistrableDomainSuffixOfOrIsEqualTo(%q, %q): got %v, want %v", tc.hostSuffixString, tc.originalHost, got, tc.want)
		}
	}
}

// TestSameOriginDomain follows the HTML Standard's example table.
func TestSameOriginDomain(t *testing.T) {
	tests := []struct {
		a, aDomain, b, bDomain string
		sameOrigin, want       bool
	}{
		{"https://example.org", "", "https://example.org", "", true, true},
		{"https://example.org:314", "", "https://example.org:420", "", false, false},
		{"https://example.org:314", "example.org", "https://example.org:420", "example.org", false, true},
		{"https://example.org", "", "https://example.org", "example.org", true, false},
		{"https://example.org", "example.org", "http://example.org", "example.org", false, false},
		{"https://a.example.org", "example.org", "https://b.example.org", "example.org", false, true},
	}
	for _, tc := range tests {
		a, b := mustOrigin(t, tc.a), mustOrigin(t, tc.b)
		if got := a.SameOrigin(b); got != tc.sameOrigin {
			t.Errorf("SameOrigin(%s, %s): got %v, want %v", tc.a, tc.b, got, tc.sameOrigin)
		}
		if got := SameOriginDomain(a, tc.aDomain, b, tc.bDomain); got != tc.want {
			t.Errorf("SameOriginDomain(%s %q, %s %q): got %v, want %v", tc.a, tc.aDomain, tc.b, tc.bDomain, got, tc.want)
		}
	}
	o := Opaque()
	if !SameOriginDomain(o, "", o, "") || SameOriginDomain(o, "", Opaque(), "") {
		t.Error("SameOriginDomain on opaque origins is not identity")
	}
}

func TestIsPotentiallyTrustworthy(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://a.example", true},
		{"wss://a.example", true},
		{"http://a.example", false},
		{"ws://a.example", false},
		{"ftp://a.example", false},
		{"http://localhost", true},
		{"http://localhost:3000", true},
		{"http://localhost.", true},
		{"http://LOCALHOST", true},
		{"http://app.localhost", true},
		{"http://app.localhost.", true},
		{"http://a.b.localhost", true},
		{"http://localhost.example", false},
		{"http://notlocalhost", false},
		{"http://localhostx", false},
		{"http://127.0.0.1", true},
		{"http://127.255.0.1:8080", true},
		{"http://0x7f.1", true},
		{"http://127.0.0.1.example", false},
		{"http://128.0.0.1", false},
		{"http://126.255.255.255", false},
		{"http://[::1]", true},
		{"http://[0:0:0:0:0:0:0:1]", true},
		{"http://[::2]", false},
		{"http://[::ffff:127.0.0.1]", false},
		{"ftp://127.0.0.1", true},
		{"data:,x", false},
		{"file:///x", false}, // an opaque origin; see the URL form below
	}
	for _, tc := range tests {
		if got := mustOrigin(t, tc.in).IsPotentiallyTrustworthy(); got != tc.want {
			t.Errorf("FromURL(%q).IsPotentiallyTrustworthy(): got %v, want %v", tc.in, got, tc.want)
		}
	}
	file, err := ParseSerializedOrigin("file://host")
	if err != nil || !file.IsPotentiallyTrustworthy() {
		t.Errorf("a tuple origin with scheme file: got %v, %v, want trustworthy", file, err)
	}

	urls := []struct {
		in   string
		want bool
	}{
		{"about:blank", true},
		{"about:srcdoc", true},
		{"about:blank#x", true},
		{"about:other", false},
		{"data:text/html,x", true},
		{"file:///home/x.html", true},
		{"https://a.example/x", true},
		{"http://a.example/x", false},
		{"http://localhost/x", true},
		{"blob:https://a.example/id", true},
		{"blob:http://a.example/id", false},
		{"javascript:void(0)", false},
	}
	for _, tc := range urls {
		u, err := ParseURL(tc.in, nil)
		if err != nil {
			t.Fatalf("ParseURL(%q): %v", tc.in, err)
		}
		if got := u.IsPotentiallyTrustworthy(); got != tc.want {
			t.Errorf("ParseURL(%q).IsPotentiallyTrustworthy(): got %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseSerializedOrigin(t *testing.T) {
	tests := []struct {
		in, wantReason string
	}{
		{"https://example.com", ""},
		{"http://example.com:8080", ""},
		{"http://a-b.example", ""},
		{"https://xn--bcher-kva.example", ""},
		{"http://127.0.0.1", ""},
		{"http://0.0.0.0:0", ""},
		{"http://255.255.255.255", ""},
		{"http://[::1]", ""},
		{"http://[2001:db8::1]:8443", ""},
		{"http://[1:0:0:2::3]", ""},
		{"http://[::]", ""},
		{"chrome-extension://abcdef", ""},
		{"web+x.y-z://a", ""},
		{"https://a:444", ""},
		{"https://1a.example", ""},
		{"", "empty"},
		{"Null", "scheme-invalid"},
		{"NULL", "scheme-invalid"},
		{"null ", "missing-scheme-separator"},
		{" null", "scheme-invalid"},
		{"HTTPS://a.example", "scheme-invalid"},
		{"1http://a", "scheme-invalid"},
		{"https", "missing-scheme-separator"},
		{"https:/a", "missing-scheme-separator"},
		{"https:a", "missing-scheme-separator"},
		{"http://", "host-missing"},
		{"http://:80", "host-missing"},
		{"https://A.example", "host-invalid"},
		{"https://a.example/", "host-invalid"},
		{"https://a.example.", "host-invalid"},
		{"https://a..example", "host-invalid"},
		{"https://-a.example", "host-invalid"},
		{"https://a-.example", "host-invalid"},
		{"https://a_b.example", "host-invalid"},
		{"https://user@a.example", "host-invalid"},
		{"https://a.example ", "host-invalid"},
		{"http://é.example", "host-invalid"},
		{"http://a.1", "host-not-canonical"},
		{"http://a.0x1", "host-not-canonical"},
		{"http://256.1.1.1", "host-not-canonical"},
		{"http://1.2.3.4.5", "host-not-canonical"},
		{"http://1.2.3", "host-not-canonical"},
		{"http://01.2.3.4", "host-not-canonical"},
		{"http://2130706433", "host-not-canonical"},
		{"http://[::FFFF]", "host-invalid"},
		{"http://[0:0:0:0:0:0:0:1]", "host-not-canonical"},
		{"http://[1:0:2:3:4:5:6::]", "host-invalid"},
		{"http://[1::2:0:0:0:3]", "host-not-canonical"},
		{"http://[::ffff:1.2.3.4]", "host-invalid"},
		{"http://[0001::1]", "host-invalid"},
		{"http://[::1", "host-invalid"},
		{"http://[::1]x", "host-invalid"},
		{"http://[x]", "host-invalid"},
		{"https://a.example:", "port-invalid"},
		{"https://a.example:8a", "port-invalid"},
		{"https://a.example:+1", "port-invalid"},
		{"http://a:123456", "port-invalid"},
		{"http://a:99999", "port-out-of-range"},
		{"http://a:65536", "port-out-of-range"},
		{"https://a.example:443", "port-not-canonical"},
		{"http://a.example:80", "port-not-canonical"},
		{"ws://a.example:80", "port-not-canonical"},
		{"http://a:080", "port-not-canonical"},
		{"http://a:00", "port-not-canonical"},
		{"http://a:1:2", "port-invalid"},
	}
	for _, tc := range tests {
		o, err := ParseSerializedOrigin(tc.in)
		if tc.wantReason != "" {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason != tc.wantReason || pe.What != "serialized origin" || pe.Input != tc.in {
				t.Errorf("ParseSerializedOrigin(%q): got %v, %v, want failure %s", tc.in, o, err, tc.wantReason)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSerializedOrigin(%q): %v", tc.in, err)
			continue
		}
		if got := o.String(); got != tc.in {
			t.Errorf("ParseSerializedOrigin(%q).String(): got %q", tc.in, got)
		}
		// What a browser would compute for that origin is the same origin.
		// (Only http, https, ws, wss and ftp URLs have tuple origins.)
		if fromURL, err := FromURL(tc.in); err != nil || fromURL.IsOpaque() != (defaultPort(o.Scheme()) == -1) || !fromURL.IsOpaque() && fromURL != o {
			t.Errorf("FromURL(%q): got %v, %v, want %v", tc.in, fromURL, err, o)
		}
	}
	if o, err := ParseSerializedOrigin(null); err != nil || !o.IsOpaque() {
		t.Errorf(`ParseSerializedOrigin("null"): got %v, %v, want a new opaque origin`, o, err)
	}
}

// TestIDNAUnicodeVersion records the DEVIATION in idna.go: a code point
// assigned after the Unicode version of x/net/idna's tables is rejected.
func TestIDNAUnicodeVersion(t *testing.T) {
	// U+1C89 CYRILLIC CAPITAL LETTER TJE, new in Unicode 16.0, maps to
	// U+1C8A.
	o, err := FromURL("https://\u1C89.example/")
	if idna.UnicodeVersion < "16" {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Reason != "domain-to-ASCII" {
			t.Errorf("FromURL(U+1C89 host) with Unicode %s tables: got %v, %v, want domain-to-ASCII failure", idna.UnicodeVersion, o, err)
		}
		return
	}
	if err != nil {
		t.Errorf("FromURL(U+1C89 host) with Unicode %s tables: %v; the DEVIATION in idna.go is gone, update it", idna.UnicodeVersion, err)
	}
}
