package fetch

import (
	"flag"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/corsim/corsim/origin"
)

// Native fuzz targets for the entry points of the CORS protocol that read
// response headers a server controls: the CORS check, the validation of a
// preflight response (Access-Control-Allow-Methods, -Headers, -Max-Age),
// Access-Control-Expose-Headers, redirects' Location, and the TAO and
// Cross-Origin-Resource-Policy checks. Each checks its fast path against a
// literal twin written from the spec's steps where there is one.

// addLarge adds a seed of about 1 MiB, which shows that the target does
// bounded work on large input when `go test` runs the seeds. Under -fuzz it
// is left out: every fuzzing worker would first run it with coverage
// instrumentation, slow enough on a busy machine to be taken for a hang.
func addLarge(f *testing.F, args ...any) {
	if fl := flag.Lookup("test.fuzz"); fl != nil && fl.Value.String() != "" {
		return
	}
	f.Add(args...)
}

// fuzzRequest builds a request from pageA (an opaque origin when opaque)
// to apiB, redirected once more when redirected, with the credentials mode
// creds%3.
func fuzzRequest(tb testing.TB, method string, creds uint8, opaque, redirected bool, header HeaderList) *Request {
	modes := [...]CredentialsMode{CredentialsSameOrigin, CredentialsOmit, CredentialsInclude}
	urls := []string{apiB + "/data"}
	if redirected {
		urls = append(urls, "https://cdn.example/data")
	}
	r := corsRequest(tb, pageA, method, modes[creds%3], header, urls...)
	if opaque {
		r.Origin = origin.Opaque()
	}
	return r
}

// recaseNames returns h with every header name's letters flipped in case.
func recaseNames(h HeaderList) HeaderList {
	out := h.Clone()
	for i := range out {
		b := []byte(out[i].Name)
		for j, c := range b {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				b[j] = c ^ 0x20
			}
		}
		out[i].Name = string(b)
	}
	return out
}

func FuzzCORSCheck(f *testing.F) {
	f.Add(pageA, "", "true", uint8(0b0001))
	f.Add("*", "", "", uint8(0b0001))
	f.Add("*", "", "true", uint8(0b1001))
	f.Add(pageA, pageA, "true", uint8(0b0010))
	f.Add("null", "", "", uint8(0b10101))
	f.Add(pageA+"/", "", "True", uint8(0b1001))
	f.Add("https://APP.example", "", "", uint8(0b0001))
	f.Add(pageA+", "+apiB, "", "", uint8(0b0001))
	f.Add("\x00\r\n", "x", "\xff", uint8(0xff))
	addLarge(f, strings.Repeat("a", 1<<20), "", "", uint8(0b0001))
	f.Fuzz(func(t *testing.T, acaoValue, second, acacValue string, flags uint8) {
		// Bits 0-1: lines of Access-Control-Allow-Origin (the second
		// line holds second); bit 2: one or two -Credentials lines; bits
		// 3-4: credentials mode; bit 5: opaque origin; bit 6: redirected.
		var header HeaderList
		for i := range int(flags & 3) {
			v := acaoValue
			if i == 1 {
				v = second
			}
			header = append(header, Header{acao, v})
		}
		header = append(header, Header{acac, acacValue})
		if flags&4 != 0 {
			header = append(header, Header{acac, acacValue})
		}
		req := fuzzRequest(t, "GET", flags>>3&3, flags&32 != 0, flags&64 != 0, nil)
		got := CORSCheck(req, header)
		if lit := literalCORSCheck(req, header); got.OK() != lit {
			t.Fatalf("CORSCheck(%q) for %s: got %+v, the spec's steps say OK=%v", header, req.SerializedOrigin(), got, lit)
		}
		if !got.OK() && (got.Reason.IsPreflight() || !got.Reason.IsCORS()) {
			t.Fatalf("CORSCheck(%q): failure reason %v is not a CORS-check reason", header, got.Reason)
		}
		if got.OK() && acaoValue != "*" && acaoValue != req.SerializedOrigin() {
			t.Fatalf("CORSCheck(%q) for %s: allowed by a value that is neither * nor the origin", header, req.SerializedOrigin())
		}
		if got.AllowOriginLines != 0 && got.AllowOriginLines != int(flags&3) {
			t.Fatalf("CORSCheck(%q): AllowOriginLines %d, want %d", header, got.AllowOriginLines, flags&3)
		}
		if recased := CORSCheck(req, recaseNames(header)); recased != got {
			t.Fatalf("CORSCheck(%q) = %+v, but with names recased %+v", header, got, recased)
		}
	})
}

