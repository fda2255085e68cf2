package origin

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The web-platform-tests vectors are read from $CORSIM_WPT_DIR, never copied
// into the repository. The variable may name a folder holding the files
// (as ../shared/wpt does) or the root of a web-platform-tests checkout.

const wptEnv = "CORSIM_WPT_DIR"

// wptFile returns the path of a WPT data file, or skips the test.
func wptFile(t *testing.T, name string, optional bool) string {
	t.Helper()
	dir := os.Getenv(wptEnv)
	if dir == "" {
		t.Skipf("$%s is not set: set it to a folder holding %s (e.g. %s=../shared/wpt go test ./origin/), "+
			"or to the root of a web-platform-tests checkout (https://github.com/web-platform-tests/wpt), "+
			"whose url/resources/urltestdata.json and urltestdata-javascript-only.json are then used", wptEnv, name, wptEnv)
	}
	for _, p := range []string{filepath.Join(dir, name), filepath.Join(dir, "url", "resources", name)} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if optional {
		return ""
	}
	t.Fatalf("$%s=%s holds neither %s nor url/resources/%s", wptEnv, dir, name, name)
	return ""
}

// wptCase is one object of urltestdata.json or origin-cases.json. Go's JSON
// decoder turns lone surrogates into U+FFFD, as browsers do when they
// convert a JavaScript string to a USVString.
type wptCase struct {
	Input    string  `json:"input"`
	Base     *string `json:"base"`
	Failure  bool    `json:"failure"`
	Href     *string `json:"href"`
	Origin   *string `json:"origin"`
	Protocol *string `json:"protocol"`
	Username *string `json:"username"`
	Password *string `json:"password"`
	Host     *string `json:"host"`
	Hostname *string `json:"hostname"`
	Port     *string `json:"port"`
	Pathname *string `json:"pathname"`
	Search   *string `json:"search"`
	Hash     *string `json:"hash"`
}

// readWPTCases reads the test objects of a WPT URL data file, skipping the
// comment strings between them.
func readWPTCases(t *testing.T, path string) []wptCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var cases []wptCase
	for _, r := range raw {
		if len(r) > 0 && r[0] == '"' {
			continue
		}
		var c wptCase
		if err := json.Unmarshal(r, &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		cases = append(cases, c)
	}
	return cases
}

// parseWPT parses a case's input against its base the way the URL
// constructor does: a base that fails to parse makes the whole case fail.
func parseWPT(c wptCase) (*URL, error) {
	var base *URL
	if c.Base != nil {
		b, err := ParseURL(*c.Base, nil)
		if err != nil {
			return nil, err
		}
		base = b
	}
	return ParseURL(c.Input, base)
}

func describeCase(c wptCase) string {
	if c.Base == nil {
		return strconv.Quote(c.Input)
	}
	return strconv.Quote(c.Input) + " against " + strconv.Quote(*c.Base)
}

// TestWPTOriginCases checks every case of origin-cases.json and
// origin-cases-javascript-only.json (in a WPT checkout, where those derived
// files do not exist, the origin and failure cases of urltestdata.json).
func TestWPTOriginCases(t *testing.T) {
	var cases []wptCase
	if p := wptFile(t, "origin-cases.json", true); p != "" {
		cases = readWPTCases(t, p)
		if p := wptFile(t, "origin-cases-javascript-only.json", true); p != "" {
			cases = append(cases, readWPTCases(t, p)...)
		}
	} else {
		for _, name := range []string{"urltestdata.json", "urltestdata-javascript-only.json"} {
			for _, c := range readWPTCases(t, wptFile(t, name, false)) {
				if c.Failure || c.Origin != nil {
					cases = append(cases, c)
				}
			}
		}
	}
	passed, origins, failures := 0, 0, 0
	for _, c := range cases {
		ok := checkOriginCase(t, c)
		if ok {
			passed++
		}
		if c.Failure {
			failures++
		} else {
			origins++
		}
	}
	t.Logf("origin cases: %d/%d passed (%d origins, %d parse failures)", passed, len(cases), origins, failures)
	if len(cases) == 0 {
		t.Fatal("no cases read")
	}
}

