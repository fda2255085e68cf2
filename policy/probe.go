package policy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// ProbeOptions adjust probing. The zero value is ready to use.
type ProbeOptions struct {
	// Origins are origins the server is expected to trust. Probing tries
	// them first, builds its crafted origins from the first one trusted,
	// and includes them in the verdict matrix. Without them, probing tries
	// the target's own origin and its registrable domain.
	Origins []string
	// Client sends ProbeURL's requests; redirects are never followed. Nil
	// means a client with a 10-second timeout.
	Client *http.Client
}

// A Report is what probing found out about a server.
type Report struct {
	// URL is the URL probed.
	URL string `json:"url"`
	// Effective is the policy the server's answers show.
	Effective Effective `json:"effective"`
	// Findings are the linter's findings, most severe first.
	Findings []Finding `json:"findings"`
	// Matrix gives, for each origin, method, request header and
	// credentials mode probed, what each engine lets script do.
	Matrix []Verdict `json:"matrix"`
	// Requests is how many requests probing sent.
	Requests int `json:"requests"`
}

// Effective is a server's CORS policy as inferred from its answers.
type Effective struct {
	// AnyOrigin: the server answers "Access-Control-Allow-Origin: *".
	AnyOrigin bool `json:"anyOrigin"`
	// ReflectsAnyOrigin: the server echoes an arbitrary Origin.
	ReflectsAnyOrigin bool `json:"reflectsAnyOrigin"`
	// AllowedOrigins are the probed origins the server named in
	// Access-Control-Allow-Origin, in the order probed.
	AllowedOrigins []string `json:"allowedOrigins"`
	// Credentials: an allowed origin's response said
	// "Access-Control-Allow-Credentials: true".
	Credentials bool `json:"credentials"`
	// Methods and RequestHeaders are what allowed preflights' responses
	// listed; ExposedHeaders what an allowed GET's response exposed.
	Methods        []string `json:"methods"`
	RequestHeaders []string `json:"requestHeaders"`
	ExposedHeaders []string `json:"exposedHeaders"`
	// MaxAge is the Access-Control-Max-Age of an allowed preflight, as
	// sent ("" when absent).
	MaxAge string `json:"maxAge,omitempty"`
	// PreflightStatus is the status of the first preflight's response (0
	// when no origin was allowed, so no preflight was sent).
	PreflightStatus int `json:"preflightStatus,omitempty"`
}

// A Verdict is what each engine does with one request script might make.
type Verdict struct {
	// Origin is the page's origin ("null" for an opaque one).
	Origin string `json:"origin"`
	Method string `json:"method"`
	// Header is the one request header script sets, "Name: value", or "".
	Header string `json:"header,omitempty"`
	// Credentials: the request's credentials mode is "include" (else
	// "same-origin").
	Credentials bool `json:"credentials"`
	// Preflight: Chromium sends a preflight first.
	Preflight bool            `json:"preflight"`
	Engines   []EngineVerdict `json:"engines"`
}

// An EngineVerdict is one engine's verdict on a request.
type EngineVerdict struct {
	Engine fetch.Engine `json:"engine"`
	// Allowed: script can read the response.
	Allowed bool `json:"allowed"`
	// Reason says why the browser blocks it; ReasonNone when allowed.
	Reason fetch.Reason `json:"reason,omitempty"`
}

// Probe probes h in process, with requests for rawURL (an absolute http or
// https URL; its host names the site h serves). It sends only GET and
// OPTIONS requests. A handler that panics makes Probe fail.
func Probe(ctx context.Context, h http.Handler, rawURL string, opts *ProbeOptions) (*Report, error) {
	if h == nil {
		return nil, errors.New("policy: Probe needs a handler")
	}
	return probe(ctx, rawURL, opts, handlerSender(h))
}

