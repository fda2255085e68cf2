package fetch

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// safelistCase is a value of one header and whether the spec safelists it.
type safelistCase struct {
	desc  string
	value string
	want  bool
}

// contentTypeSafelistCases are Content-Type values with the spec's answer.
var contentTypeSafelistCases = []safelistCase{
	{"text/plain", "text/plain", true},
	{"upper case", "TEXT/PLAIN", true},
	{"charset parameter", "text/plain;charset=UTF-8", true},
	{"form-urlencoded", "application/x-www-form-urlencoded", true},
	{"form-data with boundary", "multipart/form-data; boundary=----x", true},
	{"space inside the type", "text /plain", false},
	{"tabs around the slash", "text\t/\tplain", false},
	{"garbage parameter is ignored", "text/plain;garbage", true},
	{"control bytes in a parameter", "text/plain;garbage\x01\x02", false},
	{"trailing comma", "text/plain,", false},
	{"leading comma", ",text/plain", false},
	{"two types", "text/plain,text/plain", false},
	{"two different types", "text/plain,x/x", false},
	{"vertical tab (unsafe byte)", "text/plain\x0b", false},
	{"form feed (unsafe byte)", "text/plain\x0c", false},
	{"lone quote in a parameter", "multipart/form-data;\"", false},
	{"JSON", "application/json", false},
	{"HTML", "text/html", false},
	{"comma inside a parameter value", "text/plain;a=b,c", true},
	{"garbage between subtype and ;", "text/plain x;y", false},
	{"trailing semicolon after a parameter", "text/plain;charset=utf-8;", true},
	{"two semicolons", "text/plain;;", true},
	{"non-ASCII byte in a parameter", "text/plain;x=\xE9", true},
	{"non-ASCII byte in the subtype", "text/pl\xE9in", false},
	{"empty", "", false},
	{"leading tab", "\ttext/plain", true},
	{"trailing tab", "text/plain\t", true},
	{"leading space", " text/plain", true},
	{"quoted parameter (quote is unsafe)", "text/plain;x=\"y\"", false},
	{"parentheses", "text/plain(x)", false},
	{"Protected Audience type (Chromium only)", "message/ad-auction-trusted-signals-request", false},
	{"no subtype", "text/", false},
	{"no slash", "textplain", false},
	{"128 bytes", "text/plain;a=" + strings.Repeat("b", 128-len("text/plain;a=")), true},
	{"129 bytes", "text/plain;a=" + strings.Repeat("b", 129-len("text/plain;a=")), false},
}

// rangeSafelistCases are Range values with the spec's answer.
var rangeSafelistCases = []safelistCase{
	{"start and end", "bytes=100-200", true},
	{"open end", "bytes=200-", true},
	{"zero to zero", "bytes=0-0", true},
	{"from zero", "bytes=0-", true},
	{"suffix range", "bytes=-200", false},
	{"no unit", "100-200", false},
	{"other unit", "MB=100-200", false},
	{"space before =", "bytes =100-200", false},
	{"tab before =", "bytes\t=100-200", false},
	{"spaces after =", "bytes=  100-200", false},
	{"space before -", "bytes=100 -200", false},
	{"space after -", "bytes=100- 200", false},
	{"trailing text", "bytes=100-200hello", false},
	{"letters", "bytes=abc-def", false},
	{"two ranges", "bytes=100-200,300-400", false},
	{"start after end", "bytes=200-100", false},
	{"no =", "bytes 100-200", false},
	{"spaces around =", "bytes = 100-200", false},
	{"leading comma", ",bytes=100-200", false},
	{"comma after =", "bytes=,100-200", false},
	{"unit in other case", "Bytes=0-", false},
	{"plus sign", "bytes=+5-", false},
	{"negative end", "bytes=5--1", false},
	{"minus zero end", "bytes=0--0", false},
	{"nothing after =", "bytes=", false},
	{"neither bound", "bytes=-", false},
	{"int64 max", "bytes=9223372036854775807-", true},
	{"int64 max plus one", "bytes=9223372036854775808-", true},
	{"uint64 max plus one", "bytes=18446744073709551616-", true},
	{"forty digits", "bytes=" + strings.Repeat("9", 40) + "-", true},
	{"two 61-digit numbers exceed 128 bytes", "bytes=" + strings.Repeat("1", 61) + "-" + strings.Repeat("2", 61), false},
}

