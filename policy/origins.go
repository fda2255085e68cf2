package policy

import (
	"strconv"
	"strings"

	"github.com/corsim/corsim/origin"
)

// A pattern is one non-"*" entry of Config.Origins: an exact origin, a
// subdomain pattern, an any-port pattern, or both kinds of pattern at once.
type pattern struct {
	scheme string
	// host is the serialized host; for a subdomain pattern, the domain the
	// wildcard labels precede.
	host       string
	subdomains bool
	anyPort    bool
	// port is the port's digits, "" for the scheme's default port; unused
	// when anyPort is set.
	port string
}

// exact reports whether the pattern matches a single origin.
func (pt *pattern) exact() bool { return !pt.subdomains && !pt.anyPort }

// publicSuffix reports whether the pattern's wildcard labels precede a
// public suffix ("https://*.github.io"). Names under localhost are
// loopback, not registrable by anyone.
func (pt *pattern) publicSuffix() bool {
	return pt.subdomains && pt.host != "localhost" && origin.PublicSuffix(pt.host) == pt.host
}

// insecure reports whether the pattern matches http origins that are not
// potentially trustworthy (not localhost or loopback).
func (pt *pattern) insecure() bool {
	if pt.scheme != "http" {
		return false
	}
	return !originOf("http://" + pt.host).IsPotentiallyTrustworthy()
}

// String returns the entry as written in canonical form.
func (pt *pattern) String() string {
	s := pt.scheme + "://"
	if pt.subdomains {
		s += "*."
	}
	s += pt.host
	switch {
	case pt.anyPort:
		s += ":*"
	case pt.port != "":
		s += ":" + pt.port
	}
	return s
}

const wildcardHelp = `a "*" stands for one or more whole labels at the start of the host ("https://*.example.com") or for the port ("http://localhost:*")`

// parseOriginEntry parses one entry of Config.Origins other than "*". On
// failure it returns the error code and a detail.
func parseOriginEntry(s string) (pattern, ErrorCode, string) {
	switch {
	case s == "null":
		return pattern{}, ErrNullOrigin,
			"sandboxed iframes, data: URLs, file: pages and redirected requests all send \"null\": trusting it trusts anyone"
	case hasPrefixFold(s, "file:"):
		return pattern{}, ErrFileOrigin, "browsers send \"null\" for file: pages, never a file origin"
	case !strings.Contains(s, "*"):
		return parseExactOrigin(s)
	}
	// scheme "://" ["*."] host [":" (port / "*")]
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return pattern{}, ErrInvalidOrigin, "patterns are for http and https origins, written scheme://host; " + wildcardHelp
	}
	pt := pattern{scheme: scheme}
	if after, ok := strings.CutPrefix(rest, "*."); ok {
		pt.subdomains, rest = true, after
	}
	hostEnd := len(rest)
	if strings.HasPrefix(rest, "[") {
		if i := strings.IndexByte(rest, ']'); i >= 0 {
			hostEnd = i + 1
		}
	} else if i := strings.IndexByte(rest, ':'); i >= 0 {
		hostEnd = i
	}
	pt.host = rest[:hostEnd]
	portPart := rest[hostEnd:]
	if portPart == ":*" {
		pt.anyPort, portPart = true, ""
	}
	if strings.Contains(pt.host, "*") || strings.Contains(portPart, "*") {
		return pattern{}, ErrInvalidOrigin, wildcardHelp
	}
	// The rest must be a serialized origin once the wildcards are gone.
	plain := scheme + "://" + pt.host + portPart
	o, err := origin.ParseSerializedOrigin(plain)
	if err != nil {
		if c, err2 := origin.FromURL(plain); err2 == nil && !c.IsOpaque() {
			fixed := pt
			fixed.host = c.Host()
			if port, ok := c.Port(); ok && !pt.anyPort {
				fixed.port = strconv.Itoa(port)
			}
			return pattern{}, ErrNonCanonicalOrigin, "browsers serialize origins in lower case without a default port or path: write " + quote(fixed.String())
		}
		return pattern{}, ErrInvalidOrigin, err.Error()
	}
	if port, ok := o.Port(); ok {
		pt.port = strconv.Itoa(port)
	}
	if pt.subdomains && origin.PublicSuffix(pt.host) == "" {
		return pattern{}, ErrInvalidOrigin, "subdomain patterns need a domain, not an IP address"
	}
	return pt, 0, ""
}

