package playground_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/playground"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

func policyServer(raw json.RawMessage, target origin.Origin) (simulate.Server, error) {
	p, err := policy.Parse(raw)
	if err != nil {
		return nil, err
	}
	return p.Server(target), nil
}

// tour is the tour the CLI embeds and offers as presets.
func tour(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../../cmd/corsim/tour/tour.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func newServer(t *testing.T, opts playground.Options) *httptest.Server {
	t.Helper()
	h, err := playground.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url, contentType, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

func TestNewRefusesBadPresets(t *testing.T) {
	for _, tc := range []struct{ desc, presets, want string }{
		{"object", `{"name": "x"}`, "must be a JSON array"},
		{"malformed", `[{"name": }]`, "malformed JSON"},
		{"invalid scenario", `[{"name": "x"}]`, `field page: missing`},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := playground.New(playground.Options{Presets: []byte(tc.presets)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New(%q): got error %v, want one containing %q", tc.presets, err, tc.want)
			}
		})
	}
}

func TestPresets(t *testing.T) {
	srv := newServer(t, playground.Options{Presets: tour(t), Policy: policyServer})
	resp, body := do(t, "GET", srv.URL+"/api/presets", "", "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /api/presets: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ss, err := scenario.Parse("presets", body)
	if err != nil {
		t.Fatalf("the presets do not parse as scenarios: %v", err)
	}
	want, _ := scenario.Parse("tour", tour(t))
	if len(ss) != len(want) || len(ss) == 0 || ss[0].Name != want[0].Name {
		t.Errorf("GET /api/presets: %d scenarios, want the tour's %d", len(ss), len(want))
	}
	resp, body = do(t, "POST", srv.URL+"/api/presets", "application/json", "{}")
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" || !strings.Contains(string(body), `"error"`) {
		t.Errorf("POST /api/presets: %d Allow %q %s, want 405 with Allow: GET, HEAD and a JSON error", resp.StatusCode, resp.Header.Get("Allow"), body)
	}
	// Without presets the list is empty, not missing.
	empty := newServer(t, playground.Options{})
	if _, body := do(t, "GET", empty.URL+"/api/presets", "", ""); string(body) != "[]" {
		t.Errorf("GET /api/presets without presets: %s, want []", body)
	}
}

func TestStatic(t *testing.T) {
	srv := newServer(t, playground.Options{Presets: tour(t)})
	for _, tc := range []struct {
		path, wantType string
		wantStatus     int
	}{
		{"/", "text/html; charset=utf-8", 200},
		{"/app.js", "text/javascript; charset=utf-8", 200},
		{"/style.css", "text/css; charset=utf-8", 200},
		{"/favicon.svg", "image/svg+xml", 200},
		{"/index.html", "", 301},
		{"/nope", "text/plain; charset=utf-8", 404},
		{"/api/nope", "application/json", 404},
	} {
		resp, _ := do(t, "GET", srv.URL+tc.path, "", "")
		if resp.StatusCode != tc.wantStatus || (tc.wantType != "" && resp.Header.Get("Content-Type") != tc.wantType) {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), tc.wantStatus, tc.wantType)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q, want one that loads nothing from elsewhere", tc.path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no X-Content-Type-Options: nosniff", tc.path)
		}
	}
	if resp, _ := do(t, "POST", srv.URL+"/", "text/plain", "x"); resp.StatusCode != 405 {
		t.Errorf("POST /: %d, want 405", resp.StatusCode)
	}
}

