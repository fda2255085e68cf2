// Command perftable turns benchstat's CSV output for the bench module's
// paired benchmarks into the Markdown tables of the README's Performance
// section: each peer's time as a multiple of corsim's, per row and as a
// geometric mean, allocations, scenarios per second, the real-Chromium
// comparison, instruction counts when measured, and whether each goal of
// the comparison is met.
//
// Usage:
//
//	perftable -key < results.txt > keyed.txt
//	perftable [-browser FILE] [-instructions CSV] [-command CMD] [-update README.md] CSV
//
// The first form rewrites Go benchmark output so that the last element of
// each benchmark name, the implementation, becomes the key "impl"
// (BenchmarkMiddleware/actual-allowed/rscors-2 becomes
// BenchmarkMiddleware/actual-allowed/impl=rscors-2), which benchstat can
// then split into columns: benchstat -format csv -col /impl keyed.txt.
//
// The second form reads that CSV (time, B/op, allocs/op, ns/url and
// scenarios/s tables), the JSON report of conformance/browser's runs of
// testdata/preflighted-fetch.json (-browser), and benchstat's CSV of the
// instruction counts (-instructions), and prints the section; with
// -update it replaces the text between the markers <!-- perf:begin -->
// and <!-- perf:end --> in that file instead.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("perftable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.Bool("key", false, "rewrite benchmark output from standard input: the last name element becomes impl=NAME")
	browser := fs.String("browser", "", "conformance/browser's JSON report of the preflighted-fetch scenario (`FILE`)")
	instructions := fs.String("instructions", "", "benchstat CSV of instruction counts (`FILE`, unit instr/op)")
	command := fs.String("command", "bench/run.sh", "the command that produced the results, stated in the output")
	load := fs.String("load", "", "the load average when the run started, stated in the output")
	update := fs.String("update", "", "rewrite the Performance section of `FILE` (between <!-- perf:begin --> and <!-- perf:end -->)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: perftable -key < results.txt > keyed.txt")
		fmt.Fprintln(stderr, "       perftable [-browser FILE] [-instructions CSV] [-command CMD] [-load AVG] [-update README.md] CSV")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *key {
		if fs.NArg() != 0 {
			fs.Usage()
			return 2
		}
		if err := keyImplementations(stdin, stdout); err != nil {
			fmt.Fprintln(stderr, "perftable:", err)
			return 1
		}
		return 0
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	in := input{command: *command, load: *load, machine: describeMachine(), cores: runtime.NumCPU()}
	var err error
	if in.stats, err = readStatsFile(fs.Arg(0)); err != nil {
		fmt.Fprintln(stderr, "perftable:", err)
		return 1
	}
	if *instructions != "" {
		if in.instr, err = readStatsFile(*instructions); err != nil {
			fmt.Fprintln(stderr, "perftable:", err)
			return 1
		}
	}
	if *browser != "" {
		if in.browser, err = readBrowserReport(*browser); err != nil {
			fmt.Fprintln(stderr, "perftable:", err)
			return 1
		}
	}
	section := render(&in)
	if *update == "" {
		io.WriteString(stdout, section)
		return 0
	}
	if err := updateFile(*update, section); err != nil {
		fmt.Fprintln(stderr, "perftable:", err)
		return 1
	}
	return 0
}

// nameRE splits a benchmark result line's name: the name up to the last
// "/", the last element, and the GOMAXPROCS suffix.
var nameRE = regexp.MustCompile(`^(Benchmark[^\s]*)/([^/\s=]+?)(-\d+)?(\s)`)

