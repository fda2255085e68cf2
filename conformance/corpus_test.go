package conformance

import (
	"context"
	"encoding/json"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

// policyServer builds the servers of scenarios that give a "policy".
func policyServer(raw json.RawMessage, target origin.Origin) (simulate.Server, error) {
	p, err := policy.Parse(raw)
	if err != nil {
		return nil, err
	}
	return p.Server(target), nil
}

func mustCorpus(t *testing.T) []File {
	t.Helper()
	files, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("the corpus is empty")
	}
	return files
}

func mustDivergences(t *testing.T, files []File) map[divKey]*divergence {
	t.Helper()
	divs, err := loadDivergences(files)
	if err != nil {
		t.Fatal(err)
	}
	return divs
}

// simulateAs runs s through the simulator as engine.
func simulateAs(t *testing.T, file string, s *scenario.Scenario, engine string) *scenario.Run {
	t.Helper()
	run, err := scenario.Simulate(context.Background(), file, s, scenario.RunOptions{Engine: engine, Policy: policyServer, NoTrace: true})
	if err != nil {
		t.Fatalf("the simulator refused the scenario: %v", err)
	}
	if len(run.Results) != len(s.Requests) {
		t.Fatalf("%d results for %d requests", len(run.Results), len(s.Requests))
	}
	return run
}

// projection is what an expect block says, or the part of a result it
// looks at. Nil fields are not checked.
type projection struct {
	Outcome        *string
	CorsError      *string
	FirefoxReason  *string
	Preflight      *bool
	ACRH           *acrh
	Status         *int
	Type           *string
	VisibleHeaders map[string]*string
}

// acrh is the first preflight's Access-Control-Request-Headers.
type acrh struct {
	Sent  bool
	Value string
}

func projectExpect(e *scenario.Expect) projection {
	p := projection{
		Outcome: e.Outcome, CorsError: e.CorsError, FirefoxReason: e.FirefoxReason,
		Preflight: e.Preflight, Status: e.Status, Type: e.Type, VisibleHeaders: e.VisibleHeaders,
	}
	if e.ACRH.Set {
		p.ACRH = &acrh{Sent: !e.ACRH.Null, Value: e.ACRH.Value}
	}
	return p
}

// projectResult keeps the fields of r that want checks, in the same form.
// A blocked request has status 0 and type "error", as scenario.Check reads
// it.
func projectResult(want projection, r scenario.Result) projection {
	var got projection
	if want.Outcome != nil {
		got.Outcome = &r.Outcome
	}
	if want.CorsError != nil {
		got.CorsError = &r.CorsError
	}
	if want.FirefoxReason != nil {
		got.FirefoxReason = &r.FirefoxReason
	}
	if want.Preflight != nil {
		got.Preflight = &r.Preflight
	}
	if want.ACRH != nil {
		got.ACRH = &acrh{}
		if v := scenario.PreflightACRH(r); v != nil {
			got.ACRH = &acrh{Sent: true, Value: *v}
		}
	}
	status, typ, headers := 0, "error", map[string]string{}
	if r.Response != nil {
		status, typ, headers = r.Response.Status, r.Response.Type, r.Response.Headers
	}
	if want.Status != nil {
		got.Status = &status
	}
	if want.Type != nil {
		got.Type = &typ
	}
	if want.VisibleHeaders != nil {
		got.VisibleHeaders = make(map[string]*string, len(want.VisibleHeaders))
		for name := range want.VisibleHeaders {
			if v, ok := headers[strings.ToLower(name)]; ok {
				got.VisibleHeaders[name] = &v
			} else {
				got.VisibleHeaders[name] = nil
			}
		}
	}
	return got
}

func fileBase(name string) string { return strings.TrimSuffix(path.Base(name), ".json") }

