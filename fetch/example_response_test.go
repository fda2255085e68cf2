package fetch_test

import (
	"fmt"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// exampleRequest builds the request fetch() makes from page for url, as
// main fetch leaves it on its CORS branch.
func exampleRequest(page, method, url string, creds fetch.CredentialsMode, header fetch.HeaderList) *fetch.Request {
	client, err := origin.FromURL(page)
	if err != nil {
		panic(err)
	}
	u, err := origin.ParseURL(url, nil)
	if err != nil {
		panic(err)
	}
	return &fetch.Request{
		Method: method, URLList: []*origin.URL{u}, Header: header, Origin: client,
		Mode: fetch.ModeCORS, Credentials: creds, ResponseTainting: fetch.TaintingCORS, UnsafeRequest: true,
	}
}

func ExampleCORSCheck() {
	req := exampleRequest("https://app.example", "GET", "https://api.example/data", fetch.CredentialsInclude, nil)

	for _, h := range []fetch.HeaderList{
		{{Name: "Access-Control-Allow-Origin", Value: "https://app.example"}, {Name: "Access-Control-Allow-Credentials", Value: "true"}},
		{{Name: "Access-Control-Allow-Origin", Value: "*"}},
		{{Name: "Access-Control-Allow-Origin", Value: "https://app.example/"}},
		{{Name: "Access-Control-Allow-Origin", Value: "https://app.example"}, {Name: "Access-Control-Allow-Origin", Value: "https://app.example"}},
		{{Name: "Access-Control-Allow-Origin", Value: "https://app.example"}, {Name: "Access-Control-Allow-Credentials", Value: "True"}},
	} {
		res := fetch.CORSCheck(req, h)
		if res.OK() {
			fmt.Println("shared")
			continue
		}
		fmt.Printf("%s %q (Firefox: %s)\n", res.Reason, res.Value, fetch.FirefoxReasonFor(res.Reason, res.AllowOriginLines))
	}
	// Output:
	// shared
	// WildcardOriginNotAllowed "*" (Firefox: CORSNotSupportingCredentials)
	// AllowOriginMismatch "https://app.example/" (Firefox: CORSAllowOriginNotMatchingOrigin)
	// MultipleAllowOriginValues "https://app.example, https://app.example" (Firefox: CORSMultipleAllowOriginNotAllowed)
	// InvalidAllowCredentials "True" (Firefox: CORSMissingAllowCredentials)
}

func ExampleProfile_ValidatePreflightResponse() {
	// fetch(url, {method: "PUT", headers: {Authorization: "Bearer t", "X-Trace": "1"}})
	req := exampleRequest("https://app.example", "PUT", "https://api.example/data", fetch.CredentialsSameOrigin, fetch.HeaderList{
		{Name: "Authorization", Value: "Bearer t"},
		{Name: "X-Trace", Value: "1"},
	})
	// The server answers the preflight with wildcards.
	resp := fetch.HeaderList{
		{Name: "Access-Control-Allow-Origin", Value: "*"},
		{Name: "Access-Control-Allow-Methods", Value: "*"},
		{Name: "Access-Control-Allow-Headers", Value: "*"},
		{Name: "Access-Control-Max-Age", Value: "86400"},
	}
	for _, e := range fetch.Engines() {
		p := e.Profile()
		res := p.ValidatePreflightResponse(req, 204, resp)
		fmt.Printf("%-8s %-35s %-13q max-age %5d  Authorization only by *: %v\n",
			e, res.Reason, res.Value, res.MaxAge, res.AuthorizationCoveredByWildcard)
	}
	// Output:
	// spec     HeaderDisallowedByPreflightResponse "authorization" max-age     0  Authorization only by *: false
	// chromium None                                ""            max-age  7200  Authorization only by *: true
	// firefox  None                                ""            max-age 86400  Authorization only by *: true
	// webkit   None                                ""            max-age   600  Authorization only by *: true
}

func ExamplePreflightCache() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	profile := fetch.EngineSpec.Profile()
	cache := fetch.NewPreflightCache(profile, clock)

	put := exampleRequest("https://app.example", "PUT", "https://api.example/data", fetch.CredentialsSameOrigin, nil)
	del := exampleRequest("https://app.example", "DELETE", "https://api.example/data", fetch.CredentialsSameOrigin, nil)
	fmt.Println("PUT needs a preflight:", cache.NeedsPreflight(put))

	// The preflight allows PUT and DELETE for ten seconds.
	resp := fetch.HeaderList{
		{Name: "Access-Control-Allow-Origin", Value: "https://app.example"},
		{Name: "Access-Control-Allow-Methods", Value: "PUT, DELETE"},
		{Name: "Access-Control-Max-Age", Value: "10"},
	}
	res := profile.ValidatePreflightResponse(put, 204, resp)
	cache.Store(put, resp, res.MaxAge)
	fmt.Println("DELETE needs a preflight:", cache.NeedsPreflight(del))

	// Entries go after max-age seconds.
	now = now.Add(10 * time.Second)
	fmt.Println("10 s later, DELETE needs a preflight:", cache.NeedsPreflight(del))
	// Output:
	// PUT needs a preflight: true
	// DELETE needs a preflight: false
	// 10 s later, DELETE needs a preflight: true
}
