package fetch

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// engineCase is a header with each engine's expected answer where it
// differs from the spec's (nil means "same as the spec").
type engineCase struct {
	desc                      string
	name, value               string
	spec                      bool
	chromium, firefox, webkit *bool
}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

var engineCases = []engineCase{
	// Client hints and Intervention: Chromium only.
	{desc: "DPR", name: "DPR", value: "2", spec: false, chromium: yes()},
	{desc: "DPR decimal", name: "dpr", value: "1.5", spec: false, chromium: yes()},
	{desc: "DPR bad", name: "DPR", value: "1.", spec: false},
	{desc: "DPR leading dot", name: "DPR", value: ".5", spec: false},
	{desc: "Device-Memory", name: "Device-Memory", value: "8", spec: false, chromium: yes()},
	{desc: "Downlink", name: "Downlink", value: "10.25", spec: false, chromium: yes()},
	{desc: "Width", name: "Width", value: "800", spec: false, chromium: yes()},
	{desc: "Width decimal", name: "Width", value: "8.5", spec: false},
	{desc: "Viewport-Width", name: "Viewport-Width", value: "1200", spec: false, chromium: yes()},
	{desc: "RTT", name: "RTT", value: "50", spec: false, chromium: yes()},
	{desc: "RTT empty", name: "RTT", value: "", spec: false},
	{desc: "ECT", name: "ECT", value: "4g", spec: false, chromium: yes()},
	{desc: "ECT slow-2g", name: "ect", value: "slow-2g", spec: false, chromium: yes()},
	{desc: "ECT is case-sensitive", name: "ECT", value: "4G", spec: false},
	{desc: "ECT unknown", name: "ECT", value: "5g", spec: false},
	{desc: "Save-Data", name: "Save-Data", value: "on", spec: false, chromium: yes()},
	{desc: "Save-Data upper case", name: "Save-Data", value: "ON", spec: false, chromium: yes()},
	{desc: "Save-Data off", name: "Save-Data", value: "off", spec: false},
	{desc: "Intervention", name: "Intervention", value: "<https://x>; level=\"warning\"", spec: false, chromium: yes()},
	{desc: "Intervention over 128 bytes", name: "Intervention", value: strings.Repeat("a", 129), spec: false},
	{desc: "Sec-CH-UA", name: "Sec-CH-UA", value: `"Chromium";v="150"`, spec: false, chromium: yes()},
	{desc: "Sec-CH-UA-Form-Factors", name: "sec-ch-ua-form-factors", value: `"Desktop"`, spec: false, chromium: yes()},
	{desc: "a client hint Chromium dropped", name: "Sec-CH-Lang", value: "en", spec: false},

	// Content-Type.
	{desc: "Protected Audience type (preflighted in Chromium 156)", name: "Content-Type", value: "message/ad-auction-trusted-signals-request", spec: false},
	{desc: "non-ASCII byte in a parameter", name: "Content-Type", value: "text/plain;x=\xE9", spec: true, firefox: no()},
	{desc: "comma in a parameter", name: "Content-Type", value: "text/plain;a=b,c", spec: true, firefox: no()},
	{desc: "garbage before ;", name: "Content-Type", value: "text/plain x;y", spec: false, firefox: yes()},
	{desc: "trailing ; after a parameter", name: "Content-Type", value: "text/plain;charset=utf-8;", spec: true, firefox: no()},
	{desc: "two semicolons", name: "Content-Type", value: "text/plain;;", spec: true, firefox: no()},
	{desc: "one trailing semicolon", name: "Content-Type", value: "text/plain;", spec: true},
	{desc: "three parameters", name: "Content-Type", value: "text/plain;a;b", spec: true},
	{desc: "leading space, no parameter", name: "Content-Type", value: " text/plain", spec: true, firefox: no()},
	{desc: "leading space with a parameter", name: "Content-Type", value: " text/plain;a=b", spec: true},
	{desc: "trailing space", name: "Content-Type", value: "text/plain ", spec: true},
	{desc: "text/plain with charset", name: "Content-Type", value: "text/plain;charset=UTF-8", spec: true},
	{desc: "leading tab, no parameter", name: "Content-Type", value: "\ttext/plain", spec: true, firefox: no()},

	// Accept and the language headers.
	{desc: "Accept with non-ASCII", name: "Accept", value: "text/\xE9", spec: true, firefox: no()},
	{desc: "Accept with 0xFF", name: "Accept", value: "\xFF", spec: true, firefox: no()},
	{desc: "Accept-Language with non-ASCII", name: "Accept-Language", value: "\xE9", spec: false},

	// Range.
	{desc: "Range", name: "Range", value: "bytes=0-", spec: true},
	{desc: "Range unit in upper case", name: "Range", value: "Bytes=0-", spec: false, webkit: yes()},
	{desc: "Range with + sign", name: "Range", value: "bytes=+5-", spec: false, webkit: yes()},
	{desc: "Range with + sign on the end", name: "Range", value: "bytes=0-+7", spec: false, webkit: yes()},
	{desc: "Range end -1", name: "Range", value: "bytes=5--1", spec: false},
	{desc: "Range end -0", name: "Range", value: "bytes=0--0", spec: false},
	{desc: "Range end -2", name: "Range", value: "bytes=5--2", spec: false},
	{desc: "Range int64 max", name: "Range", value: "bytes=9223372036854775807-", spec: true},
	{desc: "Range above int64", name: "Range", value: "bytes=9223372036854775808-", spec: true, chromium: no(), webkit: yes()},
	{desc: "Range uint64 max", name: "Range", value: "bytes=18446744073709551615-", spec: true, chromium: no(), webkit: yes()},
	{desc: "Range above uint64", name: "Range", value: "bytes=18446744073709551616-", spec: true, chromium: no(), firefox: no(), webkit: no()},
	{desc: "Range end above uint64", name: "Range", value: "bytes=0-18446744073709551616", spec: true, chromium: no(), firefox: no(), webkit: no()},
	{desc: "Range of forty digits", name: "Range", value: "bytes=" + strings.Repeat("9", 40) + "-", spec: true, chromium: no(), firefox: no(), webkit: no()},
	{desc: "Range suffix", name: "Range", value: "bytes=-5", spec: false},
	{desc: "Range with space", name: "Range", value: "bytes=0- 5", spec: false},
	{desc: "Range with vertical tab before the start", name: "Range", value: "bytes=\v5-", spec: false, webkit: yes()},
	{desc: "Range with form feed after the end", name: "Range", value: "bytes=1-5\f", spec: false, webkit: yes()},
	{desc: "Range with two ranges", name: "Range", value: "bytes=0-1,2-3", spec: false},
	{desc: "Range with nothing after =", name: "Range", value: "bytes=", spec: false},
	{desc: "Range bytes==", name: "Range", value: "bytes==0-", spec: false},

	// The 128-byte limit applies to all.
	{desc: "DPR over 128 bytes", name: "DPR", value: strings.Repeat("1", 129), spec: false},
	{desc: "Accept of 128 bytes", name: "Accept", value: strings.Repeat("a", 128), spec: true},
}