// TestCorpus runs every scenario for every engine and compares the
// prediction with the scenario's expectations merged with that engine's
// divergence entry.
func TestCorpus(t *testing.T) {
	files := mustCorpus(t)
	divs := mustDivergences(t, files)
	for _, f := range files {
		t.Run(fileBase(f.Name), func(t *testing.T) {
			for _, s := range f.Scenarios {
				t.Run(s.Name, func(t *testing.T) {
					t.Parallel()
					for _, e := range fetch.Engines() {
						t.Run(e.String(), func(t *testing.T) {
							want, d, err := expectFor(s, e.String(), divs)
							if err != nil {
								t.Fatal(err)
							}
							run := simulateAs(t, f.Name, s, e.String())
							for i, w := range want {
								if w == nil {
									t.Fatalf("request %d has no expectation", i+1)
								}
								pw := projectExpect(w)
								if diff := cmp.Diff(pw, projectResult(pw, run.Results[i])); diff != "" {
									via := ""
									if d != nil {
										via = " (with divergence " + d.Divergence + ")"
									}
									t.Errorf("%s as %s, request %d%s: (-want +got)\n%s", s.Name, e, i+1, via, diff)
								}
							}
						})
					}
				})
			}
		})
	}
}

// TestReasonCoverage checks that the corpus produces every fetch.Reason in
// the simulator, and every one of them as Chromium.
func TestReasonCoverage(t *testing.T) {
	files := mustCorpus(t)
	byEngine := make(map[fetch.Engine]map[fetch.Reason][]string)
	for _, f := range files {
		for _, s := range f.Scenarios {
			for _, e := range fetch.Engines() {
				run := simulateAs(t, f.Name, s, e.String())
				if byEngine[e] == nil {
					byEngine[e] = make(map[fetch.Reason][]string)
				}
				for _, r := range run.Simulated {
					byEngine[e][r.Reason] = append(byEngine[e][r.Reason], s.Name)
				}
			}
		}
	}
	for _, r := range fetch.Reasons() {
		var engines []string
		for _, e := range fetch.Engines() {
			if len(byEngine[e][r]) > 0 {
				engines = append(engines, e.String())
			}
		}
		if len(engines) == 0 {
			t.Errorf("no corpus scenario produces %s (%s) for any engine", r, r.Step())
			continue
		}
		if len(byEngine[fetch.EngineChromium][r]) == 0 {
			t.Errorf("%s is produced only for %s, never for chromium", r, strings.Join(engines, ", "))
		}
	}
	if testing.Verbose() {
		for _, r := range fetch.Reasons() {
			t.Logf("%-40s chromium %3d, spec %3d, firefox %3d, webkit %3d", r,
				len(byEngine[fetch.EngineChromium][r]), len(byEngine[fetch.EngineSpec][r]),
				len(byEngine[fetch.EngineFirefox][r]), len(byEngine[fetch.EngineWebKit][r]))
		}
	}
}

