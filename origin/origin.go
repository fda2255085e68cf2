package origin

import (
	"strconv"
	"strings"
)

// Origin is an [origin] as the HTML Standard defines it: an opaque origin or
// a tuple origin (scheme, host, port). The domain component of a tuple
// origin, which only document.domain sets, is not part of Origin; see
// SameOriginDomain.
//
// Origin is a small comparable value and == is [same origin]: two tuple
// origins are == exactly when their schemes, hosts and ports are identical,
// and an opaque origin is == only to copies of itself. Two opaque origins
// made separately are never ==, even though both serialize as "null".
//
// The zero Origin is not an origin: IsValid reports false, String returns
// "", and it is not same origin or same site with anything, itself
// included. Get origins from FromURL, URL.Origin, ParseSerializedOrigin or
// Opaque.
//
// [origin]: https://html.spec.whatwg.org/multipage/browsers.html#concept-origin
// [same origin]: https://html.spec.whatwg.org/multipage/browsers.html#same-origin
type Origin struct {
	scheme string
	host   string // serialized host
	port   int32  // -1 when null
	opaque *opaqueIdentity
}

// opaqueIdentity is what makes an opaque origin itself: each Opaque call
// allocates a new one, and origins compare it by address. It must not be a
// zero-size type, whose allocations may share an address.
type opaqueIdentity struct{ _ byte }

// Opaque returns a new [opaque origin], different from every other origin.
//
// [opaque origin]: https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque
func Opaque() Origin { return Origin{port: -1, opaque: new(opaqueIdentity)} }

// tuple returns the tuple origin (scheme, host, port, null).
func tuple(scheme, host string, port int) Origin {
	return Origin{scheme: scheme, host: host, port: int32(port)}
}

// IsValid reports whether o is an origin, opaque or tuple; false for the
// zero Origin.
func (o Origin) IsValid() bool { return o.opaque != nil || o.scheme != "" }

// IsOpaque reports whether o is an [opaque origin].
//
// [opaque origin]: https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque
func (o Origin) IsOpaque() bool { return o.opaque != nil }

// Scheme returns a tuple origin's scheme ("https"); "" for an opaque origin.
func (o Origin) Scheme() string { return o.scheme }

// Host returns a tuple origin's host, serialized: a domain ("example.com",
// "xn--bcher-kva.example"), an IPv4 address ("127.0.0.1") or an IPv6 address
// in brackets ("[::1]"); "" for an opaque origin.
func (o Origin) Host() string { return o.host }

// Port returns a tuple origin's port and true, or 0 and false when the port
// is null (the scheme's default port, or an opaque origin).
func (o Origin) Port() (int, bool) {
	if o.opaque != nil || o.scheme == "" || o.port < 0 {
		return 0, false
	}
	return int(o.port), true
}

// String returns the [serialization of an origin], its ASCII serialization:
// "null" for an opaque origin, else scheme "://" host, then ":" port when the
// port is not null. It returns "" for the zero Origin.
//
// [serialization of an origin]: https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin
func (o Origin) String() string {
	switch {
	case o.opaque != nil:
		// 1. An opaque origin is "null".
		return "null"
	case o.scheme == "":
		return ""
	case o.port < 0:
		// 2–4. Scheme, "://" and the serialized host.
		return o.scheme + "://" + o.host
	}
	// 5. Then ":" and the port, when it is not null.
	var buf [5]byte
	return o.scheme + "://" + o.host + ":" + string(strconv.AppendInt(buf[:0], int64(o.port), 10))
}

// SameOrigin reports whether o and p are [same origin]: the same opaque
// origin, or tuple origins with identical scheme, host and port. It is o == p,
// except that the zero Origin is not same origin with anything.
//
// [same origin]: https://html.spec.whatwg.org/multipage/browsers.html#same-origin
func (o Origin) SameOrigin(p Origin) bool { return o.IsValid() && o == p }

// SameOriginDomain reports whether a and b are [same origin-domain], given
// the domain component each has (what document.domain set, as the host
// parser serialized it; "" when null). Origin does not carry the domain, so
// callers modelling document.domain pass it alongside.
//
// [same origin-domain]: https://html.spec.whatwg.org/multipage/browsers.html#same-origin-domain
func SameOriginDomain(a Origin, aDomain string, b Origin, bDomain string) bool {
	// 1. The same opaque origin.
	if a.IsOpaque() || b.IsOpaque() {
		return a == b
	}
	if !a.IsValid() || !b.IsValid() {
		return false
	}
	// 2.1. Identical schemes and identical non-null domains.
	if a.scheme == b.scheme && aDomain != "" && aDomain == bDomain {
		return true
	}
	// 2.2. Same origin, with both domains null.
	if aDomain == "" && bDomain == "" && a == b {
		return true
	}
	// 3.
	return false
}