// keyImplementations copies benchmark output, turning the last name
// element of each paired benchmark into impl=NAME.
func keyImplementations(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	bw := bufio.NewWriter(w)
	for sc.Scan() {
		line := sc.Text()
		bw.WriteString(nameRE.ReplaceAllString(line, "$1/impl=$2$3$4"))
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}

// A cell is one implementation's summary of one row in one unit.
type cell struct {
	value float64
	// delta is benchstat's "vs base" column: "~" when the difference from
	// corsim is not significant, else a percentage; "" for corsim itself.
	delta string
}

// stats holds benchstat's tables: unit → row → implementation → cell, and
// the rows in the order benchstat printed them.
type stats struct {
	units map[string]map[string]map[string]cell
	rows  []string
}

func (s *stats) get(unit, row, impl string) (cell, bool) {
	c, ok := s.units[unit][row][impl]
	return c, ok
}

// readStatsFile reads benchstat -format csv output.
func readStatsFile(name string) (*stats, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	s, err := parseStats(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// parseStats parses benchstat's CSV: configuration lines ("goos: linux"),
// then tables separated by blank lines, each a row of implementation names
// (each spanning its columns), a row of column titles (unit, CI, vs base,
// P), rows of results and a geomean row.
func parseStats(data []byte) (*stats, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	s := &stats{units: map[string]map[string]map[string]cell{}}
	seen := map[string]bool{}
	for i := 0; i < len(records); i++ {
		rec := records[i]
		if len(rec) < 2 || rec[0] != "" {
			continue // a configuration line
		}
		// A table: implementation names, then column titles.
		if i+1 >= len(records) {
			return nil, errors.New("a table without column titles")
		}
		titles := records[i+1]
		type column struct{ impl, unit string }
		valueCols := map[int]column{}
		deltaCols := map[int]string{}
		impl := ""
		for j := 1; j < len(rec) && j < len(titles); j++ {
			if rec[j] != "" {
				impl = rec[j]
			}
			switch t := titles[j]; t {
			case "CI", "P":
			case "vs base":
				deltaCols[j] = impl
			default:
				valueCols[j] = column{impl, t}
			}
		}
		if len(valueCols) == 0 {
			return nil, fmt.Errorf("table at record %d has no value columns", i+1)
		}
		i += 2
		for ; i < len(records) && len(records[i]) > 1 && records[i][0] != ""; i++ {
			row := records[i]
			name := row[0]
			if name == "geomean" {
				continue
			}
			deltas := map[string]string{}
			for j, impl := range deltaCols {
				if j < len(row) {
					deltas[impl] = row[j]
				}
			}
			for j, col := range valueCols {
				if j >= len(row) || row[j] == "" {
					continue
				}
				v, err := strconv.ParseFloat(row[j], 64)
				if err != nil {
					return nil, fmt.Errorf("row %q, %s of %s: %v", name, col.unit, col.impl, err)
				}
				if s.units[col.unit] == nil {
					s.units[col.unit] = map[string]map[string]cell{}
				}
				if s.units[col.unit][name] == nil {
					s.units[col.unit][name] = map[string]cell{}
				}
				s.units[col.unit][name][col.impl] = cell{value: v, delta: deltas[col.impl]}
			}
			if !seen[name] {
				seen[name] = true
				s.rows = append(s.rows, name)
			}
		}
		i-- // the loop's i++ moves past the table's last record
	}
	if len(s.rows) == 0 {
		return nil, errors.New("no benchmark rows")
	}
	return s, nil
}

// splitRow splits a row name such as "Middleware/acrh-huge-2" into the
// benchmark ("Middleware"), the case ("acrh-huge") and the GOMAXPROCS the
// run had (2; 1 when the name has no suffix). Case names never end in
// "-<digits>" themselves.
func splitRow(row string) (bench, name string, procs int) {
	bench, name, _ = strings.Cut(row, "/")
	procs = 1
	if i := strings.LastIndexByte(name, '-'); i >= 0 {
		if n, err := strconv.Atoi(name[i+1:]); err == nil {
			name, procs = name[:i], n
		}
	}
	return bench, name, procs
}

// browserRuns are the durations of the observed runs of the scenario in
// real Chromium, with the browser's version.
type browserRuns struct {
	version   string
	durations []float64 // seconds
}

func readBrowserReport(name string) (*browserRuns, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var rep struct {
		Browser string `json:"browser"`
		Files   []struct {
			Scenarios []struct {
				Name       string `json:"name"`
				Status     string `json:"status"`
				DurationNs int64  `json:"durationNs"`
			} `json:"scenarios"`
		} `json:"files"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b := &browserRuns{version: rep.Browser}
	for _, f := range rep.Files {
		for _, s := range f.Scenarios {
			if s.Status == "observed" && s.DurationNs > 0 {
				b.durations = append(b.durations, float64(s.DurationNs)/1e9)
			}
		}
	}
	if len(b.durations) == 0 {
		return nil, fmt.Errorf("%s: no observed scenario", name)
	}
	return b, nil
}

// describeMachine names the CPU (from /proc/cpuinfo), the number of cores
// and the Go version.
func describeMachine() string {
	model := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, %s %s/%s", model, runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// busy reports whether the one-minute load average (the first field of
// load) was above half the cores, when times are no longer trustworthy.
func busy(load string, cores int) bool {
	f := strings.Fields(load)
	if len(f) == 0 {
		return false
	}
	avg, err := strconv.ParseFloat(f[0], 64)
	return err == nil && avg > float64(cores)/2
}

// input is everything the section is made from.
type input struct {
	// cores is the number of cores the machine has.
	cores   int
	stats   *stats
	instr   *stats
	browser *browserRuns
	command string
	load    string
	machine string
}

// The implementations, in column order, with the names readers know.
var (
	middlewarePeers = []impl{{"rscors", "rs/cors"}, {"chicors", "go-chi/cors"}, {"gincors", "gin-contrib/cors"}}
	urlPeers        = []impl{{"neturl", "net/url"}, {"whatwgurl", "whatwg-url"}}
	corsim          = impl{"corsim", "corsim"}
)

type impl struct{ key, title string }

// The units benchstat gives ns/op and the origin benchmarks' ns/url, in
// seconds.
const (
	timeUnit = "sec/op"
	urlUnit  = "sec/url"
)

// rowsOf returns the stats rows of one benchmark, in order.
func (s *stats) rowsOf(bench string) []string {
	var out []string
	for _, r := range s.rows {
		if b, _, _ := splitRow(r); b == bench {
			out = append(out, r)
		}
	}
	return out
}

// ratio returns peer/corsim in unit on row, and benchstat's delta.
func (s *stats) ratio(unit, row, peer string) (float64, string, bool) {
	c, ok1 := s.get(unit, row, corsim.key)
	p, ok2 := s.get(unit, row, peer)
	if !ok1 || !ok2 || c.value == 0 {
		return 0, "", false
	}
	return p.value / c.value, p.delta, true
}

func geomean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

// formatTime prints seconds with three significant digits and a unit.
func formatTime(sec float64) string {
	for _, u := range []struct {
		scale float64
		name  string
	}{{1e9, "ns"}, {1e6, "µs"}, {1e3, "ms"}} {
		if x := sec * u.scale; x < 999.5 {
			return sig3(x) + " " + u.name
		}
	}
	return sig3(sec) + " s"
}

func sig3(x float64) string {
	switch {
	case x >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// formatRatio prints a ratio as "4.73×", with "≈" when benchstat found the
// difference not significant.
func formatRatio(r float64, delta string) string {
	s := sig3(r) + "×"
	if delta == "~" {
		s = "≈" + s
	}
	return s
}

func formatCount(x float64) string {
	if x >= 1000 {
		return groupThousands(strconv.FormatFloat(x, 'f', 0, 64))
	}
	if x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return sig3(x)
}

func groupThousands(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// render writes the Performance section.
func render(in *input) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("Measured on %s", in.machine)
	if in.load != "" {
		w("; load average when the run started: %s", in.load)
	}
	w(". Command: `%s`. Times are benchstat's medians; a ratio is the peer's time divided by corsim's (above 1: corsim is faster; ≈: benchstat finds the difference not significant at p < 0.05).", in.command)
	if busy(in.load, in.cores) {
		w(" **The machine was busy during this run (other work competed for its cores): the times are noisy and the ratios approximate; the instruction counts, when shown, are not affected.**")
	}
	w("\n\n")

	g := goals{}
	renderMiddleware(&b, in, &g)
	renderOrigins(&b, in, &g)
	renderSimulation(&b, in, &g)
	renderInstructions(&b, in, &g)
	w("#### Goals\n\n")
	for _, l := range g.lines {
		w("- %s\n", l)
	}
	return b.String()
}

// goals collects the verdict on each goal of the comparison.
type goals struct{ lines []string }

func (g *goals) add(met bool, goal, detail string) {
	mark := "**met**"
	if !met {
		mark = "**missed**"
	}
	line := mark + ": " + goal
	if detail != "" {
		line += " — " + detail
	}
	g.lines = append(g.lines, line)
}

// missNotes say why corsim loses a row, when it does; they are printed
// only then.
var missNotes = map[string]string{
	"Middleware/acrh-whitespace": "corsim accepts this list (RFC 9110 lets a recipient ignore optional whitespace of any length) and so reads all 2,000 bytes; rs/cors refuses the preflight at the second byte of whitespace",
	"Origin/wpt":                 "these inputs are mostly the unusual URLs that origin.FromURL's fast path leaves to the full URL Standard parser, which builds the whole URL record and allocates (IDNA, IPv4 and IPv6 rewriting, percent-decoding, failures with their reasons); net/url does less, and answers 30% of them otherwise than the standard (see the equivalence test)",
}

func renderMiddleware(b *strings.Builder, in *input, g *goals) {
	rows := in.stats.rowsOf("Middleware")
	if len(rows) == 0 {
		return
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("#### CORS middleware\n\n")
	w("Time per request, `BenchmarkMiddleware/<request>/<implementation>`: the same configuration (four methods, two request headers, max-age 600; one origin, 1,000 origins, or one origin with credentials) and the same request for each.\n\n")
	w("| request | corsim |")
	for _, p := range middlewarePeers {
		w(" %s |", p.title)
	}
	w("\n| --- | ---: |%s\n", strings.Repeat(" ---: |", len(middlewarePeers)))
	ratios := map[string][]float64{}
	var corsimTimes []float64
	peerTimes := map[string][]float64{}
	var slowerThanRS []string
	for _, row := range rows {
		_, name, _ := splitRow(row)
		c, ok := in.stats.get(timeUnit, row, corsim.key)
		if !ok {
			continue
		}
		corsimTimes = append(corsimTimes, c.value)
		w("| %s | %s |", name, formatTime(c.value))
		for _, p := range middlewarePeers {
			pc, ok := in.stats.get(timeUnit, row, p.key)
			if !ok {
				w(" — |")
				continue
			}
			r, delta, _ := in.stats.ratio(timeUnit, row, p.key)
			ratios[p.key] = append(ratios[p.key], r)
			peerTimes[p.key] = append(peerTimes[p.key], pc.value)
			w(" %s (%s) |", formatTime(pc.value), formatRatio(r, delta))
			if p.key == "rscors" && r <= 1 {
				miss := fmt.Sprintf("%s (rs/cors takes %s of corsim's time", name, sig3(r)+"×")
				if note, ok := missNotes["Middleware/"+name]; ok {
					miss += ": " + note
				}
				slowerThanRS = append(slowerThanRS, miss+")")
			}
		}
		w("\n")
	}
	if len(corsimTimes) == 0 {
		w("\n")
		g.add(false, "policy.Handler faster than the peers", "not measured")
		return
	}
	w("| geometric mean | %s |", formatTime(geomean(corsimTimes)))
	// The fastest peer is the one whose time is the smallest multiple of
	// corsim's.
	fastestRatio := math.Inf(1)
	fastest := ""
	for _, p := range middlewarePeers {
		gm := geomean(ratios[p.key])
		w(" %s (%s) |", formatTime(geomean(peerTimes[p.key])), formatRatio(gm, ""))
		if gm < fastestRatio {
			fastestRatio, fastest = gm, p.title
		}
	}
	w("\n\n")

	w("Allocations per request (allocs/op, B/op):\n\n| request | corsim |")
	for _, p := range middlewarePeers {
		w(" %s |", p.title)
	}
	w("\n| --- | ---: |%s\n", strings.Repeat(" ---: |", len(middlewarePeers)))
	zeroAllocMiss := []string{}
	for _, row := range rows {
		_, name, _ := splitRow(row)
		w("| %s |", name)
		for _, p := range append([]impl{corsim}, middlewarePeers...) {
			a, ok1 := in.stats.get("allocs/op", row, p.key)
			by, ok2 := in.stats.get("B/op", row, p.key)
			if !ok1 || !ok2 {
				w(" — |")
				continue
			}
			w(" %s (%s B) |", formatCount(a.value), formatCount(math.Round(by.value)))
			if p.key == corsim.key && strings.HasPrefix(name, "actual-") && !strings.Contains(name, "denied") && a.value != 0 {
				zeroAllocMiss = append(zeroAllocMiss, fmt.Sprintf("%s: %s allocations", name, formatCount(a.value)))
			}
		}
		w("\n")
	}
	w("\n")

	if len(slowerThanRS) == 0 {
		g.add(true, "policy.Handler faster than rs/cors on every row", "")
	} else {
		g.add(false, "policy.Handler faster than rs/cors on every row", "not on "+strings.Join(slowerThanRS, "; "))
	}
	detail := fmt.Sprintf("the fastest peer in the geometric mean, %s, takes %s corsim's time", fastest, sig3(fastestRatio)+"×")
	g.add(fastestRatio >= 1, "policy.Handler no slower than the fastest peer in the geometric mean", detail)
	if len(zeroAllocMiss) == 0 {
		g.add(true, "zero allocations on allowed actual requests", "")
	} else {
		g.add(false, "zero allocations on allowed actual requests", strings.Join(zeroAllocMiss, "; "))
	}
}

func renderOrigins(b *strings.Builder, in *input, g *goals) {
	rows := in.stats.rowsOf("Origin")
	if len(rows) == 0 {
		return
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("#### Origins from URLs\n\n")
	w("Time per URL, `BenchmarkOrigin/<input set>/<implementation>`: `origin.FromURL`; `net/url.Parse` then the scheme, host and port; `github.com/nlnwa/whatwg-url` then the same. `realistic` is twenty URLs a browser fetches, `wpt` the web-platform-tests URL inputs without a base (the second row is absent when `$CORSIM_WPT_DIR` was not set).\n\n")
	w("| input set | corsim |")
	for _, p := range urlPeers {
		w(" %s |", p.title)
	}
	w("\n| --- | ---: |%s\n", strings.Repeat(" ---: |", len(urlPeers)))
	type miss struct{ goal, text string }
	var misses []miss
	netOK, whatwgOK := true, true
	measured := 0
	for _, row := range rows {
		_, name, _ := splitRow(row)
		c, ok := in.stats.get(urlUnit, row, corsim.key)
		if !ok {
			continue
		}
		measured++
		ca, _ := in.stats.get("allocs/op", row, corsim.key)
		w("| %s | %s, %s allocs/set |", name, formatTime(c.value), formatCount(ca.value))
		for _, p := range urlPeers {
			pc, ok := in.stats.get(urlUnit, row, p.key)
			if !ok {
				w(" — |")
				continue
			}
			pa, _ := in.stats.get("allocs/op", row, p.key)
			r, delta, _ := in.stats.ratio(urlUnit, row, p.key)
			w(" %s (%s), %s allocs/set |", formatTime(pc.value), formatRatio(r, delta), formatCount(pa.value))
			note := missNotes["Origin/"+name]
			switch {
			case p.key == "neturl" && r < 1:
				netOK = false
				misses = append(misses, miss{"net", fmt.Sprintf("%s: net/url takes %s of corsim's time%s", name, sig3(r)+"×", withNote(note))})
			case p.key == "whatwgurl" && r < 3:
				whatwgOK = false
				misses = append(misses, miss{"whatwg", fmt.Sprintf("%s: whatwg-url takes %s corsim's time", name, sig3(r)+"×")})
			}
		}
		w("\n")
	}
	w("\n")
	texts := func(goal string) string {
		var out []string
		for _, m := range misses {
			if m.goal == goal {
				out = append(out, m.text)
			}
		}
		return strings.Join(out, "; ")
	}
	if measured == 0 {
		g.add(false, "origin extraction no slower than net/url.Parse and several times faster than whatwg-url", "not measured")
		return
	}
	g.add(netOK, "origin extraction no slower than net/url.Parse", texts("net"))
	g.add(whatwgOK, "origin extraction several (at least 3) times faster than whatwg-url", texts("whatwg"))
}

func withNote(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

func renderSimulation(b *strings.Builder, in *input, g *goals) {
	rows := in.stats.rowsOf("Simulate")
	if len(rows) == 0 {
		return
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("#### Simulation\n\n")
	w("`BenchmarkSimulate/preflighted-fetch/corsim` runs the scenario of `bench/testdata/preflighted-fetch.json` (a JSON PUT with Authorization: a preflight, then the PUT) as `corsim run` does, on one core and on both (`-cpu 1,2`).")
	if in.browser != nil {
		w(" Real Chromium's time is conformance/browser's time for the same file (%d runs; page load, the preflight, the PUT, and the harness waiting for the console to settle).", len(in.browser.durations))
	}
	w("\n\n| | time per scenario | scenarios per second |\n| --- | ---: | ---: |\n")
	oneCore := math.NaN()
	for _, row := range rows {
		_, _, procs := splitRow(row)
		t, ok := in.stats.get(timeUnit, row, corsim.key)
		if !ok {
			continue
		}
		perSecond := 1 / t.value
		if s, ok := in.stats.get("scenarios/s", row, corsim.key); ok {
			perSecond = s.value
		}
		cores := "1 core"
		if procs > 1 {
			cores = fmt.Sprintf("%d cores", procs)
		}
		w("| corsim, %s | %s | %s |\n", cores, formatTime(t.value), formatCount(perSecond))
		if procs == 1 {
			oneCore = t.value
		}
	}
	if in.browser == nil {
		w("\n")
		g.add(false, "a simulated fetch at least 10,000 times faster than the real browser", "not measured: the run had no Chromium report")
		return
	}
	med := median(in.browser.durations)
	w("| %s (median) | %s | %s |\n\n", in.browser.version, formatTime(med), sig3(1/med))
	r := med / oneCore
	g.add(r >= 10000, "a simulated fetch at least 10,000 times faster than the real browser",
		fmt.Sprintf("%s times faster (one core against the median Chromium run)", formatCount(math.Round(r))))
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// renderInstructions writes the instruction counts, a cross-check of the
// time ratios that load on the machine does not disturb.
func renderInstructions(b *strings.Builder, in *input, g *goals) {
	if in.instr == nil {
		return
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("#### Instructions per operation\n\n")
	w("Counted by Valgrind (`bench/instructions.sh`: the whole process, with GOGC=off, at two iteration counts, divided by the difference), so they do not depend on load; the garbage collector's work is left out, which favours the implementations that allocate.\n\n")
	for _, group := range []struct {
		bench string
		peers []impl
	}{{"Middleware", middlewarePeers}, {"Origin", urlPeers}} {
		rows := in.instr.rowsOf(group.bench)
		if len(rows) == 0 {
			continue
		}
		w("| %s | corsim |", strings.ToLower(group.bench))
		for _, p := range group.peers {
			w(" %s |", p.title)
		}
		w("\n| --- | ---: |%s\n", strings.Repeat(" ---: |", len(group.peers)))
		ratios := map[string][]float64{}
		for _, row := range rows {
			_, name, _ := splitRow(row)
			c, ok := in.instr.get("instr/op", row, corsim.key)
			if !ok {
				continue
			}
			w("| %s | %s |", name, formatCount(c.value))
			for _, p := range group.peers {
				r, _, ok := in.instr.ratio("instr/op", row, p.key)
				if !ok {
					w(" — |")
					continue
				}
				pc, _ := in.instr.get("instr/op", row, p.key)
				ratios[p.key] = append(ratios[p.key], r)
				w(" %s (%s) |", formatCount(pc.value), sig3(r)+"×")
			}
			w("\n")
		}
		w("| geometric mean | |")
		for _, p := range group.peers {
			w(" (%s) |", sig3(geomean(ratios[p.key]))+"×")
		}
		w("\n\n")
		// The closest peer's counts against corsim's, row by row: the
		// load-independent reading of the first goal of each group.
		closest := group.peers[0]
		var behind []string
		for _, row := range rows {
			if r, _, ok := in.instr.ratio("instr/op", row, closest.key); ok && r <= 1 {
				_, name, _ := splitRow(row)
				miss := fmt.Sprintf("%s (%s executes %s corsim's count", name, closest.title, sig3(r)+"×")
				if note, ok := missNotes[group.bench+"/"+name]; ok {
					miss += ": " + note
				}
				behind = append(behind, miss+")")
			}
		}
		subject := map[string]string{"Middleware": "policy.Handler", "Origin": "origin.FromURL"}[group.bench]
		goal := fmt.Sprintf("by instruction count, %s executes fewer instructions than %s on every row", subject, closest.title)
		detail := ""
		if len(behind) > 0 {
			detail = "not on " + strings.Join(behind, "; ")
		}
		g.add(len(behind) == 0, goal, detail)
	}
	for _, row := range in.instr.rowsOf("Simulate") {
		if c, ok := in.instr.get("instr/op", row, corsim.key); ok {
			w("A simulated scenario (%s): %s instructions.\n\n", row, formatCount(c.value))
		}
	}
}

const (
	beginMarker = "<!-- perf:begin -->"
	endMarker   = "<!-- perf:end -->"
)

// updateFile replaces the text between the markers in the file.
func updateFile(name, section string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	out, err := replaceBetween(string(data), section)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return os.WriteFile(name, []byte(out), 0o644)
}

func replaceBetween(doc, section string) (string, error) {
	i := strings.Index(doc, beginMarker)
	j := strings.Index(doc, endMarker)
	if i < 0 || j < 0 || j < i {
		return "", fmt.Errorf("no %s ... %s markers", beginMarker, endMarker)
	}
	if strings.Count(doc, beginMarker) != 1 || strings.Count(doc, endMarker) != 1 {
		return "", errors.New("the perf markers appear more than once")
	}
	return doc[:i+len(beginMarker)] + "\n" + section + doc[j:], nil
}
