package peertest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	ginCORS "github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	chiCORS "github.com/go-chi/cors"
	rsCORS "github.com/rs/cors"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/simulate"
)

const (
	apiURL    = "https://api.example.com/data"
	appOrigin = "https://app.example.com"
)

// app is the API behind each CORS middleware.
var app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "data")
})

// config is one CORS configuration, given to every middleware.
type config struct {
	origins     []string
	methods     []string
	headers     []string
	credentials bool
	maxAge      int
	// allowAll sets each library's own "allow every origin" switch.
	allowAll bool
	// next is the API behind the middleware; nil means app.
	next http.Handler
}

func (c config) api() http.Handler {
	if c.next != nil {
		return c.next
	}
	return app
}

func corsimHandler(tb testing.TB, c config) http.Handler {
	origins := c.origins
	if c.allowAll {
		origins = []string{"*"}
	}
	p, err := policy.New(policy.Config{Origins: origins, Methods: c.methods, RequestHeaders: c.headers,
		Credentials: c.credentials, MaxAge: c.maxAge})
	if err != nil {
		tb.Fatal(err)
	}
	return policy.Handler(p, c.api())
}

func rsHandler(_ testing.TB, c config) http.Handler {
	origins := c.origins
	if c.allowAll {
		origins = []string{"*"}
	}
	return rsCORS.New(rsCORS.Options{AllowedOrigins: origins, AllowedMethods: c.methods, AllowedHeaders: c.headers,
		AllowCredentials: c.credentials, MaxAge: c.maxAge}).Handler(c.api())
}

func chiHandler(_ testing.TB, c config) http.Handler {
	origins := c.origins
	if c.allowAll {
		origins = []string{"*"}
	}
	return chiCORS.Handler(chiCORS.Options{AllowedOrigins: origins, AllowedMethods: c.methods, AllowedHeaders: c.headers,
		AllowCredentials: c.credentials, MaxAge: c.maxAge})(c.api())
}

func ginHandler(tb testing.TB, c config) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	cfg := ginCORS.Config{AllowOrigins: c.origins, AllowAllOrigins: c.allowAll, AllowMethods: c.methods,
		AllowHeaders: c.headers, AllowCredentials: c.credentials, MaxAge: time.Duration(c.maxAge) * time.Second}
	if c.allowAll {
		cfg.AllowOrigins = nil
	}
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	e := gin.New()
	e.Use(ginCORS.New(cfg))
	e.Any("/data", gin.WrapH(c.api()))
	return e
}

// peers are the middlewares compared, with the names the benchmarks use.
var peers = []struct {
	name  string
	build func(testing.TB, config) http.Handler
}{
	{"corsim", corsimHandler},
	{"rscors", rsHandler},
	{"chicors", chiHandler},
	{"gincors", ginHandler},
}

