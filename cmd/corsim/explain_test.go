package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/scenario"
)

const wildcardResponses = `{
  "https://api.example/cart": {"GET": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Credentials", "true"]]}}
}`

const redirectResponses = `{
  "https://api.example/file": {"*": {"status": 302, "headers": [["Access-Control-Allow-Origin", "https://app.example"], ["Location", "https://cdn.example/file"]]}},
  "https://cdn.example/file": {"*": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"]], "body": "x"}}
}`

const preflightResponses = `{
  "https://api.example/orders": {
    "OPTIONS": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example"], ["Access-Control-Allow-Methods", "PUT"]]},
    "*": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"]]}
  }
}`

const putPolicy = `{"origins": ["https://app.example"], "methods": ["PUT"], "requestHeaders": ["Content-Type"], "exposedHeaders": ["X-Request-Id"]}`

// explainCase is one explain invocation and the scenario file that means
// the same, which "corsim run" must simulate identically.
type explainCase struct {
	desc   string
	golden string
	args   []string
	files  map[string]string // flag value placeholder → file content
	// scenario is the equivalent scenario, without its name.
	scenario string
}

var explainCases = []explainCase{
	{
		desc: "responses, wildcard with credentials", golden: "explain-wildcard-credentials",
		args:     []string{"--page", "https://app.example", "--credentials", "include", "--responses", "@responses", "https://api.example/cart"},
		files:    map[string]string{"@responses": wildcardResponses},
		scenario: `"page": "https://app.example", "request": {"url": "https://api.example/cart", "credentials": "include"}, "responses": ` + wildcardResponses,
	},
	{
		desc: "responses, a header the preflight does not allow", golden: "explain-preflight-header",
		args:     []string{"https://api.example/orders", "--page", "https://app.example", "--method", "PUT", "-H", "Content-Type: application/json", "-H", "X-Trace:  1 ", "--body", "{}", "--responses", "@responses"},
		files:    map[string]string{"@responses": preflightResponses},
		scenario: `"page": "https://app.example", "request": {"url": "https://api.example/orders", "method": "PUT", "headers": [["Content-Type", "application/json"], ["X-Trace", "1"]], "body": "{}"}, "responses": ` + preflightResponses,
	},
	{
		desc: "responses, a redirect to a third origin", golden: "explain-redirect",
		args:     []string{"--page", "https://app.example", "--url", "https://api.example/file", "--responses", "@responses"},
		files:    map[string]string{"@responses": redirectResponses},
		scenario: `"page": "https://app.example", "request": {"url": "https://api.example/file"}, "responses": ` + redirectResponses,
	},
	{
		desc: "responses, redirect manual and firefox", golden: "explain-redirect-manual-firefox",
		args:     []string{"--page", "https://app.example", "--redirect", "manual", "--engine", "firefox", "--responses", "@responses", "https://api.example/file"},
		files:    map[string]string{"@responses": redirectResponses},
		scenario: `"page": "https://app.example", "engine": "firefox", "request": {"url": "https://api.example/file", "redirect": "manual"}, "responses": ` + redirectResponses,
	},
	{
		desc: "policy, an allowed PUT with a preflight", golden: "explain-policy-put",
		args:     []string{"--page", "https://app.example", "--method", "PUT", "-H", "Content-Type: application/json", "--policy", "@policy", "https://api.example/orders/7"},
		files:    map[string]string{"@policy": putPolicy},
		scenario: `"page": "https://app.example", "request": {"url": "https://api.example/orders/7", "method": "PUT", "headers": [["Content-Type", "application/json"]]}, "policy": ` + putPolicy,
	},
	{
		desc: "policy, no-cors and a relative URL", golden: "explain-no-cors",
		args:     []string{"--page", "https://app.example/app/index.html", "--mode", "no-cors", "--policy", "@policy", "/data"},
		files:    map[string]string{"@policy": putPolicy},
		scenario: `"page": "https://app.example/app/index.html", "request": {"url": "/data", "mode": "no-cors"}, "policy": ` + putPolicy,
	},
}

// materialize writes the case's files and returns its arguments.
func (c explainCase) materialize(t *testing.T) []string {
	t.Helper()
	args := make([]string, len(c.args))
	for i, a := range c.args {
		if content, ok := c.files[a]; ok {
			a = tempFile(t, strings.TrimPrefix(a, "@")+".json", content)
		}
		args[i] = a
	}
	return args
}

func TestExplainGolden(t *testing.T) {
	for _, c := range explainCases {
		t.Run(c.golden, func(t *testing.T) {
			args := append([]string{"explain"}, c.materialize(t)...)
			code, stdout, stderr := cli(t, "", args...)
			if code != exitOK || stderr != "" {
				t.Fatalf("corsim %q: exit %d, stderr %q", args, code, stderr)
			}
			if strings.Contains(stdout, "\x1b[") {
				t.Errorf("colour codes in output that is not a terminal")
			}
			checkGolden(t, c.golden, stdout)
		})
	}
}