func TestIsCORSSafelistedRequestHeaderContentType(t *testing.T) {
	for _, tc := range contentTypeSafelistCases {
		t.Run(tc.desc, func(t *testing.T) {
			for _, name := range []string{"Content-Type", "content-type", "CONTENT-TYPE"} {
				if got := IsCORSSafelistedRequestHeader(name, tc.value); got != tc.want {
					t.Errorf("IsCORSSafelistedRequestHeader(%q, %q): got %v, want %v", name, tc.value, got, tc.want)
				}
			}
		})
	}
}

func TestIsCORSSafelistedRequestHeaderRange(t *testing.T) {
	for _, tc := range rangeSafelistCases {
		t.Run(tc.desc, func(t *testing.T) {
			for _, name := range []string{"Range", "range", "RANGE"} {
				if got := IsCORSSafelistedRequestHeader(name, tc.value); got != tc.want {
					t.Errorf("IsCORSSafelistedRequestHeader(%q, %q): got %v, want %v", name, tc.value, got, tc.want)
				}
			}
		})
	}
}

func TestIsCORSSafelistedRequestHeader(t *testing.T) {
	tests := []struct {
		desc        string
		name, value string
		want        bool
	}{
		{"Accept */*", "Accept", "*/*", true},
		{"Accept with q-values", "accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", true},
		{"Accept with a quote", "Accept", "\"", false},
		{"Accept with @", "Accept", "a@b", false},
		{"Accept with 0x01", "Accept", "\x01", false},
		{"Accept with a tab", "Accept", "a\tb", true},
		{"Accept with non-ASCII bytes", "Accept", "text/\xE9\xFF", true},
		{"Accept with DEL", "Accept", "a\x7fb", false},
		{"Accept of 128 bytes", "Accept", strings.Repeat("a", 128), true},
		{"Accept of 129 bytes", "Accept", strings.Repeat("a", 129), false},
		{"empty Accept", "Accept", "", true},
		{"Accept-Language", "Accept-Language", "en-US,en;q=0.9", true},
		{"Accept-Language star", "accept-language", "*", true},
		{"Accept-Language with 0x01", "Accept-Language", "\x01", false},
		{"Accept-Language with @", "Accept-Language", "@", false},
		{"Accept-Language with underscore", "Accept-Language", "en_US", false},
		{"Accept-Language with a tab", "Accept-Language", "en\tUS", false},
		{"Accept-Language with non-ASCII", "Accept-Language", "fr-\xC9", false},
		{"Content-Language", "Content-Language", "de-DE, en", true},
		{"Content-Language with a quote", "content-language", "\"de\"", false},
		{"Content-Language of 129 bytes", "Content-Language", strings.Repeat("a", 129), false},
		{"Authorization", "Authorization", "Basic x", false},
		{"custom header", "X-Requested-With", "XMLHttpRequest", false},
		{"DPR is not in the spec", "DPR", "2", false},
		{"Save-Data is not in the spec", "Save-Data", "on", false},
		{"empty name", "", "x", false},
		{"name one byte longer", "Accepts", "x", false},
		{"same length as Range", "Rangf", "bytes=0-", false},
		{"same length as Accept-Language", "Accept-Languagf", "en", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsCORSSafelistedRequestHeader(tc.name, tc.value); got != tc.want {
				t.Errorf("IsCORSSafelistedRequestHeader(%q, %q): got %v, want %v", tc.name, tc.value, got, tc.want)
			}
		})
	}
}

// notSafelistedPairs are headers that must force a preflight, one rule
// each (our own rows, in the spirit of WPT's not-cors-safelisted.json).
var notSafelistedPairs = [][2]string{
	{"accept", "\""},
	{"accept", strings.Repeat("0123456789", 12) + "012345678"},
	{"accept-language", "\x01"},
	{"accept-language", "@"},
	{"authorization", "basics"},
	{"content-language", "\x01"},
	{"content-language", "@"},
	{"content-type", "text/html"},
	{"content-type", "text/plain; long=" + strings.Repeat("0123456789", 12)},
	{"range", "bytes 0-"},
	{"test", "hi"},
	{"range", "bytes=-1"},
	{"content-type", "text/plain;\x7f"},
}

