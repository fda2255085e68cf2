package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// A Scenario is one case of a scenario file: a page, one request or a
// sequence of requests run by one browser, and how the servers answer.
type Scenario struct {
	// Name is unique within its file.
	Name string
	// Page is the origin of the document that calls fetch(), a URL on that
	// origin, or "null" for an opaque origin.
	Page string
	// PageHeaders are headers on the page's own response. A
	// Content-Security-Policy with sandbox but without allow-same-origin makes
	// the page's origin opaque.
	PageHeaders []Header
	// Cookies, Note and Source are kept as written. The simulator ignores
	// them; the real-browser harness sets Cookies before the fetch (an array
	// of "name=value[; attributes]" strings, set on the request URL).
	Cookies json.RawMessage
	Note    string
	Source  string
	// Engine is whose behaviour to predict: chromium (the default), firefox,
	// webkit or spec.
	Engine string
	// Requests are run in order by one browser. A file using "request" gives
	// one element and Sequence false; "requests" gives Sequence true.
	Requests []Request
	Sequence bool
	// Responses are the canned answers, by absolute URL and then by method
	// ("OPTIONS" answers the preflight, "*" any method without its own
	// entry). Exactly one of Responses and Policy is set.
	Responses map[string]map[string]Response
	// Policy is a server CORS policy in the policy package's JSON form.
	Policy json.RawMessage
	// Expect holds one expectation per request; an element is nil when the
	// scenario gives none for that request.
	Expect []*Expect
}

// A Header is one [name, value] pair as a scenario lists it.
type Header struct {
	Name  string
	Value string
}

// MarshalJSON writes the header as a two-element array.
func (h Header) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]string{h.Name, h.Value})
}

// A Request is what script passes to fetch().
type Request struct {
	URL         string
	Method      string // as script passes it; "" means GET
	Headers     []Header
	Body        *string // nil: no body
	Mode        string  // cors (default), no-cors, same-origin
	Credentials string  // same-origin (default), omit, include
	Redirect    string  // follow (default), error, manual
	// After is how many seconds the browser's clock advances before this
	// request runs (only in "requests" sequences).
	After float64
}

// A Response is one canned answer.
type Response struct {
	Status  int
	Headers []Header
	Body    string
}

// An Expect is what a scenario expects of one request's result. A nil
// pointer (or a zero Optional) means "not checked".
type Expect struct {
	Outcome       *string
	CorsError     *string
	FirefoxReason *string
	Preflight     *bool
	// ACRH is the preflight's Access-Control-Request-Headers; Set with Null
	// means "not sent".
	ACRH   Optional
	Status *int
	Type   *string
	// VisibleHeaders maps a header name to the value script must read; a nil
	// value means the header must not be readable.
	VisibleHeaders map[string]*string
}

// An Optional is a JSON string that may be absent (Set false), null (Set
// and Null) or a string.
type Optional struct {
	Set   bool
	Null  bool
	Value string
}

