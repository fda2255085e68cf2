package fetch

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// literalCollectHTTPQuotedString follows the spec's steps with a string
// builder; raw mode returns the span from the opening quote.
func literalCollectHTTPQuotedString(input string, position int, extractValue bool) (string, int) {
	positionStart := position
	var value strings.Builder
	position++
	for {
		for position < len(input) && input[position] != '"' && input[position] != '\\' {
			value.WriteByte(input[position])
			position++
		}
		if position >= len(input) {
			break
		}
		quoteOrBackslash := input[position]
		position++
		if quoteOrBackslash == '\\' {
			if position >= len(input) {
				value.WriteByte('\\')
				break
			}
			value.WriteByte(input[position])
			position++
		} else {
			break
		}
	}
	if extractValue {
		return value.String(), position
	}
	return input[positionStart:position], position
}

// literalGetDecodeSplit follows the spec's get, decode, and split steps,
// building the temporary value byte by byte.
func literalGetDecodeSplit(input string) []string {
	position := 0
	values := []string{}
	var temporaryValue strings.Builder
	for {
		for position < len(input) && input[position] != '"' && input[position] != ',' {
			temporaryValue.WriteByte(input[position])
			position++
		}
		if position < len(input) && input[position] == '"' {
			var quoted string
			quoted, position = literalCollectHTTPQuotedString(input, position, false)
			temporaryValue.WriteString(quoted)
			if position < len(input) {
				continue
			}
		}
		values = append(values, strings.Trim(temporaryValue.String(), "\t "))
		temporaryValue.Reset()
		if position >= len(input) {
			return values
		}
		position++ // the ","
	}
}

func TestCollectHTTPQuotedString(t *testing.T) {
	tests := []struct {
		desc      string
		in        string
		wantRaw   string
		wantValue string
		wantNext  int
	}{
		{"simple", `"text"`, `"text"`, "text", 6},
		{"followed by text", `"Hello" World`, `"Hello"`, "Hello", 7},
		{"escaped quote and backslash", `"Hello \\ World\""`, `"Hello \\ World\""`, `Hello \ World"`, 18},
		{"trailing backslash", `"\`, `"\`, `\`, 2},
		{"unterminated", `"abc`, `"abc`, "abc", 4},
		{"empty", `""`, `""`, "", 2},
		{"escape of a letter", `"\a"b`, `"\a"`, "a", 4},
		{"lone quote", `"`, `"`, "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			raw, next := CollectHTTPQuotedString(tc.in, 0, false)
			if raw != tc.wantRaw || next != tc.wantNext {
				t.Errorf("CollectHTTPQuotedString(%q, 0, false): got (%q, %d), want (%q, %d)", tc.in, raw, next, tc.wantRaw, tc.wantNext)
			}
			value, next := CollectHTTPQuotedString(tc.in, 0, true)
			if value != tc.wantValue || next != tc.wantNext {
				t.Errorf("CollectHTTPQuotedString(%q, 0, true): got (%q, %d), want (%q, %d)", tc.in, value, next, tc.wantValue, tc.wantNext)
			}
		})
	}
}

func TestCollectHTTPQuotedStringOffQuote(t *testing.T) {
	for _, tc := range []struct {
		in  string
		pos int
	}{{"x", 0}, {`"`, 1}, {`"`, -1}, {"", 0}} {
		for _, extract := range []bool{false, true} {
			got, next := CollectHTTPQuotedString(tc.in, tc.pos, extract)
			if got != "" || next != tc.pos {
				t.Errorf("CollectHTTPQuotedString(%q, %d, %v): got (%q, %d), want (\"\", %d)", tc.in, tc.pos, extract, got, next, tc.pos)
			}
		}
	}
}

func TestGetDecodeSplit(t *testing.T) {
	tests := []struct {
		desc string
		in   string
		want []string
	}{
		{"trailing comma", "nosniff,", []string{"nosniff", ""}},
		{"empty", "", []string{""}},
		{"unterminated quote swallows the comma", `text/html;", x/x`, []string{`text/html;", x/x`}},
		{"empty elements kept", "x / x,,,1", []string{"x / x", "", "", "1"}},
		{"quoted comma", `"1,2", 3`, []string{`"1,2"`, "3"}},
		{"quoted string then more", `",TRACE",`, []string{`",TRACE"`, ""}},
		{"tabs and spaces stripped, not newlines", " \ta\t , \nb\n ", []string{"a", "\nb\n"}},
		{"escaped quote inside", `"a\",b",c`, []string{`"a\",b"`, "c"}},
		{"two quoted strings", `"a""b",c`, []string{`"a""b"`, "c"}},
		{"only commas", ",,", []string{"", "", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			got := GetDecodeSplit(tc.in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("GetDecodeSplit(%q): -want +got:\n%s", tc.in, diff)
			}
			if diff := cmp.Diff(tc.want, literalGetDecodeSplit(tc.in)); diff != "" {
				t.Errorf("literalGetDecodeSplit(%q) disagrees with the table: -want +got:\n%s", tc.in, diff)
			}
		})
	}
}

