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
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/corsim/corsim/scenario"
)

// miniBrowserCandidates are tried in order by FindMiniBrowser (Debian's
// libwebkit2gtk-4.1-0 ships MiniBrowser beside the web process).
var miniBrowserCandidates = []string{
	"/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
	"/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
	"/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
	"/usr/libexec/webkit2gtk-4.1/MiniBrowser",
	"MiniBrowser",
}

// FindMiniBrowser returns WebKitGTK's MiniBrowser: $CORSIM_MINIBROWSER if
// set, else the first of the usual places that has it.
func FindMiniBrowser() (string, error) {
	return findBinary("CORSIM_MINIBROWSER", miniBrowserCandidates,
		"no WebKitGTK MiniBrowser found (tried /usr/lib/<arch>/webkit2gtk-4.1/MiniBrowser; set CORSIM_MINIBROWSER, or install Debian's libwebkit2gtk-4.1-0, which webkit2gtk-driver pulls in)")
}

// WebKit is WebKitGTK's MiniBrowser under an X server (Xvfb unless
// $DISPLAY is set), with the loopback servers behind a proxy.
//
// WebKitWebDriver drives the same browser, but Debian's build has no
// WebDriver BiDi (a session asking for webSocketUrl is refused) and the
// browser it starts ignores the setting that writes console messages out,
// so the CORS console lines cannot be had through it. Instead each
// scenario gets a MiniBrowser process of its own (a fresh network process:
// empty preflight cache and cookie jar) started with that setting on; its
// page runs the scenario's fetch() calls and posts what script saw back to
// the servers, and the console lines come from the process's stderr.
// Processes start ahead (webkitAhead of them) on a waiting page and are
// sent to a scenario when its turn comes.
type WebKit struct {
	opts    Options
	version string
	servers *servers
	proxy   *proxy
	dir     string
	display string
	xvfb    *exec.Cmd

	mu        sync.Mutex
	instances map[int]*wkInstance
	nextID    int
	spare     chan *wkInstance
	wg        sync.WaitGroup
}

// A wkInstance is one MiniBrowser process.
type wkInstance struct {
	id     int
	cmd    *exec.Cmd
	logs   lineLog
	ready  chan struct{} // closed when its waiting page asks for work
	start  chan string   // the URL to go to
	exited chan struct{}
	once   sync.Once
	err    error
}

// StartWebKit starts an X server if needed, the servers and the proxy.
// Close it when done.
func StartWebKit(opts Options) (*WebKit, error) {
	if opts.ExecPath == "" {
		p, err := FindMiniBrowser()
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
	dir, err := os.MkdirTemp("", "corsim-webkit-")
	if err != nil {
		srv.close()
		return nil, err
	}
	w := &WebKit{opts: opts, servers: srv, dir: dir, instances: make(map[int]*wkInstance), spare: make(chan *wkInstance, webkitAhead)}
	srv.launch = w.launchPage
	if w.proxy, err = newProxy(srv); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.startDisplay(); err != nil {
		w.Close()
		return nil, err
	}
	vc := exec.Command(opts.ExecPath, "--version")
	vc.Env = append(os.Environ(), "DISPLAY="+w.display)
	out, err := vc.Output()
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("%s --version: %v", opts.ExecPath, err)
	}
	w.version = strings.Replace(strings.TrimSpace(string(out)), "WebKitGTK ", "WebKitGTK/", 1)
	for range webkitAhead {
		w.spare <- w.launch()
	}
	return w, nil
}

// webkitAhead is how many MiniBrowser processes start ahead of the
// scenarios that will use them: start-up (1.3 to 4.6 s here) takes longer
// than most scenarios.
const webkitAhead = 2

// startDisplay uses $DISPLAY when set, else starts Xvfb on a free display.
func (w *WebKit) startDisplay() error {
	if d := os.Getenv("DISPLAY"); d != "" {
		w.display = d
		return nil
	}
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		return errors.New("WebKitGTK needs an X display: set DISPLAY, or install Debian's xvfb package")
	}
	r, wr, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{wr}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		wr.Close()
		return fmt.Errorf("starting Xvfb: %w", err)
	}
	wr.Close()
	w.xvfb = cmd
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	select {
	case n := <-num:
		if _, err := strconv.Atoi(n); err != nil {
			return fmt.Errorf("Xvfb did not report a display number (got %q)", n)
		}
		w.display = ":" + n
		return nil
	case <-time.After(20 * time.Second):
		return errors.New("Xvfb did not start within 20 s")
	}
}