func checkOriginCase(t *testing.T, c wptCase) bool {
	t.Helper()
	u, err := parseWPT(c)
	if c.Failure {
		if err == nil {
			t.Errorf("ParseURL(%s): got %q, want failure", describeCase(c), u.String())
			return false
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Reason == "" {
			t.Errorf("ParseURL(%s): error %v is not a *ParseError with a Reason", describeCase(c), err)
			return false
		}
		if c.Base == nil {
			if o, err := FromURL(c.Input); err == nil {
				t.Errorf("FromURL(%q): got %v, want failure", c.Input, o)
				return false
			}
		}
		return true
	}
	if err != nil {
		t.Errorf("ParseURL(%s): %v, want origin %q", describeCase(c), err, *c.Origin)
		return false
	}
	o := u.Origin()
	if got := o.String(); got != *c.Origin {
		t.Errorf("ParseURL(%s).Origin(): got %q, want %q", describeCase(c), got, *c.Origin)
		return false
	}
	if *c.Origin == "null" && !o.IsOpaque() {
		t.Errorf("ParseURL(%s).Origin(): got a tuple origin serializing as \"null\"", describeCase(c))
		return false
	}
	if c.Base == nil {
		fo, err := FromURL(c.Input)
		if err != nil || fo.String() != *c.Origin || fo.IsOpaque() != o.IsOpaque() {
			t.Errorf("FromURL(%q): got %v, %v, want %q", c.Input, fo, err, *c.Origin)
			return false
		}
	}
	return true
}

// TestWPTURLTestData checks ParseURL and URL.String against every case of
// urltestdata.json and urltestdata-javascript-only.json: the href, every
// component the URL API exposes, the origin where given, and every failure.
func TestWPTURLTestData(t *testing.T) {
	var cases []wptCase
	for _, name := range []string{"urltestdata.json", "urltestdata-javascript-only.json"} {
		p := wptFile(t, name, name != "urltestdata.json")
		if p != "" {
			cases = append(cases, readWPTCases(t, p)...)
		}
	}
	passed, hrefs := 0, 0
	for _, c := range cases {
		if !c.Failure {
			hrefs++
		}
		if checkURLCase(t, c) {
			passed++
		}
	}
	t.Logf("urltestdata: %d/%d passed (%d hrefs, %d failures)", passed, len(cases), hrefs, len(cases)-hrefs)
}

func checkURLCase(t *testing.T, c wptCase) bool {
	t.Helper()
	u, err := parseWPT(c)
	if c.Base == nil {
		checkLiteralTwin(t, c.Input, nil)
	}
	if c.Failure {
		if err == nil {
			t.Errorf("ParseURL(%s): got %q, want failure", describeCase(c), u.String())
			return false
		}
		return true
	}
	if err != nil {
		t.Errorf("ParseURL(%s): %v, want %q", describeCase(c), err, *c.Href)
		return false
	}
	ok := true
	check := func(component, got string, want *string) {
		if want != nil && got != *want {
			t.Errorf("ParseURL(%s) %s: got %q, want %q", describeCase(c), component, got, *want)
			ok = false
		}
	}
	check("href", u.String(), c.Href)
	check("protocol", u.Scheme+":", c.Protocol)
	check("username", u.Username, c.Username)
	check("password", u.Password, c.Password)
	hostname, port := "", ""
	if u.HasHost {
		hostname = u.Host
	}
	if u.Port >= 0 {
		port = strconv.Itoa(u.Port)
	}
	host := hostname
	if port != "" {
		host += ":" + port
	}
	check("host", host, c.Host)
	check("hostname", hostname, c.Hostname)
	check("port", port, c.Port)
	check("pathname", u.Path, c.Pathname)
	search, hash := "", ""
	if u.HasQuery && u.Query != "" {
		search = "?" + u.Query
	}
	if u.HasFragment && u.Fragment != "" {
		hash = "#" + u.Fragment
	}
	check("search", search, c.Search)
	check("hash", hash, c.Hash)
	if c.Origin != nil {
		check("origin", u.Origin().String(), c.Origin)
	}
	// The href parses back to the same URL.
	if ok {
		again, err := ParseURL(u.String(), nil)
		if err != nil || again.String() != u.String() {
			t.Errorf("ParseURL(%q) (a serialized URL): got %v, %v, want it unchanged", u.String(), again, err)
			ok = false
		}
	}
	return ok
}
