// Package origin models web origins as browsers compute and compare them:
// the origin of a URL, its serialization, and the same-origin and same-site
// relations, following the URL and HTML Standards to the byte.
//
// # Origins
//
// An origin is the unit of trust of the web's same-origin policy: two
// documents, scripts or responses with the same origin may read each other;
// different origins are isolated, and CORS is the protocol by which a server
// lets another origin read a response. Most origins are tuples (scheme, host,
// port): https://example.com:8443/a and https://example.com:8443/b share the
// origin https://example.com:8443, while http://example.com,
// https://www.example.com and https://example.com:444 are three other
// origins. A port equal to the scheme's default port is no port at all
// (https://example.com:443 is https://example.com).
//
// Some things have an opaque origin instead: a data: URL, a sandboxed iframe,
// a file: URL here. An opaque origin has no scheme, host or port, only an
// identity: it is same origin with itself and with nothing else, and each
// data: URL gets a new one, so two of them are never same origin, nor is a
// data: URL with itself. Every opaque origin serializes as "null", which is
// why "null" must never stand for one in a comparison: a server that allows
// the Origin header value "null" allows every sandboxed document on the web.
// Here an opaque Origin carries a unique identity: Opaque returns a new one
// each time, copies of it stay equal, and == on Origin values is exactly the
// same-origin relation.
//
// Hosts compare as strings after parsing, and a name is not the address it
// resolves to: http://localhost and http://127.0.0.1 are different origins
// (and http://127.0.0.1 and http://[::1] are different again), even though
// browsers treat all three as potentially trustworthy, that is secure
// contexts (IsPotentiallyTrustworthy).
//
// # Same origin and same site
//
// Same origin compares scheme, host and port exactly. Same site is looser: it
// compares the scheme and the registrable domain, the part of the host a
// single party can register, found with the Public Suffix List. So
// https://a.example.com and https://b.example.com:8443 are same site but not
// same origin; a.github.io and b.github.io are not even same site, since
// github.io is a public suffix (in the list's private section); and
// http://example.com and https://example.com are not same site (the HTML
// Standard's same site is "schemeful"; SchemelesslySameSite ignores the
// scheme, as Cross-Origin-Resource-Policy does). Same site is about cookies
// and resource policies, never a substitute for same origin in access
// decisions.
//
// # Parsing
//
// FromURL and ParseURL implement the URL Standard's basic URL parser, the one
// browsers use: it strips C0 controls and spaces around the input and tabs
// and newlines inside it, reads "\" as "/" in special URLs, percent-decodes
// and IDNA-processes (UTS #46) domain hosts, reads IPv4 addresses in
// decimal, octal, hex and shortened forms ("http://0x7f.1" is
// http://127.0.0.1), serializes IPv6 addresses in compressed form, and
// resolves relative references against a base. It is not net/url.Parse,
// which follows RFC 3986 and disagrees with browsers on many inputs.
// ParseSerializedOrigin is the strict parser a server needs for an Origin
// request header.
//
// # Specifications
//
// The package follows the revisions named by SpecRevisions:
//
//   - URL Standard: §3 hosts (public suffix, registrable domain, the domain
//     parser and IDNA, the host parser, IPv4 and IPv6 parsers and
//     serializers, opaque hosts), §4 URLs (special schemes and default
//     ports, the basic URL parser without state override and with UTF-8
//     only, the URL serializer, a URL's origin), §1.3 percent-encode sets.
//     https://url.spec.whatwg.org/
//   - HTML Standard §7.1.1 origins: opaque and tuple origins, serialization,
//     same origin, same origin-domain, sites, obtain a site, same site,
//     schemelessly same site, and "is a registrable domain suffix of or is
//     equal to".
//     https://html.spec.whatwg.org/multipage/browsers.html#origin
//   - Fetch Standard: the `Origin` header's origin-or-null ABNF.
//     https://fetch.spec.whatwg.org/#origin-header
//   - Secure Contexts: is origin potentially trustworthy, is url
//     potentially trustworthy.
//     https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy
//   - UTS #46 through golang.org/x/net/idna, and the Public Suffix List
//     snapshot of golang.org/x/net/publicsuffix.
//
// Conformance is tested against web-platform-tests' url/resources
// urltestdata.json (every case) when $CORSIM_WPT_DIR points at it.
package origin

// SpecRevisions names the revisions of the standards this package follows.
const SpecRevisions = "URL Standard @6ae84860 (2026-07-02); " +
	"HTML Standard browsers.html (Last Updated 17 December 2025); " +
	"Fetch Standard @586cd2a4 (2026-07-02); " +
	"Secure Contexts (W3C Candidate Recommendation Draft); " +
	"UTS #46 via golang.org/x/net/idna v0.62.0 (Unicode 15.0.0 tables)"
