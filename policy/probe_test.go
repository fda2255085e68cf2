package policy_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/simulate"
)

// probeSubjects are handlers whose probe reports the tests cross-check.
func probeSubjects() map[string]http.Handler {
	return map[string]http.Handler{
		"credentialed policy": policy.Handler(mustNew(policy.Config{Origins: []string{"https://app.example.com"},
			Methods: []string{"PUT", "DELETE"}, RequestHeaders: []string{"Content-Type", "Authorization"}, Credentials: true}), app),
		"any origin": policy.Handler(mustNew(policy.Config{Origins: []string{"*"}, Methods: []string{"*"},
			RequestHeaders: []string{"*"}}), app),
		"subdomains, reflected methods": policy.Handler(mustNew(policy.Config{Origins: []string{"https://*.example.com"},
			Methods: []string{"*"}, RequestHeaders: []string{"*", "authorization"}, Credentials: true}), app),
		"reflect everything": handwritten{allowed: func(string) bool { return true }, credentials: "true"},
		"star with credentials": handwritten{allowed: func(string) bool { return true },
			acao: func(string) string { return "*" }, credentials: "true"},
		"preflight 405": handwritten{allowed: func(o string) bool { return o == "https://app.example.com" }, passOptions: true},
	}
}

// TestProbeVerdictsMatchSimulatedBrowser checks each verdict of the probe
// matrix against the simulated browser fetching from the same handler.
func TestProbeVerdictsMatchSimulatedBrowser(t *testing.T) {
	const url = "https://api.example.com/data"
	for name, h := range probeSubjects() {
		t.Run(name, func(t *testing.T) {
			rep, err := policy.Probe(context.Background(), h, url, &policy.ProbeOptions{Origins: []string{"https://app.example.com"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Matrix) == 0 {
				t.Fatal("empty matrix")
			}
			for _, v := range rep.Matrix {
				page, err := simulate.NewPage(v.Origin)
				if err != nil {
					t.Fatal(err)
				}
				req := simulate.Request{URL: url, Method: v.Method, Credentials: fetch.CredentialsSameOrigin}
				if v.Credentials {
					req.Credentials = fetch.CredentialsInclude
				}
				if v.Header != "" {
					name, value, _ := strings.Cut(v.Header, ": ")
					req.Header = fetch.HeaderList{{Name: name, Value: value}}
				}
				if len(v.Engines) != len(fetch.Engines()) {
					t.Fatalf("%+v: want a verdict per engine", v)
				}
				for _, ev := range v.Engines {
					b := simulate.New(simulate.HandlerServer(h), simulate.WithEngine(ev.Engine), simulate.WithoutTrace())
					res := b.Fetch(context.Background(), page, req)
					if got := res.Outcome == simulate.Allowed; got != ev.Allowed || res.Reason != ev.Reason {
						t.Errorf("%s from %s, %s, credentials %v, %s: probe says allowed=%v (%s), simulated browser %s (%s)",
							v.Method, v.Origin, v.Header, v.Credentials, ev.Engine, ev.Allowed, ev.Reason, res.Outcome, res.Reason)
					}
					if ev.Engine == fetch.EngineChromium && res.Preflight != v.Preflight && ev.Allowed {
						t.Errorf("%s from %s, %s: probe says preflight=%v, simulated browser %v", v.Method, v.Origin, v.Header, v.Preflight, res.Preflight)
					}
				}
			}
		})
	}
}

func TestProbeEffectivePolicy(t *testing.T) {
	p := mustNew(policy.Config{Origins: []string{"https://app.example.com", "https://admin.example.com"},
		Methods: []string{"PUT"}, RequestHeaders: []string{"X-A"}, ExposedHeaders: []string{"X-Id"},
		Credentials: true, MaxAge: 7200, PreflightStatus: 200})
	rep, err := policy.Probe(context.Background(), policy.Handler(p, app), "https://api.example.com/x",
		&policy.ProbeOptions{Origins: []string{"https://admin.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	e := rep.Effective
	if e.AnyOrigin || e.ReflectsAnyOrigin || !e.Credentials || strings.Join(e.AllowedOrigins, ",") != "https://admin.example.com" ||
		strings.Join(e.Methods, ",") != "PUT" || strings.Join(e.RequestHeaders, ",") != "x-a" ||
		strings.Join(e.ExposedHeaders, ",") != "x-id" || e.MaxAge != "7200" || e.PreflightStatus != 200 {
		t.Errorf("Effective = %+v", e)
	}
	var rules []string
	for _, f := range rep.Findings {
		rules = append(rules, f.Rule)
	}
	if strings.Join(rules, ",") != "max-age-over-cap" {
		t.Errorf("findings %v, want only max-age-over-cap", rules)
	}
	if rep.Requests == 0 || rep.URL != "https://api.example.com/x" {
		t.Errorf("Requests %d, URL %q", rep.Requests, rep.URL)
	}
}

func TestProbeErrors(t *testing.T) {
	ctx := context.Background()
	h := policy.Handler(nil, nil)
	for _, tc := range []struct {
		desc string
		h    http.Handler
		url  string
		opts *policy.ProbeOptions
		want string
	}{
		{"nil handler", nil, "https://a.example/", nil, "needs a handler"},
		{"bad URL", h, "::", nil, "invalid URL"},
		{"not http", h, "ftp://a.example/", nil, "only http and https"},
		{"bad origin option", h, "https://a.example/", &policy.ProbeOptions{Origins: []string{"a.example"}}, "not a serialized origin"},
		{"panicking handler", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }), "https://a.example/", nil, "panicked"},
	} {
		_, err := policy.Probe(ctx, tc.h, tc.url, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Probe: got %v, want an error containing %q", tc.desc, err, tc.want)
		}
	}
}

func TestProbeURL(t *testing.T) {
	p := mustNew(policy.Config{Origins: []string{"*"}})
	srv := httptest.NewServer(policy.Handler(p, app))
	defer srv.Close()
	rep, err := policy.ProbeURL(context.Background(), srv.URL+"/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Effective.AnyOrigin {
		t.Errorf("Effective = %+v, want any origin", rep.Effective)
	}
	// 127.0.0.1 is a local-network host: "*" there is the intranet rule.
	if len(rep.Findings) == 0 || rep.Findings[0].Rule != "wildcard-on-local-network" {
		t.Errorf("findings %+v, want wildcard-on-local-network", rep.Findings)
	}

	// A closed port: the error says which host and why.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = policy.ProbeURL(context.Background(), "http://"+addr+"/", nil)
	if err == nil || !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "refused") {
		t.Errorf("ProbeURL on a closed port: got %v, want the host and \"refused\"", err)
	}
}

func TestProbeDoesNotFollowRedirects(t *testing.T) {
	var mu sync.Mutex
	var methods []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method)
		mu.Unlock()
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		t.Errorf("probing followed a redirect to %s", r.URL)
	}))
	defer srv.Close()
	if _, err := policy.ProbeURL(context.Background(), srv.URL+"/start", nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range methods {
		if m != "GET" && m != "OPTIONS" {
			t.Errorf("probing sent %s; want only GET and OPTIONS", m)
		}
	}
}
