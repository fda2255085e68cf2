package policy

import (
	"net/http"
	"strings"

	"github.com/corsim/corsim/fetch"
)

// requestKind is what a request is to the CORS protocol.
type requestKind uint8

const (
	// kindNotCORS: no Origin header; the browser applies no CORS check.
	kindNotCORS requestKind = iota
	// kindActual: a request with an Origin header that is not a preflight.
	kindActual
	// kindPreflight: OPTIONS with Origin and Access-Control-Request-Method.
	kindPreflight
)

// denial says what made the policy deny a request.
type denial uint8

const (
	denyNone denial = iota
	denyOrigin
	denyMethod
	denyHeader
)

// A decision is what the policy sends for one request: each field is a
// header value (nil: not sent), shared and never modified.
type decision struct {
	kind   requestKind
	denial denial
	// value is the offending Origin, method or header name.
	value string
	acao  []string
	acac  []string
	acam  []string
	acah  []string
	acma  []string
	aceh  []string
	vary  []string
}

// The header names the policy reads and writes, in net/http's canonical
// form (which is also how the Fetch Standard spells them).
const (
	hOrigin = "Origin"
	hACRM   = "Access-Control-Request-Method"
	hACRH   = "Access-Control-Request-Headers"
	hACAO   = "Access-Control-Allow-Origin"
	hACAC   = "Access-Control-Allow-Credentials"
	hACAM   = "Access-Control-Allow-Methods"
	hACAH   = "Access-Control-Allow-Headers"
	hACMA   = "Access-Control-Max-Age"
	hACEH   = "Access-Control-Expose-Headers"
	hVary   = "Vary"
)

// decide evaluates a request given its method and the values of its Origin,
// Access-Control-Request-Method and -Headers headers. It allocates only to
// reflect several Access-Control-Request-Headers lines.
func (p *Policy) decide(method string, origins, acrm, acrh []string) decision {
	var d decision
	switch {
	case len(origins) == 0:
		// Not a CORS request. A static "*" goes on every response, as the
		// Fetch Standard's "CORS protocol and HTTP caches" advises; a
		// dynamic Access-Control-Allow-Origin needs Vary: Origin even on
		// responses without it, so that caches keep them apart.
		d.kind = kindNotCORS
		if p.anyOrigin {
			d.acao, d.aceh = p.acaoStar, p.aceh
		}
		d.vary = p.varyActual
		return d
	case method == "OPTIONS" && len(acrm) > 0:
		return p.decidePreflight(origins, acrm, acrh)
	}
	d.kind = kindActual
	d.vary = p.varyActual
	acao, ok := p.allowOrigin(origins)
	if !ok {
		d.denial, d.value = denyOrigin, origins[0]
		return d
	}
	d.acao, d.aceh = acao, p.aceh
	if p.credentials {
		d.acac = p.acacTrue
	}
	return d
}

// decidePreflight evaluates a [CORS-preflight request]. Whatever the
// outcome, the response is an ok status: a denied preflight lacks the
// headers the browser needs, so the browser reports exactly what is not
// allowed (the origin, the method, or a header).
//
// [CORS-preflight request]: https://fetch.spec.whatwg.org/#cors-preflight-request
func (p *Policy) decidePreflight(origins, acrm, acrh []string) decision {
	d := decision{kind: kindPreflight, vary: p.varyPreflight}
	acao, ok := p.allowOrigin(origins)
	if !ok {
		d.denial, d.value = denyOrigin, origins[0]
		return d
	}
	// The browser's CORS check of the preflight response needs the origin
	// (and, for credentialed requests, Access-Control-Allow-Credentials).
	d.acao = acao
	if p.credentials {
		d.acac = p.acacTrue
	}
	// The method: one token, listed byte for byte, safelisted (browsers
	// never check those), or covered by "*".
	m := acrm[0]
	switch {
	case len(acrm) != 1 || !fetch.IsMethod(m):
		d.denial, d.value = denyMethod, m
	case p.anyMethod && p.credentials:
		// With credentials a "*" is only a method name to browsers:
		// name the requested method instead.
		d.acam = acrm[:1:1]
	case p.anyMethod || fetch.IsCORSSafelistedMethod(m) || contains(p.methods, m):
		d.acam = p.acam
	default:
		d.denial, d.value = denyMethod, m
	}
	// The headers: every requested name allowed.
	if bad, ok := p.checkACRH(acrh); !ok {
		if d.denial == denyNone {
			d.denial, d.value = denyHeader, bad
		}
	} else if p.anyHeader && p.credentials {
		d.acah = reflect(acrh)
	} else {
		d.acah = p.acah
	}
	if d.denial == denyNone {
		d.acma = p.acma
	}
	return d
}