// parseExactOrigin parses an entry without wildcards.
func parseExactOrigin(s string) (pattern, ErrorCode, string) {
	o, err := origin.ParseSerializedOrigin(s)
	if err == nil {
		pt := pattern{scheme: o.Scheme(), host: o.Host()}
		if port, ok := o.Port(); ok {
			pt.port = strconv.Itoa(port)
		}
		return pt, 0, ""
	}
	// A URL whose origin is a tuple origin: say how browsers write it.
	if c, err2 := origin.FromURL(s); err2 == nil && !c.IsOpaque() {
		return pattern{}, ErrNonCanonicalOrigin,
			"browsers serialize origins in lower case without a default port, path or trailing slash: write " + quote(c.String())
	}
	return pattern{}, ErrInvalidOrigin, err.Error()
}

// allowOrigin decides whether the Origin header values allow the request,
// and returns the Access-Control-Allow-Origin value to send. values is the
// request's list of Origin header values; a request with several is denied.
// It does not allocate: the value is precomputed, or values itself.
func (p *Policy) allowOrigin(values []string) ([]string, bool) {
	if len(values) != 1 {
		return nil, false
	}
	if p.anyOrigin {
		return p.acaoStar, true
	}
	o := values[0]
	if v, ok := p.exact[o]; ok {
		return v, true
	}
	if len(p.patterns) == 0 {
		return nil, false
	}
	scheme, host, port, ok := splitOrigin(o)
	if !ok {
		return nil, false
	}
	for i := range p.patterns {
		if p.patterns[i].match(scheme, host, port) {
			// NB: the response shares the request's one-element slice; its
			// capacity is 1, so appending to it copies.
			return values[:1:1], true
		}
	}
	return nil, false
}

// match reports whether the split origin matches the pattern.
func (pt *pattern) match(scheme, host, port string) bool {
	if scheme != pt.scheme || (!pt.anyPort && port != pt.port) {
		return false
	}
	if !pt.subdomains {
		return host == pt.host
	}
	// One or more whole labels, then "." and the pattern's domain.
	n := len(host) - len(pt.host) - 1
	return n > 0 && host[n] == '.' && host[n+1:] == pt.host && labelsSafe(host[:n])
}

// labelsSafe reports whether s is one or more dot-separated labels of
// lower-case letters, digits and inner hyphens: what a subdomain wildcard
// may stand for. Anything else (an underscore, a backtick, an empty label)
// fails closed.
func labelsSafe(s string) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if !labelByte[s[i]] {
				return false
			}
			continue
		}
		if i == start || s[start] == '-' || s[i-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}

// labelByte holds the bytes a wildcard label may contain.
var labelByte = func() (t [256]bool) {
	for b := 'a'; b <= 'z'; b++ {
		t[b] = true
	}
	for b := '0'; b <= '9'; b++ {
		t[b] = true
	}
	t['-'] = true
	return t
}()

// splitOrigin splits a serialized origin into scheme, host and port digits
// ("" for none), checking the shape browsers send: a lower-case scheme,
// "://", a non-empty host, and a port without leading zeros that is not the
// scheme's default. It does not allocate.
func splitOrigin(s string) (scheme, host, port string, ok bool) {
	i := 0
	for i < len(s) && schemeByte[s[i]] {
		i++
	}
	if i == 0 || s[0] < 'a' || s[0] > 'z' || len(s)-i < 3 || s[i:i+3] != "://" {
		return "", "", "", false
	}
	scheme, rest := s[:i], s[i+3:]
	hostEnd := len(rest)
	if strings.HasPrefix(rest, "[") {
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return "", "", "", false
		}
		hostEnd = j + 1
	} else if j := strings.IndexByte(rest, ':'); j >= 0 {
		hostEnd = j
	}
	host = rest[:hostEnd]
	if host == "" {
		return "", "", "", false
	}
	if p := rest[hostEnd:]; p != "" {
		if p[0] != ':' || !canonicalPort(scheme, p[1:]) {
			return "", "", "", false
		}
		port = p[1:]
	}
	return scheme, host, port, true
}

var schemeByte = func() (t [256]bool) {
	for b := 'a'; b <= 'z'; b++ {
		t[b] = true
	}
	for b := '0'; b <= '9'; b++ {
		t[b] = true
	}
	t['+'], t['-'], t['.'] = true, true, true
	return t
}()

// canonicalPort reports whether digits is a port as origins serialize it:
// 1 to 5 digits, no leading zero, at most 65535, not the scheme's default.
func canonicalPort(scheme, digits string) bool {
	if digits == "" || len(digits) > 5 || (digits[0] == '0' && len(digits) > 1) {
		return false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
		n = n*10 + int(digits[i]-'0')
	}
	if n > 65535 {
		return false
	}
	switch scheme {
	case "http", "ws":
		return n != 80
	case "https", "wss":
		return n != 443
	case "ftp":
		return n != 21
	}
	return true
}

func quote(s string) string { return `"` + s + `"` }