// ProbeURL probes the server at rawURL (an absolute http or https URL) over
// the network. It sends only GET and OPTIONS requests, one at a time, and
// fails on the first request that gets no response, saying which host
// and why.
func ProbeURL(ctx context.Context, rawURL string, opts *ProbeOptions) (*Report, error) {
	var client http.Client
	if opts != nil && opts.Client != nil {
		client = *opts.Client
	} else {
		client.Timeout = 10 * time.Second
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return probe(ctx, rawURL, opts, clientSender(&client))
}

// An exchange is one request probing sent and the response.
type exchange struct {
	method string
	origin string // "" when no Origin header was sent
	acrm   string
	acrh   string
	status int
	header fetch.HeaderList
}

// A sender sends one request.
type sender func(ctx context.Context, target string, ex *exchange) error

func buildRequest(ctx context.Context, target string, ex *exchange) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, ex.method, target, http.NoBody)
	if err != nil {
		return nil, err
	}
	if ex.origin != "" {
		req.Header.Set(hOrigin, ex.origin)
	}
	if ex.acrm != "" {
		req.Header.Set(hACRM, ex.acrm)
		req.Header.Set("Accept", "*/*")
	}
	if ex.acrh != "" {
		req.Header.Set(hACRH, ex.acrh)
	}
	return req, nil
}

func handlerSender(h http.Handler) sender {
	return func(ctx context.Context, target string, ex *exchange) (err error) {
		req, err := buildRequest(ctx, target, ex)
		if err != nil {
			return err
		}
		req.RemoteAddr = "192.0.2.1:49152"
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("the handler panicked on %s with Origin %q: %v", ex.method, ex.origin, v)
			}
		}()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		ex.status, ex.header = res.StatusCode, headerListOf(res.Header)
		return nil
	}
}

func clientSender(c *http.Client) sender {
	return func(ctx context.Context, target string, ex *exchange) error {
		req, err := buildRequest(ctx, target, ex)
		if err != nil {
			return err
		}
		res, err := c.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return fmt.Errorf("%s %s: %v", ex.method, req.URL.Host, err)
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		ex.status, ex.header = res.StatusCode, headerListOf(res.Header)
		return nil
	}
}

// headerListOf turns an http.Header into a header list, names sorted.
func headerListOf(h http.Header) fetch.HeaderList {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var l fetch.HeaderList
	for _, n := range names {
		for _, v := range h[n] {
			l = append(l, fetch.Header{Name: n, Value: fetch.NormalizeHeaderValue(v)})
		}
	}
	return l
}

// A prober holds one probing run.
type prober struct {
	ctx    context.Context
	send   sender
	url    string
	target origin.Origin
	cache  map[probeKey]*exchange
	order  []*exchange
	err    error
}

// probeKey identifies a request probing sends.
type probeKey struct{ method, origin, acrm, acrh string }

// do sends the request ex describes, once; later calls return the first
// answer. After a failure every call returns nil.
func (pr *prober) do(ex exchange) *exchange {
	if pr.err != nil {
		return nil
	}
	key := probeKey{ex.method, ex.origin, ex.acrm, ex.acrh}
	if got, ok := pr.cache[key]; ok {
		return got
	}
	out := ex
	if err := pr.send(pr.ctx, pr.url, &out); err != nil {
		pr.err = err
		return nil
	}
	pr.cache[key] = &out
	pr.order = append(pr.order, &out)
	return &out
}

func (pr *prober) get(o string) *exchange { return pr.do(exchange{method: "GET", origin: o}) }

func (pr *prober) preflight(o, method, acrh string) *exchange {
	return pr.do(exchange{method: "OPTIONS", origin: o, acrm: method, acrh: acrh})
}

// first returns the value of the first header named name, and how many
// lines carry it.
func (ex *exchange) first(name string) (string, int) {
	v, n := "", 0
	for _, h := range ex.header {
		if equalFold(h.Name, name) {
			if n == 0 {
				v = h.Value
			}
			n++
		}
	}
	return v, n
}

