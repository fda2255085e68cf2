package harness

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/corsim/corsim/scenario"
)

// nullPageOrigin serves pages whose scenario says "page": "null"; the page
// gets Content-Security-Policy: sandbox allow-scripts, so its origin is
// opaque and the serving origin does not show.
const nullPageOrigin = "http://corsim-page.invalid"

// pagePath is where the page is served on its origin; a scenario URL with
// this path gets a numbered variant.
const pagePath = "/__corsim__/page"

// A plan is what running one scenario needs: the page, the servers and the
// fetch() calls.
type plan struct {
	pageURL     string // normalized URL the page is served at
	baseURL     string // the page's <base href>: relative request URLs resolve against it
	pageOrigin  string // the origin script should report as self.origin ("null" when opaque)
	opaque      bool
	pageHeaders []scenario.Header
	endpoints   []endpoint
	answers     map[string]map[string]scenario.Response
	// targets are the distinct scheme://host:port origins requests may
	// reach (request URLs, listed URLs, redirect targets), sorted.
	targets []*url.URL
	// cookies are the scenario's own cookies and the URL to set them on.
	cookies   []string
	cookieURL string
}

// normalizeURL serializes an absolute http(s) URL the way a server sees it
// (scheme, lower-case host, port unless default, path, query; no userinfo or
// fragment), so listed URLs match the Host header and request target the
// browser sends.
//
// NB: net/url is not the WHATWG URL parser; it is used only to key the
// servers' answers. A listed URL whose path the browser percent-encodes
// differently will not match and answers 404; write listed URLs in their
// serialized form.
func normalizeURL(u *url.URL) string {
	host := strings.ToLower(u.Host)
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	switch {
	case u.Scheme == "http" && strings.HasSuffix(host, ":80"):
		host = strings.TrimSuffix(host, ":80")
	case u.Scheme == "https" && strings.HasSuffix(host, ":443"):
		host = strings.TrimSuffix(host, ":443")
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	s := u.Scheme + "://" + host + path
	if u.RawQuery != "" || u.ForceQuery {
		s += "?" + u.RawQuery
	}
	return s
}

// parseHTTP parses s as an absolute http or https URL; it returns nil for
// anything else.
func parseHTTP(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

func portOf(u *url.URL) int {
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err == nil {
			return n
		}
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}

// makePlan works out the servers and the page for s. An error means the
// scenario cannot run in a browser as written.
func makePlan(s *scenario.Scenario) (*plan, error) {
	p := &plan{answers: make(map[string]map[string]scenario.Response)}
	eps := make(map[endpoint]bool)
	targets := make(map[string]*url.URL)
	addURL := func(u *url.URL, target bool) {
		if u == nil {
			return
		}
		eps[endpoint{u.Scheme, portOf(u)}] = true
		if target {
			o := targetOrigin(u)
			targets[o.String()] = o
		}
	}

	// The listed answers, keyed as the servers will see requests.
	for key, byMethod := range s.Responses {
		u := parseHTTP(key)
		if u == nil {
			return nil, fmt.Errorf("responses: %q is not an absolute http or https URL", key)
		}
		addURL(u, true)
		p.answers[normalizeURL(u)] = byMethod
		for _, a := range byMethod {
			if a.Status < 300 || a.Status > 399 {
				continue
			}
			for _, h := range a.Headers {
				if strings.EqualFold(h.Name, "Location") {
					if ref, err := url.Parse(strings.TrimSpace(h.Value)); err == nil {
						addURL(parseHTTP(u.ResolveReference(ref).String()), true)
					}
				}
			}
		}
	}

	// The page.
	pageBase := nullPageOrigin
	p.pageHeaders = s.PageHeaders
	if s.Page == "null" {
		p.opaque = true
		p.pageHeaders = append([]scenario.Header{{Name: "Content-Security-Policy", Value: "sandbox allow-scripts"}}, p.pageHeaders...)
	} else {
		u := parseHTTP(s.Page)
		if u == nil {
			return nil, fmt.Errorf("page: %q is not an http or https origin or URL (other page schemes cannot be served)", s.Page)
		}
		pageBase = u.Scheme + "://" + u.Host
		if u.Path == "" && u.RawQuery == "" {
			p.baseURL = pageBase + "/"
		} else {
			p.baseURL = s.Page
		}
		p.pageOrigin = normalizeURL(&url.URL{Scheme: u.Scheme, Host: u.Host})
		p.pageOrigin = strings.TrimSuffix(p.pageOrigin, "/")
	}
	for _, h := range p.pageHeaders {
		if strings.EqualFold(h.Name, "Content-Security-Policy") && cspSandboxesOrigin(h.Value) {
			p.opaque = true
		}
	}
	if p.opaque {
		p.pageOrigin = "null"
	}
	pu := parseHTTP(pageBase + pagePath)
	path := pagePath
	for n := 2; p.answers[normalizeURL(pu)] != nil; n++ {
		path = pagePath + strconv.Itoa(n)
		pu = parseHTTP(pageBase + path)
	}
	p.pageURL = normalizeURL(pu)
	addURL(pu, false)

	// The requests.
	for i, r := range s.Requests {
		var u *url.URL
		if abs := parseHTTP(r.URL); abs != nil {
			u = abs
		} else if ref, err := url.Parse(r.URL); err == nil && ref.Scheme == "" {
			if p.baseURL == "" {
				return nil, fmt.Errorf("request %d: relative URL %q needs a page origin to resolve against (the page is %q)", i+1, r.URL, s.Page)
			}
			base, _ := url.Parse(p.baseURL)
			u = parseHTTP(base.ResolveReference(ref).String())
		}
		// A URL that does not parse, or one with another scheme, needs no
		// server: fetch() rejects it or the browser blocks it.
		addURL(u, true)
		if i == 0 && u != nil {
			p.cookieURL = u.String()
		}
	}

	if len(s.Cookies) > 0 && string(s.Cookies) != "null" {
		if err := json.Unmarshal(s.Cookies, &p.cookies); err != nil {
			return nil, fmt.Errorf(`cookies: must be an array of "name=value[; attributes]" strings`)
		}
		if len(p.cookies) > 0 && p.cookieURL == "" {
			return nil, fmt.Errorf("cookies: the first request's URL is not an http(s) URL to set them on")
		}
	}

	for e := range eps {
		p.endpoints = append(p.endpoints, e)
	}
	sort.Slice(p.endpoints, func(i, j int) bool {
		a, b := p.endpoints[i], p.endpoints[j]
		if a.port != b.port {
			return a.port < b.port
		}
		return a.scheme < b.scheme
	})
	for _, u := range targets {
		p.targets = append(p.targets, u)
	}
	sort.Slice(p.targets, func(i, j int) bool { return p.targets[i].String() < p.targets[j].String() })
	return p, nil
}

// cspSandboxesOrigin reports whether a Content-Security-Policy value has a
// sandbox directive without allow-same-origin (an opaque origin).
func cspSandboxesOrigin(v string) bool {
	for _, pol := range strings.Split(v, ",") {
		for _, dir := range strings.Split(pol, ";") {
			f := strings.Fields(strings.ToLower(dir))
			if len(f) == 0 || f[0] != "sandbox" {
				continue
			}
			same := false
			for _, t := range f[1:] {
				if t == "allow-same-origin" {
					same = true
				}
			}
			if !same {
				return true
			}
		}
	}
	return false
}

// pageHTML is the page every scenario loads: a base URL for relative
// request URLs and an empty icon so no favicon request is made.
func pageHTML(base string) string {
	var b strings.Builder
	b.WriteString("<!doctype html><meta charset=utf-8>")
	if base != "" {
		fmt.Fprintf(&b, "<base href=\"%s\">", htmlAttr(base))
	}
	b.WriteString("<link rel=icon href=\"data:,\"><title>corsim</title>")
	return b.String()
}

func htmlAttr(s string) string {
	r := strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// isTarget reports whether rawURL (as a server recorded it) is on one of the
// origins the scenario can reach.
func (p *plan) isTarget(rawURL string) bool {
	u := parseHTTP(rawURL)
	if u == nil {
		return false
	}
	o := targetOrigin(u)
	for _, t := range p.targets {
		if t.String() == o.String() {
			return true
		}
	}
	return false
}

// targetOrigin is u's scheme, host and explicit port.
func targetOrigin(u *url.URL) *url.URL {
	port := strconv.Itoa(portOf(u))
	return &url.URL{Scheme: u.Scheme, Host: net.JoinHostPort(u.Hostname(), port)}
}