func TestNotSafelistedPairsPreflight(t *testing.T) {
	for _, p := range notSafelistedPairs {
		if IsCORSSafelistedRequestHeader(p[0], p[1]) {
			t.Errorf("IsCORSSafelistedRequestHeader(%q, %q): got true, want false", p[0], p[1])
		}
		l := HeaderList{{Name: p[0], Value: p[1]}}
		if got, want := CORSUnsafeRequestHeaderNames(l), []string{p[0]}; !slices.Equal(got, want) {
			t.Errorf("CORSUnsafeRequestHeaderNames(%q): got %q, want %q", l, got, want)
		}
	}
}

func TestCORSUnsafeRequestHeaderNames(t *testing.T) {
	lang128 := strings.Repeat("a", 128)
	tests := []struct {
		desc string
		in   HeaderList
		want []string
	}{
		{"empty list", nil, nil},
		{"only safelisted", HeaderList{{"Accept", "*/*"}, {"Content-Type", "text/plain"}}, nil},
		{"lowercased and sorted", HeaderList{{"X-B", "1"}, {"X-A", "2"}, {"Accept", "*/*"}}, []string{"x-a", "x-b"}},
		{"duplicates removed across cases", HeaderList{{"X-A", "1"}, {"x-a", "2"}, {"X-a", "3"}}, []string{"x-a"}},
		{"sorted bytewise, not by case-folded order", HeaderList{{"x-b", "1"}, {"X-C", "1"}, {"x-_", "1"}}, []string{"x-_", "x-b", "x-c"}},
		{"a safelisted name with an unsafe value", HeaderList{{"Content-Type", "application/json"}}, []string{"content-type"}},
		{"1024 bytes exactly stays safelisted",
			HeaderList{{"Accept-Language", lang128}, {"Accept-Language", lang128}, {"Accept-Language", lang128}, {"Accept-Language", lang128},
				{"Content-Language", lang128}, {"Content-Language", lang128}, {"Content-Language", lang128}, {"Accept", lang128}},
			nil},
		{"1025 bytes make every safelisted name unsafe",
			HeaderList{{"Accept-Language", lang128}, {"Accept-Language", lang128}, {"Accept-Language", lang128}, {"Accept-Language", lang128},
				{"Content-Language", lang128}, {"Content-Language", lang128}, {"Content-Language", lang128}, {"Accept", lang128}, {"Content-Language", "b"}},
			[]string{"accept", "accept-language", "content-language"}},
		{"1025 bytes with an unsafe header",
			HeaderList{{"X-Custom", "1"}, {"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128},
				{"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128}, {"Content-Type", "text/plain"}},
			[]string{"accept", "content-type", "x-custom"}},
		{"unsafe values do not count toward 1024",
			HeaderList{{"X-Big", strings.Repeat("x", 5000)}, {"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128},
				{"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128}, {"Accept", lang128}},
			[]string{"x-big"}},
		{"a 129-byte value is unsafe and does not count",
			HeaderList{{"Accept", strings.Repeat("a", 129)}, {"Accept-Language", lang128}},
			[]string{"accept"}},
		{"two Accept headers of 100 bytes are judged one by one",
			HeaderList{{"Accept", strings.Repeat("a", 100)}, {"Accept", strings.Repeat("b", 100)}},
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			got := CORSUnsafeRequestHeaderNames(tc.in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("CORSUnsafeRequestHeaderNames: -want +got:\n%s", diff)
			}
			if has, want := HasCORSUnsafeRequestHeaderNames(tc.in), len(tc.want) > 0; has != want {
				t.Errorf("HasCORSUnsafeRequestHeaderNames: got %v, want %v", has, want)
			}
			value, ok := AccessControlRequestHeadersValue(tc.in)
			if wantValue := strings.Join(tc.want, ","); value != wantValue || ok != (len(tc.want) > 0) {
				t.Errorf("AccessControlRequestHeadersValue: got (%q, %v), want (%q, %v)", value, ok, wantValue, len(tc.want) > 0)
			}
		})
	}
}

func TestCORSUnsafeRequestHeaderNamesDoesNotModifyList(t *testing.T) {
	l := HeaderList{{"X-B", "1"}, {"X-A", "2"}}
	before := l.Clone()
	_ = CORSUnsafeRequestHeaderNames(l)
	if diff := cmp.Diff(before, l); diff != "" {
		t.Errorf("CORSUnsafeRequestHeaderNames modified its argument: -before +after:\n%s", diff)
	}
}

func TestAccessControlRequestHeadersValueFormat(t *testing.T) {
	l := HeaderList{{"X-Custom", "1"}, {"Content-Type", "application/json"}, {"Authorization", "x"}}
	got, ok := AccessControlRequestHeadersValue(l)
	if want := "authorization,content-type,x-custom"; got != want || !ok {
		t.Errorf("AccessControlRequestHeadersValue(%q): got (%q, %v), want (%q, true)", l, got, ok, want)
	}
}

// typicalRequest is a request a page commonly sends without a preflight.
var typicalRequest = HeaderList{
	{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
	{"Content-Type", "text/plain;charset=UTF-8"},
	{"Accept-Language", "en-US,en;q=0.9,fr;q=0.8"},
	{"Content-Language", "en"},
	{"Range", "bytes=0-1023"},
}

func TestSafelistHotPathDoesNotAllocate(t *testing.T) {
	if HasCORSUnsafeRequestHeaderNames(typicalRequest) {
		t.Fatalf("HasCORSUnsafeRequestHeaderNames(typicalRequest): got true, want false")
	}
	if n := testing.AllocsPerRun(100, func() { _ = HasCORSUnsafeRequestHeaderNames(typicalRequest) }); n != 0 {
		t.Errorf("HasCORSUnsafeRequestHeaderNames: %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = CORSUnsafeRequestHeaderNames(typicalRequest) }); n != 0 {
		t.Errorf("CORSUnsafeRequestHeaderNames with no unsafe name: %v allocations, want 0", n)
	}
	all := append(append([]safelistCase{}, contentTypeSafelistCases...), rangeSafelistCases...)
	for _, tc := range all {
		if n := testing.AllocsPerRun(10, func() {
			_ = IsCORSSafelistedRequestHeader("Content-Type", tc.value)
			_ = IsCORSSafelistedRequestHeader("Range", tc.value)
		}); n != 0 {
			t.Errorf("IsCORSSafelistedRequestHeader(_, %q): %v allocations, want 0", tc.value, n)
		}
	}
}

// Properties.

var (
	propNames  = []string{"Accept", "Accept-Language", "Content-Language", "Content-Type", "Range", "X-Custom", "Authorization", "DPR", "X-Requested-With"}
	propValues = []string{"*/*", "en", "text/plain", "application/json", "bytes=0-", "bytes=-5", "x", "", "\"", strings.Repeat("a", 128), strings.Repeat("a", 129)}
)

// genHeaderList draws a header list mixing safelisted and unsafe headers,
// with names in random case and values from a pool or random bytes.
func genHeaderList() *rapid.Generator[HeaderList] {
	header := rapid.Custom(func(t *rapid.T) Header {
		name := rapid.SampledFrom(propNames).Draw(t, "name")
		value := rapid.OneOf(
			rapid.SampledFrom(propValues),
			genBytes(0, 200),
			rapid.Custom(func(t *rapid.T) string { return strings.Repeat("a", rapid.IntRange(0, 300).Draw(t, "n")) }),
		).Draw(t, "value")
		return Header{Name: randomCase(t, name), Value: value}
	})
	return rapid.Custom(func(t *rapid.T) HeaderList {
		return HeaderList(rapid.SliceOfN(header, 0, 20).Draw(t, "headers"))
	})
}

// genBytes draws a string of arbitrary bytes of length in [min, max].
func genBytes(min, max int) *rapid.Generator[string] {
	return rapid.Map(rapid.SliceOfN(rapid.Byte(), min, max), func(b []byte) string { return string(b) })
}

// randomCase flips the case of the ASCII letters of s at random.
func randomCase(t *rapid.T, s string) string {
	b := []byte(s)
	for i, c := range b {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
			if rapid.Bool().Draw(t, "flip") {
				b[i] = c ^ 0x20
			}
		}
	}
	return string(b)
}

func TestPropertyNameCaseAndOrderDoNotMatter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := genHeaderList().Draw(t, "l")
		// The same headers with names re-cased, in another order.
		perm := rapid.Permutation(l).Draw(t, "perm")
		m := make(HeaderList, len(perm))
		for i, h := range perm {
			m[i] = Header{Name: randomCase(t, h.Name), Value: h.Value}
		}
		if a, b := HasCORSUnsafeRequestHeaderNames(l), HasCORSUnsafeRequestHeaderNames(m); a != b {
			t.Fatalf("HasCORSUnsafeRequestHeaderNames: %v for %q, %v for %q", a, l, b, m)
		}
		if diff := cmp.Diff(CORSUnsafeRequestHeaderNames(l), CORSUnsafeRequestHeaderNames(m)); diff != "" {
			t.Fatalf("CORSUnsafeRequestHeaderNames differs for %q and %q:\n%s", l, m, diff)
		}
	})
}

func TestPropertyAddingAnUnsafeHeaderKeepsTheSetNonEmpty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := genHeaderList().Draw(t, "l")
		unsafe := rapid.SampledFrom([]Header{
			{"X-Custom", "1"}, {"Authorization", "x"}, {"Content-Type", "application/json"},
			{"Accept", "\""}, {"Range", "bytes=-1"}, {"Accept", strings.Repeat("a", 129)},
		}).Draw(t, "unsafe")
		at := rapid.IntRange(0, len(l)).Draw(t, "at")
		m := slices.Insert(l.Clone(), at, unsafe)
		names := CORSUnsafeRequestHeaderNames(m)
		if len(names) == 0 {
			t.Fatalf("CORSUnsafeRequestHeaderNames(%q) is empty", m)
		}
		if !slices.Contains(names, strings.ToLower(unsafe.Name)) {
			t.Fatalf("CORSUnsafeRequestHeaderNames(%q) = %q lacks %q", m, names, strings.ToLower(unsafe.Name))
		}
	})
}

