package fetch

import (
	"fmt"
	"strings"
	"testing"
)

// manyHeaders is a response header list of n unrelated headers.
func manyHeaders(n int) HeaderList {
	l := make(HeaderList, n)
	for i := range l {
		l[i] = Header{fmt.Sprintf("X-Unrelated-%d", i), "value"}
	}
	return l
}

func BenchmarkCORSCheck(b *testing.B) {
	longList := strings.Repeat(apiB+", ", 200) + pageA
	cases := []struct {
		name   string
		creds  CredentialsMode
		urls   []string
		header HeaderList
	}{
		{"exact", CredentialsSameOrigin, []string{apiB + "/data"}, HeaderList{{"Content-Type", "application/json"}, {acao, pageA}, {"Vary", "Origin"}}},
		{"wildcard", CredentialsOmit, []string{apiB + "/data"}, HeaderList{{acao, "*"}}},
		{"include", CredentialsInclude, []string{apiB + "/data"}, HeaderList{{acao, pageA}, {acac, "true"}}},
		{"redirected", CredentialsSameOrigin, []string{pageA + "/r", apiB + "/a", apiB + "/b"}, HeaderList{{acao, pageA}}},
		{"tainted-null", CredentialsSameOrigin, []string{apiB + "/r", cdnC + "/d"}, HeaderList{{acao, "null"}}},
		{"after-100-headers", CredentialsInclude, []string{apiB + "/data"}, append(manyHeaders(100), Header{acao, pageA}, Header{acac, "true"})},
		{"fail-missing", CredentialsSameOrigin, []string{apiB + "/data"}, manyHeaders(10)},
		{"fail-mismatch", CredentialsSameOrigin, []string{apiB + "/data"}, HeaderList{{acao, pageA + "/"}}},
		{"fail-long-list", CredentialsSameOrigin, []string{apiB + "/data"}, HeaderList{{acao, longList}}},
		{"fail-two-lines", CredentialsSameOrigin, []string{apiB + "/data"}, HeaderList{{acao, pageA}, {acao, pageA}}},
		{"fail-not-a-url", CredentialsSameOrigin, []string{apiB + "/data"}, HeaderList{{acao, strings.Repeat("x", 1000)}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			req := corsRequest(b, pageA, "GET", c.creds, nil, c.urls...)
			b.ReportAllocs()
			for b.Loop() {
				CORSCheck(req, c.header)
			}
		})
	}
}

func BenchmarkValidatePreflightResponse(b *testing.B) {
	var names []string
	var reqHeader HeaderList
	for i := range 100 {
		n := fmt.Sprintf("X-Custom-%03d", i)
		names = append(names, n)
		reqHeader = append(reqHeader, Header{n, "1"})
	}
	cases := []struct {
		name   string
		method string
		creds  CredentialsMode
		header HeaderList
		resp   HeaderList
	}{
		{"put", "PUT", CredentialsSameOrigin, nil, HeaderList{{acao, pageA}, {acam, "GET, PUT, DELETE"}, {acma, "600"}}},
		{"json-credentials", "POST", CredentialsInclude,
			HeaderList{{"Content-Type", "application/json"}, {"Authorization", "Bearer x"}, {"X-Requested-With", "XMLHttpRequest"}},
			HeaderList{{acao, pageA}, {acac, "true"}, {acam, "POST"}, {acah, "Content-Type, Authorization, X-Requested-With"}, {acma, "86400"}}},
		{"wildcards", "DELETE", CredentialsOmit, HeaderList{{"X-A", "1"}, {"Authorization", "x"}},
			HeaderList{{acao, "*"}, {acam, "*"}, {acah, "*, authorization"}}},
		// 100 request headers against a 100-name list, the last listed
		// first: quadratic in the list sizes.
		{"100-names", "PUT", CredentialsSameOrigin, reqHeader,
			HeaderList{{acao, pageA}, {acam, "PUT"}, {acah, strings.Join(reverse(names), ", ")}}},
		{"fail-header", "PUT", CredentialsSameOrigin, HeaderList{{"X-Z", "1"}},
			HeaderList{{acao, pageA}, {acam, "PUT"}, {acah, strings.Join(names, ",")}}},
	}
	for _, c := range cases {
		for _, e := range Engines() {
			b.Run(c.name+"/"+e.String(), func(b *testing.B) {
				p := e.Profile()
				req := corsRequest(b, pageA, c.method, c.creds, c.header, apiB+"/data")
				b.ReportAllocs()
				for b.Loop() {
					p.ValidatePreflightResponse(req, 204, c.resp)
				}
			})
		}
	}
}

func reverse(s []string) []string {
	r := make([]string, len(s))
	for i, v := range s {
		r[len(s)-1-i] = v
	}
	return r
}

func BenchmarkNeedsCORSWithPreflight(b *testing.B) {
	header := HeaderList{{"Accept", "application/json"}, {"Accept-Language", "en-GB,en;q=0.9"}, {"Content-Type", "text/plain;charset=UTF-8"}}
	for _, e := range Engines() {
		b.Run(e.String(), func(b *testing.B) {
			p := e.Profile()
			req := corsRequest(b, pageA, "POST", CredentialsSameOrigin, header, apiB+"/data")
			b.ReportAllocs()
			for b.Loop() {
				p.NeedsCORSWithPreflight(req)
			}
		})
	}
}

func BenchmarkPreflightCache(b *testing.B) {
	resp := HeaderList{{acao, pageA}, {acam, "PUT, DELETE"}, {acah, "Content-Type, X-Requested-With"}}
	header := HeaderList{{"Content-Type", "application/json"}, {"X-Requested-With", "XMLHttpRequest"}}
	for _, e := range Engines() {
		clock := newFakeClock()
		c := NewPreflightCache(e.Profile(), clock.Now)
		req := corsRequest(b, pageA, "PUT", CredentialsSameOrigin, header, apiB+"/data")
		b.Run("store/"+e.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Store(req, resp, 600)
			}
		})
		b.Run("hit/"+e.String(), func(b *testing.B) {
			c.Store(req, resp, 600)
			b.ReportAllocs()
			for b.Loop() {
				if c.NeedsPreflight(req) {
					b.Fatal("cache miss")
				}
			}
		})
	}
}

func BenchmarkFilterCORS(b *testing.B) {
	h := append(manyHeaders(20), Header{"Content-Type", "text/plain"}, Header{"Set-Cookie", "a=1"}, Header{aceh, "X-Unrelated-3, X-Unrelated-7"})
	internal := &Response{Status: 200, URLList: urlList(b, apiB+"/r"), Header: h}
	b.ReportAllocs()
	for b.Loop() {
		internal.CORSExposedHeaderNames = CORSExposedHeaderNames(CredentialsSameOrigin, h)
		FilterCORS(internal)
	}
}

func BenchmarkRedirectTaint(b *testing.B) {
	req := corsRequest(b, pageA, "GET", CredentialsSameOrigin, nil, pageA+"/1", apiB+"/2", cdnC+"/3", pageA+"/4")
	b.ReportAllocs()
	for b.Loop() {
		req.RedirectTaint()
	}
}
