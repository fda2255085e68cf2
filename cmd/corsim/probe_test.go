package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/policy"
)

func TestProbeCommand(t *testing.T) {
	p, err := policy.New(policy.Config{Origins: []string{"https://app.example.com"}, Methods: []string{"PUT"},
		RequestHeaders: []string{"Authorization"}, Credentials: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(policy.Handler(p, http.NotFoundHandler()))
	defer srv.Close()

	code, out, errOut := runPolicyCommand(t, "", "probe", "--json", "--origin", "https://app.example.com", srv.URL+"/items")
	if code != exitOK || errOut != "" {
		t.Fatalf("probe --json: exit %d, stderr %q", code, errOut)
	}
	var rep policy.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("probe --json output is not a report: %v\n%s", err, out)
	}
	if strings.Join(rep.Effective.AllowedOrigins, ",") != "https://app.example.com" || !rep.Effective.Credentials ||
		strings.Join(rep.Effective.Methods, ",") != "PUT" {
		t.Errorf("effective policy %+v", rep.Effective)
	}
	found := false
	for _, v := range rep.Matrix {
		if v.Origin == "https://app.example.com" && v.Method == "PUT" && v.Header == "Authorization: Bearer token" && v.Credentials {
			found = true
			for _, ev := range v.Engines {
				if !ev.Allowed {
					t.Errorf("credentialed PUT with Authorization: %s blocks it (%s)", ev.Engine, ev.Reason)
				}
			}
		}
		if v.Origin == "null" {
			for _, ev := range v.Engines {
				if ev.Allowed {
					t.Errorf("%s from null allowed by %s", v.Method, ev.Engine)
				}
			}
		}
	}
	if !found {
		t.Error("the matrix lacks the credentialed PUT with Authorization")
	}

	code, out, _ = runPolicyCommand(t, "", "probe", "--origin", "https://app.example.com", srv.URL+"/items")
	for _, want := range []string{"Effective policy", "from https://app.example.com", "PUT", "blocked (MissingAllowOriginHeader)", "Findings"} {
		if !strings.Contains(out, want) {
			t.Errorf("probe output lacks %q:\n%s", want, out)
		}
	}
	if code != exitOK {
		t.Errorf("probe: exit %d", code)
	}
}

func TestProbeCommandShowsEngineDifferences(t *testing.T) {
	// "*" in Access-Control-Allow-Headers covers Authorization in browsers
	// but not in the spec.
	star := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == "OPTIONS" {
			w.Header().Set("Access-Control-Allow-Headers", "*")
			w.Header().Set("Access-Control-Allow-Methods", "*")
			w.WriteHeader(204)
		}
	})
	srv := httptest.NewServer(star)
	defer srv.Close()
	code, out, _ := runPolicyCommand(t, "", "probe", srv.URL)
	if code != exitOK || !strings.Contains(out, "spec, credentials same-origin: blocked (HeaderDisallowedByPreflightResponse)") {
		t.Errorf("probe: exit %d, output lacks the spec's verdict on Authorization:\n%s", code, out)
	}
	_ = fetch.EngineSpec
}

func TestProbeBadInput(t *testing.T) {
	addr := closedAddr(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"probe"}, "exactly one URL"},
		{[]string{"probe", "a", "b"}, "exactly one URL"},
		{[]string{"probe", "not a url"}, "not an http or https URL"},
		{[]string{"probe", "http://" + addr + "/x"}, "cannot probe http://" + addr + "/x: GET " + addr},
	} {
		code, out, errOut := runPolicyCommand(t, "", tc.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("corsim %v: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", tc.args, code, out, errOut, tc.want)
		}
	}
	code, out, _ := runPolicyCommand(t, "", "probe", "-h")
	if code != exitOK || !strings.Contains(out, "Usage: corsim probe") {
		t.Errorf("probe -h: exit %d, %q", code, out)
	}
}
