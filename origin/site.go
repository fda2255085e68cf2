package origin

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Site is a [site] as the HTML Standard defines it: an opaque origin, or a
// scheme-and-host whose host is an origin's registrable domain (or the
// origin's host when that has no registrable domain). Get one from
// Origin.Site.
//
// Site is comparable and == is [same site] between sites: scheme-and-hosts
// are == when scheme and host are identical, an opaque site only to itself.
// The zero Site is not a site: IsValid reports false.
//
// [site]: https://html.spec.whatwg.org/multipage/browsers.html#site
// [same site]: https://html.spec.whatwg.org/multipage/browsers.html#concept-site-same-site
type Site struct {
	scheme string
	host   string
	opaque *opaqueIdentity
}

// Site implements [obtain a site] for o: an opaque origin is its own site;
// a tuple origin gives (scheme, registrable domain of its host), or (scheme,
// host) when the host has no registrable domain (an IP address, a public
// suffix such as "github.io", "localhost"). The zero Origin gives the zero
// Site.
//
// [obtain a site]: https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site
func (o Origin) Site() Site {
	// 1. An opaque origin is a site.
	if o.opaque != nil {
		return Site{opaque: o.opaque}
	}
	if o.scheme == "" {
		return Site{}
	}
	// 2. No registrable domain: the host itself.
	rd := registrableDomain(o.host)
	if rd == "" {
		return Site{scheme: o.scheme, host: o.host}
	}
	// 3. Otherwise the registrable domain.
	return Site{scheme: o.scheme, host: rd}
}

// IsValid reports whether s is a site; false for the zero Site.
func (s Site) IsValid() bool { return s.opaque != nil || s.scheme != "" }

// IsOpaque reports whether s is an opaque origin.
func (s Site) IsOpaque() bool { return s.opaque != nil }

// Scheme returns the scheme of a scheme-and-host; "" for an opaque site.
func (s Site) Scheme() string { return s.scheme }

// Host returns the serialized host of a scheme-and-host (a registrable
// domain, or a host without one); "" for an opaque site.
func (s Site) Host() string { return s.host }

// String returns the [serialization of a site]: "null" for an opaque site,
// else scheme "://" host; "" for the zero Site. A site and an origin can
// serialize alike ("https://shop.example"), so keep track of which is which.
//
// [serialization of a site]: https://html.spec.whatwg.org/multipage/browsers.html#serialization-of-a-site
func (s Site) String() string {
	switch {
	case s.opaque != nil:
		return "null"
	case s.scheme == "":
		return ""
	}
	return s.scheme + "://" + s.host
}

// SameSite reports whether s and t are [same site]: the same opaque origin,
// or identical schemes and hosts. It is s == t, except that the zero Site is
// not same site with anything.
//
// [same site]: https://html.spec.whatwg.org/multipage/browsers.html#concept-site-same-site
func (s Site) SameSite(t Site) bool {
	// 1–2. Opaque sites are only same site with themselves.
	// 3–5. Scheme-and-hosts compare scheme and host.
	return s.IsValid() && s == t
}

// SameSite reports whether o and p are [same site]: their sites (see
// Origin.Site) are same site. The scheme counts, the port does not:
// https://a.example.com and https://b.example.com:8443 are same site,
// http://example.com and https://example.com are not. Registrable domains
// come from the Public Suffix List, private section included, so
// a.github.io and b.github.io are not same site.
//
// Deciding needs the Public Suffix List only for two different domains that
// share scheme, top-level label and trailing dot; such lookups allocate
// inside golang.org/x/net/publicsuffix (once each; every other case
// allocates nothing).
//
// [same site]: https://html.spec.whatwg.org/multipage/browsers.html#same-site
func (o Origin) SameSite(p Origin) bool {
	// OPTIMIZATION: the literal steps are o.Site().SameSite(p.Site()), which
	// TestOriginRelationsProperties checks this against. Opaque origins and
	// schemes decide alone, and equal hosts make equal sites, without a
	// Public Suffix List lookup.
	switch {
	case o.opaque != nil || p.opaque != nil:
		return o == p
	case o.scheme == "" || p.scheme == "" || o.scheme != p.scheme:
		return false
	case o.host == p.host:
		return true
	case !mayShareRegistrableDomain(o.host, p.host):
		return false
	}
	// 1–3. Obtain both sites and compare them.
	return o.Site().SameSite(p.Site())
}

