package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/scenario"
)

// A divergence is one entry of testdata/divergences.json: how a scenario's
// expectation changes for another engine, and why.
type divergence struct {
	Scenario   string          `json:"scenario"`
	Engine     string          `json:"engine"`
	Divergence string          `json:"divergence"`
	Expect     json.RawMessage `json:"expect"`
	Why        string          `json:"why"`

	// overrides holds, per request, the expect fields the entry replaces
	// (nil for a request it leaves alone).
	overrides []map[string]json.RawMessage
}

// corpusOnlyDivergences are divergences the corpus records that
// fetch.Divergences does not (yet) model, with what they are. Each was seen
// in an engine or read in its source; see the entries' "why".
var corpusOnlyDivergences = map[string]string{
	"cache-wildcard-literal":       "Firefox's preflight cache does not treat a cached '*' method or header name as a wildcard",
	"redirect-keeps-authorization": "WebKit keeps Authorization on a cross-origin redirect; HTTP-redirect fetch removes it",
}

// expectKeys are the expect fields an override may set.
var expectKeys = []string{"outcome", "corsError", "firefoxReason", "preflight", "acrh", "status", "type", "visibleHeaders"}

type divKey struct{ scenario, engine string }

// loadDivergences reads testdata/divergences.json and checks each entry
// against the corpus.
func loadDivergences(files []File) (map[divKey]*divergence, error) {
	data, err := testdata.ReadFile(divergencesFile)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var list []*divergence
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("%s: %v", divergencesFile, err)
	}
	byName := make(map[string]*scenario.Scenario)
	for _, f := range files {
		for _, s := range f.Scenarios {
			byName[s.Name] = s
		}
	}
	known := make(map[string]bool)
	for _, d := range fetch.Divergences() {
		known[d.ID] = true
	}
	out := make(map[divKey]*divergence, len(list))
	for i, d := range list {
		where := fmt.Sprintf("%s: entry %d (%s, %s)", divergencesFile, i+1, d.Scenario, d.Engine)
		s := byName[d.Scenario]
		if s == nil {
			return nil, fmt.Errorf("%s: no scenario %q in the corpus", where, d.Scenario)
		}
		if _, err := fetch.ParseEngine(d.Engine); err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		if d.Engine == s.Engine {
			return nil, fmt.Errorf("%s: the scenario's own engine; edit its expect block instead", where)
		}
		if !known[d.Divergence] && corpusOnlyDivergences[d.Divergence] == "" {
			return nil, fmt.Errorf("%s: divergence %q is neither in fetch.Divergences nor in corpusOnlyDivergences", where, d.Divergence)
		}
		if strings.TrimSpace(d.Why) == "" || strings.Contains(d.Why, "\n") {
			return nil, fmt.Errorf("%s: why must be one non-empty line", where)
		}
		k := divKey{d.Scenario, d.Engine}
		if out[k] != nil {
			return nil, fmt.Errorf("%s: a second entry for this scenario and engine", where)
		}
		if err := d.parse(s); err != nil {
			return nil, fmt.Errorf("%s: expect: %v", where, err)
		}
		changes, err := d.changes(s)
		if err != nil {
			return nil, fmt.Errorf("%s: expect: %v", where, err)
		}
		if !changes {
			return nil, fmt.Errorf("%s: expect changes nothing the scenario expects", where)
		}
		out[k] = d
	}
	return out, nil
}

