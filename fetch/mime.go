package fetch

import "strings"

// A MIMEType is a parsed [MIME type]: a type, a subtype and an ordered list
// of parameters. [ParseMIMEType] produces MIME types whose Type and Subtype
// are ASCII-lowercase tokens, whose parameter names are lowercase tokens
// that occur once each, and whose parameter values contain only HTTP
// quoted-string token code points.
//
// Strings hold bytes, each byte standing for the code point of the same
// number (U+0000 to U+00FF), as header values do.
//
// The zero value is not a valid MIME type; its String is "/".
//
// [MIME type]: https://mimesniff.spec.whatwg.org/#mime-type
type MIMEType struct {
	Type    string
	Subtype string
	Params  []MIMEParam
}

// A MIMEParam is one parameter of a MIME type, in the order it was parsed.
type MIMEParam struct {
	Name  string
	Value string
}

// Essence returns the MIME type's [essence]: type "/" subtype, without
// parameters.
//
// [essence]: https://mimesniff.spec.whatwg.org/#mime-type-essence
func (m MIMEType) Essence() string {
	return m.Type + "/" + m.Subtype
}

// Param returns the value of the parameter named name (compared byte for
// byte; parsed names are lowercase) and whether it is present.
func (m MIMEType) Param(name string) (value string, ok bool) {
	for _, p := range m.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// setParam sets the parameter named name, appending it when absent, as an
// ordered map's set does.
func (m *MIMEType) setParam(name, value string) {
	for i := range m.Params {
		if m.Params[i].Name == name {
			m.Params[i].Value = value
			return
		}
	}
	m.Params = append(m.Params, MIMEParam{Name: name, Value: value})
}

// String returns the [serialization] of the MIME type: type "/" subtype,
// then ";" name "=" value for each parameter, with no spaces. A value that
// is empty or is not a token is written as a quoted string, with `"` and
// `\` escaped by a backslash.
//
// [serialization]: https://mimesniff.spec.whatwg.org/#serialize-a-mime-type
func (m MIMEType) String() string {
	var b strings.Builder
	n := len(m.Type) + 1 + len(m.Subtype)
	for _, p := range m.Params {
		n += len(p.Name) + len(p.Value) + 4
	}
	b.Grow(n)
	// 1. The type, "/" and the subtype.
	b.WriteString(m.Type)
	b.WriteByte('/')
	b.WriteString(m.Subtype)
	// 2. Each parameter in order.
	for _, p := range m.Params {
		b.WriteByte(';')
		b.WriteString(p.Name)
		b.WriteByte('=')
		if p.Value != "" && isToken(p.Value) {
			b.WriteString(p.Value)
			continue
		}
		// A value that is empty or not a token is quoted.
		b.WriteByte('"')
		for i := 0; i < len(p.Value); i++ {
			if c := p.Value[i]; c == '"' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(p.Value[i])
		}
		b.WriteByte('"')
	}
	return b.String()
}

// ParseMIMEType performs [parse a MIME type] on s. ok is false when s is not
// a MIME type (the spec's failure). Parameters that do not parse are dropped,
// never a reason for failure; the first of two parameters with the same name
// wins.
//
// [parse a MIME type]: https://mimesniff.spec.whatwg.org/#parse-a-mime-type
func ParseMIMEType(s string) (MIMEType, bool) {
	// 1. Strip leading and trailing HTTP whitespace.
	input := trimHTTPWhitespace(s)
	// 2-3. The type runs up to the first "/".
	slash := strings.IndexByte(input, '/')
	// 4-5. It must be a non-empty token, and the "/" must be there.
	if slash < 0 || !isToken(input[:slash]) {
		return MIMEType{}, false
	}
	typ := input[:slash]
	// 6. Skip the "/".
	pos := slash + 1
	// 7. The subtype runs up to the first ";".
	end := strings.IndexByte(input[pos:], ';')
	if end < 0 {
		end = len(input)
	} else {
		end += pos
	}
	// 8. Without its trailing HTTP whitespace...
	subtype := trimTrailingHTTPWhitespace(input[pos:end])
	// 9. ...it must be a non-empty token.
	if !isToken(subtype) {
		return MIMEType{}, false
	}
	pos = end
	// 10. Type and subtype are ASCII-lowercased.
	m := MIMEType{Type: lowerASCII(typ), Subtype: lowerASCII(subtype)}
	// 11. Parameters, while input remains.
	for pos < len(input) {
		// 11.1. Skip the ";".
		pos++
		// 11.2. Skip HTTP whitespace.
		for pos < len(input) && httpWhitespaceTable[input[pos]] {
			pos++
		}
		// 11.3. The name runs up to ";" or "=".
		from := pos
		for pos < len(input) && input[pos] != ';' && input[pos] != '=' {
			pos++
		}
		// 11.4. It is compared in lowercase (done below, once it is kept).
		name := input[from:pos]
		// 11.5. A ";" here means a name without a value: next parameter.
		if pos < len(input) {
			if input[pos] == ';' {
				continue
			}
			pos++ // skip "="
		}
		// 11.6. Nothing after the name: done.
		if pos >= len(input) {
			break
		}
		// 11.7-11.9. The value is a quoted string or runs up to ";".
		var value string
		if input[pos] == '"' {
			value, pos = CollectHTTPQuotedString(input, pos, true)
			// Whatever follows the closing quote, up to ";", is ignored.
			for pos < len(input) && input[pos] != ';' {
				pos++
			}
		} else {
			from := pos
			for pos < len(input) && input[pos] != ';' {
				pos++
			}
			value = trimTrailingHTTPWhitespace(input[from:pos])
			if value == "" {
				continue
			}
		}
		// 11.10. Keep a valid, new parameter.
		if isToken(name) && onlyQuotedStringTokenBytes(value) {
			name = lowerASCII(name)
			if _, dup := m.Param(name); !dup {
				m.Params = append(m.Params, MIMEParam{Name: name, Value: value})
			}
		}
	}
	// 12. Done.
	return m, true
}

// ExtractMIMEType performs [extract a MIME type] on a header list: it
// parses each value of its Content-Type headers (after get, decode, and
// split), skips failures and `*/*`, carries a `charset` parameter forward
// across values with the same essence, and returns the last MIME type
// kept. ok is false when there is no Content-Type header or no value
// parses.
//
// [extract a MIME type]: https://fetch.spec.whatwg.org/#concept-header-extract-mime-type
func ExtractMIMEType(l HeaderList) (MIMEType, bool) {
	// 1-3. No charset, essence or MIME type yet.
	var (
		charset    string
		hasCharset bool
		essence    string
		hasEssence bool
		mimeType   MIMEType
		found      bool
	)
	// 4-5. The values of Content-Type; absent is failure.
	value, ok := l.Get("Content-Type")
	if !ok {
		return MIMEType{}, false
	}
	// 6. For each value...
	s := newDecodeSplitScanner(value)
	for {
		v, more := s.next()
		if !more {
			break
		}
		// 6.1. Parse it.
		t, ok := ParseMIMEType(v)
		// 6.2. Skip failures and */*.
		if !ok || (t.Type == "*" && t.Subtype == "*") {
			continue
		}
		// 6.3. It becomes the current MIME type.
		mimeType, found = t, true
		e := t.Essence()
		if !hasEssence || e != essence {
			// 6.4. A new essence: its own charset, or none, is tracked.
			charset, hasCharset = t.Param("charset")
			essence, hasEssence = e, true
		} else if _, ok := t.Param("charset"); !ok && hasCharset {
			// 6.5. Same essence without a charset: inherit the tracked one.
			mimeType.setParam("charset", charset)
		}
	}
	// 7-8. Failure if nothing parsed, else the last MIME type.
	if !found {
		return MIMEType{}, false
	}
	return mimeType, true
}

// isCORSSafelistedContentType reports whether value, already known to hold
// no CORS-unsafe request-header byte, parses as a MIME type whose essence is
// application/x-www-form-urlencoded, multipart/form-data or text/plain.
//
// OPTIMIZATION: ParseMIMEType fails only on the type and subtype, never on
// parameters, so this checks those two in one pass without building a
// MIMEType: token bytes up to "/", token bytes, then optional HTTP
// whitespace before ";" or the end; it compares them case-insensitively
// instead of lowercasing. It never allocates.
// TestIsCORSSafelistedContentTypeMatchesParse and
// FuzzCORSSafelistedContentType check it against ParseMIMEType.
func isCORSSafelistedContentType(value string) bool {
	input := trimHTTPWhitespace(value)
	// The type: token bytes, ended by "/".
	i := 0
	for i < len(input) && tokenTable[input[i]] {
		i++
	}
	if i == 0 || i >= len(input) || input[i] != '/' {
		return false
	}
	typ := input[:i]
	// The subtype: token bytes...
	i++
	j := i
	for j < len(input) && tokenTable[input[j]] {
		j++
	}
	subtype := input[i:j]
	if subtype == "" {
		return false
	}
	// ...then only HTTP whitespace before ";" or the end.
	for j < len(input) && httpWhitespaceTable[input[j]] {
		j++
	}
	if j < len(input) && input[j] != ';' {
		return false
	}
	switch len(typ) {
	case 4:
		return equalFoldASCII(typ, "text") && equalFoldASCII(subtype, "plain")
	case 9:
		return equalFoldASCII(typ, "multipart") && equalFoldASCII(subtype, "form-data")
	case 11:
		return equalFoldASCII(typ, "application") && equalFoldASCII(subtype, "x-www-form-urlencoded")
	}
	return false
}
