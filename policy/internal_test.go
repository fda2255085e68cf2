package policy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestLabelByteTable(t *testing.T) {
	for b := 0; b < 256; b++ {
		want := 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-'
		if labelByte[b] != want {
			t.Errorf("labelByte[%#x]: got %v, want %v", b, labelByte[b], want)
		}
	}
}

func TestSchemeByteTable(t *testing.T) {
	// serialized-scheme's later bytes: lower-alphanum / "+" / "-" / "."
	for b := 0; b < 256; b++ {
		want := strings.ContainsRune("abcdefghijklmnopqrstuvwxyz0123456789+-.", rune(b)) && b < 0x80
		if schemeByte[b] != want {
			t.Errorf("schemeByte[%#x]: got %v, want %v", b, schemeByte[b], want)
		}
	}
}

func TestSplitOrigin(t *testing.T) {
	tests := []struct {
		in                 string
		scheme, host, port string
		ok                 bool
	}{
		{"https://a.example", "https", "a.example", "", true},
		{"http://localhost:8080", "http", "localhost", "8080", true},
		{"https://[::1]:8443", "https", "[::1]", "8443", true},
		{"https://[::1]", "https", "[::1]", "", true},
		{"https://a.example:443", "", "", "", false},
		{"http://a.example:80", "", "", "", false},
		{"http://a.example:0", "http", "a.example", "0", true},
		{"http://a.example:08", "", "", "", false},
		{"http://a.example:65536", "", "", "", false},
		{"http://a.example:", "", "", "", false},
		{"http://a.example:1x", "", "", "", false},
		{"HTTP://a.example", "", "", "", false},
		{"https:/a.example", "", "", "", false},
		{"https://", "", "", "", false},
		{"https://[::1", "", "", "", false},
		{"https://[::1]x", "", "", "", false},
		{"null", "", "", "", false},
		{"", "", "", "", false},
		{"1http://a", "", "", "", false},
	}
	for _, tc := range tests {
		scheme, host, port, ok := splitOrigin(tc.in)
		if scheme != tc.scheme || host != tc.host || port != tc.port || ok != tc.ok {
			t.Errorf("splitOrigin(%q): got %q, %q, %q, %v; want %q, %q, %q, %v",
				tc.in, scheme, host, port, ok, tc.scheme, tc.host, tc.port, tc.ok)
		}
	}
}

func TestLabelsSafe(t *testing.T) {
	for in, want := range map[string]bool{
		"a": true, "a.b": true, "xn--bcher-kva": true, "a-b.c-d": true, "0": true,
		"": false, ".a": false, "a.": false, "a..b": false, "-a": false, "a-": false,
		"A": false, "a_b": false, "a`b": false, "a b": false, "a%60": false, "é": false,
	} {
		if got := labelsSafe(in); got != want {
			t.Errorf("labelsSafe(%q): got %v, want %v", in, got, want)
		}
	}
}

// matchLiteral is allowOrigin's twin, written from the package
// documentation's description of patterns with regular expressions and
// strconv: it reports whether the serialized origin o matches the Origins
// entry.
func matchLiteral(entry, o string) bool {
	if entry == "*" {
		return true
	}
	if !strings.Contains(entry, "*") {
		return entry == o
	}
	originRE := regexp.MustCompile(`^([a-z][a-z0-9+.-]*)://(\[[0-9a-f:.]+\]|[^:/\[\]]+)(?::([0-9]+))?$`)
	em := originRE.FindStringSubmatch(strings.Replace(strings.Replace(entry, "://*.", "://WILD.", 1), ":*", ":0", 1))
	om := originRE.FindStringSubmatch(o)
	if em == nil || om == nil || em[1] != om[1] {
		return false
	}
	anyPort := strings.HasSuffix(entry, ":*")
	if om[3] != "" {
		n, err := strconv.Atoi(om[3])
		defaultPort := map[string]int{"http": 80, "https": 443}[om[1]]
		if err != nil || n > 65535 || n == defaultPort || strconv.Itoa(n) != om[3] {
			return false
		}
	}
	if !anyPort && em[3] != om[3] {
		return false
	}
	domain, sub := strings.CutPrefix(em[2], "WILD.")
	if !sub {
		return om[2] == domain
	}
	prefix, ok := strings.CutSuffix(om[2], "."+domain)
	if !ok || prefix == "" {
		return false
	}
	label := regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	for _, l := range strings.Split(prefix, ".") {
		if !label.MatchString(l) {
			return false
		}
	}
	return true
}

var fuzzEntries = []string{"https://*.example.com", "http://localhost:*", "https://*.example.com:*",
	"https://a.example:8443", "http://[::1]:*", "https://*.a-b.example"}

func FuzzAllowOrigin(f *testing.F) {
	for _, s := range []string{"https://a.example.com", "https://example.com", "https://a.b.example.com",
		"https://a_b.example.com", "https://-a.example.com", "http://localhost", "http://localhost:0",
		"http://localhost:80", "http://localhost:65535", "https://a.example.com:8443", "http://[::1]:3000",
		"https://x.a-b.example", "https://a.example:8443", "https://xexample.com", "https://a.example.com.evil",
		"null", "", "https://A.example.com"} {
		f.Add(s)
	}
	p, err := New(Config{Origins: fuzzEntries})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, o string) {
		_, got := p.allowOrigin([]string{o})
		want := false
		for _, e := range fuzzEntries {
			want = want || matchLiteral(e, o)
		}
		if got != want {
			t.Errorf("allowOrigin(%q): got %v, want %v (twin)", o, got, want)
		}
	})
}

// TestEveryRuleHasAnExample checks that each rule has an Example function
// named after it in rules_example_test.go.
func TestEveryRuleHasAnExample(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "rules_example_test.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	examples := map[string]bool{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && strings.HasPrefix(fn.Name.Name, "Example_") {
			examples[fn.Name.Name] = true
		}
	}
	for _, r := range rules {
		name := "Example_"
		for i, part := range strings.Split(r.id, "-") {
			if i > 0 {
				part = strings.ToUpper(part[:1]) + part[1:]
			}
			name += part
		}
		name = strings.ReplaceAll(name, "Cors", "CORS")
		name = strings.ReplaceAll(name, "Ok", "OK")
		if !examples[name] {
			t.Errorf("rule %s has no %s in rules_example_test.go", r.id, name)
		}
		if r.fix == "" {
			t.Errorf("rule %s has no fix", r.id)
		}
		delete(examples, name)
	}
	for name := range examples {
		t.Errorf("%s is not named after a rule", name)
	}
}
