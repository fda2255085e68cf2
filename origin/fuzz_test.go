package origin

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// seedURLs seeds the fuzz targets and the differential test with inputs that
// reach every state of the parser.
var seedURLs = []string{
	"https://example.com/",
	"http://EXAMPLE.com:8080/a/../b?q=1#f",
	"https://user:pass@api.example.com:443/v1/items?id=7",
	"http://0x7f.1/",
	"http://127.0.0.1:3000/",
	"http://[::1]:8080/",
	"http://[0:0::ffff:127.0.0.1]/",
	"https://bücher.example/",
	"https://xn--bcher-kva.example/",
	"http://ex%61mple.com/",
	"ws://a.example/",
	"wss://a.example:443/",
	"ftp://a.example:21/",
	"blob:https://a.example/uuid",
	"blob:ftp://a.example/",
	"file:///C|/x",
	"file://localhost/x",
	"data:text/plain,x",
	"about:blank",
	"sc://h:80/a\\b?c#d",
	"sc:/a/..//b",
	"web+demo:/.//not-a-host/",
	"  http://a.example\t/\n",
	"http:\\\\a.example\\b",
	"http://a@b@c/",
	"http://a:99999/",
	"http://[1::2::3]/",
	"http://1.2.3.4.5/",
	"http://a b/",
	"//a.example/",
	"http://\u00AD/",
	"https://xn--.ü/",
	"http://a.example/\xff",
	"",
}

// checkFromURLAgrees checks FromURL, its fast path included, against the
// slow twin ParseURL(input, nil).Origin(): the same error, or the same
// origin (opaque origins agree in kind; each is new).
func checkFromURLAgrees(t testing.TB, input string) {
	t.Helper()
	fast, ferr := FromURL(input)
	u, serr := ParseURL(input, nil)
	if (ferr == nil) != (serr == nil) {
		t.Fatalf("FromURL(%q): got %v, %v; ParseURL: %v", input, fast, ferr, serr)
	}
	if ferr != nil {
		if !reflect.DeepEqual(ferr, serr) {
			t.Fatalf("FromURL(%q): got error %#v; ParseURL: %#v", input, ferr, serr)
		}
		return
	}
	slow := u.Origin()
	if fast.IsOpaque() != slow.IsOpaque() || !fast.IsOpaque() && fast != slow {
		t.Fatalf("FromURL(%q): got %v (%#v), ParseURL(...).Origin(): %v (%#v)", input, fast, fast, slow, slow)
	}
	// Whenever the fast path answers, it answers what the full parser does.
	if o, ok := fastOrigin(input); ok && o != slow {
		t.Fatalf("fastOrigin(%q): got %#v, want %#v", input, o, slow)
	}
}

// fataler is what testing.TB and *rapid.T have in common here.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkOriginRoundTrip: a tuple origin's serialization parses back to it, as
// a URL and, when it matches the Fetch ABNF, as an Origin header value.
func checkOriginRoundTrip(t fataler, o Origin) {
	t.Helper()
	if o.IsOpaque() {
		if o.String() != "null" {
			t.Fatalf("opaque origin serializes as %q", o.String())
		}
		return
	}
	s := o.String()
	again, err := FromURL(s)
	if err != nil || again != o {
		t.Fatalf("FromURL(%q) (an origin's serialization): got %#v, %v, want %#v", s, again, err, o)
	}
	if serializedOriginABNF.MatchString(s) {
		parsed, err := ParseSerializedOrigin(s)
		if err != nil || parsed != o {
			t.Fatalf("ParseSerializedOrigin(%q): got %#v, %v, want %#v", s, parsed, err, o)
		}
	}
}

