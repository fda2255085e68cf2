package origin

import (
	"strconv"
	"strings"
)

// URL is a [URL record] as the URL Standard defines it, with its host
// already serialized and its path as the [URL path serializer] writes it.
//
// ParseURL makes URL values. A URL built by hand must keep the invariants
// ParseURL keeps (a special URL has a host and a list path; Host, Path, Query
// and Fragment are ASCII and already percent-encoded); methods do not
// re-validate it, and Origin fails closed (an opaque origin) when a special
// URL has no host. The zero URL is not a parsed URL (its Port is 0, not null).
//
// [URL record]: https://url.spec.whatwg.org/#concept-url
// [URL path serializer]: https://url.spec.whatwg.org/#url-path-serializer
type URL struct {
	// Scheme is the URL's scheme, ASCII lowercase ("https", "blob", "web+x").
	Scheme string
	// Username and Password are percent-encoded; "" when absent.
	Username string
	Password string
	// Host is the serialized host: a domain ("example.com", already
	// IDNA-processed), an IPv4 address ("192.0.2.1"), an IPv6 address in
	// brackets ("[::1]"), an opaque host (not special URLs) or the empty
	// host (""); meaningful only when HasHost is true (the host is non-null).
	Host    string
	HasHost bool
	// Port is the port, or -1 when it is null (absent, or the scheme's
	// default port).
	Port int
	// Path is the serialized path: "/a/b" for the list « "a", "b" », "" for
	// the empty list; when OpaquePath is true it is the opaque path itself
	// ("text/plain,hi" in "data:text/plain,hi").
	Path       string
	OpaquePath bool
	// Query is the query without "?"; HasQuery tells "" from null.
	Query    string
	HasQuery bool
	// Fragment is the fragment without "#"; HasFragment tells "" from null.
	Fragment    string
	HasFragment bool
}

// Validation error names of the URL parser that are not host ones.
const (
	reasonMissingSchemeNonRelativeURL = "missing-scheme-non-relative-URL"
	reasonPortOutOfRange              = "port-out-of-range"
	reasonPortInvalid                 = "port-invalid"
)

// ParseURL runs the [basic URL parser] on input with an optional base URL
// (nil for none), with UTF-8 as the encoding and no state override. A Go
// string that is not valid UTF-8 is first decoded as the Encoding Standard's
// UTF-8 decoder does (each ill-formed sequence becomes U+FFFD). On failure
// it returns a *ParseError whose Reason names the URL Standard's validation
// error.
//
// A "blob:" URL's [blob URL entry] is not modelled (there is no blob URL
// store); Origin treats it as null.
//
// [basic URL parser]: https://url.spec.whatwg.org/#concept-basic-url-parser
// [blob URL entry]: https://url.spec.whatwg.org/#concept-url-blob-entry
func ParseURL(input string, base *URL) (*URL, error) {
	var p parser
	if err := p.parse(input, base); err != nil {
		return nil, err
	}
	return p.result(), nil
}

// Special schemes, interned so origins share the constant strings.
const (
	schemeFTP   = "ftp"
	schemeFile  = "file"
	schemeHTTP  = "http"
	schemeHTTPS = "https"
	schemeWS    = "ws"
	schemeWSS   = "wss"
)

// isSpecialScheme reports whether scheme is a [special scheme].
//
// [special scheme]: https://url.spec.whatwg.org/#special-scheme
func isSpecialScheme(scheme string) bool {
	switch scheme {
	case schemeFTP, schemeFile, schemeHTTP, schemeHTTPS, schemeWS, schemeWSS:
		return true
	}
	return false
}

// defaultPort returns the [default port] of scheme, or -1 for null.
//
// [default port]: https://url.spec.whatwg.org/#default-port
func defaultPort(scheme string) int {
	switch scheme {
	case schemeFTP:
		return 21
	case schemeHTTP, schemeWS:
		return 80
	case schemeHTTPS, schemeWSS:
		return 443
	}
	return -1
}

// internScheme returns the constant string for a special scheme, so that
// results do not keep the input alive through it.
func internScheme(scheme string) string {
	switch scheme {
	case schemeFTP:
		return schemeFTP
	case schemeFile:
		return schemeFile
	case schemeHTTP:
		return schemeHTTP
	case schemeHTTPS:
		return schemeHTTPS
	case schemeWS:
		return schemeWS
	case schemeWSS:
		return schemeWSS
	}
	return scheme
}

