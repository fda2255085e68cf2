package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/corsim/corsim/scenario"
)

// Run runs one scenario in a fresh browser context and reports what the
// browser did. It checks the scenario's expect block too. Run never panics
// on bad input; problems are reported as StatusError.
func (b *Browser) Run(ctx context.Context, s *scenario.Scenario) *Report {
	start := time.Now()
	r := b.run(ctx, s)
	r.Duration = time.Since(start)
	return r
}

func (b *Browser) run(ctx context.Context, s *scenario.Scenario) *Report {
	rep := &Report{Name: s.Name}
	if len(s.Policy) > 0 {
		rep.Status, rep.Reason = StatusUnsupported, "unsupported: policy servers"
		return rep
	}
	for _, r := range s.Requests {
		if r.After > b.opts.MaxAfter.Seconds() {
			rep.Status = StatusUnobservable
			rep.Reason = fmt.Sprintf("unobservable: after=%g (longer than %g s cannot be waited out in real time)", r.After, b.opts.MaxAfter.Seconds())
			return rep
		}
	}
	p, err := makePlan(s)
	if err != nil {
		rep.Status, rep.Reason = StatusError, err.Error()
		return rep
	}
	for _, e := range p.endpoints {
		if err := b.servers.ensure(e); err != nil {
			rep.Status, rep.Reason = StatusError, err.Error()
			return rep
		}
	}
	rep.ServedAt, rep.PageURL = p.pageURL, p.baseURL
	rt := &routes{answers: p.answers, pageURL: p.pageURL, pageHeaders: p.pageHeaders, pageBody: pageHTML(p.baseURL)}
	b.servers.current.Store(rt)
	defer b.servers.current.CompareAndSwap(rt, nil)

	tb, err := b.takeTab()
	if err != nil {
		rep.Status, rep.Reason = StatusError, err.Error()
		return rep
	}
	defer b.dropTab(tb)
	col := tb.col
	tctx, stop := context.WithTimeout(tb.ctx, 30*time.Second+time.Duration(len(s.Requests))*b.opts.FetchTimeout)
	defer stop()
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-tctx.Done():
		}
	}()

	// Set the cookies and load the page.
	err = chromedp.Do(tctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		cookies, err := cookieParams(p)
		if err != nil {
			return err
		}
		if len(cookies) > 0 {
			if _, err := cdp.Call(ctx, t, network.SetCookies, network.SetCookiesParams{Cookies: cookies}); err != nil {
				return fmt.Errorf("setting cookies: %w", err)
			}
		}
		return nil
	}), chromedp.Navigate(p.pageURL))
	if err != nil {
		rep.Status, rep.Reason = StatusError, "loading the page "+p.pageURL+": "+err.Error()
		return rep
	}
	origin, err := chromedp.Run(tctx, chromedp.Evaluate[string]("self.origin"))
	if err != nil {
		rep.Status, rep.Reason = StatusError, "reading the page's origin: "+err.Error()
		return rep
	}
	rep.PageOrigin = origin
	if origin != p.pageOrigin {
		rep.Status = StatusError
		rep.Reason = fmt.Sprintf("the page's origin is %q, want %q (the page did not load as the scenario says)", origin, p.pageOrigin)
		return rep
	}

	for i, req := range s.Requests {
		if req.After > 0 {
			select {
			case <-time.After(time.Duration(req.After * float64(time.Second))):
			case <-tctx.Done():
			}
		}
		obs, err := b.fetch(tctx, p, rt, col, s, req)
		if err != nil {
			rep.Status = StatusError
			rep.Reason = fmt.Sprintf("request %d: %v", i+1, err)
			return rep
		}
		if s.Sequence {
			obs.Result.Name = fmt.Sprintf("%s[%d]", s.Name, i)
		}
		obs.Checks = check(s.Engine, "chromium", s.Expect[i], obs)
		rep.Requests = append(rep.Requests, *obs)
	}
	rep.Status = StatusObserved
	return rep
}

// fetchResult is what the page's script reports back.
type fetchResult struct {
	OK         bool        `json:"ok"`
	Error      string      `json:"error"`
	Type       string      `json:"type"`
	Status     int         `json:"status"`
	URL        string      `json:"url"`
	Redirected bool        `json:"redirected"`
	Headers    [][2]string `json:"headers"`
	Body       string      `json:"body"`
	BodyError  string      `json:"bodyError"`
}