// Error describes a malformed scenario file. It names the file, the
// scenario (by name, or by position when it has none) and the field.
type Error struct {
	File     string
	Scenario string
	Field    string
	Msg      string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Scenario != "" {
		b.WriteString(": scenario ")
		b.WriteString(e.Scenario)
	}
	if e.Field != "" {
		b.WriteString(": field ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// The values each enumerated field accepts.
var (
	engines     = []string{"chromium", "firefox", "webkit", "spec"}
	modes       = []string{"cors", "no-cors", "same-origin"}
	credentials = []string{"same-origin", "omit", "include"}
	redirects   = []string{"follow", "error", "manual"}
	outcomes    = []string{"allowed", "blocked"}
	types       = []string{"basic", "cors", "opaque", "opaqueredirect", "error"}
)

// Parse reads a scenario file: one scenario object or an array of them.
// name is the file's name, used in errors.
func Parse(name string, data []byte) ([]*Scenario, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, &Error{File: name, Msg: "empty file: expected a scenario object or an array of them"}
	}
	var raws []json.RawMessage
	if data[0] == '[' {
		if err := json.Unmarshal(data, &raws); err != nil {
			return nil, &Error{File: name, Msg: jsonMessage(data, err)}
		}
	} else {
		if !json.Valid(data) {
			var v any
			return nil, &Error{File: name, Msg: jsonMessage(data, json.Unmarshal(data, &v))}
		}
		raws = []json.RawMessage{data}
	}
	out := make([]*Scenario, 0, len(raws))
	seen := make(map[string]int)
	for i, raw := range raws {
		d := decoder{file: name, where: "#" + strconv.Itoa(i+1)}
		s := d.scenario(raw)
		if d.err != nil {
			return nil, d.err
		}
		if j, dup := seen[s.Name]; dup {
			return nil, &Error{File: name, Scenario: strconv.Quote(s.Name), Field: "name",
				Msg: fmt.Sprintf("duplicate name (scenario #%d has it too)", j)}
		}
		seen[s.Name] = i + 1
		out = append(out, s)
	}
	return out, nil
}

// jsonMessage turns a decoding error into a message with a line and column.
func jsonMessage(data []byte, err error) string {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		// The offending byte is the last one read, except at the end.
		off = e.Offset
		if off > 0 && !strings.Contains(e.Error(), "unexpected end") {
			off--
		}
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 {
		return "malformed JSON: " + err.Error()
	}
	line, col := 1, 1
	for _, c := range data[:min(int(off), len(data))] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("malformed JSON at line %d, column %d: %s", line, col, strings.TrimPrefix(err.Error(), "json: "))
}

// decoder decodes one scenario, keeping the first error with its location.
type decoder struct {
	file  string
	where string
	err   error
}

func (d *decoder) fail(field, format string, args ...any) {
	if d.err == nil {
		d.err = &Error{File: d.file, Scenario: d.where, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
}

// object decodes raw as a JSON object whose keys must all be in allowed
// (any key when allowed is empty).
func (d *decoder) object(field string, raw json.RawMessage, allowed ...string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		d.fail(field, "must be a JSON object")
		return nil
	}
	if len(allowed) > 0 && d.unknown(field, m, allowed...) {
		return nil
	}
	return m
}

// unknown reports (and records) a key of m that is not in allowed.
func (d *decoder) unknown(field string, m map[string]json.RawMessage, allowed ...string) bool {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ok := false
		for _, a := range allowed {
			if k == a {
				ok = true
				break
			}
		}
		if !ok {
			d.fail(join(field, k), "unknown field (known: %s)", strings.Join(allowed, ", "))
			return true
		}
	}
	return false
}

func join(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func (d *decoder) str(field string, raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || isNull(raw) {
		d.fail(field, "must be a string")
	}
	return s
}

func (d *decoder) optStr(field string, raw json.RawMessage) *string {
	if raw == nil {
		return nil
	}
	s := d.str(field, raw)
	return &s
}

func (d *decoder) enum(field string, raw json.RawMessage, def string, allowed []string) string {
	if raw == nil {
		return def
	}
	s := d.str(field, raw)
	if d.err != nil {
		return def
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	d.fail(field, "%q is not one of %s", s, strings.Join(allowed, ", "))
	return def
}

func (d *decoder) headers(field string, raw json.RawMessage) []Header {
	if raw == nil || isNull(raw) {
		return nil
	}
	var pairs []json.RawMessage
	if err := json.Unmarshal(raw, &pairs); err != nil {
		d.fail(field, `must be an array of ["name", "value"] pairs`)
		return nil
	}
	hs := make([]Header, 0, len(pairs))
	for i, p := range pairs {
		var kv []string
		if err := json.Unmarshal(p, &kv); err != nil || len(kv) != 2 {
			d.fail(fmt.Sprintf("%s[%d]", field, i), `must be a ["name", "value"] pair of strings`)
			return nil
		}
		hs = append(hs, Header{Name: kv[0], Value: kv[1]})
	}
	return hs
}

func (d *decoder) scenario(raw json.RawMessage) *Scenario {
	m := d.object("", raw)
	if m == nil {
		return nil
	}
	s := &Scenario{}
	// The name first, so that every later error can name the scenario.
	if v, ok := m["name"]; ok {
		var name string
		if json.Unmarshal(v, &name) == nil && name != "" {
			d.where = strconv.Quote(name)
		}
	}
	if d.unknown("", m, "name", "page", "pageHeaders", "cookies", "note", "source", "engine",
		"request", "requests", "responses", "policy", "expect") {
		return nil
	}
	if m["name"] == nil {
		d.fail("name", "missing (every scenario needs a name, unique within its file)")
		return nil
	}
	s.Name = d.str("name", m["name"])
	if d.err != nil {
		return nil
	}
	if s.Name == "" {
		d.fail("name", "must not be empty")
		return nil
	}
	d.where = strconv.Quote(s.Name)
	if m["page"] == nil {
		d.fail("page", `missing (the page's origin, a URL on it, or "null")`)
	}
	s.Page = d.str("page", m["page"])
	s.PageHeaders = d.headers("pageHeaders", m["pageHeaders"])
	s.Cookies = m["cookies"]
	if m["note"] != nil {
		s.Note = d.str("note", m["note"])
	}
	if m["source"] != nil {
		s.Source = d.str("source", m["source"])
	}
	s.Engine = d.enum("engine", m["engine"], "chromium", engines)

	switch {
	case m["request"] != nil && m["requests"] != nil:
		d.fail("requests", `give either "request" or "requests", not both`)
	case m["request"] != nil:
		s.Requests = []Request{d.request("request", m["request"], false)}
	case m["requests"] != nil:
		var rs []json.RawMessage
		if err := json.Unmarshal(m["requests"], &rs); err != nil || len(rs) == 0 {
			d.fail("requests", "must be a non-empty array of requests")
			break
		}
		s.Sequence = true
		for i, r := range rs {
			s.Requests = append(s.Requests, d.request(fmt.Sprintf("requests[%d]", i), r, true))
		}
	default:
		d.fail("request", `missing (give "request" or "requests")`)
	}

	switch {
	case m["responses"] != nil && m["policy"] != nil:
		d.fail("policy", `give either "responses" or "policy", not both`)
	case m["policy"] != nil:
		if isNull(m["policy"]) {
			d.fail("policy", "must be a policy object")
		}
		s.Policy = m["policy"]
	case m["responses"] != nil:
		s.Responses = d.responses(m["responses"])
	default:
		// A scenario without servers: every URL answers 404 with no CORS headers.
		s.Responses = map[string]map[string]Response{}
	}

	if raw := m["expect"]; raw != nil && !isNull(raw) {
		if s.Sequence {
			var es []json.RawMessage
			if err := json.Unmarshal(raw, &es); err != nil {
				d.fail("expect", "must be an array with one expectation per request (the scenario uses \"requests\")")
			} else if len(es) != len(s.Requests) {
				d.fail("expect", "has %d expectations for %d requests", len(es), len(s.Requests))
			} else {
				for i, e := range es {
					s.Expect = append(s.Expect, d.expect(fmt.Sprintf("expect[%d]", i), e))
				}
			}
		} else {
			s.Expect = []*Expect{d.expect("expect", raw)}
		}
	}
	if s.Expect == nil {
		s.Expect = make([]*Expect, len(s.Requests))
	}
	return s
}

func (d *decoder) request(field string, raw json.RawMessage, inSequence bool) Request {
	allowed := []string{"url", "method", "headers", "body", "mode", "credentials", "redirect"}
	if inSequence {
		allowed = append(allowed, "after")
	}
	m := d.object(field, raw, allowed...)
	if m == nil {
		return Request{}
	}
	var r Request
	if m["url"] == nil {
		d.fail(join(field, "url"), "missing")
	}
	r.URL = d.str(join(field, "url"), m["url"])
	if m["method"] != nil {
		r.Method = d.str(join(field, "method"), m["method"])
	}
	r.Headers = d.headers(join(field, "headers"), m["headers"])
	if b := m["body"]; b != nil && !isNull(b) {
		r.Body = d.optStr(join(field, "body"), b)
	}
	r.Mode = d.enum(join(field, "mode"), m["mode"], "cors", modes)
	r.Credentials = d.enum(join(field, "credentials"), m["credentials"], "same-origin", credentials)
	r.Redirect = d.enum(join(field, "redirect"), m["redirect"], "follow", redirects)
	if a := m["after"]; a != nil {
		if err := json.Unmarshal(a, &r.After); err != nil || isNull(a) || r.After < 0 || math.IsInf(r.After, 0) {
			d.fail(join(field, "after"), "must be a non-negative number of seconds")
		}
	}
	return r
}

func (d *decoder) responses(raw json.RawMessage) map[string]map[string]Response {
	var byURL map[string]json.RawMessage
	if err := json.Unmarshal(raw, &byURL); err != nil || byURL == nil {
		d.fail("responses", "must be an object mapping URLs to {method: answer} objects")
		return nil
	}
	out := make(map[string]map[string]Response, len(byURL))
	urls := make([]string, 0, len(byURL))
	for u := range byURL {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, u := range urls {
		field := "responses[" + strconv.Quote(u) + "]"
		var byMethod map[string]json.RawMessage
		if err := json.Unmarshal(byURL[u], &byMethod); err != nil || byMethod == nil {
			d.fail(field, `must be an object mapping methods ("OPTIONS", "GET", "*" ...) to answers`)
			return nil
		}
		answers := make(map[string]Response, len(byMethod))
		methods := make([]string, 0, len(byMethod))
		for k := range byMethod {
			methods = append(methods, k)
		}
		sort.Strings(methods)
		for _, meth := range methods {
			f := field + "[" + strconv.Quote(meth) + "]"
			if meth == "" {
				d.fail(f, "a method must not be empty")
				return nil
			}
			answers[meth] = d.response(f, byMethod[meth])
		}
		out[u] = answers
	}
	return out
}

func (d *decoder) response(field string, raw json.RawMessage) Response {
	m := d.object(field, raw, "status", "headers", "body")
	if m == nil {
		return Response{}
	}
	var r Response
	if m["status"] == nil {
		d.fail(join(field, "status"), "missing")
		return r
	}
	if err := json.Unmarshal(m["status"], &r.Status); err != nil || isNull(m["status"]) {
		d.fail(join(field, "status"), "must be an integer")
	} else if r.Status < 100 || r.Status > 599 {
		d.fail(join(field, "status"), "%d is not an HTTP status (100-599)", r.Status)
	}
	r.Headers = d.headers(join(field, "headers"), m["headers"])
	if b := m["body"]; b != nil && !isNull(b) {
		r.Body = d.str(join(field, "body"), b)
	}
	return r
}

func (d *decoder) expect(field string, raw json.RawMessage) *Expect {
	if isNull(raw) {
		return nil
	}
	m := d.object(field, raw, "outcome", "corsError", "firefoxReason", "preflight", "acrh", "status",
		"type", "visibleHeaders")
	if m == nil {
		return nil
	}
	e := &Expect{}
	if v := m["outcome"]; v != nil {
		s := d.enum(join(field, "outcome"), v, "", outcomes)
		e.Outcome = &s
	}
	e.CorsError = d.optStr(join(field, "corsError"), m["corsError"])
	e.FirefoxReason = d.optStr(join(field, "firefoxReason"), m["firefoxReason"])
	if v := m["preflight"]; v != nil {
		var b bool
		if err := json.Unmarshal(v, &b); err != nil || isNull(v) {
			d.fail(join(field, "preflight"), "must be true or false")
		}
		e.Preflight = &b
	}
	if v := m["acrh"]; v != nil {
		e.ACRH.Set = true
		if isNull(v) {
			e.ACRH.Null = true
		} else {
			e.ACRH.Value = d.str(join(field, "acrh"), v)
		}
	}
	if v := m["status"]; v != nil {
		var n int
		if err := json.Unmarshal(v, &n); err != nil || isNull(v) {
			d.fail(join(field, "status"), "must be an integer")
		}
		e.Status = &n
	}
	if v := m["type"]; v != nil {
		s := d.enum(join(field, "type"), v, "", types)
		e.Type = &s
	}
	if v := m["visibleHeaders"]; v != nil {
		var hs map[string]*string
		if err := json.Unmarshal(v, &hs); err != nil || hs == nil {
			d.fail(join(field, "visibleHeaders"), `must be an object mapping header names to a value or null`)
		}
		e.VisibleHeaders = hs
	}
	return e
}