func TestPropertyLongValuesAreNeverSafelisted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		name := randomCase(t, rapid.SampledFrom(propNames).Draw(t, "name"))
		value := genBytes(129, 400).Draw(t, "value")
		if IsCORSSafelistedRequestHeader(name, value) {
			t.Fatalf("IsCORSSafelistedRequestHeader(%q, %d bytes): got true", name, len(value))
		}
	})
}

func TestPropertyHasMatchesNames(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := genHeaderList().Draw(t, "l")
		names := CORSUnsafeRequestHeaderNames(l)
		if has := HasCORSUnsafeRequestHeaderNames(l); has != (len(names) > 0) {
			t.Fatalf("HasCORSUnsafeRequestHeaderNames(%q) = %v, CORSUnsafeRequestHeaderNames = %q", l, has, names)
		}
		// And the names are a sorted lowercase set.
		if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
			t.Fatalf("CORSUnsafeRequestHeaderNames(%q) = %q is not a sorted set", l, names)
		}
		for _, n := range names {
			if n != strings.ToLower(n) {
				t.Fatalf("CORSUnsafeRequestHeaderNames(%q) holds %q, not lowercase", l, n)
			}
		}
	})
}

// literalCORSUnsafeRequestHeaderNames walks the list exactly as the spec's
// CORS-unsafe request-header names does.
func literalCORSUnsafeRequestHeaderNames(headers HeaderList) []string {
	var unsafeNames, potentiallyUnsafeNames []string
	safelistValueSize := 0
	for _, header := range headers {
		if !IsCORSSafelistedRequestHeader(header.Name, header.Value) {
			unsafeNames = append(unsafeNames, header.Name)
		} else {
			potentiallyUnsafeNames = append(potentiallyUnsafeNames, header.Name)
			safelistValueSize += len(header.Value)
		}
	}
	if safelistValueSize > 1024 {
		unsafeNames = append(unsafeNames, potentiallyUnsafeNames...)
	}
	set := map[string]bool{}
	for _, n := range unsafeNames {
		set[strings.ToLower(n)] = true // header names are ASCII here
	}
	var out []string
	for n := range set {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func TestCORSUnsafeRequestHeaderNamesMatchesLiteral(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := genHeaderList().Draw(t, "l")
		if diff := cmp.Diff(literalCORSUnsafeRequestHeaderNames(l), CORSUnsafeRequestHeaderNames(l)); diff != "" {
			t.Fatalf("CORSUnsafeRequestHeaderNames(%q): -literal +got:\n%s", l, diff)
		}
	})
}

