package fetch

import (
	"testing"

	"github.com/corsim/corsim/origin"
)

// specBadPorts is the first column of the Fetch Standard's bad port table.
var specBadPorts = []int{
	0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
	109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
	526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
	3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
}

func TestIsBadPort(t *testing.T) {
	bad := map[int]bool{}
	for _, p := range specBadPorts {
		bad[p] = true
	}
	for p := -1; p <= 65536; p++ {
		if got := IsBadPort(p); got != bad[p] {
			t.Errorf("IsBadPort(%d): got %v, want %v", p, got, bad[p])
		}
	}
}

func TestBlockBadPort(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"http://api.example/", false},
		{"https://api.example/", false},
		{"http://api.example:80/", false},
		{"http://api.example:443/", false},
		{"http://api.example:8080/", false},
		{"http://api.example:0/", true},
		{"http://api.example:25/", true},
		{"https://api.example:6666/", true},
		{"https://api.example:10080/", true},
		{"HTTP://API.EXAMPLE:21/", true},
		{"ws://api.example:25/", false},
		{"ftp://api.example:25/", false},
		{"data:text/plain,:25", false},
	}
	for _, tc := range tests {
		if got := BlockBadPort(mustURL(t, tc.in)); got != tc.want {
			t.Errorf("BlockBadPort(%q): got %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestBlocksMixedContent(t *testing.T) {
	tests := []struct {
		desc   string
		client string // "opaque" for an opaque origin
		in     string
		// want holds the spec's, Chromium's, Firefox's and WebKit's answers.
		want [4]bool
	}{
		{"https page, http URL", pageA, "http://api.example/x", [4]bool{true, true, true, true}},
		{"https page, https URL", pageA, "https://api.example/x", [4]bool{false, false, false, false}},
		{"https page, http URL of its own host", pageA, "http://app.example/x", [4]bool{true, true, true, true}},
		{"https page, http://localhost", pageA, "http://localhost:8080/x", [4]bool{false, false, false, true}},
		{"https page, http://localhost.", pageA, "http://localhost./x", [4]bool{false, false, false, true}},
		{"https page, http://a.localhost", pageA, "http://a.localhost/x", [4]bool{false, false, false, true}},
		{"https page, http://localhost.example is not localhost", pageA, "http://localhost.example/x", [4]bool{true, true, true, true}},
		{"https page, http://127.0.0.1", pageA, "http://127.0.0.1:3000/x", [4]bool{false, false, false, true}},
		{"https page, http://127.1.2.3", pageA, "http://127.1.2.3/x", [4]bool{false, false, false, true}},
		{"https page, http://[::1]", pageA, "http://[::1]/x", [4]bool{false, false, false, true}},
		{"https page, http://10.0.0.1", pageA, "http://10.0.0.1/x", [4]bool{true, true, true, true}},
		{"https page, ws URL", pageA, "ws://api.example/s", [4]bool{true, true, true, true}},
		{"https page, wss URL", pageA, "wss://api.example/s", [4]bool{false, false, false, false}},
		{"https page, data URL", pageA, "data:text/plain,x", [4]bool{false, false, false, false}},
		{"https page, about:blank", pageA, "about:blank", [4]bool{false, false, false, false}},
		{"http page, http URL", "http://app.example", "http://api.example/x", [4]bool{false, false, false, false}},
		{"http://localhost page, http URL", "http://localhost:8080", "http://api.example/x", [4]bool{true, false, false, false}},
		{"http://127.0.0.1 page, http URL", "http://127.0.0.1", "http://api.example/x", [4]bool{true, false, false, false}},
		{"http://localhost page, http://localhost", "http://localhost:8080", "http://localhost:9090/x", [4]bool{false, false, false, false}},
		{"opaque page, http URL", "opaque", "http://api.example/x", [4]bool{false, false, false, false}},
	}
	for _, tc := range tests {
		var client origin.Origin
		if tc.client == "opaque" {
			client = origin.Opaque()
		} else {
			client = mustOrigin(t, tc.client)
		}
		for i, e := range Engines() {
			p := e.Profile()
			if got := p.BlocksMixedContent(client, nil, mustURL(t, tc.in)); got != tc.want[i] {
				t.Errorf("%v.BlocksMixedContent(%s, %q) (%s): got %v, want %v", e, tc.client, tc.in, tc.desc, got, tc.want[i])
			}
		}
	}
}

func TestCrossOriginResourcePolicyCheck(t *testing.T) {
	const corp = "Cross-Origin-Resource-Policy"
	tests := []struct {
		desc   string
		client string // "opaque" for an opaque origin
		url    string // "" for a response without a URL
		in     HeaderList
		want   bool
	}{
		{"absent", pageA, apiB + "/r", nil, true},
		{"cross-origin", pageA, apiB + "/r", HeaderList{{corp, "cross-origin"}}, true},
		{"same-origin, cross-site", pageA, apiB + "/r", HeaderList{{corp, "same-origin"}}, false},
		{"same-origin, same origin", pageA, pageA + "/r", HeaderList{{corp, "same-origin"}}, true},
		{"same-origin, same site", pageA, subA + "/r", HeaderList{{corp, "same-origin"}}, false},
		{"same-origin, another port", pageA, "https://app.example:8443/r", HeaderList{{corp, "same-origin"}}, false},
		{"same-site, same site", pageA, subA + "/r", HeaderList{{corp, "same-site"}}, true},
		{"same-site, another port", pageA, "https://app.example:8443/r", HeaderList{{corp, "same-site"}}, true},
		{"same-site, cross-site", pageA, apiB + "/r", HeaderList{{corp, "same-site"}}, false},
		{"same-site, https page reads http", pageA, "http://www.app.example/r", HeaderList{{corp, "same-site"}}, true},
		{"same-site, http page reads https", "http://app.example", subA + "/r", HeaderList{{corp, "same-site"}}, false},
		{"same-site, http page reads http", "http://app.example", "http://www.app.example/r", HeaderList{{corp, "same-site"}}, true},
		{"same-site, equal IP hosts", "http://127.0.0.1:8080", "http://127.0.0.1:9090/r", HeaderList{{corp, "same-site"}}, true},
		{"same-origin, equal IP hosts, other port", "http://127.0.0.1:8080", "http://127.0.0.1:9090/r", HeaderList{{corp, "same-origin"}}, false},
		{"same-origin, opaque page", "opaque", apiB + "/r", HeaderList{{corp, "same-origin"}}, false},
		{"same-site, opaque page", "opaque", apiB + "/r", HeaderList{{corp, "same-site"}}, false},
		{"cross-origin, opaque page", "opaque", apiB + "/r", HeaderList{{corp, "cross-origin"}}, true},
		{"header name in lower case", pageA, apiB + "/r", HeaderList{{"cross-origin-resource-policy", "same-origin"}}, false},
		{"upper-case value is invalid", pageA, apiB + "/r", HeaderList{{corp, "SAME-ORIGIN"}}, true},
		{"Same-Origin is invalid", pageA, apiB + "/r", HeaderList{{corp, "Same-Origin"}}, true},
		{"same is invalid", pageA, apiB + "/r", HeaderList{{corp, "same"}}, true},
		{"a list on one line is invalid", pageA, apiB + "/r", HeaderList{{corp, "same-origin, same-origin"}}, true},
		{"two lines combine into an invalid value", pageA, apiB + "/r", HeaderList{{corp, "same-origin"}, {corp, "same-origin"}}, true},
		{"same-site, same-origin is invalid", pageA, apiB + "/r", HeaderList{{corp, "same-site, same-origin"}}, true},
		{"an origin is invalid", pageA, apiB + "/r", HeaderList{{corp, pageA}}, true},
		{"empty value is invalid", pageA, apiB + "/r", HeaderList{{corp, ""}}, true},
		{"same-origin, no URL: fails closed", pageA, "", HeaderList{{corp, "same-origin"}}, false},
		{"same-site, no URL: fails closed", pageA, "", HeaderList{{corp, "same-site"}}, false},
		{"cross-origin, no URL", pageA, "", HeaderList{{corp, "cross-origin"}}, true},
		{"absent, no URL", pageA, "", nil, true},
	}
	for _, tc := range tests {
		var client origin.Origin
		if tc.client == "opaque" {
			client = origin.Opaque()
		} else {
			client = mustOrigin(t, tc.client)
		}
		resp := &Response{Status: 200, Header: tc.in}
		if tc.url != "" {
			resp.URLList = urlList(t, tc.url)
		}
		if got := CrossOriginResourcePolicyCheck(client, resp); got != tc.want {
			t.Errorf("CrossOriginResourcePolicyCheck(%s, %s %q) (%s): got %v, want %v", tc.client, tc.url, tc.in, tc.desc, got, tc.want)
		}
	}
}

func TestTAOCheck(t *testing.T) {
	const tao = "Timing-Allow-Origin"
	tests := []struct {
		desc     string
		mode     Mode
		tainting ResponseTainting
		failed   bool
		urls     []string
		in       HeaderList
		want     bool
	}{
		{"same-origin, no header", ModeCORS, TaintingBasic, false, []string{pageA + "/r"}, nil, true},
		{"cors, no header", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, nil, false},
		{"no-cors, no header", ModeNoCORS, TaintingOpaque, false, []string{apiB + "/r"}, nil, false},
		{"cors, *", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, HeaderList{{tao, "*"}}, true},
		{"no-cors, *", ModeNoCORS, TaintingOpaque, false, []string{apiB + "/r"}, HeaderList{{tao, "*"}}, true},
		{"cors, the origin", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, HeaderList{{tao, pageA}}, true},
		{"cors, the origin in a list", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, HeaderList{{tao, apiB + ",  " + pageA}}, true},
		{"cors, the origin on a second line", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, HeaderList{{tao, apiB}, {tao, pageA}}, true},
		{"cors, a trailing slash", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, HeaderList{{tao, pageA + "/"}}, false},
		{"cors, quoted *", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, HeaderList{{tao, `"*"`}}, false},
		{"cors, null for an untainted request", ModeCORS, TaintingCORS, false, []string{apiB + "/r"}, HeaderList{{tao, "null"}}, false},
		{"cors, null after a cross-site redirect", ModeCORS, TaintingCORS, false, []string{apiB + "/r", cdnC + "/s"}, HeaderList{{tao, "null"}}, true},
		{"cors, the origin after a cross-site redirect", ModeCORS, TaintingCORS, false, []string{apiB + "/r", cdnC + "/s"}, HeaderList{{tao, pageA}}, false},
		{"failed earlier: *", ModeCORS, TaintingCORS, true, []string{apiB + "/r"}, HeaderList{{tao, "*"}}, false},
		{"failed earlier: same-origin", ModeCORS, TaintingBasic, true, []string{pageA + "/r"}, nil, false},
		{"navigation to another origin", ModeNavigate, TaintingBasic, false, []string{apiB + "/r"}, nil, false},
		{"navigation to another origin, *", ModeNavigate, TaintingBasic, false, []string{apiB + "/r"}, HeaderList{{tao, "*"}}, true},
		{"navigation to the same origin", ModeNavigate, TaintingBasic, false, []string{pageA + "/r"}, nil, true},
	}
	for _, tc := range tests {
		req := corsRequest(t, pageA, "GET", CredentialsSameOrigin, nil, tc.urls...)
		req.Mode, req.ResponseTainting, req.TimingAllowFailed = tc.mode, tc.tainting, tc.failed
		resp := &Response{Status: 200, URLList: req.URLList, Header: tc.in}
		if got := TAOCheck(req, resp); got != tc.want {
			t.Errorf("TAOCheck(%v, %v, %q) (%s): got %v, want %v", tc.mode, tc.tainting, tc.in, tc.desc, got, tc.want)
		}
	}
}

// TestBlocksMixedContentSandboxedPage checks that engines judge a sandboxed
// page (opaque origin) by the URL it was served from: over https it blocks
// http fetches. Per spec an opaque origin never prohibits mixed content.
func TestBlocksMixedContentSandboxedPage(t *testing.T) {
	for _, tc := range []struct {
		pageURL string
		want    bool
	}{
		{"https://app.example/sandboxed", true},
		{"http://app.example/sandboxed", false},
	} {
		for _, e := range Engines() {
			p := e.Profile()
			want := tc.want && e != EngineSpec
			if got := p.BlocksMixedContent(origin.Opaque(), mustURL(t, tc.pageURL), mustURL(t, "http://api.example/x")); got != want {
				t.Errorf("%v: sandboxed page at %s fetching http://api.example/x: blocked %v, want %v", e, tc.pageURL, got, want)
			}
		}
	}
}
