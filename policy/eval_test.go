package policy_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/policy"
)

// h builds a header list from name, value pairs.
func h(kv ...string) fetch.HeaderList {
	var l fetch.HeaderList
	for i := 0; i+1 < len(kv); i += 2 {
		l = append(l, fetch.Header{Name: kv[i], Value: kv[i+1]})
	}
	return l
}

const (
	varyPre    = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
	varyPreAny = "Access-Control-Request-Method, Access-Control-Request-Headers"
)

func TestEvaluate(t *testing.T) {
	creds := policy.Config{Origins: []string{"https://app.test", "https://*.ex.test"}, Methods: []string{"PUT", "patch"},
		RequestHeaders: []string{"X-A", "Authorization"}, ExposedHeaders: []string{"X-Id"}, Credentials: true, MaxAge: 600}
	anyone := policy.Config{Origins: []string{"*"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}, ExposedHeaders: []string{"*"}}
	reflect := policy.Config{Origins: []string{"https://app.test"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}, Credentials: true, MaxAge: -1, PreflightStatus: 200}
	tests := []struct {
		desc   string
		cfg    policy.Config
		method string
		in     fetch.HeaderList
		want   policy.Decision
	}{
		{"no origin", creds, "GET", nil, policy.Decision{Allowed: true, Header: h("Vary", "Origin")}},
		{"no origin, any origin", anyone, "GET", nil, policy.Decision{Allowed: true,
			Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers", "*")}},
		{"actual allowed", creds, "GET", h("Origin", "https://app.test"), policy.Decision{CORS: true, Allowed: true,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Expose-Headers", "x-id", "Vary", "Origin")}},
		{"actual allowed by pattern", creds, "POST", h("Origin", "https://a.b.ex.test"), policy.Decision{CORS: true, Allowed: true,
			Header: h("Access-Control-Allow-Origin", "https://a.b.ex.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Expose-Headers", "x-id", "Vary", "Origin")}},
		{"actual denied", creds, "GET", h("Origin", "https://evil.test"), policy.Decision{CORS: true,
			Header: h("Vary", "Origin"), Denied: `origin "https://evil.test" is not allowed`}},
		{"pattern does not match the domain itself", creds, "GET", h("Origin", "https://ex.test"), policy.Decision{CORS: true,
			Header: h("Vary", "Origin"), Denied: `origin "https://ex.test" is not allowed`}},
		{"null origin denied", creds, "GET", h("Origin", "null"), policy.Decision{CORS: true,
			Header: h("Vary", "Origin"), Denied: `origin "null" is not allowed`}},
		{"two origins denied", creds, "GET", h("Origin", "https://app.test", "Origin", "https://app.test"), policy.Decision{CORS: true,
			Header: h("Vary", "Origin"), Denied: "several Origin headers"}},
		{"any origin, null", anyone, "GET", h("Origin", "null"), policy.Decision{CORS: true, Allowed: true,
			Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers", "*")}},
		{"OPTIONS without ACRM is not a preflight", creds, "OPTIONS", h("Origin", "https://app.test"), policy.Decision{CORS: true, Allowed: true,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Expose-Headers", "x-id", "Vary", "Origin")}},
		{"preflight allowed", creds, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "PUT",
			"Access-Control-Request-Headers", "authorization,x-a"), policy.Decision{CORS: true, Preflight: true, Allowed: true, Status: 204,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Methods", "PUT, patch", "Access-Control-Allow-Headers", "x-a, authorization",
				"Access-Control-Max-Age", "600", "Vary", varyPre)}},
		{"preflight header names any case, OWS, empty elements", creds, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", " X-A ,, \tAuthorization "), policy.Decision{CORS: true, Preflight: true, Allowed: true, Status: 204,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Methods", "PUT, patch", "Access-Control-Allow-Headers", "x-a, authorization",
				"Access-Control-Max-Age", "600", "Vary", varyPre)}},
		{"preflight method is byte-exact", creds, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "PATCH"),
			policy.Decision{CORS: true, Preflight: true, Status: 204, Denied: `method "PATCH" is not allowed`,
				Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
					"Access-Control-Allow-Headers", "x-a, authorization", "Vary", varyPre)}},
		{"preflight header denied", creds, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "PUT",
			"Access-Control-Request-Headers", "x-a,x-b"), policy.Decision{CORS: true, Preflight: true, Status: 204,
			Denied: `request header "x-b" is not allowed`,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Methods", "PUT, patch", "Vary", varyPre)}},
		{"preflight repeated names beyond the list", creds, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "PUT",
			"Access-Control-Request-Headers", "x-a,x-a,x-a"), policy.Decision{CORS: true, Preflight: true, Status: 204,
			Denied: `request header "x-a" is not allowed`,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Methods", "PUT, patch", "Vary", varyPre)}},
		{"preflight origin denied", creds, "OPTIONS", h("Origin", "https://evil.test", "Access-Control-Request-Method", "PUT"),
			policy.Decision{CORS: true, Preflight: true, Status: 204, Denied: `origin "https://evil.test" is not allowed`,
				Header: h("Vary", varyPre)}},
		{"preflight invalid header name", creds, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "PUT",
			"Access-Control-Request-Headers", "x a"), policy.Decision{CORS: true, Preflight: true, Status: 204,
			Denied: `request header "x a" is not allowed`,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Methods", "PUT, patch", "Vary", varyPre)}},
		{"wildcards without credentials", anyone, "OPTIONS", h("Origin", "https://x.test", "Access-Control-Request-Method", "X-ANY",
			"Access-Control-Request-Headers", "x-whatever"), policy.Decision{CORS: true, Preflight: true, Allowed: true, Status: 204,
			Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "*", "Access-Control-Allow-Headers", "*",
				"Vary", varyPreAny)}},
		{"* does not cover authorization", anyone, "OPTIONS", h("Origin", "https://x.test", "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", "authorization"), policy.Decision{CORS: true, Preflight: true, Status: 204,
			Denied: `request header "authorization" is not allowed: "*" does not cover Authorization; list it by name`,
			Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "*", "Vary", varyPreAny)}},
		{"wildcards with credentials reflect", reflect, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "X-ANY",
			"Access-Control-Request-Headers", "x-one,x-two"), policy.Decision{CORS: true, Preflight: true, Allowed: true, Status: 200,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Methods", "X-ANY", "Access-Control-Allow-Headers", "x-one,x-two",
				"Access-Control-Max-Age", "0", "Vary", varyPre)}},
		{"reflection joins repeated ACRH lines", reflect, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", "x-one", "Access-Control-Request-Headers", "x-two"), policy.Decision{CORS: true, Preflight: true, Allowed: true, Status: 200,
			Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Methods", "GET", "Access-Control-Allow-Headers", "x-one,x-two",
				"Access-Control-Max-Age", "0", "Vary", varyPre)}},
		{"reflection refuses an invalid method", reflect, "OPTIONS", h("Origin", "https://app.test", "Access-Control-Request-Method", "PUT, DELETE"),
			policy.Decision{CORS: true, Preflight: true, Status: 200, Denied: `method "PUT, DELETE" is not allowed`,
				Header: h("Access-Control-Allow-Origin", "https://app.test", "Access-Control-Allow-Credentials", "true", "Vary", varyPre)}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			p, err := policy.New(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			got := p.Evaluate(tc.method, tc.in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Evaluate(%q, %v) (-want +got):\n%s", tc.method, tc.in, diff)
			}
			// Handler sends exactly these headers.
			checkHandlerMatches(t, p, tc.method, tc.in, got)
		})
	}
}