// divergenceEngines says, for each divergence of fetch.Divergences, which
// engines behave unlike Chromium in a way a scenario can show; the corpus
// must have an entry for each. unobservableDivergences are the ones no
// scenario with canned answers can show, and why.
var (
	divergenceEngines = map[string][]string{
		"authorization-wildcard":          {"spec"},
		"preflight-status-order":          {"webkit"},
		"preflight-redirect-order":        {"spec", "firefox"},
		"safelisted-request-headers":      {"spec", "firefox", "webkit"},
		"safelist-duplicate-headers":      {"spec", "firefox"},
		"safelist-total-limit":            {"firefox"},
		"preflight-cache-cap":             {"spec", "firefox", "webkit"},
		"max-age-unparsable":              {"firefox"},
		"max-age-negative":                {"spec"},
		"max-age-integer":                 {"spec", "firefox"},
		"preflight-cache-eviction":        {"firefox"},
		"preflight-cache-credentials":     {"firefox"},
		"preflight-cache-head":            {"firefox"},
		"preflight-cache-size":            {"firefox"},
		"preflight-cache-url-length":      {"spec", "firefox", "webkit"},
		"preflight-origin-after-redirect": {"firefox"},
		"mixed-content-pages":             {"spec"},
		"mixed-content-localhost":         {"webkit"},
		"redirect-non-http-scheme":        {"spec", "webkit"},
		"redirect-refused-schemes":        {"firefox"},
		"redirect-to-file":                {"firefox"},
		"same-origin-mode-first":          {"spec"},
		"redirect-empty-location":         {"spec", "firefox", "webkit"},
		"redirect-identical-locations":    {"spec", "webkit"},
		"cache-wildcard-authorization":    {"webkit"},
		"cache-opaque-origins":            {"spec", "firefox", "webkit"},
		"unsupported-scheme-first":        {"spec", "firefox", "webkit"},
		"local-resource":                  {"spec", "webkit"},
		"extra-forbidden-request-headers": {"spec", "firefox", "webkit"},
		"redirect-error-without-location": {"spec", "firefox"},
		"credentialed-redirect":           {"spec", "firefox", "webkit"},
		"acrh-duplicates":                 {"firefox"},
		"preflight-after-redirect":        {"firefox", "webkit"},
		"content-type-combining":          {"firefox"},
		"redirect-keeps-authorization":    {"webkit"},
		"cache-wildcard-literal":          {"firefox"},
		"data-url-content-length":         {"firefox"},
	}
	// NB: WebKit's missing 1024-byte total (safelist-total-limit) cannot
	// show: it safelists five names of at most 128 bytes each once repeated
	// headers are combined, so its safelisted values never exceed 1024
	// bytes. Firefox's can (it judges repeated lines one by one).
	unobservableDivergences = map[string]string{
		"preflight-cache-granularity": "with canned answers every preflight to a URL gets the same response, so merging entries " +
			"per method and header name and replacing the whole result give the same cache",
		"preflight-cache-failed-lookup": "a lookup fails only when the cached result refuses the request; the new preflight then " +
			"gets the same canned answer and fails too, which clears the entry in every profile",
	}
)

// TestDivergenceCoverage checks that every modelled divergence has a
// corpus entry for each engine that departs from Chromium, or is listed as
// one no scenario can show.
func TestDivergenceCoverage(t *testing.T) {
	files := mustCorpus(t)
	divs := mustDivergences(t, files)
	have := make(map[string]map[string]int)
	for k, d := range divs {
		if have[d.Divergence] == nil {
			have[d.Divergence] = make(map[string]int)
		}
		have[d.Divergence][k.engine]++
	}
	for _, d := range fetch.Divergences() {
		engines, listed := divergenceEngines[d.ID]
		why, unobservable := unobservableDivergences[d.ID]
		switch {
		case listed && unobservable:
			t.Errorf("divergence %s is listed both as observable and as unobservable (%s)", d.ID, why)
		case !listed && !unobservable:
			t.Errorf("divergence %s (%s) has no corpus coverage rule: add scenarios and list its engines in divergenceEngines", d.ID, d.Summary)
		case unobservable && len(have[d.ID]) > 0:
			t.Errorf("divergence %s is listed as unobservable but has corpus entries", d.ID)
		}
		for _, e := range engines {
			if have[d.ID][e] == 0 {
				t.Errorf("divergence %s: no corpus entry for %s", d.ID, e)
			}
		}
	}
	for id := range divergenceEngines {
		found := false
		for _, d := range fetch.Divergences() {
			found = found || d.ID == id
		}
		if !found {
			t.Errorf("divergenceEngines lists %s, which fetch.Divergences does not have", id)
		}
	}
	for id := range corpusOnlyDivergences {
		if len(have[id]) == 0 {
			t.Errorf("corpusOnlyDivergences lists %s, but no entry uses it", id)
		}
	}
}