// literalValidatePreflight is the CORS-preflight fetch's step 7 as the
// spec words it, for the spec profile: the CORS check and an ok status,
// the two lists extracted by their grammar, then the method, the
// non-wildcard names and the CORS-unsafe names.
func literalValidatePreflight(req *Request, status int, header HeaderList) bool {
	// 7. The CORS check and an ok status.
	if !literalCORSCheck(req, header) || status < 200 || status > 299 {
		return false
	}
	// 7.1-7.3. Extract both lists; failure fails.
	methods, ms := literalExtractHeaderListValues(header, acam)
	names, ns := literalExtractHeaderListValues(header, acah)
	if ms == ExtractFailure || ns == ExtractFailure {
		return false
	}
	// 7.4. A forced preflight without methods allows the request's own.
	if ms == ExtractNull && req.UseCORSPreflight {
		methods = []string{req.Method}
	}
	include := req.Credentials == CredentialsInclude
	// 7.5. The method.
	if !slices.Contains(methods, req.Method) && !IsCORSSafelistedMethod(req.Method) &&
		(include || !slices.Contains(methods, "*")) {
		return false
	}
	listed := func(name string) bool {
		return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
	}
	// 7.6. Non-wildcard names (Authorization) must be listed by name.
	for _, h := range req.Header {
		if IsCORSNonWildcardRequestHeaderName(h.Name) && !listed(h.Name) {
			return false
		}
	}
	// 7.7. Every CORS-unsafe name must be listed, or covered by "*".
	for _, n := range literalCORSUnsafeRequestHeaderNames(req.Header) {
		if !listed(n) && (include || !slices.Contains(names, "*")) {
			return false
		}
	}
	return true
}

// literalMaxAge is steps 7.8-7.10 for the spec profile: the extracted
// delta-seconds (saturated as RFC 9111 says), or the default.
func literalMaxAge(header HeaderList) int64 {
	v, st := literalExtractHeaderListValues(header, acma)
	if st != ExtractOK || len(v) != 1 {
		return DefaultMaxAge
	}
	return literalDeltaSeconds(v[0])
}

// literalDeltaSeconds is delta-seconds by big-number arithmetic, saturated
// at 2^31; -1 when s is not delta-seconds.
func literalDeltaSeconds(s string) int64 {
	if !reDeltaSeconds.MatchString(s) {
		return -1
	}
	// NB: any number of more than 12 significant digits is over the limit;
	// big.Int's decimal conversion is quadratic, too slow for 1 MiB.
	if digits := strings.TrimLeft(s, "0"); len(digits) > 12 {
		return 1 << 31
	}
	n, _ := new(big.Int).SetString(s, 10)
	if limit := big.NewInt(1 << 31); n.Cmp(limit) > 0 {
		return 1 << 31
	}
	return n.Int64()
}

