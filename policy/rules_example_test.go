package policy_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
)

// One example per lint rule: a misconfiguration that fires it, and a
// correct configuration that does not.

// handwritten is a CORS layer as people write it by hand: allowed decides
// the origin; the other fields change what it sends.
type handwritten struct {
	allowed func(origin string) bool
	// acao returns the Access-Control-Allow-Origin value; nil sends the
	// request's origin.
	acao func(origin string) string
	// credentials is the Access-Control-Allow-Credentials value; "" sends
	// none.
	credentials string
	// noVary leaves out Vary: Origin.
	noVary bool
	// preflight answers preflights with this status; 0 means 204.
	preflight int
	// passOptions hands preflights to a router that has no OPTIONS route
	// (405) after adding the CORS headers.
	passOptions bool
}

func (h handwritten) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o := r.Header.Get("Origin")
	if !h.noVary {
		w.Header().Add("Vary", "Origin")
	}
	if o != "" && h.allowed(o) {
		v := o
		if h.acao != nil {
			v = h.acao(o)
		}
		w.Header().Set("Access-Control-Allow-Origin", v)
		if h.credentials != "" {
			w.Header().Set("Access-Control-Allow-Credentials", h.credentials)
		}
	}
	if r.Method == "OPTIONS" && r.Header.Get("Access-Control-Request-Method") != "" {
		w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
		w.Header().Set("Access-Control-Allow-Headers", "content-type")
		switch {
		case h.passOptions:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		case h.preflight != 0:
			w.WriteHeader(h.preflight)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
		return
	}
	fmt.Fprintln(w, "data")
}

func mustNew(c policy.Config) *policy.Policy {
	p, err := policy.New(c)
	if err != nil {
		panic(err)
	}
	return p
}

// app is the API behind the CORS layer.
var app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "data") })

// correct is the policy the examples' API should have.
var correct = mustNew(policy.Config{
	Origins:     []string{"https://app.example.com"},
	Methods:     []string{"PUT", "DELETE"},
	Credentials: true,
})

// probeRule probes h at the example API's URL and prints the finding of
// the rule, or that there is none.
func probeRule(h http.Handler, rule string) {
	probeRuleAt(h, "https://api.example.com/data", rule)
}

func probeRuleAt(h http.Handler, url, rule string) {
	rep, err := policy.Probe(context.Background(), h, url,
		&policy.ProbeOptions{Origins: []string{"https://app.example.com"}})
	if err != nil {
		panic(err)
	}
	printRule(rep.Findings, rule)
}

func printRule(fs []policy.Finding, rule string) {
	for _, f := range fs {
		if f.Rule == rule {
			fmt.Printf("%s %s: %s\n", f.Severity, f.Rule, f.Evidence)
			return
		}
	}
	fmt.Printf("no %s\n", rule)
}

func lintRule(c policy.Config, target, rule string) {
	var t origin.Origin
	if target != "" {
		t, _ = origin.ParseSerializedOrigin(target)
	}
	printRule(mustNew(c).Lint(t), rule)
}

func Example_reflectAnyOrigin() {
	probeRule(handwritten{allowed: func(string) bool { return true }, credentials: "true"}, "reflect-any-origin")
	probeRule(policy.Handler(correct, app), "reflect-any-origin")
	// Output:
	// high reflect-any-origin: GET with Origin: https://corsim-attacker.invalid → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: https://corsim-attacker.invalid, Vary: Origin
	// no reflect-any-origin
}

func Example_trustedNullOrigin() {
	allowed := func(o string) bool { return o == "https://app.example.com" || o == "null" }
	probeRule(handwritten{allowed: allowed, credentials: "true"}, "trusted-null-origin")
	probeRule(policy.Handler(correct, app), "trusted-null-origin")
	// Output:
	// high trusted-null-origin: GET with Origin: null → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: null, Vary: Origin
	// no trusted-null-origin
}

func Example_originPrefixMatch() {
	allowed := func(o string) bool { return strings.HasPrefix(o, "https://app.example.com") }
	probeRule(handwritten{allowed: allowed, credentials: "true"}, "origin-prefix-match")
	probeRule(policy.Handler(correct, app), "origin-prefix-match")
	// Output:
	// high origin-prefix-match: GET with Origin: https://app.example.com.corsim-attacker.invalid → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: https://app.example.com.corsim-attacker.invalid, Vary: Origin
	// no origin-prefix-match
}

func Example_originSuffixMatch() {
	allowed := func(o string) bool { return strings.HasSuffix(o, "example.com") }
	probeRule(handwritten{allowed: allowed}, "origin-suffix-match")
	// A label boundary is what the subdomain pattern matches on.
	p := mustNew(policy.Config{Origins: []string{"https://*.example.com"}})
	probeRule(policy.Handler(p, app), "origin-suffix-match")
	// Output:
	// medium origin-suffix-match: GET with Origin: https://corsimattackerexample.com → 200, Access-Control-Allow-Origin: https://corsimattackerexample.com, Vary: Origin
	// no origin-suffix-match
}