// TestCorpusRules checks the corpus's own rules: every scenario has a
// source URL, a one-line note and an expectation per request; hosts are
// reserved names or loopback addresses; ports are ones the browser harness
// can bind (80, 443, 8000-8099), or bad ports, only in ports.json.
func TestCorpusRules(t *testing.T) {
	files := mustCorpus(t)
	total := 0
	for _, f := range files {
		for _, s := range f.Scenarios {
			total++
			if !strings.HasPrefix(s.Source, "https://") {
				t.Errorf("%s: %s: source %q is not a spec URL", f.Name, s.Name, s.Source)
			}
			if strings.TrimSpace(s.Note) == "" || strings.ContainsAny(s.Note, "\r\n") {
				t.Errorf("%s: %s: note must be one non-empty line", f.Name, s.Name)
			}
			if s.Engine != "chromium" {
				t.Errorf("%s: %s: engine %s: the corpus writes expectations for chromium, the engine the browser harness checks", f.Name, s.Name, s.Engine)
			}
			for i, e := range s.Expect {
				if e == nil || e.Outcome == nil {
					t.Errorf("%s: %s: request %d has no expected outcome", f.Name, s.Name, i+1)
				}
			}
			for _, u := range scenarioURLs(t, s) {
				checkHostAndPort(t, f.Name, s.Name, u, path.Base(f.Name) == "ports.json")
			}
		}
	}
	if total < 400 {
		t.Errorf("the corpus has %d scenarios; it should keep at least 400", total)
	}
}

// scenarioURLs returns the page and every request, server and Location URL
// of s that uses http or https.
func scenarioURLs(t *testing.T, s *scenario.Scenario) []*origin.URL {
	t.Helper()
	var out []*origin.URL
	add := func(raw string, base *origin.URL) {
		u, err := origin.ParseURL(raw, base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		out = append(out, u)
	}
	var page *origin.URL
	if s.Page != "null" {
		u, err := origin.ParseURL(s.Page, nil)
		if err != nil {
			t.Fatalf("%s: page %q: %v", s.Name, s.Page, err)
		}
		page = u
		out = append(out, u)
	}
	for _, r := range s.Requests {
		add(r.URL, page)
	}
	for raw, byMethod := range s.Responses {
		u, err := origin.ParseURL(raw, nil)
		if err != nil {
			t.Errorf("%s: responses key %q: %v", s.Name, raw, err)
			continue
		}
		add(raw, nil)
		for _, resp := range byMethod {
			for _, h := range resp.Headers {
				if strings.EqualFold(h.Name, "Location") {
					add(h.Value, u)
				}
			}
		}
	}
	return out
}

func checkHostAndPort(t *testing.T, file, name string, u *origin.URL, badPortsAllowed bool) {
	t.Helper()
	o := u.Origin()
	host := strings.TrimSuffix(o.Host(), ".")
	reserved := host == "localhost" || host == "127.0.0.1" || host == "[::1]"
	for _, tld := range []string{".test", ".example", ".invalid", ".localhost"} {
		if strings.HasSuffix(host, tld) {
			reserved = true
		}
	}
	if !reserved {
		t.Errorf("%s: %s: host %q of %s is not a reserved name or a loopback address", file, name, o.Host(), u)
	}
	port, explicit := o.Port()
	switch {
	case !explicit, port == 80, port == 443, port >= 8000 && port <= 8099:
	case fetch.IsBadPort(port) && badPortsAllowed:
	default:
		t.Errorf("%s: %s: port %d of %s: use 80, 443 or 8000-8099 (bad ports only in ports.json)", file, name, port, u)
	}
}

// TestCorpusCoverage checks that the corpus exercises every combination the
// conformance issue asks for.
func TestCorpusCoverage(t *testing.T) {
	files := mustCorpus(t)
	modes := map[string]bool{}
	redirects := map[string]bool{}
	reqClasses := map[string]bool{}
	respClasses := map[string]bool{}
	var sequencesWithAfter, nullPages, policies int
	for _, f := range files {
		for _, s := range f.Scenarios {
			var page *origin.URL
			pageOrigin := origin.Opaque()
			if s.Page == "null" {
				nullPages++
			} else {
				u, err := origin.ParseURL(s.Page, nil)
				if err != nil {
					t.Fatalf("%s: %v", s.Name, err)
				}
				page, pageOrigin = u, u.Origin()
			}
			if s.Policy != nil {
				policies++
			}
			for i, r := range s.Requests {
				if r.After > 0 {
					sequencesWithAfter++
				}
				if u, err := origin.ParseURL(r.URL, page); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
					where := "cross"
					if u.Origin().SameOrigin(pageOrigin) && !sandboxedPage(s) {
						where = "same"
					}
					modes[r.Mode+"/"+r.Credentials+"/"+where] = true
				}
				classifyRequestHeaders(r, reqClasses)
				if e := s.Expect[i]; e != nil && e.Type != nil {
					classifyVisibleHeaders(*e.Type, e.VisibleHeaders, respClasses)
				}
			}
			classifyRedirects(s, pageOrigin, redirects)
		}
	}
	var missing []string
	for _, m := range []string{"cors", "no-cors", "same-origin"} {
		for _, c := range []string{"omit", "same-origin", "include"} {
			for _, w := range []string{"same", "cross"} {
				if k := m + "/" + c + "/" + w; !modes[k] {
					missing = append(missing, "mode/credentials/target "+k)
				}
			}
		}
	}
	for _, st := range []string{"301", "302", "303", "307", "308"} {
		for _, p := range []string{"same-to-same", "same-to-cross", "cross-to-same-cross", "cross-to-third", "cross-back-to-page"} {
			if k := st + " " + p; !redirects[k] {
				missing = append(missing, "redirect "+k)
			}
		}
	}
	for _, c := range requestHeaderClasses {
		if !reqClasses[c] {
			missing = append(missing, "request header class "+c)
		}
	}
	for _, c := range responseHeaderClasses {
		if !respClasses[c] {
			missing = append(missing, "response header class "+c)
		}
	}
	if sequencesWithAfter == 0 {
		missing = append(missing, `a "requests" sequence with "after"`)
	}
	if nullPages == 0 {
		missing = append(missing, `an opaque ("null") page`)
	}
	if policies == 0 {
		missing = append(missing, "a policy scenario")
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("the corpus lacks %s", m)
	}
}

