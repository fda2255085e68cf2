package harness

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// A KnownDifference is a recorded disagreement between the simulator and
// a browser, with the reason it is understood: a divergence the simulator
// does not model yet, or a harness limit. Comparisons it matches are Known,
// not Differ, so they do not fail a strict run.
type KnownDifference struct {
	// Engine is the browser ("chromium", "firefox", "webkit"); empty
	// matches every engine.
	Engine string `json:"engine,omitempty"`
	// Field, Scenario, Predicted and Observed are regular expressions
	// that must match the whole comparison kind ("console", "wire.origin",
	// "response.headers", see Comparison.Kind), scenario name, predicted
	// text and observed text; empty matches anything.
	Field     string `json:"field,omitempty"`
	Scenario  string `json:"scenario,omitempty"`
	Predicted string `json:"predicted,omitempty"`
	Observed  string `json:"observed,omitempty"`
	// Why says what the difference is and where it is recorded. Required.
	Why string `json:"why"`

	field, scenario, predicted, observed *regexp.Regexp
}

// KnownDifferences is a list of recorded differences.
type KnownDifferences []KnownDifference

// ParseKnown reads a JSON array of KnownDifference.
func ParseKnown(data []byte) (KnownDifferences, error) {
	var ks KnownDifferences
	if err := json.Unmarshal(data, &ks); err != nil {
		return nil, fmt.Errorf("known differences: %w", err)
	}
	for i := range ks {
		k := &ks[i]
		if strings.TrimSpace(k.Why) == "" {
			return nil, fmt.Errorf("known differences: entry %d has no \"why\"", i+1)
		}
		var err error
		compile := func(name, pat string) *regexp.Regexp {
			if pat == "" || err != nil {
				return nil
			}
			var re *regexp.Regexp
			re, err = regexp.Compile(`^(?:` + pat + `)$`)
			if err != nil {
				err = fmt.Errorf("known differences: entry %d: %s: %w", i+1, name, err)
			}
			return re
		}
		k.field = compile("field", k.Field)
		k.scenario = compile("scenario", k.Scenario)
		k.predicted = compile("predicted", k.Predicted)
		k.observed = compile("observed", k.Observed)
		if err != nil {
			return nil, err
		}
	}
	return ks, nil
}

// Explain returns the first entry that matches a differing comparison of
// the named scenario in engine, or nil.
func (ks KnownDifferences) Explain(engine, scenario string, c Comparison) *KnownDifference {
	for i := range ks {
		k := &ks[i]
		switch {
		case k.Engine != "" && k.Engine != engine,
			k.field != nil && !k.field.MatchString(c.Kind()),
			k.scenario != nil && !k.scenario.MatchString(scenario),
			k.predicted != nil && !k.predicted.MatchString(c.Predicted),
			k.observed != nil && !k.observed.MatchString(c.Observed):
			continue
		}
		return k
	}
	return nil
}

// explain marks the differing comparisons ks explains as Known, with the
// entry's reason, and returns how many differences remain.
func explain(cs []Comparison, engine, scenario string, ks KnownDifferences) int {
	left := 0
	for j := range cs {
		c := &cs[j]
		if c.Verdict != Differ {
			continue
		}
		if k := ks.Explain(engine, scenario, *c); k != nil {
			c.Verdict, c.Why = Known, k.Why
			continue
		}
		left++
	}
	return left
}