func probe(t *testing.T, h http.Handler) *policy.Report {
	t.Helper()
	rep, err := policy.Probe(context.Background(), h, apiURL, &policy.ProbeOptions{Origins: []string{appOrigin}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func rules(rep *policy.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Severity.String()+" "+f.Rule)
	}
	return out
}

// TestPeersWellConfigured probes each middleware with the same sound
// configuration: the prober infers it, the linter finds nothing high, and
// every verdict of the matrix is what the simulated browser does when it
// fetches from the middleware.
func TestPeersWellConfigured(t *testing.T) {
	c := config{origins: []string{appOrigin}, methods: []string{"GET", "POST", "PUT", "DELETE"},
		headers: []string{"Content-Type", "Authorization"}, credentials: true, maxAge: 600}
	for _, peer := range peers {
		t.Run(peer.name, func(t *testing.T) {
			h := peer.build(t, c)
			rep := probe(t, h)
			e := rep.Effective
			if strings.Join(e.AllowedOrigins, ",") != appOrigin || !e.Credentials || e.AnyOrigin || e.ReflectsAnyOrigin {
				t.Errorf("effective policy %+v", e)
			}
			if peer.name == "gincors" && !contains(rules(rep), "medium missing-vary-origin") {
				t.Errorf("gin-contrib/cors: findings %v, want missing-vary-origin", rules(rep))
			}
			if !containsFold(e.Methods, "PUT") {
				t.Errorf("effective methods %v lack PUT", e.Methods)
			}
			for _, f := range rep.Findings {
				// NB: gin-contrib/cors adds Vary: Origin only to responses to
				// requests with an Origin, so a cache may serve a response
				// without Access-Control-Allow-Origin to an allowed origin.
				if peer.name == "gincors" && f.Rule == "missing-vary-origin" {
					continue
				}
				if f.Severity >= policy.SeverityMedium {
					t.Errorf("finding %s %s: %s (%s)", f.Severity, f.Rule, f.Message, f.Evidence)
				}
			}
			crossCheck(t, h, rep)
		})
	}
}

// crossCheck compares each matrix verdict with the simulated browser.
func crossCheck(t *testing.T, h http.Handler, rep *policy.Report) {
	t.Helper()
	for _, v := range rep.Matrix {
		page, err := simulate.NewPage(v.Origin)
		if err != nil {
			t.Fatal(err)
		}
		req := simulate.Request{URL: apiURL, Method: v.Method}
		if v.Credentials {
			req.Credentials = fetch.CredentialsInclude
		}
		if v.Header != "" {
			name, value, _ := strings.Cut(v.Header, ": ")
			req.Header = fetch.HeaderList{{Name: name, Value: value}}
		}
		for _, ev := range v.Engines {
			b := simulate.New(simulate.HandlerServer(h), simulate.WithEngine(ev.Engine), simulate.WithoutTrace())
			res := b.Fetch(context.Background(), page, req)
			if got := res.Outcome == simulate.Allowed; got != ev.Allowed {
				t.Errorf("%s %s from %s (%q, credentials %v): probe says allowed=%v (%s), simulated browser %s (%s)",
					ev.Engine, v.Method, v.Origin, v.Header, v.Credentials, ev.Allowed, ev.Reason, res.Outcome, res.Reason)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

// TestPeerMisconfigurations shows the linter catching what each library
// lets people configure.
func TestPeerMisconfigurations(t *testing.T) {
	tests := []struct {
		desc string
		h    func(testing.TB) http.Handler
		want string
	}{
		{"rs/cors: every origin with credentials sends * and fails", func(tb testing.TB) http.Handler {
			return rsHandler(tb, config{allowAll: true, credentials: true})
		}, "medium wildcard-with-credentials"},
		{"rs/cors: an origin function that says yes reflects every origin", func(testing.TB) http.Handler {
			return rsCORS.New(rsCORS.Options{AllowOriginFunc: func(string) bool { return true }, AllowCredentials: true}).Handler(app)
		}, "high reflect-any-origin"},
		{"rs/cors: OPTIONS passed through to a router without OPTIONS", func(testing.TB) http.Handler {
			mux := http.NewServeMux()
			mux.Handle("GET /data", app)
			return rsCORS.New(rsCORS.Options{AllowedOrigins: []string{appOrigin}, AllowedMethods: []string{"GET", "POST", "PUT"},
				OptionsPassthrough: true}).Handler(mux)
		}, "medium preflight-not-ok"},
		{"go-chi/cors: https://* trusts every https origin", func(tb testing.TB) http.Handler {
			return chiHandler(tb, config{origins: []string{"https://*"}, credentials: true})
		}, "high reflect-any-origin"},
		{"go-chi/cors: a subdomain wildcard", func(tb testing.TB) http.Handler {
			return chiHandler(tb, config{origins: []string{"https://*.example.com"}, credentials: true})
		}, "low any-subdomain-trusted"},
		{"gin-contrib/cors: every origin with credentials sends * and fails", func(tb testing.TB) http.Handler {
			return ginHandler(tb, config{allowAll: true, credentials: true})
		}, "medium wildcard-with-credentials"},
		{"gin-contrib/cors: a trailing wildcard is a prefix match", func(testing.TB) http.Handler {
			gin.SetMode(gin.ReleaseMode)
			e := gin.New()
			e.Use(ginCORS.New(ginCORS.Config{AllowOrigins: []string{"https://app.example.com*"}, AllowWildcard: true,
				AllowMethods: []string{"GET"}, AllowCredentials: true}))
			e.Any("/data", gin.WrapH(app))
			return e
		}, "high origin-prefix-match"},
		{"gin-contrib/cors: a wildcard over a public suffix", func(testing.TB) http.Handler {
			gin.SetMode(gin.ReleaseMode)
			e := gin.New()
			e.Use(ginCORS.New(ginCORS.Config{AllowOrigins: []string{appOrigin, "https://*.com"}, AllowWildcard: true,
				AllowMethods: []string{"GET"}}))
			e.Any("/data", gin.WrapH(app))
			return e
		}, "medium public-suffix-wildcard"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			h := tc.h(t)
			rep := probe(t, h)
			got := rules(rep)
			found := false
			for _, r := range got {
				found = found || r == tc.want
			}
			if !found {
				t.Errorf("findings %v, want %q", got, tc.want)
			}
			crossCheck(t, h, rep)
		})
	}
}