// mayShareRegistrableDomain reports whether two different hosts can have
// the same non-null registrable domain: both domains, both with or both
// without a trailing dot, with the same last label. (A registrable domain
// ends with its host's public suffix, which ends with the host's last label
// and trailing dot.)
func mayShareRegistrableDomain(a, b string) bool {
	if hostKindOf(a) != hostDomain || hostKindOf(b) != hostDomain {
		return false
	}
	a, dotA := strings.CutSuffix(a, ".")
	b, dotB := strings.CutSuffix(b, ".")
	return dotA == dotB && a[strings.LastIndexByte(a, '.')+1:] == b[strings.LastIndexByte(b, '.')+1:]
}

// SchemelesslySameSite reports whether o and p are [schemelessly same site]:
// the same opaque origin; or tuple origins whose hosts are equal and have no
// registrable domain; or tuple origins whose hosts' registrable domains are
// equal and non-null. The scheme and port are ignored. (Fetch uses this for
// Cross-Origin-Resource-Policy: same-site.)
//
// [schemelessly same site]: https://html.spec.whatwg.org/multipage/browsers.html#schemelessly-same-site
func (o Origin) SchemelesslySameSite(p Origin) bool {
	// 1. The same opaque origin.
	if o.opaque != nil || p.opaque != nil {
		return o == p
	}
	// 2. Both tuple origins.
	if o.scheme == "" || p.scheme == "" {
		return false
	}
	// OPTIMIZATION: equal hosts pass 2.2 or 2.3 whatever their registrable
	// domain, and hosts that cannot share one fail both; only the remaining
	// pairs need the Public Suffix List. TestOriginRelationsProperties and
	// TestSchemelesslySameSiteLiteral check this against the literal steps.
	if o.host == p.host {
		return true
	}
	if !mayShareRegistrableDomain(o.host, p.host) {
		return false
	}
	rdA := registrableDomain(o.host)
	// 2.2. Equal hosts without a registrable domain.
	if o.host == p.host && rdA == "" {
		return true
	}
	// 2.3. Equal, non-null registrable domains.
	return rdA != "" && rdA == registrableDomain(p.host)
}

// PublicSuffix returns the [public suffix] of host, a host as an origin or a
// URL serializes it (see Origin.Host): "com" for "www.example.com",
// "github.io" for "whatwg.github.io", "com." for "example.com." (a trailing
// dot is kept). It returns "" when the public suffix is null: for IP
// addresses, and for a host that is not a domain in canonical form (run
// other strings through the host parser first, e.g. with FromURL).
//
// The list is the Public Suffix List snapshot of golang.org/x/net/publicsuffix,
// ICANN and private sections both; a name on no rule gets the default rule
// "*" (its last label is its public suffix, as for "localhost").
//
// [public suffix]: https://url.spec.whatwg.org/#host-public-suffix
func PublicSuffix(host string) string {
	if !isCanonicalDomain(host) {
		return ""
	}
	return publicSuffix(host)
}

// RegistrableDomain returns the [registrable domain] of host, a host as an
// origin or a URL serializes it: "example.com" for "www.example.com",
// "whatwg.github.io" for "a.whatwg.github.io", "example.com." for
// "example.com.". It returns "" when the registrable domain is null: for IP
// addresses, for a host that is itself a public suffix ("com", "github.io",
// "localhost"), and for a host that is not a domain in canonical form.
//
// [registrable domain]: https://url.spec.whatwg.org/#host-registrable-domain
func RegistrableDomain(host string) string {
	if !isCanonicalDomain(host) {
		return ""
	}
	return registrableDomain(host)
}

