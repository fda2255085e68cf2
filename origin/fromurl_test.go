package origin

import (
	"errors"
	"reflect"
	"testing"
)

// parseOriginSeeds reach every exit of parseOrigin: each route out of the
// scheme state, every failure of the authority, host, port and file host
// states, and blob URLs whose path does or does not lend an origin.
var parseOriginSeeds = []string{
	// Special URLs the fast path leaves to parseOrigin.
	" https://a.example/",
	"https://a.example\t:8\n0/",
	"http://a\tb.example/",
	"http:a.example",
	"http:/\\/a.example:0080",
	"wss:\\\\\\\\a.example",
	"ftp://u:p@[::]:21/",
	"http://ex%61mple.com/",
	"https://%E2%80%8B.example/",
	"http://ex%00ample/",
	"http://\xffa/",
	"http://a\x01b/",
	"https://bücher.example:443/",
	"http::80",
	"http://:80/",
	"http://u@",
	"http://@/",
	"http://u@:80/",
	"http://a:/",
	"http://a:0/",
	"https://a:65536/",
	"https://a:99999999999/",
	"https://a:1:2/",
	"https://a:8x/",
	"http://[::1/",
	"http://[::1]x/",
	"http://a]:80/",
	"http://a[:]/",
	"http://1.2.3.256/",
	"http://0x100000000/",
	"http://a.b.0x/",
	"http://xn--/",
	"http:",
	"http://",
	"HTTP://A.EXAMPLE:80",
	// File URLs.
	"file://host/x",
	"file://C:/x",
	"file://C|",
	"file:\\\\a b\\x",
	"file://a%zz/",
	"file://[::1]/",
	"file://[1::2::3]/",
	"file://localhost/",
	"file://xn--ls8h/",
	"file:/x",
	"file:x",
	"file:",
	"FILE:\\/h:80/",
	// Other schemes.
	"sc://a b/",
	"sc://a:xyz/",
	"sc://:80/",
	"sc://u@/",
	"sc://[::1]:99999/",
	"sc://[::1/",
	"sc://h\\x/",
	"sc://h/\x00",
	"sc://",
	"sc:/a",
	"sc:/\\a b",
	"sc:a b?c#d",
	"a1+.-:x",
	"1a:x",
	":x",
	"x",
	"é:x",
	// Blob URLs.
	"blob:https://a.example:8080/id?x#y",
	"blob:HTTP://A.example/",
	"blob:https://a.example:443",
	"blob:ws://a.example/",
	"blob:ftp://a.example/",
	"blob:file:///x",
	"blob:blob:https://a.example/",
	"blob: https://a.example/",
	"blob:https://a.example ?q",
	"blob:https://a.example  #f",
	"blob:https://a.example/ ?q",
	"blob:https://bücher.example/",
	"blob:https://a\x01b.example/",
	"blob:https://a\x7fb.example/",
	"blob:https://a%20b/",
	"blob:https://a.example:99999/",
	"blob:https:a.example",
	"blob:https://u@a.example:0443/",
	"blob:http://[::1]:80/x",
	"blob:http://\xff/",
	"blob:https://a.ex\tample/",
	"blob://a.example/https://b/",
	"blob://a b/",
	"blob:/https://a.example/",
	"blob:",
	"blob:?https://a.example/",
	"BLOB:https://a.example/",
	"blob:sc://a.example/",
}

// checkParseOriginAgrees checks FromURL's general path, without the fast
// path before it, against its slow twin ParseURL(input, nil).Origin(): the
// same *ParseError, or the same origin (opaque origins agree in kind; each
// is new).
func checkParseOriginAgrees(t testing.TB, input string) {
	t.Helper()
	got, gerr := parseOrigin(input)
	u, werr := ParseURL(input, nil)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("parseOrigin(%q): got %v, %v; ParseURL: %v", input, got, gerr, werr)
	}
	if gerr != nil {
		if !reflect.DeepEqual(error(gerr), werr) {
			t.Fatalf("parseOrigin(%q): got error %#v; ParseURL: %#v", input, gerr, werr)
		}
		return
	}
	want := u.Origin()
	if got.IsOpaque() != want.IsOpaque() || !got.IsOpaque() && got != want {
		t.Fatalf("parseOrigin(%q): got %v (%#v), ParseURL(...).Origin(): %v (%#v)", input, got, got, want, want)
	}
}

// parseOriginInputs returns the seeds and their mutations: each byte
// dropped, and bytes the states act on inserted at each position.
func parseOriginInputs() []string {
	seeds := append(append([]string(nil), seedURLs...), parseOriginSeeds...)
	inputs := append([]string(nil), seeds...)
	for _, s := range seeds {
		for i := range len(s) + 1 {
			if i < len(s) {
				inputs = append(inputs, s[:i]+s[i+1:])
			}
			for _, b := range []string{"/", "\\", ":", "@", "[", "]", "%", "?", "#", " ", "\t", "\x00", "\x7f", "\xff", "A", "0", "é"} {
				inputs = append(inputs, s[:i]+b+s[i:])
			}
		}
	}
	return inputs
}

func TestParseOriginMatchesParseURL(t *testing.T) {
	for _, in := range parseOriginInputs() {
		checkParseOriginAgrees(t, in)
		// FromURL, fast path first, agrees too.
		checkFromURLAgrees(t, in)
	}
}