// fetchScript is the script that runs one fetch() and reports what script
// sees. It never rejects: an exception becomes the error field.
func fetchScript(req scenario.Request) (string, error) {
	var init strings.Builder
	init.WriteString("{")
	field := func(k string, v any) error {
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if init.Len() > 1 {
			init.WriteString(",")
		}
		fmt.Fprintf(&init, "%q:%s", k, j)
		return nil
	}
	if req.Method != "" {
		field("method", req.Method)
	}
	if len(req.Headers) > 0 {
		pairs := make([][2]string, len(req.Headers))
		for i, h := range req.Headers {
			pairs[i] = [2]string{h.Name, h.Value}
		}
		field("headers", pairs)
	}
	if req.Body != nil {
		field("body", *req.Body)
	}
	field("mode", req.Mode)
	field("credentials", req.Credentials)
	field("redirect", req.Redirect)
	init.WriteString("}")
	u, err := json.Marshal(req.URL)
	if err != nil {
		return "", err
	}
	return `(async () => {
  const out = {ok: false};
  try {
    const r = await fetch(` + string(u) + `, ` + init.String() + `);
    out.ok = true;
    out.type = r.type; out.status = r.status; out.url = r.url; out.redirected = r.redirected;
    out.headers = [...r.headers];
    try { out.body = await r.text(); } catch (e) { out.bodyError = String(e); }
  } catch (e) {
    out.error = String(e);
  }
  return JSON.stringify(out);
})()`, nil
}

