package policy_test

import (
	"context"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/simulate"
)

// The generators draw from small pools so that matches happen often.
var (
	propOrigins = []string{"https://app.test", "https://other.test", "http://app.test", "https://*.ex.test",
		"http://localhost:*", "https://app.test:8443"}
	propPages = []string{"https://app.test", "https://other.test", "http://app.test", "https://a.ex.test",
		"https://a.b.ex.test", "https://ex.test", "https://a_b.ex.test", "http://localhost:3000", "http://localhost",
		"https://app.test:8443", "https://evil.test", "null"}
	propMethods     = []string{"PUT", "DELETE", "PATCH", "patch", "X-CUSTOM"}
	propReqMethods  = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "X-CUSTOM", "OPTIONS", "get", "put"}
	propHeaderNames = []string{"x-a", "x-b", "authorization", "content-type", "X-A"}
	propReqHeaders  = []fetch.Header{{Name: "X-A", Value: "1"}, {Name: "x-b", Value: "2"},
		{Name: "Authorization", Value: "Bearer t"}, {Name: "Content-Type", Value: "application/json"},
		{Name: "Content-Type", Value: "text/plain"}, {Name: "Accept-Language", Value: "en"}}
)

func subset[T any](t *rapid.T, pool []T, label string) []T {
	var out []T
	for i, x := range pool {
		if rapid.Bool().Draw(t, label+"["+strings.Repeat("|", i)+"]") {
			out = append(out, x)
		}
	}
	return out
}

// drawConfig draws a valid policy configuration.
func drawConfig(t *rapid.T) policy.Config {
	c := policy.Config{Credentials: rapid.Bool().Draw(t, "credentials")}
	if !c.Credentials && rapid.IntRange(0, 9).Draw(t, "anyOrigin") == 0 {
		c.Origins = []string{"*"}
	} else {
		for _, o := range subset(t, propOrigins, "origins") {
			if c.Credentials && o == "http://app.test" {
				continue
			}
			c.Origins = append(c.Origins, o)
		}
	}
	if rapid.IntRange(0, 5).Draw(t, "anyMethod") == 0 {
		c.Methods = []string{"*"}
	} else {
		c.Methods = subset(t, propMethods, "methods")
	}
	c.RequestHeaders = subset(t, propHeaderNames, "requestHeaders")
	if rapid.IntRange(0, 3).Draw(t, "anyHeader") == 0 {
		c.RequestHeaders = append(c.RequestHeaders, "*")
	}
	c.ExposedHeaders = subset(t, []string{"x-id", "*"}, "exposedHeaders")
	c.MaxAge = rapid.SampledFrom([]int{-1, 0, 5, 600, 86400}).Draw(t, "maxAge")
	c.PreflightStatus = rapid.SampledFrom([]int{0, 200, 204, 299}).Draw(t, "preflightStatus")
	return c
}

// meansToAllow is what the configuration says, read literally from the
// package documentation and independently of the evaluation code: whether
// script on page may read the response to this request. needsPreflight is
// the browser's own preflight decision.
func meansToAllow(c policy.Config, page, method string, header fetch.HeaderList, include, needsPreflight bool, unsafe []string) bool {
	originOK := false
	for _, o := range c.Origins {
		switch {
		case o == "*":
			originOK = true
		case o == "https://*.ex.test":
			originOK = originOK || (strings.HasPrefix(page, "https://") && strings.HasSuffix(page, ".ex.test") &&
				!strings.Contains(page, "_") && page != "https://ex.test")
		case o == "http://localhost:*":
			originOK = originOK || page == "http://localhost" || strings.HasPrefix(page, "http://localhost:")
		default:
			originOK = originOK || page == o
		}
	}
	if !originOK || (include && !c.Credentials) {
		return false
	}
	if !needsPreflight {
		return true
	}
	methodOK := method == "GET" || method == "HEAD" || method == "POST"
	for _, m := range c.Methods {
		methodOK = methodOK || m == "*" || m == method
	}
	if !methodOK {
		return false
	}
	for _, name := range unsafe {
		ok := false
		for _, allowed := range c.RequestHeaders {
			ok = ok || strings.EqualFold(allowed, name) || (allowed == "*" && !strings.EqualFold(name, "authorization"))
		}
		if !ok {
			return false
		}
	}
	return true
}

