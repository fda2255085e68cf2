package harness

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/corsim/corsim/scenario"
	"github.com/google/go-cmp/cmp"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://API.Test", "http://api.test/"},
		{"http://api.test:80/x", "http://api.test/x"},
		{"https://api.test:443/x?", "https://api.test/x?"},
		{"https://api.test:8443/x?a=b#frag", "https://api.test:8443/x?a=b"},
		{"http://user:pass@api.test/x", "http://api.test/x"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/"},
		{"http://[::1]:81/p", "http://[::1]:81/p"},
	}
	for _, tc := range tests {
		u := parseHTTP(tc.in)
		if u == nil {
			t.Fatalf("parseHTTP(%q) = nil", tc.in)
		}
		if got := normalizeURL(u); got != tc.want {
			t.Errorf("normalizeURL(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCSPSandboxesOrigin(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"sandbox allow-scripts", true},
		{"sandbox", true},
		{"default-src 'self'; sandbox allow-scripts allow-same-origin", false},
		{"default-src 'self', SANDBOX allow-scripts", true},
		{"script-src 'none'", false},
	}
	for _, tc := range tests {
		if got := cspSandboxesOrigin(tc.in); got != tc.want {
			t.Errorf("cspSandboxesOrigin(%q): got %v, want %v", tc.in, got, tc.want)
		}
	}
}

func parseOne(t *testing.T, js string) *scenario.Scenario {
	t.Helper()
	ss, err := scenario.Parse("t.json", []byte(js))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return ss[0]
}

func TestMakePlan(t *testing.T) {
	s := parseOne(t, `{"name": "p", "page": "http://app.test:8001/dir/page.html",
	  "request": {"url": "../api?q=1"},
	  "responses": {"http://api.test/r": {"*": {"status": 302, "headers": [["Location", "https://cdn.test:8443/x"]]}}}}`)
	p, err := makePlan(s)
	if err != nil {
		t.Fatal(err)
	}
	if p.pageOrigin != "http://app.test:8001" || p.opaque {
		t.Errorf("page origin: got %q (opaque %v), want http://app.test:8001", p.pageOrigin, p.opaque)
	}
	if p.baseURL != "http://app.test:8001/dir/page.html" {
		t.Errorf("base URL: got %q", p.baseURL)
	}
	var eps []endpoint
	eps = append(eps, p.endpoints...)
	want := []endpoint{{"http", 80}, {"http", 8001}, {"https", 8443}}
	if diff := cmp.Diff(want, eps, cmp.AllowUnexported(endpoint{})); diff != "" {
		t.Errorf("endpoints (-want +got):\n%s", diff)
	}
	var targets []string
	for _, u := range p.targets {
		targets = append(targets, u.String())
	}
	wantTargets := []string{"http://api.test:80", "http://app.test:8001", "https://cdn.test:8443"}
	if diff := cmp.Diff(wantTargets, targets); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
	if !p.isTarget("http://app.test:8001/api?q=1") || p.isTarget("https://accounts.google.com/ListAccounts") {
		t.Errorf("isTarget: the request URL must be a target and a background URL must not")
	}
}

func TestMakePlanOpaquePages(t *testing.T) {
	for _, js := range []string{
		`{"name": "n", "page": "null", "request": {"url": "http://api.test/"}}`,
		`{"name": "h", "page": "http://app.test", "pageHeaders": [["Content-Security-Policy", "sandbox allow-scripts"]], "request": {"url": "http://api.test/"}}`,
	} {
		p, err := makePlan(parseOne(t, js))
		if err != nil {
			t.Fatal(err)
		}
		if !p.opaque || p.pageOrigin != "null" {
			t.Errorf("makePlan(%s): got opaque %v, origin %q; want an opaque page", js, p.opaque, p.pageOrigin)
		}
	}
}

func TestMakePlanErrors(t *testing.T) {
	tests := []struct{ js, want string }{
		{`{"name": "a", "page": "null", "request": {"url": "/relative"}}`, "relative URL"},
		{`{"name": "b", "page": "file:///x", "request": {"url": "http://api.test/"}}`, "not an http or https origin"},
		{`{"name": "c", "page": "http://app.test", "request": {"url": "http://api.test/"}, "responses": {"/x": {"*": {"status": 200}}}}`, "not an absolute http"},
		{`{"name": "d", "page": "http://app.test", "request": {"url": "http://api.test/"}, "cookies": "sid=1"}`, "array"},
	}
	for _, tc := range tests {
		_, err := makePlan(parseOne(t, tc.js))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("makePlan(%s): got %v, want an error containing %q", tc.js, err, tc.want)
		}
	}
}

