package fetch

import "strings"

import ()

// NeedsCORSWithPreflight reports whether main fetch takes its
// CORS-with-preflight branch for req (step 12, "use-CORS-preflight flag
// set, or unsafe-request flag set and a non-safelisted method or
// CORS-unsafe request-header names"). Whether a preflight then goes on the
// wire also depends on the preflight cache (see PreflightCache.NeedsPreflight).
//
// It judges headers with the profile's safelist, and does not allocate.
func (p *Profile) NeedsCORSWithPreflight(req *Request) bool {
	if req.UseCORSPreflight {
		return true
	}
	if !req.UnsafeRequest {
		return false
	}
	return !IsCORSSafelistedMethod(req.Method) || p.hasCORSUnsafeRequestHeaderNames(req.Header)
}

// hasCORSUnsafeRequestHeaderNames reports whether the [CORS-unsafe
// request-header names] of l, as the profile judges them, are not empty.
// It allocates only when the profile combines repeated names.
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
func (p *Profile) hasCORSUnsafeRequestHeaderNames(l HeaderList) bool {
	found := false
	p.eachCORSUnsafe(l, func(int) bool {
		found = true
		return false
	})
	return found
}

// CORSUnsafeRequestHeaderNames is the profile's [CORS-unsafe request-header
// names] of l: byte-lowercased, deduplicated and sorted. For the spec
// profile it equals the package-level CORSUnsafeRequestHeaderNames.
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
func (p *Profile) CORSUnsafeRequestHeaderNames(l HeaderList) []string {
	var names []string
	p.eachCORSUnsafe(l, func(i int) bool {
		names = append(names, l[i].Name)
		return true
	})
	return sortedLowercaseSet(names)
}

// eachCORSUnsafe calls fn with the index of every header of l whose name is
// CORS-unsafe under the profile, until fn returns false. Names may repeat;
// with SafelistCombinesDuplicates only a name's first header is reported,
// judged on the combined value.
func (p *Profile) eachCORSUnsafe(l HeaderList, fn func(i int) bool) {
	safelisted := p.safelist()
	// judge reports whether header i is safelisted, and the size its value
	// counts for; skip is set for a repeated name already judged.
	judge := func(i int) (ok bool, size int, skip bool) {
		h := &l[i]
		if !p.SafelistCombinesDuplicates {
			return safelisted(h.Name, h.Value), len(h.Value), false
		}
		for j := 0; j < i; j++ {
			if equalFoldASCII(l[j].Name, h.Name) {
				return false, 0, true
			}
		}
		v := h.Value
		for j := i + 1; j < len(l); j++ {
			if equalFoldASCII(l[j].Name, h.Name) {
				v, _ = l.Get(h.Name)
				break
			}
		}
		return safelisted(h.Name, v), len(v), false
	}
	// 4. Sum the sizes of the safelisted values (the potentially unsafe
	// headers), reporting the unsafe ones as they come when no total limit
	// can apply.
	size := 0
	for i := range l {
		ok, n, skip := judge(i)
		if skip {
			continue
		}
		if ok {
			size += n
		}
	}
	// 5. Past the total limit, every potentially unsafe name is unsafe too.
	allUnsafe := p.SafelistTotalLimit >= 0 && size > p.safelistTotalLimit()
	for i := range l {
		ok, _, skip := judge(i)
		if skip || (ok && !allUnsafe) {
			continue
		}
		if !fn(i) {
			return
		}
	}
}

// safelistTotalLimit is the most bytes the values of CORS-safelisted
// request-headers may total before they all count as unsafe.
func (p *Profile) safelistTotalLimit() int {
	if p.SafelistTotalLimit == 0 {
		return maxSafelistedValueTotal
	}
	return p.SafelistTotalLimit
}

func (p *Profile) safelist() func(name, value string) bool {
	if p.SafelistedRequestHeader == nil {
		return IsCORSSafelistedRequestHeader
	}
	return p.SafelistedRequestHeader
}

