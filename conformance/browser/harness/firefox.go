package harness

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/corsim/corsim/scenario"
)

// firefoxCandidates are tried in order by FindFirefox. Debian's
// /usr/bin/firefox-esr is a wrapper script; the real binary comes first.
var firefoxCandidates = []string{
	"/usr/lib/firefox-esr/firefox-esr",
	"firefox-esr",
	"/usr/lib/firefox/firefox",
	"firefox",
}

// FindFirefox returns the Firefox binary to run: $CORSIM_FIREFOX if set,
// else the first of the usual names that exists.
func FindFirefox() (string, error) {
	return findBinary("CORSIM_FIREFOX", firefoxCandidates,
		"no Firefox found (tried /usr/lib/firefox-esr/firefox-esr, firefox-esr, firefox; set CORSIM_FIREFOX to the binary, or install Debian's firefox-esr package)")
}

func findBinary(env string, candidates []string, notFound string) (string, error) {
	if p := os.Getenv(env); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", env, p, err)
		}
		return p, nil
	}
	for _, c := range candidates {
		if strings.HasPrefix(c, "/") {
			if _, err := os.Stat(c); err == nil {
				return c, nil
			}
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", errors.New(notFound)
}

// firefoxPrefs are the profile's preferences (user.js). On top of what the
// Remote Agent sets for automation, they send every host name to the
// loopback servers (native-is-localhost: every lookup answers 127.0.0.1,
// cached like a real record), let third-party cookies through (so the cookie flag of a
// cross-site request can be seen, as in the Chromium profile), keep http://
// URLs as written, leave Local Network Access checks off (as the Chromium
// flags do) and stop background traffic.
var firefoxPrefs = []struct {
	name  string
	value any
}{
	{"network.dns.native-is-localhost", true},
	{"network.cookie.cookieBehavior", 0},
	{"network.cookie.cookieBehavior.pbmode", 0},
	{"network.lna.enabled", false},
	{"network.lna.blocking", false},
	{"dom.security.https_first", false},
	{"dom.security.https_first_pbm", false},
	{"dom.security.https_first_schemeless", false},
	{"dom.security.https_only_mode", false},
	{"network.proxy.type", 0},
	{"network.trr.mode", 5},
	{"network.http.http3.enable", false},
	{"network.http.speculative-parallel-limit", 0},
	{"network.dns.disablePrefetch", true},
	{"network.prefetch-next", false},
	{"network.captive-portal-service.enabled", false},
	{"network.connectivity-service.enabled", false},
	{"browser.safebrowsing.malware.enabled", false},
	{"browser.safebrowsing.phishing.enabled", false},
	{"browser.safebrowsing.downloads.enabled", false},
	{"browser.safebrowsing.blockedURIs.enabled", false},
	{"browser.safebrowsing.update.enabled", false},
	{"app.update.disabledForTesting", true},
	{"app.normandy.enabled", false},
	{"datareporting.healthreport.uploadEnabled", false},
	{"datareporting.policy.dataSubmissionEnabled", false},
	{"toolkit.telemetry.enabled", false},
	{"browser.shell.checkDefaultBrowser", false},
	{"browser.startup.page", 0},
	{"browser.startup.homepage", "about:blank"},
	{"browser.newtabpage.enabled", false},
	{"extensions.update.enabled", false},
	{"security.OCSP.enabled", 0},
	{"browser.region.network.url", ""},
	{"browser.topsites.contile.enabled", false},
	{"messaging-system.rsexperimentloader.enabled", false},
}

// Firefox is a headless Firefox driven through WebDriver BiDi, and the
// loopback servers it talks to. Each scenario runs in a user context of its
// own (a separate cookie jar, preflight cache and HTTP cache: Firefox keys
// them by origin attributes, which include the user context).
type Firefox struct {
	opts    Options
	version string
	servers *servers
	dir     string
	cmd     *exec.Cmd
	bidi    *bidiClient
	exited  chan struct{}

	mu   sync.Mutex
	logs map[string]*lineLog // console lines by browsing context
}

// StartFirefox launches Firefox. Close it when done.
func StartFirefox(opts Options) (*Firefox, error) {
	if opts.ExecPath == "" {
		p, err := FindFirefox()
		if err != nil {
			return nil, err
		}
		opts.ExecPath = p
	}
	opts = opts.withDefaults()
	srv, err := newServers(opts.BindHost)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "corsim-firefox-")
	if err != nil {
		srv.close()
		return nil, err
	}
	f := &Firefox{opts: opts, servers: srv, dir: dir, logs: make(map[string]*lineLog), exited: make(chan struct{})}
	if err := f.start(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (f *Firefox) start() error {
	var prefs strings.Builder
	for _, p := range firefoxPrefs {
		v, _ := json.Marshal(p.value)
		fmt.Fprintf(&prefs, "user_pref(%q, %s);\n", p.name, v)
	}
	if f.opts.BindHost != "127.0.0.1" {
		// native-is-localhost answers 127.0.0.1 only. forceResolve takes
		// any address, but its records count as refreshed at every
		// lookup, and Firefox drops a preflight cache entry whose host's
		// DNS record was refreshed after it was made: no cache hits.
		prefs.WriteString(fmt.Sprintf("user_pref(%q, %q);\n", "network.dns.forceResolve", f.opts.BindHost))
	}
	if err := os.WriteFile(filepath.Join(f.dir, "user.js"), []byte(prefs.String()), 0o600); err != nil {
		return err
	}
	cmd := exec.Command(f.opts.ExecPath, "--headless", "--no-remote", "--profile", f.dir, "--remote-debugging-port", "0")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting Firefox (%s): %w", f.opts.ExecPath, err)
	}
	f.cmd = cmd
	go func() {
		cmd.Wait()
		close(f.exited)
	}()

	// The Remote Agent prints the address it listens on.
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
	}()
	var ws string
	select {
	case ws = <-found:
	case <-f.exited:
		return fmt.Errorf("Firefox (%s) exited before its Remote Agent listened", f.opts.ExecPath)
	case <-time.After(30 * time.Second):
		return fmt.Errorf("Firefox (%s): no Remote Agent address within 30 s", f.opts.ExecPath)
	}
	conn, err := dialWebSocket(ws+"/session", 10*time.Second)
	if err != nil {
		return err
	}
	f.bidi = newBiDiClient(conn, f.event)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var sess struct {
		Capabilities struct {
			BrowserName    string `json:"browserName"`
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	err = f.bidi.call(ctx, "session.new", map[string]any{
		"capabilities": map[string]any{"alwaysMatch": map[string]any{"acceptInsecureCerts": true}},
	}, &sess)
	if err != nil {
		return err
	}
	name := sess.Capabilities.BrowserName
	if name == "" {
		name = "firefox"
	}
	f.version = strings.ToUpper(name[:1]) + name[1:] + "/" + sess.Capabilities.BrowserVersion
	return f.bidi.call(ctx, "session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil)
}

var listening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// event files log.entryAdded lines by browsing context.
func (f *Firefox) event(method string, params json.RawMessage) {
	if method != "log.entryAdded" {
		return
	}
	var e struct {
		Type   string `json:"type"`
		Level  string `json:"level"`
		Text   string `json:"text"`
		Method string `json:"method"`
		Source struct {
			Context string `json:"context"`
		} `json:"source"`
	}
	if json.Unmarshal(params, &e) != nil {
		return
	}
	f.mu.Lock()
	l := f.logs[e.Source.Context]
	if l == nil {
		l = &lineLog{}
		f.logs[e.Source.Context] = l
	}
	f.mu.Unlock()
	l.add(ConsoleLine{Via: "bidi", Source: e.Type, Level: e.Level, Text: e.Text})
}

func (f *Firefox) log(context string) *lineLog {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.logs[context]
	if l == nil {
		l = &lineLog{}
		f.logs[context] = l
	}
	return l
}

// Name returns "firefox".
func (f *Firefox) Name() string { return "firefox" }

// Version is the browser's name and version, e.g. "Firefox/153.7.0".
func (f *Firefox) Version() string { return f.version }

// Close ends the session, stops Firefox and the servers and removes the
// profile.
func (f *Firefox) Close() error {
	if f.bidi != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		f.bidi.call(ctx, "browser.close", nil, nil)
		cancel()
		f.bidi.close()
	}
	if f.cmd != nil && f.cmd.Process != nil {
		select {
		case <-f.exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-f.cmd.Process.Pid, syscall.SIGKILL)
			<-f.exited
		}
	}
	f.servers.close()
	return os.RemoveAll(f.dir)
}

// Run runs one scenario in a new user context and reports what Firefox
// did. It checks the scenario's expect block too.
func (f *Firefox) Run(ctx context.Context, s *scenario.Scenario) *Report {
	start := time.Now()
	r := f.run(ctx, s)
	r.Duration = time.Since(start)
	return r
}

func (f *Firefox) run(ctx context.Context, s *scenario.Scenario) *Report {
	rep := &Report{Name: s.Name}
	p, rt := prepare(f.servers, f.opts, s, rep)
	if p == nil {
		return rep
	}
	defer f.servers.current.CompareAndSwap(rt, nil)
	fail := func(format string, args ...any) *Report {
		rep.Status, rep.Reason = StatusError, fmt.Sprintf(format, args...)
		return rep
	}

	tctx, stop := context.WithTimeout(ctx, 30*time.Second+time.Duration(len(s.Requests))*f.opts.FetchTimeout)
	defer stop()
	var uc struct {
		UserContext string `json:"userContext"`
	}
	if err := f.bidi.call(tctx, "browser.createUserContext", nil, &uc); err != nil {
		return fail("creating a user context: %v", err)
	}
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		f.bidi.call(c, "browser.removeUserContext", map[string]any{"userContext": uc.UserContext}, nil)
		cancel()
	}()
	var bc struct {
		Context string `json:"context"`
	}
	if err := f.bidi.call(tctx, "browsingContext.create", map[string]any{"type": "tab", "userContext": uc.UserContext}, &bc); err != nil {
		return fail("opening a tab: %v", err)
	}
	defer func() {
		f.mu.Lock()
		delete(f.logs, bc.Context)
		f.mu.Unlock()
	}()
	if err := f.bidi.call(tctx, "browsingContext.navigate", map[string]any{"context": bc.Context, "url": rt.start, "wait": "complete"}, nil); err != nil {
		return fail("loading the page %s: %v", rt.start, err)
	}
	origin, err := f.bidi.evaluateString(tctx, bc.Context, "self.origin")
	if err != nil {
		return fail("reading the page's origin: %v", err)
	}
	rep.PageOrigin = origin
	if origin != p.pageOrigin {
		return fail("the page's origin is %q, want %q (the page did not load as the scenario says)", origin, p.pageOrigin)
	}
	logs := f.log(bc.Context)
	for i, req := range s.Requests {
		if req.After > 0 {
			select {
			case <-time.After(time.Duration(req.After * float64(time.Second))):
			case <-tctx.Done():
			}
		}
		js, err := fetchScript(req)
		if err != nil {
			return fail("request %d: %v", i+1, err)
		}
		wireMark, logMark := len(rt.requests()), logs.mark()
		fctx, cancel := context.WithTimeout(tctx, f.opts.FetchTimeout)
		raw, err := f.bidi.evaluateString(fctx, bc.Context, js)
		cancel()
		if err != nil {
			return fail("request %d: running fetch(): %v", i+1, err)
		}
		var fr fetchResult
		if err := json.Unmarshal([]byte(raw), &fr); err != nil {
			return fail("request %d: decoding the script's report %q: %v", i+1, raw, err)
		}
		// A fetch that failed on the network side logs why; a TypeError
		// thrown by fetch() itself logs nothing.
		var need func(ConsoleLine) bool
		if !fr.OK && fr.Error == firefoxNetworkError {
			need = func(c ConsoleLine) bool { return c.Level == "error" }
		}
		logs.settle(logMark, need, quiet, time.Second)
		obs := newObservation(p, rt.requests()[wireMark:], s.Name, "firefox", fr)
		obs.Details.Console = logs.since(logMark)
		if obs.Result.Outcome == "blocked" {
			obs.Result.Console = firefoxBlockingLine(obs.Details.Console)
			obs.Result.FirefoxReason = firefoxReasonOf(obs.Details.Console)
		}
		if s.Sequence {
			obs.Result.Name = fmt.Sprintf("%s[%d]", s.Name, i)
		}
		obs.Checks = check(s.Engine, "firefox", s.Expect[i], obs)
		rep.Requests = append(rep.Requests, *obs)
	}
	rep.Status = StatusObserved
	return rep
}

