package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/section.golden")

// The fixtures: testdata/results.txt is synthetic benchmark output (fixed
// numbers); stats.csv is what benchstat -format csv -col /impl makes of it
// after perftable -key, instructions.csv the same for instructions.txt,
// and browser.json a conformance/browser report with three observed runs
// and one error.
func loadFixture(t *testing.T) *input {
	t.Helper()
	in := &input{command: "bench/run.sh 6", load: "0.01 0.02 0.03", machine: "Test CPU, 2 cores, go1.26 linux/amd64", cores: 2}
	var err error
	if in.stats, err = readStatsFile("testdata/stats.csv"); err != nil {
		t.Fatal(err)
	}
	if in.instr, err = readStatsFile("testdata/instructions.csv"); err != nil {
		t.Fatal(err)
	}
	if in.browser, err = readBrowserReport("testdata/browser.json"); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestRenderGolden pins the whole section made from the fixtures.
func TestRenderGolden(t *testing.T) {
	got := render(loadFixture(t))
	const golden = "testdata/section.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("render (-want +got), rerun with -update if the change is right:\n%s", diff)
	}
}

// TestRenderFacts checks the numbers the golden file holds that matter
// most, so that a regenerated golden file cannot hide a wrong one.
func TestRenderFacts(t *testing.T) {
	got := render(loadFixture(t))
	for _, want := range []string{
		"| preflight-allowed | 400 ns | 1.20 µs (3.00×) | 3.00 µs (7.50×) | 1.00 µs (2.50×) |",
		"| acrh-whitespace | 2.00 µs | 800 ns (0.40×) |",
		"| realistic | 400 ns, 10 allocs/set | 800 ns (2.00×), 10 allocs/set | 8.00 µs (20.0×), 10 allocs/set |",
		"| corsim, 1 core | 20.0 µs | 50,000 |",
		"| corsim, 2 cores | 11.0 µs | 90,909 |",
		// The median of the three observed runs; the error is left out.
		"| Chrome/156.0.8078.79 (median) | 350 ms | 2.86 |",
		"(3 runs;",
		"**missed**: policy.Handler faster than rs/cors on every row — not on acrh-whitespace (rs/cors takes 0.40× of corsim's time",
		"**met**: policy.Handler no slower than the fastest peer in the geometric mean — the fastest peer in the geometric mean, rs/cors, takes 1.44× corsim's time",
		"**met**: a simulated fetch at least 10,000 times faster than the real browser — 17,500 times faster",
		"| preflight-allowed | 1,500 | 3,000 (2.00×) | 9,000 (6.00×) | 4,500 (3.00×) |",
		"Command: `bench/run.sh 6`",
		"load average when the run started: 0.01 0.02 0.03",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("render: no line containing %q", want)
		}
	}
}

// TestRenderWithoutBrowser: without a Chromium report the goal is missed
// and says it was not measured, rather than passing.
func TestRenderWithoutBrowser(t *testing.T) {
	in := loadFixture(t)
	in.browser = nil
	in.instr = nil
	got := render(in)
	if !strings.Contains(got, "**missed**: a simulated fetch at least 10,000 times faster than the real browser — not measured") {
		t.Errorf("render without a browser report:\n%s", got)
	}
	if strings.Contains(got, "Instructions per operation") {
		t.Error("render without instruction counts printed their table")
	}
}

// TestRenderBusy: a load average above half the cores is called out.
func TestRenderBusy(t *testing.T) {
	in := loadFixture(t)
	if strings.Contains(render(in), "The machine was busy") {
		t.Error("a quiet run is called busy")
	}
	in.load = "9.10 10.34 11.13"
	if !strings.Contains(render(in), "The machine was busy") {
		t.Error("a busy run is not called busy")
	}
}