// TestExplainIsRun checks that explain --json prints exactly what
// "corsim run --json" prints for the scenario its flags describe.
func TestExplainIsRun(t *testing.T) {
	for _, c := range explainCases {
		t.Run(c.golden, func(t *testing.T) {
			args := append([]string{"explain", "--json"}, c.materialize(t)...)
			code, stdout, stderr := cli(t, "", args...)
			if code != exitOK {
				t.Fatalf("corsim %q: exit %d, stderr %q", args, code, stderr)
			}
			var got scenario.Result
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("explain --json printed something else than one result object: %v\n%s", err, stdout)
			}
			file := tempFile(t, "scenario.json", fmt.Sprintf(`{"name": %q, %s}`, got.Name, c.scenario))
			code, stdout, stderr = cli(t, "", "run", "--json", file)
			if code != exitOK {
				t.Fatalf("corsim run: exit %d, stderr %q", code, stderr)
			}
			var want []scenario.Result
			if err := json.Unmarshal([]byte(stdout), &want); err != nil || len(want) != 1 {
				t.Fatalf("run --json: %v\n%s", err, stdout)
			}
			if diff := cmp.Diff(want[0], got); diff != "" {
				t.Errorf("explain --json differs from run --json (-run +explain):\n%s", diff)
			}
		})
	}
}

func TestExplainJSONShape(t *testing.T) {
	file := tempFile(t, "r.json", wildcardResponses)
	code, stdout, _ := cli(t, "", "explain", "--json", "--page", "https://app.example", "--credentials", "include", "--responses", file, "https://api.example/cart")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "engine", "outcome", "corsError", "firefoxReason", "console", "preflight", "wire", "trace"} {
		if _, ok := m[k]; !ok {
			t.Errorf("explain --json: no %q key in %s", k, stdout)
		}
	}
	if string(m["outcome"]) != `"blocked"` || string(m["corsError"]) != `"WildcardOriginNotAllowed"` || string(m["name"]) != `"GET https://api.example/cart"` {
		t.Errorf("explain --json: outcome %s, corsError %s, name %s", m["outcome"], m["corsError"], m["name"])
	}
}

func TestExplainStdinAndColour(t *testing.T) {
	args := []string{"explain", "--page", "https://app.example", "--credentials", "include", "--responses", "-", "https://api.example/cart"}
	var out, errOut strings.Builder
	e := &env{stdin: strings.NewReader(wildcardResponses), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, color: true}
	if code := run(e, args); code != exitOK {
		t.Fatalf("corsim %q: exit %d, stderr %q", args, code, errOut.String())
	}
	if !strings.Contains(out.String(), "\x1b[31m✗ decided by Access-Control-Allow-Origin: *\x1b[0m") {
		t.Errorf("on a terminal the deciding header is not in red:\n%q", out.String())
	}
}

// corsServer answers like a typical API behind a CORS layer that trusts
// https://app.example for GET and PUT with Content-Type, and exposes
// X-Request-Id. Its Date is fixed so output can be compared.
func corsServer() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Date", "Thu, 01 Jan 2026 00:00:00 GMT")
		h.Set("Vary", "Origin")
		if r.Header.Get("Origin") == "https://app.example" {
			h.Set("Access-Control-Allow-Origin", "https://app.example")
		}
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, PUT")
			h.Set("Access-Control-Allow-Headers", "Content-Type")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/data", http.StatusFound)
			return
		}
		h.Set("Access-Control-Expose-Headers", "X-Request-Id")
		h.Set("Content-Type", "application/json")
		h.Set("X-Request-Id", "42")
		h.Set("X-Internal", "secret")
		fmt.Fprint(w, `{"ok": true}`)
	})
}