func TestEngineSafelists(t *testing.T) {
	engines := []struct {
		name string
		fn   func(name, value string) bool
		want func(engineCase) *bool
	}{
		{"chromium", chromiumIsCORSSafelistedRequestHeader, func(c engineCase) *bool { return c.chromium }},
		{"firefox", firefoxIsCORSSafelistedRequestHeader, func(c engineCase) *bool { return c.firefox }},
		{"webkit", webkitIsCORSSafelistedRequestHeader, func(c engineCase) *bool { return c.webkit }},
	}
	for _, c := range engineCases {
		t.Run(c.desc, func(t *testing.T) {
			if got := IsCORSSafelistedRequestHeader(c.name, c.value); got != c.spec {
				t.Errorf("IsCORSSafelistedRequestHeader(%q, %q): got %v, want %v", c.name, c.value, got, c.spec)
			}
			for _, e := range engines {
				want := c.spec
				if w := e.want(c); w != nil {
					want = *w
				}
				if got := e.fn(c.name, c.value); got != want {
					t.Errorf("%s: IsCORSSafelistedRequestHeader(%q, %q): got %v, want %v", e.name, c.name, c.value, got, want)
				}
			}
		})
	}
}

func TestEnginesAgreeWithSpecOnSpecTables(t *testing.T) {
	// On the spec's own tables, every difference must be one listed above.
	listed := map[[2]string]bool{}
	for _, c := range engineCases {
		listed[[2]string{strings.ToLower(c.name), c.value}] = true
	}
	check := func(name string, cases []safelistCase) {
		for _, c := range cases {
			if listed[[2]string{strings.ToLower(name), c.value}] {
				continue
			}
			for eng, fn := range map[string]func(string, string) bool{
				"chromium": chromiumIsCORSSafelistedRequestHeader,
				"firefox":  firefoxIsCORSSafelistedRequestHeader,
				"webkit":   webkitIsCORSSafelistedRequestHeader,
			} {
				if got := fn(name, c.value); got != c.want {
					t.Errorf("%s: IsCORSSafelistedRequestHeader(%q, %q): got %v, spec %v (an unlisted divergence)", eng, name, c.value, got, c.want)
				}
			}
		}
	}
	check("Content-Type", contentTypeSafelistCases)
	check("Range", rangeSafelistCases)
}

