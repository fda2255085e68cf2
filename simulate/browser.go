package simulate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// A Page is the document that calls fetch(): its origin, and its URL, which
// relative request URLs resolve against and mixed-content messages quote.
type Page struct {
	Origin origin.Origin
	// URL may be nil for an opaque page; relative request URLs then fail to
	// parse, as they do in a data: document.
	URL *origin.URL
}

// NewPage returns the page at s: "null" for an opaque origin (a sandboxed
// iframe, a data: document), an origin such as "https://app.example", or any
// URL on the page's origin.
func NewPage(s string) (Page, error) {
	if s == "null" {
		return Page{Origin: origin.Opaque()}, nil
	}
	u, err := origin.ParseURL(s, nil)
	if err != nil {
		return Page{}, err
	}
	return Page{Origin: u.Origin(), URL: u}, nil
}

// OpaquePage returns a page whose origin is opaque, served from u (nil
// allowed): a document sandboxed without allow-same-origin.
func OpaquePage(u *origin.URL) Page { return Page{Origin: origin.Opaque(), URL: u} }

// A Request is what script passes to fetch(url, init). Zero values are
// fetch()'s defaults: GET, mode cors, credentials same-origin, redirect
// follow.
type Request struct {
	URL    string
	Method string
	Header fetch.HeaderList
	// Body is nil for no body.
	Body           *string
	Mode           fetch.Mode
	Credentials    fetch.CredentialsMode
	Redirect       fetch.RedirectMode
	ReferrerPolicy fetch.ReferrerPolicy
	// UseCORSPreflight forces a preflight, as an upload listener or a stream
	// body does.
	UseCORSPreflight bool
	// ScriptStrings says that Method and Header hold JavaScript strings (as
	// UTF-8) rather than bytes: they are converted as WebIDL's ByteString
	// does, and a code point above U+00FF makes fetch() throw, as in a
	// browser. Scenario files set it; http.Header values are bytes.
	ScriptStrings bool
}

// A Browser predicts what one browser does. It keeps a CORS-preflight
// cache across fetches. Its methods are safe for concurrent use.
type Browser struct {
	engine  fetch.Engine
	profile fetch.Profile
	server  Server
	now     func() time.Time
	cache   *fetch.PreflightCache
	cookies func(u *origin.URL) string
	trace   bool
}

// An Option configures a Browser.
type Option func(*Browser)

// WithEngine sets whose behaviour to predict; the default is Chromium.
func WithEngine(e fetch.Engine) Option { return func(b *Browser) { b.engine = e } }

// WithClock sets the clock the preflight cache reads (time.Now by default);
// see VirtualClock for a deterministic one.
func WithClock(now func() time.Time) Option { return func(b *Browser) { b.now = now } }

// WithCookies tells the browser which cookies it holds: cookie returns the
// Cookie header value it would send to u, or "". Cookies go only with
// requests whose credentials are included; the result's Wire.Cookie reports
// that flag whether or not the browser holds cookies.
func WithCookies(cookie func(u *origin.URL) string) Option {
	return func(b *Browser) { b.cookies = cookie }
}

// WithoutTrace turns off the step trace, which makes fetches cheaper.
func WithoutTrace() Option { return func(b *Browser) { b.trace = false } }

// New returns a browser whose requests server answers.
func New(server Server, opts ...Option) *Browser {
	b := &Browser{engine: fetch.EngineChromium, server: server, now: time.Now, trace: true}
	for _, o := range opts {
		o(b)
	}
	b.profile = b.engine.Profile()
	b.cache = fetch.NewPreflightCache(b.profile, b.now)
	return b
}

// Engine returns the engine the browser predicts.
func (b *Browser) Engine() fetch.Engine { return b.engine }

// PreflightCache returns the browser's preflight cache.
func (b *Browser) PreflightCache() *fetch.PreflightCache { return b.cache }

// Fetch predicts what happens when script on page calls fetch() with req.
// A failure of the request is part of the result (Outcome blocked), not an
// error; Fetch never fails otherwise.
func (b *Browser) Fetch(ctx context.Context, page Page, req Request) *Result {
	// The run, its result and the response script sees in one allocation.
	x := &struct {
		run
		result   Result
		response ScriptResponse
	}{}
	x.result.Engine = b.engine
	r := &x.run
	r.b, r.ctx, r.page, r.res, r.scriptResp = b, ctx, page, &x.result, &x.response
	r.fetch(req)
	return r.res
}

// run is the state of one fetch.
type run struct {
	b    *Browser
	ctx  context.Context
	page Page
	res  *Result
	// failed is set by the first failure; later steps only unwind.
	failed bool
	// netError names the network stack's error for the next failure, when
	// it failed below HTTP.
	netError string
	// hrefs and pageOrigin cache serializations used more than once.
	hrefs [3]struct {
		u *origin.URL
		s string
	}
	pageOrigin string
	lastOrigin struct {
		o origin.Origin
		s string
	}
	// text holds the trace's texts (see step).
	text strings.Builder
	// scriptResp is where the response script sees is built.
	scriptResp *ScriptResponse
}