// reflect returns the Access-Control-Request-Headers lines as one value.
func reflect(lines []string) []string {
	switch len(lines) {
	case 0:
		return nil
	case 1:
		return lines[:1:1]
	}
	return frozen(strings.Join(lines, ","))
}

// checkACRH checks the names of Access-Control-Request-Headers, across all
// its lines, against the policy. It reports the first name not allowed (or
// the first element that is not a header name).
//
// The cost is linear in the size of the lines: each element is looked up
// in a map, and without "*" no more elements are read than the policy
// lists names, since a browser never asks for a name twice. Long runs of
// spaces and tabs are only read by the vectorized loops of
// strings.IndexByte (for the comma) and strings.Count (see trimOWSName),
// allocation-free like the rest.
//
// OPTIMIZATION: without "*", a name is only looked up, not checked to be a
// header name first: the policy lists only header names, so a lookup that
// succeeds implies the check, and one that fails gives the same answer
// (that element) as the check would. TestCheckACRHLiteralTwin and
// FuzzCheckACRH check this function against the literal steps.
func (p *Policy) checkACRH(lines []string) (bad string, ok bool) {
	limit := len(p.headers)
	n := 0
	for _, rest := range lines {
		for rest != "" {
			// Elements are separated by commas, with optional spaces and
			// tabs around them; empty elements are ignored (RFC 9110
			// §5.6.1).
			var elem string
			if i := strings.IndexByte(rest, ','); i >= 0 {
				elem, rest = rest[:i], rest[i+1:]
			} else {
				elem, rest = rest, ""
			}
			name := elem
			if elem != "" && (isOWS(elem[0]) || isOWS(elem[len(elem)-1])) {
				name = trimOWSName(elem)
			}
			if name == "" {
				continue
			}
			if p.anyHeader {
				// NOTE: "*" never covers Authorization (CORS non-wildcard
				// request-header name).
				if !fetch.IsHeaderName(name) || !p.authorization && fetch.IsCORSNonWildcardRequestHeaderName(name) {
					return trimOWS(elem), false
				}
				continue
			}
			n++
			if n > limit || !p.hasHeader(name) {
				return trimOWS(elem), false
			}
		}
	}
	return "", true
}