// echoes reports whether the response names the request's origin, alone,
// in Access-Control-Allow-Origin.
func (ex *exchange) echoes() bool {
	v, n := ex.first(hACAO)
	return n == 1 && v == ex.origin
}

// allows reports whether the response allows the request's origin: it
// echoes it or says "*".
func (ex *exchange) allows() bool {
	v, n := ex.first(hACAO)
	return n == 1 && (v == ex.origin || v == "*")
}

func (ex *exchange) credentials() bool {
	v, n := ex.first(hACAC)
	return n == 1 && v == "true"
}

// list returns the elements of a comma-separated header across its lines.
func (ex *exchange) list(name string) []string {
	var out []string
	for _, h := range ex.header {
		if !equalFold(h.Name, name) {
			continue
		}
		for _, e := range strings.Split(h.Value, ",") {
			if e = trimOWS(e); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}

func (ex *exchange) varies(name string) bool {
	for _, v := range ex.list(hVary) {
		if v == "*" || equalFold(v, name) {
			return true
		}
	}
	return false
}

// String describes the exchange as evidence: the request's CORS headers
// and the response's status and CORS headers.
func (ex *exchange) String() string {
	var b strings.Builder
	b.WriteString(ex.method)
	var req []string
	if ex.origin != "" {
		req = append(req, "Origin: "+ex.origin)
	} else {
		req = append(req, "no Origin")
	}
	if ex.acrm != "" {
		req = append(req, "Access-Control-Request-Method: "+ex.acrm)
	}
	if ex.acrh != "" {
		req = append(req, "Access-Control-Request-Headers: "+ex.acrh)
	}
	b.WriteString(" with " + strings.Join(req, ", "))
	fmt.Fprintf(&b, " → %d", ex.status)
	var resp []string
	for _, h := range ex.header {
		if hasPrefixFold(h.Name, "Access-Control-") || equalFold(h.Name, hVary) || equalFold(h.Name, "Location") ||
			equalFold(h.Name, "WWW-Authenticate") {
			resp = append(resp, h.Name+": "+h.Value)
		}
	}
	if len(resp) == 0 {
		b.WriteString(", no CORS headers")
	} else {
		b.WriteString(", " + strings.Join(resp, ", "))
	}
	return b.String()
}

// The name crafted origins use for the attacker's site; .invalid never
// resolves (RFC 2606).
const attackerName = "corsim-attacker"

// specialCharacters are the bytes some browsers keep in hosts, which
// lenient origin parsers treat as the end of the host.
var specialCharacters = []string{"_", "`", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", "~", "{", "}", "|", "%60"}

// thirdPartyProbes are origins on third-party platforms a server might
// wrongly trust.
var thirdPartyProbes = []string{
	"https://" + attackerName + ".github.io", "https://codepen.io", "https://cdpn.io", "https://jsfiddle.net",
	"https://fiddle.jshell.net", "https://jsbin.com", "https://codesandbox.io", "https://" + attackerName + ".csb.app",
	"https://stackblitz.com", "https://" + attackerName + ".netlify.app", "https://" + attackerName + ".vercel.app",
	"https://" + attackerName + ".pages.dev", "https://" + attackerName + ".herokuapp.com",
	"https://" + attackerName + ".glitch.me", "https://" + attackerName + ".web.app",
}

func probe(ctx context.Context, rawURL string, opts *ProbeOptions, send sender) (*Report, error) {
	if opts == nil {
		opts = &ProbeOptions{}
	}
	u, err := origin.ParseURL(rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("policy: cannot probe %q: only http and https URLs", rawURL)
	}
	for _, o := range opts.Origins {
		if _, err := origin.ParseSerializedOrigin(o); err != nil || o == "null" {
			return nil, fmt.Errorf("policy: %q is not a serialized origin such as https://app.example", o)
		}
	}
	u.Fragment, u.HasFragment = "", false
	pr := &prober{ctx: ctx, send: send, url: u.String(), target: u.Origin(), cache: map[probeKey]*exchange{}}
	rep := &Report{URL: pr.url}
	var fs []Finding
	pr.run(opts, rep, &fs)
	if pr.err != nil {
		return nil, pr.err
	}
	sortFindings(fs)
	rep.Findings = fs
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	rep.Requests = len(pr.order)
	return rep, nil
}

// run sends the probes and fills in the report; it stops early when a
// request fails (pr.err).
func (pr *prober) run(opts *ProbeOptions, rep *Report, fs *[]Finding) {
	add := func(f Finding) { *fs = append(*fs, f) }
	eff := &rep.Effective
	base := pr.get("")
	if base == nil {
		return
	}
	// The origins the server may trust: the caller's, then the target's
	// own origin and its registrable domain.
	t := pr.target
	var candidates []string
	addCandidate := func(o string) {
		if !contains(candidates, o) {
			candidates = append(candidates, o)
		}
	}
	for _, o := range opts.Origins {
		addCandidate(o)
	}
	addCandidate(t.String())
	if rd := origin.RegistrableDomain(t.Host()); rd != "" {
		addCandidate(t.Scheme() + "://" + rd)
		addCandidate(t.Scheme() + "://www." + rd)
	}
	trusted := ""
	for _, o := range candidates {
		ex := pr.get(o)
		if ex == nil {
			return
		}
		if ex.allows() {
			if v, _ := ex.first(hACAO); v == "*" {
				eff.AnyOrigin = true
			}
			if trusted == "" {
				trusted = o
			}
		}
	}
	// Crafted origins, built from the trusted origin's host (or the
	// target's).
	ref := originOf(trusted)
	if !ref.IsValid() {
		ref = t
	}
	scheme, host := ref.Scheme(), ref.Host()
	rd := origin.RegistrableDomain(host)
	if rd == "" {
		rd = host
	}
	type crafted struct{ kind, origin string }
	var probes []crafted
	craft := func(kind, o string) { probes = append(probes, crafted{kind, o}) }
	craft("reflect", scheme+"://"+attackerName+".invalid")
	craft("null", "null")
	craft("prefix", scheme+"://"+host+"."+attackerName+".invalid")
	craft("suffix", scheme+"://"+strings.ReplaceAll(attackerName, "-", "")+rd)
	craft("substring", scheme+"://"+attackerName+"-"+host+"."+attackerName+".invalid")
	if len(host) > 1 {
		craft("substring", scheme+"://"+host[:len(host)-1])
	}
	for i, dots := 0, 0; i < len(host) && dots < 4; i++ {
		if host[i] == '.' {
			dots++
			craft("dot", scheme+"://"+host[:i]+"x"+host[i+1:])
		}
	}
	for _, c := range specialCharacters {
		craft("special", scheme+"://"+host+c+"."+attackerName+".invalid")
	}
	if scheme == "https" && t.Scheme() == "https" {
		craft("insecure", "http://"+host)
		if t.Host() != host {
			craft("insecure", "http://"+t.Host())
		}
	}
	if origin.RegistrableDomain(host) != "" {
		craft("subdomain", scheme+"://"+attackerName+"."+rd)
		if ps := origin.PublicSuffix(host); ps != "" {
			craft("public-suffix", scheme+"://"+attackerName+"."+ps)
		}
	}
	for _, o := range thirdPartyProbes {
		craft("third-party", o)
	}
	accepted := map[string][]*exchange{}
	for _, c := range probes {
		ex := pr.get(c.origin)
		if ex == nil {
			return
		}
		if ex.echoes() {
			accepted[c.kind] = append(accepted[c.kind], ex)
		}
	}
	sev := func(ex *exchange) Severity {
		if ex.credentials() {
			return SeverityHigh
		}
		return SeverityMedium
	}
	credNote := func(ex *exchange) string {
		if ex.credentials() {
			return " Credentials are allowed: the attacker's page reads users' data."
		}
		return " The attacker's page reads what the server returns without credentials (content behind IP allow-lists or on an intranet)."
	}
	if a := accepted["null"]; len(a) > 0 {
		add(finding(ruleTrustedNull, sev(a[0]), a[0].String(),
			"The server trusts the origin \"null\", which any page can take on with a sandboxed iframe or a data: URL.%s", credNote(a[0])))
	}
	if a := accepted["reflect"]; len(a) > 0 {
		eff.ReflectsAnyOrigin = true
		add(finding(ruleReflectAnyOrigin, sev(a[0]), a[0].String(),
			"The server echoes an arbitrary Origin in Access-Control-Allow-Origin: any website can read responses.%s", credNote(a[0])))
	} else {
		pr.classify(accepted, rd, add, sev, credNote)
	}
	// What the probes show about the policy.
	for _, ex := range pr.order {
		if ex.method == "GET" && ex.origin != "" && ex.echoes() && !contains(eff.AllowedOrigins, ex.origin) {
			eff.AllowedOrigins = append(eff.AllowedOrigins, ex.origin)
		}
		if ex.method == "GET" && ex.allows() && ex.credentials() {
			eff.Credentials = true
		}
	}
	if trusted != "" {
		eff.ExposedHeaders = pr.get(trusted).list(hACEH)
	}
	pr.checkHeaders(add)
	if trusted != "" {
		pr.checkPreflights(trusted, eff, add)
	}
	rep.Matrix = pr.matrix(trusted, opts.Origins)
}

// classify reports the bypasses the accepted crafted origins show, when
// the server does not simply reflect every origin.
func (pr *prober) classify(accepted map[string][]*exchange, rd string, add func(Finding),
	sev func(*exchange) Severity, credNote func(*exchange) string) {
	if a := accepted["prefix"]; len(a) > 0 {
		add(finding(rulePrefixMatch, sev(a[0]), a[0].String(),
			"The server accepts an origin that merely starts with a trusted one; an attacker registers that name.%s", credNote(a[0])))
	}
	suffix := len(accepted["suffix"]) > 0
	if suffix {
		a := accepted["suffix"]
		add(finding(ruleSuffixMatch, sev(a[0]), a[0].String(),
			"The server accepts an origin that merely ends with a trusted name, without a dot before it; an attacker registers that name.%s", credNote(a[0])))
	}
	if a := accepted["substring"]; len(a) > 0 {
		add(finding(ruleSubstringMatch, sev(a[0]), a[0].String(),
			"The server accepts an origin that merely contains (or is contained in) a trusted one.%s", credNote(a[0])))
	}
	for _, ex := range accepted["dot"] {
		host := originOf(ex.origin).Host()
		if suffix && strings.HasSuffix(host, rd) {
			continue // the suffix match explains it
		}
		add(finding(ruleUnescapedDot, sev(ex), ex.String(),
			"The server accepts an origin whose dot was replaced by a letter: an origin regular expression has an unescaped \".\".%s", credNote(ex)))
		break
	}
	if a := accepted["special"]; len(a) > 0 && len(accepted["prefix"]) == 0 {
		add(finding(ruleSpecialCharacters, sev(a[0]), a[0].String(),
			"The server accepts a trusted name followed by a special character and the attacker's domain; browsers that allow such characters in hosts send exactly that.%s", credNote(a[0])))
	}
	if a := accepted["insecure"]; len(a) > 0 && pr.target.Scheme() == "https" {
		s := SeverityLow
		if a[0].credentials() {
			s = SeverityMedium
		}
		add(finding(ruleInsecureOrigin, s, a[0].String(),
			"The https site trusts an http origin: a network attacker can inject script into it.%s", credNote(a[0])))
	}
	if a := accepted["subdomain"]; len(a) > 0 && !suffix {
		s := SeverityInfo
		if a[0].credentials() {
			s = SeverityLow
		}
		add(finding(ruleAnySubdomain, s, a[0].String(),
			"The server trusts any subdomain of %s, including ones with an XSS flaw or a dangling DNS record.", rd))
	}
	if a := accepted["public-suffix"]; len(a) > 0 {
		add(finding(rulePublicSuffixWildcard, sev(a[0]), a[0].String(),
			"The server trusts a name anyone can register under the public suffix %s.%s", origin.PublicSuffix(originOf(a[0].origin).Host()), credNote(a[0])))
	}
	if a := accepted["third-party"]; len(a) > 0 {
		names := make([]string, 0, len(a))
		for _, ex := range a {
			names = append(names, ex.origin)
		}
		add(finding(ruleThirdPartyOrigin, sev(a[0]), a[0].String(),
			"The server trusts origins where anyone can publish script (%s).%s", strings.Join(names, ", "), credNote(a[0])))
	}
}

// checkHeaders reviews the Access-Control-Allow-Origin, -Credentials and
// Vary headers of every GET response.
func (pr *prober) checkHeaders(add func(Finding)) {
	var invalid, star, cred, vary *exchange
	values := map[string]bool{}
	for _, ex := range pr.order {
		if ex.method != "GET" {
			continue
		}
		v, n := ex.first(hACAO)
		values[v] = true
		if n > 0 && invalid == nil && !validAllowOrigin(ex) {
			invalid = ex
		}
		if n == 1 && v == "*" {
			if star == nil {
				star = ex
			}
		}
		if _, m := ex.first(hACAC); m > 0 && cred == nil && !ex.credentials() && n > 0 {
			cred = ex
		}
	}
	if invalid != nil {
		add(finding(ruleInvalidAllowOrigin, SeverityMedium, invalid.String(),
			"Access-Control-Allow-Origin is not one origin as the request spelled it, nor \"*\": every browser fails the request."))
	}
	if star != nil && star.credentials() {
		add(finding(ruleWildcardWithCredentials, SeverityMedium, star.String(),
			"\"Access-Control-Allow-Origin: *\" with \"Access-Control-Allow-Credentials: true\": browsers fail every credentialed request, silently for the server."))
	}
	if star != nil && isLocalNetworkHost(pr.target.Host()) {
		add(finding(ruleWildcardLocalNetwork, SeverityHigh, star.String(),
			"%s is a local-network or intranet server answering \"Access-Control-Allow-Origin: *\": any website a user visits can read it through the user's browser.", pr.target))
	}
	if cred != nil {
		v, n := cred.first(hACAC)
		s := SeverityMedium
		if n == 1 && v == "false" {
			s = SeverityInfo
		}
		add(finding(ruleCredentialsNotTrue, s, cred.String(),
			"Access-Control-Allow-Credentials is %s, not exactly \"true\": browsers fail credentialed requests, and only the absence of the header means no.", strconv.Quote(v)))
	}
	// A dynamic Access-Control-Allow-Origin needs Vary: Origin on every
	// response, those without it included.
	if len(values) > 1 {
		for _, ex := range pr.order {
			if ex.method == "GET" && !ex.varies(hOrigin) {
				vary = ex
				break
			}
		}
	}
	if vary != nil {
		add(finding(ruleMissingVaryOrigin, SeverityMedium, vary.String(),
			"Access-Control-Allow-Origin depends on the request's Origin, but this response has no \"Vary: Origin\": a cache may serve it to another origin (cache poisoning, or blocked requests)."))
	}
}

// validAllowOrigin reports whether the response's Access-Control-Allow-Origin
// is one line holding "*", "null" or a serialized origin.
func validAllowOrigin(ex *exchange) bool {
	v, n := ex.first(hACAO)
	if n != 1 {
		return false
	}
	if v == "*" || v == "null" {
		return true
	}
	o, err := origin.ParseSerializedOrigin(v)
	return err == nil && o.String() == v
}

// checkPreflights sends preflights from the trusted origin and reviews the
// answers.
func (pr *prober) checkPreflights(trusted string, eff *Effective, add func(Finding)) {
	get := pr.get(trusted)
	basic := []*exchange{
		pr.preflight(trusted, "POST", "content-type"),
		pr.preflight(trusted, "PUT", ""),
		pr.preflight(trusted, "DELETE", ""),
		pr.preflight(trusted, "PATCH", ""),
	}
	reflectProbe := pr.preflight(trusted, "CORSIMPROBE", "x-corsim-probe")
	authProbe := pr.preflight(trusted, "GET", "authorization")
	if pr.err != nil {
		return
	}
	eff.PreflightStatus = basic[0].status
	anyCORS := false
	var notOK *exchange
	for _, ex := range append(basic, reflectProbe, authProbe) {
		if _, n := ex.first(hACAO); n > 0 {
			anyCORS = true
		}
		if ex.allows() && fetch.IsOKStatus(ex.status) {
			for _, m := range ex.list(hACAM) {
				if !contains(eff.Methods, m) && m != "CORSIMPROBE" {
					eff.Methods = append(eff.Methods, m)
				}
			}
			for _, h := range ex.list(hACAH) {
				if h = lowerASCII(h); !contains(eff.RequestHeaders, h) && h != "x-corsim-probe" {
					eff.RequestHeaders = append(eff.RequestHeaders, h)
				}
			}
			if v, n := ex.first(hACMA); n > 0 && eff.MaxAge == "" {
				eff.MaxAge = v
			}
		}
		if notOK == nil && (fetch.IsRedirectStatus(ex.status) || (!fetch.IsOKStatus(ex.status) && ex.allows())) {
			notOK = ex
		}
	}
	if notOK != nil {
		what := fmt.Sprintf("status %d", notOK.status)
		if fetch.IsRedirectStatus(notOK.status) {
			what = fmt.Sprintf("a %d redirect", notOK.status)
		}
		add(finding(rulePreflightNotOK, SeverityMedium, notOK.String(),
			"The preflight is answered with %s: browsers fail it (PreflightInvalidStatus or a disallowed redirect), so the request is never sent.", what))
	}
	if !anyCORS && get.allows() {
		add(finding(rulePreflightBlocked, SeverityMedium, basic[0].String(),
			"GET requests from %s get CORS headers but preflights get none (status %d): something before the CORS layer answers OPTIONS (authentication, a router without OPTIONS, a method check), so every preflighted request fails.", trusted, basic[0].status))
	}
	cred := get.credentials()
	for _, ex := range append(basic, reflectProbe, authProbe) {
		if ex.credentials() {
			cred = true
		}
	}
	if cred {
		for _, ex := range append([]*exchange{get}, append(basic, reflectProbe, authProbe)...) {
			if !ex.credentials() {
				continue
			}
			var stars []string
			for _, name := range []string{hACAM, hACAH, hACEH} {
				if contains(ex.list(name), "*") {
					stars = append(stars, name)
				}
			}
			if len(stars) > 0 {
				add(finding(ruleWildcardListCredentials, SeverityLow, ex.String(),
					"%s holds \"*\" on a credentialed response: for credentialed requests it is only a name, so the methods or headers it was meant to allow are refused.", strings.Join(stars, " and ")))
				break
			}
		}
		if reflectProbe.credentials() && (contains(reflectProbe.list(hACAM), "CORSIMPROBE") || containsFold(reflectProbe.list(hACAH), "x-corsim-probe")) {
			add(finding(ruleReflectedRequest, SeverityLow, reflectProbe.String(),
				"The server echoes Access-Control-Request-Method or -Headers on credentialed preflights: every method and header is allowed with users' credentials."))
		}
	}
	if authProbe.allows() && fetch.IsOKStatus(authProbe.status) {
		names := authProbe.list(hACAH)
		if contains(names, "*") && !containsFold(names, "authorization") && !authProbe.credentials() {
			add(finding(ruleAuthorizationWildcard, SeverityLow, authProbe.String(),
				"Authorization is allowed only through \"Access-Control-Allow-Headers: *\": browsers let \"*\" cover it today, but the Fetch Standard does not, and engines are moving to enforce it."))
		}
	}
	if eff.MaxAge != "" {
		if secs, ok := fetch.ParseDeltaSeconds(eff.MaxAge); ok && secs > 600 {
			for _, ex := range basic {
				if v, _ := ex.first(hACMA); v == eff.MaxAge {
					add(finding(ruleMaxAgeOverCap, SeverityInfo, ex.String(), "%s", maxAgeMessage(int64(secs))))
					break
				}
			}
		}
	}
}

func containsFold(list []string, s string) bool {
	for _, e := range list {
		if equalFold(e, s) {
			return true
		}
	}
	return false
}

// The matrix's methods and request headers.
var (
	matrixMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
	matrixHeaders = []fetch.Header{{}, {Name: "Content-Type", Value: "application/json"},
		{Name: "Authorization", Value: "Bearer token"}, {Name: "X-Requested-With", Value: "XMLHttpRequest"}}
)

// matrix computes each engine's verdict for the matrix of origins, methods,
// request headers and credentials modes, from the server's answers to the
// preflights and GET requests each cell needs. The actual request's
// response is taken to be the GET response for the same origin: probing
// sends no other method.
func (pr *prober) matrix(trusted string, extra []string) []Verdict {
	var origins []string
	addOrigin := func(o string) {
		if o != "" && !contains(origins, o) {
			origins = append(origins, o)
		}
	}
	addOrigin(trusted)
	for _, o := range extra {
		addOrigin(o)
	}
	addOrigin(pr.target.Scheme() + "://" + attackerName + ".invalid")
	addOrigin("null")
	profiles := make([]fetch.Profile, 0, 4)
	for _, e := range fetch.Engines() {
		profiles = append(profiles, e.Profile())
	}
	var out []Verdict
	for _, o := range origins {
		page := originOf(o)
		if o == "null" {
			page = origin.Opaque()
		}
		for _, m := range matrixMethods {
			for _, h := range matrixHeaders {
				for _, cred := range []bool{false, true} {
					v := Verdict{Origin: o, Method: m, Credentials: cred}
					init := fetch.RequestInit{Method: m, Credentials: fetch.CredentialsSameOrigin}
					if cred {
						init.Credentials = fetch.CredentialsInclude
					}
					if h.Name != "" {
						v.Header = h.Name + ": " + h.Value
						init.Headers = fetch.HeaderList{h}
					}
					for i := range profiles {
						ev, pre := pr.verdict(&profiles[i], page, o, init)
						if pr.err != nil {
							return nil
						}
						if profiles[i].Engine == fetch.EngineChromium {
							v.Preflight = pre
						}
						v.Engines = append(v.Engines, ev)
					}
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// verdict is one engine's verdict on one cell, and whether it preflights.
func (pr *prober) verdict(p *fetch.Profile, page origin.Origin, o string, init fetch.RequestInit) (EngineVerdict, bool) {
	ev := EngineVerdict{Engine: p.Engine}
	req, terr := fetch.NewRequest(page, nil, pr.url, init)
	if terr != nil {
		ev.Reason = fetch.ReasonTypeError
		return ev, false
	}
	req.ResponseTainting = fetch.TaintingCORS
	pre := p.NeedsCORSWithPreflight(req)
	if pre {
		preq := p.NewPreflightRequest(req)
		acrh, _ := preq.Header.Get(hACRH)
		ex := pr.preflight(o, req.Method, acrh)
		if ex == nil {
			return ev, pre
		}
		if r := p.ValidatePreflightResponse(req, ex.status, ex.header); !r.OK() {
			ev.Reason = r.Reason
			return ev, pre
		}
	}
	ex := pr.get(o)
	if ex == nil {
		return ev, pre
	}
	if c := fetch.CORSCheck(req, ex.header); !c.OK() {
		ev.Reason = c.Reason
		return ev, pre
	}
	ev.Allowed = true
	return ev, pre
}