// TestPageIsSelfContained checks that the page loads nothing from another
// origin and references only assets that exist.
func TestPageIsSelfContained(t *testing.T) {
	srv := newServer(t, playground.Options{})
	_, page := do(t, "GET", srv.URL+"/", "", "")
	refs := regexp.MustCompile(`<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"`).FindAllStringSubmatch(string(page), -1)
	if len(refs) < 3 {
		t.Fatalf("found %d asset references in the page, want the script, the style sheet and the icon", len(refs))
	}
	for _, m := range refs {
		ref := m[1]
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			t.Errorf("the page loads %q, not a path on its own origin", ref)
			continue
		}
		if resp, _ := do(t, "GET", srv.URL+ref, "", ""); resp.StatusCode != 200 {
			t.Errorf("the page loads %s, which answers %d", ref, resp.StatusCode)
		}
	}
	_, js := do(t, "GET", srv.URL+"/app.js", "", "")
	for _, m := range regexp.MustCompile(`fetch\(\s*'([^']*)'`).FindAllStringSubmatch(string(js), -1) {
		if !strings.HasPrefix(m[1], "/api/") {
			t.Errorf("app.js fetches %q, not the playground's API", m[1])
		}
	}
	if strings.Contains(string(js), "import(") || strings.Contains(string(js), "XMLHttpRequest") {
		t.Error("app.js loads code or data some other way than fetch('/api/...')")
	}
}

func TestSimulate(t *testing.T) {
	srv := newServer(t, playground.Options{Presets: tour(t), Policy: policyServer})
	const blocked = `{"name": "wildcard", "page": "https://app.example",
		"request": {"url": "https://api.example/cart", "credentials": "include"},
		"responses": {"https://api.example/cart": {"GET": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Credentials", "true"]]}}},
		"expect": {"outcome": "allowed"}}`
	resp, body := do(t, "POST", srv.URL+"/api/simulate", "application/json", blocked)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("POST /api/simulate: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var got playground.Response
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "wildcard" || got.Engine != "chromium" || len(got.Results) != 1 || !got.Expected {
		t.Fatalf("response: %+v", got)
	}
	wantMismatch := []string{`request 1: outcome: want allowed, got blocked`}
	if diff := cmp.Diff(wantMismatch, got.Mismatches); diff != "" {
		t.Errorf("mismatches (-want +got):\n%s", diff)
	}
	r := got.Results[0]
	if r.Outcome != "blocked" || r.CorsError != "WildcardOriginNotAllowed" || r.Reason != "WildcardOriginNotAllowed" ||
		r.Anchor != "https://fetch.spec.whatwg.org/#concept-cors-check" || r.Console == "" || len(r.Trace) == 0 {
		t.Errorf("result: %+v", r)
	}
	wantExchanges := []playground.Exchange{{
		Method: "GET", URL: "https://api.example/cart",
		RequestHeaders:  [][2]string{{"Accept", "*/*"}, {"Origin", "https://app.example"}},
		Status:          200,
		ResponseHeaders: [][2]string{{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Credentials", "true"}, {"Content-Length", "0"}},
	}}
	if diff := cmp.Diff(wantExchanges, r.Exchanges); diff != "" {
		t.Errorf("exchanges (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Origin", Present: true}, r.Deciding); diff != "" {
		t.Errorf("deciding (-want +got):\n%s", diff)
	}

	// The JSON keys are those of "corsim run --json" plus the playground's.
	var raw struct {
		Results []map[string]json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "engine", "outcome", "corsError", "firefoxReason", "console", "preflight", "wire", "trace",
		"reason", "step", "anchor", "exchanges", "deciding"} {
		if _, ok := raw.Results[0][k]; !ok {
			t.Errorf("result has no %q key", k)
		}
	}
}

func TestSimulatePolicyAndSequence(t *testing.T) {
	srv := newServer(t, playground.Options{Policy: policyServer})
	const sc = `{"name": "seq", "page": "https://app.example",
		"requests": [{"url": "https://api.example/a", "method": "PUT"}, {"url": "https://api.example/a", "method": "PUT", "after": 1}],
		"policy": {"origins": ["https://app.example"], "methods": ["PUT"], "maxAge": 60}}`
	resp, body := do(t, "POST", srv.URL+"/api/simulate", "application/json; charset=utf-8", sc)
	if resp.StatusCode != 200 {
		t.Fatalf("POST /api/simulate: %d %s", resp.StatusCode, body)
	}
	var got playground.Response
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Results) != 2 || got.Expected || len(got.Mismatches) != 0 {
		t.Fatalf("response: %s", body)
	}
	// The second PUT rides on the cached preflight.
	if !got.Results[0].Preflight || got.Results[1].Preflight || got.Results[1].Outcome != "allowed" {
		t.Errorf("preflights: %v then %v (%s), want a preflight, then none (cached), allowed",
			got.Results[0].Preflight, got.Results[1].Preflight, got.Results[1].Outcome)
	}
}

func TestSimulateBadInput(t *testing.T) {
	srv := newServer(t, playground.Options{Presets: tour(t)})
	big := `{"name": "x", "page": "https://a.example", "note": "` + strings.Repeat("x", playground.MaxBodyBytes) + `", "request": {"url": "/"}}`
	many := `{"name": "x", "page": "https://a.example", "requests": [` + strings.TrimSuffix(strings.Repeat(`{"url": "/"},`, 101), ",") + `]}`
	for _, tc := range []struct {
		desc, method, contentType, body string
		wantStatus                      int
		wantError                       string
	}{
		{"GET", "GET", "", "", 405, "POST a scenario"},
		{"no content type", "POST", "", `{}`, 415, "Content-Type: application/json"},
		{"form", "POST", "application/x-www-form-urlencoded", `a=b`, 415, "Content-Type: application/json"},
		{"empty", "POST", "application/json", ``, 400, "empty file"},
		{"array", "POST", "application/json", `[{"name": "x"}]`, 400, "expected one scenario object, not an array"},
		{"malformed", "POST", "application/json", "{\n\"name\": }", 400, "malformed JSON at line 2"},
		{"unknown field", "POST", "application/json", `{"name": "x", "page": "https://a.example", "request": {"url": "/"}, "server": {}}`, 400, `field server: unknown field`},
		{"bad mode", "POST", "application/json", `{"name": "x", "page": "https://a.example", "request": {"url": "/", "mode": "navigate"}}`, 400, `scenario "x": field request.mode: "navigate" is not one of cors, no-cors, same-origin`},
		{"bad page", "POST", "application/json", `{"name": "x", "page": "app", "request": {"url": "/"}}`, 400, `scenario "x": field page: "app" is not an origin`},
		{"policy without server", "POST", "application/json", `{"name": "x", "page": "https://a.example", "request": {"url": "https://b.example/"}, "policy": {"origins": ["*"]}}`, 400, "policy servers are not available"},
		{"too many requests", "POST", "application/json", many, 400, "at most 100"},
		{"too large", "POST", "application/json", big, 413, "larger than"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			resp, body := do(t, tc.method, srv.URL+"/api/simulate", tc.contentType, tc.body)
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%s: the body is not JSON: %s", tc.desc, body)
			}
			if resp.StatusCode != tc.wantStatus || !strings.Contains(e.Error, tc.wantError) || strings.HasPrefix(e.Error, "scenario: ") {
				t.Errorf("%s: got %d %q, want %d and an error containing %q", tc.desc, resp.StatusCode, e.Error, tc.wantStatus, tc.wantError)
			}
			if strings.Contains(e.Error, "\n") && tc.wantStatus != 400 {
				t.Errorf("%s: error %q spans lines", tc.desc, e.Error)
			}
		})
	}
}