// NewPreflightRequest builds the [CORS-preflight request] for req: OPTIONS,
// the same URL and origin, "Accept: */*", Access-Control-Request-Method with
// the method byte for byte, and Access-Control-Request-Headers with the
// CORS-unsafe request-header names joined by "," without spaces, only when
// there are some. The preflight never carries credentials: its credentials
// mode is left at same-origin and its tainting is cors.
//
// [CORS-preflight request]: https://fetch.spec.whatwg.org/#cors-preflight-request
func (p *Profile) NewPreflightRequest(req *Request) *Request {
	// 1. A new OPTIONS request with the request's URL list and origin, in
	// cors mode with cors tainting.
	pre := &Request{
		Method:           "OPTIONS",
		URLList:          req.URLList[:len(req.URLList):len(req.URLList)],
		Header:           make(HeaderList, 0, 3),
		Origin:           req.Origin,
		ReferrerPolicy:   req.ReferrerPolicy,
		Mode:             ModeCORS,
		Credentials:      CredentialsSameOrigin,
		ResponseTainting: TaintingCORS,
		RedirectCount:    req.RedirectCount,
	}
	// 2. Accept: */*.
	pre.Header.Append("Accept", "*/*")
	// 3. Access-Control-Request-Method: the method, as is.
	pre.Header.Append("Access-Control-Request-Method", req.Method)
	// 4-5. Access-Control-Request-Headers, when there are unsafe names.
	if v := p.AccessControlRequestHeaders(req.Header); v != "" {
		pre.Header.Append("Access-Control-Request-Headers", v)
	}
	pre.originCache = req.originCache
	return pre
}

// AccessControlRequestHeaders is the Access-Control-Request-Headers value
// for a request with header list l: its CORS-unsafe request-header names,
// lower-cased, deduplicated, sorted, joined by "," (step 5.1), or "" when
// there are none. It allocates the result only, for up to 16 names.
//
// OPTIMIZATION: equal to joinComma(p.CORSUnsafeRequestHeaderNames(l)),
// which TestAccessControlRequestHeadersAgrees checks.
func (p *Profile) AccessControlRequestHeaders(l HeaderList) string {
	var stack [16]int
	idx := stack[:0]
	p.eachCORSUnsafe(l, func(i int) bool {
		idx = append(idx, i)
		return true
	})
	if len(idx) == 0 {
		return ""
	}
	// Sort by lower-cased name (insertion sort: few names), then join the
	// distinct ones.
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && lessFoldASCII(l[idx[j]].Name, l[idx[j-1]].Name); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	dedupe := !p.ACRHKeepsDuplicates
	n := 0
	for k, i := range idx {
		if dedupe && k > 0 && equalFoldASCII(l[i].Name, l[idx[k-1]].Name) {
			continue
		}
		n += len(l[i].Name) + 1
	}
	b := make([]byte, 0, n-1)
	for k, i := range idx {
		if dedupe && k > 0 && equalFoldASCII(l[i].Name, l[idx[k-1]].Name) {
			continue
		}
		if len(b) > 0 {
			b = append(b, ',')
		}
		for _, c := range []byte(l[i].Name) {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
	}
	return string(b)
}

// joinComma joins names with "," and no space, as the preflight does
// (deliberately not the header list's combine, which adds a space).
func joinComma(names []string) string {
	n := len(names) - 1
	for _, s := range names {
		n += len(s)
	}
	b := make([]byte, 0, n)
	for i, s := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, s...)
	}
	return string(b)
}

// A PreflightResult is the outcome of validating a CORS-preflight response.
type PreflightResult struct {
	// Reason is ReasonNone when the preflight allows the request.
	Reason Reason
	// Value is the offending value: the Access-Control-Allow-Origin or
	// -Credentials value, the method, the (lower-cased) header name, or the
	// unparsable Access-Control-Allow-Methods/-Headers value.
	Value string
	// AllowOriginLines is how many Access-Control-Allow-Origin lines the
	// preflight response had.
	AllowOriginLines int
	// Status is the preflight response's status.
	Status int
	// MaxAge is how many seconds the engine caches the result; 0 means it is
	// not cached.
	MaxAge int64
	// HeaderName is the refused header's name as script wrote it (for
	// ReasonHeaderDisallowedByPreflightResponse; Value has it lower-cased).
	HeaderName string
	// AuthorizationCoveredByWildcard reports that the request's
	// Authorization header passed only because the engine lets
	// "Access-Control-Allow-Headers: *" cover it, which the spec does not
	// (engines warn in the console).
	AuthorizationCoveredByWildcard bool
}

