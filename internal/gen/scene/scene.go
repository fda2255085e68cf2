// Package scene draws whole simulations for corsim's cross-package
// properties: a page, the servers it talks to (canned responses, redirect
// chains, CORS headers right and wrong), the fetches its script makes, and
// server-side CORS policies.
//
// A Scene is plain data, so a property can change one part of it (strip
// the CORS headers, recase header names, reorder a header list) and run it
// again. Everything draws from small pools, so that draws meet: the page's
// origin is often the target's, a preflight response often lists the
// header the request sends, a redirect often leads back to the page.
//
// scene builds on package gen, which holds the string-level generators;
// unlike gen, it depends on corsim's packages, so only tests outside them
// (package fuzz, external test packages) can use it.
package scene

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/gen"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/simulate"
	"pgregory.net/rapid"
)

// Epoch is the time of every scene's virtual clock.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// pages are the pages scripts run on: origins and a URL on one, and an
// opaque page.
var pages = []string{
	"https://app.example", "http://app.example", "https://api.example",
	"http://localhost:8080", "https://app.example/dir/index.html", "null",
}

// targetOrigins are the origins of the resources scripts fetch.
var targetOrigins = []string{
	"https://app.example", "https://api.example", "https://cdn.api.example",
	"http://app.example", "https://other.test", "http://localhost:8080",
}

// targetPaths are the paths of those resources.
var targetPaths = []string{"/a", "/b", "/c"}

// Page draws the page a script runs on, as simulate.NewPage takes it.
func Page() *rapid.Generator[string] { return rapid.SampledFrom(pages) }

// TargetURL draws the URL of a resource a scene's servers know.
func TargetURL() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return rapid.SampledFrom(targetOrigins).Draw(t, "target origin") + rapid.SampledFrom(targetPaths).Draw(t, "target path")
	})
}

// HeaderList draws a header list of up to max lines, names from names and
// values from values.
func HeaderList(names, values *rapid.Generator[string], max int) *rapid.Generator[fetch.HeaderList] {
	return rapid.Custom(func(t *rapid.T) fetch.HeaderList {
		n := rapid.IntRange(0, max).Draw(t, "lines")
		var l fetch.HeaderList
		for range n {
			l = append(l, fetch.Header{Name: names.Draw(t, "name"), Value: values.Draw(t, "value")})
		}
		return l
	})
}

// requestValues are request-header values: mostly ones that keep
// Accept, Content-Type, Range and the language headers safelisted, some
// that do not.
var requestValues = []string{
	"text/plain", "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
	"*/*", "en", "de-CH", "bytes=0-", "bytes=5-9", "1", "on", "x", "a(b", "text/plain; charset=\"x\x7f\"",
}

// RequestHeaderValue draws a request-header value: usually one from the
// pool above, sometimes any header value, hostile bytes included.
func RequestHeaderValue() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		if rapid.IntRange(0, 4).Draw(t, "hostile") == 0 {
			return gen.HeaderValue().Draw(t, "value")
		}
		return rapid.SampledFrom(requestValues).Draw(t, "value")
	})
}

// RequestHeaderName draws a request-header name, usually one of the few
// that permissive servers list, in any letter case.
func RequestHeaderName() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		if rapid.IntRange(0, 3).Draw(t, "other name") == 0 {
			return gen.HeaderName().Draw(t, "name")
		}
		return gen.CaseVariant(rapid.SampledFrom(headerNames()).Draw(t, "name")).Draw(t, "case")
	})
}

