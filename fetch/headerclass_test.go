package fetch

import (
	"slices"
	"strings"
	"testing"
)

// forbiddenRequestHeaderNames is the list of step 1 of forbidden
// request-header, transcribed from the spec.
var forbiddenRequestHeaderNames = []string{
	"Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
	"Access-Control-Request-Method", "Connection", "Content-Length", "Cookie",
	"Cookie2", "Date", "DNT", "Expect", "Host", "Keep-Alive", "Origin",
	"Referer", "Set-Cookie", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
	"Via",
}

func TestIsForbiddenRequestHeaderNames(t *testing.T) {
	if len(forbiddenRequestHeaderNames) != 21 {
		t.Fatalf("the spec lists 21 names, the twin has %d", len(forbiddenRequestHeaderNames))
	}
	for _, name := range forbiddenRequestHeaderNames {
		for _, in := range []string{name, strings.ToLower(name), strings.ToUpper(name)} {
			if !IsForbiddenRequestHeader(in, "x") {
				t.Errorf("IsForbiddenRequestHeader(%q, %q): got false, want true", in, "x")
			}
		}
		// One byte more or less is a different name.
		for _, in := range []string{name + "s", name[:len(name)-1], "x" + name} {
			if slices.ContainsFunc(forbiddenRequestHeaderNames, func(n string) bool { return strings.EqualFold(n, in) }) {
				continue // Cookie2 minus a byte is Cookie
			}
			if IsForbiddenRequestHeader(in, "x") {
				t.Errorf("IsForbiddenRequestHeader(%q, %q): got true, want false", in, "x")
			}
		}
	}
}

func TestIsForbiddenRequestHeader(t *testing.T) {
	tests := []struct {
		desc        string
		name, value string
		want        bool
	}{
		{"proxy- prefix", "Proxy-Authorization", "x", true},
		{"proxy- prefix alone", "proxy-", "", true},
		{"sec- prefix", "Sec-Fetch-Mode", "cors", true},
		{"sec- prefix, upper case", "SEC-CH-UA", "x", true},
		{"sec- alone", "sec-", "", true},
		{"proxy without hyphen", "Proxy", "x", false},
		{"secret is not sec-", "Secret", "x", false},
		{"User-Agent is no longer forbidden", "User-Agent", "x", false},
		{"Authorization is not forbidden", "Authorization", "Basic x", false},
		{"Set-Cookie2 is not a request-header name on the list", "Set-Cookie2", "x", false},
		{"X-HTTP-Method-Override: TRACE", "X-HTTP-Method-Override", "TRACE", true},
		{"X-HTTP-Method: track", "X-HTTP-Method", "track", true},
		{"X-Method-Override: connect", "x-method-override", "connect", true},
		{"trailing comma", "X-HTTP-Method-Override", "trace,", true},
		{"second element", "X-HTTP-Method-Override", "GET,track ", true},
		{"leading space", "X-HTTP-Method-Override", " connect", true},
		{"concatenation is one method", "X-HTTP-Method-Override", "GETTRACE", false},
		{"a safe method", "X-HTTP-Method-Override", "GET", false},
		{"quoted string stays one element", "X-HTTP-Method-Override", `",TRACE",`, false},
		{"empty value", "X-HTTP-Method-Override", "", false},
		{"other header with forbidden method", "X-Method", "TRACE", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsForbiddenRequestHeader(tc.name, tc.value); got != tc.want {
				t.Errorf("IsForbiddenRequestHeader(%q, %q): got %v, want %v", tc.name, tc.value, got, tc.want)
			}
		})
	}
}

func TestIsForbiddenRequestHeaderOverrideMatrix(t *testing.T) {
	// Every override name with every forbidden method spelling.
	for _, name := range []string{"X-HTTP-Method", "X-HTTP-Method-Override", "X-Method-Override"} {
		for _, m := range []string{"CONNECT", "TRACE", "TRACK", "connect", "trace", "track", "Connect", "tRACE"} {
			if !IsForbiddenRequestHeader(name, m) {
				t.Errorf("IsForbiddenRequestHeader(%q, %q): got false, want true", name, m)
			}
		}
	}
}

func TestNameClasses(t *testing.T) {
	type class struct {
		desc    string
		fn      func(string) bool
		members []string
	}
	classes := []class{
		{"IsForbiddenResponseHeaderName", IsForbiddenResponseHeaderName, []string{"Set-Cookie", "Set-Cookie2"}},
		{"IsRequestBodyHeaderName", IsRequestBodyHeaderName, []string{"Content-Encoding", "Content-Language", "Content-Location", "Content-Type"}},
		{"IsNoCORSSafelistedRequestHeaderName", IsNoCORSSafelistedRequestHeaderName, []string{"Accept", "Accept-Language", "Content-Language", "Content-Type"}},
		{"IsPrivilegedNoCORSRequestHeaderName", IsPrivilegedNoCORSRequestHeaderName, []string{"Range"}},
		{"IsCORSNonWildcardRequestHeaderName", IsCORSNonWildcardRequestHeaderName, []string{"Authorization"}},
		{"IsCORSSafelistedResponseHeaderName(nil)", func(n string) bool { return IsCORSSafelistedResponseHeaderName(n, nil) },
			[]string{"Cache-Control", "Content-Language", "Content-Length", "Content-Type", "Expires", "Last-Modified", "Pragma"}},
	}
	// Names every class is probed with: all members of all classes and some
	// near misses.
	probes := []string{"", "Accept-Charset", "Range-X", "Content", "Content-Typ", "Set-Cookie3", "Authorisation", "X-Custom", "Expire"}
	for _, c := range classes {
		probes = append(probes, c.members...)
	}
	for _, c := range classes {
		for _, p := range probes {
			want := false
			for _, m := range c.members {
				if strings.EqualFold(p, m) {
					want = true
				}
			}
			for _, in := range []string{p, strings.ToUpper(p), strings.ToLower(p)} {
				if got := c.fn(in); got != want {
					t.Errorf("%s(%q): got %v, want %v", c.desc, in, got, want)
				}
			}
		}
	}
}