func TestFromURLMatchesParseURL(t *testing.T) {
	inputs := append([]string(nil), seedURLs...)
	// Mutations of the seeds: each byte dropped, and a few bytes inserted
	// at each position, reach the fast path's every exit.
	for _, s := range seedURLs {
		for i := range len(s) + 1 {
			if i < len(s) {
				inputs = append(inputs, s[:i]+s[i+1:])
			}
			for _, b := range []string{"/", ":", "@", "[", "]", "%", "A", "\t", " ", "\\", "?", "#", ".", "0", "é"} {
				inputs = append(inputs, s[:i]+b+s[i:])
			}
		}
	}
	for _, in := range inputs {
		checkFromURLAgrees(t, in)
	}
	// The fast path does take the common inputs.
	for _, in := range []string{"https://example.com/", "http://EXAMPLE.com:8080/x", "http://[::1]:80/", "ws://0x7f.1/", "https://u:p@a.example?x"} {
		if _, ok := fastOrigin(in); !ok {
			t.Errorf("fastOrigin(%q): not handled", in)
		}
	}
}

func FuzzFromURL(f *testing.F) {
	for _, s := range seedURLs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		checkFromURLAgrees(t, input)
		o, err := FromURL(input)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason == "" || pe.Input != input {
				t.Fatalf("FromURL(%q): error %#v is not a *ParseError quoting the input with a reason", input, err)
			}
			return
		}
		if !o.IsValid() {
			t.Fatalf("FromURL(%q): invalid origin without an error", input)
		}
		checkOriginRoundTrip(t, o)
	})
}

// parseURLLiteral is ParseURL with the state machine taking one code point
// per step, as the spec writes it: the slow twin of the OPTIMIZATION loops.
func parseURLLiteral(input string, base *URL) (*URL, error) {
	p := parser{literal: true}
	if err := p.parse(input, base); err != nil {
		return nil, err
	}
	return p.result(), nil
}

// checkLiteralTwin checks ParseURL against parseURLLiteral.
func checkLiteralTwin(t testing.TB, input string, base *URL) {
	t.Helper()
	fast, ferr := ParseURL(input, base)
	slow, serr := parseURLLiteral(input, base)
	if !reflect.DeepEqual(ferr, serr) || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("ParseURL(%q): got %+v, %v; one code point per step: %+v, %v", input, fast, ferr, slow, serr)
	}
}