func TestKeyImplementations(t *testing.T) {
	tests := []struct{ in, want string }{
		{"BenchmarkMiddleware/actual-allowed/rscors-2         \t  1000\t 12.5 ns/op",
			"BenchmarkMiddleware/actual-allowed/impl=rscors-2         \t  1000\t 12.5 ns/op"},
		{"BenchmarkSimulate/preflighted-fetch/corsim \t 10\t 3 ns/op", "BenchmarkSimulate/preflighted-fetch/impl=corsim \t 10\t 3 ns/op"},
		{"BenchmarkOrigin/wpt/whatwgurl-16\t1\t2 ns/op", "BenchmarkOrigin/wpt/impl=whatwgurl-16\t1\t2 ns/op"},
		// Already keyed, unpaired, or not a result: unchanged.
		{"BenchmarkX/impl=corsim-2\t1\t2 ns/op", "BenchmarkX/impl=corsim-2\t1\t2 ns/op"},
		{"BenchmarkAlone-2\t1\t2 ns/op", "BenchmarkAlone-2\t1\t2 ns/op"},
		{"goos: linux", "goos: linux"},
		{"PASS", "PASS"},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		if err := keyImplementations(strings.NewReader(tc.in+"\n"), &out); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSuffix(out.String(), "\n"); got != tc.want {
			t.Errorf("keyImplementations(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitRow(t *testing.T) {
	tests := []struct {
		in          string
		bench, name string
		procs       int
	}{
		{"Middleware/acrh-huge-2", "Middleware", "acrh-huge", 2},
		{"Middleware/preflight-allowed-1000-origins-16", "Middleware", "preflight-allowed-1000-origins", 16},
		{"Simulate/preflighted-fetch", "Simulate", "preflighted-fetch", 1},
		{"Origin/wpt-2", "Origin", "wpt", 2},
	}
	for _, tc := range tests {
		bench, name, procs := splitRow(tc.in)
		if bench != tc.bench || name != tc.name || procs != tc.procs {
			t.Errorf("splitRow(%q): got %q, %q, %d, want %q, %q, %d", tc.in, bench, name, procs, tc.bench, tc.name, tc.procs)
		}
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{4e-7, "400 ns"},
		{9.9955e-7, "1.00 µs"},
		{1.2e-6, "1.20 µs"},
		{2.14e-4, "214 µs"},
		{0.35, "350 ms"},
		{2.5, "2.50 s"},
		{1.5e-8, "15.0 ns"},
	}
	for _, tc := range tests {
		if got := formatTime(tc.in); got != tc.want {
			t.Errorf("formatTime(%g): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReplaceBetween(t *testing.T) {
	doc := "# x\n\n<!-- perf:begin -->\nold\n<!-- perf:end -->\n\nafter\n"
	got, err := replaceBetween(doc, "new\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# x\n\n<!-- perf:begin -->\nnew\n<!-- perf:end -->\n\nafter\n"; got != want {
		t.Errorf("replaceBetween: got %q, want %q", got, want)
	}
	for _, bad := range []string{
		"no markers",
		"<!-- perf:end --> <!-- perf:begin -->",
		"<!-- perf:begin --> <!-- perf:begin --> <!-- perf:end -->",
	} {
		if _, err := replaceBetween(bad, "x"); err == nil {
			t.Errorf("replaceBetween(%q): no error", bad)
		}
	}
}

func TestParseStatsRejects(t *testing.T) {
	for _, bad := range []string{
		"",
		"goos: linux\n",
		",corsim\n",
		",corsim,\n,sec/op,CI\nMiddleware/x-2,notanumber,1%\n",
	} {
		if _, err := parseStats([]byte(bad)); err == nil {
			t.Errorf("parseStats(%q): no error", bad)
		}
	}
}

// TestRunUsage checks the command line: bad flags and arguments are
// usage errors (status 2), a missing file an error (status 1).
func TestRunUsage(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{nil, 2},
		{[]string{"-nosuchflag"}, 2},
		{[]string{"-key", "extra"}, 2},
		{[]string{"a.csv", "b.csv"}, 2},
		{[]string{"testdata/nosuchfile.csv"}, 1},
		{[]string{"-browser", "testdata/nosuchfile.json", "testdata/stats.csv"}, 1},
		{[]string{"testdata/stats.csv"}, 0},
	}
	for _, tc := range tests {
		var out, errOut bytes.Buffer
		if got := run(tc.args, strings.NewReader(""), &out, &errOut); got != tc.want {
			t.Errorf("run(%q): status %d, want %d (stderr %q)", tc.args, got, tc.want, errOut.String())
		}
	}
}
