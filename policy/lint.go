package policy

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/corsim/corsim/origin"
)

// Severity ranks a finding.
type Severity uint8

// The severities, least severe first.
const (
	// SeverityInfo: worth knowing; nothing is wrong yet.
	SeverityInfo Severity = iota
	// SeverityLow: broader than it needs to be, or fragile.
	SeverityLow
	// SeverityMedium: requests fail that should not, responses are cached
	// wrongly, or data without credentials is exposed.
	SeverityMedium
	// SeverityHigh: other sites can read users' data.
	SeverityHigh
)

var severityNames = [...]string{"info", "low", "medium", "high"}

// String returns "info", "low", "medium" or "high".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) {
	if int(s) >= len(severityNames) {
		return nil, fmt.Errorf("policy: invalid severity %d", s)
	}
	return []byte(severityNames[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if string(b) == n {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("policy: %q is not a severity (info, low, medium, high)", b)
}

// A Finding is one problem the linter found: a value, not an error.
type Finding struct {
	// Rule is the rule's stable ID, e.g. "reflect-any-origin".
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Message says what is wrong and what it allows.
	Message string `json:"message"`
	// Evidence is what shows it: a configuration entry, or a request the
	// prober sent and the headers that came back.
	Evidence string `json:"evidence"`
	// Fix says what to change.
	Fix string `json:"fix"`
}

// The rule IDs. Each rule has an Example in the package's tests showing it
// fire and a correct configuration that does not.
const (
	ruleReflectAnyOrigin        = "reflect-any-origin"
	ruleTrustedNull             = "trusted-null-origin"
	rulePrefixMatch             = "origin-prefix-match"
	ruleSuffixMatch             = "origin-suffix-match"
	ruleSubstringMatch          = "origin-substring-match"
	ruleUnescapedDot            = "unescaped-dot"
	ruleSpecialCharacters       = "special-character-bypass"
	ruleInsecureOrigin          = "insecure-origin-trusted"
	ruleAnySubdomain            = "any-subdomain-trusted"
	rulePublicSuffixWildcard    = "public-suffix-wildcard"
	ruleThirdPartyOrigin        = "third-party-origin"
	ruleWildcardLocalNetwork    = "wildcard-on-local-network"
	ruleInvalidAllowOrigin      = "invalid-allow-origin"
	ruleWildcardWithCredentials = "wildcard-with-credentials"
	ruleWildcardListCredentials = "wildcard-list-with-credentials"
	ruleAuthorizationWildcard   = "authorization-wildcard"
	ruleCredentialsNotTrue      = "allow-credentials-not-true"
	ruleMissingVaryOrigin       = "missing-vary-origin"
	ruleMaxAgeOverCap           = "max-age-over-cap"
	rulePreflightNotOK          = "preflight-not-ok"
	rulePreflightBlocked        = "preflight-blocked-before-cors"
	ruleReflectedRequest        = "reflected-request-method-headers"
)

// rules lists every rule ID with the fix it suggests.
var rules = []struct{ id, fix string }{
	{ruleReflectAnyOrigin, "Compare the Origin header with an allow-list of exact origins; never echo it unchecked."},
	{ruleTrustedNull, "Do not allow the origin \"null\": sandboxed iframes, data: URLs and redirected requests all send it."},
	{rulePrefixMatch, "Compare the whole Origin value with exact origins; a prefix check accepts https://trusted.example.com.attacker.net."},
	{ruleSuffixMatch, "Match subdomains on a label boundary (\".example.com\"), or list exact origins; a suffix check accepts https://attackerexample.com."},
	{ruleSubstringMatch, "Compare the whole Origin value with exact origins; a substring check accepts origins that merely contain the trusted name."},
	{ruleUnescapedDot, "Escape dots in origin regular expressions (\\.) and anchor them (^…$), or compare exact strings."},
	{ruleSpecialCharacters, "Parse the Origin strictly (scheme://host[:port], host of letters, digits, hyphens and dots) before matching; some browsers send origins with characters such as _ or `."},
	{ruleInsecureOrigin, "Allow only https origins on an https site: a network attacker can run script on any http origin."},
	{ruleAnySubdomain, "List the subdomains that need access; any subdomain with an XSS flaw or a dangling DNS record can otherwise read responses."},
	{rulePublicSuffixWildcard, "Never allow every name under a public suffix (github.io, co.uk …): anyone can register one. List exact origins."},
	{ruleThirdPartyOrigin, "Do not trust origins on shared hosting or code playgrounds (github.io, codepen.io, jsfiddle.net …): anyone can publish script there."},
	{ruleWildcardLocalNetwork, "Do not send \"Access-Control-Allow-Origin: *\" from a local-network or intranet server: any website a user visits can read it through their browser. List the origins that need access."},
	{ruleInvalidAllowOrigin, "Send exactly one Access-Control-Allow-Origin value: \"*\" or one origin exactly as the request's Origin header spelled it. To allow several origins, choose the value per request and add Vary: Origin."},
	{ruleWildcardWithCredentials, "Browsers refuse \"*\" on credentialed requests: send the request's origin (from an allow-list) with Vary: Origin, or drop Access-Control-Allow-Credentials."},
	{ruleWildcardListCredentials, "With credentials, \"*\" in Access-Control-Allow-Methods, -Allow-Headers and -Expose-Headers is only a name: list the methods and headers."},
	{ruleAuthorizationWildcard, "List Authorization by name in Access-Control-Allow-Headers: the Fetch Standard's \"*\" does not cover it, and engines are moving to enforce that."},
	{ruleCredentialsNotTrue, "Send \"Access-Control-Allow-Credentials: true\" exactly (lower case, one header) or not at all; any other value fails credentialed requests."},
	{ruleMissingVaryOrigin, "Add \"Vary: Origin\" to every response whose Access-Control-Allow-Origin depends on the request's Origin, including responses without it; otherwise caches serve one origin's answer to another."},
	{ruleMaxAgeOverCap, "Keep Access-Control-Max-Age at or below 600 s (WebKit's cap) to get the same caching everywhere; Chromium caps at 7200 s, Firefox at 86400 s."},
	{rulePreflightNotOK, "Answer preflights (OPTIONS with Access-Control-Request-Method) with a 2xx status from the CORS layer; browsers fail preflights answered with anything else, redirects included."},
	{rulePreflightBlocked, "Put the CORS layer before authentication, routing and method checks: preflights never carry credentials, so an auth wall or a router without OPTIONS refuses them."},
	{ruleReflectedRequest, "List the methods and headers the API accepts instead of echoing Access-Control-Request-Method and -Headers on credentialed responses."},
}

// fixFor returns the fix a rule suggests.
func fixFor(rule string) string {
	for _, r := range rules {
		if r.id == rule {
			return r.fix
		}
	}
	return ""
}

func finding(rule string, sev Severity, evidence, format string, args ...any) Finding {
	return Finding{Rule: rule, Severity: sev, Message: fmt.Sprintf(format, args...), Evidence: evidence, Fix: fixFor(rule)}
}

// sortFindings orders findings most severe first, then by rule and
// evidence.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Evidence < b.Evidence
	})
}

