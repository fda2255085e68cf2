package origin

import (
	"net/url"
	"strings"
	"testing"
)

// benchURLs is a realistic set of URLs a browser fetches: API and page URLs
// with paths and queries, a few ports, IPv4, IPv6 and IDN hosts.
var benchURLs = []string{
	"https://api.example.com/v1/users/12345?include=profile&limit=20",
	"https://www.example.com/",
	"https://cdn.example.net/static/js/app.3f9c2b.js",
	"http://localhost:3000/api/graphql",
	"https://example.org/search?q=cors+preflight&page=2#results",
	"https://login.example.com/oauth2/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=code",
	"https://app.example.com:8443/dashboard",
	"http://127.0.0.1:8080/health",
	"https://192.0.2.10/status",
	"http://[::1]:9000/metrics",
	"https://[2001:db8::1]/v2/items",
	"https://bücher.example/katalog?seite=3",
	"https://storage.example-cloud.com/bucket/object.json",
	"https://api.github.com/repos/corsim/corsim/pulls?state=open",
	"https://Example.COM/Path/To/Resource",
	"wss://stream.example.com/socket?token=xyz",
	"https://fonts.example.com/css2?family=Inter:wght@400;700&display=swap",
	"https://example.com:443/index.html",
	"https://user:pass@intranet.example.com/reports/2026/q3.pdf",
	"https://xn--bcher-kva.example/katalog",
}

// adversarialURLs make the parser work: long hosts and paths, many "@",
// dot segments, percent-encoded and IDN hosts, failures.
var adversarialURLs = []string{
	"https://" + strings.Repeat("a.", 120) + "example.com/",
	"https://" + strings.Repeat("u@", 200) + "example.com/",
	"https://example.com/" + strings.Repeat("../a/./", 200),
	"https://example.com/?" + strings.Repeat("q=%20&", 300),
	"http://%65%78%61%6d%70%6c%65.com/",
	"https://" + strings.Repeat("ü", 60) + ".example/",
	"http://0x7f.0.0.1.example/",
	"http://[1:2:3:4:5:6:7:8:9]/",
	"  \t http://example.com/ \n ",
	"blob:https://example.com/" + strings.Repeat("f", 36),
}

var (
	sinkOrigin Origin
	sinkString string
	sinkBool   bool
)

// BenchmarkFromURL compares FromURL with net/url.Parse followed by taking
// the scheme, host and port, on the same URLs (one op is the whole set).
func BenchmarkFromURL(b *testing.B) {
	b.Run("corsim", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range benchURLs {
				o, err := FromURL(s)
				if err != nil {
					b.Fatal(err)
				}
				sinkOrigin = o
			}
		}
	})
	b.Run("neturl", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range benchURLs {
				u, err := url.Parse(s)
				if err != nil {
					b.Fatal(err)
				}
				sinkString = u.Scheme
				sinkString = u.Hostname()
				sinkString = u.Port()
			}
		}
	})
	b.Run("corsim-adversarial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range adversarialURLs {
				sinkOrigin, _ = FromURL(s)
			}
		}
	})
}

func BenchmarkParseURL(b *testing.B) {
	b.Run("corsim", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range benchURLs {
				u, err := ParseURL(s, nil)
				if err != nil {
					b.Fatal(err)
				}
				sinkString = u.String()
			}
		}
	})
	b.Run("neturl", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range benchURLs {
				u, err := url.Parse(s)
				if err != nil {
					b.Fatal(err)
				}
				sinkString = u.String()
			}
		}
	})
	b.Run("corsim-adversarial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range adversarialURLs {
				if u, err := ParseURL(s, nil); err == nil {
					sinkString = u.String()
				}
			}
		}
	})
}

func BenchmarkParseSerializedOrigin(b *testing.B) {
	values := []string{"https://app.example.com", "http://localhost:3000", "http://[::1]:9000", "null", "https://a.example:443", "HTTPS://A.EXAMPLE"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range values {
			sinkOrigin, _ = ParseSerializedOrigin(s)
		}
	}
}