// OK reports whether the preflight allows the request.
func (r PreflightResult) OK() bool { return r.Reason == ReasonNone }

// ValidatePreflightResponse performs the checks of the [CORS-preflight
// fetch] on a response to the preflight for req, in order: the CORS check
// (as a Preflight* reason) and an ok status (the other way round in profiles
// with PreflightStatusFirst), parsing
// Access-Control-Allow-Methods and -Headers as lists of tokens, the method,
// Authorization, the CORS-unsafe request-header names, and max-age.
// A redirect status fails with ReasonPreflightDisallowedRedirect: first in
// profiles with PreflightRedirectFirst (Chromium), else where the spec
// finds that the status is not ok.
//
// On success it does not allocate.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func (p *Profile) ValidatePreflightResponse(req *Request, status int, header HeaderList) PreflightResult {
	res := PreflightResult{Status: status}
	// 7. A preflight is never redirected: Chromium refuses a redirect before
	// looking at anything else.
	if p.PreflightRedirectFirst && isRedirectStatus(status) {
		res.Reason = ReasonPreflightDisallowedRedirect
		return res
	}
	// 7. The response must pass a CORS check done with req's credentials
	// mode and have an ok status. The spec states the CORS check first and
	// Chromium reports in that order (a 500 without
	// Access-Control-Allow-Origin is PreflightMissingAllowOriginHeader);
	// Firefox and WebKit report the status first.
	okStatus := status >= 200 && status <= 299
	notOK := ReasonPreflightInvalidStatus
	if isRedirectStatus(status) {
		notOK = ReasonPreflightDisallowedRedirect
	}
	if !okStatus && p.PreflightStatusFirst {
		res.Reason = notOK
		return res
	}
	if c := CORSCheck(req, header); !c.OK() {
		res.Reason, res.Value, res.AllowOriginLines = c.Reason.preflightVariant(), c.Value, c.AllowOriginLines
		return res
	}
	if !okStatus {
		res.Reason = notOK
		return res
	}
	include := req.Credentials == CredentialsInclude
	// 7.1-7.3. Both lists must parse as lists of tokens.
	methods := newTokenList(header, "Access-Control-Allow-Methods")
	if bad, ok := methods.invalid(); ok {
		res.Reason, res.Value = ReasonInvalidAllowMethodsPreflightResponse, bad
		return res
	}
	names := newTokenList(header, "Access-Control-Allow-Headers")
	if bad, ok := names.invalid(); ok {
		res.Reason, res.Value = ReasonInvalidAllowHeadersPreflightResponse, bad
		return res
	}
	// 7.4-7.5. The method must be listed, safelisted, or covered by "*"
	// (which does not count for credentialed requests). A request forced to
	// preflight whose response lists no methods allows its own method.
	if !(methods.absent() && req.UseCORSPreflight) && !IsCORSSafelistedMethod(req.Method) &&
		!methods.contains(req.Method) &&
		(include || !methods.contains("*")) {
		res.Reason, res.Value = ReasonMethodDisallowedByPreflightResponse, req.Method
		return res
	}
	wildcard := !include && names.containsFold("*")
	// 7.6. Authorization must be listed by name: "*" does not cover it.
	if req.Header.Contains("Authorization") && !names.containsFold("Authorization") {
		if !(wildcard && p.WildcardCoversAuthorization) {
			res.Reason, res.Value, res.HeaderName = ReasonHeaderDisallowedByPreflightResponse, "authorization", authorizationAsWritten(req.Header)
			return res
		}
		res.AuthorizationCoveredByWildcard = true
	}
	// 7.7. Every CORS-unsafe request-header name must be listed, unless "*"
	// covers it. Report the first failing name in sorted order, as the
	// spec's sorted list and Chromium do.
	if !wildcard {
		if bad, ok := p.firstUnlistedUnsafeName(req.Header, names); ok {
			res.Reason, res.Value, res.HeaderName = ReasonHeaderDisallowedByPreflightResponse, lowerASCII(bad), bad
			return res
		}
	}
	// 7.8-7.10. Max-age.
	res.MaxAge = p.maxAge(header)
	return res
}