// hasHeader reports whether the policy lists name, case-insensitively,
// without allocating.
func (p *Policy) hasHeader(name string) bool {
	// The policy's names are lower case, and so are the names browsers
	// send: only a miss with an upper-case letter needs folding.
	if p.headerList != nil {
		// OPTIMIZATION: a few names: a linear scan, then the folding
		// below on a miss (TestSmallHeaderListAgrees).
		for _, h := range p.headerList {
			if h == name {
				return true
			}
		}
	} else if _, ok := p.headers[name]; ok {
		return true
	}
	if !hasUpper(name) {
		return false
	}
	var buf [64]byte
	if len(name) <= len(buf) {
		b := buf[:len(name)]
		for i := 0; i < len(name); i++ {
			c := name[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		_, ok := p.headers[string(b)]
		return ok
	}
	for h := range p.headers {
		if equalFold(h, name) {
			return true
		}
	}
	return false
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// isOWS reports whether b is a space or a tab, the bytes of RFC 9110's OWS.
func isOWS(b byte) bool { return b == ' ' || b == '\t' }

// trimOWS removes spaces and tabs around s.
func trimOWS(s string) string {
	i, j := 0, len(s)
	for i < j && isOWS(s[i]) {
		i++
	}
	for j > i && isOWS(s[j-1]) {
		j--
	}
	return s[i:j]
}

// trimOWSName is trimOWS for an element that must then be a header name:
// it returns trimOWS(s) whenever that has no space or tab inside, and
// otherwise a substring of s with a space or tab inside, which is not a
// header name either (the caller then computes trimOWS(s) to report it).
//
// OPTIMIZATION: a short s is trimmed one byte at a time. In a longer one,
// the runs of spaces and tabs are measured without reading them byte by
// byte: strings.Count gives the number c of spaces and tabs in s, which all
// lie outside the name when the name has none inside, and then the name is
// the len(s)-c bytes after the leading run. The leading run's length is
// known once one end of s is found not to start a run (s[0] or
// s[len(s)-1] is neither a space nor a tab), that is after reading the
// shorter run. If the name does have a space or tab inside, the same
// arithmetic gives a substring that still has one. TestTrimOWSName checks
// the contract.
func trimOWSName(s string) string {
	if len(s) <= 16 {
		return trimOWS(s)
	}
	c := strings.Count(s, " ") + strings.Count(s, "\t")
	if c == len(s) {
		return ""
	}
	// Read both runs in step until one ends (a byte that is neither ends
	// it, since c < len(s)); the other's length follows from c.
	lo, hi := 0, len(s)-1
	for isOWS(s[lo]) && isOWS(s[hi]) {
		lo++
		hi--
	}
	lead := lo
	if isOWS(s[lo]) {
		lead = c - (len(s) - 1 - hi)
	}
	return s[lead : lead+len(s)-c]
}

// writeHTTP sets the decision's headers on h, replacing any value they had,
// and adds to Vary.
func (d *decision) writeHTTP(h http.Header) {
	if d.acao != nil {
		h[hACAO] = d.acao
	}
	if d.acac != nil {
		h[hACAC] = d.acac
	}
	if d.acam != nil {
		h[hACAM] = d.acam
	}
	if d.acah != nil {
		h[hACAH] = d.acah
	}
	if d.acma != nil {
		h[hACMA] = d.acma
	}
	if d.aceh != nil {
		h[hACEH] = d.aceh
	}
	if d.vary != nil {
		if old := h[hVary]; len(old) > 0 {
			h[hVary] = append(old, d.vary...)
		} else {
			h[hVary] = d.vary
		}
	}
}

// headerList returns the decision's headers in the order Handler writes
// them.
func (d *decision) headerList() fetch.HeaderList {
	var l fetch.HeaderList
	add := func(name string, v []string) {
		if v != nil {
			l = append(l, fetch.Header{Name: name, Value: v[0]})
		}
	}
	add(hACAO, d.acao)
	add(hACAC, d.acac)
	add(hACAM, d.acam)
	add(hACAH, d.acah)
	add(hACMA, d.acma)
	add(hACEH, d.aceh)
	add(hVary, d.vary)
	return l
}

// A Decision is what a policy does with one request.
type Decision struct {
	// CORS reports that the request has an Origin header. Browsers send
	// one with every cross-origin request in cors mode (and with
	// same-origin requests other than GET and HEAD).
	CORS bool
	// Preflight reports that the request is a CORS-preflight request
	// (OPTIONS with Origin and Access-Control-Request-Method): the policy
	// answers it with Status and Header, without calling the application.
	Preflight bool
	// Allowed reports whether the policy lets script read the response:
	// the origin is allowed and, for a preflight, the method and every
	// requested header too. Requests without Origin are always allowed;
	// the browser does not check them.
	Allowed bool
	// Status is the preflight response's status; 0 for other requests,
	// whose status the application decides.
	Status int
	// Header holds the headers the policy adds to the response, in order.
	Header fetch.HeaderList
	// Denied says why the request is not allowed; "" when it is.
	Denied string
}

// Evaluate returns what the policy does with a request with this method
// and header list: whether it is a preflight, whether it is allowed, and
// the exact headers Handler adds to the response (including Vary).
func (p *Policy) Evaluate(method string, header fetch.HeaderList) Decision {
	if p == nil {
		p = &Policy{}
	}
	d := p.decide(method, values(header, hOrigin), values(header, hACRM), values(header, hACRH))
	out := Decision{
		CORS:      d.kind != kindNotCORS,
		Preflight: d.kind == kindPreflight,
		Allowed:   d.denial == denyNone,
		Header:    d.headerList(),
	}
	if out.Preflight {
		out.Status = p.status()
	}
	switch d.denial {
	case denyOrigin:
		out.Denied = "origin " + quote(d.value) + " is not allowed"
		if len(values(header, hOrigin)) > 1 {
			out.Denied = "several Origin headers"
		}
	case denyMethod:
		out.Denied = "method " + quote(d.value) + " is not allowed"
	case denyHeader:
		out.Denied = "request header " + quote(d.value) + " is not allowed"
		if p.anyHeader && fetch.IsCORSNonWildcardRequestHeaderName(d.value) {
			out.Denied += ": \"*\" does not cover Authorization; list it by name"
		}
	}
	return out
}

// status is the preflight response status.
func (p *Policy) status() int {
	if p.preflightStatus == 0 {
		return defaultPreflightStatus
	}
	return p.preflightStatus
}

// values returns the values of every header named name, in order.
func values(l fetch.HeaderList, name string) []string {
	var vs []string
	for _, h := range l {
		if equalFold(h.Name, name) {
			vs = append(vs, h.Value)
		}
	}
	return vs
}
