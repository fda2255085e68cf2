package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// Config is a CORS policy as people write it; New checks it and builds the
// Policy. Its JSON form is the scenario format's "policy" object (see the
// package documentation).
type Config struct {
	// Origins lists the origins allowed to read responses: serialized
	// origins ("https://app.example", "http://localhost:8080"), "*" for
	// any origin, subdomain patterns ("https://*.example.com": one or more
	// labels before example.com, never example.com itself), and any-port
	// patterns ("http://localhost:*", "https://*.example.com:*").
	Origins []string `json:"origins"`
	// Methods lists the methods allowed beyond GET, HEAD and POST, which
	// browsers never ask about; "*" allows any. Methods compare byte for
	// byte: fetch() upper-cases DELETE, GET, HEAD, OPTIONS, POST and PUT,
	// and sends every other method as script wrote it ("patch" is not
	// "PATCH").
	Methods []string `json:"methods,omitempty"`
	// RequestHeaders lists the request-header names script may send beyond
	// the CORS-safelisted ones, case-insensitively; "*" allows any except
	// Authorization, which must be listed by name, as the Fetch Standard
	// says.
	RequestHeaders []string `json:"requestHeaders,omitempty"`
	// ExposedHeaders lists the response-header names script may read beyond
	// the CORS-safelisted ones; "*" exposes every header to requests
	// without credentials (for credentialed requests "*" is only a name).
	ExposedHeaders []string `json:"exposedHeaders,omitempty"`
	// Credentials allows credentialed requests (cookies, HTTP
	// authentication, TLS client certificates): responses say
	// "Access-Control-Allow-Credentials: true".
	Credentials bool `json:"credentials,omitempty"`
	// MaxAge is how long browsers may cache a preflight's result, in
	// seconds: 0 sends no Access-Control-Max-Age (browsers then cache for 5
	// seconds), -1 sends "0" (no caching), 1 to 86400 sends the value.
	// Engines cap it: Chromium at 7200, WebKit at 600, Firefox at 86400.
	MaxAge int `json:"maxAge,omitempty"`
	// PreflightStatus is the status of preflight responses, 200 to 299;
	// 0 means 204.
	PreflightStatus int `json:"preflightStatus,omitempty"`
}

// maxMaxAge is the largest Access-Control-Max-Age any engine honours
// (Firefox's cap); a larger value means the same as this one everywhere.
const maxMaxAge = 86400

// defaultPreflightStatus is the status of preflight responses by default.
const defaultPreflightStatus = 204

// A Policy is a checked, immutable CORS policy: it decides, for each
// request, which CORS headers a server sends. Build one with New or Parse.
// A Policy is safe for concurrent use. The zero Policy allows no origin.
type Policy struct {
	cfg Config

	anyOrigin bool
	// exact maps each allowed serialized origin to the one-element slice
	// Access-Control-Allow-Origin takes for it.
	exact    map[string][]string
	patterns []pattern

	credentials bool
	anyMethod   bool
	methods     []string
	anyHeader   bool
	// headers holds the allowed request-header names, lower-cased;
	// authorization records that Authorization is listed by name.
	headers       map[string]struct{}
	headerList    []string // the names of headers when there are few (see smallHeaderList)
	authorization bool
	exposed       bool

	// Header values, precomputed; every slice has len == cap so that an
	// append by a later handler copies instead of writing into them.
	acaoStar      []string
	acacTrue      []string
	aceh          []string
	acam          []string // nil when only safelisted methods are allowed
	acah          []string // nil when no header is listed
	acma          []string // nil when no Access-Control-Max-Age is sent
	varyActual    []string // nil when Access-Control-Allow-Origin is static
	varyPreflight []string

	preflightStatus int
}

// frozen returns s as a slice whose capacity is its length.
func frozen(s ...string) []string { return s[:len(s):len(s)] }