// IsPotentiallyTrustworthy reports whether o is a [potentially trustworthy
// origin], as secure-context and mixed-content decisions require: https and
// wss origins, hosts in 127.0.0.0/8, the host [::1], "localhost",
// "localhost." and names under them ("a.localhost", "a.localhost."), and file
// origins. Opaque origins are not. No scheme is configured as authenticated
// and no origin as trustworthy (steps 7–8).
//
// NB: file: URLs have opaque origins in this package (see URL.Origin), so
// the file step only applies to a tuple origin with scheme "file" made by
// ParseSerializedOrigin; URL.IsPotentiallyTrustworthy covers file: URLs.
//
// [potentially trustworthy origin]: https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy
func (o Origin) IsPotentiallyTrustworthy() bool {
	// 1. Opaque origins are not.
	if o.opaque != nil || o.scheme == "" {
		return false
	}
	// 3. Secure schemes.
	if o.scheme == schemeHTTPS || o.scheme == schemeWSS {
		return true
	}
	// 4. Loopback addresses.
	switch hostKindOf(o.host) {
	case hostIPv4:
		if strings.HasPrefix(o.host, "127.") {
			return true
		}
	case hostIPv6:
		if o.host == "[::1]" {
			return true
		}
	case hostDomain:
		// 5. Localhost names (the user agent resolves them to loopback,
		// as Chromium, Firefox and WebKit do).
		h := strings.TrimSuffix(o.host, ".")
		if h == "localhost" || strings.HasSuffix(h, ".localhost") {
			return true
		}
	}
	// 6. File origins.
	return o.scheme == schemeFile
}

// Origin returns u's [origin]:
//
//   - http, https, ws, wss and ftp URLs have the tuple origin (scheme, host,
//     port);
//   - a blob: URL has the origin of the URL its path parses as when that
//     URL's scheme is http or https ("blob:https://a.example/id" has origin
//     https://a.example), else a new opaque origin (its blob URL entry, which
//     this package does not model, is taken as null);
//   - file: URLs, whose origin the URL Standard leaves to the implementation,
//     get a new opaque origin, its "when in doubt" answer. That is also what
//     Chromium, Firefox and WebKit expose for them to script
//     (new URL("file:///x").origin and the Origin header are "null"), though
//     engines keep an internal file origin for some checks;
//   - every other URL ("data:", "about:blank", "javascript:", "web+x:")
//     gets a new opaque origin on each call, so such a URL is not same origin
//     with itself.
//
// A special URL without a host (only possible when built by hand) gets a
// new opaque origin.
//
// [origin]: https://url.spec.whatwg.org/#concept-url-origin
func (u *URL) Origin() Origin {
	switch u.Scheme {
	case "blob":
		// 2. Parse the URL path serialization (Path already is one).
		pathURL, err := ParseURL(u.Path, nil)
		// 3. A path that does not parse gives an opaque origin.
		if err != nil {
			return Opaque()
		}
		// 4. Only http, https and file URLs lend their origin.
		switch pathURL.Scheme {
		case schemeHTTP, schemeHTTPS, schemeFile:
			return pathURL.Origin()
		}
		// 5.
		return Opaque()
	case schemeFTP, schemeHTTP, schemeHTTPS, schemeWS, schemeWSS:
		// The tuple (scheme, host, port, null).
		if !u.HasHost || u.Host == "" {
			return Opaque()
		}
		return tuple(internScheme(u.Scheme), u.Host, u.Port)
	}
	// "file" and everything else: a new opaque origin.
	return Opaque()
}

// IsPotentiallyTrustworthy reports whether u is a [potentially trustworthy
// URL]: "about:blank" and "about:srcdoc", data: URLs, and URLs whose origin
// is a potentially trustworthy origin (see Origin.IsPotentiallyTrustworthy).
//
// NB: a file: URL is potentially trustworthy here, as it is in Chromium,
// Firefox and WebKit, where file: documents are secure contexts. The spec
// reaches that through the file origin's scheme (step 6 of the origin
// check); this package gives file: URLs opaque origins (see URL.Origin), so
// the URL's scheme is checked instead.
//
// [potentially trustworthy URL]: https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy
func (u *URL) IsPotentiallyTrustworthy() bool {
	switch u.Scheme {
	case "about":
		// 1. about:blank and about:srcdoc.
		return u.OpaquePath && (u.Path == "blank" || u.Path == "srcdoc")
	case "data":
		// 2. data: URLs.
		return true
	case schemeFile:
		return true
	}
	// 3. Otherwise the URL's origin decides.
	return u.Origin().IsPotentiallyTrustworthy()
}
