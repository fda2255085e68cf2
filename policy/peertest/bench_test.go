package peertest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// okWriter is a ResponseWriter that allocates nothing: its header map is
// cleared and reused.
type okWriter struct{ h http.Header }

func (w *okWriter) Header() http.Header         { return w.h }
func (w *okWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *okWriter) WriteHeader(int)             {}

// BenchmarkMiddleware compares policy.Handler with rs/cors, go-chi/cors and
// gin-contrib/cors on the same configuration (one origin, credentials, four
// methods, two headers) and the same requests, with an API that does
// nothing behind each, and a ResponseWriter that allocates nothing. Sub-benchmark names pair the
// peers: BenchmarkMiddleware/<case>/<peer>.
func BenchmarkMiddleware(b *testing.B) {
	c := config{origins: []string{appOrigin}, methods: []string{"GET", "POST", "PUT", "DELETE"},
		headers: []string{"Content-Type", "Authorization"}, credentials: true, maxAge: 600,
		next: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})}
	request := func(method, origin string, preflight bool) *http.Request {
		r := httptest.NewRequest(method, apiURL, nil)
		r.Header.Set("Origin", origin)
		if preflight {
			r.Header.Set("Access-Control-Request-Method", "PUT")
			r.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		}
		return r
	}
	cases := []struct {
		name string
		req  *http.Request
	}{
		{"preflight-allowed", request("OPTIONS", appOrigin, true)},
		{"preflight-denied", request("OPTIONS", "https://evil.example", true)},
		{"actual-allowed", request("GET", appOrigin, false)},
		{"actual-denied", request("GET", "https://evil.example", false)},
	}
	for _, cs := range cases {
		for _, peer := range peers {
			b.Run(cs.name+"/"+peer.name, func(b *testing.B) {
				h := peer.build(b, c)
				w := &okWriter{h: make(http.Header)}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					h.ServeHTTP(w, cs.req)
				}
			})
		}
	}
}