func FuzzValidatePreflightResponse(f *testing.F) {
	f.Add("PUT", "X-Custom", "1", "PUT", "x-custom", "600", 204, uint8(0))
	f.Add("PUT", "Authorization", "x", "*", "*", "", 200, uint8(0))
	f.Add("DELETE", "Content-Type", "application/json", "PUT, DELETE", "Content-Type", "-1", 200, uint8(2<<3))
	f.Add("patch", "", "", "PATCH", "", "abc", 200, uint8(0))
	f.Add("OPTIONS", "", "", "", "", "", 200, uint8(0b100))
	f.Add("PUT", "X-A", "1", "PUT,,", ", x-a ,", "99999999999999999999", 204, uint8(0b1000000))
	f.Add("PUT", "X-A", "1", "PUT", "x-a", "5", 302, uint8(0))
	f.Add("PUT", "X-A", "1", "P U T", "x a", "5", 404, uint8(0))
	f.Add("PUT", "x", "\x00", "\xff", "\r\n", "\x00", 500, uint8(0xff))
	addLarge(f, "PUT", "X-A", strings.Repeat("a", 1<<20), strings.Repeat("PUT,", 1<<18), strings.Repeat("x-a, ", 1<<18), strings.Repeat("9", 1<<20), 204, uint8(0))
	f.Fuzz(func(t *testing.T, method, name, value, methods, names, maxAge string, status int, flags uint8) {
		// Bit 0: no Access-Control-Allow-Origin; bit 1: two
		// Access-Control-Allow-Methods lines; bit 2: use-CORS-preflight;
		// bits 3-4: credentials mode; bit 5: two -Max-Age lines; bit 6:
		// Access-Control-Allow-Headers absent.
		if !IsMethod(method) {
			method = "PUT"
		}
		var reqHeader HeaderList
		if IsHeaderName(name) && IsHeaderValue(value) {
			reqHeader = HeaderList{{name, value}}
		}
		req := fuzzRequest(t, method, flags>>3&3, false, false, reqHeader)
		req.UseCORSPreflight = flags&4 != 0
		// A response's header values arrive without surrounding
		// whitespace, as an HTTP parser strips it.
		methods, names, maxAge = NormalizeHeaderValue(methods), NormalizeHeaderValue(names), NormalizeHeaderValue(maxAge)
		var header HeaderList
		if flags&1 == 0 {
			header = allowOK()
		}
		header = append(header, Header{acam, methods})
		if flags&2 != 0 {
			header = append(header, Header{acam, methods})
		}
		if flags&64 == 0 {
			header = append(header, Header{acah, names})
		}
		header = append(header, Header{acma, maxAge})
		if flags&32 != 0 {
			header = append(header, Header{acma, "7"})
		}
		for _, e := range Engines() {
			p := e.Profile()
			got := p.ValidatePreflightResponse(req, status, header)
			if e == EngineSpec {
				if lit := literalValidatePreflight(req, status, header); got.OK() != lit {
					t.Fatalf("spec: ValidatePreflightResponse(%s %q, %d, %q): got %+v, the spec's steps say OK=%v",
						method, reqHeader, status, header, got, lit)
				}
				if got.OK() && got.MaxAge != literalMaxAge(header) {
					t.Fatalf("spec: max-age of %q: got %d, want %d", header, got.MaxAge, literalMaxAge(header))
				}
			}
			if got.OK() {
				if got.MaxAge < 0 || (p.PreflightCacheCap > 0 && got.MaxAge > p.PreflightCacheCap) {
					t.Fatalf("%s: max-age of %q: got %d, outside [0, %d]", e, header, got.MaxAge, p.PreflightCacheCap)
				}
				if !CORSCheck(req, header).OK() || status < 200 || status > 299 {
					t.Fatalf("%s: preflight response %d %q allowed without passing the CORS check with an ok status", e, status, header)
				}
			} else if got.Reason != ReasonHeaderDisallowedByPreflightResponse && got.Reason != ReasonMethodDisallowedByPreflightResponse && !got.Reason.IsPreflight() {
				t.Fatalf("%s: preflight failure reason %v is not a preflight reason", e, got.Reason)
			}
			if recased := p.ValidatePreflightResponse(req, status, recaseNames(header)); recased != got {
				t.Fatalf("%s: ValidatePreflightResponse(%q) = %+v, but with names recased %+v", e, header, got, recased)
			}
		}
	})
}

// FuzzTokenList checks the allocation-free reader of
// Access-Control-Allow-Methods and -Headers against extracting header list
// values: the same elements, the same verdict on malformed lists, the same
// answers to contains and containsFold.
func FuzzTokenList(f *testing.F) {
	for _, s := range []string{"", "PUT", "PUT, DELETE", " , ,PUT,\t", "P U T", "PUT,\x00", "*", "x-a, X-A", "\"x\"", "a,b,,c", "é"} {
		f.Add(s, "PUT", "put")
	}
	addLarge(f, strings.Repeat("x-a, ", 1<<18), "x-b", "X-A")
	f.Fuzz(func(t *testing.T, value, second, probe string) {
		for _, name := range []string{acam, acah} {
			for _, header := range []HeaderList{{{name, value}}, {{name, value}, {"X", "y"}, {strings.ToUpper(name), second}}} {
				tl := newTokenList(header, name)
				want, st := literalExtractHeaderListValues(header, name)
				var got []string
				tl.each(func(e string) bool { got = append(got, e); return true })
				if _, bad := tl.invalid(); bad != (st == ExtractFailure) {
					t.Fatalf("tokenList(%q).invalid(): %v, extraction status %v", header, bad, st)
				}
				if st != ExtractOK {
					continue
				}
				if !slices.Equal(got, want) {
					t.Fatalf("tokenList(%q) elements: got %q, want %q", header, got, want)
				}
				if c := tl.contains(probe); c != slices.Contains(want, probe) {
					t.Fatalf("tokenList(%q).contains(%q): got %v", header, probe, c)
				}
				fold := slices.ContainsFunc(want, func(e string) bool { return strings.EqualFold(e, probe) })
				if c := tl.containsFold(probe); c != fold {
					t.Fatalf("tokenList(%q).containsFold(%q): got %v, want %v", header, probe, c, fold)
				}
				if tl.absent() {
					t.Fatalf("tokenList(%q).absent(): true", header)
				}
			}
		}
	})
}

