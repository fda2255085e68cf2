package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/internal/playground"
)

func TestCheckGolden(t *testing.T) {
	api := httptest.NewServer(corsServer())
	t.Cleanup(api.Close)
	// other redirects to api, so the request crosses to a third origin.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Thu, 01 Jan 2026 00:00:00 GMT")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		http.Redirect(w, r, api.URL+"/data", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(other.Close)
	normalize := func(s string) string {
		return strings.NewReplacer(api.URL, "http://127.0.0.1:API", other.URL, "http://127.0.0.1:OTHER").Replace(s)
	}
	for _, tc := range []struct {
		golden   string
		args     []string
		wantCode int
	}{
		{"check-get-allowed", []string{"--page", "https://app.example", api.URL + "/data"}, exitOK},
		{"check-put-preflight", []string{"--page", "https://app.example", "--method", "PUT", "-H", "Content-Type: application/json", "--body", "{}", api.URL + "/data"}, exitOK},
		{"check-header-refused", []string{api.URL + "/data", "--page", "https://app.example", "-H", "Authorization: Bearer x"}, exitMismatch},
		{"check-other-origin", []string{"--page", "https://evil.example", api.URL + "/data"}, exitMismatch},
		{"check-credentials", []string{"--page", "https://app.example", "--credentials", "include", api.URL + "/data"}, exitMismatch},
		{"check-redirect", []string{"--page", "https://app.example", other.URL + "/start"}, exitMismatch},
		{"check-no-cors", []string{"--page", "https://app.example", "--mode", "no-cors", api.URL + "/data"}, exitOK},
		{"check-nothing-sent", []string{"--page", "https://app.example", "--mode", "same-origin", api.URL + "/data"}, exitMismatch},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			args := append([]string{"check"}, tc.args...)
			code, stdout, stderr := cli(t, "", args...)
			if code != tc.wantCode || stderr != "" {
				t.Fatalf("corsim %q: exit %d (want %d), stderr %q\n%s", args, code, tc.wantCode, stderr, stdout)
			}
			checkGolden(t, tc.golden, normalize(stdout))
		})
	}
}

func TestCheckJSON(t *testing.T) {
	api := httptest.NewServer(corsServer())
	t.Cleanup(api.Close)
	code, stdout, stderr := cli(t, "", "check", "--json", "--page", "https://app.example", "-H", "X-Token: 1", api.URL+"/data")
	if code != exitMismatch {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var got playground.Result
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("check --json: %v\n%s", err, stdout)
	}
	if got.Outcome != "blocked" || got.CorsError != "HeaderDisallowedByPreflightResponse" || got.Reason != "HeaderDisallowedByPreflightResponse" {
		t.Errorf("check --json: outcome %q, corsError %q, reason %q", got.Outcome, got.CorsError, got.Reason)
	}
	if len(got.Exchanges) != 1 || !got.Exchanges[0].Preflight || got.Exchanges[0].Status != 204 {
		t.Fatalf("check --json: exchanges %+v, want the preflight answered 204", got.Exchanges)
	}
	wantHeaders := [][2]string{
		{"Access-Control-Allow-Headers", "Content-Type"},
		{"Access-Control-Allow-Methods", "GET, PUT"},
		{"Access-Control-Allow-Origin", "https://app.example"},
		{"Access-Control-Max-Age", "600"},
		{"Date", "Thu, 01 Jan 2026 00:00:00 GMT"},
		{"Vary", "Origin"},
	}
	if diff := cmp.Diff(wantHeaders, got.Exchanges[0].ResponseHeaders); diff != "" {
		t.Errorf("the server's real answer (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&playground.Deciding{Exchange: 0, Header: "Access-Control-Allow-Headers", Present: true}, got.Deciding); diff != "" {
		t.Errorf("deciding (-want +got):\n%s", diff)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "engine", "outcome", "corsError", "console", "preflight", "wire", "trace", "reason", "exchanges", "deciding"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("check --json: no %q key", k)
		}
	}
}

func TestCheckBadInput(t *testing.T) {
	addr := unusedAddr(t)
	for _, tc := range []struct {
		desc string
		args []string
		want string
	}{
		{"no page", []string{"https://api.example/"}, "check needs --page"},
		{"no URL", []string{"--page", "https://app.example"}, "check needs the URL to fetch"},
		{"bad method flag", []string{"--page", "https://app.example", "--methods", "PUT", "https://api.example/"}, "flag provided but not defined: -methods"},
		{"not http", []string{"--page", "https://app.example", "ftp://api.example/"}, `"ftp://api.example/" is not an http or https URL`},
		{"bad engine", []string{"--page", "https://app.example", "--engine", "edge", "https://api.example/"}, `--engine "edge" is not one of`},
		{"connection refused", []string{"--page", "http://app.example", "http://" + addr + "/x"}, "network failure: GET http://" + addr + "/x: cannot get an answer from " + addr + ": connect: connection refused"},
		{"unresolvable host", []string{"--page", "http://app.example", "http://corsim-test.invalid/x"}, "cannot get an answer from corsim-test.invalid:80: "},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			args := append([]string{"check"}, tc.args...)
			code, stdout, stderr := cli(t, "", args...)
			wantOneLineError(t, args, code, stdout, stderr, tc.want)
		})
	}
}

func TestCheckHelp(t *testing.T) {
	code, stdout, stderr := cli(t, "", "check", "--help")
	if code != exitOK || stderr != "" {
		t.Errorf("check --help: exit %d, stderr %q", code, stderr)
	}
	checkGolden(t, "check-help", stdout)
}
