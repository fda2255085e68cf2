// Package gen holds the rapid generators corsim's property tests share:
// tokens, header names in any letter case, methods, serialized origins and
// Access-Control-Allow-Origin values, comma-separated list values, header
// values with hostile bytes (controls, CR and LF, non-ASCII, invalid UTF-8),
// and URLs spelled every way the URL parser normalizes or rejects.
//
// The pools are small on purpose: properties about caches and checks need
// draws that collide (the same origin twice, a listed name requested), which
// uniform random strings almost never do. gen depends on nothing in corsim,
// so the tests of any package may use it; its subpackage scene draws whole
// simulations (pages, servers, requests, policies) from corsim's types.
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

// hostileBytes are bytes that header and URL parsers must survive: controls
// (NUL, CR, LF, DEL), HTTP whitespace, list and parameter delimiters,
// quotes, non-ASCII bytes and an invalid UTF-8 byte.
var hostileBytes = []string{
	"\x00", "\r", "\n", "\r\n", "\x7f", "\x80", "\xff", "\x01", " ", "\t", "\v", "\f",
	",", ";", "=", "\"", "\\", ":", "/", "*", "%", "%00", "é", "\u00a0", "\u2028", "\ufeff",
}

// HostileString draws a short string made of hostile bytes and token
// bytes, the raw material of malformed header values and URLs.
func HostileString() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		parts := rapid.SliceOfN(rapid.OneOf(rapid.SampledFrom(hostileBytes), Token()), 0, 6).Draw(t, "parts")
		return strings.Join(parts, "")
	})
}

// headerValues are values the CORS protocol reads: safelisted and unsafe
// Content-Type, Accept and Range values, methods and header-name lists,
// max-ages, booleans.
var headerValues = []string{
	"text/plain", "application/json", "multipart/form-data; boundary=x",
	"application/x-www-form-urlencoded", "text/plain;charset=UTF-8", "*/*", "en-US,en;q=0.5",
	"bytes=0-", "bytes=0-99", "bytes=-5", "true", "false", "0", "5", "600", "-1", "86400",
	"GET", "PUT, DELETE", "*", "x-custom", "X-Custom, Authorization", "Content-Type",
	"same-site", "cross-origin", "", " ",
}

// HeaderValue draws a header value: a value the CORS protocol reads, a
// serialized origin, a token list, a hostile string, or one of those with
// hostile bytes around it.
func HeaderValue() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		switch rapid.IntRange(0, 5).Draw(t, "kind") {
		case 0:
			return SerializedOrigin().Draw(t, "origin")
		case 1:
			return ListValue(HeaderName()).Draw(t, "list")
		case 2:
			return HostileString().Draw(t, "hostile")
		case 3:
			v := rapid.SampledFrom(headerValues).Draw(t, "value")
			return HostileString().Draw(t, "before") + v + HostileString().Draw(t, "after")
		}
		return rapid.SampledFrom(headerValues).Draw(t, "value")
	})
}

// paths are URL paths shared by the URL draws, so that two URLs often
// name the same resource.
var paths = []string{"/", "/a", "/b", "/api/data", "/r?q=1", "/x#frag"}

// URL draws an absolute URL string on an origin of the pool, spelled in one
// of the ways the URL parser normalizes (letter case, a default port, user
// information, percent-encoded host bytes, backslashes, surrounding
// whitespace) or in one it rejects, or a URL of another scheme (ws, file,
// data, blob, about, an unknown scheme).
func URL() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		o := SerializedOrigin().Draw(t, "origin")
		p := rapid.SampledFrom(paths).Draw(t, "path")
		scheme, rest, _ := strings.Cut(o, "://")
		switch rapid.IntRange(0, 11).Draw(t, "spelling") {
		case 0:
			return CaseVariant(scheme).Draw(t, "scheme case") + "://" + CaseVariant(rest).Draw(t, "host case") + p
		case 1:
			if !strings.Contains(strings.TrimPrefix(rest, "[::1]"), ":") {
				port := map[string]string{"http": ":80", "https": ":443"}[scheme]
				return scheme + "://" + rest + port + p
			}
		case 2:
			return scheme + "://user:pass@" + rest + p
		case 3:
			if strings.HasPrefix(rest, "app.") {
				return scheme + "://%61pp." + strings.TrimPrefix(rest, "app.") + p
			}
		case 4:
			return strings.ReplaceAll(o+p, "/", "\\")
		case 5:
			return rapid.SampledFrom([]string{" ", "\t", "\n", "\x00"}).Draw(t, "ws") + o + p + "\n "
		case 6:
			return rapid.SampledFrom([]string{
				"ws://app.example/", "wss://api.example:443/", "file:///etc/passwd", "data:text/plain,hi",
				"blob:https://app.example/uuid", "about:blank", "ftp://app.example/", "sc://h/p",
				"javascript:alert(1)", "https://xn--bcher-kva.example/", "https://bücher.example/",
				"http://0x7f.1/", "http://[0::1]:3000/", "https://app.example./",
			}).Draw(t, "other")
		case 7:
			return o + p + HostileString().Draw(t, "hostile")
		case 8:
			return scheme + "://" + HostileString().Draw(t, "host") + p
		}
		return o + p
	})
}