// firstUnlistedUnsafeName finds, among l's CORS-unsafe request-header names,
// the bytewise-smallest (after lower-casing) that names does not list. It
// returns the name as written.
func (p *Profile) firstUnlistedUnsafeName(l HeaderList, names tokenList) (string, bool) {
	best := -1
	p.eachCORSUnsafe(l, func(i int) bool {
		if !names.containsFold(l[i].Name) && (best < 0 || lessFoldASCII(l[i].Name, l[best].Name)) {
			best = i
		}
		return true
	})
	if best < 0 {
		return "", false
	}
	return l[best].Name, true
}

// maxAge applies the profile's rules to Access-Control-Max-Age (steps
// 7.8-7.10 and each engine's departures from them).
func (p *Profile) maxAge(header HeaderList) int64 {
	n := header.Count("Access-Control-Max-Age")
	if n == 0 {
		return DefaultMaxAge
	}
	v, _ := firstValue(header, "Access-Control-Max-Age")
	if n == 1 && v == "" {
		// NB: an empty value is failure, hence the default, in the spec,
		// Chromium and WebKit; Firefox, which does not cache other values
		// it cannot parse, reads it as absent (nsCORSListenerProxy.cpp,
		// AddResultToCache), which also gives the default.
		return DefaultMaxAge
	}
	if p.MaxAgeInteger != "" && n == 1 {
		// DEVIATION (Chromium, WebKit): a signed integer; negative means
		// not cached, too large for int64 is unparsable.
		s := v
		if p.MaxAgeInteger == "int64-trim" {
			s = strings.Trim(v, webkitWhitespace)
		} else if strings.IndexByte(asciiWhitespace, v[0]) >= 0 {
			s = ""
		}
		secs, ok := parseSignedInt64(s)
		switch {
		case !ok:
			if p.MaxAgeUnparsable == MaxAgeNoCache {
				return 0
			}
			return DefaultMaxAge
		case secs < 0:
			if p.MaxAgeNegative == MaxAgeNoCache {
				return 0
			}
			return DefaultMaxAge
		case p.PreflightCacheCap > 0 && secs > p.PreflightCacheCap:
			return p.PreflightCacheCap
		}
		return secs
	}
	secs, ok := parseDeltaSeconds(v)
	if n > 1 || !ok {
		// 7.9. Failure gives the default ... unless the engine says
		// otherwise; a negative integer is failure in the spec too.
		handling := p.MaxAgeUnparsable
		if n == 1 && isNegativeInteger(v) {
			handling = p.MaxAgeNegative
		}
		if handling == MaxAgeNoCache {
			return 0
		}
		return DefaultMaxAge
	}
	// 7.10. Cap at the engine's limit.
	if p.PreflightCacheCap > 0 && secs > p.PreflightCacheCap {
		return p.PreflightCacheCap
	}
	return secs
}

// isNegativeInteger reports whether s is "-" followed by one or more ASCII
// digits.
func isNegativeInteger(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseDeltaSeconds parses delta-seconds (1*DIGIT), saturating at
// 2147483648 as RFC 9111 section 1.2.2 directs.
func parseDeltaSeconds(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < 2147483648 {
			n = n*10 + int64(c-'0')
		}
	}
	return min(n, 2147483648), true
}

func isRedirectStatus(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// authorizationAsWritten returns the name of l's first Authorization header
// as written.
func authorizationAsWritten(l HeaderList) string {
	for i := range l {
		if equalFoldASCII(l[i].Name, "Authorization") {
			return l[i].Name
		}
	}
	return "Authorization"
}
