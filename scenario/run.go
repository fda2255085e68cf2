package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/simulate"
)

// ServerFromPolicy turns a scenario's "policy" object into a server. The
// policy package provides it; Run refuses policy scenarios when it is nil.
type ServerFromPolicy func(policy json.RawMessage, target origin.Origin) (simulate.Server, error)

// RunOptions adjust how Run simulates a scenario.
type RunOptions struct {
	// Engine overrides the scenario's engine when not empty.
	Engine string
	// Policy builds servers for scenarios that give a "policy".
	Policy ServerFromPolicy
	// NoTrace leaves the results' traces empty.
	NoTrace bool
	// Server, when not nil, answers every request in place of the
	// scenario's responses or policy: a live server behind
	// simulate.RoundTripperServer, or an http.Handler.
	Server simulate.Server
}

// epoch is the virtual clock's start: a fixed instant, so runs are
// deterministic.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// A Run is the simulation of one scenario: a result per request, and the
// expectations that did not hold.
type Run struct {
	Scenario   *Scenario
	Engine     fetch.Engine
	Results    []Result
	Simulated  []*simulate.Result
	Mismatches []Mismatch
}

// A Mismatch is an expectation that did not hold.
type Mismatch struct {
	// Request is the index of the request in the scenario.
	Request int
	Field   string
	Want    string
	Got     string
}

func (m Mismatch) String() string {
	return fmt.Sprintf("request %d: %s: want %s, got %s", m.Request+1, m.Field, m.Want, m.Got)
}