// Lint reviews the policy. target is the origin the policy serves, or the
// zero Origin when unknown; some rules depend on it (an http origin is
// worse on an https site; "*" is dangerous on a local-network server).
// Problems New refuses (null origins, "*" with credentials …) never reach
// a Policy; Lint reports what is allowed but risky, fragile or ineffective.
func (p *Policy) Lint(target origin.Origin) []Finding {
	if p == nil {
		return nil
	}
	var fs []Finding
	c := p.cfg
	cred := p.credentials
	sev := func(withCred, without Severity) Severity {
		if cred {
			return withCred
		}
		return without
	}
	for _, s := range c.Origins {
		if s == "*" {
			if target.IsValid() && !target.IsOpaque() && isLocalNetworkHost(target.Host()) {
				fs = append(fs, finding(ruleWildcardLocalNetwork, SeverityHigh, "origins: \"*\" on "+target.String(),
					"Any website a user visits can read this local-network server's responses through the user's browser."))
			}
			continue
		}
		pt, code, _ := parseOriginEntry(s)
		if code != 0 {
			continue
		}
		ev := "origins: " + quote(s)
		switch {
		case pt.publicSuffix():
			fs = append(fs, finding(rulePublicSuffixWildcard, sev(SeverityHigh, SeverityMedium), ev,
				"%s is a public suffix: anyone can register a name under it and read responses.", pt.host))
		case isThirdPartyHost(pt.host):
			fs = append(fs, finding(ruleThirdPartyOrigin, sev(SeverityHigh, SeverityMedium), ev,
				"%s is on %s, where anyone can publish script.", s, thirdPartyDomain(pt.host)))
		case pt.subdomains:
			fs = append(fs, finding(ruleAnySubdomain, sev(SeverityLow, SeverityInfo), ev,
				"Every subdomain of %s at any depth is trusted, including ones with an XSS flaw or a dangling DNS record.", pt.host))
		}
		if pt.insecure() && (!target.IsValid() || target.Scheme() != "http") {
			where := "an https site"
			if !target.IsValid() {
				where = "a site served over https"
			}
			fs = append(fs, finding(ruleInsecureOrigin, sev(SeverityMedium, SeverityLow), ev,
				"%s is an http origin: on %s, a network attacker who injects script into it can read responses.", s, where))
		}
	}
	if cred && contains(c.ExposedHeaders, "*") {
		fs = append(fs, finding(ruleWildcardListCredentials, SeverityLow, "exposedHeaders: \"*\" with credentials: true",
			"With credentials, \"Access-Control-Expose-Headers: *\" exposes only a header named \"*\": script reads no other header."))
	}
	if p.anyHeader && !p.authorization {
		fs = append(fs, finding(ruleAuthorizationWildcard, SeverityInfo, "requestHeaders: \"*\" without \"authorization\"",
			"\"*\" does not cover Authorization: this policy denies requests that send it (browsers today would let \"*\" cover it; the Fetch Standard does not)."))
	}
	if cred && (p.anyMethod || p.anyHeader) {
		what := "methods"
		if p.anyHeader {
			what = "requestHeaders"
			if p.anyMethod {
				what = "methods and requestHeaders"
			}
		}
		fs = append(fs, finding(ruleReflectedRequest, SeverityLow, what+": \"*\" with credentials: true",
			"With credentials, \"*\" is answered by naming whatever the preflight asks for: every method and header is allowed on credentialed requests."))
	}
	if c.MaxAge > 600 {
		fs = append(fs, finding(ruleMaxAgeOverCap, SeverityInfo, "maxAge: "+strconv.Itoa(c.MaxAge), "%s", maxAgeMessage(int64(c.MaxAge))))
	}
	sortFindings(fs)
	return fs
}