// TestHasCORSUnsafeRequestHeaderNamesAgrees pins the optimization against
// the list-building form on the fixed cases as well.
func TestHasCORSUnsafeRequestHeaderNamesAgrees(t *testing.T) {
	for _, l := range []HeaderList{nil, typicalRequest, {{"X", "1"}}, {{"Accept", strings.Repeat("a", 128)}}} {
		if got, want := HasCORSUnsafeRequestHeaderNames(l), len(CORSUnsafeRequestHeaderNames(l)) > 0; got != want {
			t.Errorf("HasCORSUnsafeRequestHeaderNames(%q): got %v, want %v", l, got, want)
		}
	}
}

func FuzzHasCORSUnsafeRequestHeaderNames(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		l := genHeaderList().Draw(t, "l")
		if got, want := HasCORSUnsafeRequestHeaderNames(l), len(CORSUnsafeRequestHeaderNames(l)) > 0; got != want {
			t.Fatalf("HasCORSUnsafeRequestHeaderNames(%q): got %v, want %v", l, got, want)
		}
	}))
}

// Benchmarks.

func BenchmarkIsCORSSafelistedRequestHeader(b *testing.B) {
	type pair struct{ name, value string }
	var pairs []pair
	for _, c := range contentTypeSafelistCases {
		pairs = append(pairs, pair{"Content-Type", c.value})
	}
	for _, c := range rangeSafelistCases {
		pairs = append(pairs, pair{"Range", c.value})
	}
	for _, h := range typicalRequest {
		pairs = append(pairs, pair{h.Name, h.Value})
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pairs {
			_ = IsCORSSafelistedRequestHeader(p.name, p.value)
		}
	}
}