// FuzzParseDeltaSeconds checks both delta-seconds parsers (the exported
// one, used for Access-Control-Max-Age by callers, and the preflight's own)
// against big-number arithmetic.
func FuzzParseDeltaSeconds(f *testing.F) {
	for _, s := range []string{"0", "5", "600", "007", "2147483647", "2147483648", "2147483649", "99999999999999999999", "", "-1", "+1", " 1", "1 ", "1e3", "٣", "\x00"} {
		f.Add(s)
	}
	addLarge(f, strings.Repeat("9", 1<<20))
	f.Fuzz(func(t *testing.T, s string) {
		want := literalDeltaSeconds(s)
		exp, ok := ParseDeltaSeconds(s)
		if ok != (want >= 0) || ok && int64(exp) != want {
			t.Fatalf("ParseDeltaSeconds(%q): got %d, %v; want %d", s, exp, ok, want)
		}
		own, ok := parseDeltaSeconds(s)
		if ok != (want >= 0) || ok && own != want {
			t.Fatalf("parseDeltaSeconds(%q): got %d, %v; want %d", s, own, ok, want)
		}
		// The spec profile's max-age for that one header line.
		p := EngineSpec.Profile()
		wantAge := want
		if want < 0 {
			wantAge = DefaultMaxAge
		}
		if got := p.maxAge(HeaderList{{acma, s}}); got != wantAge {
			t.Fatalf("spec maxAge(%q): got %d, want %d", s, got, wantAge)
		}
		for _, e := range Engines() {
			p := e.Profile()
			got := p.maxAge(HeaderList{{acma, s}})
			if got < 0 || p.PreflightCacheCap > 0 && got > p.PreflightCacheCap {
				t.Fatalf("%s maxAge(%q): got %d, outside [0, %d]", e, s, got, p.PreflightCacheCap)
			}
		}
	})
}