func Example_originSubstringMatch() {
	allowed := func(o string) bool { return strings.Contains(o, "app.example.com") }
	probeRule(handwritten{allowed: allowed, credentials: "true"}, "origin-substring-match")
	probeRule(policy.Handler(correct, app), "origin-substring-match")
	// Output:
	// high origin-substring-match: GET with Origin: https://corsim-attacker-app.example.com.corsim-attacker.invalid → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: https://corsim-attacker-app.example.com.corsim-attacker.invalid, Vary: Origin
	// no origin-substring-match
}

func Example_unescapedDot() {
	re := regexp.MustCompile(`^https://app.example.com$`)
	probeRule(handwritten{allowed: re.MatchString, credentials: "true"}, "unescaped-dot")
	escaped := regexp.MustCompile(`^https://app\.example\.com$`)
	probeRule(handwritten{allowed: escaped.MatchString, credentials: "true"}, "unescaped-dot")
	// Output:
	// high unescaped-dot: GET with Origin: https://appxexample.com → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: https://appxexample.com, Vary: Origin
	// no unescaped-dot
}

func Example_specialCharacterBypass() {
	// A lenient parser takes the host to end at the first character it
	// does not expect.
	allowed := func(o string) bool {
		host := strings.TrimPrefix(o, "https://")
		if i := strings.IndexAny(host, "_`!$&'()*+,;=~{}|%"); i >= 0 {
			host = host[:i]
		}
		return host == "app.example.com"
	}
	probeRule(handwritten{allowed: allowed, credentials: "true"}, "special-character-bypass")
	probeRule(policy.Handler(correct, app), "special-character-bypass")
	// Output:
	// high special-character-bypass: GET with Origin: https://app.example.com_.corsim-attacker.invalid → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: https://app.example.com_.corsim-attacker.invalid, Vary: Origin
	// no special-character-bypass
}

func Example_insecureOriginTrusted() {
	lintRule(policy.Config{Origins: []string{"https://app.example.com", "http://app.example.com"}},
		"https://api.example.com", "insecure-origin-trusted")
	lintRule(policy.Config{Origins: []string{"https://app.example.com", "http://localhost:*"}},
		"https://api.example.com", "insecure-origin-trusted")
	// Output:
	// low insecure-origin-trusted: origins: "http://app.example.com"
	// no insecure-origin-trusted
}

func Example_anySubdomainTrusted() {
	lintRule(policy.Config{Origins: []string{"https://*.example.com"}, Credentials: true}, "", "any-subdomain-trusted")
	lintRule(policy.Config{Origins: []string{"https://app.example.com", "https://admin.example.com"}, Credentials: true}, "", "any-subdomain-trusted")
	// Output:
	// low any-subdomain-trusted: origins: "https://*.example.com"
	// no any-subdomain-trusted
}

func Example_publicSuffixWildcard() {
	lintRule(policy.Config{Origins: []string{"https://*.github.io"}}, "", "public-suffix-wildcard")
	lintRule(policy.Config{Origins: []string{"https://*.docs.example.com"}}, "", "public-suffix-wildcard")
	// Output:
	// medium public-suffix-wildcard: origins: "https://*.github.io"
	// no public-suffix-wildcard
}

func Example_thirdPartyOrigin() {
	lintRule(policy.Config{Origins: []string{"https://app.example.com", "https://codepen.io"}, Credentials: true}, "", "third-party-origin")
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, Credentials: true}, "", "third-party-origin")
	// Output:
	// high third-party-origin: origins: "https://codepen.io"
	// no third-party-origin
}

func Example_wildcardOnLocalNetwork() {
	anyone := mustNew(policy.Config{Origins: []string{"*"}})
	probeRuleAt(policy.Handler(anyone, app), "http://printer.local/status", "wildcard-on-local-network")
	listed := mustNew(policy.Config{Origins: []string{"https://app.example.com"}})
	probeRuleAt(policy.Handler(listed, app), "http://printer.local/status", "wildcard-on-local-network")
	// Output:
	// high wildcard-on-local-network: GET with no Origin → 200, Access-Control-Allow-Origin: *
	// no wildcard-on-local-network
}

