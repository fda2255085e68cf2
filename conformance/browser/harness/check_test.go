package harness

import (
	"testing"

	"github.com/corsim/corsim/scenario"
	"github.com/google/go-cmp/cmp"
)

func TestCheck(t *testing.T) {
	str := func(s string) *string { return &s }
	yes := true
	st := 200
	e := &scenario.Expect{
		Outcome:        str("allowed"),
		CorsError:      str(""),
		FirefoxReason:  str("CORSMissingAllowOrigin"),
		Preflight:      &yes,
		ACRH:           scenario.Optional{Set: true, Value: "x-a"},
		Status:         &st,
		Type:           str("cors"),
		VisibleHeaders: map[string]*string{"X-A": str("1"), "x-b": nil},
	}
	blocked := &Observation{Result: scenario.Result{Outcome: "blocked", CorsError: "MissingAllowOriginHeader",
		Wire: []scenario.Wire{{Method: "GET", URL: "http://api.test/"}}}}
	want := []Check{
		{Field: "outcome", Want: "allowed", Got: "blocked", Verdict: Failed},
		{Field: "corsError", Want: "", Got: "MissingAllowOriginHeader", Verdict: Failed},
		{Field: "firefoxReason", Want: "CORSMissingAllowOrigin", Verdict: Unobservable, Why: "chromium has no Firefox reason codes"},
		{Field: "preflight", Want: "true", Got: "false", Verdict: Failed},
		{Field: "acrh", Want: `"x-a"`, Got: "null", Verdict: Failed},
		{Field: "status", Want: "200", Got: "0", Verdict: Failed},
		{Field: "type", Want: "cors", Got: "error", Verdict: Failed},
		{Field: "visibleHeaders.X-A", Want: `"1"`, Got: "null", Verdict: Failed},
		{Field: "visibleHeaders.x-b", Want: "null", Got: "null", Verdict: Held},
	}
	if diff := cmp.Diff(want, check("chromium", "chromium", e, blocked)); diff != "" {
		t.Errorf("check(blocked) (-want +got):\n%s", diff)
	}

	acrh := "x-a"
	allowed := &Observation{Result: scenario.Result{Outcome: "allowed", Preflight: true,
		Wire:     []scenario.Wire{{Method: "OPTIONS", ACRM: str("GET"), ACRH: &acrh}, {Method: "GET"}},
		Response: &scenario.Observed{Type: "cors", Status: 200, Headers: map[string]string{"x-a": "1"}}}}
	for _, c := range check("chromium", "chromium", e, allowed) {
		if c.Verdict != Held && c.Field != "firefoxReason" {
			t.Errorf("check(allowed): %s: got %s (want %s, got %s), want held", c.Field, c.Verdict, c.Want, c.Got)
		}
	}
	for _, c := range check("firefox", "chromium", e, allowed) {
		if c.Verdict == Held || c.Verdict == Failed {
			t.Errorf("check(engine firefox): %s: got %s, want not-checked or unobservable", c.Field, c.Verdict)
		}
	}
	// In Firefox the reason code is checked and the CorsError cannot be.
	ff := &Observation{Result: scenario.Result{Outcome: "blocked", FirefoxReason: "CORSMissingAllowOrigin",
		Wire: []scenario.Wire{{Method: "GET", URL: "http://api.test/"}}}}
	verdicts := map[string]Verdict{}
	for _, c := range check("firefox", "firefox", e, ff) {
		verdicts[c.Field] = c.Verdict
	}
	if verdicts["firefoxReason"] != Held || verdicts["corsError"] != Unobservable || verdicts["outcome"] != Failed {
		t.Errorf("check(firefox in firefox): got %v, want firefoxReason held, corsError unobservable, outcome failed", verdicts)
	}
	if got := check("chromium", "chromium", nil, allowed); got != nil {
		t.Errorf("check(nil expect): got %v, want nil", got)
	}
}
