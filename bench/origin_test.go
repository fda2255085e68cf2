package bench

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	whatwgurl "github.com/nlnwa/whatwg-url/url"

	"github.com/corsim/corsim/origin"
)

// realisticURLs are URLs a browser fetches: API and page URLs with paths
// and queries, a few ports, IPv4, IPv6 and IDN hosts, credentials. They
// are the set origin's own benchmarks use, so the numbers line up.
var realisticURLs = []string{
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

// The web-platform-tests vectors are read from $CORSIM_WPT_DIR, never
// copied into the repository.
const wptEnv = "CORSIM_WPT_DIR"

// wptURLInputs returns the inputs of urltestdata.json that have no base
// URL (an origin is computed from an absolute URL), with the expected
// origin serialization where the file gives one. It skips tb when the
// variable is unset.
func wptURLInputs(tb testing.TB) []wptCase {
	tb.Helper()
	dir := os.Getenv(wptEnv)
	if dir == "" {
		tb.Skipf("$%s is not set: set it to a folder holding urltestdata.json (e.g. %s=../../shared/wpt from bench/), "+
			"or to the root of a web-platform-tests checkout, whose url/resources/urltestdata.json is then used", wptEnv, wptEnv)
	}
	var path string
	for _, p := range []string{filepath.Join(dir, "urltestdata.json"), filepath.Join(dir, "url", "resources", "urltestdata.json")} {
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		tb.Fatalf("$%s=%s holds neither urltestdata.json nor url/resources/urltestdata.json", wptEnv, dir)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	var cases []wptCase
	for _, r := range raw {
		if len(r) > 0 && r[0] == '"' {
			continue // a comment
		}
		var c wptCase
		if err := json.Unmarshal(r, &c); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		if c.Base == nil {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		tb.Fatalf("%s: no input without a base URL", path)
	}
	return cases
}

// wptCase is the part of a urltestdata.json object this package reads.
type wptCase struct {
	Input   string  `json:"input"`
	Base    *string `json:"base"`
	Failure bool    `json:"failure"`
	Origin  *string `json:"origin"`
}

func inputsOf(cases []wptCase) []string {
	in := make([]string, len(cases))
	for i, c := range cases {
		in[i] = c.Input
	}
	return in
}

// A peerOrigin is an origin taken from another URL parser's result: the
// scheme, host and port as that parser gives them, with the port empty
// when it is the scheme's default, and opaque for every scheme but the
// special ones other than file (and blob: URLs of http(s) URLs). It is
// the least a program must add to such a parser to get an origin.
type peerOrigin struct {
	scheme, host, port string
	opaque             bool
}

// String serializes the origin as the HTML Standard does: "null" for an
// opaque origin, else scheme "://" host [":" port].
func (o peerOrigin) String() string {
	if o.opaque {
		return "null"
	}
	s := o.scheme + "://" + o.host
	if o.port != "" {
		s += ":" + o.port
	}
	return s
}

// defaultPorts are the special schemes with their default ports; file is
// special too, but its origin is opaque.
var defaultPorts = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21"}

// tupleOrOpaque makes the origin of a URL with this scheme, host and port.
func tupleOrOpaque(scheme, host, port string) peerOrigin {
	def, ok := defaultPorts[scheme]
	if !ok {
		return peerOrigin{opaque: true}
	}
	if port == def {
		port = ""
	}
	return peerOrigin{scheme: scheme, host: host, port: port}
}

// netURLOrigin parses s with net/url and takes the scheme, host and port.
// The host is bracketed when it is an IPv6 address, as browsers serialize
// it; nothing else is changed (net/url keeps the host's case and
// percent-encoding, and applies no IDNA).
func netURLOrigin(s string) (peerOrigin, error) {
	u, err := url.Parse(s)
	if err != nil {
		return peerOrigin{}, err
	}
	if u.Scheme == "blob" {
		inner, err := url.Parse(u.Opaque)
		if err != nil || (inner.Scheme != "http" && inner.Scheme != "https") {
			return peerOrigin{opaque: true}, nil
		}
		u = inner
	}
	host := u.Hostname()
	if strings.IndexByte(host, ':') >= 0 {
		host = "[" + host + "]"
	}
	return tupleOrOpaque(u.Scheme, host, u.Port()), nil
}

// whatwgOrigin parses s with github.com/nlnwa/whatwg-url and takes the
// scheme, host and port (the library has no origin of its own).
func whatwgOrigin(s string) (peerOrigin, error) {
	u, err := whatwgurl.Parse(s)
	if err != nil {
		return peerOrigin{}, err
	}
	if u.Scheme() == "blob" {
		inner, err := whatwgurl.Parse(u.Pathname())
		if err != nil || (inner.Scheme() != "http" && inner.Scheme() != "https") {
			return peerOrigin{opaque: true}, nil
		}
		u = inner
	}
	return tupleOrOpaque(u.Scheme(), u.Hostname(), u.Port()), nil
}

var (
	sinkOrigin origin.Origin
	sinkPeer   peerOrigin
)

// BenchmarkOrigin compares origin.FromURL with net/url.Parse and
// github.com/nlnwa/whatwg-url on the same inputs; one op is the whole set.
// Inputs a parser rejects are part of the work: an error is its answer.
func BenchmarkOrigin(b *testing.B) {
	sets := []struct {
		name   string
		inputs func(testing.TB) []string
	}{
		{"realistic", func(testing.TB) []string { return realisticURLs }},
		{"wpt", func(tb testing.TB) []string { return inputsOf(wptURLInputs(tb)) }},
	}
	for _, set := range sets {
		b.Run(set.name+"/corsim", func(b *testing.B) {
			in := set.inputs(b)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range in {
					sinkOrigin, _ = origin.FromURL(s)
				}
			}
			reportPerURL(b, len(in))
		})
		b.Run(set.name+"/neturl", func(b *testing.B) {
			in := set.inputs(b)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range in {
					sinkPeer, _ = netURLOrigin(s)
				}
			}
			reportPerURL(b, len(in))
		})
		b.Run(set.name+"/whatwgurl", func(b *testing.B) {
			in := set.inputs(b)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range in {
					sinkPeer, _ = whatwgOrigin(s)
				}
			}
			reportPerURL(b, len(in))
		})
	}
}