// tracing reports whether steps are recorded; call sites that must compute
// something for a step's text test it first.
func (r *run) tracing() bool { return r.b.trace }

// step records a decision whose text is the concatenation of parts.
//
// OPTIMIZATION: every step's text is appended to one strings.Builder and
// sliced out of it; a Builder never changes bytes it has written, so the
// texts stay valid as it grows, and a whole trace costs a few allocations.
func (r *run) step(id, anchor string, parts ...string) {
	if !r.b.trace {
		return
	}
	if r.res.Trace == nil {
		r.res.Trace = make([]Step, 0, 12)
		r.text.Grow(1536)
	}
	start := r.text.Len()
	for _, p := range parts {
		r.text.WriteString(p)
	}
	r.res.Trace = append(r.res.Trace, Step{ID: id, Spec: anchor, Text: r.text.String()[start:]})
}

// itoa formats n, without allocating for HTTP statuses and small numbers.
func itoa(n int) string {
	if n >= 0 && n < len(smallInts) {
		return smallInts[n]
	}
	return strconv.Itoa(n)
}

// smallInts holds the decimal forms of 0 to 599.
var smallInts = func() (t [600]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

// href returns u serialized without its fragment, as a request line and
// response.url carry it, remembering the last few URLs serialized.
func (r *run) href(u *origin.URL) string {
	for i := range r.hrefs {
		if r.hrefs[i].u == u {
			return r.hrefs[i].s
		}
	}
	s := urlKey(u)
	copy(r.hrefs[1:], r.hrefs[:len(r.hrefs)-1])
	r.hrefs[0].u, r.hrefs[0].s = u, s
	return s
}

// originString returns the serialization of o, remembering the page's and
// the last other one.
func (r *run) originString(o origin.Origin) string {
	if o == r.page.Origin {
		if r.pageOrigin == "" {
			r.pageOrigin = o.String()
		}
		return r.pageOrigin
	}
	if r.lastOrigin.s == "" || r.lastOrigin.o != o {
		r.lastOrigin.o, r.lastOrigin.s = o, o.String()
	}
	return r.lastOrigin.s
}

// fail records why the fetch ends in a network error and returns one.
func (r *run) fail(req *fetch.Request, reason fetch.Reason, value string, status, acaoLines int) *fetch.Response {
	return r.failWith(req, reason, value, status, acaoLines, fetch.MessageContext{})
}

// failWith is fail with more for the console message: extra's Value (the
// offending value as the message quotes it, when it differs from the
// failed parameter), HeaderValue, RedirectTo and PageURL (when the
// message names another document than the page).
func (r *run) failWith(req *fetch.Request, reason fetch.Reason, value string, status, acaoLines int, extra fetch.MessageContext) *fetch.Response {
	if r.failed {
		return fetch.NetworkError()
	}
	r.failed = true
	res := r.res
	res.Reason = reason
	res.FailedParameter = value
	res.CorsError = reason.CorsError()
	if reason == fetch.ReasonInvalidResponse {
		// NB: Chromium reports a preflight that failed below HTTP only as a
		// network error on the request; InvalidResponse is a DevTools-only
		// name.
		res.CorsError = ""
	}
	ctx := fetch.MessageContext{
		Origin:           r.originString(r.page.Origin),
		Value:            value,
		Status:           status,
		AllowOriginLines: acaoLines,
		NetError:         r.netError,
		HeaderValue:      extra.HeaderValue,
		RedirectTo:       extra.RedirectTo,
	}
	if extra.Value != "" {
		ctx.Value = extra.Value
	}
	if r.page.URL != nil {
		ctx.PageURL = r.href(r.page.URL)
	}
	if extra.PageURL != "" {
		ctx.PageURL = extra.PageURL
	}
	if req != nil {
		ctx.URL = r.href(req.CurrentURL())
		ctx.InitialURL = r.href(req.URL())
		ctx.Method = req.Method
		ctx.RequestOrigin = r.serializedOrigin(req)
		ctx.CORS = req.ResponseTainting == fetch.TaintingCORS
	}
	res.FirefoxReason = fetch.FirefoxReasonIn(reason, ctx)
	res.Console = reason.Message(r.b.engine, ctx)
	if r.tracing() {
		sep := ""
		if res.Console != "" {
			sep = " "
		}
		r.step("network-error", reason.Anchor(), "Blocked: ", reason.String(), " (", reason.Step(), ").", sep, res.Console)
	}
	return fetch.NetworkError()
}

// fetch runs the whole of fetch() for one script request.
func (r *run) fetch(sreq Request) {
	res := r.res
	init := fetch.RequestInit{
		Method: sreq.Method, Headers: sreq.Header, Body: sreq.Body, Mode: sreq.Mode,
		Credentials: sreq.Credentials, Redirect: sreq.Redirect, ReferrerPolicy: sreq.ReferrerPolicy,
		UseCORSPreflight: sreq.UseCORSPreflight,
	}
	var req *fetch.Request
	terr := byteStrings(&init, sreq.ScriptStrings)
	if extra := r.b.profile.ExtraForbiddenRequestHeaders; len(extra) > 0 {
		init.Headers = dropHeaders(init.Headers, extra)
	}
	if terr == nil {
		req, terr = fetch.NewRequest(r.page.Origin, r.page.URL, sreq.URL, init)
	}
	if terr != nil {
		res.Outcome = Blocked
		res.Reason = fetch.ReasonTypeError
		res.TypeError = terr
		res.TypeErrorMessage = terr.Message(r.b.engine)
		r.failed = true
		r.step("request-construction", "https://fetch.spec.whatwg.org/#dom-request",
			"fetch() throws before any request is made: TypeError: ", res.TypeErrorMessage)
		return
	}
	if r.tracing() {
		r.step("request-construction", "https://fetch.spec.whatwg.org/#dom-request",
			"fetch() builds the request: ", req.Method, " ", r.href(req.URL()), ", mode ", req.Mode.String(),
			", credentials ", req.Credentials.String(), ", redirect ", req.Redirect.String(), ", ",
			itoa(len(req.Header)), " header(s) after the Headers guard.")
	}
	// The request's origin is the page's: share its serialization.
	if r.pageOrigin == "" {
		r.pageOrigin = req.SerializedOrigin()
	}
	// Fetch, step 12: a request without Accept gets "Accept: */*".
	if !req.Header.Contains("Accept") {
		req.Header.Append("Accept", "*/*")
	}
	resp := r.mainFetch(req, false)
	if resp.IsNetworkError() {
		res.Outcome = Blocked
		if !r.failed {
			// Every path to a network error records its reason; reaching
			// here would be a bug, so fail closed with a generic one.
			r.fail(req, fetch.ReasonNetworkError, "", 0, 0)
		}
		res.TypeErrorMessage = fetch.NetworkErrorMessage(r.b.engine)
		return
	}
	res.Outcome = Allowed
	res.Response = r.scriptResponse(resp)
	if r.tracing() {
		r.step("response", "https://fetch.spec.whatwg.org/#concept-filtered-response",
			"Script gets ", article(resp.Type.String()), " ", resp.Type.String(), " response: status ",
			itoa(res.Response.Status), ", ", itoa(len(res.Response.Header)), " readable header(s).")
	}
}

func article(word string) string {
	if word != "" && strings.IndexByte("aeiou", word[0]) >= 0 {
		return "an"
	}
	return "a"
}

// mainFetch performs main fetch for req; recursive is true for the fetch
// that follows a redirect.
func (r *run) mainFetch(req *fetch.Request, recursive bool) *fetch.Response {
	const anchor = "https://fetch.spec.whatwg.org/#concept-main-fetch"
	cur := req.CurrentURL()
	p := &r.b.profile
	if p.LocalResourceBlocked && cur.Scheme == "file" && (r.page.URL == nil || r.page.URL.Scheme != "file") {
		// DEVIATION (engines): a web page may not load file: URLs at all.
		return r.fail(req, fetch.ReasonLocalResource, r.href(cur), 0, 0)
	}
	if p.UnsupportedSchemeCheckedFirst && req.RedirectCount == 0 && !fetchAPIScheme(cur.Scheme) {
		// DEVIATION (Chromium): fetch() refuses schemes it does not
		// support before the mode decides anything.
		return r.fail(req, fetch.ReasonCorsDisabledScheme, cur.Scheme, 0, 0)
	}
	curOrigin := cur.Origin()
	sameOrigin := curOrigin.SameOrigin(req.Origin)
	if r.b.profile.ModeCheckedFirst && req.Mode == fetch.ModeSameOrigin && req.RedirectCount == 0 &&
		!sameOrigin && cur.Scheme != "data" {
		// DEVIATION (Chromium): the mode is checked before step 7.
		if r.tracing() {
			r.step("main-fetch", anchor, "Mode same-origin, but ", r.originString(curOrigin),
				" is another origin than ", r.originString(req.Origin), ".")
		}
		return r.fail(req, fetch.ReasonDisallowedByMode, "", 0, 0)
	}
	// 7. Bad ports and mixed content are refused before any request.
	if fetch.BlockBadPort(cur) {
		return r.fail(req, fetch.ReasonBadPort, r.href(cur), 0, 0)
	}
	if r.b.profile.BlocksMixedContent(r.page.Origin, r.page.URL, cur) {
		return r.fail(req, fetch.ReasonMixedContent, r.href(cur), 0, 0)
	}
	// 12. The switch on origin, scheme and mode.
	var resp *fetch.Response
	switch {
	case (sameOrigin && req.ResponseTainting == fetch.TaintingBasic) ||
		cur.Scheme == "data" || req.Mode == fetch.ModeNavigate || req.Mode == fetch.ModeWebSocket:
		if r.tracing() {
			r.step("main-fetch", anchor, r.originString(curOrigin), " is same origin with the request's origin ",
				r.originString(req.Origin), ": no CORS (basic tainting).")
		}
		req.ResponseTainting = fetch.TaintingBasic
		resp = r.schemeFetch(req)
	case req.Mode == fetch.ModeSameOrigin:
		if r.tracing() {
			r.step("main-fetch", anchor, "Mode same-origin, but ", r.originString(curOrigin),
				" is another origin than ", r.originString(req.Origin), ".")
		}
		if req.RedirectCount > 0 {
			return r.fail(req, fetch.ReasonSameOriginRedirect, r.href(cur), 0, 0)
		}
		return r.fail(req, fetch.ReasonDisallowedByMode, "", 0, 0)
	case req.Mode == fetch.ModeNoCORS:
		if req.Redirect != fetch.RedirectFollow {
			return r.fail(req, fetch.ReasonNoCorsRedirectModeNotFollow, "", 0, 0)
		}
		r.step("main-fetch", anchor, "Mode no-cors to another origin: the response will be opaque (no CORS check, nothing readable).")
		req.ResponseTainting = fetch.TaintingOpaque
		resp = r.schemeFetch(req)
	case cur.Scheme != "http" && cur.Scheme != "https":
		return r.fail(req, fetch.ReasonCorsDisabledScheme, cur.Scheme, 0, 0)
	case r.b.profile.NeedsCORSWithPreflight(req):
		req.ResponseTainting = fetch.TaintingCORS
		if r.tracing() {
			r.step("cors-preflight-decision", anchor, "Cross-origin request (", r.originString(req.Origin), " to ",
				r.originString(curOrigin), ") that needs a preflight: ", r.preflightWhy(req), ".")
		}
		resp = r.httpFetch(req, true)
		if resp.IsNetworkError() {
			// 12.3. A failed CORS-with-preflight fetch clears the cache.
			r.b.cache.Clear(req)
		}
	default:
		req.ResponseTainting = fetch.TaintingCORS
		if r.tracing() {
			r.step("cors-preflight-decision", anchor, "Cross-origin request (", r.originString(req.Origin), " to ",
				r.originString(curOrigin), ") with a CORS-safelisted method and headers: no preflight.")
		}
		resp = r.httpFetch(req, false)
	}
	// 13. A recursive fetch returns the response as is.
	if recursive || resp.IsNetworkError() {
		return resp
	}
	internal := resp
	// 14. Filter the response according to the tainting.
	if resp.Internal == nil {
		if req.ResponseTainting == fetch.TaintingCORS {
			// 14.1. Access-Control-Expose-Headers sets what script may read.
			resp.CORSExposedHeaderNames = fetch.CORSExposedHeaderNames(req.Credentials, resp.Header)
		}
		switch req.ResponseTainting {
		case fetch.TaintingBasic:
			resp = fetch.FilterBasic(internal)
		case fetch.TaintingCORS:
			resp = fetch.FilterCORS(internal)
		case fetch.TaintingOpaque:
			resp = fetch.FilterOpaque(internal)
		}
	} else {
		internal = resp.Internal
	}
	// 21. An opaque range response to a request that sent no Range is an
	// error (the Range header was dropped by the no-cors guard).
	if resp.Type == fetch.ResponseOpaque && (internal.Status == 206 || internal.Status == 416) &&
		internal.RangeRequested && !req.Header.Contains("Range") {
		return r.fail(req, fetch.ReasonNetworkError, "", internal.Status, 0)
	}
	// 22. HEAD requests and null body statuses have no body.
	if req.Method == "HEAD" || fetch.IsNullBodyStatus(internal.Status) {
		resp.Body, internal.Body = nil, nil
	}
	return resp
}

// preflightWhy explains the preflight decision.
func (r *run) preflightWhy(req *fetch.Request) string {
	if req.UseCORSPreflight {
		return "the use-CORS-preflight flag is set"
	}
	method := !fetch.IsCORSSafelistedMethod(req.Method)
	acrh := r.b.profile.AccessControlRequestHeaders(req.Header)
	switch {
	case method && acrh != "":
		return "method " + req.Method + " is not CORS-safelisted; CORS-unsafe request headers: " + acrh
	case method:
		return "method " + req.Method + " is not CORS-safelisted"
	}
	return "CORS-unsafe request headers: " + acrh
}

// schemeFetch performs scheme fetch: HTTP(S) URLs go to the network; data:
// URLs are decoded; nothing else is fetchable here.
func (r *run) schemeFetch(req *fetch.Request) *fetch.Response {
	cur := req.CurrentURL()
	switch cur.Scheme {
	case "http", "https":
		return r.httpFetch(req, false)
	case "data":
		resp, ok := dataURLResponse(cur)
		if !ok {
			return r.fail(req, fetch.ReasonNetworkError, r.href(cur), 0, 0)
		}
		resp.URLList = req.URLList[:len(req.URLList):len(req.URLList)]
		if r.b.profile.DataURLContentLength {
			// DEVIATION (Firefox): its data: channel reports the body's
			// length too.
			resp.Header.Append("Content-Length", strconv.Itoa(len(resp.Body)))
		}
		return resp
	case "about":
		if cur.Path == "blank" {
			return &fetch.Response{Status: 200, URLList: req.URLList[:len(req.URLList):len(req.URLList)],
				Header: fetch.HeaderList{{Name: "Content-Type", Value: "text/html;charset=utf-8"}}}
		}
	}
	if r.tracing() {
		r.step("scheme-fetch", "https://fetch.spec.whatwg.org/#concept-scheme-fetch",
			r.href(cur), ": URLs of scheme ", strconv.Quote(cur.Scheme), " cannot be fetched here.")
	}
	return r.fail(req, fetch.ReasonNetworkError, r.href(cur), 0, 0)
}

// httpFetch performs HTTP fetch; makePreflight is true on main fetch's
// CORS-with-preflight branch.
func (r *run) httpFetch(req *fetch.Request, makePreflight bool) *fetch.Response {
	const anchor = "https://fetch.spec.whatwg.org/#concept-http-fetch"
	// 4.1. Preflight unless the cache already allows the request.
	if makePreflight {
		if r.b.cache.NeedsPreflight(req) {
			if pre := r.corsPreflightFetch(req); pre.IsNetworkError() {
				return pre
			}
		} else if r.tracing() {
			r.step("preflight-cache", "https://fetch.spec.whatwg.org/#concept-cache",
				"The preflight cache already allows ", req.Method, " with these headers for ",
				r.href(req.CurrentURL()), ": no preflight.")
		}
	}
	// 4.3. The request itself.
	resp := r.httpNetworkOrCacheFetch(req, false)
	if resp.IsNetworkError() {
		return resp
	}
	// 4.4. Every response of a cors-tainted request passes the CORS check,
	// redirects included.
	if req.ResponseTainting == fetch.TaintingCORS {
		c := fetch.CORSCheck(req, resp.Header)
		if !c.OK() {
			if r.tracing() {
				r.step("cors-check", "https://fetch.spec.whatwg.org/#concept-cors-check",
					"The CORS check of the ", itoa(resp.Status), " response fails: ", c.Reason.String(), ".")
			}
			return r.failWith(req, c.Reason, c.Value, resp.Status, c.AllowOriginLines, redirectContext(resp))
		}
		if r.tracing() {
			r.step("cors-check", "https://fetch.spec.whatwg.org/#concept-cors-check",
				"The CORS check of the ", itoa(resp.Status),
				" response passes (Access-Control-Allow-Origin allows ", r.serializedOrigin(req), ").")
		}
	}
	// 4.5. The TAO check only sets a flag.
	if !fetch.TAOCheck(req, resp) {
		req.TimingAllowFailed = true
	}
	// 5. An opaque response must pass Cross-Origin-Resource-Policy.
	if req.ResponseTainting == fetch.TaintingOpaque && !fetch.CrossOriginResourcePolicyCheck(req.Origin, resp) {
		v, _ := resp.Header.Get("Cross-Origin-Resource-Policy")
		return r.failWith(req, fetch.ReasonBlockedByCORP, v, resp.Status, 0, redirectContext(resp))
	}
	// 6. Redirects, per the redirect mode.
	if fetch.IsRedirectStatus(resp.Status) {
		if req.Redirect == fetch.RedirectFollow && emptyLocation(resp.Header) {
			switch r.b.profile.EmptyLocation {
			case fetch.EmptyLocationResponse:
				// DEVIATION (Chromium): the network stack does not redirect
				// to an empty Location.
				if r.tracing() {
					r.step("redirect", anchor, "A ", itoa(resp.Status),
						" response with an empty Location is not treated as a redirect by this engine.")
				}
				return resp
			case fetch.EmptyLocationError:
				// DEVIATION (WebKit): an empty Location fails the fetch.
				return r.fail(req, fetch.ReasonInvalidRedirectLocation, "", resp.Status, 0)
			}
		}
		switch req.Redirect {
		case fetch.RedirectError:
			if r.b.profile.RedirectErrorNeedsLocation && !resp.Header.Contains("Location") {
				// DEVIATION (Chromium): only a redirect the network stack
				// follows is refused.
				return resp
			}
			return r.fail(req, fetch.ReasonRedirectModeError, "", resp.Status, 0)
		case fetch.RedirectManual:
			r.step("redirect", anchor, "Redirect mode manual: script gets an opaque-redirect response.")
			return fetch.FilterOpaqueRedirect(resp)
		default:
			return r.httpRedirectFetch(req, resp)
		}
	}
	return resp
}

// serializedOrigin is req.SerializedOrigin, without allocating for the
// page's own origin.
func (r *run) serializedOrigin(req *fetch.Request) string {
	s := req.SerializedOrigin()
	if s == r.pageOrigin {
		return r.pageOrigin
	}
	return s
}

// httpRedirectFetch follows a redirect and runs main fetch again.
func (r *run) httpRedirectFetch(req *fetch.Request, resp *fetch.Response) *fetch.Response {
	from := req.CurrentURL()
	method := req.Method
	tainting := req.ResponseTainting
	switch r.b.profile.LocationLines {
	case fetch.LocationLinesIdenticalAllowed:
		resp = oneLocation(resp)
	case fetch.LocationLinesCombined:
		resp = combinedLocation(resp)
	}
	var auth fetch.HeaderList
	if r.b.profile.RedirectKeepsAuthorization {
		for _, h := range req.Header {
			if strings.EqualFold(h.Name, "Authorization") {
				auth = append(auth, h)
			}
		}
	}
	if resp.Header.Count("Location") > 1 {
		r.netError = "ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"
	}
	loc, reason := fetch.FollowRedirect(req, resp)
	if reason != fetch.ReasonNone {
		value := ""
		if loc != nil {
			value = loc.String()
		}
		if reason == fetch.ReasonRedirectToNonHTTP && r.b.profile.LocalResourceOnRedirect && loc.Scheme == "file" {
			// DEVIATION (Firefox): the redirecting URL may not load a
			// local resource.
			page := r.href(req.CurrentURL())
			req.URLList = append(req.URLList, loc)
			return r.failWith(req, fetch.ReasonLocalResource, r.href(loc), resp.Status, 0, fetch.MessageContext{PageURL: page})
		}
		if reason == fetch.ReasonRedirectToNonHTTP && r.b.profile.CORSDisabledSchemeOnRedirect &&
			tainting == fetch.TaintingCORS && !slices.Contains(r.b.profile.RedirectSchemesRefused, loc.Scheme) {
			// DEVIATION (Chromium): the network stack lets the redirect
			// through and the CORS layer refuses the scheme; the message
			// names the new URL.
			req.URLList = append(req.URLList, loc)
			return r.fail(req, fetch.ReasonCorsDisabledScheme, loc.Scheme, resp.Status, 0)
		}
		var extra fetch.MessageContext
		if reason == fetch.ReasonInvalidRedirectLocation && loc == nil {
			// The message may quote the Location that did not parse.
			extra.Value, _ = resp.Header.Get("Location")
		}
		return r.failWith(req, reason, value, resp.Status, 0, extra)
	}
	if loc == nil {
		if r.tracing() {
			r.step("redirect", "https://fetch.spec.whatwg.org/#concept-http-redirect-fetch",
				"The ", itoa(resp.Status), " response has no Location: it is the response.")
		}
		return resp
	}
	if len(auth) > 0 && !req.Header.Contains("Authorization") {
		// DEVIATION (WebKit): Authorization survives a cross-origin
		// redirect.
		req.Header = append(req.Header, auth...)
	}
	if r.b.profile.CredentialedRedirectBlocked && loc.IncludesCredentials() {
		// DEVIATION (Chromium): no subresource URL with credentials.
		return r.fail(req, fetch.ReasonCredentialedRedirect, loc.String(), resp.Status, 0)
	}
	if r.b.profile.PreflightStickyAcrossRedirects && tainting == fetch.TaintingCORS && r.res.Preflight {
		// DEVIATION (Firefox): once preflighted, every later hop is
		// preflighted too.
		req.UseCORSPreflight = true
	}
	if r.tracing() {
		open, becomes, newMethod, closing := "", "", "", ""
		if req.Method != method {
			open, becomes, newMethod, closing = " (", " becomes ", req.Method, ")"
		} else {
			method = ""
		}
		r.step("redirect", "https://fetch.spec.whatwg.org/#concept-http-redirect-fetch",
			itoa(resp.Status), " redirect from ", r.href(from), " to ", r.href(loc), open, method, becomes, newMethod, closing,
			"; redirect ", itoa(req.RedirectCount), " of at most ", itoa(fetch.MaxRedirects),
			". The request's origin now serializes as ", r.serializedOrigin(req), ".")
	}
	return r.mainFetch(req, true)
}

// corsPreflightFetch sends the preflight for req and validates its
// response.
func (r *run) corsPreflightFetch(req *fetch.Request) *fetch.Response {
	const anchor = "https://fetch.spec.whatwg.org/#cors-preflight-fetch-0"
	p := &r.b.profile
	checked := req
	if p.PreflightOriginKeptAfterRedirect && req.RedirectTaint() != fetch.RedirectTaintSameOrigin {
		// DEVIATION (Firefox): the preflight after a cross-origin redirect
		// carries the page's origin, and its response is checked against it.
		checked = req.Clone()
		checked.URLList = checked.URLList[len(checked.URLList)-1:]
	}
	pre := p.NewPreflightRequest(checked)
	if r.tracing() {
		acrh, _ := pre.Header.Get("Access-Control-Request-Headers")
		label := ""
		if acrh != "" {
			label = ", Access-Control-Request-Headers: "
		}
		r.step("cors-preflight-fetch", anchor, "Preflight: OPTIONS ", r.href(pre.CurrentURL()),
			" with Access-Control-Request-Method: ", req.Method, label, acrh, ".")
	}
	r.res.Preflight = true
	resp := r.httpNetworkOrCacheFetch(pre, true)
	if resp.IsNetworkError() {
		if !r.failed {
			return r.fail(req, fetch.ReasonInvalidResponse, "", 0, 0)
		}
		return resp
	}
	v := p.ValidatePreflightResponse(checked, resp.Status, resp.Header)
	if !v.OK() {
		if r.tracing() {
			r.step("preflight-validation", anchor, "The preflight response (status ", itoa(resp.Status),
				") does not allow the request: ", v.Reason.String(), ".")
		}
		var extra fetch.MessageContext
		switch v.Reason {
		case fetch.ReasonHeaderDisallowedByPreflightResponse:
			extra.Value = v.HeaderName
		case fetch.ReasonInvalidAllowMethodsPreflightResponse:
			extra.HeaderValue, _ = resp.Header.Get("Access-Control-Allow-Methods")
		case fetch.ReasonInvalidAllowHeadersPreflightResponse:
			extra.HeaderValue, _ = resp.Header.Get("Access-Control-Allow-Headers")
		}
		return r.failWith(req, v.Reason, v.Value, resp.Status, v.AllowOriginLines, extra)
	}
	if v.AuthorizationCoveredByWildcard {
		r.step("preflight-validation", anchor,
			"Authorization passes only because this engine lets Access-Control-Allow-Headers: * cover it; the spec does not.")
		if w := fetch.AuthorizationWildcardWarning(r.b.engine, r.href(req.CurrentURL())); w != "" {
			r.res.Warnings = append(r.res.Warnings, w)
		}
	}
	if r.tracing() {
		r.step("preflight-validation", anchor, "The preflight response (status ", itoa(resp.Status),
			") allows the request; cached for ", itoa(int(v.MaxAge)), " s.")
	}
	r.b.cache.Store(req, resp.Header, v.MaxAge)
	return resp
}

// httpNetworkOrCacheFetch puts req on the wire: it adds the Origin header
// and credentials as HTTP-network-or-cache fetch does, records the request,
// and asks the server.
func (r *run) httpNetworkOrCacheFetch(req *fetch.Request, preflight bool) *fetch.Response {
	// The request as sent: its own header list plus Origin and Cookie; the
	// URL list is shared (servers must not modify requests).
	wire := new(fetch.Request)
	*wire = *req
	wire.Header = make(fetch.HeaderList, len(req.Header), len(req.Header)+2)
	copy(wire.Header, req.Header)
	w := Wire{Preflight: preflight, Method: wire.Method, URL: r.href(wire.CurrentURL())}
	// Append a request Origin header.
	if _, send := wire.OriginHeader(); send {
		v := r.serializedOriginFor(wire)
		wire.Header = append(wire.Header, fetch.Header{Name: "Origin", Value: v})
		w.Origin = &wire.Header[len(wire.Header)-1].Value
	}
	if preflight {
		for i := range wire.Header {
			switch wire.Header[i].Name {
			case "Access-Control-Request-Method":
				w.ACRM = &wire.Header[i].Value
			case "Access-Control-Request-Headers":
				w.ACRH = &wire.Header[i].Value
			}
		}
	}
	// includeCredentials: include, or same-origin with basic tainting.
	w.Cookie = req.Credentials == fetch.CredentialsInclude ||
		(req.Credentials == fetch.CredentialsSameOrigin && req.ResponseTainting == fetch.TaintingBasic)
	if w.Cookie && r.b.cookies != nil {
		if c := r.b.cookies(wire.CurrentURL()); c != "" {
			wire.Header = append(wire.Header, fetch.Header{Name: "Cookie", Value: c})
		}
	}
	w.Header = wire.Header
	if r.res.Wire == nil {
		r.res.Wire = make([]Wire, 0, 2)
	}
	idx := len(r.res.Wire)
	r.res.Wire = append(r.res.Wire, w)
	if r.tracing() {
		label, o := "", ""
		if w.Origin != nil {
			label, o = " with Origin: ", *w.Origin
		}
		creds := ", without credentials."
		if w.Cookie {
			creds = ", with credentials."
		}
		r.step("http-network-fetch", "https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch",
			w.Method, " ", w.URL, label, o, creds)
	}
	resp, err := r.b.server.ServeFetch(r.ctx, wire)
	if err == nil && resp == nil {
		err = errors.New("the server returned no response")
	}
	status := 0
	if err == nil && resp.Status < 200 {
		// An informational status is never a final one: the connection
		// ended after it.
		err = fmt.Errorf("the server sent only an informational %d response", resp.Status)
		r.netError = "ERR_EMPTY_RESPONSE"
		status = resp.Status
	}
	if err != nil {
		if r.tracing() {
			r.step("http-network-fetch", "https://fetch.spec.whatwg.org/#concept-network-error",
				"The request failed: ", err.Error(), ".")
		}
		if r.netError == "" {
			r.netError = netErrorName(err)
		}
		reason := fetch.ReasonNetworkError
		if preflight {
			reason = fetch.ReasonInvalidResponse
		}
		return r.fail(req, reason, err.Error(), status, 0)
	}
	r.res.Wire[idx].Status = resp.Status
	r.res.Wire[idx].ResponseHeader = resp.Header
	resp.URLList = req.URLList[:len(req.URLList):len(req.URLList)]
	resp.Type = fetch.ResponseDefault
	resp.Internal = nil
	if req.Header.Contains("Range") {
		resp.RangeRequested = true
	}
	return resp
}

// serializedOriginFor is the value of the Origin header req carries:
// HTTP-network-or-cache fetch appends it only when OriginHeader says so.
func (r *run) serializedOriginFor(req *fetch.Request) string {
	v, _ := req.OriginHeader()
	if v == r.originString(r.page.Origin) {
		return r.pageOrigin
	}
	return v
}

// netErrorName guesses the network stack's name for a transport error.
func netErrorName(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "connection refused"):
		return "ERR_CONNECTION_REFUSED"
	case strings.Contains(msg, "no such host"):
		return "ERR_NAME_NOT_RESOLVED"
	case strings.Contains(msg, "timeout"), strings.Contains(msg, "deadline exceeded"):
		return "ERR_TIMED_OUT"
	case strings.Contains(msg, "EOF"), strings.Contains(msg, "connection reset"):
		return "ERR_EMPTY_RESPONSE"
	}
	return "ERR_FAILED"
}