// errorer is what checkHandlerMatches needs of a *testing.T or *rapid.T.
type errorer interface {
	Helper()
	Errorf(format string, args ...any)
}

// checkHandlerMatches serves the request through Handler and compares what
// it sends with the decision.
func checkHandlerMatches(t errorer, p *policy.Policy, method string, in fetch.HeaderList, d policy.Decision) {
	t.Helper()
	req := httptest.NewRequest(method, "https://api.test/x", nil)
	for _, x := range in {
		req.Header.Add(x.Name, x.Value)
	}
	rec := httptest.NewRecorder()
	called := false
	policy.Handler(p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		w.WriteHeader(299)
	})).ServeHTTP(rec, req)
	if called == d.Preflight {
		t.Errorf("Handler(%s %v): next called %v, preflight %v", method, in, called, d.Preflight)
	}
	if d.Preflight && rec.Code != d.Status {
		t.Errorf("Handler(%s %v): status %d, want %d", method, in, rec.Code, d.Status)
	}
	want := http.Header{}
	for _, x := range d.Header {
		want.Add(x.Name, x.Value)
	}
	got := rec.Header().Clone()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Handler(%s %v) headers (-Evaluate +Handler):\n%s", method, in, diff)
	}
}

func TestHandlerAppendsToVary(t *testing.T) {
	p, _ := policy.New(policy.Config{Origins: []string{"https://app.test"}})
	h := policy.Handler(p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
	}))
	// Run twice: the shared Vary value must not be changed by the append.
	for i := 0; i < 2; i++ {
		req := httptest.NewRequest("GET", "https://api.test/", nil)
		req.Header.Set("Origin", "https://app.test")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := strings.Join(rec.Header()["Vary"], "|"); got != "Origin|Accept-Encoding" {
			t.Errorf("run %d: Vary %q, want Origin|Accept-Encoding", i, got)
		}
	}
	rec := httptest.NewRecorder()
	rec.Header().Set("Vary", "Cookie")
	req := httptest.NewRequest("GET", "https://api.test/", nil)
	policy.Handler(p, nil).ServeHTTP(rec, req)
	if got := strings.Join(rec.Header()["Vary"], "|"); got != "Cookie|Origin" {
		t.Errorf("Vary after an earlier one: %q, want Cookie|Origin", got)
	}
}