// ScriptRequest draws what script passes to fetch(): a URL (usually a
// target, sometimes any URL string), a method, headers, maybe a body, and
// the init members.
func ScriptRequest() *rapid.Generator[simulate.Request] {
	return rapid.Custom(func(t *rapid.T) simulate.Request {
		r := simulate.Request{
			URL:    TargetURL().Draw(t, "url"),
			Method: rapid.SampledFrom([]string{"", "GET", "HEAD", "POST", "PUT", "DELETE", "patch", "OPTIONS"}).Draw(t, "method"),
			Header: HeaderList(RequestHeaderName(), RequestHeaderValue(), 3).Draw(t, "header"),
			Mode: rapid.SampledFrom([]fetch.Mode{fetch.ModeCORS, fetch.ModeCORS, fetch.ModeCORS, fetch.ModeCORS,
				fetch.ModeCORS, fetch.ModeCORS, fetch.ModeNoCORS, fetch.ModeSameOrigin}).Draw(t, "mode"),
			Credentials: rapid.SampledFrom([]fetch.CredentialsMode{fetch.CredentialsSameOrigin,
				fetch.CredentialsInclude, fetch.CredentialsOmit}).Draw(t, "credentials"),
			Redirect: rapid.SampledFrom([]fetch.RedirectMode{fetch.RedirectFollow, fetch.RedirectFollow,
				fetch.RedirectManual, fetch.RedirectError}).Draw(t, "redirect"),
			UseCORSPreflight: rapid.IntRange(0, 7).Draw(t, "force preflight") == 0,
		}
		if rapid.IntRange(0, 9).Draw(t, "any url") == 0 {
			r.URL = gen.URL().Draw(t, "any url")
		}
		if r.Method == "POST" || r.Method == "PUT" || r.Method == "patch" {
			if rapid.Bool().Draw(t, "has body") {
				body := rapid.SampledFrom([]string{"", "x=1", "{}"}).Draw(t, "body")
				r.Body = &body
			}
		}
		return r
	})
}

// CORSHeaders draws the CORS headers a response might carry for a page on
// pageOrigin: Access-Control-Allow-Origin (often exactly right),
// -Credentials, -Methods, -Headers, -Max-Age and -Expose-Headers, each
// present or not, right or wrong, once or twice.
func CORSHeaders(pageOrigin string) *rapid.Generator[fetch.HeaderList] {
	return rapid.Custom(func(t *rapid.T) fetch.HeaderList {
		if rapid.IntRange(0, 2).Draw(t, "permissive") == 0 {
			return Permissive(pageOrigin).Draw(t, "permissive headers")
		}
		var h fetch.HeaderList
		add := func(name string, value *rapid.Generator[string]) {
			for range rapid.SampledFrom([]int{0, 1, 1, 1, 2}).Draw(t, name+" lines") {
				h = append(h, fetch.Header{Name: gen.CaseVariant(name).Draw(t, "name case"), Value: value.Draw(t, name)})
			}
		}
		add("Access-Control-Allow-Origin", rapid.OneOf(rapid.Just(pageOrigin), rapid.Just(pageOrigin),
			rapid.Just("*"), gen.AllowOriginValue()))
		add("Access-Control-Allow-Credentials", rapid.SampledFrom([]string{"true", "true", "True", "false", ""}))
		add("Access-Control-Allow-Methods", gen.ListValue(rapid.OneOf(gen.Method(), rapid.Just("*"))))
		add("Access-Control-Allow-Headers", gen.ListValue(gen.HeaderName()))
		add("Access-Control-Max-Age", rapid.SampledFrom([]string{"0", "5", "600", "86400", "-1", "abc", "", "1e3"}))
		add("Access-Control-Expose-Headers", gen.ListValue(gen.HeaderName()))
		return h
	})
}

// Permissive draws the CORS headers of a server that means to allow a page
// on pageOrigin nearly everything: its origin exactly (or "*"),
// credentials, a long list of methods and request-header names (sometimes
// "*"), a max-age, exposed headers. Draws still vary in what they leave
// out, so that cached preflights allow some requests and not others.
func Permissive(pageOrigin string) *rapid.Generator[fetch.HeaderList] {
	return rapid.Custom(func(t *rapid.T) fetch.HeaderList {
		acao := pageOrigin
		if rapid.IntRange(0, 4).Draw(t, "wildcard origin") == 0 {
			acao = "*"
		}
		methods := subset(t, []string{"GET", "POST", "PUT", "DELETE", "patch", "PATCH", "OPTIONS", "*"}, "methods")
		names := subset(t, append(headerNames(), "*"), "header names")
		h := fetch.HeaderList{
			{Name: "Access-Control-Allow-Origin", Value: acao},
			{Name: "Access-Control-Allow-Credentials", Value: "true"},
			{Name: "Access-Control-Allow-Methods", Value: strings.Join(methods, ", ")},
			{Name: "Access-Control-Allow-Headers", Value: strings.Join(names, ", ")},
			{Name: "Access-Control-Max-Age", Value: rapid.SampledFrom([]string{"600", "86400", "5", "0"}).Draw(t, "max age")},
			{Name: "Access-Control-Expose-Headers", Value: strings.Join(subset(t, otherResponseHeaders, "exposed"), ", ")},
		}
		return h
	})
}

