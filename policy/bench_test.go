package policy_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsim/corsim/policy"
)

// benchPolicy allows n exact origins https://app0.test … and PUT with two
// headers.
func benchPolicy(b *testing.B, n int) (*policy.Policy, string) {
	origins := make([]string, n)
	for i := range origins {
		origins[i] = fmt.Sprintf("https://app%d.test", i)
	}
	p, err := policy.New(policy.Config{Origins: origins, Methods: []string{"PUT"},
		RequestHeaders: []string{"X-A", "X-B"}, ExposedHeaders: []string{"X-Id"}, Credentials: true, MaxAge: 600})
	if err != nil {
		b.Fatal(err)
	}
	return p, origins[n-1]
}

func benchRequest(method, origin, acrm, acrh string) *http.Request {
	r := httptest.NewRequest(method, "https://api.test/items", nil)
	r.Header.Set("Origin", origin)
	if acrm != "" {
		r.Header.Set("Access-Control-Request-Method", acrm)
	}
	if acrh != "" {
		r.Header.Set("Access-Control-Request-Headers", acrh)
	}
	return r
}

func serveLoop(b *testing.B, h http.Handler, r *http.Request) {
	w := &okWriter{h: make(http.Header)}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

func BenchmarkHandler(b *testing.B) {
	for _, n := range []int{1, 1000} {
		name := fmt.Sprintf("%d-origins", n)
		if n == 1 {
			name = "1-origin"
		}
		b.Run("preflight-allowed/"+name, func(b *testing.B) {
			p, o := benchPolicy(b, n)
			serveLoop(b, policy.Handler(p, noop), benchRequest("OPTIONS", o, "PUT", "x-a,x-b"))
		})
		b.Run("preflight-denied/"+name, func(b *testing.B) {
			p, _ := benchPolicy(b, n)
			serveLoop(b, policy.Handler(p, noop), benchRequest("OPTIONS", "https://evil.test", "PUT", "x-a,x-b"))
		})
		b.Run("actual-allowed/"+name, func(b *testing.B) {
			p, o := benchPolicy(b, n)
			serveLoop(b, policy.Handler(p, noop), benchRequest("GET", o, "", ""))
		})
		b.Run("actual-denied/"+name, func(b *testing.B) {
			p, _ := benchPolicy(b, n)
			serveLoop(b, policy.Handler(p, noop), benchRequest("GET", "https://evil.test", "", ""))
		})
	}
}

// BenchmarkHandlerACRH feeds preflights adversarial
// Access-Control-Request-Headers values of growing size: the cost grows
// linearly with the size.
func BenchmarkHandlerACRH(b *testing.B) {
	any, err := policy.New(policy.Config{Origins: []string{"https://app.test"}, RequestHeaders: []string{"*"}})
	if err != nil {
		b.Fatal(err)
	}
	listed, err := policy.New(policy.Config{Origins: []string{"https://app.test"}, RequestHeaders: []string{"X-A", "X-B"}})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000, 100000} {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("x-h%d", i)
		}
		b.Run(fmt.Sprintf("huge/%d", n), func(b *testing.B) {
			serveLoop(b, policy.Handler(any, noop), benchRequest("OPTIONS", "https://app.test", "GET", strings.Join(names, ",")))
		})
		b.Run(fmt.Sprintf("repeated-lines/%d", n), func(b *testing.B) {
			r := benchRequest("OPTIONS", "https://app.test", "GET", "")
			r.Header["Access-Control-Request-Headers"] = strings.Split(strings.Repeat("x-a,", n-1)+"x-a", ",")
			serveLoop(b, policy.Handler(any, noop), r)
		})
		b.Run(fmt.Sprintf("repeated-names/%d", n), func(b *testing.B) {
			serveLoop(b, policy.Handler(any, noop), benchRequest("OPTIONS", "https://app.test", "GET", strings.Repeat("x-a,", n-1)+"x-a"))
		})
		b.Run(fmt.Sprintf("whitespace/%d", n), func(b *testing.B) {
			acrh := "x-a" + strings.Repeat(" \t ,", n) + " x-b"
			serveLoop(b, policy.Handler(any, noop), benchRequest("OPTIONS", "https://app.test", "GET", acrh))
		})
		b.Run(fmt.Sprintf("listed-repeated-names/%d", n), func(b *testing.B) {
			// Without "*", no more names are read than the policy lists.
			serveLoop(b, policy.Handler(listed, noop), benchRequest("OPTIONS", "https://app.test", "GET", strings.Repeat("x-a,", n-1)+"x-a"))
		})
	}
}
