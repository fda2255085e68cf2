package policy_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/simulate"
)

// A policy for an API whose single-page app runs on another origin, put in
// front of the API as middleware.
func Example() {
	p, err := policy.New(policy.Config{
		Origins:        []string{"https://app.example.com"},
		Methods:        []string{"PUT", "DELETE"},
		RequestHeaders: []string{"Content-Type", "Authorization"},
		Credentials:    true,
		MaxAge:         600,
	})
	if err != nil {
		panic(err)
	}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "data") })
	h := policy.Handler(p, api)

	req := httptest.NewRequest("OPTIONS", "https://api.example.com/items/1", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
		"Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Vary"} {
		fmt.Printf("%s: %s\n", name, rec.Header().Get(name))
	}
	// Output:
	// 204
	// Access-Control-Allow-Origin: https://app.example.com
	// Access-Control-Allow-Credentials: true
	// Access-Control-Allow-Methods: PUT, DELETE
	// Access-Control-Allow-Headers: content-type, authorization
	// Access-Control-Max-Age: 600
	// Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
}

// New reports every problem at once; each is a *ConfigError with a stable
// code.
func ExampleNew() {
	_, err := policy.New(policy.Config{
		Origins:     []string{"null", "https://App.example.com/", "http://app.example.com"},
		Methods:     []string{"TRACE"},
		Credentials: true,
	})
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *policy.ConfigError
		if errors.As(e, &ce) {
			fmt.Printf("%s: %s %q\n", ce.Code, ce.Field, ce.Value)
		}
	}
	// Output:
	// null-origin: origins "null"
	// non-canonical-origin: origins "https://App.example.com/"
	// insecure-origin-with-credentials: origins "http://app.example.com"
	// forbidden-method: methods "TRACE"
}

// Parse reads the JSON form that scenario files use.
func ExampleParse() {
	p, err := policy.Parse([]byte(`{
		"origins": ["https://*.example.com", "http://localhost:*"],
		"methods": ["PATCH"],
		"exposedHeaders": ["X-Request-Id"]
	}`))
	if err != nil {
		panic(err)
	}
	for _, o := range []string{"https://a.b.example.com", "https://example.com", "http://localhost:5173", "https://evil-example.com"} {
		d := p.Evaluate("GET", fetch.HeaderList{{Name: "Origin", Value: o}})
		fmt.Println(o, d.Allowed)
	}
	// Output:
	// https://a.b.example.com true
	// https://example.com false
	// http://localhost:5173 true
	// https://evil-example.com false
}

// Evaluate gives the exact headers the policy sends, and why it denies.
func ExamplePolicy_Evaluate() {
	p, _ := policy.New(policy.Config{Origins: []string{"https://app.example.com"}, RequestHeaders: []string{"*"}})
	d := p.Evaluate("OPTIONS", fetch.HeaderList{
		{Name: "Origin", Value: "https://app.example.com"},
		{Name: "Access-Control-Request-Method", Value: "GET"},
		{Name: "Access-Control-Request-Headers", Value: "authorization"},
	})
	fmt.Println(d.Preflight, d.Status, d.Allowed)
	fmt.Println(d.Denied)
	for _, h := range d.Header {
		fmt.Printf("%s: %s\n", h.Name, h.Value)
	}
	// Output:
	// true 204 false
	// request header "authorization" is not allowed: "*" does not cover Authorization; list it by name
	// Access-Control-Allow-Origin: https://app.example.com
	// Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
}

// A policy's Server answers a simulated browser, which then says what the
// browser does.
func ExamplePolicy_Server() {
	p, _ := policy.New(policy.Config{Origins: []string{"https://app.example.com"}, Methods: []string{"PUT"}})
	api, _ := origin.FromURL("https://api.example.com")
	b := simulate.New(p.Server(api))
	for _, method := range []string{"PUT", "patch"} {
		page, _ := simulate.NewPage("https://app.example.com")
		res := b.Fetch(context.Background(), page, simulate.Request{URL: "https://api.example.com/x", Method: method})
		fmt.Println(method, res.Outcome, res.Reason)
	}
	// Output:
	// PUT allowed None
	// patch blocked MethodDisallowedByPreflightResponse
}

// Probe sends a handler the requests a CORS scanner sends and infers its
// policy.
func ExampleProbe() {
	p, _ := policy.New(policy.Config{Origins: []string{"https://app.example.com"}, Methods: []string{"PUT"}, Credentials: true})
	h := policy.Handler(p, http.NotFoundHandler())
	rep, err := policy.Probe(context.Background(), h, "https://api.example.com/items",
		&policy.ProbeOptions{Origins: []string{"https://app.example.com"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Effective.AllowedOrigins, rep.Effective.Credentials, rep.Effective.Methods, len(rep.Findings))
	for _, v := range rep.Matrix {
		if v.Origin == "https://app.example.com" && v.Method == "PUT" && v.Header == "" && v.Credentials {
			fmt.Println(v.Preflight, v.Engines[0].Engine, v.Engines[0].Allowed)
		}
	}
	// Output:
	// [https://app.example.com] true [PUT] 0
	// true spec true
}
