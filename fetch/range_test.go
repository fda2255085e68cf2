package fetch

import (
	"math/big"
	"strings"
	"testing"
)

// literalParseSingleRange is a spec-literal twin of
// ParseSingleRangeHeaderValue: it walks the value with a position variable
// as the spec does and holds the numbers as big integers. nil means null.
func literalParseSingleRange(value string, allowWhitespace bool) (start, end *big.Int, ok bool) {
	data := []rune{}
	for i := 0; i < len(value); i++ {
		data = append(data, rune(value[i])) // isomorphic decode
	}
	if len(data) < 5 || string(data[:5]) != "bytes" {
		return nil, nil, false
	}
	position := 5
	collect := func(pred func(rune) bool) string {
		var sb strings.Builder
		for position < len(data) && pred(data[position]) {
			sb.WriteRune(data[position])
			position++
		}
		return sb.String()
	}
	tabOrSpace := func(r rune) bool { return r == '\t' || r == ' ' }
	digit := func(r rune) bool { return r >= '0' && r <= '9' }
	if allowWhitespace {
		collect(tabOrSpace)
	}
	if position >= len(data) || data[position] != '=' {
		return nil, nil, false
	}
	position++
	if allowWhitespace {
		collect(tabOrSpace)
	}
	rangeStart := collect(digit)
	var rangeStartValue *big.Int
	if rangeStart != "" {
		rangeStartValue, _ = new(big.Int).SetString(rangeStart, 10)
	}
	if allowWhitespace {
		collect(tabOrSpace)
	}
	if position >= len(data) || data[position] != '-' {
		return nil, nil, false
	}
	position++
	if allowWhitespace {
		collect(tabOrSpace)
	}
	rangeEnd := collect(digit)
	var rangeEndValue *big.Int
	if rangeEnd != "" {
		rangeEndValue, _ = new(big.Int).SetString(rangeEnd, 10)
	}
	if position < len(data) {
		return nil, nil, false
	}
	if rangeEndValue == nil && rangeStartValue == nil {
		return nil, nil, false
	}
	if rangeStartValue != nil && rangeEndValue != nil && rangeStartValue.Cmp(rangeEndValue) > 0 {
		return nil, nil, false
	}
	return rangeStartValue, rangeEndValue, true
}

// boundString renders a RangeBound or a twin's *big.Int the same way.
func bigString(b *big.Int) string {
	if b == nil {
		return "null"
	}
	return b.String()
}

func TestParseSingleRangeHeaderValue(t *testing.T) {
	tests := []struct {
		desc            string
		in              string
		allowWhitespace bool
		wantOK          bool
		wantStart       string
		wantEnd         string
	}{
		{"start and end", "bytes=100-200", false, true, "100", "200"},
		{"open end", "bytes=200-", false, true, "200", "null"},
		{"suffix", "bytes=-200", false, true, "null", "200"},
		{"zero length start", "bytes=0-0", false, true, "0", "0"},
		{"leading zeros", "bytes=007-010", false, true, "7", "10"},
		{"no unit", "100-200", false, false, "", ""},
		{"other unit", "MB=100-200", false, false, "", ""},
		{"unit is case-sensitive", "Bytes=100-200", false, false, "", ""},
		{"space before =", "bytes =100-200", false, false, "", ""},
		{"tab before =", "bytes\t=100-200", false, false, "", ""},
		{"spaces after =", "bytes=  100-200", false, false, "", ""},
		{"space before -", "bytes=100 -200", false, false, "", ""},
		{"space after -", "bytes=100- 200", false, false, "", ""},
		{"trailing text", "bytes=100-200hello", false, false, "", ""},
		{"letters", "bytes=abc-def", false, false, "", ""},
		{"two ranges", "bytes=100-200,300-400", false, false, "", ""},
		{"start after end", "bytes=200-100", false, false, "", ""},
		{"no =", "bytes 100-200", false, false, "", ""},
		{"spaces around =", "bytes = 100-200", false, false, "", ""},
		{"leading comma", ",bytes=100-200", false, false, "", ""},
		{"comma after =", "bytes=,100-200", false, false, "", ""},
		{"neither bound", "bytes=-", false, false, "", ""},
		{"no -", "bytes=100", false, false, "", ""},
		{"plus sign", "bytes=+1-2", false, false, "", ""},
		{"negative end", "bytes=5--1", false, false, "", ""},
		{"empty", "", false, false, "", ""},
		{"unit only", "bytes", false, false, "", ""},
		{"whitespace allowed", "bytes \t= 100 - 200", true, true, "100", "200"},
		{"whitespace allowed, none present", "bytes=1-2", true, true, "1", "2"},
		{"trailing whitespace never allowed", "bytes=1-2 ", true, false, "", ""},
		{"whitespace before unit never allowed", " bytes=1-2", true, false, "", ""},
		{"newline is not tab or space", "bytes=\n1-2", true, false, "", ""},
		{"huge numbers compare by value", "bytes=" + strings.Repeat("9", 40) + "-1" + strings.Repeat("0", 40), false, true, strings.Repeat("9", 40), "1" + strings.Repeat("0", 40)},
		{"huge start after huge end", "bytes=2" + strings.Repeat("0", 30) + "-1" + strings.Repeat("9", 30), false, false, "", ""},
		{"equal with different zeros", "bytes=0005-5", false, true, "5", "5"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			start, end, ok := ParseSingleRangeHeaderValue(tc.in, tc.allowWhitespace)
			if ok != tc.wantOK {
				t.Fatalf("ParseSingleRangeHeaderValue(%q, %v): got ok %v, want %v", tc.in, tc.allowWhitespace, ok, tc.wantOK)
			}
			if !ok {
				return
			}
			if got := start.String(); got != tc.wantStart {
				t.Errorf("ParseSingleRangeHeaderValue(%q, %v): got start %s, want %s", tc.in, tc.allowWhitespace, got, tc.wantStart)
			}
			if got := end.String(); got != tc.wantEnd {
				t.Errorf("ParseSingleRangeHeaderValue(%q, %v): got end %s, want %s", tc.in, tc.allowWhitespace, got, tc.wantEnd)
			}
		})
	}
}