func TestIsCORSSafelistedResponseHeaderNameWithList(t *testing.T) {
	tests := []struct {
		desc string
		name string
		list []string
		want bool
	}{
		{"listed name", "X-Custom", []string{"x-custom"}, true},
		{"listed name, other case", "x-custom", []string{"X-CUSTOM"}, true},
		{"not listed", "X-Other", []string{"X-Custom"}, false},
		{"Set-Cookie listed is still not exposed", "Set-Cookie", []string{"Set-Cookie"}, false},
		{"Set-Cookie2 listed is still not exposed", "set-cookie2", []string{"SET-COOKIE2"}, false},
		{"star is only a literal name", "X-Custom", []string{"*"}, false},
		{"a header literally named star", "*", []string{"*"}, true},
		{"safelisted without the list", "Content-Length", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsCORSSafelistedResponseHeaderName(tc.name, tc.list); got != tc.want {
				t.Errorf("IsCORSSafelistedResponseHeaderName(%q, %q): got %v, want %v", tc.name, tc.list, got, tc.want)
			}
		})
	}
}

func TestIsNoCORSSafelistedRequestHeader(t *testing.T) {
	tests := []struct {
		desc        string
		name, value string
		want        bool
	}{
		{"Accept", "Accept", "text/html", true},
		{"Content-Type text/plain", "content-type", "text/plain", true},
		{"Content-Type application/json", "Content-Type", "application/json", false},
		{"Range is CORS-safelisted but not no-CORS-safelisted", "Range", "bytes=0-", false},
		{"long Accept", "Accept", strings.Repeat("a", 129), false},
		{"unknown name", "X-Foo", "bar", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsNoCORSSafelistedRequestHeader(tc.name, tc.value); got != tc.want {
				t.Errorf("IsNoCORSSafelistedRequestHeader(%q, %q): got %v, want %v", tc.name, tc.value, got, tc.want)
			}
		})
	}
}

func TestIsHeaderName(t *testing.T) {
	tests := []struct {
		desc string
		in   string
		want bool
	}{
		{"simple", "Content-Type", true},
		{"token punctuation", "x!#$%&'*+-.^_`|~", true},
		{"empty", "", false},
		{"space", "X Y", false},
		{"colon", "X:Y", false},
		{"non-ASCII", "X-\xE9", false},
		{"DEL", "X\x7f", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsHeaderName(tc.in); got != tc.want {
				t.Errorf("IsHeaderName(%q): got %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestIsHeaderValueAllBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		// A byte alone, and in the middle of other bytes.
		alone := string([]byte{byte(b)})
		middle := "a" + alone + "b"
		forbiddenAnywhere := b == 0x00 || b == 0x0A || b == 0x0D
		forbiddenAtEdge := b == 0x09 || b == 0x20
		if got, want := IsHeaderValue(middle), !forbiddenAnywhere; got != want {
			t.Errorf("IsHeaderValue(%q): got %v, want %v", middle, got, want)
		}
		if got, want := IsHeaderValue(alone), !forbiddenAnywhere && !forbiddenAtEdge; got != want {
			t.Errorf("IsHeaderValue(%q): got %v, want %v", alone, got, want)
		}
	}
	if !IsHeaderValue("") {
		t.Errorf("IsHeaderValue(%q): got false, want true", "")
	}
}

func TestNormalizeHeaderValue(t *testing.T) {
	tests := []struct {
		desc, in, want string
	}{
		{"no change", "a b", "a b"},
		{"strips HTTP whitespace", "\r\n\t a b \t\n\r", "a b"},
		{"keeps form feed and vertical tab", "\fa\v", "\fa\v"},
		{"keeps NUL", "\x00a\x00", "\x00a\x00"},
		{"empty", "", ""},
		{"only whitespace", " \t ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			got := NormalizeHeaderValue(tc.in)
			if got != tc.want {
				t.Errorf("NormalizeHeaderValue(%q): got %q, want %q", tc.in, got, tc.want)
			}
			if got != "" && !IsHeaderValue(got) && !strings.ContainsAny(got, "\x00\r\n") {
				t.Errorf("NormalizeHeaderValue(%q) = %q is not a header value", tc.in, got)
			}
		})
	}
}

func TestClassPredicatesDoNotAllocate(t *testing.T) {
	checks := map[string]func(){
		"IsForbiddenRequestHeader":           func() { _ = IsForbiddenRequestHeader("X-HTTP-Method-Override", "GET, POST") },
		"IsForbiddenResponseHeaderName":      func() { _ = IsForbiddenResponseHeaderName("set-cookie") },
		"IsNoCORSSafelistedRequestHeader":    func() { _ = IsNoCORSSafelistedRequestHeader("Content-Type", "text/plain") },
		"IsCORSSafelistedResponseHeaderName": func() { _ = IsCORSSafelistedResponseHeaderName("X-A", []string{"x-b", "x-a"}) },
		"IsHeaderValue":                      func() { _ = IsHeaderValue("text/html") },
		"NormalizeHeaderValue":               func() { _ = NormalizeHeaderValue(" a ") },
	}
	for name, f := range checks {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations, want 0", name, n)
		}
	}
}