func BenchmarkHasCORSUnsafeRequestHeaderNames(b *testing.B) {
	manySafe := func(n int) HeaderList {
		l := make(HeaderList, n)
		for i := range l {
			l[i] = Header{"Content-Language", "e"} // 1 byte each: stays under 1024 up to 1024 headers
		}
		return l
	}
	hugeValues := func(n int) HeaderList {
		return HeaderList{{"Accept", "*/*"}, {"Content-Type", "text/plain"}, {"X-Big", strings.Repeat("x", n)}}
	}
	cases := []struct {
		desc string
		l    HeaderList
	}{
		{"typical-5", typicalRequest},
		{"safelisted-100", manySafe(100)},
		{"safelisted-200", manySafe(200)},
		{"unsafe-value-32KiB", hugeValues(32 << 10)},
		{"unsafe-value-64KiB", hugeValues(64 << 10)},
	}
	for _, c := range cases {
		b.Run(c.desc, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = HasCORSUnsafeRequestHeaderNames(c.l)
			}
		})
	}
}

func BenchmarkCORSUnsafeRequestHeaderNames(b *testing.B) {
	withUnsafe := append(typicalRequest.Clone(), Header{"X-Requested-With", "XMLHttpRequest"}, Header{"Authorization", "Bearer x"})
	for _, c := range []struct {
		desc string
		l    HeaderList
	}{{"typical-5", typicalRequest}, {"two-unsafe-of-7", withUnsafe}} {
		b.Run(c.desc, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = CORSUnsafeRequestHeaderNames(c.l)
			}
		})
	}
}

// Adversarial inputs, checked for linear cost: a long Content-Type or
// Accept-Language of safelistable bytes is rejected by length before any
// scan.
func BenchmarkIsCORSSafelistedRequestHeaderLongValue(b *testing.B) {
	for _, n := range []int{128, 32 << 10, 64 << 10} {
		v := "text/plain;a=" + strings.Repeat("b", n)
		b.Run(fmt.Sprintf("content-type-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = IsCORSSafelistedRequestHeader("Content-Type", v)
			}
		})
	}
}
