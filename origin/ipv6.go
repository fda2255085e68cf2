package origin

// Validation error names the IPv6 parser fails with.
const (
	reasonIPv6Unclosed                   = "IPv6-unclosed"
	reasonIPv6InvalidCompression         = "IPv6-invalid-compression"
	reasonIPv6TooManyPieces              = "IPv6-too-many-pieces"
	reasonIPv6MultipleCompression        = "IPv6-multiple-compression"
	reasonIPv6InvalidCodePoint           = "IPv6-invalid-code-point"
	reasonIPv6TooFewPieces               = "IPv6-too-few-pieces"
	reasonIPv4InIPv6TooManyPieces        = "IPv4-in-IPv6-too-many-pieces"
	reasonIPv4InIPv6InvalidCodePoint     = "IPv4-in-IPv6-invalid-code-point"
	reasonIPv4InIPv6OutOfRangePart       = "IPv4-in-IPv6-out-of-range-part"
	reasonIPv4InIPv6TooFewParts          = "IPv4-in-IPv6-too-few-parts"
	ipv6MaxSerializedLen                 = len("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
	ipv6MaxSerializedLenWithBrackets     = ipv6MaxSerializedLen + 2
	ipv4MaxSerializedLen                 = len("255.255.255.255")
	eof                              int = -1
)

// parseIPv6 implements the [IPv6 parser]. input is what was between the
// brackets; a byte that is not ASCII is an invalid code point like any other.
// It returns the eight pieces or the validation error it failed with.
//
// [IPv6 parser]: https://url.spec.whatwg.org/#concept-ipv6-parser
func parseIPv6(input string) ([8]uint16, string) {
	// 1–4. All pieces zero, no compression, pointer at the start.
	var address [8]uint16
	pieceIndex := 0
	compress := -1
	pointer := 0
	c := func() int {
		if pointer < len(input) {
			return int(input[pointer])
		}
		return eof
	}
	// 5. A leading ":" must be the start of "::".
	if c() == ':' {
		if pointer+1 >= len(input) || input[pointer+1] != ':' {
			return address, reasonIPv6InvalidCompression
		}
		pointer += 2
		pieceIndex++
		compress = pieceIndex
	}
	// 6. Read pieces until the end of input.
	for c() != eof {
		// 6.1. Eight pieces are all there is room for.
		if pieceIndex == 8 {
			return address, reasonIPv6TooManyPieces
		}
		// 6.2. "::" compresses; only once.
		if c() == ':' {
			if compress != -1 {
				return address, reasonIPv6MultipleCompression
			}
			pointer++
			pieceIndex++
			compress = pieceIndex
			continue
		}
		// 6.3–6.4. Up to four hex digits make a piece.
		value, length := 0, 0
		for length < 4 && c() != eof && isASCIIHexDigit(byte(c())) {
			value = value*0x10 + int(hexValue(byte(c())))
			pointer++
			length++
		}
		// 6.5. A "." means the piece was the start of an embedded IPv4 address.
		if c() == '.' {
			if length == 0 {
				return address, reasonIPv4InIPv6InvalidCodePoint
			}
			pointer -= length
			if pieceIndex > 6 {
				return address, reasonIPv4InIPv6TooManyPieces
			}
			numbersSeen := 0
			for c() != eof {
				ipv4Piece := -1
				if numbersSeen > 0 {
					if c() == '.' && numbersSeen < 4 {
						pointer++
					} else {
						return address, reasonIPv4InIPv6InvalidCodePoint
					}
				}
				if c() == eof || !isASCIIDigit(byte(c())) {
					return address, reasonIPv4InIPv6InvalidCodePoint
				}
				for c() != eof && isASCIIDigit(byte(c())) {
					number := c() - '0'
					switch ipv4Piece {
					case -1:
						ipv4Piece = number
					case 0:
						// No leading zeros in an embedded IPv4 part.
						return address, reasonIPv4InIPv6InvalidCodePoint
					default:
						ipv4Piece = ipv4Piece*10 + number
					}
					if ipv4Piece > 255 {
						return address, reasonIPv4InIPv6OutOfRangePart
					}
					pointer++
				}
				address[pieceIndex] = address[pieceIndex]*0x100 + uint16(ipv4Piece)
				numbersSeen++
				if numbersSeen == 2 || numbersSeen == 4 {
					pieceIndex++
				}
			}
			if numbersSeen != 4 {
				return address, reasonIPv4InIPv6TooFewParts
			}
			break
		}
		// 6.6. A ":" separates pieces but cannot end the input.
		if c() == ':' {
			pointer++
			if c() == eof {
				return address, reasonIPv6InvalidCodePoint
			}
		} else if c() != eof {
			// 6.7. Anything else is an invalid code point.
			return address, reasonIPv6InvalidCodePoint
		}
		// 6.9–6.10. Store the piece.
		address[pieceIndex] = uint16(value)
		pieceIndex++
	}
	// 7. Move the pieces after the compression to the end.
	if compress != -1 {
		swaps := pieceIndex - compress
		pieceIndex = 7
		for pieceIndex != 0 && swaps > 0 {
			address[pieceIndex], address[compress+swaps-1] = address[compress+swaps-1], address[pieceIndex]
			pieceIndex--
			swaps--
		}
	} else if pieceIndex != 8 {
		// 8. Without compression all eight pieces must be given.
		return address, reasonIPv6TooFewPieces
	}
	return address, ""
}

// ipv6CompressedPieceIndex implements [find the IPv6 address compressed piece
// index]: the first longest run of two or more zero pieces, or -1.
//
// [find the IPv6 address compressed piece index]: https://url.spec.whatwg.org/#find-the-ipv6-address-compressed-piece-index
func ipv6CompressedPieceIndex(address *[8]uint16) int {
	longestIndex, longestSize := -1, 1
	foundIndex, foundSize := -1, 0
	for pieceIndex, piece := range address {
		if piece != 0 {
			if foundSize > longestSize {
				longestIndex, longestSize = foundIndex, foundSize
			}
			foundIndex, foundSize = -1, 0
			continue
		}
		if foundIndex == -1 {
			foundIndex = pieceIndex
		}
		foundSize++
	}
	if foundSize > longestSize {
		return foundIndex
	}
	return longestIndex
}

// appendIPv6 appends the [IPv6 serializer]'s output for address to dst.
//
// [IPv6 serializer]: https://url.spec.whatwg.org/#concept-ipv6-serializer
func appendIPv6(dst []byte, address *[8]uint16) []byte {
	const lowerHex = "0123456789abcdef"
	compress := ipv6CompressedPieceIndex(address)
	ignore0 := false
	for pieceIndex, piece := range address {
		// 4.1–4.2. Skip the zeros the compression stands for.
		if ignore0 && piece == 0 {
			continue
		}
		ignore0 = false
		// 4.3. The compressed run is written as "::" (or ":" after a piece).
		if compress == pieceIndex {
			if pieceIndex == 0 {
				dst = append(dst, "::"...)
			} else {
				dst = append(dst, ':')
			}
			ignore0 = true
			continue
		}
		// 4.4. The shortest lowercase hex form.
		started := false
		for shift := 12; shift >= 0; shift -= 4 {
			d := piece >> shift & 0xF
			if d != 0 || started || shift == 0 {
				dst = append(dst, lowerHex[d])
				started = true
			}
		}
		// 4.5. Pieces are separated by ":".
		if pieceIndex != 7 {
			dst = append(dst, ':')
		}
	}
	return dst
}