func TestRangeBound(t *testing.T) {
	tests := []struct {
		desc     string
		digits   string
		wantU    uint64
		wantOK   bool
		wantStr  string
		wantNull bool
	}{
		{"null", "", 0, false, "null", true},
		{"zero", "0", 0, true, "0", false},
		{"leading zeros", "000123", 123, true, "123", false},
		{"max uint64", "18446744073709551615", 1<<64 - 1, true, "18446744073709551615", false},
		{"max uint64 plus one", "18446744073709551616", 0, false, "18446744073709551616", false},
		{"many digits", strings.Repeat("1", 30), 0, false, strings.Repeat("1", 30), false},
		{"zeros then max", "0018446744073709551615", 1<<64 - 1, true, "18446744073709551615", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			b := RangeBound{digits: tc.digits}
			n, ok := b.Uint64()
			if n != tc.wantU || ok != tc.wantOK {
				t.Errorf("RangeBound{%q}.Uint64(): got (%d, %v), want (%d, %v)", tc.digits, n, ok, tc.wantU, tc.wantOK)
			}
			if got := b.String(); got != tc.wantStr {
				t.Errorf("RangeBound{%q}.String(): got %q, want %q", tc.digits, got, tc.wantStr)
			}
			if got := b.IsNull(); got != tc.wantNull {
				t.Errorf("RangeBound{%q}.IsNull(): got %v, want %v", tc.digits, got, tc.wantNull)
			}
			if got := b.Digits(); got != tc.digits {
				t.Errorf("RangeBound{%q}.Digits(): got %q, want %q", tc.digits, got, tc.digits)
			}
		})
	}
}

func TestRangeBoundCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "0", -1},
		{"0", "", 1},
		{"1", "2", -1},
		{"10", "9", 1},
		{"0010", "10", 0},
		{"99999999999999999999", "100000000000000000000", -1},
	}
	for _, tc := range tests {
		if got := (RangeBound{tc.a}).Compare(RangeBound{tc.b}); got != tc.want {
			t.Errorf("RangeBound{%q}.Compare(RangeBound{%q}): got %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParseSingleRangeHeaderValueDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _, _ = ParseSingleRangeHeaderValue("bytes = 10 - 20", true) }); n != 0 {
		t.Errorf("ParseSingleRangeHeaderValue: %v allocations, want 0", n)
	}
}

func FuzzParseSingleRangeHeaderValue(f *testing.F) {
	for _, s := range []string{"bytes=0-", "bytes=1-2", "bytes=-5", "bytes = 1 - 2", "bytes=2-1", "bytes=+1-", "Bytes=0-", "bytes=99999999999999999999999-"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, value string, allowWhitespace bool) {
		start, end, ok := ParseSingleRangeHeaderValue(value, allowWhitespace)
		wStart, wEnd, wOK := literalParseSingleRange(value, allowWhitespace)
		if ok != wOK {
			t.Fatalf("ParseSingleRangeHeaderValue(%q, %v): got ok %v, literal twin %v", value, allowWhitespace, ok, wOK)
		}
		if !ok {
			return
		}
		if start.String() != bigString(wStart) || end.String() != bigString(wEnd) {
			t.Fatalf("ParseSingleRangeHeaderValue(%q, %v): got (%s, %s), literal twin (%s, %s)",
				value, allowWhitespace, start, end, bigString(wStart), bigString(wEnd))
		}
		if start.Compare(end) > 0 && !end.IsNull() {
			t.Fatalf("ParseSingleRangeHeaderValue(%q, %v): start %s after end %s", value, allowWhitespace, start, end)
		}
	})
}
