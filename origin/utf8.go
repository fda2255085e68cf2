package origin

import "unicode/utf8"

// toScalarValues returns s unchanged when it is valid UTF-8. Otherwise it
// decodes s with the Encoding Standard's [UTF-8 decode without BOM]: every
// maximal ill-formed subsequence becomes one U+FFFD, so the result is the
// scalar value string a browser would have made of the same bytes.
//
// NB: the URL parser takes a scalar value string (a JavaScript string
// converted to a USVString), which a Go string need not be. Treating invalid
// UTF-8 as the Encoding Standard does keeps the parser total and gives the
// answer a browser gives for a byte sequence it decodes as UTF-8.
//
// [UTF-8 decode without BOM]: https://encoding.spec.whatwg.org/#utf-8-decode-without-bom
func toScalarValues(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out := make([]byte, 0, len(s)+8)
	var (
		codePoint   rune
		bytesNeeded int
		bytesSeen   int
		lower       byte = 0x80
		upper       byte = 0xBF
	)
	for i := 0; i < len(s); i++ {
		b := s[i]
		if bytesNeeded == 0 {
			switch {
			case b <= 0x7F:
				out = append(out, b)
			case 0xC2 <= b && b <= 0xDF:
				bytesNeeded, codePoint = 1, rune(b&0x1F)
			case 0xE0 <= b && b <= 0xEF:
				if b == 0xE0 {
					lower = 0xA0
				}
				if b == 0xED {
					upper = 0x9F
				}
				bytesNeeded, codePoint = 2, rune(b&0x0F)
			case 0xF0 <= b && b <= 0xF4:
				if b == 0xF0 {
					lower = 0x90
				}
				if b == 0xF4 {
					upper = 0x8F
				}
				bytesNeeded, codePoint = 3, rune(b&0x07)
			default:
				out = utf8.AppendRune(out, utf8.RuneError)
			}
			continue
		}
		if b < lower || upper < b {
			// The sequence so far is a maximal subpart: one U+FFFD, and the
			// byte is processed again as the start of what follows.
			codePoint, bytesNeeded, bytesSeen, lower, upper = 0, 0, 0, 0x80, 0xBF
			out = utf8.AppendRune(out, utf8.RuneError)
			i--
			continue
		}
		lower, upper = 0x80, 0xBF
		codePoint = codePoint<<6 | rune(b&0x3F)
		bytesSeen++
		if bytesSeen == bytesNeeded {
			out = utf8.AppendRune(out, codePoint)
			codePoint, bytesNeeded, bytesSeen = 0, 0, 0
		}
	}
	if bytesNeeded != 0 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return string(out)
}