// launch starts a MiniBrowser process on a waiting page.
func (w *WebKit) launch() *wkInstance {
	w.mu.Lock()
	w.nextID++
	in := &wkInstance{id: w.nextID, ready: make(chan struct{}), start: make(chan string, 1), exited: make(chan struct{})}
	w.instances[in.id] = in
	w.mu.Unlock()

	cache := filepath.Join(w.dir, "cache")
	data := filepath.Join(w.dir, "data-"+strconv.Itoa(in.id))
	cmd := exec.Command(w.opts.ExecPath,
		"--enable-write-console-messages-to-stdout=true",
		"--cookies-policy=always",
		"--ignore-tls-errors",
		"--proxy=http://"+w.proxy.addr(),
		"http://"+launchHost+"/wait?id="+strconv.Itoa(in.id))
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display, "NO_AT_BRIDGE=1", "GTK_A11Y=none",
		"XDG_CACHE_HOME="+cache, "XDG_DATA_HOME="+data, "XDG_CONFIG_HOME="+data)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		in.err = fmt.Errorf("starting MiniBrowser (%s): %w", w.opts.ExecPath, err)
		close(in.exited)
		return in
	}
	in.cmd = cmd
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		readConsole(stderr, &in.logs)
		cmd.Wait()
		close(in.exited)
	}()
	return in
}

// kill stops an instance and everything it started.
func (w *WebKit) kill(in *wkInstance) {
	in.once.Do(func() {
		if in.cmd != nil && in.cmd.Process != nil {
			syscall.Kill(-in.cmd.Process.Pid, syscall.SIGKILL)
			<-in.exited
		}
		w.mu.Lock()
		delete(w.instances, in.id)
		w.mu.Unlock()
		os.RemoveAll(filepath.Join(w.dir, "data-"+strconv.Itoa(in.id)))
	})
}

// launchPage answers the waiting page and its poll for work.
func (w *WebKit) launchPage(bw *bufio.Writer, req *rawRequest) bool {
	path, query, _ := strings.Cut(req.target, "?")
	id, _ := strconv.Atoi(strings.TrimPrefix(query, "id="))
	w.mu.Lock()
	in := w.instances[id]
	w.mu.Unlock()
	switch {
	case in == nil:
		return writeResponse(bw, req.method, notFound)
	case path == "/wait":
		body := `<!doctype html><meta charset=utf-8><link rel=icon href="data:,"><title>corsim: waiting</title><script>
(async () => {
  for (;;) {
    try {
      const r = await fetch("/next?id=` + strconv.Itoa(id) + `", {cache: "no-store"});
      if (r.status === 200) { location.replace(await r.text()); return; }
    } catch (e) {}
  }
})();
</script>`
		return writeResponse(bw, req.method, scenario.Response{Status: 200, Headers: []scenario.Header{
			{Name: "Content-Type", Value: "text/html; charset=utf-8"}, {Name: "Cache-Control", Value: "no-store"}}, Body: body})
	case path == "/next":
		select {
		case <-in.ready:
		default:
			close(in.ready)
		}
		select {
		case u := <-in.start:
			bw.WriteString("HTTP/1.1 200 OK\r\nCache-Control: no-store\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: " + strconv.Itoa(len(u)) + "\r\n\r\n" + u)
			return false
		case <-time.After(20 * time.Second):
			return writeResponse(bw, req.method, scenario.Response{Status: 204, Headers: []scenario.Header{{Name: "Cache-Control", Value: "no-store"}}})
		case <-in.exited:
			return false
		}
	}
	return writeResponse(bw, req.method, notFound)
}

// readConsole turns MiniBrowser's console output ("[URL:line:col: ]CONSOLE
// [SOURCE ]LEVEL message", further lines of a message unprefixed) into
// console lines.
func readConsole(r io.Reader, l *lineLog) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var cur *ConsoleLine
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimRight(cur.Text, "\n")
			l.add(*cur)
			cur = nil
		}
	}
	for sc.Scan() {
		text := sc.Text()
		i := strings.Index(text, "CONSOLE ")
		if i < 0 || (i > 0 && !strings.HasSuffix(text[:i], ": ")) {
			if cur != nil {
				cur.Text += "\n" + text
			}
			continue
		}
		flush()
		cur = parseConsoleLine(text[i+len("CONSOLE "):])
	}
	flush()
}

// webkitLevels are the level words MiniBrowser prints.
var webkitLevels = map[string]string{"LOG": "log", "INFO": "info", "DEBUG": "debug", "WARN": "warning", "WARNING": "warning", "ERROR": "error"}