func TestParseCookie(t *testing.T) {
	got, err := parseCookie("sid=abc; Secure; SameSite=None; Path=/p; HttpOnly; Domain=api.test", "https://api.test/")
	if err != nil {
		t.Fatal(err)
	}
	want := &network.CookieParam{Name: "sid", Value: "abc", URL: "https://api.test/", Secure: true, SameSite: network.CookieSameSiteNone,
		Path: "/p", HTTPOnly: true, Domain: "api.test"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseCookie (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"novalue", "=x", "a=b; SameSite=Maybe", "a=b; Max-Age=3"} {
		if _, err := parseCookie(bad, "https://api.test/"); err == nil {
			t.Errorf("parseCookie(%q): got no error", bad)
		}
	}
}

func TestCookieObservable(t *testing.T) {
	tests := []struct {
		page, url string
		want      bool
	}{
		{"http://app.test", "https://api.test/x", true},                  // Secure; SameSite=None probe
		{"http://app.test", "http://api.test/x", false},                  // Lax probe, cross-site
		{"http://app.example.test", "http://api.example.test/x", true},   // same site
		{"https://app.example.test", "http://api.example.test/x", false}, // schemeful: cross-site
		{"null", "http://api.test/x", false},
		{"null", "https://api.test/x", true},
		{"https://app.test", "http://localhost:8080/x", true},
		{"https://app.test", "http://127.0.0.1:8080/x", true},
	}
	for _, tc := range tests {
		p, err := makePlan(parseOne(t, `{"name": "c", "page": "`+tc.page+`", "request": {"url": "`+tc.url+`"}}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := cookieObservable(p, tc.url); got != tc.want {
			t.Errorf("cookieObservable(page %s, %s): got %v, want %v", tc.page, tc.url, got, tc.want)
		}
	}
}

func TestRunWithoutBrowser(t *testing.T) {
	// These statuses are decided before the browser is used.
	b := &Browser{opts: Options{MaxAfter: 6 * time.Second}}
	tests := []struct {
		js         string
		wantStatus Status
		wantReason string
	}{
		{`{"name": "pol", "page": "http://app.test", "request": {"url": "http://api.test/"}, "policy": {"origins": ["*"]}}`,
			StatusUnsupported, "unsupported: policy servers"},
		{`{"name": "late", "page": "http://app.test", "requests": [{"url": "http://api.test/"}, {"url": "http://api.test/", "after": 7200}]}`,
			StatusUnobservable, "unobservable: after=7200"},
		{`{"name": "bad", "page": "null", "request": {"url": "rel"}}`, StatusError, "relative URL"},
	}
	for _, tc := range tests {
		r := b.Run(t.Context(), parseOne(t, tc.js))
		if r.Status != tc.wantStatus || !strings.Contains(r.Reason, tc.wantReason) {
			t.Errorf("Run(%s): got %s %q, want %s %q", tc.js, r.Status, r.Reason, tc.wantStatus, tc.wantReason)
		}
		if len(r.Requests) != 0 {
			t.Errorf("Run(%s): got %d observations, want none", tc.js, len(r.Requests))
		}
	}
}