// Simulate runs s through the simulator. A scenario that cannot be run (an
// invalid page or URL, a policy without a policy server) is an *Error;
// a prediction that differs from s's expect block is a Mismatch in the Run.
func Simulate(ctx context.Context, file string, s *Scenario, opts RunOptions) (*Run, error) {
	fail := func(field, format string, args ...any) error {
		return &Error{File: file, Scenario: fmt.Sprintf("%q", s.Name), Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	engineName := s.Engine
	if opts.Engine != "" {
		engineName = opts.Engine
	}
	engine, err := fetch.ParseEngine(engineName)
	if err != nil {
		return nil, fail("engine", "%q is not one of chromium, firefox, webkit, spec", engineName)
	}
	page, err := simulate.NewPage(s.Page)
	if err != nil {
		return nil, fail("page", "%q is not an origin, a URL or \"null\": %v", s.Page, err)
	}
	if sandboxed(s.PageHeaders) && !page.Origin.IsOpaque() {
		page = simulate.OpaquePage(page.URL)
	}
	var server simulate.Server
	switch {
	case opts.Server != nil:
		server = opts.Server
	case s.Policy != nil:
		if opts.Policy == nil {
			return nil, fail("policy", "policy servers are not available in this build")
		}
		target, err := policyTarget(s, page)
		if err != nil {
			return nil, fail("requests", "%v", err)
		}
		server, err = opts.Policy(s.Policy, target)
		if err != nil {
			return nil, fail("policy", "%v", err)
		}
	default:
		c := &simulate.Canned{}
		for u, byMethod := range s.Responses {
			for m, r := range byMethod {
				if err := c.Handle(u, m, simulate.CannedResponse{Status: r.Status, Header: headerList(r.Headers), Body: r.Body}); err != nil {
					return nil, fail(fmt.Sprintf("responses[%q]", u), "%v", err)
				}
			}
		}
		server = c
	}
	for i, rq := range s.Requests {
		if _, err := origin.ParseURL(rq.URL, page.URL); err != nil {
			return nil, fail(requestField(s, i, "url"), "%q is not a valid URL (relative URLs resolve against the page): %v", rq.URL, err)
		}
	}

	clock := simulate.NewVirtualClock(epoch)
	bopts := []simulate.Option{simulate.WithEngine(engine), simulate.WithClock(clock.Now)}
	if opts.NoTrace {
		bopts = append(bopts, simulate.WithoutTrace())
	}
	b := simulate.New(server, bopts...)
	run := &Run{Scenario: s, Engine: engine}
	for i, rq := range s.Requests {
		clock.Advance(time.Duration(rq.After * float64(time.Second)))
		res := b.Fetch(ctx, page, simulate.Request{
			URL: rq.URL, Method: rq.Method, Header: headerList(rq.Headers), Body: rq.Body,
			Mode: mustMode(rq.Mode), Credentials: mustCredentials(rq.Credentials), Redirect: mustRedirect(rq.Redirect),
			ScriptStrings: true,
		})
		run.Simulated = append(run.Simulated, res)
		out := ToResult(s.Name, res)
		run.Results = append(run.Results, out)
		if i < len(s.Expect) && s.Expect[i] != nil {
			run.Mismatches = append(run.Mismatches, Check(i, s.Expect[i], out)...)
		}
	}
	return run, nil
}

func requestField(s *Scenario, i int, f string) string {
	if s.Sequence {
		return fmt.Sprintf("requests[%d].%s", i, f)
	}
	return "request." + f
}

// policyTarget is the origin a policy scenario's server answers for: the
// origin of its (first) request URL.
func policyTarget(s *Scenario, page simulate.Page) (origin.Origin, error) {
	u, err := origin.ParseURL(s.Requests[0].URL, page.URL)
	if err != nil {
		return origin.Origin{}, err
	}
	return u.Origin(), nil
}

// sandboxed reports whether page headers make the document's origin opaque:
// a Content-Security-Policy with a sandbox directive lacking
// allow-same-origin.
func sandboxed(hs []Header) bool {
	for _, h := range hs {
		if !strings.EqualFold(h.Name, "Content-Security-Policy") {
			continue
		}
		for _, dir := range strings.Split(h.Value, ";") {
			f := strings.Fields(strings.ToLower(dir))
			if len(f) == 0 || f[0] != "sandbox" {
				continue
			}
			allowSame := false
			for _, t := range f[1:] {
				if t == "allow-same-origin" {
					allowSame = true
				}
			}
			if !allowSame {
				return true
			}
		}
	}
	return false
}

func headerList(hs []Header) fetch.HeaderList {
	if len(hs) == 0 {
		return nil
	}
	l := make(fetch.HeaderList, len(hs))
	for i, h := range hs {
		l[i] = fetch.Header{Name: h.Name, Value: h.Value}
	}
	return l
}

// The parser has already checked these values.
func mustMode(s string) fetch.Mode {
	m, _ := fetch.ParseMode(s)
	return m
}

func mustCredentials(s string) fetch.CredentialsMode {
	c, _ := fetch.ParseCredentialsMode(s)
	return c
}

func mustRedirect(s string) fetch.RedirectMode {
	r, _ := fetch.ParseRedirectMode(s)
	return r
}

// ToResult converts a simulated result to the public JSON form.
func ToResult(name string, res *simulate.Result) Result {
	out := Result{
		Name:          name,
		Engine:        res.Engine.String(),
		Outcome:       res.Outcome.String(),
		CorsError:     res.CorsError,
		FirefoxReason: res.FirefoxReason,
		Console:       res.Console,
		Preflight:     res.Preflight,
		Wire:          make([]Wire, 0, len(res.Wire)),
	}
	for _, w := range res.Wire {
		out.Wire = append(out.Wire, Wire{Method: w.Method, URL: w.URL, Origin: w.Origin, ACRM: w.ACRM, ACRH: w.ACRH, Cookie: w.Cookie})
	}
	if r := res.Response; r != nil {
		out.Response = &Observed{Type: r.Type.String(), Status: r.Status, URL: r.URL, Redirected: r.Redirected, Headers: r.Header}
	}
	for _, st := range res.Trace {
		out.Trace = append(out.Trace, Step{Step: st.ID, Spec: st.Spec, Text: st.Text})
	}
	return out
}

// Check compares a result with an expectation and returns what differs.
func Check(i int, e *Expect, got Result) []Mismatch {
	var ms []Mismatch
	add := func(field, want, got string) {
		if want != got {
			ms = append(ms, Mismatch{Request: i, Field: field, Want: want, Got: got})
		}
	}
	if e.Outcome != nil {
		add("outcome", *e.Outcome, got.Outcome)
	}
	if e.CorsError != nil {
		add("corsError", quote(*e.CorsError), quote(got.CorsError))
	}
	if e.FirefoxReason != nil {
		add("firefoxReason", quote(*e.FirefoxReason), quote(got.FirefoxReason))
	}
	if e.Preflight != nil {
		add("preflight", fmt.Sprint(*e.Preflight), fmt.Sprint(got.Preflight))
	}
	if e.ACRH.Set {
		want := "null"
		if !e.ACRH.Null {
			want = quote(e.ACRH.Value)
		}
		add("acrh", want, optQuote(PreflightACRH(got)))
	}
	status, typ := 0, "error"
	headers := map[string]string{}
	if got.Response != nil {
		status, typ, headers = got.Response.Status, got.Response.Type, got.Response.Headers
	}
	if e.Status != nil {
		add("status", fmt.Sprint(*e.Status), fmt.Sprint(status))
	}
	if e.Type != nil {
		add("type", *e.Type, typ)
	}
	names := make([]string, 0, len(e.VisibleHeaders))
	for n := range e.VisibleHeaders {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v, ok := headers[strings.ToLower(n)]
		gotV := "not readable"
		if ok {
			gotV = quote(v)
		}
		want := "not readable"
		if w := e.VisibleHeaders[n]; w != nil {
			want = quote(*w)
		}
		add("visibleHeaders."+n, want, gotV)
	}
	return ms
}

// PreflightACRH returns the Access-Control-Request-Headers of the first
// preflight in r's wire, or nil when none was sent.
func PreflightACRH(r Result) *string {
	for _, w := range r.Wire {
		if w.Method == "OPTIONS" && w.ACRM != nil {
			return w.ACRH
		}
	}
	return nil
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func optQuote(s *string) string {
	if s == nil {
		return "null"
	}
	return quote(*s)
}