// parse splits d.Expect into per-request overrides: an object for a single
// request, an array (null for no change) for a "requests" scenario.
func (d *divergence) parse(s *scenario.Scenario) error {
	var objs []json.RawMessage
	if s.Sequence {
		if err := json.Unmarshal(d.Expect, &objs); err != nil || len(objs) != len(s.Requests) {
			return fmt.Errorf("the scenario has %d requests: give an array with one object (or null) per request", len(s.Requests))
		}
	} else {
		objs = []json.RawMessage{d.Expect}
	}
	d.overrides = make([]map[string]json.RawMessage, len(objs))
	for i, raw := range objs {
		if string(bytes.TrimSpace(raw)) == "null" {
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil || len(m) == 0 {
			return fmt.Errorf("request %d: must be a non-empty object of expect fields", i+1)
		}
		for k := range m {
			if !containsString(expectKeys, k) {
				return fmt.Errorf("request %d: unknown field %q (known: %s)", i+1, k, strings.Join(expectKeys, ", "))
			}
		}
		d.overrides[i] = m
	}
	return nil
}

// changes reports whether the entry's overrides differ from the
// scenario's own expectations.
func (d *divergence) changes(s *scenario.Scenario) (bool, error) {
	for i, m := range d.overrides {
		if m == nil {
			continue
		}
		base := s.Expect[i]
		if base == nil {
			base = &scenario.Expect{}
		}
		merged, err := applyOverride(base, m)
		if err != nil {
			return false, fmt.Errorf("request %d: %v", i+1, err)
		}
		if !sameExpect(base, merged) {
			return true, nil
		}
	}
	return false, nil
}

// expectFor returns the expectations of s for engine: s's own, with the
// fields of the engine's divergence entry (if any) replaced.
func expectFor(s *scenario.Scenario, engine string, divs map[divKey]*divergence) ([]*scenario.Expect, *divergence, error) {
	out := append([]*scenario.Expect(nil), s.Expect...)
	d := divs[divKey{s.Name, engine}]
	if d == nil {
		return out, nil, nil
	}
	for i, m := range d.overrides {
		if m == nil {
			continue
		}
		base := out[i]
		if base == nil {
			base = &scenario.Expect{}
		}
		merged, err := applyOverride(base, m)
		if err != nil {
			return nil, nil, err
		}
		out[i] = merged
	}
	return out, d, nil
}

// applyOverride returns a copy of e with the fields of m replaced. A
// visibleHeaders override replaces the whole map.
func applyOverride(e *scenario.Expect, m map[string]json.RawMessage) (*scenario.Expect, error) {
	c := *e
	str := func(k string, raw json.RawMessage) (*string, error) {
		var v string
		if err := json.Unmarshal(raw, &v); err != nil || string(raw) == "null" {
			return nil, fmt.Errorf("%s must be a string", k)
		}
		return &v, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := m[k]
		var err error
		switch k {
		case "outcome":
			c.Outcome, err = str(k, raw)
			if err == nil && *c.Outcome != "allowed" && *c.Outcome != "blocked" {
				err = fmt.Errorf("outcome must be allowed or blocked")
			}
		case "corsError":
			c.CorsError, err = str(k, raw)
		case "firefoxReason":
			c.FirefoxReason, err = str(k, raw)
		case "type":
			c.Type, err = str(k, raw)
		case "preflight":
			var b bool
			if err = json.Unmarshal(raw, &b); err != nil || string(raw) == "null" {
				err = fmt.Errorf("preflight must be true or false")
			}
			c.Preflight = &b
		case "status":
			var n int
			if err = json.Unmarshal(raw, &n); err != nil || string(raw) == "null" {
				err = fmt.Errorf("status must be an integer")
			}
			c.Status = &n
		case "acrh":
			c.ACRH = scenario.Optional{Set: true}
			if string(bytes.TrimSpace(raw)) == "null" {
				c.ACRH.Null = true
			} else {
				var v *string
				if v, err = str(k, raw); err == nil {
					c.ACRH.Value = *v
				}
			}
		case "visibleHeaders":
			var hs map[string]*string
			if err = json.Unmarshal(raw, &hs); err != nil || hs == nil {
				err = fmt.Errorf("visibleHeaders must be an object")
			}
			c.VisibleHeaders = hs
		}
		if err != nil {
			return nil, err
		}
	}
	return &c, nil
}

func sameExpect(a, b *scenario.Expect) bool {
	ja, _ := json.Marshal(projectExpect(a))
	jb, _ := json.Marshal(projectExpect(b))
	return bytes.Equal(ja, jb)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
