package origin

import (
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// hostGen generates hosts, often related to each other: subdomains of the
// same registrable domain, public suffixes from the ICANN and private
// sections, trailing dots, localhost names, IP addresses in several forms,
// and mixed case for the parser to canonicalize.
var hostGen = rapid.OneOf(
	rapid.Custom(func(t *rapid.T) string {
		labels := rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", "www", "Api", "x-y", "bücher"}), 0, 2).Draw(t, "labels")
		base := rapid.SampledFrom([]string{
			"example.com", "example.org", "com", "github.io", "whatwg.github.io", "co.uk", "example.co.uk",
			"localhost", "xn--kgbechtv", "EXAMPLE.com", "blogspot.com", "a..com",
		}).Draw(t, "base")
		host := strings.Join(append(labels, base), ".")
		if rapid.Bool().Draw(t, "trailingDot") {
			host += "."
		}
		return host
	}),
	rapid.SampledFrom([]string{
		"127.0.0.1", "127.1", "0x7f.0.0.1", "10.0.0.1", "192.0.2.1", "[::1]", "[0:0::1]", "[2001:db8::1]",
		"[::ffff:127.0.0.1]", "localhost", "a.localhost", "LOCALHOST.",
	}),
)

// originGen generates valid origins: tuple origins through FromURL, and
// opaque origins drawn from pool so that the same one comes up again.
func originGen(pool []Origin) *rapid.Generator[Origin] {
	return rapid.Custom(func(t *rapid.T) Origin {
		if rapid.IntRange(0, 4).Draw(t, "kind") == 0 {
			return rapid.SampledFrom(pool).Draw(t, "opaque")
		}
		scheme := rapid.SampledFrom([]string{"http", "https", "ws", "wss", "ftp", "HTTPS"}).Draw(t, "scheme")
		host := hostGen.Draw(t, "host")
		url := scheme + "://" + host
		if port := rapid.SampledFrom([]int{-1, 0, 21, 80, 443, 8080, 65535}).Draw(t, "port"); port >= 0 {
			url += ":" + strconv.Itoa(port)
		}
		o, err := FromURL(url + "/path")
		if err != nil {
			t.Fatalf("FromURL(%q): %v", url, err)
		}
		return o
	})
}

// checkRelations checks that same origin, same site and schemelessly same
// site are equivalence relations on three generated origins, that each
// implies the next, and the identity of opaque origins.
func checkRelations(t *rapid.T) {
	pool := []Origin{Opaque(), Opaque(), Opaque()}
	gen := originGen(pool)
	a, b, c := gen.Draw(t, "a"), gen.Draw(t, "b"), gen.Draw(t, "c")
	relations := []struct {
		name string
		rel  func(x, y Origin) bool
	}{
		{"SameOrigin", Origin.SameOrigin},
		{"SameSite", Origin.SameSite},
		{"SchemelesslySameSite", Origin.SchemelesslySameSite},
	}
	for _, r := range relations {
		if !r.rel(a, a) {
			t.Fatalf("%s(%v, itself): not reflexive", r.name, a)
		}
		if r.rel(a, b) != r.rel(b, a) {
			t.Fatalf("%s(%v, %v): not symmetric", r.name, a, b)
		}
		if r.rel(a, b) && r.rel(b, c) && !r.rel(a, c) {
			t.Fatalf("%s: %v ~ %v ~ %v but not %v ~ %v", r.name, a, b, c, a, c)
		}
	}
	// Same origin is == and implies same site, which implies schemelessly
	// same site.
	if a.SameOrigin(b) != (a == b) {
		t.Fatalf("SameOrigin(%v, %v) is not ==", a, b)
	}
	if a.SameOrigin(b) && !a.SameSite(b) || a.SameSite(b) && !a.SchemelesslySameSite(b) {
		t.Fatalf("(%v, %v): same origin ⇒ same site ⇒ schemelessly same site fails", a, b)
	}
	// Same site is equality of sites.
	if a.SameSite(b) != (a.Site() == b.Site()) {
		t.Fatalf("SameSite(%v, %v) is not Site() ==", a, b)
	}
	// An opaque origin is only ever itself.
	if a.IsOpaque() != b.IsOpaque() && (a.SameOrigin(b) || a.SameSite(b) || a.SchemelesslySameSite(b)) {
		t.Fatalf("(%v, %v): an opaque origin is related to a tuple origin", a, b)
	}
	fresh := Opaque()
	for _, o := range []Origin{a, b, c} {
		if fresh == o || fresh.SameSite(o) || fresh.SchemelesslySameSite(o) {
			t.Fatalf("a new opaque origin is related to %v", o)
		}
	}
	copyOfA := a
	if copyOfA != a || !copyOfA.SameOrigin(a) {
		t.Fatalf("a copy of %v is not itself", a)
	}
	// Serializations round-trip.
	checkOriginRoundTrip(t, a)
}

func TestOriginRelationsProperties(t *testing.T) {
	rapid.Check(t, checkRelations)
}

// FuzzOriginRelations runs the same properties under the native fuzzer.
func FuzzOriginRelations(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkRelations))
}

// TestSiteProperties: a site's serialization is that of an origin whose
// site is itself (obtaining a site is idempotent).
func TestSiteProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := originGen([]Origin{Opaque()}).Draw(t, "origin")
		s := o.Site()
		if o.IsOpaque() {
			if !s.IsOpaque() || s.String() != "null" {
				t.Fatalf("site of an opaque origin: got %v", s)
			}
			return
		}
		so, err := FromURL(s.String())
		if err != nil {
			t.Fatalf("FromURL(%q) (a site's serialization): %v", s.String(), err)
		}
		if so.Site() != s {
			t.Fatalf("site of %v is %v, whose site is %v", o, s, so.Site())
		}
		if !so.SameSite(o) {
			t.Fatalf("%v is not same site with its site %v", o, s)
		}
	})
}

// literalSchemelesslySameSite is the HTML Standard's schemelessly same site,
// step by step, without the shortcuts of Origin.SchemelesslySameSite.
func literalSchemelesslySameSite(a, b Origin) bool {
	// 1. The same opaque origin.
	if a.IsOpaque() && b.IsOpaque() && a == b {
		return true
	}
	// 2. Both tuple origins.
	if a.IsValid() && !a.IsOpaque() && b.IsValid() && !b.IsOpaque() {
		hostA, hostB := a.Host(), b.Host()
		rdA, rdB := registrableDomain(hostA), registrableDomain(hostB)
		if hostA == hostB && rdA == "" {
			return true
		}
		if rdA != "" && rdA == rdB {
			return true
		}
	}
	// 3.
	return false
}

// TestSchemelesslySameSiteLiteral checks the shortcuts of SameSite and
// SchemelesslySameSite against their literal steps.
func TestSchemelesslySameSiteLiteral(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := originGen([]Origin{Opaque(), Opaque()})
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		if got, want := a.SchemelesslySameSite(b), literalSchemelesslySameSite(a, b); got != want {
			t.Fatalf("SchemelesslySameSite(%v, %v): got %v, want %v", a, b, got, want)
		}
		if got, want := a.SameSite(b), a.Site().SameSite(b.Site()); got != want {
			t.Fatalf("SameSite(%v, %v): got %v, want %v (sites %v, %v)", a, b, got, want, a.Site(), b.Site())
		}
	})
}
