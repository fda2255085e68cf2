package fuzz

import (
	"errors"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/gen"
	"github.com/corsim/corsim/origin"
	"pgregory.net/rapid"
)

// drawOrigin draws the origin of a URL from gen.URL, or an opaque origin;
// ok is false when the URL does not parse.
func drawOrigin(t *rapid.T, label string) (o origin.Origin, ok bool) {
	if rapid.IntRange(0, 9).Draw(t, label+" opaque") == 0 {
		return origin.Opaque(), true
	}
	o, err := origin.FromURL(gen.URL().Draw(t, label))
	return o, err == nil
}

// checkOriginSerializationRoundTrips: the serialization of a URL's tuple
// origin is a URL whose origin is the same origin; where it matches the
// Origin header grammar, parsing it as a header value gives the same origin
// back; an opaque origin serializes as "null", which parses to another
// opaque origin, never the same one.
func checkOriginSerializationRoundTrips(t *rapid.T) {
	o, ok := drawOrigin(t, "url")
	if !ok {
		return
	}
	s := o.String()
	if o.IsOpaque() {
		if s != "null" {
			t.Fatalf("opaque origin serializes as %q, want \"null\"", s)
		}
		p, err := origin.ParseSerializedOrigin(s)
		if err != nil || !p.IsOpaque() || p == o || p.SameOrigin(o) {
			t.Fatalf("ParseSerializedOrigin(%q): got %v, %v; want a new opaque origin", s, p, err)
		}
		return
	}
	again, err := origin.FromURL(s)
	if err != nil || again != o || again.String() != s {
		t.Fatalf("FromURL(%q) (the serialization of %#v): got %#v, %v", s, o, again, err)
	}
	p, err := origin.ParseSerializedOrigin(s)
	if err != nil {
		// Only hosts the URL parser keeps but the header grammar's domain
		// labels exclude may fail.
		var pe *origin.ParseError
		if !errors.As(err, &pe) || pe.Reason != "host-invalid" {
			t.Fatalf("ParseSerializedOrigin(%q): %v", s, err)
		}
		return
	}
	if p != o || p.String() != s {
		t.Fatalf("ParseSerializedOrigin(%q): got %#v, want %#v", s, p, o)
	}
}

func TestOriginSerializationRoundTrips(t *testing.T) {
	rapid.Check(t, checkOriginSerializationRoundTrips)
}

func FuzzOriginSerializationRoundTrips(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkOriginSerializationRoundTrips))
}

// checkSameOriginIsEquivalence: same-origin is reflexive, symmetric and
// transitive on origins of URLs spelled every which way; for tuple origins it
// is == and equality of serializations; and a CORS check of
// Access-Control-Allow-Origin set to one origin's serialization passes for a
// request from the other exactly when they are same origin.
func checkSameOriginIsEquivalence(t *rapid.T) {
	var os []origin.Origin
	for _, label := range []string{"a", "b", "c"} {
		if o, ok := drawOrigin(t, label); ok {
			os = append(os, o)
		}
	}
	if len(os) > 0 && rapid.Bool().Draw(t, "repeat") {
		os = append(os, os[0]) // the same opaque origin, copied
	}
	for _, a := range os {
		if !a.SameOrigin(a) {
			t.Fatalf("%#v is not same origin with itself", a)
		}
		for _, b := range os {
			ab := a.SameOrigin(b)
			if ab != b.SameOrigin(a) {
				t.Fatalf("SameOrigin(%v, %v) = %v, but not the other way round", a, b, ab)
			}
			if ab != (a == b) {
				t.Fatalf("SameOrigin(%#v, %#v) = %v, but == says %v", a, b, ab, a == b)
			}
			if !a.IsOpaque() && !b.IsOpaque() && ab != (a.String() == b.String()) {
				t.Fatalf("SameOrigin(%v, %v) = %v, but their serializations are %q and %q", a, b, ab, a, b)
			}
			for _, c := range os {
				if ab && b.SameOrigin(c) && !a.SameOrigin(c) {
					t.Fatalf("%v ~ %v ~ %v, but not %v ~ %v", a, b, c, a, c)
				}
			}
			checkCORSCheckMatchesSameOrigin(t, a, b)
		}
	}
}

// checkCORSCheckMatchesSameOrigin: a response whose only CORS header is
// "Access-Control-Allow-Origin: <b serialized>" passes the CORS check of an
// uncredentialed request from a to a third origin exactly when a and b
// serialize alike, which for tuple origins is being same origin.
func checkCORSCheckMatchesSameOrigin(t *rapid.T, a, b origin.Origin) {
	target, err := origin.ParseURL("https://elsewhere.test/r", nil)
	if err != nil {
		t.Fatal(err)
	}
	req := &fetch.Request{Method: "GET", URLList: []*origin.URL{target}, Origin: a, Mode: fetch.ModeCORS,
		Credentials: fetch.CredentialsOmit, ResponseTainting: fetch.TaintingCORS}
	got := fetch.CORSCheck(req, fetch.HeaderList{{Name: "Access-Control-Allow-Origin", Value: b.String()}}).OK()
	// The check compares serializations: two opaque origins both pass as
	// "null", which is why "null" must never be allowed by a server.
	want := a.String() == b.String()
	if got != want {
		t.Fatalf("CORSCheck of Access-Control-Allow-Origin %q for a request from %v: got OK=%v, want %v", b, a, got, want)
	}
	if !a.IsOpaque() && !b.IsOpaque() && got != a.SameOrigin(b) {
		t.Fatalf("CORSCheck of Access-Control-Allow-Origin %q for a request from %v: got OK=%v, same origin %v", b, a, got, a.SameOrigin(b))
	}
}

func TestSameOriginIsEquivalenceRelation(t *testing.T) {
	rapid.Check(t, checkSameOriginIsEquivalence)
}

func FuzzSameOriginIsEquivalenceRelation(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkSameOriginIsEquivalence))
}