// TestDecide checks which header of which answer decides a blocked fetch.
func TestDecide(t *testing.T) {
	acao := [2]string{"Access-Control-Allow-Origin", "https://app.example"}
	for _, tc := range []struct {
		desc     string
		scenario string
		want     *playground.Deciding
	}{
		{"allowed", `"request": {"url": "https://api.example/"}, "responses": {"https://api.example/": {"*": {"status": 200, "headers": [` + pair(acao) + `]}}}`, nil},
		{"missing ACAO", `"request": {"url": "https://api.example/"}, "responses": {"https://api.example/": {"*": {"status": 200}}}`,
			&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Origin"}},
		{"ACAO list", `"request": {"url": "https://api.example/"}, "responses": {"https://api.example/": {"*": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example, https://b.example"]]}}}`,
			&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Origin", Present: true}},
		{"ACAC missing", `"request": {"url": "https://api.example/", "credentials": "include"}, "responses": {"https://api.example/": {"*": {"status": 200, "headers": [` + pair(acao) + `]}}}`,
			&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Credentials"}},
		{"preflight status", `"request": {"url": "https://api.example/", "method": "PUT"}, "responses": {"https://api.example/": {"OPTIONS": {"status": 500, "headers": [` + pair(acao) + `]}}}`,
			&playground.Deciding{Exchange: 0, Status: true}},
		{"preflight ACAO", `"request": {"url": "https://api.example/", "method": "PUT"}, "responses": {"https://api.example/": {"OPTIONS": {"status": 204}}}`,
			&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Origin"}},
		{"method", `"request": {"url": "https://api.example/", "method": "PUT"}, "responses": {"https://api.example/": {"OPTIONS": {"status": 204, "headers": [` + pair(acao) + `, ["Access-Control-Allow-Methods", "POST"]]}}}`,
			&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Methods", Present: true}},
		{"header", `"request": {"url": "https://api.example/", "headers": [["X-Token", "1"]]}, "responses": {"https://api.example/": {"OPTIONS": {"status": 204, "headers": [` + pair(acao) + `]}}}`,
			&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Headers"}},
		{"actual response after a preflight", `"request": {"url": "https://api.example/", "method": "PUT"}, "responses": {"https://api.example/": {"OPTIONS": {"status": 204, "headers": [` + pair(acao) + `, ["Access-Control-Allow-Methods", "PUT"]]}, "PUT": {"status": 200}}}`,
			&playground.Deciding{Exchange: 1, Header: "Access-Control-Allow-Origin"}},
		{"redirect mode error", `"request": {"url": "https://api.example/", "redirect": "error"}, "responses": {"https://api.example/": {"*": {"status": 302, "headers": [` + pair(acao) + `, ["Location", "https://api.example/b"]]}}}`,
			&playground.Deciding{Exchange: 0, Header: "Location", Present: true}},
		{"mixed content", `"request": {"url": "http://api.example/"}`, nil},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			src := `{"name": "x", "page": "https://app.example", ` + tc.scenario + `}`
			ss, err := scenario.Parse("test", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			run, err := scenario.Simulate(context.Background(), "test", ss[0], scenario.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := playground.Decide(run.Simulated[0])
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Decide(%s) (reason %s) (-want +got):\n%s", tc.desc, run.Simulated[0].Reason, diff)
			}
		})
	}

	// A network failure has no answer to point at.
	down := simulate.ServerFunc(func(context.Context, *fetch.Request) (*fetch.Response, error) {
		return nil, errors.New("connection refused")
	})
	page, _ := simulate.NewPage("https://app.example")
	res := simulate.New(down).Fetch(context.Background(), page, simulate.Request{URL: "https://api.example/"})
	if got := playground.Decide(res); got != nil {
		t.Errorf("Decide(network failure): got %+v, want nil", got)
	}
}

func pair(h [2]string) string {
	b, _ := json.Marshal(h)
	return string(b)
}

// FuzzSimulate posts arbitrary bodies: the API answers 200 with results or
// 400 with an error, always as JSON, and never fails otherwise.
func FuzzSimulate(f *testing.F) {
	for _, seed := range []string{
		`{"name": "x", "page": "https://app.example", "request": {"url": "https://api.example/", "method": "PUT", "headers": [["X-A", "1"]]},
		  "responses": {"https://api.example/": {"OPTIONS": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]}, "*": {"status": 302, "headers": [["Location", "/b"]]}}}}`,
		`{"name": "x", "page": "null", "requests": [{"url": "https://api.example/"}, {"url": "https://api.example/", "after": 10}],
		  "policy": {"origins": ["*"], "methods": ["*"]}}`,
		`{"name": "x", "page": "https://app.example", "request": {"url": "data:text/plain,x", "mode": "no-cors", "redirect": "manual"}}`,
		`[]`, `{`, `null`, `{"name": ""}`,
	} {
		f.Add(seed)
	}
	h, err := playground.New(playground.Options{Policy: policyServer})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/simulate", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("POST %q: status %d: %s", body, rec.Code, rec.Body)
		}
		var v map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("POST %q: the answer is not a JSON object: %s", body, rec.Body)
		}
		if _, ok := v["error"]; (rec.Code == 400) != ok {
			t.Fatalf("POST %q: status %d with %s", body, rec.Code, rec.Body)
		}
	})
}
