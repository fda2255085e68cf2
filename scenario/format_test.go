package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		desc string
		in   string
		want string // the error message
	}{
		{"empty file", ``, "f.json: empty file: expected a scenario object or an array of them"},
		{"malformed", `{"name": "a",`, "f.json: malformed JSON at line 1, column 14: unexpected end of JSON input"},
		{"malformed array", "[\n{\"name\": }]", "f.json: malformed JSON at line 2, column 10: invalid character '}' looking for beginning of value"},
		{"not an object", `[1]`, "f.json: scenario #1: must be a JSON object"},
		{"missing name", `{"page": "https://a.example", "request": {"url": "/"}}`, "f.json: scenario #1: field name: missing (every scenario needs a name, unique within its file)"},
		{"unknown top-level field", `{"name": "a", "page": "https://a.example", "request": {"url": "/"}, "colour": 1}`,
			`f.json: scenario "a": field colour: unknown field (known: name, page, pageHeaders, cookies, note, source, engine, request, requests, responses, policy, expect)`},
		{"unknown request field", `{"name": "a", "page": "https://a.example", "request": {"url": "/", "mehtod": "GET"}}`,
			`f.json: scenario "a": field request.mehtod: unknown field (known: url, method, headers, body, mode, credentials, redirect)`},
		{"after outside a sequence", `{"name": "a", "page": "https://a.example", "request": {"url": "/", "after": 1}}`,
			`f.json: scenario "a": field request.after: unknown field (known: url, method, headers, body, mode, credentials, redirect)`},
		{"missing page", `{"name": "a", "request": {"url": "/"}}`, `f.json: scenario "a": field page: missing (the page's origin, a URL on it, or "null")`},
		{"missing request", `{"name": "a", "page": "https://a.example"}`, `f.json: scenario "a": field request: missing (give "request" or "requests")`},
		{"both request forms", `{"name": "a", "page": "https://a.example", "request": {"url": "/"}, "requests": [{"url": "/"}]}`,
			`f.json: scenario "a": field requests: give either "request" or "requests", not both`},
		{"bad mode", `{"name": "a", "page": "https://a.example", "request": {"url": "/", "mode": "navigate"}}`,
			`f.json: scenario "a": field request.mode: "navigate" is not one of cors, no-cors, same-origin`},
		{"bad engine", `{"name": "a", "page": "https://a.example", "engine": "edge", "request": {"url": "/"}}`,
			`f.json: scenario "a": field engine: "edge" is not one of chromium, firefox, webkit, spec`},
		{"bad header pair", `{"name": "a", "page": "https://a.example", "request": {"url": "/", "headers": [["X"]]}}`,
			`f.json: scenario "a": field request.headers[0]: must be a ["name", "value"] pair of strings`},
		{"bad status", `{"name": "a", "page": "https://a.example", "request": {"url": "/"}, "responses": {"https://a.example/": {"GET": {"status": 700}}}}`,
			`f.json: scenario "a": field responses["https://a.example/"]["GET"].status: 700 is not an HTTP status (100-599)`},
		{"missing status", `{"name": "a", "page": "https://a.example", "request": {"url": "/"}, "responses": {"https://a.example/": {"GET": {}}}}`,
			`f.json: scenario "a": field responses["https://a.example/"]["GET"].status: missing`},
		{"expect count", `{"name": "a", "page": "https://a.example", "requests": [{"url": "/"}, {"url": "/"}], "expect": [{}]}`,
			`f.json: scenario "a": field expect: has 1 expectations for 2 requests`},
		{"bad outcome", `{"name": "a", "page": "https://a.example", "request": {"url": "/"}, "expect": {"outcome": "ok"}}`,
			`f.json: scenario "a": field expect.outcome: "ok" is not one of allowed, blocked`},
		{"negative after", `{"name": "a", "page": "https://a.example", "requests": [{"url": "/", "after": -1}]}`,
			`f.json: scenario "a": field requests[0].after: must be a non-negative number of seconds`},
		{"duplicate names", `[{"name": "a", "page": "https://a.example", "request": {"url": "/"}}, {"name": "a", "page": "https://a.example", "request": {"url": "/"}}]`,
			`f.json: scenario "a": field name: duplicate name (scenario #1 has it too)`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := Parse("f.json", []byte(tc.in))
			if err == nil {
				t.Fatalf("Parse(%q): no error, want %q", tc.in, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("Parse(%q): error %T, want *Error", tc.in, err)
			}
			if err.Error() != tc.want {
				t.Errorf("Parse(%q):\n got %s\nwant %s", tc.in, err, tc.want)
			}
		})
	}
}

func TestParseDefaultsAndOptionals(t *testing.T) {
	ss, err := Parse("f.json", []byte(`{
		"name": "n", "page": "null", "note": "why", "source": "https://fetch.spec.whatwg.org/#x",
		"cookies": ["a=b"],
		"requests": [{"url": "https://api.example/", "after": 1.5}, {"url": "https://api.example/", "method": "patch", "body": null}],
		"responses": {},
		"expect": [{"acrh": null, "visibleHeaders": {"x": null, "y": "1"}}, null]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	s := ss[0]
	y := "1"
	want := &Scenario{
		Name: "n", Page: "null", Note: "why", Source: "https://fetch.spec.whatwg.org/#x", Engine: "chromium",
		Cookies:  []byte(`["a=b"]`),
		Sequence: true,
		Requests: []Request{
			{URL: "https://api.example/", Mode: "cors", Credentials: "same-origin", Redirect: "follow", After: 1.5},
			{URL: "https://api.example/", Method: "patch", Mode: "cors", Credentials: "same-origin", Redirect: "follow"},
		},
		Responses: map[string]map[string]Response{},
		Expect:    []*Expect{{ACRH: Optional{Set: true, Null: true}, VisibleHeaders: map[string]*string{"x": nil, "y": &y}}, nil},
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("-want +got:\n%s", diff)
	}
}

func TestParseNeverPanics(t *testing.T) {
	for _, in := range []string{`null`, `[]`, `[null]`, `{"name": 1}`, `{"name": "a", "page": "x", "request": null}`,
		`{"name": "a", "page": "x", "request": {"url": "/"}, "responses": {"u": null}}`,
		`{"name": "a", "page": "x", "request": {"url": "/"}, "expect": {"visibleHeaders": []}}`,
		strings.Repeat("[", 10000)} {
		if _, err := Parse("f.json", []byte(in)); err == nil && in != `[]` {
			t.Errorf("Parse(%.40q): no error", in)
		}
	}
}