func TestExplainLive(t *testing.T) {
	srv := httptest.NewServer(corsServer())
	t.Cleanup(srv.Close)
	args := []string{"explain", "--live", "--page", "https://app.example", "--method", "PUT", "-H", "Content-Type: application/json", "--body", "{}", srv.URL + "/data"}
	code, stdout, stderr := cli(t, "", args...)
	if code != exitOK || stderr != "" {
		t.Fatalf("corsim %q: exit %d, stderr %q", args, code, stderr)
	}
	checkGolden(t, "explain-live", strings.ReplaceAll(stdout, srv.URL, "http://127.0.0.1:PORT"))

	// A header the server does not allow: the preflight's answer decides.
	code, stdout, _ = cli(t, "", "explain", "--live", "--json", "--page", "https://app.example", "-H", "X-Token: 1", srv.URL+"/data")
	var got scenario.Result
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != exitOK {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	if got.Outcome != "blocked" || got.CorsError != "HeaderDisallowedByPreflightResponse" || len(got.Wire) != 1 || got.Wire[0].Method != "OPTIONS" {
		t.Errorf("X-Token against the live server: %+v", got)
	}
}

func TestExplainLiveNetworkFailure(t *testing.T) {
	addr := unusedAddr(t)
	args := []string{"explain", "--live", "--page", "http://app.example", "http://" + addr + "/data"}
	code, stdout, stderr := cli(t, "", args...)
	wantOneLineError(t, args, code, stdout, stderr, "network failure: GET http://"+addr+"/data: cannot get an answer from "+addr+": connect: connection refused")
}

func TestExplainBadInput(t *testing.T) {
	responses := tempFile(t, "responses.json", wildcardResponses)
	badStatus := tempFile(t, "bad-status.json", `{"https://api.example/": {"GET": {"status": 999}}}`)
	badHeaders := tempFile(t, "bad-headers.json", `{"https://api.example/": {"GET": {"status": 200, "headers": {"a": "b"}}}}`)
	array := tempFile(t, "array.json", `[]`)
	malformed := tempFile(t, "malformed.json", "{\n  \"a\": }")
	badURL := tempFile(t, "bad-url.json", `{"not a url": {"GET": {"status": 200}}}`)
	policyFile := tempFile(t, "policy.json", `{"origins": ["*"], "credentials": true}`)
	for _, tc := range []struct {
		desc string
		args []string
		want string
	}{
		{"unknown flag", []string{"--bogus"}, `explain: flag provided but not defined: -bogus (run "corsim explain --help")`},
		{"header without colon", []string{"-H", "Authorization"}, `"Authorization" is not a header line such as 'Content-Type: application/json'`},
		{"header without name", []string{"-H", ": x"}, `": x" has no header name before the colon`},
		{"no page", []string{"--live", "https://api.example/"}, "explain needs --page"},
		{"no URL", []string{"--page", "https://app.example", "--live"}, "explain needs the URL to fetch"},
		{"two URLs", []string{"--page", "https://app.example", "--live", "https://a.example/", "https://b.example/"}, "explain takes one URL, got 2 arguments"},
		{"URL twice", []string{"--page", "https://app.example", "--live", "--url", "https://a.example/", "https://b.example/"}, `explain got two URLs: --url "https://a.example/" and "https://b.example/"`},
		{"bad page", []string{"--page", "app.example", "--live", "https://a.example/"}, `--page "app.example" is not an origin`},
		{"bad URL", []string{"--page", "https://app.example", "--live", "https://a.example:99999/"}, `"https://a.example:99999/" is not a URL`},
		{"bad mode", []string{"--page", "https://app.example", "--mode", "navigate", "--live", "https://a.example/"}, `--mode "navigate" is not one of cors, no-cors, same-origin`},
		{"bad credentials", []string{"--page", "https://app.example", "--credentials", "yes", "--live", "https://a.example/"}, `--credentials "yes" is not one of same-origin, omit, include`},
		{"bad redirect", []string{"--page", "https://app.example", "--redirect", "no", "--live", "https://a.example/"}, `--redirect "no" is not one of follow, error, manual`},
		{"bad engine", []string{"--page", "https://app.example", "--engine", "ie", "--live", "https://a.example/"}, `--engine "ie" is not one of chromium, firefox, webkit, spec`},
		{"no server", []string{"--page", "https://app.example", "https://a.example/"}, "explain needs exactly one server"},
		{"two servers", []string{"--page", "https://app.example", "--live", "--responses", responses, "https://a.example/"}, "explain needs exactly one server"},
		{"missing file", []string{"--page", "https://app.example", "--responses", "/nonexistent/r.json", "https://a.example/"}, "/nonexistent/r.json: no such file or directory"},
		{"bad status", []string{"--page", "https://app.example", "--responses", badStatus, "https://a.example/"}, `bad-status.json: ["https://api.example/"]["GET"].status: 999 is not an HTTP status (100-599)`},
		{"bad headers", []string{"--page", "https://app.example", "--responses", badHeaders, "https://a.example/"}, `.headers: must be an array of ["name", "value"] pairs`},
		{"responses array", []string{"--page", "https://app.example", "--responses", array, "https://a.example/"}, "array.json: must be a JSON object mapping URLs to {method: answer} objects"},
		{"malformed responses", []string{"--page", "https://app.example", "--responses", malformed, "https://a.example/"}, "malformed.json: malformed JSON at line 2"},
		{"responses with a bad URL", []string{"--page", "https://app.example", "--responses", badURL, "https://a.example/"}, `responses["not a url"]`},
		{"bad policy", []string{"--page", "https://app.example", "--policy", policyFile, "https://a.example/"}, "policy.json: "},
		{"live non-http URL", []string{"--page", "https://app.example", "--live", "data:text/plain,x"}, `"data:text/plain,x" is not an http or https URL`},
		{"live zero timeout", []string{"--page", "https://app.example", "--live", "--timeout", "0s", "https://a.example/"}, "--timeout 0s must be positive"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			args := append([]string{"explain"}, tc.args...)
			code, stdout, stderr := cli(t, "", args...)
			wantOneLineError(t, args, code, stdout, stderr, tc.want)
		})
	}
}

