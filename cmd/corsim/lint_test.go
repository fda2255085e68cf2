package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corsim/corsim/policy"
)

// runPolicyCommand runs corsim in process with stdin and returns the exit
// status and what it printed.
func runPolicyCommand(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = run(e, args)
	return code, out.String(), errOut.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// reflecting is a CORS layer that trusts every origin with credentials.
var reflecting = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" {
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Vary", "Origin")
	}
	fmt.Fprintln(w, "data")
})

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

type lintJSON struct {
	Findings []map[string]any `json:"findings"`
}

func TestLintPolicyFile(t *testing.T) {
	risky := writeTemp(t, "risky.json", `{"origins": ["https://app.example.com", "https://codepen.io"], "credentials": true, "maxAge": 86400}`)
	code, out, errOut := runPolicyCommand(t, "", "lint", "--json", "--policy", risky)
	if code != exitMismatch || errOut != "" {
		t.Fatalf("lint --json --policy risky: exit %d, stderr %q; want 1 (a high finding)", code, errOut)
	}
	var got lintJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	var rules []string
	for _, f := range got.Findings {
		for _, k := range []string{"rule", "severity", "message", "evidence", "fix"} {
			if s, ok := f[k].(string); !ok || s == "" {
				t.Errorf("finding %v: %q missing or empty", f, k)
			}
		}
		switch f["severity"] {
		case "high", "medium", "low", "info":
		default:
			t.Errorf("finding %v: severity %v", f, f["severity"])
		}
		rules = append(rules, fmt.Sprint(f["rule"]))
	}
	if want := "third-party-origin,max-age-over-cap"; strings.Join(rules, ",") != want {
		t.Errorf("rules %v, want %s", rules, want)
	}

	// Without a high finding, exit 0; the text form names each rule.
	fine := writeTemp(t, "fine.json", `{"origins": ["https://*.example.com"], "credentials": true}`)
	code, out, _ = runPolicyCommand(t, "", "lint", "--policy", fine)
	if code != exitOK || !strings.Contains(out, "any-subdomain-trusted") || !strings.Contains(out, "fix:") {
		t.Errorf("lint --policy fine: exit %d, output:\n%s", code, out)
	}
	// No findings at all; the policy comes from standard input.
	code, out, _ = runPolicyCommand(t, `{"origins": ["https://app.example.com"]}`, "lint", "--json", "--policy", "-")
	if code != exitOK || strings.TrimSpace(out) != `{
  "findings": []
}` {
		t.Errorf("lint --json --policy -: exit %d, output %q", code, out)
	}
	// --target makes "*" on an intranet host a high finding.
	code, _, _ = runPolicyCommand(t, `{"origins": ["*"]}`, "lint", "--policy", "-", "--target", "http://10.0.0.5:8080")
	if code != exitMismatch {
		t.Errorf("lint --target intranet: exit %d, want 1", code)
	}
}

func TestLintURL(t *testing.T) {
	bad := httptest.NewServer(reflecting)
	defer bad.Close()
	code, out, errOut := runPolicyCommand(t, "", "lint", "--json", bad.URL+"/api")
	if code != exitMismatch {
		t.Fatalf("lint reflecting server: exit %d, stderr %q, want 1", code, errOut)
	}
	var got lintJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) == 0 || got.Findings[0]["rule"] != "reflect-any-origin" || got.Findings[0]["severity"] != "high" {
		t.Errorf("findings %v, want reflect-any-origin first", got.Findings)
	}

	p, err := policy.New(policy.Config{Origins: []string{"https://app.example.com"}, Methods: []string{"PUT"}, Credentials: true})
	if err != nil {
		t.Fatal(err)
	}
	good := httptest.NewServer(policy.Handler(p, http.NotFoundHandler()))
	defer good.Close()
	code, out, _ = runPolicyCommand(t, "", "lint", "--origin", "https://app.example.com", good.URL)
	if code != exitOK || !strings.Contains(out, "no findings") {
		t.Errorf("lint good server: exit %d, output %q", code, out)
	}
}

func TestLintBadInput(t *testing.T) {
	policyFile := writeTemp(t, "p.json", `{"origins": ["https://a.example"]}`)
	badPolicy := writeTemp(t, "bad.json", `{"origins": ["null", "*"], "credentials": true}`)
	addr := closedAddr(t)
	for _, tc := range []struct {
		desc string
		args []string
		want string
	}{
		{"nothing", []string{"lint"}, "needs one URL or --policy"},
		{"both", []string{"lint", "--policy", policyFile, "https://a.example"}, "not both"},
		{"two URLs", []string{"lint", "https://a.example", "https://b.example"}, "needs one URL"},
		{"missing file", []string{"lint", "--policy", filepath.Join(t.TempDir(), "none.json")}, "no such file"},
		{"bad policy", []string{"lint", "--policy", badPolicy}, `origins: "null"`},
		{"bad target", []string{"lint", "--policy", policyFile, "--target", "https://a.example/"}, "--target"},
		{"target with URL", []string{"lint", "--target", "https://a.example", "https://a.example"}, "--target is for --policy"},
		{"origin with policy", []string{"lint", "--origin", "https://a.example", "--policy", policyFile}, "--origin is for probing"},
		{"bad origin flag", []string{"lint", "--origin", "a.example", "https://a.example"}, "not an origin"},
		{"not http", []string{"lint", "ftp://a.example/"}, "not an http or https URL"},
		{"unknown flag", []string{"lint", "--nope"}, "flag provided but not defined"},
		{"unreachable", []string{"lint", "http://" + addr + "/"}, addr},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			code, out, errOut := runPolicyCommand(t, "", tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) || out != "" {
				t.Errorf("corsim %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
			}
			if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
				t.Errorf("corsim %v panicked: %s", tc.args, errOut)
			}
		})
	}
	// A bad policy file prints one line per problem.
	_, _, errOut := runPolicyCommand(t, "", "lint", "--policy", badPolicy)
	if n := strings.Count(errOut, "\n"); n != 3 {
		t.Errorf("bad policy: %d lines, want 3:\n%s", n, errOut)
	}
}

func TestLintHelp(t *testing.T) {
	code, out, _ := runPolicyCommand(t, "", "lint", "--help")
	if code != exitOK || !strings.Contains(out, "corsim lint [--json]") || !strings.Contains(out, "Exit status") {
		t.Errorf("lint --help: exit %d, output %q", code, out)
	}
}