// headerNames are the request-header names scene's requests use most.
func headerNames() []string {
	return []string{"X-Custom", "Content-Type", "Authorization", "X-Requested-With", "Accept", "Range", "DPR", "Save-Data"}
}

// otherResponseHeaders are headers a response carries besides CORS ones:
// safelisted response headers, ones only exposure reveals, and the ones
// filtering always removes.
var otherResponseHeaders = []string{
	"Content-Type", "Content-Language", "Cache-Control", "X-Secret", "Set-Cookie", "Set-Cookie2",
	"Cross-Origin-Resource-Policy", "Timing-Allow-Origin", "Vary", "Server",
}

// Response draws a server's answer for a page on pageOrigin: a status
// (success, partial content, a redirect to one of redirectTo, a client or
// server error), CORS headers and other headers, a body.
func Response(pageOrigin string, redirectTo []string) *rapid.Generator[simulate.CannedResponse] {
	return rapid.Custom(func(t *rapid.T) simulate.CannedResponse {
		r := simulate.CannedResponse{
			Status: rapid.SampledFrom([]int{200, 200, 200, 200, 200, 200, 204, 206, 301, 302, 303, 307, 308, 404, 500}).Draw(t, "status"),
			Header: CORSHeaders(pageOrigin).Draw(t, "cors headers"),
			Body:   rapid.SampledFrom([]string{"", "secret body", "{\"a\":1}"}).Draw(t, "body"),
		}
		others := HeaderList(rapid.SampledFrom(otherResponseHeaders), gen.HeaderValue(), 3).Draw(t, "other headers")
		r.Header = append(r.Header, others...)
		if r.Status >= 300 && r.Status < 400 && rapid.IntRange(0, 5).Draw(t, "location") > 0 {
			loc := rapid.SampledFrom(append(redirectTo, "/b", "data:,x", "ftp://app.example/", "https://x y/")).Draw(t, "location")
			r.Header = append(r.Header, fetch.Header{Name: "Location", Value: loc})
		}
		if rapid.Bool().Draw(t, "shuffle") {
			r.Header = Permute(r.Header).Draw(t, "order")
		}
		return r
	})
}

// Permute draws a permutation of l.
func Permute(l fetch.HeaderList) *rapid.Generator[fetch.HeaderList] {
	return rapid.Custom(func(t *rapid.T) fetch.HeaderList {
		// One draw whatever the length (rapid wants every generator to
		// read some data); seed 0, where shrinking goes, keeps the order.
		seed := rapid.Uint64().Draw(t, "order")
		out := l.Clone()
		for i := len(out) - 1; i > 0 && seed != 0; i-- {
			// splitmix64 steps give the swaps.
			seed += 0x9e3779b97f4a7c15
			z := seed
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
			z = (z ^ (z >> 27)) * 0x94d049bb133111eb
			z ^= z >> 31
			j := int(z % uint64(i+1))
			out[i], out[j] = out[j], out[i]
		}
		return out
	})
}

// A Route is one canned answer: the response to Method ("*" for any,
// "OPTIONS" for preflights) at URL.
type Route struct {
	URL, Method string
	Response    simulate.CannedResponse
}

// A Scene is a page, the servers it talks to and the fetches its script
// makes, in order.
type Scene struct {
	Page     string
	Routes   []Route
	Requests []simulate.Request
}

// Draw draws a scene: a page, canned answers for every target URL (with
// a separate preflight answer for some), and one to four fetches.
func Draw() *rapid.Generator[Scene] {
	return rapid.Custom(func(t *rapid.T) Scene {
		s := Scene{Page: Page().Draw(t, "page")}
		pageOrigin := s.PageOrigin()
		var urls []string
		for _, o := range targetOrigins {
			for _, p := range targetPaths {
				urls = append(urls, o+p)
			}
		}
		for _, u := range urls {
			s.Routes = append(s.Routes, Route{URL: u, Method: "*", Response: Response(pageOrigin, urls).Draw(t, "response")})
			if rapid.IntRange(0, 2).Draw(t, "separate preflight answer") > 0 {
				pre := Response(pageOrigin, urls).Draw(t, "preflight response")
				pre.Status = rapid.SampledFrom([]int{200, 200, 204, 204, 204, 302, 404}).Draw(t, "preflight status")
				s.Routes = append(s.Routes, Route{URL: u, Method: "OPTIONS", Response: pre})
			}
		}
		s.Requests = rapid.SliceOfN(ScriptRequest(), 1, 4).Draw(t, "requests")
		return s
	})
}