// reportPerURL reports the time per input, so that sets of any size
// compare.
func reportPerURL(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/url")
}

// An answer is what one parser says about one input: the origin's
// serialization, or that the input is not a URL.
type answer struct {
	origin string
	failed bool
}

func (a answer) String() string {
	if a.failed {
		return "failure"
	}
	return a.origin
}

func corsimAnswer(s string) answer {
	o, err := origin.FromURL(s)
	if err != nil {
		return answer{failed: true}
	}
	return answer{origin: o.String()}
}

func peerAnswer(f func(string) (peerOrigin, error), s string) answer {
	o, err := f(s)
	if err != nil {
		return answer{failed: true}
	}
	return answer{origin: o.String()}
}

// A disagreement class says how a peer's answer differs from corsim's.
type disagreement string

const (
	// acceptsInvalid: the peer gives an origin for input the URL Standard
	// rejects.
	acceptsInvalid disagreement = "accepts what corsim rejects"
	// rejectsValid: the peer rejects a valid URL.
	rejectsValid disagreement = "rejects what corsim accepts"
	// otherOrigin: both parse, to different origins.
	otherOrigin disagreement = "another origin"
)

func classify(corsim, peer answer) (disagreement, bool) {
	switch {
	case corsim == peer:
		return "", false
	case corsim.failed:
		return acceptsInvalid, true
	case peer.failed:
		return rejectsValid, true
	}
	return otherOrigin, true
}

var urlPeers = []struct {
	name string
	f    func(string) (peerOrigin, error)
}{
	{"neturl", netURLOrigin},
	{"whatwgurl", whatwgOrigin},
}

// disagreements compares each peer with corsim on the inputs and logs
// every difference; it returns the count per peer and class.
func disagreements(t *testing.T, inputs []string) map[string]map[disagreement]int {
	t.Helper()
	got := map[string]map[disagreement]int{}
	for _, p := range urlPeers {
		got[p.name] = map[disagreement]int{}
		for _, s := range inputs {
			c, a := corsimAnswer(s), peerAnswer(p.f, s)
			if class, ok := classify(c, a); ok {
				got[p.name][class]++
				t.Logf("%s %s: %q: corsim %s, %s %s", p.name, class, s, c, p.name, a)
			}
		}
	}
	return got
}

