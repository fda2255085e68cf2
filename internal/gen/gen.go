// Package gen holds the rapid generators corsim's property tests share:
// tokens, header names in any letter case, methods, serialized origins and
// Access-Control-Allow-Origin values, and comma-separated list values.
//
// The pools are small on purpose: properties about caches and checks need
// draws that collide (the same origin twice, a listed name requested), which
// uniform random strings almost never do. gen depends on nothing in corsim,
// so the tests of any package may use it.
package gen

import (
	"strings"

	"pgregory.net/rapid"
)

// tokenBytes are the bytes an RFC 9110 token may hold.
const tokenBytes = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Token draws a short RFC 9110 token (1 to 8 token bytes).
func Token() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(1, 8).Draw(t, "len")
		b := make([]byte, n)
		for i := range b {
			b[i] = tokenBytes[rapid.IntRange(0, len(tokenBytes)-1).Draw(t, "byte")]
		}
		return string(b)
	})
}

// CaseVariant draws s with the case of each ASCII letter flipped or kept.
func CaseVariant(s string) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		// One draw for every string, letters or not: bit i%64 flips the
		// byte at i; shrinking goes to no flips.
		mask := rapid.Uint64().Draw(t, "flips")
		b := []byte(s)
		for i, c := range b {
			if ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') && mask&(1<<(i%64)) != 0 {
				b[i] = c ^ 0x20
			}
		}
		return string(b)
	})
}

// headerNames are names the CORS protocol treats specially, plus a few
// custom ones, so that draws often meet a listed or safelisted name.
var headerNames = []string{
	"Accept", "Accept-Language", "Content-Language", "Content-Type", "Range",
	"Authorization", "X-Custom", "X-Requested-With", "DPR", "Save-Data", "*",
	"Set-Cookie", "Set-Cookie2", "Cache-Control", "Expires", "Last-Modified", "Pragma",
	"Content-Length", "ETag", "Server",
}

// HeaderName draws a header name from a small pool of names the CORS
// protocol cares about, or a random token, in random letter case.
func HeaderName() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		name := rapid.OneOf(rapid.SampledFrom(headerNames), Token()).Draw(t, "name")
		return CaseVariant(name).Draw(t, "case")
	})
}

// Method draws a method: a CORS-safelisted one, another common one, a
// lower-case spelling (`patch` stays lower case after normalization), or a
// random token.
func Method() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.SampledFrom([]string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "OPTIONS", "QUERY"}),
		Token(),
	)
}

// origins is a pool of serialized origins: several sites, a same-site
// pair, ports and schemes.
var origins = []string{
	"https://app.example", "https://api.example", "https://cdn.api.example", "http://app.example",
	"https://app.example:8443", "http://localhost:8080", "http://127.0.0.1", "http://[::1]:3000",
}

// SerializedOrigin draws a serialized tuple origin from a small pool.
func SerializedOrigin() *rapid.Generator[string] { return rapid.SampledFrom(origins) }

// AllowOriginValue draws an Access-Control-Allow-Origin value: "*",
// "null", an origin from the pool, one spelled differently (trailing
// slash, case, default port), a list, or a random string.
func AllowOriginValue() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		o := SerializedOrigin().Draw(t, "origin")
		switch rapid.IntRange(0, 7).Draw(t, "kind") {
		case 0:
			return "*"
		case 1:
			return "null"
		case 2:
			return o + "/"
		case 3:
			return CaseVariant(o).Draw(t, "case")
		case 4:
			if strings.HasPrefix(o, "https://") && strings.Count(o, ":") == 1 {
				return o + ":443"
			}
			return o
		case 5:
			return o + rapid.SampledFrom([]string{", ", ",", " "}).Draw(t, "sep") + SerializedOrigin().Draw(t, "other")
		case 6:
			return rapid.String().Draw(t, "junk")
		}
		return o
	})
}

// ListValue draws a #list value whose elements come from elem: elements
// joined by commas, with optional spaces and tabs and the odd empty
// element, which list parsing ignores.
func ListValue(elem *rapid.Generator[string]) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		elems := rapid.SliceOfN(elem, 0, 4).Draw(t, "elems")
		var b strings.Builder
		for i, e := range elems {
			if i > 0 {
				b.WriteString(rapid.SampledFrom([]string{",", ", ", " ,", ",\t", ", ,"}).Draw(t, "sep"))
			}
			b.WriteString(e)
		}
		return b.String()
	})
}
