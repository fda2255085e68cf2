package bench

import (
	"context"
	"os"
	"testing"

	"github.com/corsim/corsim/scenario"
)

// scenarioFile is the preflighted fetch the simulator and real Chromium
// (conformance/browser, run by run.sh) both run.
const scenarioFile = "testdata/preflighted-fetch.json"

func loadScenario(tb testing.TB) *scenario.Scenario {
	tb.Helper()
	data, err := os.ReadFile(scenarioFile)
	if err != nil {
		tb.Fatal(err)
	}
	ss, err := scenario.Parse(scenarioFile, data)
	if err != nil {
		tb.Fatal(err)
	}
	if len(ss) != 1 {
		tb.Fatalf("%s: %d scenarios, want 1", scenarioFile, len(ss))
	}
	return ss[0]
}

// simulateOnce runs the scenario as corsim run does (a fresh browser, the
// trace on, the expect block checked) and reports what went wrong.
func simulateOnce(ctx context.Context, s *scenario.Scenario) string {
	run, err := scenario.Simulate(ctx, scenarioFile, s, scenario.RunOptions{})
	switch {
	case err != nil:
		return err.Error()
	case len(run.Mismatches) > 0:
		return run.Mismatches[0].String()
	case len(run.Results) != 1 || run.Results[0].Outcome != "allowed" || !run.Results[0].Preflight:
		return "not an allowed preflighted fetch"
	}
	return ""
}

// BenchmarkSimulate measures whole scenarios, the preflighted fetch of
// testdata/preflighted-fetch.json, on as many goroutines as GOMAXPROCS:
// run.sh runs it with -cpu 1,2 for scenarios per second on one core and on
// both. Real Chromium's time for the same file comes from the browser
// harness.
func BenchmarkSimulate(b *testing.B) {
	b.Run("preflighted-fetch/corsim", func(b *testing.B) {
		s := loadScenario(b)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			ctx := context.Background()
			for pb.Next() {
				if msg := simulateOnce(ctx, s); msg != "" {
					b.Error(msg)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "scenarios/s")
	})
}

// TestSimulatedScenario checks that the benchmarked scenario does what it
// says (an allowed PUT after a preflight, every expectation held), also
// from several goroutines at once, as the benchmark runs it.
func TestSimulatedScenario(t *testing.T) {
	s := loadScenario(t)
	run, err := scenario.Simulate(context.Background(), scenarioFile, s, scenario.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := run.Results[0]
	if r.Outcome != "allowed" || !r.Preflight || len(run.Mismatches) > 0 {
		t.Fatalf("outcome %s, preflight %v, mismatches %v", r.Outcome, r.Preflight, run.Mismatches)
	}
	done := make(chan string)
	for range 4 {
		go func() { done <- simulateOnce(context.Background(), s) }()
	}
	for range 4 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
