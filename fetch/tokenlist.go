package fetch

// A tokenList reads a header whose value is a #rule list of tokens
// (Access-Control-Allow-Methods, -Headers, -Expose-Headers) across every
// line carrying it, without allocating: it is the hot-path form of
// extracting header list values for those headers.
type tokenList struct {
	header HeaderList
	name   string
}

func newTokenList(h HeaderList, name string) tokenList { return tokenList{header: h, name: name} }

// absent reports whether no header line has the name (extraction gives
// null).
func (t tokenList) absent() bool { return !t.header.Contains(t.name) }

// each calls fn for every non-empty element of the list, in order, until fn
// returns false. Elements are separated by commas, with optional spaces and
// tabs around them; empty elements are skipped as RFC 9110's #rule allows.
func (t tokenList) each(fn func(elem string) bool) {
	for i := range t.header {
		if !equalFoldASCII(t.header[i].Name, t.name) {
			continue
		}
		v := t.header[i].Value
		for len(v) > 0 {
			j := 0
			for j < len(v) && v[j] != ',' {
				j++
			}
			elem := trimHTTPTabOrSpace(v[:j])
			if elem != "" && !fn(elem) {
				return
			}
			if j == len(v) {
				break
			}
			v = v[j+1:]
		}
	}
}

// invalid returns the first element that is not a token, if any: a list
// holding one makes extraction fail.
func (t tokenList) invalid() (bad string, found bool) {
	t.each(func(e string) bool {
		if !isToken(e) {
			bad, found = e, true
			return false
		}
		return true
	})
	return bad, found
}

// contains reports whether an element is s byte for byte.
func (t tokenList) contains(s string) (found bool) {
	t.each(func(e string) bool {
		if e == s {
			found = true
			return false
		}
		return true
	})
	return found
}

// containsFold reports whether an element is a byte-case-insensitive match
// for s.
func (t tokenList) containsFold(s string) (found bool) {
	t.each(func(e string) bool {
		if equalFoldASCII(e, s) {
			found = true
			return false
		}
		return true
	})
	return found
}

// lessFoldASCII reports whether a sorts before b once both are
// byte-lowercased.
func lessFoldASCII(a, b string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return x < y
		}
	}
	return len(a) < len(b)
}
