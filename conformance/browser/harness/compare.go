package harness

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/corsim/corsim/scenario"
)

// Agreement is the verdict on one compared field.
type Agreement string

const (
	Agree  Agreement = "agree"
	Differ Agreement = "differ"
	// Unseen: the browser cannot show this field for this request (for
	// example the cookie flag of a cross-site http request).
	Unseen Agreement = "unobservable"
	// Known: the values differ in a way a KnownDifference explains.
	Known Agreement = "known"
)

// A Comparison is one field of a prediction set against the observation.
type Comparison struct {
	// Field names the field; wire fields carry the request's index
	// ("wire[1].origin"), header fields the header name
	// ("response.headers[x-a]").
	Field     string    `json:"field"`
	Predicted string    `json:"predicted"`
	Observed  string    `json:"observed"`
	Verdict   Agreement `json:"verdict"`
	// Why is the explanation of a Known difference.
	Why string `json:"why,omitempty"`
}

// Kind is the field name without its index or header name, for tallies:
// "wire[1].origin" → "wire.origin", "response.headers[x-a]" →
// "response.headers".
func (c Comparison) Kind() string {
	f := c.Field
	for {
		i := strings.IndexByte(f, '[')
		if i < 0 {
			return f
		}
		j := strings.IndexByte(f[i:], ']')
		if j < 0 {
			return f
		}
		f = f[:i] + f[i+j+1:]
	}
}

// Compare sets a prediction (the simulator's Result for one request)
// against what the browser did, field by field: outcome, corsError (Chromium
// only; Unseen in the others), firefoxReason (Firefox only), console,
// preflight, the wire (count, then method, URL, Origin, ACRM, ACRH and, where
// observable, cookie of each request), and what script saw (type, status,
// URL, redirected, every readable header). Fields the browser cannot show
// are Unseen, never Agree.
func Compare(pred scenario.Result, obs Observation) []Comparison {
	o := &obs.Result
	var out []Comparison
	add := func(field, p, ob string) {
		v := Agree
		if p != ob {
			v = Differ
		}
		out = append(out, Comparison{Field: field, Predicted: p, Observed: ob, Verdict: v})
	}
	unseen := func(field, p string) {
		out = append(out, Comparison{Field: field, Predicted: p, Verdict: Unseen})
	}
	add("outcome", pred.Outcome, o.Outcome)
	// Only Chromium names a CorsError, only Firefox a reason code.
	switch o.Engine {
	case "", "chromium":
		add("corsError", pred.CorsError, o.CorsError)
	case "firefox":
		unseen("corsError", pred.CorsError)
		add("firefoxReason", pred.FirefoxReason, o.FirefoxReason)
	default:
		unseen("corsError", pred.CorsError)
	}
	add("console", pred.Console, o.Console)
	add("preflight", strconv.FormatBool(pred.Preflight), strconv.FormatBool(o.Preflight))

	add("wire.count", strconv.Itoa(len(pred.Wire)), strconv.Itoa(len(o.Wire)))
	for i := 0; i < min(len(pred.Wire), len(o.Wire)); i++ {
		p, w := pred.Wire[i], o.Wire[i]
		f := fmt.Sprintf("wire[%d].", i)
		add(f+"method", p.Method, w.Method)
		// A URL's username and password never reach the server (the
		// request line has none), so the servers cannot see them.
		add(f+"url", withoutUserinfo(p.URL), w.URL)
		add(f+"origin", optText(p.Origin), optText(w.Origin))
		add(f+"acrm", optText(p.ACRM), optText(w.ACRM))
		add(f+"acrh", optText(p.ACRH), optText(w.ACRH))
		c := Comparison{Field: f + "cookie", Predicted: strconv.FormatBool(p.Cookie), Observed: strconv.FormatBool(w.Cookie)}
		switch {
		case i >= len(obs.Details.CookieObservable) || !obs.Details.CookieObservable[i]:
			c.Verdict = Unseen
		case p.Cookie == w.Cookie:
			c.Verdict = Agree
		default:
			c.Verdict = Differ
		}
		out = append(out, c)
	}

	pr, or := responseFields(pred.Response), responseFields(o.Response)
	for _, k := range []string{"type", "status", "url", "redirected"} {
		add("response."+k, pr[k], or[k])
	}
	names := make(map[string]bool)
	for _, r := range []*scenario.Observed{pred.Response, o.Response} {
		if r != nil {
			for n := range r.Headers {
				names[n] = true
			}
		}
	}
	for _, n := range sortedKeys(names) {
		add("response.headers["+n+"]", headerText1(pred.Response, n), headerText1(o.Response, n))
	}
	return out
}

func optText(s *string) string {
	if s == nil {
		return "(absent)"
	}
	return strconv.Quote(*s)
}