// New checks c and returns the policy it describes. Every problem is
// reported, each as a *ConfigError, joined with errors.Join.
func New(c Config) (*Policy, error) {
	p := &Policy{cfg: cloneConfig(c), credentials: c.Credentials}
	var errs []error
	bad := func(code ErrorCode, field, value, format string, args ...any) {
		errs = append(errs, &ConfigError{Code: code, Field: field, Value: value, Detail: fmt.Sprintf(format, args...)})
	}
	p.buildOrigins(c, bad)
	p.buildMethods(c, bad)
	p.buildRequestHeaders(c, bad)
	p.buildExposedHeaders(c, bad)
	if c.MaxAge < -1 || c.MaxAge > maxMaxAge {
		bad(ErrMaxAgeOutOfRange, "maxAge", strconv.Itoa(c.MaxAge),
			"must be -1 (no caching), 0 (browser default) or 1 to %d seconds; no engine caches a preflight longer", maxMaxAge)
	}
	switch {
	case c.PreflightStatus == 0:
		p.preflightStatus = defaultPreflightStatus
	case fetch.IsOKStatus(c.PreflightStatus):
		p.preflightStatus = c.PreflightStatus
	default:
		bad(ErrInvalidPreflightStatus, "preflightStatus", strconv.Itoa(c.PreflightStatus),
			"browsers fail a preflight whose status is not 200-299")
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.precompute()
	return p, nil
}

func cloneConfig(c Config) Config {
	c.Origins = append([]string(nil), c.Origins...)
	c.Methods = append([]string(nil), c.Methods...)
	c.RequestHeaders = append([]string(nil), c.RequestHeaders...)
	c.ExposedHeaders = append([]string(nil), c.ExposedHeaders...)
	return c
}

type badFunc func(code ErrorCode, field, value, format string, args ...any)

func (p *Policy) buildOrigins(c Config, bad badFunc) {
	const field = "origins"
	for _, s := range c.Origins {
		if s == "*" {
			p.anyOrigin = true
			if c.Credentials {
				bad(ErrWildcardOriginWithCredentials, field, s,
					"browsers refuse \"*\" on credentialed requests; list the origins that need credentials")
			}
			if len(c.Origins) > 1 {
				bad(ErrWildcardWithOthers, field, s, "\"*\" allows every origin; remove the other entries or the \"*\"")
			}
			continue
		}
		pat, code, detail := parseOriginEntry(s)
		if code != 0 {
			bad(code, field, s, "%s", detail)
			continue
		}
		if c.Credentials {
			if pat.publicSuffix() {
				bad(ErrPublicSuffixWildcardWithCredentials, field, s,
					"%s is a public suffix: anyone can register a name under it", pat.host)
			}
			if pat.insecure() {
				bad(ErrInsecureOriginWithCredentials, field, s,
					"a network attacker can run script on an http origin; use https://%s", s[len("http://"):])
			}
		}
		if pat.exact() {
			if p.exact == nil {
				p.exact = make(map[string][]string)
			}
			p.exact[s] = frozen(s)
			continue
		}
		p.patterns = append(p.patterns, pat)
	}
}

func (p *Policy) buildMethods(c Config, bad badFunc) {
	const field = "methods"
	for _, m := range c.Methods {
		switch {
		case m == "*":
			p.anyMethod = true
			if len(c.Methods) > 1 {
				bad(ErrWildcardWithOthers, field, m, "\"*\" allows every method; remove the other entries or the \"*\"")
			}
			continue
		case !fetch.IsMethod(m):
			bad(ErrInvalidMethod, field, m, "a method is a token: letters, digits and !#$%%&'*+-.^_`|~")
			continue
		case fetch.IsForbiddenMethod(m):
			bad(ErrForbiddenMethod, field, m, "fetch() refuses to send CONNECT, TRACE and TRACK")
			continue
		}
		m = fetch.NormalizeMethod(m)
		if !contains(p.methods, m) {
			p.methods = append(p.methods, m)
		}
	}
}

func (p *Policy) buildRequestHeaders(c Config, bad badFunc) {
	const field = "requestHeaders"
	for _, n := range c.RequestHeaders {
		switch {
		case n == "*":
			p.anyHeader = true
			continue
		case !fetch.IsHeaderName(n):
			bad(ErrInvalidHeaderName, field, n, "a header name is a token: letters, digits and !#$%%&'*+-.^_`|~")
			continue
		case fetch.IsForbiddenRequestHeader(n, ""):
			bad(ErrForbiddenHeaderName, field, n, "browsers never let script set this header")
			continue
		case isCORSResponseHeaderName(n):
			bad(ErrProhibitedHeaderName, field, n,
				"a response header: the server sends it and the browser never asks for it; remove it")
			continue
		}
		n = lowerASCII(n)
		if n == "authorization" {
			p.authorization = true
		}
		if p.headers == nil {
			p.headers = make(map[string]struct{})
		}
		if _, dup := p.headers[n]; !dup && len(p.headerList) < smallHeaderList {
			p.headerList = append(p.headerList, n)
		}
		p.headers[n] = struct{}{}
	}
	if len(p.headers) > smallHeaderList {
		p.headerList = nil
	}
}

// smallHeaderList is how many allowed request-header names are searched in
// a slice rather than the map: for a few short names a linear scan costs
// less than hashing.
const smallHeaderList = 8

func (p *Policy) buildExposedHeaders(c Config, bad badFunc) {
	const field = "exposedHeaders"
	for _, n := range c.ExposedHeaders {
		switch {
		case n == "*":
		case !fetch.IsHeaderName(n):
			bad(ErrInvalidHeaderName, field, n, "a header name is a token: letters, digits and !#$%%&'*+-.^_`|~")
			continue
		case fetch.IsForbiddenResponseHeaderName(n):
			bad(ErrExposeSetCookie, field, n, "browsers never expose Set-Cookie or Set-Cookie2 to script")
			continue
		}
		p.exposed = true
	}
}

// isCORSResponseHeaderName reports whether name is one of the headers a
// server sends in answer to CORS requests.
func isCORSResponseHeaderName(name string) bool {
	return hasPrefixFold(name, "Access-Control-Allow-") || equalFold(name, "Access-Control-Expose-Headers") ||
		equalFold(name, "Access-Control-Max-Age")
}

// precompute builds the header values the policy sends.
func (p *Policy) precompute() {
	c := p.cfg
	p.acaoStar = frozen("*")
	p.acacTrue = frozen("true")
	if p.exposed {
		names := make([]string, 0, len(c.ExposedHeaders))
		for _, n := range c.ExposedHeaders {
			if n != "*" {
				n = lowerASCII(n)
			}
			if !contains(names, n) {
				names = append(names, n)
			}
		}
		p.aceh = frozen(strings.Join(names, ", "))
	}
	switch {
	case p.anyMethod:
		p.acam = frozen("*")
	case len(p.methods) > 0:
		p.acam = frozen(strings.Join(p.methods, ", "))
	}
	var names []string
	if p.anyHeader {
		names = append(names, "*")
	}
	for _, n := range c.RequestHeaders {
		if n == "*" {
			continue
		}
		n = lowerASCII(n)
		if !contains(names, n) && (!p.anyHeader || n == "authorization") {
			names = append(names, n)
		}
	}
	if len(names) > 0 {
		p.acah = frozen(strings.Join(names, ", "))
	}
	switch {
	case c.MaxAge == -1:
		p.acma = frozen("0")
	case c.MaxAge > 0:
		p.acma = frozen(strconv.Itoa(c.MaxAge))
	}
	if p.dynamicOrigin() {
		p.varyActual = frozen("Origin")
		p.varyPreflight = frozen("Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
	} else {
		p.varyPreflight = frozen("Access-Control-Request-Method, Access-Control-Request-Headers")
	}
}

// dynamicOrigin reports whether Access-Control-Allow-Origin depends on the
// request's Origin.
func (p *Policy) dynamicOrigin() bool {
	return !p.anyOrigin && (len(p.exact) > 0 || len(p.patterns) > 0)
}

// Config returns a copy of the configuration the policy was built from.
// A nil or zero Policy has the zero Config.
func (p *Policy) Config() Config {
	if p == nil {
		return Config{}
	}
	return cloneConfig(p.cfg)
}

// Parse reads a policy in its JSON form (see the package documentation).
// Unknown fields are errors; so is anything New rejects.
func Parse(data []byte) (*Policy, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if dec.More() {
		return nil, errors.New("policy: unexpected data after the policy object")
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil, errors.New("policy: a policy is a JSON object, not null")
	}
	return New(c)
}

// MarshalJSON writes the policy's Config in its JSON form.
func (p *Policy) MarshalJSON() ([]byte, error) { return json.Marshal(p.Config()) }

// UnmarshalJSON reads the JSON form, as Parse does.
func (p *Policy) UnmarshalJSON(data []byte) error {
	q, err := Parse(data)
	if err != nil {
		return err
	}
	*p = *q
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// Byte helpers: ASCII case folding only, as the Fetch Standard compares
// header names.

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

// originOf is the origin a serialized origin denotes, or the zero Origin.
func originOf(s string) origin.Origin {
	o, err := origin.ParseSerializedOrigin(s)
	if err != nil {
		return origin.Origin{}
	}
	return o
}