func TestNilPolicyAndNext(t *testing.T) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("OPTIONS", "https://api.test/", nil)
	req.Header.Set("Origin", "https://app.test")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	policy.Handler(nil, nil).ServeHTTP(rec, req)
	if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("nil policy preflight: %d %v, want 204 without CORS headers", rec.Code, rec.Header())
	}
	var zero policy.Policy
	if d := zero.Evaluate("GET", h("Origin", "https://app.test")); d.Allowed || len(d.Header) != 0 {
		t.Errorf("zero Policy: %+v, want denied without headers", d)
	}
}

// okWriter is a ResponseWriter that allocates nothing: its header map is
// cleared and reused.
type okWriter struct{ h http.Header }

func (w *okWriter) Header() http.Header         { return w.h }
func (w *okWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *okWriter) WriteHeader(int)             {}

var noop = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

func TestHandlerAllowedActualAllocatesNothing(t *testing.T) {
	p, err := policy.New(policy.Config{Origins: []string{"https://app.test", "https://*.ex.test"},
		ExposedHeaders: []string{"X-Id"}, Credentials: true})
	if err != nil {
		t.Fatal(err)
	}
	star, _ := policy.New(policy.Config{Origins: []string{"*"}})
	for _, tc := range []struct {
		desc   string
		p      *policy.Policy
		origin string
	}{
		{"exact origin", p, "https://app.test"},
		{"subdomain pattern", p, "https://a.b.ex.test"},
		{"any origin", star, "https://x.test"},
	} {
		h := policy.Handler(tc.p, noop)
		req := httptest.NewRequest("GET", "https://api.test/", nil)
		req.Header.Set("Origin", tc.origin)
		w := &okWriter{h: make(http.Header)}
		allocs := testing.AllocsPerRun(1000, func() {
			clear(w.h)
			h.ServeHTTP(w, req)
		})
		if allocs != 0 {
			t.Errorf("%s: Handler allocates %v times per allowed actual request, want 0", tc.desc, allocs)
		}
		if w.h.Get("Access-Control-Allow-Origin") == "" {
			t.Errorf("%s: the request was not allowed", tc.desc)
		}
	}
}