// TestParseOriginWPT runs the differential check on every input of the
// web-platform-tests URL data, with or without a base URL in the file
// (parseOrigin parses without one).
func TestParseOriginWPT(t *testing.T) {
	n := 0
	for _, name := range []string{"urltestdata.json", "urltestdata-javascript-only.json", "origin-cases.json"} {
		p := wptFile(t, name, name != "urltestdata.json")
		if p == "" {
			continue
		}
		for _, c := range readWPTCases(t, p) {
			checkParseOriginAgrees(t, c.Input)
			checkFromURLAgrees(t, c.Input)
			n++
		}
	}
	if n < 500 {
		t.Errorf("%d WPT inputs, want at least 500", n)
	}
}

// TestParseOriginRoutes checks which origin each route out of the scheme
// state gives, by value, so that the differential test cannot agree with a
// ParseURL that went wrong the same way.
func TestParseOriginRoutes(t *testing.T) {
	tests := []struct {
		in, want   string
		wantReason string
	}{
		{" https://A.example:443/x", "https://a.example", ""},
		{"http:\\\\a.example:8080", "http://a.example:8080", ""},
		{"https://ex%61mple.com/", "https://example.com", ""},
		{"https://a.ex\tample/", "https://a.example", ""},
		{"https://bücher.example/", "https://xn--bcher-kva.example", ""},
		{"https://a:65536/", "", reasonPortOutOfRange},
		{"https://a:1:2/", "", reasonPortInvalid},
		{"https://u@/", "", reasonHostMissing},
		{"https://:443/", "", reasonHostMissing},
		{"https://[::1/", "", reasonIPv6Unclosed},
		{"file://a b/", "", reasonDomainToASCII},
		{"file://C:/x", "null", ""},
		{"sc://a b/", "", reasonHostInvalidCodePoint},
		{"sc://h:x/", "", reasonPortInvalid},
		{"sc:/a b", "null", ""},
		{"sc:/\\a b", "null", ""},
		{"blob:https://a.example:8443/id?x", "https://a.example:8443", ""},
		{"blob: HTTP://A.example/", "http://a.example", ""},
		{"blob:https://bücher.example/", "https://xn--bcher-kva.example", ""},
		{"blob:https://a.example ?q", "null", ""},
		{"blob:https://a b/", "null", ""},
		{"blob:wss://a.example/", "null", ""},
		{"blob:blob:https://a.example/", "null", ""},
		{"blob:file:///x", "null", ""},
		{"blob://a.example/", "null", ""},
		{"blob://a b/", "", reasonHostInvalidCodePoint},
		{"1a:x", "", reasonMissingSchemeNonRelativeURL},
	}
	for _, tc := range tests {
		o, err := FromURL(tc.in)
		var pe *ParseError
		switch {
		case tc.wantReason != "" && (!errors.As(err, &pe) || pe.Reason != tc.wantReason):
			t.Errorf("FromURL(%q): got %v, %v, want reason %s", tc.in, o, err, tc.wantReason)
		case tc.wantReason == "" && (err != nil || o.String() != tc.want):
			t.Errorf("FromURL(%q): got %v, %v, want %s", tc.in, o, err, tc.want)
		}
	}
}

// TestParseOriginAllocs pins the general path's allocations on inputs the
// fast path leaves to it: none for a clean blob URL of a canonical URL or
// for a URL with only leading spaces, one opaque origin for other schemes.
func TestParseOriginAllocs(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"blob:https://a.example/0b4c2d9e", 0},
		{" https://a.example/", 0},
		{"https://a.example:8443 ", 0},
		{"data:text/plain,hi", 1},
		{"sc://h/p?q#f", 1},
		{"file:///C:/x", 1},
	}
	for _, tc := range tests {
		got := testing.AllocsPerRun(100, func() { sinkOrigin, _ = FromURL(tc.in) })
		if got != tc.want {
			t.Errorf("FromURL(%q): %v allocations, want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzParseOrigin checks FromURL's general path on its own (FuzzFromURL
// mostly exercises the fast path in front of it) against ParseURL.
func FuzzParseOrigin(f *testing.F) {
	for _, s := range seedURLs {
		f.Add(s)
	}
	for _, s := range parseOriginSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		checkParseOriginAgrees(t, input)
	})
}

// TestCleaningNeeds checks cleaningNeeds against its definition, with each
// byte value at each position of strings long enough to take the
// eight-bytes-at-a-time loop, after other bytes of every class.
func TestCleaningNeeds(t *testing.T) {
	for _, fill := range []byte{'a', 0x0E, 0x7F, ' ', 0x01, 0x80} {
		for n := 1; n <= 24; n++ {
			for pos := range n {
				for b := range 256 {
					buf := make([]byte, n)
					for i := range buf {
						buf[i] = fill
					}
					buf[pos] = byte(b)
					s := string(buf)
					var wantNonASCII, wantTab bool
					for i := 0; i < len(s); i++ {
						wantNonASCII = wantNonASCII || s[i] >= 0x80
						wantTab = wantTab || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
					}
					gotNonASCII, gotTab := cleaningNeeds(s)
					if gotNonASCII != wantNonASCII || gotTab != wantTab {
						t.Fatalf("cleaningNeeds(%q): got %v, %v, want %v, %v", s, gotNonASCII, gotTab, wantNonASCII, wantTab)
					}
				}
			}
		}
	}
}
