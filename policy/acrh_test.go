package policy

import (
	"strings"
	"testing"

	"github.com/corsim/corsim/fetch"
)

// checkACRHLiteral is the slow twin of checkACRH: each element split off at
// a comma, trimmed one byte at a time, checked to be a header name, then
// checked against the policy by a case-insensitive comparison with each
// listed name.
func (p *Policy) checkACRHLiteral(lines []string) (bad string, ok bool) {
	n := 0
	for _, line := range lines {
		for _, elem := range strings.Split(line, ",") {
			elem = strings.Trim(elem, " \t")
			if elem == "" {
				continue
			}
			if !fetch.IsHeaderName(elem) {
				return elem, false
			}
			if p.anyHeader {
				if !p.authorization && fetch.IsCORSNonWildcardRequestHeaderName(elem) {
					return elem, false
				}
				continue
			}
			n++
			if n > len(p.headers) {
				return elem, false
			}
			listed := false
			for h := range p.headers {
				listed = listed || strings.EqualFold(h, elem)
			}
			if !listed {
				return elem, false
			}
		}
	}
	return "", true
}

// acrhPolicies cover each branch of checkACRH: listed names (one longer
// than the 64 bytes hasHeader folds on the stack), "*" without and with
// Authorization, and no names at all.
func acrhPolicies(tb testing.TB) []*Policy {
	tb.Helper()
	long := "x-" + strings.Repeat("long", 20)
	var ps []*Policy
	for _, c := range []Config{
		{Origins: []string{"https://app.test"}, RequestHeaders: []string{"Authorization", "Content-Type", "X-A", long}},
		{Origins: []string{"https://app.test"}, RequestHeaders: []string{"*"}},
		{Origins: []string{"https://app.test"}, RequestHeaders: []string{"*", "Authorization"}},
		{Origins: []string{"https://app.test"}},
	} {
		p, err := New(c)
		if err != nil {
			tb.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// acrhSeeds are Access-Control-Request-Headers lines (several lines joined
// with "\n") with runs of spaces and tabs of every length around, between
// and inside names.
var acrhSeeds = func() []string {
	ws := func(n int) string { return strings.Repeat(" \t", n)[:n] }
	long := "x-" + strings.Repeat("LONG", 20)
	seeds := []string{
		"", ",", " , ,\t,", "authorization,content-type", "Authorization, Content-Type", "x-a,x-a,x-a",
		"x-b", "x a", "x-a\n x-a", "content-type\n\n,authorization", "x-a,*", "*", "x-é", "(x)",
		long, strings.ToLower(long) + " ,x-a", "x-a," + long + "x",
	}
	for _, n := range []int{1, 7, 8, 9, 16, 17, 40, 1000} {
		seeds = append(seeds,
			"authorization"+ws(n)+","+ws(n)+"content-type",
			ws(n)+"x-a"+ws(n),
			ws(n)+"x-a"+ws(n+3),
			ws(n+3)+"x-a"+ws(n),
			ws(n)+"x"+ws(n)+"a"+ws(n),
			"x-a"+ws(n)+"b",
			ws(n)+"x"+ws(1)+"a",
			ws(n),
			ws(n)+","+ws(n),
			ws(n)+long+ws(2),
			ws(n)+"x-b"+ws(n)+",x-a",
			ws(n)+"authorization"+ws(n),
		)
	}
	return seeds
}()

func checkACRHAgrees(t *testing.T, ps []*Policy, in string) {
	t.Helper()
	lines := strings.Split(in, "\n")
	for i, p := range ps {
		bad, ok := p.checkACRH(lines)
		wantBad, wantOK := p.checkACRHLiteral(lines)
		if bad != wantBad || ok != wantOK {
			t.Fatalf("policy %d: checkACRH(%q): got %q, %v, want %q, %v", i, lines, bad, ok, wantBad, wantOK)
		}
	}
}

func TestCheckACRHLiteralTwin(t *testing.T) {
	ps := acrhPolicies(t)
	for _, s := range acrhSeeds {
		checkACRHAgrees(t, ps, s)
		// Each byte dropped, and a space, a tab or a comma inserted.
		for i := range min(len(s), 64) + 1 {
			if i < len(s) {
				checkACRHAgrees(t, ps, s[:i]+s[i+1:])
			}
			for _, b := range []string{" ", "\t", ",", "A"} {
				checkACRHAgrees(t, ps, s[:i]+b+s[i:])
			}
		}
	}
}

func FuzzCheckACRH(f *testing.F) {
	for _, s := range acrhSeeds {
		f.Add(s)
	}
	ps := acrhPolicies(f)
	f.Fuzz(func(t *testing.T, in string) {
		checkACRHAgrees(t, ps, in)
	})
}

// TestTrimOWSName checks trimOWSName's contract: trimOWS(s) when that has
// no space or tab inside, else a substring of s that has one.
func TestTrimOWSName(t *testing.T) {
	ws := func(n int) string { return strings.Repeat("\t ", n)[:n] }
	var inputs []string
	for _, name := range []string{"", "a", "x-a", "x a", "x \t a", "a ", strings.Repeat("n", 70), "x" + ws(20) + "y"} {
		for lead := range 24 {
			for trail := range 24 {
				inputs = append(inputs, ws(lead)+name+ws(trail))
			}
		}
		inputs = append(inputs, ws(1000)+name+ws(999), ws(3)+name+ws(1000))
	}
	for _, s := range inputs {
		got, want := trimOWSName(s), trimOWS(s)
		if strings.ContainsAny(want, " \t") {
			if !strings.ContainsAny(got, " \t") || !strings.Contains(s, got) {
				t.Errorf("trimOWSName(%q): got %q, want a substring with a space or tab (trimOWS: %q)", s, got, want)
			}
		} else if got != want {
			t.Errorf("trimOWSName(%q): got %q, want %q", s, got, want)
		}
	}
}

// TestCheckACRHAllocs pins that checking Access-Control-Request-Headers
// allocates nothing, long runs of spaces and tabs and upper-case names
// included.
func TestCheckACRHAllocs(t *testing.T) {
	ps := acrhPolicies(t)
	for _, line := range []string{
		"authorization" + strings.Repeat(" \t", 500) + "," + strings.Repeat("\t ", 500) + "content-type",
		"Authorization, Content-Type",
		strings.Repeat(" ", 40) + "x-a" + strings.Repeat(" ", 50),
	} {
		lines := []string{line}
		if got := testing.AllocsPerRun(100, func() { _, _ = ps[0].checkACRH(lines) }); got != 0 {
			t.Errorf("checkACRH(%q): %v allocations, want 0", line, got)
		}
		if _, ok := ps[0].checkACRH(lines); !ok {
			t.Errorf("checkACRH(%q): not allowed", line)
		}
	}
}

// TestSmallHeaderListAgrees checks that looking names up in the short slice
// gives the map's answers, for policies on both sides of the cut-off.
func TestSmallHeaderListAgrees(t *testing.T) {
	names := []string{"x-a", "x-b", "content-type", "authorization", "x-c", "x-d", "x-e", "x-f", "x-g", "x-h"}
	for n := 1; n <= len(names); n++ {
		p, err := New(Config{Origins: []string{"https://app.example"}, RequestHeaders: names[:n]})
		if err != nil {
			t.Fatal(err)
		}
		if (p.headerList != nil) != (n <= smallHeaderList) {
			t.Errorf("%d names: headerList %v", n, p.headerList)
		}
		for _, probe := range append(names, "X-A", "X-H", "x-z", "", "Content-Type") {
			_, want := p.headers[lowerASCII(probe)]
			if got := p.hasHeader(probe); got != want {
				t.Errorf("%d names: hasHeader(%q) = %v, want %v", n, probe, got, want)
			}
		}
	}
}
