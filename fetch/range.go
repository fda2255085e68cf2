package fetch

import (
	"math"
	"strings"
)

// A RangeBound is one end of a byte range parsed from a Range header: either
// null (the end was omitted, as the start of `bytes=-500` or the end of
// `bytes=500-`) or a non-negative decimal number.
//
// The Fetch Standard puts no limit on these numbers, so a RangeBound keeps
// the ASCII digits as written and never overflows; [RangeBound.Uint64]
// converts when the number fits. The zero value is null.
type RangeBound struct {
	digits string // one or more ASCII digits, or "" for null
}

// IsNull reports whether the bound was omitted.
func (b RangeBound) IsNull() bool { return b.digits == "" }

// Digits returns the bound's digits exactly as written, leading zeros
// included, or "" for null.
func (b RangeBound) Digits() string { return b.digits }

// Uint64 returns the bound's value. ok is false when the bound is null or
// its value exceeds math.MaxUint64.
func (b RangeBound) Uint64() (n uint64, ok bool) {
	if b.digits == "" {
		return 0, false
	}
	for i := 0; i < len(b.digits); i++ {
		d := uint64(b.digits[i] - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// String returns the bound's value in decimal without leading zeros, or
// "null".
func (b RangeBound) String() string {
	if b.digits == "" {
		return "null"
	}
	return stripLeadingZeros(b.digits)
}

// Compare compares the values of two non-null bounds numerically and
// returns -1, 0 or +1. A null bound compares below every number.
func (b RangeBound) Compare(c RangeBound) int {
	switch {
	case b.IsNull() && c.IsNull():
		return 0
	case b.IsNull():
		return -1
	case c.IsNull():
		return 1
	}
	return compareDecimal(b.digits, c.digits)
}

// skipTabOrSpace returns the position of the first byte at or after pos
// in s that is not an HTTP tab or space byte.
func skipTabOrSpace(s string, pos int) int {
	for pos < len(s) && isHTTPTabOrSpace(s[pos]) {
		pos++
	}
	return pos
}

// skipDigits returns the position of the first byte at or after pos in s
// that is not an ASCII digit.
func skipDigits(s string, pos int) int {
	for pos < len(s) && isASCIIDigit(s[pos]) {
		pos++
	}
	return pos
}

// stripLeadingZeros removes leading '0' bytes from a digit string, keeping
// at least one digit.
func stripLeadingZeros(d string) string {
	i := 0
	for i < len(d)-1 && d[i] == '0' {
		i++
	}
	return d[i:]
}

// compareDecimal compares two non-empty ASCII digit strings by value.
func compareDecimal(x, y string) int {
	x, y = stripLeadingZeros(x), stripLeadingZeros(y)
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}

// ParseSingleRangeHeaderValue performs [parse a single range header value]:
// it accepts exactly `bytes=` followed by an optional start, `-`, and an
// optional end, with no second range and at least one of the two numbers.
// With allowWhitespace, HTTP tab or space bytes may surround `=` and `-`.
// The unit `bytes` is case-sensitive. ok is false for failure, and also when
// both bounds are numbers and start exceeds end.
//
// ParseSingleRangeHeaderValue never allocates; the bounds refer to value.
//
// [parse a single range header value]: https://fetch.spec.whatwg.org/#simple-range-header-value
func ParseSingleRangeHeaderValue(value string, allowWhitespace bool) (start, end RangeBound, ok bool) {
	// 1-2. The value (isomorphic-decoded) must begin with `bytes`.
	const unit = "bytes"
	if !strings.HasPrefix(value, unit) {
		return RangeBound{}, RangeBound{}, false
	}
	// 3. Start right after the unit.
	pos := len(unit)
	// 4-6. Optional whitespace, then `=`.
	if allowWhitespace {
		pos = skipTabOrSpace(value, pos)
	}
	if pos >= len(value) || value[pos] != '=' {
		return RangeBound{}, RangeBound{}, false
	}
	pos++
	// 7-9. Optional whitespace, then the start digits (none means null).
	if allowWhitespace {
		pos = skipTabOrSpace(value, pos)
	}
	from := pos
	pos = skipDigits(value, pos)
	start = RangeBound{value[from:pos]}
	// 10-12. Optional whitespace, then `-`.
	if allowWhitespace {
		pos = skipTabOrSpace(value, pos)
	}
	if pos >= len(value) || value[pos] != '-' {
		return RangeBound{}, RangeBound{}, false
	}
	pos++
	// 13-15. Optional whitespace, then the end digits (none means null).
	if allowWhitespace {
		pos = skipTabOrSpace(value, pos)
	}
	from = pos
	pos = skipDigits(value, pos)
	end = RangeBound{value[from:pos]}
	// 16. Nothing may follow.
	if pos != len(value) {
		return RangeBound{}, RangeBound{}, false
	}
	// 17. Both bounds null is failure.
	if start.IsNull() && end.IsNull() {
		return RangeBound{}, RangeBound{}, false
	}
	// 18. A start beyond the end is failure.
	if !start.IsNull() && !end.IsNull() && compareDecimal(start.digits, end.digits) > 0 {
		return RangeBound{}, RangeBound{}, false
	}
	// 19. Success.
	return start, end, true
}