func checkCounts(t *testing.T, got, want map[string]map[disagreement]int) {
	t.Helper()
	for _, p := range urlPeers {
		for _, class := range []disagreement{acceptsInvalid, rejectsValid, otherOrigin} {
			if g, w := got[p.name][class], want[p.name][class]; g != w {
				t.Errorf("%s, %s: %d inputs, want %d (the log lists them)", p.name, class, g, w)
			}
		}
	}
}

// TestOriginEquivalenceRealistic checks that the three parsers give the
// same origin for each realistic URL, except where a peer is known to
// differ: net/url keeps the host's case and applies no IDNA, so the
// upper-case host and the IDN host come out otherwise.
func TestOriginEquivalenceRealistic(t *testing.T) {
	for _, s := range realisticURLs {
		if a := corsimAnswer(s); a.failed {
			t.Errorf("FromURL(%q) failed", s)
		}
	}
	want := map[string]map[disagreement]int{
		"neturl":    {otherOrigin: 2},
		"whatwgurl": {},
	}
	checkCounts(t, disagreements(t, realisticURLs), want)
	// The two net/url differences, by name.
	for _, tc := range []struct{ in, want string }{
		{"https://Example.COM/Path/To/Resource", "https://Example.COM"},
		{"https://bücher.example/katalog?seite=3", "https://bücher.example"},
	} {
		if got := peerAnswer(netURLOrigin, tc.in); got.String() != tc.want {
			t.Errorf("netURLOrigin(%q): got %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestOriginEquivalenceWPT compares the parsers on every web-platform-tests
// URL input without a base. corsim must give the file's answer on each;
// the peers' differences are counted per class, and the counts are pinned
// so that a change in any parser shows here. Run with -v to list them.
func TestOriginEquivalenceWPT(t *testing.T) {
	cases := wptURLInputs(t)
	for _, c := range cases {
		got := corsimAnswer(c.Input)
		switch {
		case c.Failure && !got.failed:
			t.Errorf("FromURL(%q): got %s, want failure", c.Input, got)
		case !c.Failure && got.failed:
			t.Errorf("FromURL(%q): failed, want success", c.Input)
		case c.Origin != nil && got.origin != *c.Origin:
			t.Errorf("FromURL(%q): got %s, want %s", c.Input, got, *c.Origin)
		}
	}
	got := disagreements(t, inputsOf(cases))
	for _, p := range urlPeers {
		n := 0
		for _, v := range got[p.name] {
			n += v
		}
		t.Logf("%s agrees with corsim on %d of %d inputs; %s: %d, %s: %d, %s: %d", p.name, len(cases)-n, len(cases),
			acceptsInvalid, got[p.name][acceptsInvalid], rejectsValid, got[p.name][rejectsValid], otherOrigin, got[p.name][otherOrigin])
	}
	checkCounts(t, got, wantWPTDisagreements)
}

// wantWPTDisagreements pins how many WPT inputs each peer answers
// differently from corsim (and so from the URL Standard, which corsim
// matches on every input).
//
// net/url parses RFC 3986, not the URL Standard: it accepts empty hosts
// and hosts with forbidden code points, rejects non-ASCII userinfo, "\"
// in the authority and bad percent-encoding in the path, reads "http:/x"
// and "http:x" as host-less URLs, and never rewrites a host (IPv4 in hex
// or with fewer parts, case, IDNA, percent-encoding).
//
// github.com/nlnwa/whatwg-url v0.6.2 follows an older URL Standard: it
// runs ToASCII on ASCII domains too, and so fails one with an "xn--"
// label that is not valid IDNA, where the domain to ASCII algorithm now
// only lowercases an ASCII domain, keeping such labels as they are.
var wantWPTDisagreements = map[string]map[disagreement]int{
	"neturl":    {acceptsInvalid: 78, rejectsValid: 53, otherOrigin: 33},
	"whatwgurl": {rejectsValid: 8},
}