func parseConsoleLine(s string) *ConsoleLine {
	first, rest, _ := strings.Cut(s, " ")
	if lv, ok := webkitLevels[first]; ok {
		return &ConsoleLine{Via: "stderr", Source: "console-api", Level: lv, Text: rest}
	}
	second, msg, _ := strings.Cut(rest, " ")
	lv, ok := webkitLevels[second]
	if !ok {
		return &ConsoleLine{Via: "stderr", Source: strings.ToLower(first), Level: strings.ToLower(second), Text: msg}
	}
	return &ConsoleLine{Via: "stderr", Source: strings.ToLower(first), Level: lv, Text: msg}
}

// Name returns "webkit".
func (w *WebKit) Name() string { return "webkit" }

// Version is e.g. "WebKitGTK/2.50.6".
func (w *WebKit) Version() string { return w.version }

// Close stops every MiniBrowser, the X server it started, the proxy and
// the servers, and removes the temporary files.
func (w *WebKit) Close() error {
	w.mu.Lock()
	var all []*wkInstance
	for _, in := range w.instances {
		all = append(all, in)
	}
	w.mu.Unlock()
	for _, in := range all {
		w.kill(in)
	}
	w.wg.Wait()
	if w.xvfb != nil && w.xvfb.Process != nil {
		syscall.Kill(-w.xvfb.Process.Pid, syscall.SIGTERM)
		w.xvfb.Wait()
	}
	if w.proxy != nil {
		w.proxy.close()
	}
	w.servers.close()
	return os.RemoveAll(w.dir)
}

// Run runs one scenario in a MiniBrowser process of its own and reports
// what WebKit did. It checks the scenario's expect block too.
func (w *WebKit) Run(ctx context.Context, s *scenario.Scenario) *Report {
	start := time.Now()
	r := w.run(ctx, s)
	r.Duration = time.Since(start)
	return r
}

// webkitReport is what the page posts: its origin and one fetch script
// result per request.
type webkitReport struct {
	Origin  string   `json:"origin"`
	Results []string `json:"results"`
}

// markPrefix starts the console line the page prints before each request.
const markPrefix = "corsim-request "

func (w *WebKit) run(ctx context.Context, s *scenario.Scenario) *Report {
	rep := &Report{Name: s.Name}
	p, rt := prepare(w.servers, w.opts, s, rep)
	if p == nil {
		return rep
	}
	defer w.servers.current.CompareAndSwap(rt, nil)
	fail := func(format string, args ...any) *Report {
		rep.Status, rep.Reason = StatusError, fmt.Sprintf(format, args...)
		return rep
	}
	page, err := runnerPage(p.baseURL, s.Requests)
	if err != nil {
		return fail("%v", err)
	}
	rt.pageBody = page
	rt.report = make(chan []byte, 1)

	in := <-w.spare
	w.spare <- w.launch()
	defer w.kill(in)
	if in.err != nil {
		return fail("%v", in.err)
	}
	wait := 30*time.Second + time.Duration(len(s.Requests))*w.opts.FetchTimeout
	for _, r := range s.Requests {
		wait += time.Duration(r.After * float64(time.Second))
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-in.ready:
	case <-in.exited:
		return fail("MiniBrowser exited before it loaded its waiting page")
	case <-timer.C:
		return fail("MiniBrowser did not load its waiting page within %v", wait)
	case <-ctx.Done():
		return fail("interrupted")
	}
	in.start <- rt.start
	var raw []byte
	select {
	case raw = <-rt.report:
	case <-in.exited:
		return fail("MiniBrowser exited before the page reported")
	case <-timer.C:
		return fail("the page did not report within %v", wait)
	case <-ctx.Done():
		return fail("interrupted")
	}
	// The page prints a last line after its requests; every console line
	// of theirs is in by then.
	in.logs.settle(0, func(c ConsoleLine) bool { return c.Text == markPrefix+"done" }, quiet, 2*time.Second)

	var wr webkitReport
	if err := json.Unmarshal(raw, &wr); err != nil {
		return fail("decoding the page's report %q: %v", raw, err)
	}
	rep.PageOrigin = wr.Origin
	if wr.Origin != p.pageOrigin {
		return fail("the page's origin is %q, want %q (the page did not load as the scenario says)", wr.Origin, p.pageOrigin)
	}
	if len(wr.Results) != len(s.Requests) {
		return fail("the page reported %d results for %d requests", len(wr.Results), len(s.Requests))
	}

	// Split the wire and the console by request: the page marks each
	// request's start on the console and in the servers' log.
	recs := rt.requests()
	lines := in.logs.since(0)
	for i := range s.Requests {
		var fr fetchResult
		if err := json.Unmarshal([]byte(wr.Results[i]), &fr); err != nil {
			return fail("request %d: decoding the script's report %q: %v", i+1, wr.Results[i], err)
		}
		obs := newObservation(p, requestSlice(recs, i), s.Name, "webkit", fr)
		obs.Details.Console = consoleSlice(lines, i)
		if obs.Result.Outcome == "blocked" {
			obs.Result.Console = webkitBlockingLine(obs.Details.Console)
		}
		if s.Sequence {
			obs.Result.Name = fmt.Sprintf("%s[%d]", s.Name, i)
		}
		obs.Checks = check(s.Engine, "webkit", s.Expect[i], obs)
		rep.Requests = append(rep.Requests, *obs)
	}
	rep.Status = StatusObserved
	return rep
}

