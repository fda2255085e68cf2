package bench

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	ginCORS "github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	chiCORS "github.com/go-chi/cors"
	rsCORS "github.com/rs/cors"

	"github.com/corsim/corsim/policy"
)

const (
	apiURL     = "https://api.example.com/data"
	apiPath    = "/data"
	appOrigin  = "https://app.example.com"
	evilOrigin = "https://evil.example"
)

// mwConfig is one CORS configuration, given to every middleware in the
// form that library takes.
type mwConfig struct {
	origins     []string
	methods     []string
	headers     []string
	credentials bool
	maxAge      int
}

// The three configurations of the matrix. Each allows four methods and two
// request headers and caches preflights for ten minutes; they differ in
// the origins and credentials.
var (
	oneOrigin = mwConfig{origins: []string{appOrigin}, methods: []string{"GET", "POST", "PUT", "DELETE"},
		headers: []string{"Content-Type", "Authorization"}, maxAge: 600}
	thousandOrigins = func() mwConfig {
		c := oneOrigin
		c.origins = make([]string, 1000)
		for i := range c.origins {
			c.origins[i] = fmt.Sprintf("https://app%d.example.com", i)
		}
		return c
	}()
	credentialed = func() mwConfig {
		c := oneOrigin
		c.credentials = true
		return c
	}()
)

// lastOrigin is the allowed origin the 1,000-origin rows send: the last
// one listed, where a linear search ends.
var lastOrigin = thousandOrigins.origins[len(thousandOrigins.origins)-1]

// noop is the API behind each middleware: it does nothing, so that only
// the middleware is measured.
var noop = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

func corsimHandler(tb testing.TB, c mwConfig) http.Handler {
	p, err := policy.New(policy.Config{Origins: c.origins, Methods: c.methods, RequestHeaders: c.headers,
		Credentials: c.credentials, MaxAge: c.maxAge})
	if err != nil {
		tb.Fatal(err)
	}
	return policy.Handler(p, noop)
}

func rsHandler(_ testing.TB, c mwConfig) http.Handler {
	return rsCORS.New(rsCORS.Options{AllowedOrigins: c.origins, AllowedMethods: c.methods, AllowedHeaders: c.headers,
		AllowCredentials: c.credentials, MaxAge: c.maxAge}).Handler(noop)
}

func chiHandler(_ testing.TB, c mwConfig) http.Handler {
	return chiCORS.Handler(chiCORS.Options{AllowedOrigins: c.origins, AllowedMethods: c.methods, AllowedHeaders: c.headers,
		AllowCredentials: c.credentials, MaxAge: c.maxAge})(noop)
}

// ginHandler puts gin-contrib/cors in front of the API in a gin engine, as
// the library is used: it is gin middleware, so gin's routing and context
// are part of its cost.
func ginHandler(tb testing.TB, c mwConfig) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	cfg := ginCORS.Config{AllowOrigins: c.origins, AllowMethods: c.methods, AllowHeaders: c.headers,
		AllowCredentials: c.credentials, MaxAge: time.Duration(c.maxAge) * time.Second}
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	e := gin.New()
	e.Use(ginCORS.New(cfg))
	e.Any(apiPath, gin.WrapH(noop))
	return e
}

// middlewares are the implementations compared, with the names that end
// the benchmarks' names.
var middlewares = []struct {
	name  string
	build func(testing.TB, mwConfig) http.Handler
}{
	{"corsim", corsimHandler},
	{"rscors", rsHandler},
	{"chicors", chiHandler},
	{"gincors", ginHandler},
}

// A row is one case of the request matrix: a configuration and a request.
type row struct {
	name string
	cfg  *mwConfig
	// preflight: an OPTIONS request with Access-Control-Request-Method PUT.
	preflight bool
	origin    string
	// acrh holds the Access-Control-Request-Headers lines of a preflight.
	acrh []string
	// cookie: the browser sends credentials (the request is made with
	// credentials "include").
	cookie bool
	// allowed is the answer the URL-and-CORS model expects: whether a
	// browser lets script read the response.
	allowed bool
}

// The adversarial Access-Control-Request-Headers values. Browsers send one
// line of lower-case names, sorted, without spaces; these do not.
var (
	// acrhHuge is one line of 1,000 distinct names the policy does not list.
	acrhHuge = func() []string {
		names := make([]string, 1000)
		for i := range names {
			names[i] = fmt.Sprintf("x-h%03d", i)
		}
		return []string{strings.Join(names, ",")}
	}()
	// acrhRepeated names an allowed header 1,000 times in one line.
	acrhRepeated = []string{strings.TrimSuffix(strings.Repeat("authorization,", 1000), ",")}
	// acrhRepeatedLines sends 1,000 lines, each naming an allowed header.
	acrhRepeatedLines = slices.Repeat([]string{"authorization"}, 1000)
	// acrhWhitespace surrounds the comma between the two allowed names with
	// 1,000 bytes of spaces and tabs each side.
	acrhWhitespace = []string{"authorization" + strings.Repeat(" \t", 500) + "," + strings.Repeat("\t ", 500) + "content-type"}
	// acrhBrowser is what Chromium sends for a fetch with Authorization and
	// Content-Type: application/json.
	acrhBrowser = []string{"authorization,content-type"}
)

