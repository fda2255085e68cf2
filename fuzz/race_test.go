package fuzz

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/simulate"
)

// raceMaxAges are the Access-Control-Max-Age values the hammered server
// rotates through: cached, not cached, capped, unparsable.
var raceMaxAges = []string{"600", "0", "1", "86400", "-1", "abc", ""}

// corsMiddleware answers preflights from the page's origin for PUT with
// X-Custom, with a max-age that changes from one preflight to the next, and
// lets the page read responses to other requests.
func corsMiddleware(page string, preflights *atomic.Int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") != page {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", page)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			n := preflights.Add(1)
			w.Header().Set("Access-Control-Allow-Methods", "PUT")
			w.Header().Set("Access-Control-Allow-Headers", "X-Custom")
			if v := raceMaxAges[int(n)%len(raceMaxAges)]; v != "" {
				w.Header().Set("Access-Control-Max-Age", v)
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// TestTransportUnderConcurrentUse hammers one simulate.Transport, and so
// one Browser and its preflight cache, from many goroutines against a real
// server on loopback, while a virtual clock moves and the max-age changes
// from preflight to preflight. Run with -race it checks that the transport
// is safe for concurrent use; every result is also checked: an allowed PUT
// reads the body, a DELETE the server never allows fails with the reason
// the preflight gives, a simple GET needs no preflight.
func TestTransportUnderConcurrentUse(t *testing.T) {
	const page = "http://app.test"
	var preflights, requests atomic.Int64
	srv := httptest.NewServer(corsMiddleware(page, &preflights, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Method == http.MethodOptions {
			t.Errorf("the application got a preflight: %s %s", r.Method, r.URL)
		}
		fmt.Fprintf(w, "%s %s", r.Method, r.URL.Path)
	})))
	defer srv.Close()

	clock := simulate.NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	tr, err := simulate.NewTransport(page, srv.Client().Transport, simulate.WithClock(clock.Now), simulate.WithoutTrace())
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: tr}
	cache := tr.Browser().PreflightCache()

	const goroutines, perGoroutine = 16, 40
	var wg sync.WaitGroup
	var puts, deletes, gets atomic.Int64
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				path := fmt.Sprintf("/r%d", (g+i)%4)
				switch (g + i) % 5 {
				case 0, 1:
					checkRaceFetch(t, client, http.MethodPut, srv.URL+path, "X-Custom", "", "PUT "+path)
					puts.Add(1)
				case 2:
					checkRaceFetch(t, client, http.MethodDelete, srv.URL+path, "", "MethodDisallowedByPreflightResponse", "")
					deletes.Add(1)
				case 3:
					checkRaceFetch(t, client, http.MethodGet, srv.URL+path, "", "", "GET "+path)
					gets.Add(1)
				default:
					// Move time on, so entries expire while others read them.
					clock.Advance(time.Duration(i%3) * time.Second)
					_ = cache.Len()
				}
			}
		})
	}
	wg.Wait()

	// Each DELETE needs its own preflight (a refused preflight is never
	// cached), each PUT needs at most one, GETs none.
	n := preflights.Load()
	if n < deletes.Load() || n > deletes.Load()+puts.Load() {
		t.Errorf("preflights: got %d, want between %d (DELETEs) and %d (DELETEs and PUTs)", n, deletes.Load(), deletes.Load()+puts.Load())
	}
	if got, want := requests.Load(), puts.Load()+gets.Load(); got != want {
		t.Errorf("requests reaching the application: got %d, want %d (the PUTs and GETs)", got, want)
	}
	if cache.Len() > 4 {
		t.Errorf("preflight cache: %d keys, want at most 4 (one per URL)", cache.Len())
	}
}

// checkRaceFetch makes one request through client and checks that it is
// allowed with body wantBody, or blocked with wantReason.
func checkRaceFetch(t *testing.T, client *http.Client, method, url, header, wantReason, wantBody string) {
	req, err := http.NewRequestWithContext(context.Background(), method, url, nil)
	if err != nil {
		t.Error(err)
		return
	}
	if header != "" {
		req.Header.Set(header, "1")
	}
	resp, err := client.Do(req)
	if wantReason != "" {
		var ne *simulate.NetworkError
		if resp != nil || !errors.As(err, &ne) || ne.Result.Reason.String() != wantReason || ne.Result.Response != nil {
			t.Errorf("%s %s: got %v, %v; want a *simulate.NetworkError for %s", method, url, resp, err, wantReason)
		}
		return
	}
	if err != nil {
		t.Errorf("%s %s: %v", method, url, err)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), wantBody) {
		t.Errorf("%s %s: got %d %q, %v; want 200 %q", method, url, resp.StatusCode, body, err, wantBody)
	}
}

// TestBrowserCacheUnderConcurrentUse hammers one Browser's preflight cache
// directly with fetches for many URLs and origins at once, beyond its
// capacity, so that stores, lookups, evictions and clears race.
func TestBrowserCacheUnderConcurrentUse(t *testing.T) {
	var server simulate.Canned
	for i := range 8 {
		for _, m := range []string{"OPTIONS", "*"} {
			h := fetch.HeaderList{{Name: "Access-Control-Allow-Origin", Value: "*"},
				{Name: "Access-Control-Allow-Methods", Value: "PUT"}, {Name: "Access-Control-Max-Age", Value: raceMaxAges[i%len(raceMaxAges)]}}
			if i%3 == 0 && m == "OPTIONS" {
				h = h[1:] // a preflight that fails, which clears the entry
			}
			if err := server.Handle(fmt.Sprintf("https://api.test/%d", i), m, simulate.CannedResponse{Status: 200, Header: h}); err != nil {
				t.Fatal(err)
			}
		}
	}
	clock := simulate.NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, e := range fetch.Engines() {
		b := simulate.New(&server, simulate.WithEngine(e), simulate.WithClock(clock.Now), simulate.WithoutTrace())
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				page, err := simulate.NewPage(fmt.Sprintf("https://p%d.test", g%3))
				if err != nil {
					t.Error(err)
					return
				}
				for i := range 60 {
					n := (g*7 + i) % 8
					r := b.Fetch(context.Background(), page, simulate.Request{URL: fmt.Sprintf("https://api.test/%d", n), Method: "PUT"})
					if want := n%3 != 0; (r.Outcome == simulate.Allowed) != want {
						t.Errorf("%s: PUT /%d from %s: got %s (%s), want allowed=%v", e, n, page.Origin, r.Outcome, r.Reason, want)
					}
					if i%10 == 0 {
						clock.Advance(time.Second)
					}
				}
			})
		}
		wg.Wait()
	}
}