func TestParseURLLiteralTwin(t *testing.T) {
	bases := []*URL{nil}
	for _, b := range []string{"http://example.org/foo/bar?q#f", "file:///C:/a/b", "data:,x", "sc://h/p?q"} {
		u, err := ParseURL(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		bases = append(bases, u)
	}
	inputs := append([]string(nil), seedURLs...)
	inputs = append(inputs, benchURLs...)
	inputs = append(inputs, adversarialURLs...)
	for _, s := range seedURLs {
		for i := range len(s) + 1 {
			for _, b := range []string{"/", "\\", "?", "#", "@", ":", "[", " ", "%", "é"} {
				inputs = append(inputs, s[:i]+b+s[i:])
			}
		}
	}
	for _, in := range inputs {
		for _, base := range bases {
			checkLiteralTwin(t, in, base)
		}
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range seedURLs {
		f.Add(s, "")
		f.Add(s, "http://example.org/foo/bar")
	}
	f.Add("../x", "file:///C:/a/b")
	f.Add("#x", "data:,y")
	f.Add("?q", "sc://h/p")
	f.Fuzz(func(t *testing.T, input, baseInput string) {
		var base *URL
		if baseInput != "" {
			base, _ = ParseURL(baseInput, nil)
		}
		checkLiteralTwin(t, input, base)
		u, err := ParseURL(input, base)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason == "" || pe.Input != input {
				t.Fatalf("ParseURL(%q): error %#v is not a *ParseError quoting the input with a reason", input, err)
			}
			return
		}
		href := u.String()
		if !isASCII(href) {
			t.Fatalf("ParseURL(%q).String(): %q is not ASCII", input, href)
		}
		// The href parses back to the same URL record.
		again, err := ParseURL(href, nil)
		if err != nil {
			t.Fatalf("ParseURL(%q) (the href of %q): %v", href, input, err)
		}
		if *again != *u {
			t.Fatalf("ParseURL(%q) (the href of %q): got %+v, want %+v", href, input, *again, *u)
		}
		// And so to the same origin.
		o, o2 := u.Origin(), again.Origin()
		if o.IsOpaque() != o2.IsOpaque() || !o.IsOpaque() && o != o2 {
			t.Fatalf("origin of %q: got %v, of its href %v", input, o, o2)
		}
		checkOriginRoundTrip(t, o)
	})
}

// serializedOriginABNF is a literal twin of the Fetch Standard's Origin
// header ABNF (https://fetch.spec.whatwg.org/#origin-header), alternative
// by alternative.
var serializedOriginABNF = func() *regexp.Regexp {
	const (
		decOctet = `(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])`
		ipv4     = decOctet + `\.` + decOctet + `\.` + decOctet + `\.` + decOctet
		h16      = `(?:0|[1-9a-f][0-9a-f]{0,3})`
		label    = `(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])`
		domain   = `(?:` + label + `\.)*` + label
		scheme   = `[a-z][a-z0-9+\-.]*`
		port     = `[0-9]{1,5}`
	)
	rep := func(n int) string { return strings.Repeat(h16+":", n) }
	upTo := func(n int) string { // [ *n( h16 ":" ) h16 ]
		return `(?:(?:` + h16 + `:){0,` + string(rune('0'+n)) + `}` + h16 + `)?`
	}
	ipv6 := strings.Join([]string{
		rep(7) + h16,
		`::` + rep(5) + h16,
		`(?:` + h16 + `)?::` + rep(4) + h16,
		upTo(1) + `::` + rep(3) + h16,
		upTo(2) + `::` + rep(2) + h16,
		upTo(3) + `::` + h16 + `:` + h16,
		upTo(4) + `::` + h16,
		upTo(5) + `::`,
	}, "|")
	host := `(?:` + ipv4 + `|\[(?:` + ipv6 + `)\]|` + domain + `)`
	return regexp.MustCompile(`^(?:null|` + scheme + `://` + host + `(?::` + port + `)?)$`)
}()

func TestSerializedOriginABNFTwin(t *testing.T) {
	for _, s := range []string{"null", "https://a.example", "http://1.2.3.4:80", "http://[::1]", "http://[1:2:3:4:5:6:7:8]", "http://[1::]", "web+x://a-b.c"} {
		if !serializedOriginABNF.MatchString(s) {
			t.Errorf("ABNF twin: %q does not match", s)
		}
	}
	for _, s := range []string{"Null", "https://A.example", "http://[::FFFF]", "http://[::1.2.3.4]", "http://[01::]", "https://a.example/", "https://a_b", "http://a:123456", "http://[1:2:3:4:5:6:7::]"} {
		if serializedOriginABNF.MatchString(s) {
			t.Errorf("ABNF twin: %q matches", s)
		}
	}
}

func FuzzParseSerializedOrigin(f *testing.F) {
	for _, s := range []string{"null", "https://example.com", "http://a:8080", "http://[::1]", "http://127.0.0.1",
		"https://a.example:443", "http://[0:0::1]", "http://1.2.3", "web+x://a", "HTTP://a", "http://a:0808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseSerializedOrigin(s)
		abnf := serializedOriginABNF.MatchString(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Input != s || pe.What != "serialized origin" {
				t.Fatalf("ParseSerializedOrigin(%q): error %#v", s, err)
			}
			// What the ABNF matches is only rejected as not canonical.
			switch pe.Reason {
			case reasonOriginHostNotCanonical, reasonOriginPortNotCanonical, reasonOriginPortOutOfRange:
			default:
				if abnf {
					t.Fatalf("ParseSerializedOrigin(%q): %v, but the ABNF matches", s, err)
				}
			}
			return
		}
		if !abnf {
			t.Fatalf("ParseSerializedOrigin(%q): accepted, but the ABNF does not match", s)
		}
		if o.IsOpaque() != (s == "null") {
			t.Fatalf("ParseSerializedOrigin(%q): got %#v", s, o)
		}
		if o.IsOpaque() {
			return
		}
		if o.String() != s {
			t.Fatalf("ParseSerializedOrigin(%q).String(): got %q", s, o.String())
		}
		// A URL parser reads the same origin from it.
		if defaultPort(o.Scheme()) != -1 {
			u, err := FromURL(s)
			if err != nil || u != o {
				t.Fatalf("FromURL(%q): got %#v, %v, want %#v", s, u, err, o)
			}
		}
	})
}