// state is a state of the basic URL parser.
type state uint8

const (
	stateSchemeStart state = iota
	stateScheme
	stateNoScheme
	stateSpecialRelativeOrAuthority
	statePathOrAuthority
	stateRelative
	stateRelativeSlash
	stateSpecialAuthoritySlashes
	stateSpecialAuthorityIgnoreSlashes
	stateAuthority
	stateHost
	statePort
	stateFile
	stateFileSlash
	stateFileHost
	statePathStart
	statePath
	stateOpaquePath
	stateQuery
	stateFragment
)

// parser holds the URL under construction and the parser's variables.
//
// The URL record's strings are written into one buffer, out, in the order
// username, password, host, path, query, fragment, and ParseURL turns it
// into one string that every field slices. The state machine only ever
// writes to the last component written so far, or clears the components
// after one (the relative state drops the base's query before extending its
// path), which keeps that order.
type parser struct {
	base *URL

	scheme    string
	isSpecial bool // whether scheme is special, kept with setScheme
	port      int
	out       []byte

	// ends holds where each component before the current one ends in out;
	// the current one runs to the end of out and the later ones are empty.
	ends      [componentFragment]int
	component component

	hasHost, opaque, hasQuery, hasFragment bool

	// literal turns off the OPTIMIZATION loops that consume a run of code
	// points a state treats alike in one go, so that the state machine
	// takes one code point per step as the spec writes it. Only tests set
	// it: TestParseURLLiteralTwin and FuzzParseURL check the loops against
	// the literal steps.
	literal bool

	// segmentStart is the offset in out of the path segment the path state
	// is building (after its "/"), or -1 between segments: the spec's
	// buffer in the path state is out[segmentStart:].
	segmentStart int
}

// component names the components of a URL in the order out holds them.
type component uint8

const (
	componentUsername component = iota
	componentPassword
	componentHost
	componentPath
	componentQuery
	componentFragment
)

// endOf returns where component c ends in out.
func (p *parser) endOf(c component) int {
	if c < p.component {
		return p.ends[c]
	}
	return len(p.out)
}

// startOf returns where component c starts in out.
func (p *parser) startOf(c component) int {
	if c == componentUsername {
		return 0
	}
	return p.endOf(c - 1)
}

// moveTo makes c the component being written. Moving forward closes the
// components in between with what they hold; moving back reopens c with
// what it holds and empties every component after it.
func (p *parser) moveTo(c component) {
	if c < p.component {
		p.out = p.out[:p.ends[c]]
		if c < componentQuery {
			p.hasQuery = false
		}
		p.hasFragment = false
	}
	for k := p.component; k < c; k++ {
		p.ends[k] = len(p.out)
	}
	p.component = c
}

// begin makes c the component being written and empties it and every
// component after it.
func (p *parser) begin(c component) {
	p.moveTo(c)
	p.out = p.out[:p.startOf(c)]
	if c <= componentQuery {
		p.hasQuery = false
	}
	p.hasFragment = false
}

// special reports whether the URL under construction [is special].
//
// [is special]: https://url.spec.whatwg.org/#is-special
func (p *parser) special() bool { return p.isSpecial }

// setScheme sets the URL's scheme.
func (p *parser) setScheme(scheme string) {
	p.scheme = scheme
	p.isSpecial = isSpecialScheme(scheme)
}

// setHost sets the URL's host (dropping any path, query and fragment).
func (p *parser) setHost(h *parsedHost) {
	p.begin(componentHost)
	p.out = h.appendTo(p.out)
	p.hasHost = true
	p.moveTo(componentPath)
}

// setHostString sets the URL's host to an already serialized host.
func (p *parser) setHostString(host string, hasHost bool) {
	p.begin(componentHost)
	p.out = append(p.out, host...)
	p.hasHost = hasHost
	p.moveTo(componentPath)
}

// copyBaseAuthority copies the base URL's username, password, host and port.
func (p *parser) copyBaseAuthority() {
	p.begin(componentUsername)
	p.out = append(p.out, p.base.Username...)
	p.moveTo(componentPassword)
	p.out = append(p.out, p.base.Password...)
	p.setHostString(p.base.Host, p.base.HasHost)
	p.port = p.base.Port
}

// copyBasePath sets the path to a clone of the base URL's path.
func (p *parser) copyBasePath() {
	p.begin(componentPath)
	p.out = append(p.out, p.base.Path...)
}

