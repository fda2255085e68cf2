package scenario

import (
	"context"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the scenario parser and simulates
// whatever parses: neither may panic, and a parsed file's scenarios have
// the names and request counts the parser promised.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"name": "a", "page": "https://a.example", "request": {"url": "/"}}`,
		`[{"name": "a", "page": "null", "requests": [{"url": "https://b.example/", "after": 5}], "expect": [{"outcome": "blocked"}]}]`,
		`{"name": "r", "page": "https://a.example", "request": {"url": "https://b.example/r", "method": "PUT", "headers": [["X", "1"]], "body": "{}"},
		  "responses": {"https://b.example/r": {"OPTIONS": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]},
		                                        "*": {"status": 302, "headers": [["Location", "https://c.example/"]]}}}}`,
		`{"name": 1}`, `[`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ss, err := Parse("fuzz.json", data)
		if err != nil {
			return
		}
		for _, s := range ss {
			if s.Name == "" || len(s.Requests) == 0 || len(s.Expect) != len(s.Requests) {
				t.Fatalf("parsed scenario %+v breaks the parser's promises", s)
			}
			run, err := Simulate(context.Background(), "fuzz.json", s, RunOptions{})
			if err != nil {
				continue
			}
			if len(run.Results) != len(s.Requests) {
				t.Fatalf("%d results for %d requests", len(run.Results), len(s.Requests))
			}
		}
	})
}
