package fetch

import (
	"slices"
	"strings"
	"testing"
)

// FuzzCORSUnsafeRequestHeaderNames checks the request-header judgements
// of every fast path against its literal twin on arbitrary header bytes:
// the spec's CORS-unsafe request-header names against the literal walk,
// HasCORSUnsafeRequestHeaderNames against the list, each profile's
// Access-Control-Request-Headers value against its names joined, and the
// four-bytes-at-a-time unsafe-byte scan against the byte-at-a-time one.
func FuzzCORSUnsafeRequestHeaderNames(f *testing.F) {
	f.Add("Accept", "text/html", "Content-Type", "text/plain", "X-Custom", "1")
	f.Add("accept", "a(b", "CONTENT-TYPE", "application/json", "Range", "bytes=0-")
	f.Add("Accept", strings.Repeat("a", 1000), "Accept", strings.Repeat("b", 100), "DPR", "2")
	f.Add("Content-Language", "de\x00", "Accept-Language", "en;q=0.5", "Save-Data", "on")
	f.Add("X", "\xff", "\x00", "\r\n", "Accept", "\x7f")
	addLarge(f, "Accept", strings.Repeat("a", 1<<20), "Content-Type", strings.Repeat(";", 1<<20), "X-A", "1")
	f.Fuzz(func(t *testing.T, n1, v1, n2, v2, n3, v3 string) {
		l := HeaderList{{n1, v1}, {n2, v2}, {n3, v3}}
		names := CORSUnsafeRequestHeaderNames(l)
		// Names are tokens once script set them (the literal twin lowers
		// case with strings.ToLower, which is only right for ASCII).
		valid := IsHeaderName(n1) && IsHeaderName(n2) && IsHeaderName(n3)
		if lit := literalCORSUnsafeRequestHeaderNames(l); valid && !slices.Equal(names, lit) {
			t.Fatalf("CORSUnsafeRequestHeaderNames(%q): got %q, the literal walk %q", l, names, lit)
		}
		if has := HasCORSUnsafeRequestHeaderNames(l); has != (len(names) > 0) {
			t.Fatalf("HasCORSUnsafeRequestHeaderNames(%q): got %v, names %q", l, has, names)
		}
		for _, e := range Engines() {
			p := e.Profile()
			pn := p.CORSUnsafeRequestHeaderNames(l)
			req := &Request{Method: "GET", Header: l, UnsafeRequest: true}
			if got, want := p.NeedsCORSWithPreflight(req), len(pn) > 0; got != want {
				t.Fatalf("%s: NeedsCORSWithPreflight(GET %q): got %v, want %v (names %q)", e, l, got, want, pn)
			}
			if e == EngineSpec && !slices.Equal(pn, names) {
				t.Fatalf("spec profile: CORSUnsafeRequestHeaderNames(%q): got %q, package function %q", l, pn, names)
			}
			// The value names the same set (a profile may repeat a name),
			// sorted; names are tokens, so splitting at commas is exact.
			if !valid {
				continue
			}
			acrh := p.AccessControlRequestHeaders(l)
			var got []string
			if acrh != "" {
				got = strings.Split(acrh, ",")
			}
			if set := sortedLowercaseSet(slices.Clone(got)); !slices.Equal(set, pn) || !slices.IsSorted(got) {
				t.Fatalf("%s: AccessControlRequestHeaders(%q): got %q, want the names %q sorted", e, l, acrh, pn)
			}
		}
		for _, v := range []string{v1, v2, v3} {
			want := false
			for i := 0; i < len(v); i++ {
				want = want || specIsCORSUnsafeRequestHeaderByte(v[i])
			}
			if got := containsCORSUnsafeRequestHeaderByte(v); got != want {
				t.Fatalf("containsCORSUnsafeRequestHeaderByte(%q): got %v, want %v", v, got, want)
			}
		}
	})
}