// copyBaseQuery sets the query to the base URL's query.
func (p *parser) copyBaseQuery() {
	p.begin(componentQuery)
	if p.base.HasQuery {
		p.out = append(p.out, p.base.Query...)
		p.hasQuery = true
	}
}

// setQueryEmpty and setFragmentEmpty set the query or fragment to "".
func (p *parser) setQueryEmpty() {
	p.begin(componentQuery)
	p.hasQuery = true
}

func (p *parser) setFragmentEmpty() {
	p.begin(componentFragment)
	p.hasFragment = true
}

// setQueryNull sets the query to null.
func (p *parser) setQueryNull() { p.begin(componentQuery) }

// path returns the path written so far: "/a/b" for « "a", "b" ».
func (p *parser) path() []byte {
	return p.out[p.startOf(componentPath):p.endOf(componentPath)]
}

// firstSegment returns the path's first segment and whether there is one.
func firstSegment(path string) (string, bool) {
	if path == "" {
		return "", false
	}
	path = path[1:]
	if i := strings.IndexByte(path, '/'); i >= 0 {
		return path[:i], true
	}
	return path, true
}

// shorten implements [shorten a URL's path] on the path being written.
//
// [shorten a URL's path]: https://url.spec.whatwg.org/#shorten-a-urls-path
func (p *parser) shorten() {
	path := p.path()
	// 3. A file URL keeps a lone normalized Windows drive letter.
	if p.scheme == schemeFile && bytesCount(path, '/') == 1 && isNormalizedWindowsDriveLetter(string(path[1:])) {
		return
	}
	// 4. Drop the last segment, if any.
	if i := lastIndexByte(path, '/'); i >= 0 {
		p.out = p.out[:p.startOf(componentPath)+i]
	}
}

func bytesCount(b []byte, c byte) int {
	n := 0
	for _, x := range b {
		if x == c {
			n++
		}
	}
	return n
}

