package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// policyScenarios run against a policy instead of canned responses.
const policyScenarios = `[
  {
    "name": "allowed-put-with-credentials",
    "page": "https://app.example.com",
    "request": {"url": "https://api.example.com/items/1", "method": "PUT",
                "headers": [["Content-Type", "application/json"]], "body": "{}", "credentials": "include"},
    "policy": {"origins": ["https://app.example.com"], "methods": ["PUT"], "requestHeaders": ["Content-Type"],
               "credentials": true, "exposedHeaders": ["X-Request-Id"]},
    "expect": {"outcome": "allowed", "preflight": true, "acrh": "content-type", "status": 200,
               "visibleHeaders": {"content-type": "text/plain; charset=utf-8"}}
  },
  {
    "name": "patch-is-not-PATCH",
    "page": "https://app.example.com",
    "request": {"url": "https://api.example.com/items/1", "method": "patch"},
    "policy": {"origins": ["https://app.example.com"], "methods": ["PATCH"]},
    "expect": {"outcome": "blocked", "corsError": "MethodDisallowedByPreflightResponse"}
  },
  {
    "name": "other-origin",
    "page": "https://evil.example",
    "request": {"url": "https://api.example.com/items/1"},
    "policy": {"origins": ["https://app.example.com"]},
    "expect": {"outcome": "blocked", "corsError": "MissingAllowOriginHeader", "preflight": false}
  },
  {
    "name": "subdomain-sequence",
    "page": "https://a.example.com",
    "requests": [
      {"url": "https://api.example.com/x", "method": "DELETE"},
      {"url": "https://api.example.com/x", "method": "DELETE", "after": 1}
    ],
    "policy": {"origins": ["https://*.example.com"], "methods": ["DELETE"], "maxAge": 600},
    "expect": [{"outcome": "allowed", "preflight": true}, {"outcome": "allowed", "preflight": false}]
  }
]`

func TestRunPolicyScenarios(t *testing.T) {
	file := writeTemp(t, "policy.json", policyScenarios)
	code, out, errOut := runPolicyCommand(t, "", "run", "--json", file)
	if code != exitOK {
		t.Fatalf("run policy scenarios: exit %d, stderr:\n%s", code, errOut)
	}
	var results []map[string]any
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != 4 {
		t.Fatalf("%d results, want 4", len(results))
	}

	// A wrong expectation is a mismatch.
	wrong := strings.Replace(policyScenarios, `"outcome": "blocked", "corsError": "MissingAllowOriginHeader"`, `"outcome": "allowed"`, 1)
	code, _, errOut = runPolicyCommand(t, "", "run", writeTemp(t, "wrong.json", wrong))
	if code != exitMismatch || !strings.Contains(errOut, "did not meet their expectations") {
		t.Errorf("run with a wrong expectation: exit %d, stderr %q", code, errOut)
	}

	// A bad policy is bad input.
	bad := `{"name": "bad", "page": "https://a.example", "request": {"url": "https://b.example/"},
	         "policy": {"origins": ["null"]}}`
	code, _, errOut = runPolicyCommand(t, bad, "run", "-")
	if code != exitUsage || !strings.Contains(errOut, "null") {
		t.Errorf("run with a bad policy: exit %d, stderr %q", code, errOut)
	}
}