// fetch runs one request of the scenario in the loaded page.
func (b *Browser) fetch(ctx context.Context, p *plan, rt *routes, col *collector, s *scenario.Scenario, req scenario.Request) (*Observation, error) {
	js, err := fetchScript(req)
	if err != nil {
		return nil, err
	}
	wireMark := len(rt.requests())
	evMark := col.mark()

	fctx, cancel := context.WithTimeout(ctx, b.opts.FetchTimeout)
	defer cancel()
	raw, err := chromedp.Run(fctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("fetch() did not settle within %v", b.opts.FetchTimeout)
		}
		return nil, fmt.Errorf("running fetch(): %w", err)
	}
	var fr fetchResult
	if err := json.Unmarshal([]byte(raw), &fr); err != nil {
		return nil, fmt.Errorf("decoding the script's report %q: %w", raw, err)
	}
	// A fetch that failed on the network side always prints a console
	// line; wait for it too. A TypeError thrown by fetch() itself prints
	// nothing.
	col.settle(ctx, evMark, !fr.OK && fr.Error == "TypeError: Failed to fetch")

	obs := newObservation(p, rt.requests()[wireMark:], s.Name, "chromium", fr)
	res := &obs.Result
	det := &obs.Details

	// What the browser reported while the request ran.
	for _, ev := range col.since(evMark) {
		switch e := ev.(type) {
		case *network.EventLoadingFailed:
			nf := NetFailure{Type: string(e.Type), ErrorText: e.ErrorText, BlockedReason: string(e.BlockedReason), URL: col.url(e.RequestID)}
			if e.CorsErrorStatus != nil {
				nf.CorsError = string(e.CorsErrorStatus.CorsError)
				nf.FailedParameter = e.CorsErrorStatus.FailedParameter
				if res.CorsError == "" {
					res.CorsError, det.FailedParameter, det.CorsErrorSource = nf.CorsError, nf.FailedParameter, "loadingFailed"
				}
			}
			det.NetFailures = append(det.NetFailures, nf)
		case *audits.EventIssueAdded:
			if e.Issue == nil || e.Issue.Details == nil {
				continue
			}
			if ci := e.Issue.Details.CorsIssueDetails; ci != nil {
				c := CorsIssue{IsWarning: ci.IsWarning}
				if ci.CorsErrorStatus != nil {
					c.CorsError = string(ci.CorsErrorStatus.CorsError)
					c.FailedParameter = ci.CorsErrorStatus.FailedParameter
				}
				if ci.Request != nil {
					c.URL = ci.Request.URL
				}
				det.CorsIssues = append(det.CorsIssues, c)
			} else {
				det.OtherIssues = append(det.OtherIssues, issueText(e.Issue))
			}
		case *log.EventEntryAdded:
			if e.Entry != nil {
				det.Console = append(det.Console, ConsoleLine{Via: "log", Source: string(e.Entry.Source), Level: string(e.Entry.Level), Text: e.Entry.Text})
			}
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range e.Args {
				if a.Value != nil {
					var s string
					if json.Unmarshal(a.Value, &s) == nil {
						parts = append(parts, s)
						continue
					}
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			det.Console = append(det.Console, ConsoleLine{Via: "console", Level: string(e.Type), Text: strings.Join(parts, " ")})
		case *runtime.EventExceptionThrown:
			if e.ExceptionDetails != nil {
				t := e.ExceptionDetails.Text
				if e.ExceptionDetails.Exception != nil {
					t += " " + e.ExceptionDetails.Exception.Description
				}
				det.Console = append(det.Console, ConsoleLine{Via: "exception", Level: "error", Text: t})
			}
		}
	}
	// DisallowedByMode (and any CorsError without a loadingFailed) comes
	// through the issue reports only.
	if res.CorsError == "" && res.Outcome == "blocked" {
		for _, c := range det.CorsIssues {
			if !c.IsWarning && c.CorsError != "" {
				res.CorsError, det.FailedParameter, det.CorsErrorSource = c.CorsError, c.FailedParameter, "audits"
				break
			}
		}
	}
	if res.Outcome == "blocked" {
		res.Console = blockingLine(det.Console)
	}
	return obs, nil
}

// blockingLine picks the console line that says why a request was blocked:
// the first error-level line other than the generic "Failed to load
// resource: net::ERR_..." network line, or that line when it is the only
// one (a bad port, a refused connection).
func blockingLine(lines []ConsoleLine) string {
	generic := ""
	for _, l := range lines {
		if l.Via != "log" || l.Level != "error" {
			continue
		}
		if !strings.HasPrefix(l.Text, "Failed to load resource") {
			return l.Text
		}
		if generic == "" {
			generic = l.Text
		}
	}
	return generic
}

// issueText names an Audits issue other than a CorsIssue, with the detail
// that tells what it is about.
func issueText(is *audits.InspectorIssue) string {
	s := string(is.Code)
	d := is.Details
	switch {
	case d.DeprecationIssueDetails != nil:
		s += ": " + d.DeprecationIssueDetails.Type
	case d.MixedContentIssueDetails != nil:
		s += ": " + string(d.MixedContentIssueDetails.ResolutionStatus) + " " + d.MixedContentIssueDetails.InsecureURL
	case d.CookieIssueDetails != nil:
		c := d.CookieIssueDetails
		s += ": " + string(c.Operation)
		for _, r := range c.CookieWarningReasons {
			s += " " + string(r)
		}
		for _, r := range c.CookieExclusionReasons {
			s += " " + string(r)
		}
		if c.Cookie != nil {
			s += " (" + c.Cookie.Name + ")"
		}
	case d.GenericIssueDetails != nil:
		s += ": " + string(d.GenericIssueDetails.ErrorType)
	case d.BlockedByResponseIssueDetails != nil:
		s += ": " + string(d.BlockedByResponseIssueDetails.Reason)
	}
	return s
}

// collector keeps the events of one tab.
type collector struct {
	mu     sync.Mutex
	events []any
	last   time.Time
	urls   map[network.RequestID]string
}

func (c *collector) add(ev any) {
	switch ev.(type) {
	case *network.EventRequestWillBeSent, *network.EventLoadingFailed, *network.EventLoadingFinished,
		*audits.EventIssueAdded, *log.EventEntryAdded, *runtime.EventConsoleAPICalled, *runtime.EventExceptionThrown:
	default:
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Request != nil {
		if c.urls == nil {
			c.urls = make(map[network.RequestID]string)
		}
		if _, seen := c.urls[e.RequestID]; !seen {
			c.urls[e.RequestID] = e.Request.URL
		}
	}
	c.events = append(c.events, ev)
	c.last = time.Now()
}

func (c *collector) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.events)
}

func (c *collector) since(mark int) []any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]any(nil), c.events[mark:]...)
}

func (c *collector) url(id network.RequestID) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.urls[id]
}

// quiet is how long the event stream must stay silent, with every request
// finished, before a request's observation is complete. Issue reports and
// console lines arrive from the browser process shortly after the promise
// settles in the page.
const quiet = 40 * time.Millisecond