// byteStrings converts the ByteString members of init from JavaScript
// strings when script is set (WebIDL runs before the Request constructor).
func byteStrings(init *fetch.RequestInit, script bool) *fetch.TypeError {
	if !script {
		return nil
	}
	m, ok := fetch.IsomorphicEncode(init.Method)
	if !ok {
		return &fetch.TypeError{Kind: fetch.TypeErrorByteString, Value: "method"}
	}
	init.Method = m
	var converted fetch.HeaderList
	for i, h := range init.Headers {
		n, ok1 := fetch.IsomorphicEncode(h.Name)
		v, ok2 := fetch.IsomorphicEncode(h.Value)
		if !ok1 || !ok2 {
			return &fetch.TypeError{Kind: fetch.TypeErrorByteString, Value: "headers"}
		}
		if (n != h.Name || v != h.Value) && converted == nil {
			converted = append(fetch.HeaderList(nil), init.Headers...)
		}
		if converted != nil {
			converted[i] = fetch.Header{Name: n, Value: v}
		}
	}
	if converted != nil {
		init.Headers = converted
	}
	return nil
}

// fetchAPIScheme reports whether Chromium's fetch() supports the scheme
// (file: is refused earlier, as a local resource).
func fetchAPIScheme(scheme string) bool {
	switch scheme {
	case "http", "https", "data", "blob", "file":
		return true
	}
	return false
}