// maxAgeMessage says which engines cap an Access-Control-Max-Age.
func maxAgeMessage(secs int64) string {
	var capped []string
	if secs > 600 {
		capped = append(capped, "WebKit caches it for 600 s")
	}
	if secs > 7200 {
		capped = append(capped, "Chromium for 7200 s")
	}
	if secs > 86400 {
		capped = append(capped, "Firefox for 86400 s")
	}
	return fmt.Sprintf("Max-age %d s is beyond engine caps: %s.", secs, strings.Join(capped, ", "))
}

// thirdPartyDomains are domains where anyone can publish pages that run
// script: shared hosting, code playgrounds and preview deployments.
var thirdPartyDomains = []string{
	"github.io", "gitlab.io", "codepen.io", "cdpn.io", "jsfiddle.net", "jshell.net", "jsbin.com",
	"codesandbox.io", "csb.app", "stackblitz.com", "stackblitz.io", "webcontainer.io", "repl.co", "replit.dev",
	"glitch.me", "herokuapp.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev", "web.app",
	"firebaseapp.com", "azurewebsites.net", "appspot.com", "blogspot.com", "ngrok.io", "ngrok-free.app",
	"s3.amazonaws.com", "cloudfront.net", "surge.sh", "onrender.com", "fly.dev", "trycloudflare.com",
}

// thirdPartyDomain returns the third-party domain host is on, or "".
func thirdPartyDomain(host string) string {
	for _, d := range thirdPartyDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return d
		}
	}
	return ""
}

func isThirdPartyHost(host string) bool { return thirdPartyDomain(host) != "" }

// isLocalNetworkHost reports whether a serialized host names something on
// the local network or an intranet: loopback, private and link-local
// addresses, localhost, single-label names, and names under suffixes that
// only resolve inside a network.
func isLocalNetworkHost(host string) bool {
	h := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ".")
	if a, err := netip.ParseAddr(h); err == nil {
		a = a.Unmap()
		return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsUnspecified() ||
			(a.Is4() && a.As4()[0] == 100 && a.As4()[1]&0xC0 == 64) // 100.64.0.0/10, shared address space
	}
	if !strings.Contains(h, ".") {
		return true // localhost, intranet single-label names
	}
	for _, suffix := range []string{".localhost", ".local", ".internal", ".intranet", ".corp", ".lan", ".home", ".home.arpa", ".private"} {
		if strings.HasSuffix(h, suffix) {
			return true
		}
	}
	return false
}
