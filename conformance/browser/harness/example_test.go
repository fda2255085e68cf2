package harness_test

import (
	"fmt"

	"github.com/corsim/corsim/conformance/browser/harness"
	"github.com/corsim/corsim/scenario"
)

// Compare sets a simulator prediction against what Chromium did and lists
// the fields that differ.
func ExampleCompare() {
	origin := "http://app.test"
	pred := scenario.Result{Outcome: "allowed",
		Wire:     []scenario.Wire{{Method: "GET", URL: "http://api.test/", Origin: &origin}},
		Response: &scenario.Observed{Type: "cors", Status: 200, URL: "http://api.test/", Headers: map[string]string{}}}
	obs := harness.Observation{
		Result: scenario.Result{Outcome: "blocked", CorsError: "MissingAllowOriginHeader",
			Wire: []scenario.Wire{{Method: "GET", URL: "http://api.test/", Origin: &origin}}},
		Details: harness.Details{CookieObservable: []bool{false}},
	}
	for _, c := range harness.Compare(pred, obs) {
		if c.Verdict != harness.Agree {
			fmt.Printf("%s: %s: simulator %s, chromium %s\n", c.Verdict, c.Field, c.Predicted, c.Observed)
		}
	}
	// Output:
	// differ: outcome: simulator allowed, chromium blocked
	// differ: corsError: simulator , chromium MissingAllowOriginHeader
	// unobservable: wire[0].cookie: simulator false, chromium false
	// differ: response.type: simulator cors, chromium error
	// differ: response.status: simulator 200, chromium 0
	// differ: response.url: simulator "http://api.test/", chromium ""
}