// firefoxNetworkError is String(e) for the TypeError of a failed fetch.
const firefoxNetworkError = "TypeError: NetworkError when attempting to fetch resource."

// firefoxBlockingLine picks the console line that says why a request was
// blocked: the first error-level line.
// firefoxReasonOf returns the reason code of the first error line that
// carries one: Firefox can log another line first (a redirect to file:
// logs a security error, then CORSDidNotSucceed).
func firefoxReasonOf(lines []ConsoleLine) string {
	for _, l := range lines {
		if l.Level == "error" {
			if r := FirefoxReasonFromConsole(l.Text); r != "" {
				return r
			}
		}
	}
	return ""
}

func firefoxBlockingLine(lines []ConsoleLine) string {
	for _, l := range lines {
		if l.Level == "error" {
			return l.Text
		}
	}
	return ""
}

// firefoxReasons maps the reason part of Firefox's "Cross-Origin Request
// Blocked" console line to its reason code (security.properties; the
// codes are the MDN page names, without the version suffixes the
// properties keys carry).
var firefoxReasons = []struct{ prefix, code string }{
	{"(Reason: CORS disabled)", "CORSDisabled"},
	{"(Reason: CORS request did not succeed)", "CORSDidNotSucceed"},
	{"(Reason: CORS header ‘Origin’ cannot be added)", "CORSOriginHeaderNotAdded"},
	{"(Reason: CORS request external redirect not allowed)", "CORSExternalRedirectNotAllowed"},
	{"(Reason: CORS request not http)", "CORSRequestNotHttp"},
	{"(Reason: CORS header ‘Access-Control-Allow-Origin’ missing)", "CORSMissingAllowOrigin"},
	{"(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)", "CORSMultipleAllowOriginNotAllowed"},
	{"(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ", "CORSAllowOriginNotMatchingOrigin"},
	{"(Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)", "CORSNotSupportingCredentials"},
	{"(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)", "CORSMethodNotFound"},
	{"(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)", "CORSMissingAllowCredentials"},
	{"(Reason: CORS preflight response did not succeed)", "CORSPreflightDidNotSucceed"},
	{"(Reason: CORS preflight channel did not succeed)", "CORSPreflightDidNotSucceed"},
	{"(Reason: invalid token ", "?"}, // resolved below: Methods or Headers
	{"(Reason: header ‘", "CORSMissingAllowHeaderFromPreflight"},
	{"(Reason: missing token ", "CORSMissingAllowHeaderFromPreflight"},
}

// FirefoxReasonFromConsole derives Firefox's reason code from its console
// line ("Cross-Origin Request Blocked: ... (Reason: CORS header
// ‘Access-Control-Allow-Origin’ missing). Status code: 200." gives
// CORSMissingAllowOrigin). It returns "" for a line that gives no reason.
func FirefoxReasonFromConsole(line string) string {
	if !strings.HasPrefix(line, "Cross-Origin Request Blocked:") {
		return ""
	}
	i := strings.LastIndex(line, "(Reason: ")
	if i < 0 {
		return ""
	}
	rest := line[i:]
	for _, r := range firefoxReasons {
		if !strings.HasPrefix(rest, r.prefix) {
			continue
		}
		if r.code != "?" {
			return r.code
		}
		switch {
		case strings.Contains(rest, "‘Access-Control-Allow-Methods’"):
			return "CORSInvalidAllowMethod"
		case strings.Contains(rest, "‘Access-Control-Allow-Headers’"):
			return "CORSInvalidAllowHeader"
		}
	}
	return ""
}