// responseFields flattens what script saw; a network error is type
// "error", status 0.
func responseFields(r *scenario.Observed) map[string]string {
	if r == nil {
		return map[string]string{"type": "error", "status": "0", "url": `""`, "redirected": "false"}
	}
	return map[string]string{"type": r.Type, "status": strconv.Itoa(r.Status), "url": strconv.Quote(r.URL),
		"redirected": strconv.FormatBool(r.Redirected)}
}

func headerText1(r *scenario.Observed, name string) string {
	if r == nil {
		return "(not readable)"
	}
	v, ok := r.Headers[name]
	if !ok {
		return "(not readable)"
	}
	return strconv.Quote(v)
}

// A Tally counts verdicts.
type Tally struct {
	Agree        int `json:"agree"`
	Differ       int `json:"differ"`
	Known        int `json:"known"`
	Unobservable int `json:"unobservable"`
}

func (t *Tally) add(v Agreement) {
	switch v {
	case Agree:
		t.Agree++
	case Differ:
		t.Differ++
	case Known:
		t.Known++
	default:
		t.Unobservable++
	}
}

// A Table is the agreement between predictions and observations, per field
// kind and per reason the browser reported: Chromium's CorsError, Firefox's
// reason code, "(blocked)" for a WebKit failure, "(none)" when it reported
// none. A reason row counts whether outcome and the reason both agreed.
type Table struct {
	Fields     map[string]*Tally `json:"fields"`
	CorsErrors map[string]*Tally `json:"corsErrors"`
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{Fields: make(map[string]*Tally), CorsErrors: make(map[string]*Tally)}
}

// Add counts the comparisons of one request.
func (t *Table) Add(cs []Comparison, observedCorsError string) {
	both := Agree
	for _, c := range cs {
		if (c.Field == "outcome" || c.Field == "corsError" || c.Field == "firefoxReason") && c.Verdict == Known && both == Agree {
			both = Known
		}
		k := c.Kind()
		if t.Fields[k] == nil {
			t.Fields[k] = &Tally{}
		}
		t.Fields[k].add(c.Verdict)
		if (c.Field == "outcome" || c.Field == "corsError" || c.Field == "firefoxReason") && c.Verdict == Differ {
			both = Differ
		}
	}
	key := observedCorsError
	if key == "" {
		key = "(none)"
	}
	if t.CorsErrors[key] == nil {
		t.CorsErrors[key] = &Tally{}
	}
	t.CorsErrors[key].add(both)
}

// WriteText prints the table.
func (t *Table) WriteText(w io.Writer) {
	row := func(name string, x *Tally) {
		fmt.Fprintf(w, "  %-36s %6d %6d %6d %6d\n", name, x.Agree, x.Differ, x.Known, x.Unobservable)
	}
	fmt.Fprintf(w, "\nagreement by field                     %6s %6s %6s %6s\n", "agree", "differ", "known", "n/o")
	keys := make([]string, 0, len(t.Fields))
	for k := range t.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		row(k, t.Fields[k])
	}
	fmt.Fprintf(w, "agreement by observed reason (outcome and corsError or firefoxReason)\n")
	keys = keys[:0]
	for k := range t.CorsErrors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		row(k, t.CorsErrors[k])
	}
}

// CompareWith sets one prediction per request against r's observations,
// marks the differences known explains as Known, counts them in t (t may
// be nil), and returns how many differences remain unexplained.
func (r *Report) CompareWith(preds []scenario.Result, t *Table, known KnownDifferences) int {
	if r.Status != StatusObserved {
		return 0
	}
	if len(preds) != len(r.Requests) {
		r.Prediction = fmt.Sprintf("the simulator gave %d results for %d requests", len(preds), len(r.Requests))
		return 1
	}
	left := 0
	for i := range r.Requests {
		o := &r.Requests[i]
		// The document's URL in console lines is where the harness served
		// the page; the simulator names the scenario's page URL.
		obs := *o
		if r.ServedAt != "" && r.PageURL != "" {
			obs.Result.Console = strings.ReplaceAll(obs.Result.Console, r.ServedAt, r.PageURL)
		}
		o.Comparisons = Compare(preds[i], obs)
		left += explain(o.Comparisons, o.Result.Engine, r.Name, known)
		if t != nil {
			t.Add(o.Comparisons, reasonKey(o.Result))
		}
	}
	return left
}

// reasonKey is the reason a Table row counts an observation under.
func reasonKey(r scenario.Result) string {
	switch {
	case r.Engine == "firefox":
		return r.FirefoxReason
	case r.Engine == "webkit" && r.Outcome == "blocked":
		return "(blocked)"
	}
	return r.CorsError
}

// withoutUserinfo returns the absolute URL s (a serialized URL) without
// its username and password.
func withoutUserinfo(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return s
	}
	start := len(s) - len(rest)
	return s[:start] + s[start+at+1:]
}