func sandboxedPage(s *scenario.Scenario) bool {
	for _, h := range s.PageHeaders {
		if strings.EqualFold(h.Name, "Content-Security-Policy") && strings.Contains(h.Value, "sandbox") &&
			!strings.Contains(h.Value, "allow-same-origin") {
			return true
		}
	}
	return false
}

// forbiddenRequestHeaderNames is step 1 of the spec's forbidden
// request-header, spelled out so that the corpus covers each name.
var forbiddenRequestHeaderNames = []string{
	"Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers", "Access-Control-Request-Method",
	"Connection", "Content-Length", "Cookie", "Cookie2", "Date", "DNT", "Expect", "Host", "Keep-Alive", "Origin",
	"Referer", "Set-Cookie", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Via",
}

// The header classes the corpus must exercise.
var (
	requestHeaderClasses = func() []string {
		cs := []string{"forbidden prefix proxy-", "forbidden prefix sec-", "forbidden method override",
			"method override allowed", "cors-unsafe name", "cors non-wildcard name", "request-body-header name",
			"no-cors safelisted in no-cors", "dropped by no-cors guard", "privileged no-cors in no-cors"}
		for _, n := range []string{"accept", "accept-language", "content-language", "content-type", "range"} {
			cs = append(cs, "safelisted "+n, "unsafe value "+n)
		}
		for _, n := range forbiddenRequestHeaderNames {
			cs = append(cs, "forbidden "+strings.ToLower(n))
		}
		return cs
	}()
	responseHeaderClasses = []string{
		"readable safelisted cache-control", "readable safelisted content-language", "readable safelisted content-length",
		"readable safelisted content-type", "readable safelisted expires", "readable safelisted last-modified",
		"readable safelisted pragma", "hidden forbidden set-cookie", "hidden forbidden set-cookie2",
		"hidden not exposed", "readable exposed", "readable basic", "hidden opaque",
	}
)

