package simulate_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/simulate"
)

// A page on https://app.example posts JSON to an API on another origin
// whose preflight answer forgets Content-Type.
func Example() {
	api := &simulate.Canned{}
	api.Handle("https://api.example/orders", "OPTIONS", simulate.CannedResponse{Status: 204, Header: fetch.HeaderList{
		{Name: "Access-Control-Allow-Origin", Value: "https://app.example"},
		{Name: "Access-Control-Allow-Methods", Value: "POST"},
	}})
	page, _ := simulate.NewPage("https://app.example")
	browser := simulate.New(api, simulate.WithEngine(fetch.EngineChromium))

	body := `{"item": 1}`
	res := browser.Fetch(context.Background(), page, simulate.Request{
		URL:    "https://api.example/orders",
		Method: "POST",
		Header: fetch.HeaderList{{Name: "Content-Type", Value: "application/json"}},
		Body:   &body,
	})
	fmt.Println(res.Outcome, res.CorsError)
	for _, w := range res.Wire {
		fmt.Println(w.Method, w.URL, *w.ACRH)
	}
	fmt.Println(res.Console)
	// Output:
	// blocked HeaderDisallowedByPreflightResponse
	// OPTIONS https://api.example/orders content-type
	// Access to fetch at 'https://api.example/orders' from origin 'https://app.example' has been blocked by CORS policy: Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.
}

// A Go test puts Transport in front of an httptest.Server to see the server
// as browser script on http://app.test would: what it can read, and what the
// browser blocks.
func ExampleTransport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") == "http://app.test" {
			w.Header().Set("Access-Control-Allow-Origin", "http://app.test")
			w.Header().Set("Access-Control-Expose-Headers", "X-Total")
		}
		w.Header().Set("X-Total", "3")
		w.Header().Set("X-Internal", "secret")
		io.WriteString(w, "[1,2,3]")
	}))
	defer srv.Close()

	tr, err := simulate.NewTransport("http://app.test", nil)
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: tr}
	resp, err := client.Get(srv.URL + "/items")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	fmt.Printf("X-Total %q, X-Internal %q\n", resp.Header.Get("X-Total"), resp.Header.Get("X-Internal"))
	// Output:
	// 200 [1,2,3]
	// X-Total "3", X-Internal ""
}

// A server that lists every allowed origin in Access-Control-Allow-Origin:
// curl shows a 200, but a browser blocks the response, and so does the
// Transport, with the reason a developer would see in Chromium's console.
func ExampleTransport_misconfigured() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "http://app.test, http://admin.test")
		io.WriteString(w, "ok")
	}))
	defer srv.Close()

	tr, _ := simulate.NewTransport("http://app.test", nil)
	_, err := (&http.Client{Transport: tr}).Get(srv.URL)

	var blocked *simulate.NetworkError
	if errors.As(err, &blocked) {
		fmt.Println(blocked.Result.CorsError)
		fmt.Println(blocked.Result.FailedParameter)
		fmt.Println(blocked.Result.Response == nil)
	}
	// Output:
	// MultipleAllowOriginValues
	// http://app.test, http://admin.test
	// true
}

// Transport over an http.Handler needs no network at all; fetch() options
// travel in the request's context.
func ExampleNewHandlerTransport() {
	mux := http.NewServeMux()
	mux.HandleFunc("/data", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "no CORS headers here")
	})
	tr, _ := simulate.NewHandlerTransport("https://app.example", mux)

	req, _ := http.NewRequest("GET", "https://api.example/data", nil)
	ctx := simulate.WithFetchOptions(req.Context(), simulate.FetchOptions{Mode: fetch.ModeNoCORS})
	resp, err := tr.RoundTrip(req.WithContext(ctx))
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	fmt.Printf("status %d, %d header(s), body %q\n", resp.StatusCode, len(resp.Header), body)
	// Output:
	// status 0, 0 header(s), body ""
}
