package harness

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/corsim/corsim/scenario"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/websocket"
)

func TestFirefoxReasonFromConsole(t *testing.T) {
	head := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.test/data. "
	tests := []struct{ line, want string }{
		{head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.", "CORSMissingAllowOrigin"},
		{head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://other.test’).", "CORSAllowOriginNotMatchingOrigin"},
		{head + "(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).", "CORSMultipleAllowOriginNotAllowed"},
		{"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘http://api.test/data’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).", "CORSNotSupportingCredentials"},
		{head + "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).", "CORSMissingAllowCredentials"},
		{head + "(Reason: CORS preflight response did not succeed). Status code: 500.", "CORSPreflightDidNotSucceed"},
		{head + "(Reason: CORS request external redirect not allowed).", "CORSExternalRedirectNotAllowed"},
		{head + "(Reason: invalid token ‘(DELETE)’ in CORS header ‘Access-Control-Allow-Methods’).", "CORSInvalidAllowMethod"},
		{head + "(Reason: invalid token ‘(x-b)’ in CORS header ‘Access-Control-Allow-Headers’).", "CORSInvalidAllowHeader"},
		{head + "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).", "CORSMethodNotFound"},
		{head + "(Reason: header ‘x-trace’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).", "CORSMissingAllowHeaderFromPreflight"},
		{head + "(Reason: CORS request not http).", "CORSRequestNotHttp"},
		{head + "(Reason: CORS request did not succeed). Status code: (null).", "CORSDidNotSucceed"},
		{head + "(Reason: CORS disabled).", "CORSDisabled"},
		{head + "(Reason: something new).", ""},
		{"Security Error: Content at http://app.test/ may not load data from http://api.test/data.", ""},
		{"Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at http://api.test/ soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, …)", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := FirefoxReasonFromConsole(tc.line); got != tc.want {
			t.Errorf("FirefoxReasonFromConsole(%q): got %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestReadConsole(t *testing.T) {
	in := "some warning from GTK\n" +
		"http://app.test/__corsim__/page:3:5: CONSOLE LOG corsim-request 0\n" +
		"CONSOLE SECURITY ERROR Origin http://app.test is not allowed by Access-Control-Allow-Origin. Status code: 200\n" +
		"CONSOLE JS ERROR Fetch API cannot load http://api.test/data due to access control checks.\n" +
		"CONSOLE NETWORK WARNING two\nlines\n"
	var l lineLog
	readConsole(strings.NewReader(in), &l)
	want := []ConsoleLine{
		{Via: "stderr", Source: "console-api", Level: "log", Text: "corsim-request 0"},
		{Via: "stderr", Source: "security", Level: "error", Text: "Origin http://app.test is not allowed by Access-Control-Allow-Origin. Status code: 200"},
		{Via: "stderr", Source: "js", Level: "error", Text: "Fetch API cannot load http://api.test/data due to access control checks."},
		{Via: "stderr", Source: "network", Level: "warning", Text: "two\nlines"},
	}
	if diff := cmp.Diff(want, l.since(0)); diff != "" {
		t.Errorf("readConsole (-want +got):\n%s", diff)
	}
	if got, want := webkitBlockingLine(l.since(0)), want[1].Text; got != want {
		t.Errorf("webkitBlockingLine: got %q, want %q", got, want)
	}
	if got, want := webkitBlockingLine(l.since(2)), want[2].Text; got != want {
		t.Errorf("webkitBlockingLine(generic only): got %q, want %q", got, want)
	}
	mixed := []ConsoleLine{
		{Source: "security", Level: "warning", Text: "[blocked] The page at https://app.test/ requested insecure content from http://api.test/data. This content was blocked and must be served over HTTPS."},
		{Source: "security", Level: "error", Text: "Not allowed to request resource"},
	}
	if got := webkitBlockingLine(mixed); got != mixed[0].Text {
		t.Errorf("webkitBlockingLine(mixed content): got %q, want the [blocked] warning", got)
	}
}

func TestConsoleAndRequestSlices(t *testing.T) {
	lines := []ConsoleLine{
		{Source: "console-api", Level: "log", Text: "corsim-request 0"},
		{Source: "security", Level: "error", Text: "a"},
		{Source: "console-api", Level: "log", Text: "corsim-request 1"},
		{Source: "security", Level: "error", Text: "b"},
		{Source: "console-api", Level: "log", Text: "corsim-request done"},
		{Source: "security", Level: "error", Text: "late"},
	}
	if got := consoleSlice(lines, 1); len(got) != 1 || got[0].Text != "b" {
		t.Errorf("consoleSlice(1): got %+v, want [b]", got)
	}
	recs := []recorded{
		{URL: "http://app.test/__corsim__/page", Page: true},
		{URL: "http://app.test/__corsim__/mark?0", Page: true},
		{URL: "http://api.test/a"},
		{URL: "http://app.test/__corsim__/mark?1", Page: true},
		{URL: "http://api.test/b"},
		{URL: "http://api.test/c"},
		{URL: "http://app.test/__corsim__/mark?2", Page: true},
	}
	var got []string
	for _, r := range requestSlice(recs, 1) {
		got = append(got, r.URL)
	}
	if want := []string{"http://api.test/b", "http://api.test/c"}; !cmp.Equal(got, want) {
		t.Errorf("requestSlice(1): got %q, want %q", got, want)
	}
	if got := requestSlice(recs, 5); got != nil {
		t.Errorf("requestSlice(5): got %v, want nil", got)
	}
}

func TestCookieHops(t *testing.T) {
	s := parseOne(t, `{"name": "c", "page": "https://app.test", "cookies": ["sid=abc; Secure; SameSite=None"],
		"request": {"url": "https://api.test/v1/data"},
		"responses": {"https://api.test/v1/data": {"*": {"status": 302, "headers": [["Location", "http://cdn.test:6000/x"]]}}}}`)
	p, err := makePlan(s)
	if err != nil {
		t.Fatal(err)
	}
	hops, first, err := cookieHops(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]hop{
		"https://api.test/__corsim__/cookies": {
			setCookies: []string{"corsim_probe_https_443=1; Path=/; Secure; SameSite=None", "sid=abc; Secure; SameSite=None; Path=/v1"},
			location:   p.pageURL,
		},
	}
	if diff := cmp.Diff(want, hops, cmp.AllowUnexported(hop{})); diff != "" {
		t.Errorf("cookieHops (-want +got), the bad port 6000 left out:\n%s", diff)
	}
	if first != "https://api.test/__corsim__/cookies" {
		t.Errorf("first hop: got %q", first)
	}
}

func TestKnownDifferences(t *testing.T) {
	ks, err := ParseKnown([]byte(`[
		{"engine": "firefox", "field": "firefoxReason", "predicted": "CORSPreflightDidNotSucceed", "observed": "CORSMissingAllowOrigin", "why": "order"},
		{"field": "console", "scenario": "gen-.*", "why": "texts"}]`))
	if err != nil {
		t.Fatal(err)
	}
	cs := []Comparison{
		{Field: "firefoxReason", Predicted: "CORSPreflightDidNotSucceed", Observed: "CORSMissingAllowOrigin", Verdict: Differ},
		{Field: "console", Predicted: "a", Observed: "b", Verdict: Differ},
		{Field: "outcome", Predicted: "allowed", Observed: "allowed", Verdict: Agree},
	}
	if left := explain(cs, "firefox", "gen-1-2", ks); left != 0 {
		t.Errorf("explain(firefox, gen-1-2): %d left, want 0: %+v", left, cs)
	}
	if cs[0].Verdict != Known || cs[0].Why != "order" || cs[2].Verdict != Agree {
		t.Errorf("explain: got %+v", cs)
	}
	cs = []Comparison{{Field: "firefoxReason", Predicted: "CORSPreflightDidNotSucceed", Observed: "CORSMissingAllowOrigin", Verdict: Differ},
		{Field: "console", Predicted: "a", Observed: "b", Verdict: Differ}}
	if left := explain(cs, "webkit", "seed", ks); left != 2 {
		t.Errorf("explain(webkit, seed): %d left, want 2", left)
	}
	for _, bad := range []string{`[{"field": "console"}]`, `[{"observed": "(", "why": "x"}]`, `{}`} {
		if _, err := ParseKnown([]byte(bad)); err == nil {
			t.Errorf("ParseKnown(%s): got no error", bad)
		}
	}
}

// TestWebSocket runs the client against golang.org/x/net/websocket's
// server: a short and a long (extended length, fragmented by the server
// never, but over 64 KiB) message each way.
func TestWebSocket(t *testing.T) {
	srv := httptest.NewServer(websocket.Server{Handler: func(c *websocket.Conn) {
		for {
			var msg string
			if err := websocket.Message.Receive(c, &msg); err != nil {
				return
			}
			if err := websocket.Message.Send(c, "echo:"+msg); err != nil {
				return
			}
		}
	}})
	defer srv.Close()
	c, err := dialWebSocket("ws"+strings.TrimPrefix(srv.URL, "http")+"/x", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, msg := range []string{"hi", strings.Repeat("é", 40000)} {
		if err := c.WriteText([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		got, err := c.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != "echo:"+msg {
			t.Errorf("echo of %d bytes: got %d bytes", len(msg), len(got))
		}
	}
	if _, err := dialWebSocket(srv.URL, time.Second); err == nil {
		t.Errorf("dialWebSocket(http URL): got no error")
	}
}

// TestProxy sends an absolute-form http request and a CONNECT tunnel
// through the proxy; both must reach the scenario's answers and be
// recorded as the servers would record a direct request.
func TestProxy(t *testing.T) {
	sv, err := newServers("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	defer sv.close()
	px, err := newProxy(sv)
	if err != nil {
		t.Fatal(err)
	}
	defer px.close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if err := sv.ensure(endpoint{"https", port}); err != nil {
		t.Skipf("no free port for the https server: %v", err)
	}
	rt := &routes{answers: map[string]map[string]scenario.Response{
		"http://api.test/a":                        {"*": {Status: 200, Headers: []scenario.Header{{Name: "X-A", Value: "1"}}, Body: "plain"}},
		fmt.Sprintf("https://api.test:%d/b", port): {"*": {Status: 201, Body: "tls"}},
	}}
	sv.current.Store(rt)

	pu, _ := url.Parse("http://" + px.addr())
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(pu), TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	for _, tc := range []struct {
		url, body string
		status    int
	}{
		{"http://api.test/a", "plain", 200},
		{fmt.Sprintf("https://api.test:%d/b", port), "tls", 201},
		{"http://api.test/missing", "", 404},
	} {
		resp, err := client.Get(tc.url)
		if err != nil {
			t.Fatalf("GET %s through the proxy: %v", tc.url, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || string(b) != tc.body {
			t.Errorf("GET %s: got %d %q, want %d %q", tc.url, resp.StatusCode, b, tc.status, tc.body)
		}
	}
	var got []string
	for _, r := range rt.requests() {
		got = append(got, r.Method+" "+r.URL)
		if _, ok := r.Header["Proxy-Connection"]; ok {
			t.Errorf("%s: the proxy's own header was recorded", r.URL)
		}
	}
	want := []string{"GET http://api.test/a", fmt.Sprintf("GET https://api.test:%d/b", port), "GET http://api.test/missing"}
	if !cmp.Equal(got, want) {
		t.Errorf("recorded: got %q, want %q", got, want)
	}

	// A request that is neither absolute-form http nor CONNECT is refused.
	c, err := net.Dial("tcp", px.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /relative HTTP/1.1\r\nHost: api.test\r\n\r\n")
	line, _ := bufio.NewReader(c).ReadString('\n')
	if !strings.HasPrefix(line, "HTTP/1.1 400") {
		t.Errorf("origin-form request to the proxy: got %q, want a 400", line)
	}
}

func TestRunnerPage(t *testing.T) {
	s := parseOne(t, `{"name": "r", "page": "http://app.test", "requests": [
		{"url": "http://api.test/</script>", "method": "PUT"},
		{"url": "http://api.test/b", "after": 1.5}]}`)
	page, err := runnerPage("http://app.test/", s.Requests)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(page, "</script>") != 1 || !strings.HasSuffix(page, "</script>") {
		t.Errorf("runnerPage: the script is not closed exactly once at the end:\n%s", page)
	}
	for _, want := range []string{`<base href="http://app.test/">`, `{after: 0, run: () => (async`, `{after: 1500, run: () => (async`,
		`"method":"PUT"`, `"` + markPrefix + `" + i`, markPath, reportPath, `http://api.test/\u003c/script\u003e`} {
		if !strings.Contains(page, want) {
			t.Errorf("runnerPage: no %q in\n%s", want, page)
		}
	}
}

func TestFirefoxReasonOf(t *testing.T) {
	const cors = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.test/r. " +
		"(Reason: CORS request did not succeed). Status code: (null)."
	tests := []struct {
		lines []ConsoleLine
		want  string
	}{
		{nil, ""},
		{[]ConsoleLine{{Level: "error", Text: "Security Error: Content at http://api.test/r may not load or link to file:///etc/hosts."},
			{Level: "error", Text: cors}}, "CORSDidNotSucceed"},
		{[]ConsoleLine{{Level: "warn", Text: cors}}, ""},
		{[]ConsoleLine{{Level: "error", Text: "Security Error: Content at x may not load data from y."}}, ""},
	}
	for i, tc := range tests {
		if got := firefoxReasonOf(tc.lines); got != tc.want {
			t.Errorf("case %d: firefoxReasonOf = %q, want %q", i, got, tc.want)
		}
	}
}