func Example_invalidAllowOrigin() {
	list := func(string) string { return "https://app.example.com, https://admin.example.com" }
	allowed := func(o string) bool { return o == "https://app.example.com" }
	probeRule(handwritten{allowed: allowed, acao: list}, "invalid-allow-origin")
	probeRule(policy.Handler(correct, app), "invalid-allow-origin")
	// Output:
	// medium invalid-allow-origin: GET with Origin: https://app.example.com → 200, Access-Control-Allow-Origin: https://app.example.com, https://admin.example.com, Vary: Origin
	// no invalid-allow-origin
}

func Example_wildcardWithCredentials() {
	star := func(string) string { return "*" }
	probeRule(handwritten{allowed: func(string) bool { return true }, acao: star, credentials: "true"}, "wildcard-with-credentials")
	probeRule(policy.Handler(correct, app), "wildcard-with-credentials")
	// Output:
	// medium wildcard-with-credentials: GET with Origin: https://app.example.com → 200, Access-Control-Allow-Credentials: true, Access-Control-Allow-Origin: *, Vary: Origin
	// no wildcard-with-credentials
}

func Example_wildcardListWithCredentials() {
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, ExposedHeaders: []string{"*"}, Credentials: true}, "", "wildcard-list-with-credentials")
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, ExposedHeaders: []string{"X-Request-Id"}, Credentials: true}, "", "wildcard-list-with-credentials")
	// Output:
	// low wildcard-list-with-credentials: exposedHeaders: "*" with credentials: true
	// no wildcard-list-with-credentials
}

func Example_authorizationWildcard() {
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, RequestHeaders: []string{"*"}}, "", "authorization-wildcard")
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, RequestHeaders: []string{"*", "Authorization"}}, "", "authorization-wildcard")
	// Output:
	// info authorization-wildcard: requestHeaders: "*" without "authorization"
	// no authorization-wildcard
}

func Example_allowCredentialsNotTrue() {
	allowed := func(o string) bool { return o == "https://app.example.com" }
	probeRule(handwritten{allowed: allowed, credentials: "True"}, "allow-credentials-not-true")
	probeRule(policy.Handler(correct, app), "allow-credentials-not-true")
	// Output:
	// medium allow-credentials-not-true: GET with Origin: https://app.example.com → 200, Access-Control-Allow-Credentials: True, Access-Control-Allow-Origin: https://app.example.com, Vary: Origin
	// no allow-credentials-not-true
}

func Example_missingVaryOrigin() {
	allowed := func(o string) bool { return o == "https://app.example.com" }
	probeRule(handwritten{allowed: allowed, credentials: "true", noVary: true}, "missing-vary-origin")
	probeRule(policy.Handler(correct, app), "missing-vary-origin")
	// Output:
	// medium missing-vary-origin: GET with no Origin → 200, no CORS headers
	// no missing-vary-origin
}

func Example_maxAgeOverCap() {
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, MaxAge: 86400}, "", "max-age-over-cap")
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, MaxAge: 600}, "", "max-age-over-cap")
	// Output:
	// info max-age-over-cap: maxAge: 86400
	// no max-age-over-cap
}

func Example_preflightNotOK() {
	allowed := func(o string) bool { return o == "https://app.example.com" }
	probeRule(handwritten{allowed: allowed, credentials: "true", passOptions: true}, "preflight-not-ok")
	probeRule(policy.Handler(correct, app), "preflight-not-ok")
	// Output:
	// medium preflight-not-ok: OPTIONS with Origin: https://app.example.com, Access-Control-Request-Method: POST, Access-Control-Request-Headers: content-type → 405, Access-Control-Allow-Credentials: true, Access-Control-Allow-Headers: content-type, Access-Control-Allow-Methods: GET, POST, PUT, DELETE, Access-Control-Allow-Origin: https://app.example.com, Vary: Origin
	// no preflight-not-ok
}

func Example_preflightBlockedBeforeCORS() {
	// The CORS layer wraps the GET route only: OPTIONS never reaches it.
	mux := http.NewServeMux()
	mux.Handle("GET /data", policy.Handler(correct, app))
	probeRule(mux, "preflight-blocked-before-cors")
	// Wrapping the whole router lets the CORS layer answer preflights.
	probeRule(policy.Handler(correct, mux), "preflight-blocked-before-cors")
	// Output:
	// medium preflight-blocked-before-cors: OPTIONS with Origin: https://app.example.com, Access-Control-Request-Method: POST, Access-Control-Request-Headers: content-type → 405, no CORS headers
	// no preflight-blocked-before-cors
}

func Example_reflectedRequestMethodHeaders() {
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, Methods: []string{"*"}, Credentials: true}, "", "reflected-request-method-headers")
	lintRule(policy.Config{Origins: []string{"https://app.example.com"}, Methods: []string{"PUT", "PATCH"}, Credentials: true}, "", "reflected-request-method-headers")
	// Output:
	// low reflected-request-method-headers: methods: "*" with credentials: true
	// no reflected-request-method-headers
}
