package harness

import (
	"strings"
	"testing"

	"github.com/corsim/corsim/scenario"
	"github.com/google/go-cmp/cmp"
)

func TestComparisonKind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"outcome", "outcome"},
		{"wire[12].origin", "wire.origin"},
		{"response.headers[x-a]", "response.headers"},
		{"odd[", "odd["},
	}
	for _, tc := range tests {
		if got := (Comparison{Field: tc.in}).Kind(); got != tc.want {
			t.Errorf("Kind(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCompare(t *testing.T) {
	str := func(s string) *string { return &s }
	pred := scenario.Result{Outcome: "allowed", Preflight: true,
		Wire: []scenario.Wire{
			{Method: "OPTIONS", URL: "http://api.test/", Origin: str("http://app.test"), ACRM: str("PATCH"), Cookie: false},
			{Method: "PATCH", URL: "http://api.test/", Origin: str("http://app.test"), Cookie: true},
		},
		Response: &scenario.Observed{Type: "cors", Status: 200, URL: "http://api.test/", Headers: map[string]string{"x-a": "1"}}}
	obs := Observation{
		Result: scenario.Result{Outcome: "blocked", CorsError: "MethodDisallowedByPreflightResponse", Console: "Access ...", Preflight: true,
			Wire: []scenario.Wire{{Method: "OPTIONS", URL: "http://api.test/", Origin: str("http://app.test"), ACRM: str("patch")}}},
		Details: Details{CookieObservable: []bool{false}},
	}
	got := Compare(pred, obs)
	var differ []string
	for _, c := range got {
		if c.Verdict == Differ {
			differ = append(differ, c.Field+": "+c.Predicted+" / "+c.Observed)
		}
	}
	want := []string{
		"outcome: allowed / blocked",
		"corsError:  / MethodDisallowedByPreflightResponse",
		"console:  / Access ...",
		"wire.count: 2 / 1",
		`wire[0].acrm: "PATCH" / "patch"`,
		"response.type: cors / error",
		"response.status: 200 / 0",
		`response.url: "http://api.test/" / ""`,
		`response.headers[x-a]: "1" / (not readable)`,
	}
	if diff := cmp.Diff(want, differ); diff != "" {
		t.Errorf("Compare differences (-want +got):\n%s", diff)
	}
	for _, c := range got {
		if c.Field == "wire[0].cookie" && c.Verdict != Unseen {
			t.Errorf("wire[0].cookie: got %s, want unobservable (the probe could not reach it)", c.Verdict)
		}
	}

	// The same result compared with itself agrees everywhere it can be seen.
	self := Observation{Result: pred, Details: Details{CookieObservable: []bool{true, true}}}
	for _, c := range Compare(pred, self) {
		if c.Verdict != Agree {
			t.Errorf("Compare(x, x): %s: got %s", c.Field, c.Verdict)
		}
	}

	tab := NewTable()
	tab.Add(got, obs.Result.CorsError)
	tab.Add(Compare(pred, self), "")
	if x := tab.CorsErrors["MethodDisallowedByPreflightResponse"]; x == nil || x.Differ != 1 {
		t.Errorf("table row MethodDisallowedByPreflightResponse: got %+v, want one disagreement", x)
	}
	if x := tab.CorsErrors["(none)"]; x == nil || x.Agree != 1 {
		t.Errorf("table row (none): got %+v, want one agreement", x)
	}
	if x := tab.Fields["wire.cookie"]; x == nil || x.Unobservable != 1 || x.Agree != 2 {
		t.Errorf("table row wire.cookie: got %+v, want 2 agree, 1 unobservable", x)
	}
	var b strings.Builder
	tab.WriteText(&b)
	if !strings.Contains(b.String(), "wire.cookie") {
		t.Errorf("WriteText: no wire.cookie row in\n%s", b.String())
	}
}

func TestWithoutUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"http://user:pass@app.test/r/final": "http://app.test/r/final",
		"http://user@app.test:8080/x?a@b":   "http://app.test:8080/x?a@b",
		"http://app.test/x@y":               "http://app.test/x@y",
		"https://a:b@c@app.test/":           "https://app.test/",
		"data:,x@y":                         "data:,x@y",
	} {
		if got := withoutUserinfo(in); got != want {
			t.Errorf("withoutUserinfo(%q) = %q, want %q", in, got, want)
		}
	}
}