// markPath is requested by the page before each request (with ?N), so the
// servers' log shows where each request's traffic starts.
const markPath = "/__corsim__/mark"

// requestSlice returns the recorded requests between the page's marks for
// request i and i+1.
func requestSlice(recs []recorded, i int) []recorded {
	start, end := -1, len(recs)
	for j, r := range recs {
		if !r.Page {
			continue
		}
		_, target, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(r.URL, "http://"), "https://"), "/")
		if !strings.HasPrefix("/"+target, markPath+"?") {
			continue
		}
		n, _ := strconv.Atoi(strings.TrimPrefix("/"+target, markPath+"?"))
		if n == i {
			start = j + 1
		} else if n == i+1 {
			end = j
			break
		}
	}
	if start < 0 {
		return nil
	}
	return recs[start:end]
}

// consoleSlice returns the console lines between the marks of request i
// and the next, without the marks.
func consoleSlice(lines []ConsoleLine, i int) []ConsoleLine {
	var out []ConsoleLine
	in := false
	for _, l := range lines {
		if l.Source == "console-api" && strings.HasPrefix(l.Text, markPrefix) {
			in = l.Text == markPrefix+strconv.Itoa(i)
			continue
		}
		if in {
			out = append(out, l)
		}
	}
	return out
}

// webkitBlockingLine picks the console line that says why a request was
// blocked: WebKit prints the specific reason (source security or network)
// and then a generic "Fetch API cannot load ... due to access control
// checks." (source js); the first error line other than that one wins.
//
// Mixed content is the exception: WebKit prints the reason as a warning
// ("[blocked] The page at ... requested insecure content from ...") and then
// only "Not allowed to request resource" as an error; the warning wins.
func webkitBlockingLine(lines []ConsoleLine) string {
	for _, l := range lines {
		if l.Source == "security" && strings.HasPrefix(l.Text, "[blocked] ") {
			return l.Text
		}
	}
	generic := ""
	for _, l := range lines {
		if l.Level != "error" || l.Source == "console-api" {
			continue
		}
		if l.Source != "js" {
			return l.Text
		}
		if generic == "" {
			generic = l.Text
		}
	}
	return generic
}

// runnerPage is the page of a self-reporting scenario: it runs each
// request's fetch script in turn (waiting out "after"), marks where each
// request starts, and posts the results to reportPath on its own origin.
func runnerPage(base string, reqs []scenario.Request) (string, error) {
	var steps strings.Builder
	for _, r := range reqs {
		js, err := fetchScript(r)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&steps, "  {after: %d, run: () => %s},\n", int64(r.After*1000), js)
	}
	script := `
const steps = [
` + steps.String() + `];
const pause = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  const out = {origin: self.origin, results: []};
  for (let i = 0; i < steps.length; i++) {
    if (steps[i].after) await pause(steps[i].after);
    try { await fetch("` + markPath + `?" + i, {mode: "no-cors", cache: "no-store"}); } catch (e) {}
    console.log("` + markPrefix + `" + i);
    out.results.push(await steps[i].run());
    await pause(100);
  }
  try { await fetch("` + markPath + `?" + steps.length, {mode: "no-cors", cache: "no-store"}); } catch (e) {}
  console.log("` + markPrefix + `done");
  await fetch("` + reportPath + `", {method: "POST", mode: "no-cors", body: JSON.stringify(out)});
})();
`
	return pageHTML(base) + "<script>" + strings.ReplaceAll(script, "</", `<\/`) + "</script>", nil
}