func TestChromiumExtraSafelistNames(t *testing.T) {
	// The nine script-settable extras are not forbidden request-headers; the
	// Sec-CH ones are.
	for _, n := range chromiumScriptSettableExtraSafelist {
		if IsForbiddenRequestHeader(n, "1") {
			t.Errorf("IsForbiddenRequestHeader(%q, %q): got true, want false", n, "1")
		}
	}
	if len(chromiumScriptSettableExtraSafelist) != 9 {
		t.Errorf("chromiumScriptSettableExtraSafelist has %d names, want 9", len(chromiumScriptSettableExtraSafelist))
	}
	for _, n := range chromiumSecCHSafelist {
		if !IsForbiddenRequestHeader(n, "1") {
			t.Errorf("IsForbiddenRequestHeader(%q, %q): got false, want true", n, "1")
		}
		if !chromiumIsCORSSafelistedRequestHeader(n, "?1") {
			t.Errorf("chromiumIsCORSSafelistedRequestHeader(%q, %q): got false, want true", n, "?1")
		}
	}
}

func TestParseSignedInt64(t *testing.T) {
	tests := []struct {
		in     string
		want   int64
		wantOK bool
	}{
		{"0", 0, true},
		{"+7", 7, true},
		{"-7", -7, true},
		{"-0", 0, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775808", -9223372036854775808, true},
		{"-9223372036854775809", 0, false},
		{"", 0, false},
		{"+", 0, false},
		{"-", 0, false},
		{"1a", 0, false},
		{"+-1", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseSignedInt64(tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseSignedInt64(%q): got (%d, %v), want (%d, %v)", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
	if _, ok := chromiumStringToInt64(" 1"); ok {
		t.Errorf("chromiumStringToInt64(%q): got ok, want failure (leading whitespace)", " 1")
	}
	if n, ok := webkitParseInteger("\v1\f"); n != 1 || !ok {
		t.Errorf("webkitParseInteger(%q): got (%d, %v), want (1, true)", "\v1\f", n, ok)
	}
}

func TestWebKitCORSUnsafeRequestHeaderNames(t *testing.T) {
	a100 := strings.Repeat("a", 100)
	lang128 := strings.Repeat("a", 128)
	tests := []struct {
		desc string
		in   HeaderList
		want []string
		spec []string
	}{
		{"two Accept headers are combined past 128 bytes", HeaderList{{"Accept", a100}, {"accept", a100}}, []string{"accept"}, nil},
		{"no 1024-byte rule",
			HeaderList{{"Accept", lang128}, {"Accept-Language", lang128}, {"Content-Language", lang128}, {"Content-Type", "text/plain"},
				{"X-1", "1"}, {"Range", "bytes=0-"}},
			[]string{"x-1"}, []string{"x-1"}},
		{"five distinct safelisted names cannot reach 1024 bytes",
			HeaderList{{"Accept", lang128}, {"Accept-Language", lang128}, {"Content-Language", lang128},
				{"Content-Type", "text/plain;a=" + strings.Repeat("b", 115)}, {"Range", "bytes=" + strings.Repeat("0", 60) + "-" + strings.Repeat("0", 61)}},
			nil, nil},
		{"duplicates are combined before judging", HeaderList{{"Accept-Language", "en"}, {"accept-language", "fr"}}, nil, nil},
		{"lowercased and sorted", HeaderList{{"X-B", "1"}, {"X-A", "1"}}, []string{"x-a", "x-b"}, []string{"x-a", "x-b"}},
		{"Range difference", HeaderList{{"Range", "Bytes=0-"}}, nil, []string{"range"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, webkitCORSUnsafeRequestHeaderNames(tc.in)); diff != "" {
				t.Errorf("webkitCORSUnsafeRequestHeaderNames: -want +got:\n%s", diff)
			}
			if diff := cmp.Diff(tc.spec, CORSUnsafeRequestHeaderNames(tc.in)); diff != "" {
				t.Errorf("CORSUnsafeRequestHeaderNames: -want +got:\n%s", diff)
			}
		})
	}
}

// FuzzChromiumContentTypeMatchesSpec checks the claim in
// chromiumIsCORSSafelistedRequestHeader's doc: after the unsafe-byte screen,
// Chromium's media-type extraction accepts the same Content-Type values as
// the WHATWG parser, the Protected Audience type aside.
func FuzzChromiumContentTypeMatchesSpec(f *testing.F) {
	for _, c := range contentTypeSafelistCases {
		f.Add(c.value)
	}
	f.Fuzz(func(t *testing.T, value string) {
		chromium := chromiumIsCORSSafelistedRequestHeader("Content-Type", value)
		spec := IsCORSSafelistedRequestHeader("Content-Type", value)
		if chromium == spec {
			return
		}
		m, ok := ParseMIMEType(value)
		if chromium && !containsCORSUnsafeRequestHeaderByte(value) && len(value) <= 128 && ok &&
			m.Essence() == "message/ad-auction-trusted-signals-request" {
			return
		}
		t.Fatalf("Content-Type %q: chromium %v, spec %v", value, chromium, spec)
	})
}

// FuzzFirefoxMatchesSpecOnPlainValues checks that the Firefox model departs
// from the spec only where its doc comment says: non-ASCII bytes, commas,
// text between the type and ";", ";" left at the end, leading whitespace
// without a parameter, and numbers beyond uint64.
func FuzzFirefoxMatchesSpecOnPlainValues(f *testing.F) {
	for _, c := range contentTypeSafelistCases {
		f.Add("Content-Type", c.value)
	}
	for _, c := range rangeSafelistCases {
		f.Add("Range", c.value)
	}
	f.Add("Accept", "*/*")
	f.Fuzz(func(t *testing.T, name, value string) {
		ff := firefoxIsCORSSafelistedRequestHeader(name, value)
		spec := IsCORSSafelistedRequestHeader(name, value)
		if ff == spec {
			return
		}
		explained := false
		for i := 0; i < len(value); i++ {
			if value[i] >= 0x80 || value[i] == ',' {
				explained = true
			}
		}
		if equalFoldASCII(name, "Content-Type") {
			typeEnd := strings.IndexAny(value, " \t;")
			if semi := strings.IndexByte(value, ';'); semi >= 0 {
				if strings.TrimRight(value[:semi], " \t") != value[:typeEnd] { // text after the type
					explained = true
				}
				if strings.HasSuffix(strings.TrimRight(value, " \t"), ";") && strings.Count(value, ";") > 1 {
					explained = true
				}
			} else if strings.TrimLeft(value, " \t") != value {
				explained = true
			}
		}
		if equalFoldASCII(name, "Range") && len(value) > len("bytes=18446744073709551615") {
			explained = true
		}
		if !explained {
			t.Fatalf("firefoxIsCORSSafelistedRequestHeader(%q, %q) = %v, spec %v, unexplained", name, value, ff, spec)
		}
	})
}

func BenchmarkEngineSafelists(b *testing.B) {
	for _, e := range []struct {
		name string
		fn   func(string, string) bool
	}{
		{"spec", IsCORSSafelistedRequestHeader},
		{"chromium", chromiumIsCORSSafelistedRequestHeader},
		{"firefox", firefoxIsCORSSafelistedRequestHeader},
		{"webkit", webkitIsCORSSafelistedRequestHeader},
	} {
		b.Run(e.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range engineCases {
					_ = e.fn(c.name, c.value)
				}
			}
		})
	}
}