func FuzzCORSExposedHeaderNames(f *testing.F) {
	for _, s := range []string{"", "X-A", "x-a, X-B", "*", "*, x-a", ",,", "x a", "\x00", "Set-Cookie"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	addLarge(f, strings.Repeat("x-a,", 1<<18), false)
	f.Fuzz(func(t *testing.T, value string, include bool) {
		creds := CredentialsSameOrigin
		if include {
			creds = CredentialsInclude
		}
		header := HeaderList{{"Access-Control-Expose-Headers", value}, {"X-Secret", "1"}, {"content-type", "text/plain"}}
		got := CORSExposedHeaderNames(creds, header)
		want, st := literalExtractHeaderListValues(header, "Access-Control-Expose-Headers")
		switch {
		case st != ExtractOK:
			want = nil
		case !include && slices.Contains(want, "*"):
			want = nil
			for _, h := range header {
				want = append(want, h.Name)
			}
		}
		for _, n := range got {
			if !slices.ContainsFunc(want, func(w string) bool { return strings.EqualFold(w, n) }) {
				t.Fatalf("CORSExposedHeaderNames(%v, %q): %q exposed, want only %q", creds, header, n, want)
			}
		}
		for _, w := range want {
			if !slices.ContainsFunc(got, func(n string) bool { return strings.EqualFold(w, n) }) {
				t.Fatalf("CORSExposedHeaderNames(%v, %q): got %q, want %q among them", creds, header, got, w)
			}
		}
		// Filtering never lets Set-Cookie through, whatever is exposed.
		resp := &Response{Type: ResponseDefault, Status: 200, Header: append(header.Clone(), Header{"Set-Cookie", "a=b"}), CORSExposedHeaderNames: got}
		if _, ok := FilterCORS(resp).ReadableHeaders()["set-cookie"]; ok {
			t.Fatalf("FilterCORS exposes Set-Cookie with the exposed names %q", got)
		}
	})
}

func FuzzFollowRedirect(f *testing.F) {
	for _, s := range []string{"/b", "https://api.example/c", "//cdn.example/x", "https://u:p@api.example/", "data:,x", "ftp://a.example/", "#f", "", "http://[::1", "\x00", "https://a b/"} {
		f.Add(s, 302, uint8(0))
	}
	f.Add("/x", 303, uint8(1))
	f.Add("/x", 301, uint8(2))
	addLarge(f, "/"+strings.Repeat("a/", 1<<19), 307, uint8(0))
	f.Fuzz(func(t *testing.T, location string, status int, flags uint8) {
		method := [...]string{"GET", "POST", "PUT"}[flags%3]
		req := corsRequest(t, pageA, method, CredentialsSameOrigin, HeaderList{{"Authorization", "x"}, {"Content-Type", "text/plain"}}, apiB+"/a")
		req.ResponseTainting = TaintingCORS
		if flags&4 != 0 {
			req.Mode = ModeNoCORS
		}
		resp := &Response{Status: status, URLList: req.URLList, Header: HeaderList{{"Location", location}}}
		before := len(req.URLList)
		u, reason := FollowRedirect(req, resp)
		if reason != ReasonNone {
			if len(req.URLList) > before+1 {
				t.Fatalf("FollowRedirect(%d %q): %v, but the URL list grew to %v", status, location, reason, req.URLList)
			}
			return
		}
		if !IsRedirectStatus(status) || u == nil {
			if u != nil {
				t.Fatalf("FollowRedirect(%d %q): followed a non-redirect status to %v", status, location, u)
			}
			return
		}
		// The new URL is the Location parsed against the response's URL.
		want, err := origin.ParseURL(location, req.URLList[0])
		if err != nil || want.Scheme != u.Scheme || want.Host != u.Host || want.Port != u.Port || want.Path != u.Path || want.Query != u.Query {
			t.Fatalf("FollowRedirect(%d %q): got %v; ParseURL gives %v, %v", status, location, u, want, err)
		}
		if len(req.URLList) != before+1 || req.CurrentURL() != u {
			t.Fatalf("FollowRedirect(%d %q): URL list %v does not end with the new URL", status, location, req.URLList)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("FollowRedirect(%d %q): followed to scheme %q", status, location, u.Scheme)
		}
		if !u.Origin().SameOrigin(req.URLList[before-1].Origin()) && req.Header.Contains("Authorization") {
			t.Fatalf("FollowRedirect(%d %q): Authorization kept across origins to %v", status, location, u)
		}
	})
}

func FuzzResponseChecks(f *testing.F) {
	for _, s := range []string{"", "*", pageA, "null", pageA + ", " + apiB, "same-origin", "same-site", "cross-origin", "Same-Origin", "\x00"} {
		f.Add(s, s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, tao, corp string, flags uint8) {
		req := fuzzRequest(t, "GET", flags&3, flags&4 != 0, flags&8 != 0, nil)
		resp := &Response{Status: 200, URLList: req.URLList, Header: HeaderList{{"Timing-Allow-Origin", tao}, {"Cross-Origin-Resource-Policy", corp}}}
		if flags&16 != 0 {
			resp.Header = append(resp.Header, Header{"Cross-Origin-Resource-Policy", corp})
		}
		_ = TAOCheck(req, resp)
		ok := CrossOriginResourcePolicyCheck(req.Origin, resp)
		// Only a single well-formed value can refuse: anything else is
		// as if the header were absent, and an absent header allows.
		v, st := literalExtractHeaderListValues(resp.Header, "Cross-Origin-Resource-Policy")
		if !ok && (st != ExtractOK || len(v) != 1) {
			t.Fatalf("CrossOriginResourcePolicyCheck(%q): refused a malformed value", resp.Header)
		}
		if ok && st == ExtractOK && len(v) == 1 && v[0] == "same-origin" && !req.Origin.SameOrigin(req.CurrentURL().Origin()) {
			t.Fatalf("CrossOriginResourcePolicyCheck(%q): same-origin allowed %v to read %v", resp.Header, req.Origin, req.CurrentURL())
		}
	})
}