// settle waits until every network request started since mark has finished
// or failed, an error-level console line has arrived when needConsole is
// set, and no event has arrived for the quiet period (at most 2 s).
func (c *collector) settle(ctx context.Context, mark int, needConsole bool) {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		c.mu.Lock()
		open := make(map[network.RequestID]bool)
		console := false
		for _, ev := range c.events[mark:] {
			switch e := ev.(type) {
			case *network.EventRequestWillBeSent:
				open[e.RequestID] = true
			case *network.EventLoadingFailed:
				delete(open, e.RequestID)
			case *network.EventLoadingFinished:
				delete(open, e.RequestID)
			case *log.EventEntryAdded:
				if e.Entry != nil && e.Entry.Level == log.EntryLevelError {
					console = true
				}
			}
		}
		idle := time.Since(c.last) >= quiet
		c.mu.Unlock()
		if len(open) == 0 && idle && (console || !needConsole) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// probeCookie names the cookie the harness sets on every target origin so
// the Cookie header shows whether the browser attached cookies.
func probeCookie(u *url.URL) string {
	return "corsim_probe_" + u.Scheme + "_" + u.Port()
}

// cookieParams are the probe cookies and the scenario's own cookies.
func cookieParams(p *plan) ([]*network.CookieParam, error) {
	var out []*network.CookieParam
	for _, t := range p.targets {
		c := &network.CookieParam{Name: probeCookie(t), Value: "1", URL: t.String() + "/", Path: "/"}
		if t.Scheme == "https" || isLoopbackHost(t.Hostname()) {
			c.Secure, c.SameSite = true, network.CookieSameSiteNone
		} else {
			c.SameSite = network.CookieSameSiteLax
		}
		out = append(out, c)
	}
	for _, s := range p.cookies {
		c, err := parseCookie(s, p.cookieURL)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// parseCookie turns "name=value[; attributes]" into a CDP cookie set on u.
func parseCookie(s, u string) (*network.CookieParam, error) {
	parts := strings.Split(s, ";")
	name, value, ok := strings.Cut(parts[0], "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return nil, fmt.Errorf("cookies: %q does not start with name=value", s)
	}
	c := &network.CookieParam{Name: name, Value: strings.TrimSpace(value), URL: u}
	for _, a := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(a), "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "":
		case "domain":
			c.Domain = strings.TrimSpace(v)
		case "path":
			c.Path = strings.TrimSpace(v)
		case "secure":
			c.Secure = true
		case "httponly":
			c.HTTPOnly = true
		case "samesite":
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "none":
				c.SameSite = network.CookieSameSiteNone
			case "lax":
				c.SameSite = network.CookieSameSiteLax
			case "strict":
				c.SameSite = network.CookieSameSiteStrict
			default:
				return nil, fmt.Errorf("cookies: %q: SameSite must be None, Lax or Strict", s)
			}
		default:
			return nil, fmt.Errorf("cookies: %q: attribute %q is not supported (Domain, Path, Secure, HttpOnly, SameSite)", s, k)
		}
	}
	return c, nil
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// A tab is a page target in a browser context of its own, with Audits on
// and a collector for its events.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
	col    *collector
	err    error
}

// newTab opens a tab in a new browser context. Off-the-record contexts
// start with an empty preflight cache, HTTP cache and cookie jar.
func (b *Browser) newTab() *tab {
	t := &tab{col: &collector{}}
	t.ctx, t.cancel = chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(t.col.add))
	// The first Run creates the target; it lives as long as t.ctx.
	t.err = chromedp.Do(t.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, audits.Enable, cdp.Empty{}); err != nil {
			return fmt.Errorf("Audits.enable: %w", err)
		}
		return nil
	}))
	if t.err != nil {
		t.err = fmt.Errorf("opening a tab in a new browser context: %w", t.err)
	}
	return t
}

// takeTab returns a fresh tab, and starts preparing the next one so that
// opening a tab (a few hundred milliseconds) overlaps the scenario.
func (b *Browser) takeTab() (*tab, error) {
	t, ok := <-b.spare
	if !ok {
		return nil, errors.New("the browser is closed")
	}
	b.tabs.Add(1)
	go func() {
		defer b.tabs.Done()
		b.spare <- b.newTab()
	}()
	if t.err != nil {
		b.dropTab(t)
		return nil, t.err
	}
	return t, nil
}

// dropTab closes a tab and disposes of its browser context in the
// background.
func (b *Browser) dropTab(t *tab) {
	b.tabs.Add(1)
	go func() {
		defer b.tabs.Done()
		t.cancel()
	}()
}
