package origin

import "strconv"

// Validation error names the IPv4 parser fails with.
const (
	reasonIPv4TooManyParts   = "IPv4-too-many-parts"
	reasonIPv4NonNumericPart = "IPv4-non-numeric-part"
	reasonIPv4OutOfRangePart = "IPv4-out-of-range-part"
)

// endsInANumber implements the [ends in a number checker] for a non-empty
// ASCII string.
//
// [ends in a number checker]: https://url.spec.whatwg.org/#ends-in-a-number-checker
func endsInANumber(input string) bool {
	// 2–3. Take the last label, ignoring one empty label after a final dot.
	if input != "" && input[len(input)-1] == '.' {
		input = input[:len(input)-1]
	}
	last := input
	for i := len(input) - 1; i >= 0; i-- {
		if input[i] == '.' {
			last = input[i+1:]
			break
		}
	}
	// 5. A non-empty run of ASCII digits is a number (even "09", which the
	// IPv4 parser then rejects).
	if last == "" {
		return false
	}
	allDigits := true
	for i := 0; i < len(last); i++ {
		if !isASCIIDigit(last[i]) {
			allDigits = false
			break
		}
	}
	if allDigits {
		return true
	}
	// 6. So is anything the IPv4 number parser accepts: "0x" or "0X"
	// followed by zero or more ASCII hex digits.
	_, _, ok := parseIPv4Number(last)
	return ok
}

// ipv4Saturation caps the value parseIPv4Number computes: any part at or
// above it fails every range check of the IPv4 parser, whatever its exact
// value, so nothing is lost and nothing overflows.
const ipv4Saturation = 1 << 40

// parseIPv4Number implements the [IPv4 number parser]. It returns the number
// (saturated at ipv4Saturation), whether a validation error was seen (a
// non-decimal form), and false on failure.
//
// [IPv4 number parser]: https://url.spec.whatwg.org/#ipv4-number-parser
func parseIPv4Number(input string) (n uint64, nonDecimal, ok bool) {
	// 1. The empty string is not a number.
	if input == "" {
		return 0, false, false
	}
	// 3–5. Pick the radix from a "0x"/"0X" or "0" prefix.
	radix := uint64(10)
	if len(input) >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X') {
		nonDecimal, input, radix = true, input[2:], 16
	} else if len(input) >= 2 && input[0] == '0' {
		nonDecimal, input, radix = true, input[1:], 8
	}
	// 6. A bare prefix is zero.
	if input == "" {
		return 0, true, true
	}
	// 7–8. Every remaining code point must be a digit of the radix.
	for i := 0; i < len(input); i++ {
		b := input[i]
		var d uint64
		switch {
		case isASCIIDigit(b):
			d = uint64(b - '0')
		case radix == 16 && isASCIIHexDigit(b):
			d = uint64(hexValue(b))
		default:
			return 0, false, false
		}
		if d >= radix {
			return 0, false, false
		}
		if n < ipv4Saturation {
			n = n*radix + d
		}
	}
	return n, nonDecimal, true
}

// parseIPv4 implements the [IPv4 parser] for an ASCII string that ends in a
// number. It returns the address or the validation error it failed with.
//
// [IPv4 parser]: https://url.spec.whatwg.org/#concept-ipv4-parser
func parseIPv4(input string) (uint32, string) {
	// 1–2. Split on "."; one empty last part (a trailing dot) is dropped.
	var parts [4]string
	n := 0
	rest := input
	if len(rest) > 1 && rest[len(rest)-1] == '.' {
		rest = rest[:len(rest)-1]
	}
	for {
		i := 0
		for i < len(rest) && rest[i] != '.' {
			i++
		}
		// 4. More than four parts fail.
		if n == 4 {
			return 0, reasonIPv4TooManyParts
		}
		parts[n] = rest[:i]
		n++
		if i == len(rest) {
			break
		}
		rest = rest[i+1:]
	}
	// 5–6. Each part must be an IPv4 number.
	var numbers [4]uint64
	for i := 0; i < n; i++ {
		v, _, ok := parseIPv4Number(parts[i])
		if !ok {
			return 0, reasonIPv4NonNumericPart
		}
		numbers[i] = v
	}
	// 8. Every part but the last must fit in a byte.
	for i := 0; i < n-1; i++ {
		if numbers[i] > 255 {
			return 0, reasonIPv4OutOfRangePart
		}
	}
	// 9. The last part fills the remaining 5-n bytes.
	if numbers[n-1] >= uint64(1)<<(8*(5-n)) {
		return 0, reasonIPv4OutOfRangePart
	}
	// 10–14. Combine the parts.
	ipv4 := numbers[n-1]
	for i := 0; i < n-1; i++ {
		ipv4 += numbers[i] << (8 * (3 - i))
	}
	return uint32(ipv4), ""
}

// appendIPv4 appends the [IPv4 serializer]'s output for address to dst.
//
// [IPv4 serializer]: https://url.spec.whatwg.org/#concept-ipv4-serializer
func appendIPv4(dst []byte, address uint32) []byte {
	for i := 3; i >= 0; i-- {
		dst = strconv.AppendUint(dst, uint64(address>>(8*i)&0xFF), 10)
		if i != 0 {
			dst = append(dst, '.')
		}
	}
	return dst
}
