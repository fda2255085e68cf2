package main

import (
	"context"
	"strings"
	"testing"

	"github.com/corsim/corsim/conformance/browser/harness"
	"github.com/corsim/corsim/scenario"
)

// TestPredictRefused: a scenario the simulator refuses counts as one
// unexplained difference unless a known difference of field "prediction"
// explains it.
func TestPredictRefused(t *testing.T) {
	ss, err := scenario.Parse("t.json", []byte(`{"name": "bad-url", "page": "http://app.test", "request": {"url": "http://[api.test/data"}}`))
	if err != nil {
		t.Fatal(err)
	}
	known, err := harness.ParseKnown([]byte(`[{"field": "prediction", "scenario": "bad-url", "why": "refused"}]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		known harness.KnownDifferences
		want  int
	}{{nil, 1}, {known, 0}} {
		rep := &harness.Report{Name: "bad-url", Status: harness.StatusObserved, Requests: []harness.Observation{{}}}
		if got := predict(context.Background(), "firefox", "t.json", ss[0], rep, harness.NewTable(), tc.known); got != tc.want {
			t.Errorf("predict(known %d entries): got %d unexplained, want %d", len(tc.known), got, tc.want)
		}
		if !strings.HasPrefix(rep.Prediction, "the simulator refused the scenario") {
			t.Errorf("Prediction: got %q", rep.Prediction)
		}
	}
}
