package origin

import (
	"flag"
	"strings"
	"testing"
)

// FuzzPublicSuffix feeds arbitrary host strings (and what the URL parser
// makes of them) to PublicSuffix, RegistrableDomain and
// IsRegistrableDomainSuffixOfOrIsEqualTo: they never panic, answer "" for
// what is not a canonical domain, and their answers nest: the public suffix
// is a label-aligned suffix of the registrable domain, which has exactly one
// more label and is a label-aligned suffix of the host.
func FuzzPublicSuffix(f *testing.F) {
	for _, s := range []string{
		"www.example.com", "example.com", "com", "example.com.", "a.whatwg.github.io", "github.io",
		"localhost", "127.0.0.1", "[::1]", "xn--bcher-kva.example", "bücher.example", "EXAMPLE.com",
		"a..b", ".", "", "a.b.c.d.e.f.g", "x.co.uk", "co.uk", "a_b.example", "1.2.3.4.5", "a.123",
	} {
		f.Add(s)
	}
	addLarge(f, strings.Repeat("a.", 1<<19)+"com")
	f.Fuzz(func(t *testing.T, host string) {
		checkSiteParts(t, host)
		if o, err := FromURL("https://" + host + "/"); err == nil && !o.IsOpaque() {
			checkSiteParts(t, o.Host())
			if rd := RegistrableDomain(o.Host()); rd != "" && !IsRegistrableDomainSuffixOfOrIsEqualTo(rd, o.Host()) {
				t.Fatalf("IsRegistrableDomainSuffixOfOrIsEqualTo(%q, %q): false for the host's own registrable domain", rd, o.Host())
			}
		}
	})
}

func checkSiteParts(t *testing.T, host string) {
	t.Helper()
	ps, rd := PublicSuffix(host), RegistrableDomain(host)
	if !isCanonicalDomain(host) {
		if ps != "" || rd != "" {
			t.Fatalf("%q is not a canonical domain, but PublicSuffix gives %q and RegistrableDomain %q", host, ps, rd)
		}
		return
	}
	if labels := strings.TrimSuffix(host, "."); labels == "" || strings.HasPrefix(labels, ".") || strings.HasSuffix(labels, ".") || strings.Contains(labels, "..") {
		// NB: the Public Suffix List algorithm is not defined for empty
		// labels; the answers need only not panic.
		return
	}
	if ps == "" || !labelSuffix(host, ps) {
		t.Fatalf("PublicSuffix(%q): %q is not a label-aligned suffix", host, ps)
	}
	if rd == "" {
		if host != ps {
			t.Fatalf("RegistrableDomain(%q): null, but the host %q is not its own public suffix %q", host, host, ps)
		}
		return
	}
	if !labelSuffix(host, rd) || !labelSuffix(rd, ps) || rd == ps {
		t.Fatalf("%q: registrable domain %q and public suffix %q do not nest", host, rd, ps)
	}
	if extra := strings.TrimSuffix(strings.TrimSuffix(rd, ps), "."); extra == "" || strings.Contains(extra, ".") {
		t.Fatalf("%q: registrable domain %q is not one label more than public suffix %q", host, rd, ps)
	}
}

// addLarge adds a seed of about 1 MiB, which shows that the target does
// bounded work on large input when `go test` runs the seeds. Under -fuzz it
// is left out: every fuzzing worker would first run it with coverage
// instrumentation, slow enough on a busy machine to be taken for a hang.
func addLarge(f *testing.F, args ...any) {
	if fl := flag.Lookup("test.fuzz"); fl != nil && fl.Value.String() != "" {
		return
	}
	f.Add(args...)
}

// labelSuffix reports whether suffix is s or ends s after a dot.
func labelSuffix(s, suffix string) bool {
	return s == suffix || strings.HasSuffix(s, "."+suffix)
}