// redirectContext gives a message about a failing redirect response the
// URL it redirects to (WebKit prefixes its message with it).
func redirectContext(resp *fetch.Response) fetch.MessageContext {
	var ctx fetch.MessageContext
	if fetch.IsRedirectStatus(resp.Status) {
		if loc, ok := fetch.LocationURL(resp, nil); ok && loc != nil {
			ctx.RedirectTo = urlKey(loc)
		}
	}
	return ctx
}

// emptyLocation reports whether h has Location lines and all are empty.
func emptyLocation(h fetch.HeaderList) bool {
	seen := false
	for _, x := range h {
		if strings.EqualFold(x.Name, "Location") {
			if x.Value != "" {
				return false
			}
			seen = true
		}
	}
	return seen
}

// oneLocation returns resp with repeated identical Location lines reduced to
// one; different values stay, and fail.
func oneLocation(resp *fetch.Response) *fetch.Response {
	first, n := "", 0
	for _, x := range resp.Header {
		if strings.EqualFold(x.Name, "Location") {
			if n > 0 && x.Value != first {
				return resp
			}
			first = x.Value
			n++
		}
	}
	if n < 2 {
		return resp
	}
	c := *resp
	c.Header = make(fetch.HeaderList, 0, len(resp.Header)-n+1)
	kept := false
	for _, x := range resp.Header {
		if strings.EqualFold(x.Name, "Location") {
			if kept {
				continue
			}
			kept = true
		}
		c.Header = append(c.Header, x)
	}
	return &c
}

// combinedLocation returns resp with several Location lines combined into
// one value, as WebKit reads them.
func combinedLocation(resp *fetch.Response) *fetch.Response {
	if resp.Header.Count("Location") < 2 {
		return resp
	}
	v, _ := resp.Header.Get("Location")
	c := *resp
	c.Header = append(fetch.HeaderList(nil), resp.Header...)
	c.Header.Set("Location", v)
	return &c
}

// dropHeaders returns l without the headers named in names.
func dropHeaders(l fetch.HeaderList, names []string) fetch.HeaderList {
	var out fetch.HeaderList
	dropped := false
	for i, h := range l {
		drop := false
		for _, n := range names {
			if strings.EqualFold(h.Name, n) {
				drop = true
				break
			}
		}
		switch {
		case drop && !dropped:
			dropped = true
			out = append(make(fetch.HeaderList, 0, len(l)), l[:i]...)
		case dropped && !drop:
			out = append(out, h)
		}
	}
	if !dropped {
		return l
	}
	return out
}