// matrix is the request matrix every middleware answers.
var matrix = []row{
	{name: "preflight-allowed", cfg: &oneOrigin, preflight: true, origin: appOrigin, acrh: acrhBrowser, allowed: true},
	{name: "preflight-denied", cfg: &oneOrigin, preflight: true, origin: evilOrigin, acrh: acrhBrowser},
	{name: "actual-allowed", cfg: &oneOrigin, origin: appOrigin, allowed: true},
	{name: "actual-denied", cfg: &oneOrigin, origin: evilOrigin},
	{name: "preflight-allowed-1000-origins", cfg: &thousandOrigins, preflight: true, origin: lastOrigin, acrh: acrhBrowser, allowed: true},
	{name: "preflight-denied-1000-origins", cfg: &thousandOrigins, preflight: true, origin: evilOrigin, acrh: acrhBrowser},
	{name: "actual-allowed-1000-origins", cfg: &thousandOrigins, origin: lastOrigin, allowed: true},
	{name: "actual-denied-1000-origins", cfg: &thousandOrigins, origin: evilOrigin},
	{name: "preflight-credentialed", cfg: &credentialed, preflight: true, origin: appOrigin, acrh: acrhBrowser, cookie: true, allowed: true},
	{name: "actual-credentialed", cfg: &credentialed, origin: appOrigin, cookie: true, allowed: true},
	{name: "acrh-huge", cfg: &oneOrigin, preflight: true, origin: appOrigin, acrh: acrhHuge},
	{name: "acrh-repeated", cfg: &oneOrigin, preflight: true, origin: appOrigin, acrh: acrhRepeated},
	{name: "acrh-repeated-lines", cfg: &oneOrigin, preflight: true, origin: appOrigin, acrh: acrhRepeatedLines},
	{name: "acrh-whitespace", cfg: &oneOrigin, preflight: true, origin: appOrigin, acrh: acrhWhitespace, allowed: true},
}

// request builds the row's request. Header names are in net/http's
// canonical form, as a server reads them.
func (r *row) request() *http.Request {
	method := "GET"
	if r.preflight {
		method = "OPTIONS"
	}
	req := httptest.NewRequest(method, apiURL, nil)
	req.Header["Origin"] = []string{r.origin}
	if r.preflight {
		req.Header["Access-Control-Request-Method"] = []string{"PUT"}
		if r.acrh != nil {
			req.Header["Access-Control-Request-Headers"] = slices.Clone(r.acrh)
		}
	}
	if r.cookie && !r.preflight {
		// NOTE: a preflight never carries credentials.
		req.Header["Cookie"] = []string{"session=1"}
	}
	return req
}

// okWriter is a ResponseWriter that allocates nothing: its header map is
// cleared and reused.
type okWriter struct{ h http.Header }

func (w *okWriter) Header() http.Header         { return w.h }
func (w *okWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *okWriter) WriteHeader(int)             {}

// BenchmarkMiddleware compares policy.Handler with rs/cors, go-chi/cors and
// gin-contrib/cors on the same configurations and the same requests (the
// matrix), with an API that does nothing behind each and a ResponseWriter
// that allocates nothing. Names pair the implementations:
// BenchmarkMiddleware/<row>/<implementation>.
func BenchmarkMiddleware(b *testing.B) {
	for _, r := range matrix {
		for _, m := range middlewares {
			b.Run(r.name+"/"+m.name, func(b *testing.B) {
				h := m.build(b, *r.cfg)
				req := r.request()
				w := &okWriter{h: make(http.Header)}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					h.ServeHTTP(w, req)
				}
			})
		}
	}
}

// TestCorsimAllowedActualAllocs pins the goal that policy.Handler allocates
// nothing for an allowed actual request, on every such row of the matrix.
func TestCorsimAllowedActualAllocs(t *testing.T) {
	n := 0
	for _, r := range matrix {
		if r.preflight || !r.allowed {
			continue
		}
		n++
		h := corsimHandler(t, *r.cfg)
		req := r.request()
		w := &okWriter{h: make(http.Header)}
		got := testing.AllocsPerRun(100, func() {
			clear(w.h)
			h.ServeHTTP(w, req)
		})
		if got != 0 {
			t.Errorf("%s: %v allocations, want 0", r.name, got)
		}
		if w.h.Get("Access-Control-Allow-Origin") != r.origin {
			t.Errorf("%s: Access-Control-Allow-Origin %q, want %q", r.name, w.h.Get("Access-Control-Allow-Origin"), r.origin)
		}
	}
	if n != 3 {
		t.Errorf("%d allowed actual rows, want 3", n)
	}
}
