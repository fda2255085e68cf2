package fetch

// A Header is one entry of a [header list]: a name and a value, as bytes
// held in Go strings. Names keep the case they were given; every operation
// on a HeaderList compares names byte-case-insensitively.
//
// [header list]: https://fetch.spec.whatwg.org/#concept-header-list
type Header struct {
	Name  string
	Value string
}

// A HeaderList is the Fetch Standard's [header list]: an ordered list of
// headers in which a name may repeat. The zero value is an empty list.
//
// [header list]: https://fetch.spec.whatwg.org/#concept-header-list
type HeaderList []Header

// Contains reports whether the list [contains] a header named name,
// compared byte-case-insensitively.
//
// [contains]: https://fetch.spec.whatwg.org/#header-list-contains
func (l HeaderList) Contains(name string) bool {
	for i := range l {
		if equalFoldASCII(l[i].Name, name) {
			return true
		}
	}
	return false
}

// Get performs the header list's [get]: the values of every header named
// name, in list order, joined by ", ". ok is false when no header has that
// name (the spec's null), which is not the same as an empty value.
// Get allocates only when the name occurs more than once.
//
// [get]: https://fetch.spec.whatwg.org/#concept-header-list-get
func (l HeaderList) Get(name string) (value string, ok bool) {
	n := 0
	size := 0
	first := -1
	for i := range l {
		if equalFoldASCII(l[i].Name, name) {
			if first < 0 {
				first = i
			}
			n++
			size += len(l[i].Value)
		}
	}
	switch n {
	case 0:
		return "", false
	case 1:
		return l[first].Value, true
	}
	b := make([]byte, 0, size+2*(n-1))
	for i := first; i < len(l); i++ {
		if equalFoldASCII(l[i].Name, name) {
			if i != first {
				b = append(b, ", "...)
			}
			b = append(b, l[i].Value...)
		}
	}
	return string(b), true
}

// Append performs the header list's [append]: if a header with the same name
// exists, the new header takes that header's name casing.
//
// [append]: https://fetch.spec.whatwg.org/#concept-header-list-append
func (l *HeaderList) Append(name, value string) {
	for i := range *l {
		if equalFoldASCII((*l)[i].Name, name) {
			name = (*l)[i].Name
			break
		}
	}
	*l = append(*l, Header{Name: name, Value: value})
}

// Set performs the header list's [set]: the first header named name gets the
// value and every later one is removed; with none, the header is appended.
//
// [set]: https://fetch.spec.whatwg.org/#concept-header-list-set
func (l *HeaderList) Set(name, value string) {
	found := false
	out := (*l)[:0]
	for _, h := range *l {
		if equalFoldASCII(h.Name, name) {
			if found {
				continue
			}
			found = true
			h.Value = value
		}
		out = append(out, h)
	}
	if !found {
		out = append(out, Header{Name: name, Value: value})
	}
	*l = out
}

// Delete performs the header list's [delete]: every header named name is
// removed.
//
// [delete]: https://fetch.spec.whatwg.org/#concept-header-list-delete
func (l *HeaderList) Delete(name string) {
	out := (*l)[:0]
	for _, h := range *l {
		if !equalFoldASCII(h.Name, name) {
			out = append(out, h)
		}
	}
	clear((*l)[len(out):])
	*l = out
}

// Count reports how many headers are named name. It is not a spec
// operation; engines use it (Firefox counts Access-Control-Allow-Origin
// header lines).
func (l HeaderList) Count(name string) int {
	n := 0
	for i := range l {
		if equalFoldASCII(l[i].Name, name) {
			n++
		}
	}
	return n
}

// Clone returns a copy of the list that shares no storage with it.
func (l HeaderList) Clone() HeaderList {
	if l == nil {
		return nil
	}
	return append(HeaderList(nil), l...)
}

// equalFoldASCII reports whether a and b are a byte-case-insensitive match:
// equal after ASCII upper-case letters are lowered, every other byte compared
// as is.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
