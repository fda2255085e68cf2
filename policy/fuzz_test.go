package policy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/policy"
)

// FuzzParse checks that Parse never panics, and that a policy it accepts
// survives a round trip through its JSON form.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `[]`, `{"origins":["*"]}`,
		`{"origins":["https://*.example.com","http://localhost:*"],"methods":["PUT"],"credentials":true,"maxAge":600}`,
		`{"origins":["null","file://","https://A.com/"],"methods":["TRACE"],"requestHeaders":["Cookie"]}`,
		`{"origins":["https://*.github.io"],"exposedHeaders":["*"],"preflightStatus":299}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := policy.Parse([]byte(s))
		if err != nil {
			if p != nil {
				t.Errorf("Parse(%q) = %v, %v: a policy with an error", s, p, err)
			}
			return
		}
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		q, err := policy.Parse(data)
		if err != nil {
			t.Fatalf("Parse(%s), the JSON form of Parse(%q): %v", data, s, err)
		}
		if diff := cmp.Diff(p.Config(), q.Config()); diff != "" {
			t.Errorf("round trip of %q (-first +second):\n%s", s, diff)
		}
	})
}

// FuzzEvaluate checks that Evaluate never panics on any request and that
// Handler sends exactly what it reports.
func FuzzEvaluate(f *testing.F) {
	f.Add("OPTIONS", "https://app.test", "PUT", "x-a, authorization")
	f.Add("GET", "https://a.ex.test", "", "")
	f.Add("OPTIONS", "null", "patch", ",,, ,\t")
	f.Add("OPTIONS", "https://app.test:0", "*", "*")
	policies := []*policy.Policy{
		mustNew(policy.Config{Origins: []string{"https://app.test", "https://*.ex.test", "http://localhost:*"},
			Methods: []string{"PUT"}, RequestHeaders: []string{"X-A", "Authorization"}, Credentials: true}),
		mustNew(policy.Config{Origins: []string{"*"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}}),
		mustNew(policy.Config{Origins: []string{"https://app.test"}, Methods: []string{"*"}, RequestHeaders: []string{"*"}, Credentials: true}),
	}
	f.Fuzz(func(t *testing.T, method, o, acrm, acrh string) {
		if !fetch.IsMethod(method) {
			return // net/http refuses such requests
		}
		var in fetch.HeaderList
		for _, v := range []struct{ name, value string }{{"Origin", o}, {"Access-Control-Request-Method", acrm},
			{"Access-Control-Request-Headers", acrh}} {
			if v.value != "" && fetch.IsHeaderValue(v.value) && !strings.ContainsAny(v.value, "\x00\r\n") {
				in = append(in, fetch.Header{Name: v.name, Value: v.value})
			}
		}
		for _, p := range policies {
			d := p.Evaluate(method, in)
			if d.Allowed && d.CORS && len(d.Header) == 0 {
				t.Errorf("Evaluate(%q, %v): allowed without headers", method, in)
			}
			checkHandlerMatches(t, p, method, in, d)
		}
	})
}