func TestHeaderListGetDecodeSplit(t *testing.T) {
	l := HeaderList{{"X-Content-Type-Options", "nosniff"}, {"Other", "x"}, {"x-content-type-options", "  , foo"}}
	got, ok := l.GetDecodeSplit("X-Content-Type-Options")
	if want := []string{"nosniff", "", "foo"}; !ok || !slices.Equal(got, want) {
		t.Errorf("GetDecodeSplit: got (%q, %v), want (%q, true)", got, ok, want)
	}
	if got, ok := l.GetDecodeSplit("Absent"); got != nil || ok {
		t.Errorf("GetDecodeSplit(%q): got (%q, %v), want (nil, false)", "Absent", got, ok)
	}
}

func TestDecodeSplitScannerDoesNotAllocate(t *testing.T) {
	v := `a, "b,c", d,,e`
	n := testing.AllocsPerRun(100, func() {
		s := newDecodeSplitScanner(v)
		for {
			if _, ok := s.next(); !ok {
				break
			}
		}
	})
	if n != 0 {
		t.Errorf("decodeSplitScanner over %q: %v allocations, want 0", v, n)
	}
}

func FuzzGetDecodeSplit(f *testing.F) {
	for _, s := range []string{"", "a,b", `"a,b",c`, `"\`, `"a\"`, " , ", `x"y"z,"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if diff := cmp.Diff(literalGetDecodeSplit(s), GetDecodeSplit(s)); diff != "" {
			t.Fatalf("GetDecodeSplit(%q): -literal +got:\n%s", s, diff)
		}
	})
}

func FuzzCollectHTTPQuotedString(f *testing.F) {
	for _, s := range []string{`"`, `""`, `"a\`, `"a\"b"c`, `"\\"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = `"` + s
		for _, extract := range []bool{false, true} {
			got, gotNext := CollectHTTPQuotedString(s, 0, extract)
			want, wantNext := literalCollectHTTPQuotedString(s, 0, extract)
			if got != want || gotNext != wantNext {
				t.Fatalf("CollectHTTPQuotedString(%q, 0, %v): got (%q, %d), literal (%q, %d)", s, extract, got, gotNext, want, wantNext)
			}
		}
	})
}

// Extract header list values: a literal twin with its own grammar table,
// written from the ABNF with regular expressions.

var (
	reToken        = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
	reDeltaSeconds = regexp.MustCompile(`^[0-9]+$`)
	reOrigin       = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://` +
		`(?:\[(?:[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+|[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)\]` +
		`|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)` +
		`(?::[0-9]*)?$`)
)

type literalGrammar struct {
	list     bool
	atLeast1 bool
	single   func(string) bool
}

var literalGrammars = map[string]literalGrammar{
	"access-control-request-method":    {single: reToken.MatchString},
	"access-control-request-headers":   {list: true, atLeast1: true},
	"access-control-allow-origin":      {single: func(v string) bool { return v == "*" || v == "null" || reOrigin.MatchString(v) }},
	"access-control-allow-credentials": {single: func(v string) bool { return v == "true" }},
	"access-control-expose-headers":    {list: true},
	"access-control-max-age":           {single: reDeltaSeconds.MatchString},
	"access-control-allow-methods":     {list: true},
	"access-control-allow-headers":     {list: true},
	"cross-origin-resource-policy": {single: func(v string) bool {
		return v == "same-origin" || v == "same-site" || v == "cross-origin"
	}},
}