// TestPolicyMeansWhatBrowsersDo checks, for random policies and requests,
// that what a policy means to allow the simulated browser allows and what
// it means to deny is blocked, for the Chromium and spec profiles. On
// failure rapid prints the seed to rerun with (-rapid.seed=N).
func TestPolicyMeansWhatBrowsersDo(t *testing.T) {
	target, _ := origin.FromURL("https://api.test")
	rapid.Check(t, func(t *rapid.T) {
		c := drawConfig(t)
		p, err := policy.New(c)
		if err != nil {
			t.Fatalf("drawConfig drew an invalid configuration %+v: %v", c, err)
		}
		pageName := rapid.SampledFrom(propPages).Draw(t, "page")
		method := rapid.SampledFrom(propReqMethods).Draw(t, "method")
		header := fetch.HeaderList(subset(t, propReqHeaders, "headers"))
		creds := rapid.SampledFrom([]fetch.CredentialsMode{fetch.CredentialsOmit, fetch.CredentialsSameOrigin, fetch.CredentialsInclude}).Draw(t, "credentials mode")
		page, err := simulate.NewPage(pageName)
		if err != nil {
			t.Fatal(err)
		}
		for _, engine := range []fetch.Engine{fetch.EngineChromium, fetch.EngineSpec} {
			prof := engine.Profile()
			req, terr := fetch.NewRequest(page.Origin, page.URL, "https://api.test/r", fetch.RequestInit{Method: method, Headers: header, Credentials: creds})
			if terr != nil {
				t.Fatalf("NewRequest: %v", terr)
			}
			want := meansToAllow(c, pageName, req.Method, req.Header, creds == fetch.CredentialsInclude,
				prof.NeedsCORSWithPreflight(req), prof.CORSUnsafeRequestHeaderNames(req.Header))
			b := simulate.New(p.Server(target), simulate.WithEngine(engine), simulate.WithoutTrace())
			res := b.Fetch(context.Background(), page, simulate.Request{URL: "https://api.test/r", Method: method, Header: header, Credentials: creds})
			if got := res.Outcome == simulate.Allowed; got != want {
				t.Fatalf("%s: policy %+v, page %s, %s %v, credentials %s: browser %s (%s), policy means allowed=%v",
					engine, c, pageName, method, header, creds, res.Outcome, res.Reason, want)
			}
		}
	})
}

// TestHandlerMatchesEvaluate checks that Handler sends exactly the headers
// Evaluate reports, for random policies and requests, including malformed
// and adversarial Access-Control-Request-Headers values.
func TestHandlerMatchesEvaluate(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		c := drawConfig(rt)
		p, err := policy.New(c)
		if err != nil {
			rt.Fatal(err)
		}
		method := rapid.SampledFrom(propReqMethods).Draw(rt, "method")
		var in fetch.HeaderList
		for _, o := range subset(rt, propPages, "origins") {
			in = append(in, fetch.Header{Name: "Origin", Value: o})
		}
		for range rapid.IntRange(0, 2).Draw(rt, "acrm lines") {
			in = append(in, fetch.Header{Name: "Access-Control-Request-Method", Value: rapid.SampledFrom(propReqMethods).Draw(rt, "acrm")})
		}
		elem := rapid.SampledFrom([]string{"x-a", "X-B", "authorization", "content-type", "*", "", " ", "\t", "x y", ","})
		for range rapid.IntRange(0, 2).Draw(rt, "acrh lines") {
			parts := rapid.SliceOfN(elem, 0, 6).Draw(rt, "acrh")
			in = append(in, fetch.Header{Name: "Access-Control-Request-Headers", Value: strings.TrimSpace(strings.Join(parts, ","))})
		}
		d := p.Evaluate(method, in)
		checkHandlerMatches(rt, p, method, in, d)
	})
}