func classifyRequestHeaders(r scenario.Request, seen map[string]bool) {
	for _, h := range r.Headers {
		name := strings.ToLower(h.Name)
		switch {
		case containsString(lowerAll(forbiddenRequestHeaderNames), name):
			seen["forbidden "+name] = true
		case strings.HasPrefix(name, "proxy-"):
			seen["forbidden prefix proxy-"] = true
		case strings.HasPrefix(name, "sec-"):
			seen["forbidden prefix sec-"] = true
		case name == "x-http-method" || name == "x-http-method-override" || name == "x-method-override":
			if fetch.IsForbiddenRequestHeader(h.Name, h.Value) {
				seen["forbidden method override"] = true
			} else {
				seen["method override allowed"] = true
			}
		}
		if fetch.IsForbiddenRequestHeader(h.Name, h.Value) || !fetch.IsHeaderName(h.Name) {
			continue
		}
		switch name {
		case "accept", "accept-language", "content-language", "content-type", "range":
			if fetch.IsCORSSafelistedRequestHeader(h.Name, fetch.NormalizeHeaderValue(h.Value)) {
				seen["safelisted "+name] = true
			} else {
				seen["unsafe value "+name] = true
			}
		default:
			seen["cors-unsafe name"] = true
		}
		if fetch.IsCORSNonWildcardRequestHeaderName(h.Name) {
			seen["cors non-wildcard name"] = true
		}
		if fetch.IsRequestBodyHeaderName(h.Name) {
			seen["request-body-header name"] = true
		}
		if r.Mode == "no-cors" {
			switch {
			case fetch.IsPrivilegedNoCORSRequestHeaderName(h.Name):
				seen["privileged no-cors in no-cors"] = true
			case fetch.IsNoCORSSafelistedRequestHeader(h.Name, h.Value):
				seen["no-cors safelisted in no-cors"] = true
			default:
				seen["dropped by no-cors guard"] = true
			}
		}
	}
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	return out
}

func classifyVisibleHeaders(typ string, vis map[string]*string, seen map[string]bool) {
	for name, v := range vis {
		n := strings.ToLower(name)
		switch {
		case typ == "opaque" || typ == "opaqueredirect":
			if v == nil {
				seen["hidden opaque"] = true
			}
		case typ == "basic":
			if v != nil && !fetch.IsCORSSafelistedResponseHeaderName(n, nil) {
				seen["readable basic"] = true
			}
		case fetch.IsForbiddenResponseHeaderName(n):
			if v == nil {
				seen["hidden forbidden "+n] = true
			}
		case fetch.IsCORSSafelistedResponseHeaderName(n, nil):
			if v != nil {
				seen["readable safelisted "+n] = true
			}
		case v == nil:
			seen["hidden not exposed"] = true
		default:
			seen["readable exposed"] = true
		}
	}
}

// classifyRedirects records, for each redirect answer of s, its status and
// where it leads relative to the page's origin.
func classifyRedirects(s *scenario.Scenario, page origin.Origin, seen map[string]bool) {
	for raw, byMethod := range s.Responses {
		from, err := origin.ParseURL(raw, nil)
		if err != nil {
			continue
		}
		for _, resp := range byMethod {
			if !fetch.IsRedirectStatus(resp.Status) {
				continue
			}
			for _, h := range resp.Headers {
				if !strings.EqualFold(h.Name, "Location") {
					continue
				}
				to, err := origin.ParseURL(h.Value, from)
				if err != nil || (to.Scheme != "http" && to.Scheme != "https") {
					continue
				}
				fo, too := from.Origin(), to.Origin()
				var p string
				switch {
				case fo.SameOrigin(page) && too.SameOrigin(page):
					p = "same-to-same"
				case fo.SameOrigin(page):
					p = "same-to-cross"
				case too.SameOrigin(page):
					p = "cross-back-to-page"
				case too.SameOrigin(fo):
					p = "cross-to-same-cross"
				default:
					p = "cross-to-third"
				}
				seen[strconv.Itoa(resp.Status)+" "+p] = true
			}
		}
	}
}