func literalExtractHeaderListValues(list HeaderList, name string) ([]string, ExtractStatus) {
	if !list.Contains(name) {
		return nil, ExtractNull
	}
	g, known := literalGrammars[strings.ToLower(name)]
	if !known {
		return nil, ExtractFailure
	}
	if !g.list && list.Count(name) > 1 {
		return nil, ExtractFailure
	}
	var values []string
	for _, h := range list {
		if !strings.EqualFold(h.Name, name) {
			continue
		}
		if !g.list {
			v := strings.Trim(h.Value, " \t")
			if !g.single(v) {
				return nil, ExtractFailure
			}
			values = append(values, v)
			continue
		}
		n := 0
		for _, piece := range strings.Split(h.Value, ",") {
			piece = strings.Trim(piece, " \t")
			if piece == "" {
				continue
			}
			if !reToken.MatchString(piece) {
				return nil, ExtractFailure
			}
			values = append(values, piece)
			n++
		}
		if g.atLeast1 && n == 0 {
			return nil, ExtractFailure
		}
	}
	return values, ExtractOK
}

func TestExtractHeaderListValues(t *testing.T) {
	tests := []struct {
		desc       string
		list       HeaderList
		name       string
		want       []string
		wantStatus ExtractStatus
	}{
		{"absent", HeaderList{{"X", "1"}}, "Access-Control-Allow-Headers", nil, ExtractNull},
		{"absent, unknown name", nil, "X-Unknown", nil, ExtractNull},
		{"unknown name present fails closed", HeaderList{{"X-Unknown", "a"}}, "X-Unknown", nil, ExtractFailure},
		{"ACAH list", HeaderList{{"Access-Control-Allow-Headers", "X-A, x-b"}}, "access-control-allow-headers", []string{"X-A", "x-b"}, ExtractOK},
		{"ACAH empty elements ignored", HeaderList{{"Access-Control-Allow-Headers", "a,,b, ,"}}, "Access-Control-Allow-Headers", []string{"a", "b"}, ExtractOK},
		{"ACAH with space inside a name", HeaderList{{"Access-Control-Allow-Headers", "a b"}}, "Access-Control-Allow-Headers", nil, ExtractFailure},
		{"ACAH over two lines", HeaderList{{"Access-Control-Allow-Headers", "a"}, {"X", "y"}, {"access-control-allow-headers", "b, *"}}, "Access-Control-Allow-Headers", []string{"a", "b", "*"}, ExtractOK},
		{"ACAH second line bad", HeaderList{{"Access-Control-Allow-Headers", "a"}, {"Access-Control-Allow-Headers", "b/c"}}, "Access-Control-Allow-Headers", nil, ExtractFailure},
		{"ACEH empty value is an empty list", HeaderList{{"Access-Control-Expose-Headers", ""}}, "Access-Control-Expose-Headers", nil, ExtractOK},
		{"ACEH quoted name fails", HeaderList{{"Access-Control-Expose-Headers", `"x"`}}, "Access-Control-Expose-Headers", nil, ExtractFailure},
		{"ACAM", HeaderList{{"Access-Control-Allow-Methods", "PUT, patch"}}, "Access-Control-Allow-Methods", []string{"PUT", "patch"}, ExtractOK},
		{"ACAM bad method", HeaderList{{"Access-Control-Allow-Methods", "Bad method name"}}, "Access-Control-Allow-Methods", nil, ExtractFailure},
		{"ACRH needs one element", HeaderList{{"Access-Control-Request-Headers", " , "}}, "Access-Control-Request-Headers", nil, ExtractFailure},
		{"ACRH", HeaderList{{"Access-Control-Request-Headers", "content-type,x-a"}}, "Access-Control-Request-Headers", []string{"content-type", "x-a"}, ExtractOK},
		{"ACMA", HeaderList{{"Access-Control-Max-Age", "600"}}, "Access-Control-Max-Age", []string{"600"}, ExtractOK},
		{"ACMA negative", HeaderList{{"Access-Control-Max-Age", "-1"}}, "Access-Control-Max-Age", nil, ExtractFailure},
		{"ACMA twice", HeaderList{{"Access-Control-Max-Age", "1"}, {"Access-Control-Max-Age", "1"}}, "Access-Control-Max-Age", nil, ExtractFailure},
		{"ACMA list", HeaderList{{"Access-Control-Max-Age", "1, 2"}}, "Access-Control-Max-Age", nil, ExtractFailure},
		{"ACMA empty", HeaderList{{"Access-Control-Max-Age", ""}}, "Access-Control-Max-Age", nil, ExtractFailure},
		{"ACRM", HeaderList{{"Access-Control-Request-Method", "PATCH"}}, "Access-Control-Request-Method", []string{"PATCH"}, ExtractOK},
		{"ACAO star", HeaderList{{"Access-Control-Allow-Origin", "*"}}, "Access-Control-Allow-Origin", []string{"*"}, ExtractOK},
		{"ACAO null", HeaderList{{"Access-Control-Allow-Origin", "null"}}, "Access-Control-Allow-Origin", []string{"null"}, ExtractOK},
		{"ACAO origin", HeaderList{{"Access-Control-Allow-Origin", "https://a.example:8443"}}, "Access-Control-Allow-Origin", []string{"https://a.example:8443"}, ExtractOK},
		{"ACAO IPv6", HeaderList{{"Access-Control-Allow-Origin", "http://[::1]:80"}}, "Access-Control-Allow-Origin", []string{"http://[::1]:80"}, ExtractOK},
		{"ACAO with a path", HeaderList{{"Access-Control-Allow-Origin", "https://a.example/"}}, "Access-Control-Allow-Origin", nil, ExtractFailure},
		{"ACAO list", HeaderList{{"Access-Control-Allow-Origin", "https://a.example, https://b.example"}}, "Access-Control-Allow-Origin", nil, ExtractFailure},
		{"ACAO twice, identical", HeaderList{{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Origin", "*"}}, "Access-Control-Allow-Origin", nil, ExtractFailure},
		{"ACAC", HeaderList{{"Access-Control-Allow-Credentials", "true"}}, "Access-Control-Allow-Credentials", []string{"true"}, ExtractOK},
		{"ACAC is case-sensitive", HeaderList{{"Access-Control-Allow-Credentials", "True"}}, "Access-Control-Allow-Credentials", nil, ExtractFailure},
		{"CORP", HeaderList{{"Cross-Origin-Resource-Policy", "same-site"}}, "Cross-Origin-Resource-Policy", []string{"same-site"}, ExtractOK},
		{"CORP is case-sensitive", HeaderList{{"Cross-Origin-Resource-Policy", "Same-Origin"}}, "Cross-Origin-Resource-Policy", nil, ExtractFailure},
		{"CORP with OWS", HeaderList{{"Cross-Origin-Resource-Policy", " cross-origin\t"}}, "Cross-Origin-Resource-Policy", []string{"cross-origin"}, ExtractOK},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			got, status := ExtractHeaderListValues(tc.list, tc.name)
			if status != tc.wantStatus {
				t.Fatalf("ExtractHeaderListValues(%q, %q): got status %v, want %v", tc.list, tc.name, status, tc.wantStatus)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ExtractHeaderListValues(%q, %q): -want +got:\n%s", tc.list, tc.name, diff)
			}
			lit, litStatus := literalExtractHeaderListValues(tc.list, tc.name)
			if litStatus != tc.wantStatus || !slices.Equal(lit, tc.want) {
				t.Errorf("literal twin disagrees with the table: got (%q, %v)", lit, litStatus)
			}
		})
	}
}

func TestProbeHeaderListValues(t *testing.T) {
	l := HeaderList{{"Access-Control-Allow-Headers", "X-A, content-type"}, {"Access-Control-Allow-Headers", "*"}}
	tests := []struct {
		desc  string
		probe string
		fold  bool
		want  listProbe
	}{
		{"exact", "X-A", false, listProbe{ExtractOK, true, true}},
		{"fold", "x-a", true, listProbe{ExtractOK, true, true}},
		{"case differs without fold", "x-a", false, listProbe{ExtractOK, false, true}},
		{"absent", "x-b", true, listProbe{ExtractOK, false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := probeHeaderListValues(l, "Access-Control-Allow-Headers", tc.probe, tc.fold); got != tc.want {
				t.Errorf("probeHeaderListValues(_, _, %q, %v): got %+v, want %+v", tc.probe, tc.fold, got, tc.want)
			}
		})
	}
	bad := HeaderList{{"Access-Control-Allow-Methods", "*, GET"}, {"Access-Control-Allow-Methods", "a b"}}
	if got := probeHeaderListValues(bad, "Access-Control-Allow-Methods", "GET", false); got != (listProbe{status: ExtractFailure}) {
		t.Errorf("probeHeaderListValues on a failing list: got %+v, want failure with nothing found", got)
	}
	if got := probeHeaderListValues(nil, "Access-Control-Allow-Methods", "GET", false); got != (listProbe{status: ExtractNull}) {
		t.Errorf("probeHeaderListValues on no header: got %+v, want null", got)
	}
}

func TestProbeHeaderListValuesDoesNotAllocate(t *testing.T) {
	l := HeaderList{
		{"Access-Control-Allow-Origin", "https://a.example"},
		{"Access-Control-Allow-Methods", "GET, PUT, DELETE"},
		{"Access-Control-Allow-Headers", "content-type, x-requested-with, authorization"},
		{"Access-Control-Max-Age", "600"},
	}
	n := testing.AllocsPerRun(100, func() {
		_ = probeHeaderListValues(l, "Access-Control-Allow-Methods", "PUT", false)
		_ = probeHeaderListValues(l, "Access-Control-Allow-Headers", "X-Requested-With", true)
		_ = probeHeaderListValues(l, "Access-Control-Max-Age", "", false)
	})
	if n != 0 {
		t.Errorf("probeHeaderListValues: %v allocations, want 0", n)
	}
}

var fuzzListNames = []string{
	"Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Expose-Headers",
	"Access-Control-Request-Headers", "Access-Control-Request-Method", "Access-Control-Max-Age",
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Cross-Origin-Resource-Policy",
	"X-Unknown",
}

func FuzzExtractHeaderListValues(f *testing.F) {
	f.Add(uint8(0), "a, b", "c", uint8(2), "a")
	f.Add(uint8(3), " , ", "", uint8(1), "x")
	f.Add(uint8(6), "http://[v1.x]:1", "", uint8(1), "")
	f.Add(uint8(5), "600", "600", uint8(2), "600")
	f.Fuzz(func(t *testing.T, sel uint8, v1, v2 string, count uint8, probe string) {
		name := fuzzListNames[int(sel)%len(fuzzListNames)]
		var l HeaderList
		l.Append("Other", v1)
		if count%3 >= 1 {
			l.Append(name, v1)
		}
		if count%3 >= 2 {
			l.Append(strings.ToLower(name), v2)
		}
		got, status := ExtractHeaderListValues(l, name)
		want, wantStatus := literalExtractHeaderListValues(l, name)
		if status != wantStatus || !slices.Equal(got, want) {
			t.Fatalf("ExtractHeaderListValues(%q, %q): got (%q, %v), literal (%q, %v)", l, name, got, status, want, wantStatus)
		}
		// The scanner behind the preflight checks agrees too.
		for _, fold := range []bool{false, true} {
			p := probeHeaderListValues(l, name, probe, fold)
			wp := listProbe{status: wantStatus}
			if wantStatus == ExtractOK {
				wp.wildcard = slices.Contains(want, "*")
				wp.found = slices.ContainsFunc(want, func(v string) bool { return v == probe || (fold && strings.EqualFold(v, probe)) })
			}
			if p != wp {
				t.Fatalf("probeHeaderListValues(%q, %q, %q, %v): got %+v, want %+v", l, name, probe, fold, p, wp)
			}
		}
	})
}

func TestParseDeltaSeconds(t *testing.T) {
	tests := []struct {
		desc   string
		in     string
		want   uint32
		wantOK bool
	}{
		{"zero", "0", 0, true},
		{"ten minutes", "600", 600, true},
		{"leading zeros", "007", 7, true},
		{"2^31 exactly", "2147483648", 2147483648, true},
		{"above 2^31 saturates", "2147483649", 2147483648, true},
		{"far above saturates", strings.Repeat("9", 50), 2147483648, true},
		{"empty", "", 0, false},
		{"negative", "-1", 0, false},
		{"plus", "+1", 0, false},
		{"space", " 1", 0, false},
		{"decimal", "1.5", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			got, ok := ParseDeltaSeconds(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("ParseDeltaSeconds(%q): got (%d, %v), want (%d, %v)", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestExtractStatusString(t *testing.T) {
	for s, want := range map[ExtractStatus]string{ExtractNull: "null", ExtractOK: "ok", ExtractFailure: "failure", 7: "ExtractStatus(7)"} {
		if got := s.String(); got != want {
			t.Errorf("ExtractStatus(%d).String(): got %q, want %q", uint8(s), got, want)
		}
	}
}

func BenchmarkProbeHeaderListValues(b *testing.B) {
	l := HeaderList{
		{"Access-Control-Allow-Origin", "https://a.example"},
		{"Access-Control-Allow-Methods", "GET, PUT, DELETE"},
		{"Access-Control-Allow-Headers", "content-type, x-requested-with, authorization"},
		{"Access-Control-Max-Age", "600"},
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = probeHeaderListValues(l, "Access-Control-Allow-Headers", "X-Requested-With", true)
	}
}

func BenchmarkGetDecodeSplit(b *testing.B) {
	v := `text/html;charset="a,b", text/plain, */*`
	b.ReportAllocs()
	for b.Loop() {
		_ = GetDecodeSplit(v)
	}
}
