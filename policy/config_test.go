package policy_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/policy"
)

// problem is a ConfigError without its detail.
type problem struct {
	Code  policy.ErrorCode
	Field string
	Value string
}

func problems(t *testing.T, err error) []problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []problem
	for _, e := range errs {
		var ce *policy.ConfigError
		if !errors.As(e, &ce) {
			t.Fatalf("error %v is not a *ConfigError", e)
		}
		if ce.Detail == "" || !strings.Contains(ce.Error(), ce.Field) {
			t.Errorf("error %v lacks a detail or its field", e)
		}
		out = append(out, problem{ce.Code, ce.Field, ce.Value})
	}
	return out
}

func TestNew(t *testing.T) {
	tests := []struct {
		desc string
		in   policy.Config
		want []problem
	}{
		{"empty policy", policy.Config{}, nil},
		{"exact origins", policy.Config{Origins: []string{"https://a.example", "http://localhost:8080", "https://[::1]:8443", "http://127.0.0.1"}}, nil},
		{"patterns", policy.Config{Origins: []string{"https://*.example.com", "http://localhost:*", "https://*.example.com:*", "https://api.example.com:8443"}}, nil},
		{"star", policy.Config{Origins: []string{"*"}}, nil},
		{"null", policy.Config{Origins: []string{"null"}}, []problem{{policy.ErrNullOrigin, "origins", "null"}}},
		{"file", policy.Config{Origins: []string{"file://"}}, []problem{{policy.ErrFileOrigin, "origins", "file://"}}},
		{"file upper", policy.Config{Origins: []string{"FILE:///etc"}}, []problem{{policy.ErrFileOrigin, "origins", "FILE:///etc"}}},
		{"trailing slash", policy.Config{Origins: []string{"https://a.example/"}}, []problem{{policy.ErrNonCanonicalOrigin, "origins", "https://a.example/"}}},
		{"upper case", policy.Config{Origins: []string{"https://A.example"}}, []problem{{policy.ErrNonCanonicalOrigin, "origins", "https://A.example"}}},
		{"default port", policy.Config{Origins: []string{"https://a.example:443"}}, []problem{{policy.ErrNonCanonicalOrigin, "origins", "https://a.example:443"}}},
		{"pattern upper case", policy.Config{Origins: []string{"https://*.Example.com"}}, []problem{{policy.ErrNonCanonicalOrigin, "origins", "https://*.Example.com"}}},
		{"not an origin", policy.Config{Origins: []string{"example.com"}}, []problem{{policy.ErrInvalidOrigin, "origins", "example.com"}}},
		{"wildcard in the middle", policy.Config{Origins: []string{"https://a.*.example.com"}}, []problem{{policy.ErrInvalidOrigin, "origins", "https://a.*.example.com"}}},
		{"partial label wildcard", policy.Config{Origins: []string{"https://*example.com"}}, []problem{{policy.ErrInvalidOrigin, "origins", "https://*example.com"}}},
		{"scheme wildcard", policy.Config{Origins: []string{"*://example.com"}}, []problem{{policy.ErrInvalidOrigin, "origins", "*://example.com"}}},
		{"ip subdomain pattern", policy.Config{Origins: []string{"https://*.10.0.0.1"}}, []problem{{policy.ErrInvalidOrigin, "origins", "https://*.10.0.0.1"}}},
		{"star with others", policy.Config{Origins: []string{"*", "https://a.example"}}, []problem{{policy.ErrWildcardWithOthers, "origins", "*"}}},
		{"star with credentials", policy.Config{Origins: []string{"*"}, Credentials: true}, []problem{{policy.ErrWildcardOriginWithCredentials, "origins", "*"}}},
		{"public suffix with credentials", policy.Config{Origins: []string{"https://*.github.io", "https://*.co.uk"}, Credentials: true}, []problem{
			{policy.ErrPublicSuffixWildcardWithCredentials, "origins", "https://*.github.io"},
			{policy.ErrPublicSuffixWildcardWithCredentials, "origins", "https://*.co.uk"}}},
		{"public suffix without credentials", policy.Config{Origins: []string{"https://*.github.io"}}, nil},
		{"insecure with credentials", policy.Config{Origins: []string{"http://a.example", "http://*.example.com"}, Credentials: true}, []problem{
			{policy.ErrInsecureOriginWithCredentials, "origins", "http://a.example"},
			{policy.ErrInsecureOriginWithCredentials, "origins", "http://*.example.com"}}},
		{"loopback with credentials", policy.Config{Origins: []string{"http://localhost:*", "http://127.0.0.1:3000", "http://*.localhost"}, Credentials: true}, nil},
		{"methods", policy.Config{Methods: []string{"PUT", "patch", "delete", "X-CUSTOM"}}, nil},
		{"method star", policy.Config{Methods: []string{"*"}}, nil},
		{"method star with others", policy.Config{Methods: []string{"*", "PUT"}}, []problem{{policy.ErrWildcardWithOthers, "methods", "*"}}},
		{"invalid method", policy.Config{Methods: []string{"PUT DELETE", ""}}, []problem{
			{policy.ErrInvalidMethod, "methods", "PUT DELETE"}, {policy.ErrInvalidMethod, "methods", ""}}},
		{"forbidden methods", policy.Config{Methods: []string{"CONNECT", "trace", "Track"}}, []problem{
			{policy.ErrForbiddenMethod, "methods", "CONNECT"}, {policy.ErrForbiddenMethod, "methods", "trace"},
			{policy.ErrForbiddenMethod, "methods", "Track"}}},
		{"request headers", policy.Config{RequestHeaders: []string{"Content-Type", "X-Requested-With", "*", "authorization"}}, nil},
		{"invalid header", policy.Config{RequestHeaders: []string{"x a"}, ExposedHeaders: []string{"x:b"}}, []problem{
			{policy.ErrInvalidHeaderName, "requestHeaders", "x a"}, {policy.ErrInvalidHeaderName, "exposedHeaders", "x:b"}}},
		{"forbidden headers", policy.Config{RequestHeaders: []string{"Cookie", "sec-fetch-mode", "Proxy-Authorization", "Origin"}}, []problem{
			{policy.ErrForbiddenHeaderName, "requestHeaders", "Cookie"}, {policy.ErrForbiddenHeaderName, "requestHeaders", "sec-fetch-mode"},
			{policy.ErrForbiddenHeaderName, "requestHeaders", "Proxy-Authorization"}, {policy.ErrForbiddenHeaderName, "requestHeaders", "Origin"}}},
		{"prohibited headers", policy.Config{RequestHeaders: []string{"Access-Control-Allow-Origin", "access-control-max-age", "Access-Control-Expose-Headers"}}, []problem{
			{policy.ErrProhibitedHeaderName, "requestHeaders", "Access-Control-Allow-Origin"},
			{policy.ErrProhibitedHeaderName, "requestHeaders", "access-control-max-age"},
			{policy.ErrProhibitedHeaderName, "requestHeaders", "Access-Control-Expose-Headers"}}},
		{"expose set-cookie", policy.Config{ExposedHeaders: []string{"Set-Cookie", "set-cookie2", "X-Id", "*"}}, []problem{
			{policy.ErrExposeSetCookie, "exposedHeaders", "Set-Cookie"}, {policy.ErrExposeSetCookie, "exposedHeaders", "set-cookie2"}}},
		{"max-age bounds", policy.Config{MaxAge: 86400}, nil},
		{"max-age -1", policy.Config{MaxAge: -1}, nil},
		{"max-age too large", policy.Config{MaxAge: 86401}, []problem{{policy.ErrMaxAgeOutOfRange, "maxAge", "86401"}}},
		{"max-age negative", policy.Config{MaxAge: -2}, []problem{{policy.ErrMaxAgeOutOfRange, "maxAge", "-2"}}},
		{"preflight status", policy.Config{PreflightStatus: 200}, nil},
		{"preflight status 300", policy.Config{PreflightStatus: 300}, []problem{{policy.ErrInvalidPreflightStatus, "preflightStatus", "300"}}},
		{"preflight status 199", policy.Config{PreflightStatus: 199}, []problem{{policy.ErrInvalidPreflightStatus, "preflightStatus", "199"}}},
		{"everything at once", policy.Config{
			Origins: []string{"null", "*"}, Methods: []string{"TRACE"}, RequestHeaders: []string{"Cookie"},
			ExposedHeaders: []string{"Set-Cookie"}, Credentials: true, MaxAge: 1 << 20, PreflightStatus: 500},
			[]problem{
				{policy.ErrNullOrigin, "origins", "null"},
				{policy.ErrWildcardOriginWithCredentials, "origins", "*"},
				{policy.ErrWildcardWithOthers, "origins", "*"},
				{policy.ErrForbiddenMethod, "methods", "TRACE"},
				{policy.ErrForbiddenHeaderName, "requestHeaders", "Cookie"},
				{policy.ErrExposeSetCookie, "exposedHeaders", "Set-Cookie"},
				{policy.ErrMaxAgeOutOfRange, "maxAge", "1048576"},
				{policy.ErrInvalidPreflightStatus, "preflightStatus", "500"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			p, err := policy.New(tc.in)
			got := problems(t, err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("New(%+v) problems (-want +got):\n%s", tc.in, diff)
			}
			if (err == nil) != (p != nil) {
				t.Errorf("New(%+v) = %v, %v: want exactly one of a policy and an error", tc.in, p, err)
			}
		})
	}
}

func TestNonCanonicalOriginSuggestsFix(t *testing.T) {
	for in, want := range map[string]string{
		"https://A.example/":      `write "https://a.example"`,
		"HTTPS://a.example:443/x": `write "https://a.example"`,
		"https://*.Example.COM":   `write "https://*.example.com"`,
		"http://localhost:080":    `write "http://localhost"`,
	} {
		_, err := policy.New(policy.Config{Origins: []string{in}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(Origins: %q): got %v, want an error saying %s", in, err, want)
		}
	}
}

func TestErrorCodeStrings(t *testing.T) {
	seen := map[string]bool{}
	for c := policy.ErrInvalidOrigin; c <= policy.ErrWildcardWithOthers; c++ {
		s := c.String()
		if s == "" || strings.HasPrefix(s, "ErrorCode(") || seen[s] {
			t.Errorf("ErrorCode(%d).String() = %q: want a unique name", c, s)
		}
		seen[s] = true
	}
	if got := policy.ErrorCode(200).String(); got != "ErrorCode(200)" {
		t.Errorf("ErrorCode(200).String() = %q", got)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		desc, in string
		wantErr  string
	}{
		{"full", `{"origins":["https://a.example"],"methods":["PUT"],"requestHeaders":["x-a"],"exposedHeaders":["x-b"],"credentials":true,"maxAge":10,"preflightStatus":200}`, ""},
		{"empty object", `{}`, ""},
		{"unknown field", `{"origin":["https://a.example"]}`, `unknown field "origin"`},
		{"wrong type", `{"origins":"https://a.example"}`, "cannot unmarshal"},
		{"null", `null`, "not null"},
		{"trailing data", `{} {}`, "unexpected data"},
		{"syntax", `{"origins":[}`, "invalid character"},
		{"config error", `{"origins":["null"]}`, "null"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			p, err := policy.Parse([]byte(tc.in))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Parse(%q): got error %v", tc.in, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Parse(%q): got %v, %v; want an error containing %q", tc.in, p, err, tc.wantErr)
			}
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	c := policy.Config{Origins: []string{"https://*.example.com", "http://localhost:*"}, Methods: []string{"PUT"},
		RequestHeaders: []string{"X-A", "*"}, ExposedHeaders: []string{"X-B"}, Credentials: true, MaxAge: -1, PreflightStatus: 200}
	p, err := policy.New(c)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var q policy.Policy
	if err := json.Unmarshal(data, &q); err != nil {
		t.Fatalf("Unmarshal(%s): %v", data, err)
	}
	if diff := cmp.Diff(c, q.Config()); diff != "" {
		t.Errorf("JSON round trip of %s (-want +got):\n%s", data, diff)
	}
	// Config returns a copy.
	q.Config().Origins[0] = "changed"
	if q.Config().Origins[0] != c.Origins[0] {
		t.Error("changing Config's result changed the policy")
	}
}