func BenchmarkRelations(b *testing.B) {
	var origins []Origin
	for _, s := range benchURLs {
		o, _ := FromURL(s)
		origins = append(origins, o)
	}
	b.Run("SameOrigin", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range origins {
				sinkBool = origins[i].SameOrigin(origins[(i+1)%len(origins)])
			}
		}
	})
	b.Run("SameSite", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range origins {
				sinkBool = origins[i].SameSite(origins[(i+1)%len(origins)])
			}
		}
	})
	b.Run("String", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range origins {
				sinkString = origins[i].String()
			}
		}
	})
}

// TestFromURLAllocs pins FromURL's allocations: none when the host is
// already canonical (the origin's host is a slice of the input), one when it
// must be rewritten.
func TestFromURLAllocs(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"https://api.example.com/v1/users/12345?include=profile&limit=20", 0},
		{"https://app.example.com:8443/dashboard", 0},
		{"http://127.0.0.1:8080/health", 0},
		{"http://[::1]:9000/metrics", 0},
		{"https://user:pass@intranet.example.com/reports", 0},
		{"https://xn--bcher-kva.example/katalog", 0},
		{"wss://stream.example.com/socket?token=xyz", 0},
		{"https://Example.COM/Path", 1},
		{"http://0x7f.1/", 1},
		{"http://[0:0::1]/", 1},
	}
	for _, tc := range tests {
		got := testing.AllocsPerRun(100, func() { sinkOrigin, _ = FromURL(tc.in) })
		if got != tc.want {
			t.Errorf("FromURL(%q): %v allocations, want %v", tc.in, got, tc.want)
		}
	}
}

// TestRelationAllocs pins the predicates' allocations: none, except for
// the Public Suffix List lookups, which allocate once each inside
// golang.org/x/net/publicsuffix (netip.ParseAddr's error for a domain).
func TestRelationAllocs(t *testing.T) {
	a, _ := FromURL("https://a.example.com/")
	a2, _ := FromURL("https://a.example.com:8443/")
	b, _ := FromURL("https://b.example.com:8443/")
	c, _ := FromURL("https://whatwg.github.io/")
	h, _ := FromURL("http://a.example.com/")
	ip, _ := FromURL("https://127.0.0.1/")
	o := Opaque()
	tests := []struct {
		name string
		f    func()
		want float64
	}{
		{"SameOrigin", func() { sinkBool = a.SameOrigin(b) }, 0},
		{"SameSite, same host", func() { sinkBool = a.SameSite(a2) }, 0},
		{"SameSite, other scheme", func() { sinkBool = a.SameSite(h) }, 0},
		{"SameSite, other TLD", func() { sinkBool = a.SameSite(c) }, 0},
		{"SameSite, IP host", func() { sinkBool = a.SameSite(ip) }, 0},
		{"SameSite, opaque", func() { sinkBool = a.SameSite(o) }, 0},
		{"SameSite, PSL lookups", func() { sinkBool = a.SameSite(b) }, 2},
		{"SchemelesslySameSite, same host", func() { sinkBool = a.SchemelesslySameSite(h) }, 0},
		{"SchemelesslySameSite, PSL lookups", func() { sinkBool = a.SchemelesslySameSite(b) }, 2},
		{"IsPotentiallyTrustworthy", func() { sinkBool = a.IsPotentiallyTrustworthy() || ip.IsPotentiallyTrustworthy() }, 0},
		{"Site of an IP host", func() { sinkBool = ip.Site() == ip.Site() }, 0},
		{"String", func() { sinkString = a2.String() }, 1},
	}
	for _, tc := range tests {
		if got := testing.AllocsPerRun(100, tc.f); got != tc.want {
			t.Errorf("%s: %v allocations, want %v", tc.name, got, tc.want)
		}
	}
}
