package harness

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/scenario"
)

// This file holds what Firefox and WebKit share: both are driven by loading
// a page and running script in it, without a protocol that reports network
// events, so cookies are set by the servers themselves and console lines
// are read from a log the driver fills.

// prepare checks that s can run, plans it and installs its routes on the
// servers. It returns nil after setting rep's status when s cannot run.
// The caller must uninstall the routes (servers.current.CompareAndSwap(rt,
// nil)) when done.
func prepare(sv *servers, opts Options, s *scenario.Scenario, rep *Report) (*plan, *routes) {
	if len(s.Policy) > 0 {
		rep.Status, rep.Reason = StatusUnsupported, "unsupported: policy servers"
		return nil, nil
	}
	for _, r := range s.Requests {
		if r.After > opts.MaxAfter.Seconds() {
			rep.Status = StatusUnobservable
			rep.Reason = fmt.Sprintf("unobservable: after=%g (longer than %g s cannot be waited out in real time)", r.After, opts.MaxAfter.Seconds())
			return nil, nil
		}
	}
	p, err := makePlan(s)
	if err != nil {
		rep.Status, rep.Reason = StatusError, err.Error()
		return nil, nil
	}
	for _, e := range p.endpoints {
		if err := sv.ensure(e); err != nil {
			rep.Status, rep.Reason = StatusError, err.Error()
			return nil, nil
		}
	}
	hops, first, err := cookieHops(p)
	if err != nil {
		rep.Status, rep.Reason = StatusError, err.Error()
		return nil, nil
	}
	rep.ServedAt, rep.PageURL = p.pageURL, p.baseURL
	rt := &routes{answers: p.answers, pageURL: p.pageURL, pageHeaders: p.pageHeaders, pageBody: pageHTML(p.baseURL),
		hops: hops, start: first}
	sv.current.Store(rt)
	return p, rt
}

// cookiePath is where the servers answer a cookie hop on a target origin.
const cookiePath = "/__corsim__/cookies"

// A hop is one redirect of the chain that sets cookies before the page
// loads: its answer carries Set-Cookie lines and sends the browser on.
type hop struct {
	setCookies []string
	location   string
}

// cookieHops plans the navigation that sets the probe cookie on every
// target origin (and the scenario's own cookies on its first request's
// origin) through Set-Cookie, as a site would, and ends on the page: one
// redirect per origin. It returns the hops by URL and the URL to navigate
// to first (the page itself when there is nothing to set).
func cookieHops(p *plan) (map[string]hop, string, error) {
	type origin struct {
		base    string
		cookies []string
	}
	var origins []*origin
	byBase := map[string]*origin{}
	add := func(base, cookie string) {
		o := byBase[base]
		if o == nil {
			o = &origin{base: base}
			byBase[base] = o
			origins = append(origins, o)
		}
		o.cookies = append(o.cookies, cookie)
	}
	for _, t := range p.targets {
		if fetch.IsBadPort(portOf(t)) {
			// The browser would not load the hop; nor will it send the
			// scenario's request there.
			continue
		}
		c := probeCookie(t) + "=1; Path=/"
		if t.Scheme == "https" || isLoopbackHost(t.Hostname()) {
			c += "; Secure; SameSite=None"
		} else {
			c += "; SameSite=Lax"
		}
		add(baseOf(t), c)
	}
	if len(p.cookies) > 0 {
		u, err := url.Parse(p.cookieURL)
		if err != nil {
			return nil, "", fmt.Errorf("cookies: %v", err)
		}
		for _, s := range p.cookies {
			c, err := parseCookie(s, p.cookieURL)
			if err != nil {
				return nil, "", err
			}
			line := strings.TrimSpace(s)
			if c.Path == "" {
				// What a cookie set by a response to the first request's
				// URL would get: the directory of its path.
				dir := path.Dir(u.EscapedPath())
				if dir == "." || !strings.HasPrefix(dir, "/") {
					dir = "/"
				}
				line += "; Path=" + dir
			}
			add(baseOf(targetOrigin(u)), line)
		}
	}
	hops := make(map[string]hop, len(origins))
	next := p.pageURL
	for i := len(origins) - 1; i >= 0; i-- {
		o := origins[i]
		u := o.base + cookiePath
		for n := 2; p.answers[u] != nil || u == p.pageURL; n++ {
			u = o.base + cookiePath + strconv.Itoa(n)
		}
		hops[u] = hop{setCookies: o.cookies, location: next}
		next = u
	}
	return hops, next, nil
}

// baseOf is an origin URL (scheme://host[:port], default port left out)
// in the servers' normalized form.
func baseOf(u *url.URL) string {
	return strings.TrimSuffix(normalizeURL(&url.URL{Scheme: u.Scheme, Host: u.Host}), "/")
}

// lineLog keeps the console lines a driver reads from the browser, in
// arrival order.
type lineLog struct {
	mu    sync.Mutex
	lines []ConsoleLine
	last  time.Time
}

func (l *lineLog) add(c ConsoleLine) {
	l.mu.Lock()
	l.lines = append(l.lines, c)
	l.last = time.Now()
	l.mu.Unlock()
}

func (l *lineLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

func (l *lineLog) since(mark int) []ConsoleLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ConsoleLine(nil), l.lines[mark:]...)
}

// settle waits until no line has arrived for the quiet period and, when
// needError is set, an error-level line has arrived since mark (at most
// max in all).
func (l *lineLog) settle(mark int, needError func(ConsoleLine) bool, quiet, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		found := needError == nil
		for _, c := range l.lines[mark:] {
			if needError != nil && needError(c) {
				found = true
			}
		}
		idle := time.Since(l.last) >= quiet
		l.mu.Unlock()
		if found && idle {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