// PageOrigin returns the serialization of the page's origin ("null" for an
// opaque page).
func (s *Scene) PageOrigin() string {
	p, err := simulate.NewPage(s.Page)
	if err != nil {
		return "null"
	}
	return p.Origin.String()
}

// Server returns the canned server the routes describe.
func (s *Scene) Server() (*simulate.Canned, error) {
	c := new(simulate.Canned)
	for _, r := range s.Routes {
		if err := c.Handle(r.URL, r.Method, r.Response); err != nil {
			return nil, fmt.Errorf("route %s %s: %w", r.Method, r.URL, err)
		}
	}
	return c, nil
}

// MapRoutes returns a copy of s whose routes f has changed; f gets a copy
// of each route, its response's header list included.
func (s Scene) MapRoutes(f func(r *Route)) Scene {
	routes := make([]Route, len(s.Routes))
	for i, r := range s.Routes {
		r.Response.Header = r.Response.Header.Clone()
		f(&r)
		routes[i] = r
	}
	s.Routes = routes
	return s
}

// Run runs the scene's fetches in order on one new browser built with
// opts (after a virtual clock fixed at Epoch), against server (the scene's
// own when nil), and returns their results.
func (s *Scene) Run(server simulate.Server, opts ...simulate.Option) ([]*simulate.Result, error) {
	if server == nil {
		c, err := s.Server()
		if err != nil {
			return nil, err
		}
		server = c
	}
	opts = append([]simulate.Option{simulate.WithClock(simulate.NewVirtualClock(Epoch).Now)}, opts...)
	return s.RunOn(simulate.New(server, opts...))
}

// RunOn runs the scene's fetches in order on b.
func (s *Scene) RunOn(b *simulate.Browser) ([]*simulate.Result, error) {
	page, err := simulate.NewPage(s.Page)
	if err != nil {
		return nil, err
	}
	out := make([]*simulate.Result, len(s.Requests))
	for i, r := range s.Requests {
		out[i] = b.Fetch(context.Background(), page, r)
	}
	return out, nil
}

// Engine draws an engine.
func Engine() *rapid.Generator[fetch.Engine] { return rapid.SampledFrom(fetch.Engines()) }

// policyOrigins are origins and patterns a policy may allow.
var policyOrigins = []string{
	"https://app.example", "http://app.example", "https://api.example", "http://localhost:8080",
	"https://*.app.example", "http://localhost:*",
}

// Policy draws a valid policy configuration: allowed origins (or "*"),
// methods, request headers, exposed headers, credentials, max-age and
// preflight status.
func Policy() *rapid.Generator[policy.Config] {
	return rapid.Custom(func(t *rapid.T) policy.Config {
		c := policy.Config{Credentials: rapid.Bool().Draw(t, "credentials")}
		if !c.Credentials && rapid.IntRange(0, 5).Draw(t, "any origin") == 0 {
			c.Origins = []string{"*"}
		} else {
			for _, o := range subset(t, policyOrigins, "origins") {
				if c.Credentials && strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "http://localhost") {
					continue // insecure origins cannot be given credentials
				}
				c.Origins = append(c.Origins, o)
			}
		}
		if rapid.IntRange(0, 5).Draw(t, "any method") == 0 {
			c.Methods = []string{"*"}
		} else {
			c.Methods = subset(t, []string{"PUT", "DELETE", "patch", "PATCH"}, "methods")
		}
		if rapid.IntRange(0, 4).Draw(t, "any header") == 0 {
			c.RequestHeaders = []string{"*"}
		} else {
			c.RequestHeaders = subset(t, []string{"X-Custom", "content-type", "Authorization", "x-requested-with"}, "headers")
		}
		c.ExposedHeaders = subset(t, []string{"X-Secret", "Server"}, "exposed")
		if !c.Credentials && rapid.IntRange(0, 4).Draw(t, "expose all") == 0 {
			c.ExposedHeaders = []string{"*"}
		}
		c.MaxAge = rapid.SampledFrom([]int{-1, 0, 5, 600, 86400}).Draw(t, "max age")
		c.PreflightStatus = rapid.SampledFrom([]int{0, 200, 204}).Draw(t, "preflight status")
		return c
	})
}

// subset draws a subset of pool, in pool order.
func subset(t *rapid.T, pool []string, label string) []string {
	var out []string
	for _, s := range pool {
		if rapid.Bool().Draw(t, label) {
			out = append(out, s)
		}
	}
	return out
}