func TestExplainHelp(t *testing.T) {
	for _, args := range [][]string{{"explain", "--help"}, {"explain", "-h"}} {
		code, stdout, stderr := cli(t, "", args...)
		if code != exitOK || stderr != "" {
			t.Errorf("corsim %q: exit %d, stderr %q", args, code, stderr)
		}
		checkGolden(t, "explain-help", stdout)
	}
}

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		wantPos  []string
		wantPage string
	}{
		{[]string{"--page", "p", "u"}, []string{"u"}, "p"},
		{[]string{"u", "--page", "p"}, []string{"u"}, "p"},
		{[]string{"u", "--page", "p", "v"}, []string{"u", "v"}, "p"},
		{[]string{"--", "--page", "p"}, []string{"--page", "p"}, ""},
		{[]string{"u", "--", "--page"}, []string{"u", "--page"}, ""},
		{nil, nil, ""},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		page := fs.String("page", "", "")
		pos, err := parseInterspersed(fs, tc.args)
		if err != nil || !cmp.Equal(pos, tc.wantPos) || *page != tc.wantPage {
			t.Errorf("parseInterspersed(%q): got %q, page %q, %v; want %q, page %q", tc.args, pos, *page, err, tc.wantPos, tc.wantPage)
		}
	}
}

func TestHeaderFlag(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    scenario.Header
		wantErr bool
	}{
		{"Content-Type: application/json", scenario.Header{Name: "Content-Type", Value: "application/json"}, false},
		{"X-A:b", scenario.Header{Name: "X-A", Value: "b"}, false},
		{" X-A \t:  b c  ", scenario.Header{Name: "X-A", Value: "b c"}, false},
		{"X-Empty:", scenario.Header{Name: "X-Empty", Value: ""}, false},
		{"X-Colon: a:b", scenario.Header{Name: "X-Colon", Value: "a:b"}, false},
		{"Bad Name: x", scenario.Header{Name: "Bad Name", Value: "x"}, false}, // fetch() throws; the simulation says so
		{"NoColon", scenario.Header{}, true},
		{"  : x", scenario.Header{}, true},
	} {
		var h headerFlag
		err := h.Set(tc.in)
		if (err != nil) != tc.wantErr || (!tc.wantErr && (len(h) != 1 || h[0] != tc.want)) {
			t.Errorf("headerFlag.Set(%q): got %v, %v; want %v, error %v", tc.in, h, err, tc.want, tc.wantErr)
		}
	}
}

// FuzzExplainCommand runs explain on arbitrary flag values and canned
// responses (never --live: tests stay on this machine). It exits 0 with an
// explanation, or 2 with one line naming what is wrong, and never panics.
func FuzzExplainCommand(f *testing.F) {
	f.Add("https://app.example", "https://api.example/cart", "GET", "X-A: 1", "cors", "include", wildcardResponses)
	f.Add("null", "/relative", "patch", "Content-Type: text/plain", "no-cors", "omit", redirectResponses)
	f.Add("https://app.example/x", "https://api.example/orders", "PUT", "Authorization:", "same-origin", "same-origin", preflightResponses)
	f.Add("app", "::", "", "NoColon", "nav", "x", `{"a": {"GET": {"status": 1}}}`)
	f.Fuzz(func(t *testing.T, page, url, method, header, mode, credentials, responses string) {
		file := tempFile(t, "responses.json", responses)
		args := []string{"explain", "--page", page, "--method", method, "-H", header, "--mode", mode,
			"--credentials", credentials, "--responses", file, "--url", url}
		code, stdout, stderr := cli(t, "", args...)
		switch code {
		case exitOK:
			if !strings.Contains(stdout, "verdict: ") || stderr != "" {
				t.Fatalf("corsim %q: exit 0, stdout %q, stderr %q", args, stdout, stderr)
			}
		case exitUsage:
			if !strings.HasPrefix(stderr, "corsim: ") || strings.Count(stderr, "\n") != 1 || stdout != "" {
				t.Fatalf("corsim %q: exit 2, stdout %q, stderr %q (want one line)", args, stdout, stderr)
			}
		default:
			t.Fatalf("corsim %q: exit %d", args, code)
		}
	})
}