// isCanonicalDomain reports whether host is a domain as the host parser
// serializes it: non-empty, ASCII lower case, no forbidden domain code point,
// not ending in a number.
func isCanonicalDomain(host string) bool {
	if host == "" {
		return false
	}
	for i := 0; i < len(host); i++ {
		b := host[i]
		if b >= 0x80 || 'A' <= b && b <= 'Z' || forbiddenDomainCodePoint[b] {
			return false
		}
	}
	return !endsInANumber(host)
}

// publicSuffix implements the [public suffix] steps for a host that is a
// domain, or returns "" for an IP address.
//
// [public suffix]: https://url.spec.whatwg.org/#host-public-suffix
func publicSuffix(host string) string {
	// 1. Only domains have one.
	if hostKindOf(host) != hostDomain {
		return ""
	}
	// 2. Note the trailing dot and run the list's algorithm without it.
	domain, trailingDot := strings.CutSuffix(host, ".")
	ps, _ := publicsuffix.PublicSuffix(domain)
	// NB: a domain with an empty last label ("a..", ".") has no public
	// suffix the list's algorithm can give (x/net returns ""): null.
	if ps == "" {
		return ""
	}
	// 4–5. The public suffix is a suffix of host, trailing dot included.
	if trailingDot {
		return host[len(host)-len(ps)-1:]
	}
	return host[len(host)-len(ps):]
}

// registrableDomain implements the [registrable domain] steps for a host as
// this package serializes it; "" stands for null.
//
// [registrable domain]: https://url.spec.whatwg.org/#host-registrable-domain
func registrableDomain(host string) string {
	// 1. No public suffix, or the host is one: null.
	ps := publicSuffix(host)
	if ps == "" || ps == host {
		return ""
	}
	// 2–3. The public suffix and the label before it. The public suffix
	// (trailing dot included) ends host, after a ".".
	rest := host[:len(host)-len(ps)]
	rest, ok := strings.CutSuffix(rest, ".")
	if !ok {
		return ""
	}
	label := rest[strings.LastIndexByte(rest, '.')+1:]
	// NB: an empty label before the public suffix ("a..com") leaves no
	// registrable domain the list's algorithm can name: null, so such hosts
	// are only same site with themselves.
	if label == "" {
		return ""
	}
	// 4–5. A suffix of host, trailing dot included.
	return host[len(rest)-len(label):]
}

// IsRegistrableDomainSuffixOfOrIsEqualTo reports whether hostSuffixString [is
// a registrable domain suffix of or is equal to] originalHost, the check the
// document.domain setter makes before it sets an origin's domain.
// hostSuffixString is what script passes; originalHost is the effective
// domain, serialized (an origin's Host, or its domain when already set). The
// document.domain setter then sets the domain to the host parser's result for
// hostSuffixString, which is what SameOriginDomain takes.
//
// [is a registrable domain suffix of or is equal to]: https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to
func IsRegistrableDomainSuffixOfOrIsEqualTo(hostSuffixString, originalHost string) bool {
	// 1. The empty string is not.
	if hostSuffixString == "" {
		return false
	}
	// 2–3. Parse it as a host; failure is not.
	parsed, herr := parseHost(cleanHostString(hostSuffixString), false)
	if herr != nil {
		return false
	}
	hostSuffix := parsed.String()
	// 4. Equal hosts are; otherwise:
	if hostSuffix != originalHost {
		// 4.1. Both must be domains (not IP addresses).
		if parsed.kind != hostDomain || hostKindOf(originalHost) != hostDomain {
			return false
		}
		// 4.2. "." + hostSuffix must end originalHost.
		if !strings.HasSuffix(originalHost, "."+hostSuffix) {
			return false
		}
		// 4.3. hostSuffix must not be a public suffix, nor lie within
		// originalHost's public suffix.
		if hostSuffix == publicSuffix(hostSuffix) || strings.HasSuffix(publicSuffix(originalHost), "."+hostSuffix) {
			return false
		}
	}
	// 5.
	return true
}

// cleanHostString makes a Go string a scalar value string for the host
// parser.
func cleanHostString(s string) string { return toScalarValues(s) }