func lastIndexByte(b []byte, c byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// isWindowsDriveLetter reports whether s is a [Windows drive letter].
//
// [Windows drive letter]: https://url.spec.whatwg.org/#windows-drive-letter
func isWindowsDriveLetter(s string) bool {
	return len(s) == 2 && isASCIIAlpha(s[0]) && (s[1] == ':' || s[1] == '|')
}

// isNormalizedWindowsDriveLetter reports whether s is a [normalized Windows
// drive letter].
//
// [normalized Windows drive letter]: https://url.spec.whatwg.org/#normalized-windows-drive-letter
func isNormalizedWindowsDriveLetter(s string) bool {
	return isWindowsDriveLetter(s) && s[1] == ':'
}

// startsWithWindowsDriveLetter reports whether s [starts with a Windows drive
// letter].
//
// [starts with a Windows drive letter]: https://url.spec.whatwg.org/#start-with-a-windows-drive-letter
func startsWithWindowsDriveLetter(s string) bool {
	if len(s) < 2 || !isWindowsDriveLetter(s[:2]) {
		return false
	}
	if len(s) == 2 {
		return true
	}
	switch s[2] {
	case '/', '\\', '?', '#':
		return true
	}
	return false
}

// isSingleDotSegment reports whether s is a [single-dot URL path segment].
//
// [single-dot URL path segment]: https://url.spec.whatwg.org/#single-dot-path-segment
func isSingleDotSegment(s []byte) bool {
	return string(s) == "." || len(s) == 3 && strings.EqualFold(string(s), "%2e")
}

// isDoubleDotSegment reports whether s is a [double-dot URL path segment].
//
// [double-dot URL path segment]: https://url.spec.whatwg.org/#double-dot-path-segment
func isDoubleDotSegment(s []byte) bool {
	switch len(s) {
	case 2:
		return string(s) == ".."
	case 4:
		return strings.EqualFold(string(s), ".%2e") || strings.EqualFold(string(s), "%2e.")
	case 6:
		return strings.EqualFold(string(s), "%2e%2e")
	}
	return false
}

// cleanInput does the basic URL parser's first steps on input: decode it as
// a scalar value string, strip leading and trailing C0 control or space, and
// remove every ASCII tab or newline.
func cleanInput(input string) string {
	// 1.2–1.3. Strip leading and trailing C0 control or space.
	input = trimC0ControlOrSpace(toScalarValues(input))
	// 2–3. Remove every ASCII tab or newline.
	for i := 0; i < len(input); i++ {
		if asciiTabOrNewline[input[i]] {
			return removeTabOrNewline(input, i)
		}
	}
	return input
}

// trimC0ControlOrSpace strips leading and trailing C0 control or space.
func trimC0ControlOrSpace(s string) string {
	start, end := 0, len(s)
	for start < end && c0ControlOrSpace[s[start]] {
		start++
	}
	for end > start && c0ControlOrSpace[s[end-1]] {
		end--
	}
	return s[start:end]
}

// removeTabOrNewline returns s without its ASCII tabs and newlines, the
// first of which is at or after from.
func removeTabOrNewline(s string, from int) string {
	b := make([]byte, 0, len(s))
	b = append(b, s[:from]...)
	for i := from; i < len(s); i++ {
		if !asciiTabOrNewline[s[i]] {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// parse runs the basic URL parser's state machine.
func (p *parser) parse(rawInput string, base *URL) *ParseError {
	p.base = base
	p.port = -1
	p.segmentStart = -1
	fail := func(reason, detail string) *ParseError {
		return &ParseError{Input: rawInput, Reason: reason, Detail: detail}
	}
	input := cleanInput(rawInput)
	// Percent-encoding can grow the output; most URLs need no more room.
	p.out = make([]byte, 0, len(input)+len(input)/4+8)

	// 4–8. Start in the scheme start state with empty buffers. The buffer
	// of the scheme, authority, host, port and file host states is
	// input[bufferStart:pointer].
	st := stateSchemeStart
	var atSignSeen, insideBrackets, passwordTokenSeen bool
	bufferStart := 0
	pointer := 0
	// remainingStartsWith reports whether the code points after the pointer
	// start with s.
	remainingStartsWith := func(s string) bool {
		return pointer+1 <= len(input) && strings.HasPrefix(input[pointer+1:], s)
	}

	// 9. Run the state machine; c is the code point at the pointer (a byte
	// of the UTF-8 encoding: every decision is on an ASCII code point).
	for ; ; pointer++ {
		c := eof
		if pointer >= 0 && pointer < len(input) {
			c = int(input[pointer])
		}
		switch st {
		case stateSchemeStart:
			if c != eof && isASCIIAlpha(byte(c)) {
				// 1. An ASCII alpha starts a scheme (the buffer is
				// input[0:pointer], lowercased when it ends).
				st = stateScheme
			} else {
				// 2. Otherwise there is no scheme.
				st = stateNoScheme
				pointer--
			}

		case stateScheme:
			switch {
			case c != eof && schemeCodePoint[c]:
				// 1. Scheme code points accumulate.
			case c == ':':
				// 2.2. The buffer is the scheme.
				p.setScheme(internScheme(asciiLower(input[:pointer])))
				switch {
				case p.scheme == schemeFile:
					// 2.5. File URLs have their own states.
					st = stateFile
				case p.special() && base != nil && base.Scheme == p.scheme:
					// 2.6. Same special scheme as the base: maybe relative.
					st = stateSpecialRelativeOrAuthority
				case p.special():
					// 2.7.
					st = stateSpecialAuthoritySlashes
				case remainingStartsWith("/"):
					// 2.8.
					st = statePathOrAuthority
					pointer++
				default:
					// 2.9. Anything else has an opaque path.
					p.opaque = true
					p.moveTo(componentPath)
					st = stateOpaquePath
				}
			default:
				// 3. Not a scheme after all: start over without one.
				st = stateNoScheme
				pointer = -1
			}

		case stateNoScheme:
			switch {
			case base == nil || base.OpaquePath && c != '#':
				// 1. Nothing to be relative to.
				return fail(reasonMissingSchemeNonRelativeURL, "")
			case base.OpaquePath && c == '#':
				// 2. Only a fragment can be relative to an opaque path.
				p.setScheme(base.Scheme)
				p.opaque = true
				p.copyBasePath()
				p.copyBaseQuery()
				p.setFragmentEmpty()
				st = stateFragment
			case base.Scheme != schemeFile:
				// 3.
				st = stateRelative
				pointer--
			default:
				// 4.
				st = stateFile
				pointer--
			}

		case stateSpecialRelativeOrAuthority:
			if c == '/' && remainingStartsWith("/") {
				// 1.
				st = stateSpecialAuthorityIgnoreSlashes
				pointer++
			} else {
				// 2.
				st = stateRelative
				pointer--
			}

		case statePathOrAuthority:
			if c == '/' {
				// 1.
				st = stateAuthority
				bufferStart = pointer + 1
			} else {
				// 2.
				st = statePath
				pointer--
			}

		case stateRelative:
			// 2. The scheme is the base's.
			p.setScheme(base.Scheme)
			switch {
			case c == '/':
				// 3.
				st = stateRelativeSlash
			case p.special() && c == '\\':
				// 4.
				st = stateRelativeSlash
			default:
				// 5.1. Start from the base's authority, path and query.
				p.copyBaseAuthority()
				p.copyBasePath()
				p.copyBaseQuery()
				switch {
				case c == '?':
					// 5.2.
					p.setQueryEmpty()
					st = stateQuery
				case c == '#':
					// 5.3.
					p.setFragmentEmpty()
					st = stateFragment
				case c != eof:
					// 5.4. A path replaces the base's last segment.
					p.setQueryNull()
					p.moveTo(componentPath)
					p.shorten()
					st = statePath
					pointer--
				}
			}

		case stateRelativeSlash:
			switch {
			case p.special() && (c == '/' || c == '\\'):
				// 1.
				st = stateSpecialAuthorityIgnoreSlashes
			case c == '/':
				// 2.
				st = stateAuthority
				bufferStart = pointer + 1
			default:
				// 3. A path-absolute input keeps the base's authority.
				p.copyBaseAuthority()
				st = statePath
				pointer--
			}

		case stateSpecialAuthoritySlashes:
			if c == '/' && remainingStartsWith("/") {
				// 1.
				st = stateSpecialAuthorityIgnoreSlashes
				pointer++
			} else {
				// 2. Missing slashes are only a validation error.
				st = stateSpecialAuthorityIgnoreSlashes
				pointer--
			}

		case stateSpecialAuthorityIgnoreSlashes:
			// 1. Skip any number of "/" and "\".
			if c != '/' && c != '\\' {
				st = stateAuthority
				bufferStart = pointer
				pointer--
			}

		case stateAuthority:
			switch {
			case c == '@':
				// 1. Everything so far was userinfo. A second "@" becomes
				// "%40" in the field being written.
				if atSignSeen {
					p.out = append(p.out, "%40"...)
				}
				atSignSeen = true
				for i := bufferStart; i < pointer; i++ {
					b := input[i]
					if b == ':' && !passwordTokenSeen {
						passwordTokenSeen = true
						p.moveTo(componentPassword)
						continue
					}
					p.out = appendPercentEncoded(p.out, b, &userinfoPercentEncodeSet)
				}
				bufferStart = pointer + 1
			case c == eof || c == '/' || c == '?' || c == '#' || p.special() && c == '\\':
				// 2.1. Userinfo needs a host after it.
				if atSignSeen && bufferStart == pointer {
					return fail(reasonHostMissing, "credentials are not followed by a host")
				}
				// 2.2. Go back to the start of the host.
				pointer = bufferStart - 1
				st = stateHost
			default:
				// 3. Other code points accumulate. OPTIMIZATION: skip to the
				// next code point the steps above act on (checked against
				// one step per code point, see parser.literal).
				for !p.literal && pointer+1 < len(input) && !authorityDelimiter(input[pointer+1], p.isSpecial) {
					pointer++
				}
			}

		case stateHost:
			switch {
			case c == ':' && !insideBrackets:
				// 2.1. A port needs a host.
				if bufferStart == pointer {
					return fail(reasonHostMissing, "a port without a host")
				}
				// 2.3–2.5. Parse the host; the port follows.
				host, herr := parseHost(input[bufferStart:pointer], !p.special())
				if herr != nil {
					return fail(herr.reason, herr.detail)
				}
				p.setHost(&host)
				st = statePort
				bufferStart = pointer + 1
			case c == eof || c == '/' || c == '?' || c == '#' || p.special() && c == '\\':
				buffer := input[bufferStart:pointer]
				pointer--
				// 3.1. A special URL needs a non-empty host.
				if p.special() && buffer == "" {
					return fail(reasonHostMissing, "")
				}
				// 3.3–3.5. Parse the host; the path follows.
				host, herr := parseHost(buffer, !p.special())
				if herr != nil {
					return fail(herr.reason, herr.detail)
				}
				p.setHost(&host)
				st = statePathStart
			default:
				// 4. Brackets protect the colons of an IPv6 address.
				if c == '[' {
					insideBrackets = true
				}
				if c == ']' {
					insideBrackets = false
				}
				// OPTIMIZATION: skip to the next code point the steps above
				// act on (see parser.literal).
				for !p.literal && pointer+1 < len(input) && !hostDelimiter(input[pointer+1], p.isSpecial) {
					pointer++
				}
			}

		case statePort:
			switch {
			case c != eof && isASCIIDigit(byte(c)):
				// 1. Digits accumulate.
			case c == eof || c == '/' || c == '?' || c == '#' || p.special() && c == '\\':
				// 2.1. A non-empty buffer is the port.
				if digits := input[bufferStart:pointer]; digits != "" {
					port, ok := parsePort(digits)
					if !ok {
						return fail(reasonPortOutOfRange, "the port is above 65535")
					}
					if port == defaultPort(p.scheme) {
						port = -1
					}
					p.port = port
				}
				// 2.3.
				st = statePathStart
				pointer--
			default:
				// 3. Anything else is not a port.
				return fail(reasonPortInvalid, "the port is not made of ASCII digits")
			}

		case stateFile:
			// 1–2.
			p.setScheme(schemeFile)
			p.setHostString("", true)
			switch {
			case c == '/' || c == '\\':
				// 3.
				st = stateFileSlash
			case base != nil && base.Scheme == schemeFile:
				// 4.1. Start from the base's host, path and query.
				p.setHostString(base.Host, base.HasHost)
				p.copyBasePath()
				p.copyBaseQuery()
				switch {
				case c == '?':
					// 4.2.
					p.setQueryEmpty()
					st = stateQuery
				case c == '#':
					// 4.3.
					p.setFragmentEmpty()
					st = stateFragment
				case c != eof:
					// 4.4. A path replaces the base's last segment, or all
					// of it when it starts with a drive letter.
					p.setQueryNull()
					if !startsWithWindowsDriveLetter(input[pointer:]) {
						p.moveTo(componentPath)
						p.shorten()
					} else {
						p.begin(componentPath)
					}
					st = statePath
					pointer--
				}
			default:
				// 5.
				st = statePath
				pointer--
			}

		case stateFileSlash:
			if c == '/' || c == '\\' {
				// 1.
				st = stateFileHost
				bufferStart = pointer + 1
			} else {
				// 2.1. Keep the base's host and drive letter.
				if base != nil && base.Scheme == schemeFile {
					p.setHostString(base.Host, base.HasHost)
					if first, ok := firstSegment(base.Path); ok && !base.OpaquePath &&
						!startsWithWindowsDriveLetter(input[pointer:]) && isNormalizedWindowsDriveLetter(first) {
						p.out = append(p.out, '/')
						p.out = append(p.out, first...)
					}
				}
				// 2.2.
				st = statePath
				pointer--
			}

		case stateFileHost:
			if c == eof || c == '/' || c == '\\' || c == '?' || c == '#' {
				buffer := input[bufferStart:pointer]
				pointer--
				switch {
				case isWindowsDriveLetter(buffer):
					// 1.1. A drive letter is the path's start, not a host;
					// it stays in the buffer for the path state.
					p.moveTo(componentPath)
					p.out = append(p.out, '/')
					p.segmentStart = len(p.out)
					p.out = append(p.out, buffer...)
					st = statePath
				case buffer == "":
					// 1.2.
					p.setHostString("", true)
					st = statePathStart
				default:
					// 1.3. Parse the host; "localhost" is the empty host.
					host, herr := parseHost(buffer, !p.special())
					if herr != nil {
						return fail(herr.reason, herr.detail)
					}
					if host.kind == hostDomain && host.text == "localhost" {
						host = parsedHost{kind: hostEmpty}
					}
					p.setHost(&host)
					st = statePathStart
				}
			}
			// 2. Other code points accumulate.

		case statePathStart:
			switch {
			case p.special():
				// 1. A special URL always has a path.
				st = statePath
				if c != '/' && c != '\\' {
					pointer--
				}
			case c == '?':
				// 2.
				p.setQueryEmpty()
				st = stateQuery
			case c == '#':
				// 3.
				p.setFragmentEmpty()
				st = stateFragment
			case c != eof:
				// 4.
				st = statePath
				if c != '/' {
					pointer--
				}
			}

		case statePath:
			slash := c == '/' || p.special() && c == '\\'
			if c == eof || slash || c == '?' || c == '#' {
				p.moveTo(componentPath)
				p.endSegment(slash)
				if c == '?' {
					// 1.6.
					p.setQueryEmpty()
					st = stateQuery
				}
				if c == '#' {
					// 1.7.
					p.setFragmentEmpty()
					st = stateFragment
				}
			} else {
				// 2.3. Percent-encode with the path percent-encode set.
				if p.segmentStart < 0 {
					p.moveTo(componentPath)
					p.out = append(p.out, '/')
					p.segmentStart = len(p.out)
				}
				// OPTIMIZATION: the code points up to the segment's end all
				// take this branch; encode them in one loop (see
				// parser.literal).
				end := pointer + 1
				if !p.literal {
					end = len(input)
				}
				for ; pointer < end; pointer++ {
					b := input[pointer]
					if b == '/' || b == '?' || b == '#' || b == '\\' && p.isSpecial {
						break
					}
					p.out = appendPercentEncoded(p.out, b, &pathPercentEncodeSet)
				}
				pointer--
			}

		case stateOpaquePath:
			switch {
			case c == '?':
				// 1.
				p.setQueryEmpty()
				st = stateQuery
			case c == '#':
				// 2.
				p.setFragmentEmpty()
				st = stateFragment
			case c == ' ':
				// 3. A space before a query or fragment is encoded so the
				// path does not end with a space.
				if remainingStartsWith("?") || remainingStartsWith("#") {
					p.out = append(p.out, "%20"...)
				} else {
					p.out = append(p.out, ' ')
				}
			case c != eof:
				// 4.3. Percent-encode with the C0 control percent-encode set.
				// OPTIMIZATION: so are the code points after it, up to a
				// "?", "#" or space; encode them in one loop (see
				// parser.literal).
				end := pointer + 1
				if !p.literal {
					end = len(input)
				}
				for ; pointer < end; pointer++ {
					b := input[pointer]
					if b == '?' || b == '#' || b == ' ' {
						break
					}
					p.out = appendPercentEncoded(p.out, b, &c0ControlPercentEncodeSet)
				}
				pointer--
			}

		case stateQuery:
			// 1. The encoding is always UTF-8 here, so the buffer can be
			// percent-encoded code point by code point as it is read.
			switch {
			case c == '#':
				// 2.4.
				p.setFragmentEmpty()
				st = stateFragment
			case c != eof:
				// 3.3 then 2.2. The special-query set for special URLs.
				// OPTIMIZATION: every code point up to a "#" takes this
				// branch; encode them in one loop (see parser.literal).
				set := &queryPercentEncodeSet
				if p.isSpecial {
					set = &specialQueryPercentEncodeSet
				}
				end := pointer + 1
				if !p.literal {
					end = len(input)
				}
				for ; pointer < end && input[pointer] != '#'; pointer++ {
					p.out = appendPercentEncoded(p.out, input[pointer], set)
				}
				pointer--
			}

		case stateFragment:
			// 1.3. Percent-encode with the fragment percent-encode set.
			// OPTIMIZATION: every code point to the end takes this branch;
			// encode them in one loop (see parser.literal).
			if c != eof {
				end := pointer + 1
				if !p.literal {
					end = len(input)
				}
				for ; pointer < end; pointer++ {
					p.out = appendPercentEncoded(p.out, input[pointer], &fragmentPercentEncodeSet)
				}
				pointer--
			}
		}
		if pointer >= len(input) {
			break
		}
	}
	return nil
}

// endSegment runs the path state's steps 1.2–1.5 when a segment ends; slash
// is true when it ends at a "/" (or "\" in a special URL).
func (p *parser) endSegment(slash bool) {
	var buffer []byte
	if p.segmentStart >= 0 {
		buffer = p.out[p.segmentStart:]
	}
	switch {
	case isDoubleDotSegment(buffer):
		// 1.2. ".." drops itself and the segment before it; a final one
		// leaves an empty segment (a trailing slash).
		p.out = p.out[:p.segmentStart-1]
		p.shorten()
		if !slash {
			p.out = append(p.out, '/')
		}
	case isSingleDotSegment(buffer):
		// 1.3. "." drops itself; a final one leaves an empty segment.
		p.out = p.out[:p.segmentStart-1]
		if !slash {
			p.out = append(p.out, '/')
		}
	case p.segmentStart < 0:
		// 1.4. An empty segment.
		p.out = append(p.out, '/')
	default:
		// 1.4. A segment; a file URL's leading drive letter is normalized
		// to "X:".
		if p.scheme == schemeFile && p.segmentStart-1 == p.startOf(componentPath) && isWindowsDriveLetter(string(buffer)) {
			buffer[1] = ':'
		}
	}
	// 1.5.
	p.segmentStart = -1
}

// authorityDelimiter reports whether the authority state acts on b: "@",
// or a code point that ends the authority.
func authorityDelimiter(b byte, special bool) bool {
	return b == '@' || b == '/' || b == '?' || b == '#' || b == '\\' && special
}

// hostDelimiter reports whether the host state acts on b other than by
// appending it to the buffer: ":", brackets, or a code point that ends the
// host.
func hostDelimiter(b byte, special bool) bool {
	return b == ':' || b == '[' || b == ']' || b == '/' || b == '?' || b == '#' || b == '\\' && special
}

// parsePort reads a run of ASCII digits as a port; false when it is not a
// 16-bit unsigned integer (leading zeros are allowed, as in "00080").
func parsePort(digits string) (int, bool) {
	port := 0
	for i := 0; i < len(digits); i++ {
		port = port*10 + int(digits[i]-'0')
		if port > 0xFFFF {
			return 0, false
		}
	}
	return port, true
}

// result returns the URL record as a URL: one string holds every
// component, and the fields slice it.
func (p *parser) result() *URL {
	p.moveTo(componentFragment)
	all := string(p.out)
	return &URL{
		Scheme:      p.scheme,
		Username:    all[:p.ends[componentUsername]],
		Password:    all[p.ends[componentUsername]:p.ends[componentPassword]],
		Host:        all[p.ends[componentPassword]:p.ends[componentHost]],
		HasHost:     p.hasHost,
		Port:        p.port,
		Path:        all[p.ends[componentHost]:p.ends[componentPath]],
		OpaquePath:  p.opaque,
		Query:       all[p.ends[componentPath]:p.ends[componentQuery]],
		HasQuery:    p.hasQuery,
		Fragment:    all[p.ends[componentQuery]:],
		HasFragment: p.hasFragment,
	}
}

// String returns the [URL serializer]'s output for u: its href.
//
// [URL serializer]: https://url.spec.whatwg.org/#concept-url-serializer
func (u *URL) String() string {
	var b strings.Builder
	b.Grow(len(u.Scheme) + len(u.Username) + len(u.Password) + len(u.Host) + len(u.Path) + len(u.Query) + len(u.Fragment) + 16)
	// 1. The scheme and ":".
	b.WriteString(u.Scheme)
	b.WriteByte(':')
	// 2. "//", credentials, host and port when there is a host.
	if u.HasHost {
		b.WriteString("//")
		if u.IncludesCredentials() {
			b.WriteString(u.Username)
			if u.Password != "" {
				b.WriteByte(':')
				b.WriteString(u.Password)
			}
			b.WriteByte('@')
		}
		b.WriteString(u.Host)
		if u.Port >= 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(u.Port))
		}
	}
	// 3. Without a host, a path whose first segment is empty would read as
	// an authority: "/." keeps it a path.
	if !u.HasHost && !u.OpaquePath && strings.HasPrefix(u.Path, "//") {
		b.WriteString("/.")
	}
	// 4–6. Path, query and fragment.
	b.WriteString(u.Path)
	if u.HasQuery {
		b.WriteByte('?')
		b.WriteString(u.Query)
	}
	if u.HasFragment {
		b.WriteByte('#')
		b.WriteString(u.Fragment)
	}
	return b.String()
}

// IncludesCredentials reports whether u [includes credentials]: a non-empty
// username or password.
//
// [includes credentials]: https://url.spec.whatwg.org/#include-credentials
func (u *URL) IncludesCredentials() bool { return u.Username != "" || u.Password != "" }

// IsSpecial reports whether u's scheme is a [special scheme]: ftp, file,
// http, https, ws or wss.
//
// [special scheme]: https://url.spec.whatwg.org/#special-scheme
func (u *URL) IsSpecial() bool { return isSpecialScheme(u.Scheme) }
