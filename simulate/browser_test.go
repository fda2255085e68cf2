package simulate_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/simulate"
)

func canned(t testing.TB, table map[string]map[string]simulate.CannedResponse) *simulate.Canned {
	t.Helper()
	c := &simulate.Canned{}
	for u, byMethod := range table {
		for m, r := range byMethod {
			if err := c.Handle(u, m, r); err != nil {
				t.Fatalf("Handle(%q, %q): %v", u, m, err)
			}
		}
	}
	return c
}

func page(t testing.TB, s string) simulate.Page {
	t.Helper()
	p, err := simulate.NewPage(s)
	if err != nil {
		t.Fatalf("NewPage(%q): %v", s, err)
	}
	return p
}

func acao(v string) fetch.Header { return fetch.Header{Name: "Access-Control-Allow-Origin", Value: v} }

// summary is the part of a result the flow tests compare.
type summary struct {
	Outcome   string
	Reason    string
	Preflight bool
	Wire      []string // "METHOD URL Origin=..." per request
	Type      string
	Status    int
}

func summarize(res *simulate.Result) summary {
	s := summary{Outcome: res.Outcome.String(), Reason: res.Reason.String(), Preflight: res.Preflight}
	for _, w := range res.Wire {
		line := w.Method + " " + w.URL
		if w.Origin != nil {
			line += " Origin=" + *w.Origin
		}
		s.Wire = append(s.Wire, line)
	}
	if res.Response != nil {
		s.Type, s.Status = res.Response.Type.String(), res.Response.Status
	}
	return s
}

func TestFetchFlows(t *testing.T) {
	body := "{}"
	tests := []struct {
		desc   string
		page   string
		req    simulate.Request
		server map[string]map[string]simulate.CannedResponse
		want   summary
	}{
		{
			desc: "same-origin GET sends no Origin and is basic",
			page: "https://app.example",
			req:  simulate.Request{URL: "/me"},
			server: map[string]map[string]simulate.CannedResponse{
				"https://app.example/me": {"GET": {Status: 200}},
			},
			want: summary{Outcome: "allowed", Reason: "None", Wire: []string{"GET https://app.example/me"}, Type: "basic", Status: 200},
		},
		{
			desc: "same-origin POST sends Origin",
			page: "https://app.example/page",
			req:  simulate.Request{URL: "/form", Method: "post", Body: &body},
			server: map[string]map[string]simulate.CannedResponse{
				"https://app.example/form": {"POST": {Status: 201}},
			},
			want: summary{Outcome: "allowed", Reason: "None", Wire: []string{"POST https://app.example/form Origin=https://app.example"}, Type: "basic", Status: 201},
		},
		{
			desc: "cross-origin GET with a matching ACAO",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/x"},
			server: map[string]map[string]simulate.CannedResponse{
				"https://api.example/x": {"*": {Status: 200, Header: fetch.HeaderList{acao("https://app.example")}}},
			},
			want: summary{Outcome: "allowed", Reason: "None", Wire: []string{"GET https://api.example/x Origin=https://app.example"}, Type: "cors", Status: 200},
		},
		{
			desc: "an unlisted URL answers 404 without CORS headers",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/missing"},
			want: summary{Outcome: "blocked", Reason: "MissingAllowOriginHeader", Wire: []string{"GET https://api.example/missing Origin=https://app.example"}},
		},
		{
			desc: "the * answer also answers the preflight",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/x", Method: "DELETE"},
			server: map[string]map[string]simulate.CannedResponse{
				"https://api.example/x": {"*": {Status: 200, Header: fetch.HeaderList{acao("*"), {Name: "Access-Control-Allow-Methods", Value: "DELETE"}}}},
			},
			want: summary{Outcome: "allowed", Reason: "None", Preflight: true, Wire: []string{
				"OPTIONS https://api.example/x Origin=https://app.example", "DELETE https://api.example/x Origin=https://app.example"}, Type: "cors", Status: 200},
		},
		{
			desc: "a cross-origin redirect taints the origin",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/r"},
			server: map[string]map[string]simulate.CannedResponse{
				"https://api.example/r": {"GET": {Status: 307, Header: fetch.HeaderList{acao("*"), {Name: "Location", Value: "https://cdn.example/f"}}}},
				"https://cdn.example/f": {"GET": {Status: 200, Header: fetch.HeaderList{acao("null")}}},
			},
			want: summary{Outcome: "allowed", Reason: "None", Wire: []string{
				"GET https://api.example/r Origin=https://app.example", "GET https://cdn.example/f Origin=null"}, Type: "cors", Status: 200},
		},
		{
			desc: "redirect mode manual gives an opaque-redirect response",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/r", Redirect: fetch.RedirectManual},
			server: map[string]map[string]simulate.CannedResponse{
				"https://api.example/r": {"GET": {Status: 302, Header: fetch.HeaderList{acao("*"), {Name: "Location", Value: "/elsewhere"}}}},
			},
			want: summary{Outcome: "allowed", Reason: "None", Wire: []string{"GET https://api.example/r Origin=https://app.example"}, Type: "opaqueredirect"},
		},
		{
			desc: "no-cors gives an opaque response without any CORS header",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/img", Mode: fetch.ModeNoCORS},
			server: map[string]map[string]simulate.CannedResponse{
				"https://api.example/img": {"GET": {Status: 200}},
			},
			want: summary{Outcome: "allowed", Reason: "None", Wire: []string{"GET https://api.example/img"}, Type: "opaque"},
		},
		{
			desc: "mixed content never reaches the wire",
			page: "https://app.example",
			req:  simulate.Request{URL: "http://api.example/x"},
			want: summary{Outcome: "blocked", Reason: "MixedContent"},
		},
		{
			desc: "a bad port never reaches the wire",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example:6000/x"},
			want: summary{Outcome: "blocked", Reason: "BadPort"},
		},
		{
			desc: "a forbidden method throws",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/x", Method: "TRACE"},
			want: summary{Outcome: "blocked", Reason: "TypeError"},
		},
		{
			desc: "an informational status is an empty response",
			page: "https://app.example",
			req:  simulate.Request{URL: "https://api.example/x"},
			server: map[string]map[string]simulate.CannedResponse{
				"https://api.example/x": {"GET": {Status: 103}},
			},
			want: summary{Outcome: "blocked", Reason: "NetworkError", Wire: []string{"GET https://api.example/x Origin=https://app.example"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			for _, trace := range []bool{true, false} {
				opts := []simulate.Option{}
				if !trace {
					opts = append(opts, simulate.WithoutTrace())
				}
				b := simulate.New(canned(t, tc.server), opts...)
				res := b.Fetch(context.Background(), page(t, tc.page), tc.req)
				if diff := cmp.Diff(tc.want, summarize(res)); diff != "" {
					t.Errorf("trace %v: Fetch(%q): -want +got:\n%s", trace, tc.req.URL, diff)
				}
				if trace && len(res.Trace) == 0 {
					t.Errorf("trace on: empty trace")
				}
				if !trace && len(res.Trace) != 0 {
					t.Errorf("trace off: got %d steps", len(res.Trace))
				}
				if res.Outcome == simulate.Blocked && res.Response != nil {
					t.Errorf("blocked result exposes a response: %+v", res.Response)
				}
			}
		})
	}
}

// TestPreflightCacheAcrossFetches checks that one Browser reuses a cached
// preflight until its max-age passes on the injected clock.
func TestPreflightCacheAcrossFetches(t *testing.T) {
	server := canned(t, map[string]map[string]simulate.CannedResponse{
		"https://api.example/x": {
			"OPTIONS": {Status: 204, Header: fetch.HeaderList{acao("https://app.example"),
				{Name: "Access-Control-Allow-Methods", Value: "PUT"}, {Name: "Access-Control-Max-Age", Value: "60"}}},
			"PUT": {Status: 200, Header: fetch.HeaderList{acao("https://app.example")}},
		},
	})
	clock := simulate.NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b := simulate.New(server, simulate.WithClock(clock.Now))
	p := page(t, "https://app.example")
	put := simulate.Request{URL: "https://api.example/x", Method: "PUT"}
	for i, step := range []struct {
		advance   time.Duration
		preflight bool
	}{{0, true}, {59 * time.Second, false}, {time.Second, true}, {30 * time.Second, false}} {
		clock.Advance(step.advance)
		res := b.Fetch(context.Background(), p, put)
		if res.Outcome != simulate.Allowed || res.Preflight != step.preflight {
			t.Errorf("fetch %d (+%v): outcome %s, preflight %v; want allowed, preflight %v", i, step.advance, res.Outcome, res.Preflight, step.preflight)
		}
	}
}

// TestConcurrentUse hammers one Browser and its preflight cache from many
// goroutines (run with -race) and checks every result is the same as a
// lone fetch's.
func TestConcurrentUse(t *testing.T) {
	server := canned(t, map[string]map[string]simulate.CannedResponse{
		"https://api.example/a": {
			"OPTIONS": {Status: 204, Header: fetch.HeaderList{acao("https://app.example"), {Name: "Access-Control-Allow-Methods", Value: "PUT"}}},
			"PUT":     {Status: 200, Header: fetch.HeaderList{acao("https://app.example")}},
		},
		"https://api.example/b": {"GET": {Status: 200, Header: fetch.HeaderList{acao("https://other.example")}}},
	})
	clock := simulate.NewVirtualClock(time.Unix(0, 0))
	b := simulate.New(server, simulate.WithClock(clock.Now))
	p := page(t, "https://app.example")
	reqs := []simulate.Request{
		{URL: "https://api.example/a", Method: "PUT"},
		{URL: "https://api.example/b"},
	}
	want := []string{"allowed", "blocked"}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				k := (g + i) % 2
				if i%50 == 0 {
					clock.Advance(3 * time.Second)
				}
				res := b.Fetch(context.Background(), p, reqs[k])
				if res.Outcome.String() != want[k] {
					errs <- fmt.Sprintf("goroutine %d fetch %d: %s, want %s", g, i, res.Outcome, want[k])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestDeterministic checks that the same fetch gives the same result.
func TestDeterministic(t *testing.T) {
	server := canned(t, map[string]map[string]simulate.CannedResponse{
		"https://api.example/r": {"GET": {Status: 302, Header: fetch.HeaderList{acao("*"), {Name: "Location", Value: "https://cdn.example/f"}}}},
		"https://cdn.example/f": {"GET": {Status: 200, Header: fetch.HeaderList{acao("https://app.example")}}},
	})
	p := page(t, "https://app.example")
	var first *simulate.Result
	for i := 0; i < 3; i++ {
		res := simulate.New(server).Fetch(context.Background(), p, simulate.Request{URL: "https://api.example/r"})
		if first == nil {
			first = res
			continue
		}
		if diff := cmp.Diff(first, res); diff != "" {
			t.Fatalf("run %d differs: %s", i, diff)
		}
	}
}

func TestNewPage(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		opaque  bool
		wantErr bool
	}{
		{in: "https://app.example", want: "https://app.example"},
		{in: "https://APP.example:443/path?q", want: "https://app.example"},
		{in: "http://localhost:3000/", want: "http://localhost:3000"},
		{in: "null", want: "null", opaque: true},
		{in: "data:text/html,hi", want: "null", opaque: true},
		{in: "http://[::1", wantErr: true},
		{in: "not a url", wantErr: true},
	}
	for _, tc := range tests {
		p, err := simulate.NewPage(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("NewPage(%q): err %v, want error %v", tc.in, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if got := p.Origin.String(); got != tc.want || p.Origin.IsOpaque() != tc.opaque {
			t.Errorf("NewPage(%q): origin %q opaque %v, want %q opaque %v", tc.in, got, p.Origin.IsOpaque(), tc.want, tc.opaque)
		}
	}
	if a, b := page(t, "null"), page(t, "null"); a.Origin == b.Origin {
		t.Errorf(`two NewPage("null") pages share an origin`)
	}
}

func TestCannedHandleErrors(t *testing.T) {
	c := &simulate.Canned{}
	for _, tc := range []struct {
		url, method string
		status      int
	}{
		{"not a url", "GET", 200},
		{"https://api.example/", "", 200},
		{"https://api.example/", "GET", 99},
		{"https://api.example/", "GET", 600},
	} {
		if err := c.Handle(tc.url, tc.method, simulate.CannedResponse{Status: tc.status}); err == nil {
			t.Errorf("Handle(%q, %q, %d): no error", tc.url, tc.method, tc.status)
		}
	}
}

// TestCannedContentLength checks the header lines a canned answer sends.
func TestCannedContentLength(t *testing.T) {
	c := canned(t, map[string]map[string]simulate.CannedResponse{
		"https://api.example/a": {"GET": {Status: 200, Header: fetch.HeaderList{{Name: "X-A", Value: "  padded  "}}, Body: "hello"}},
		"https://api.example/b": {"GET": {Status: 204}},
		"https://api.example/c": {"GET": {Status: 200, Header: fetch.HeaderList{{Name: "Content-Length", Value: "99"}}}},
	})
	for _, tc := range []struct {
		url  string
		want fetch.HeaderList
	}{
		{"https://api.example/a#frag", fetch.HeaderList{{Name: "X-A", Value: "padded"}, {Name: "Content-Length", Value: "5"}}},
		{"https://api.example/b", fetch.HeaderList{}},
		{"https://api.example/c", fetch.HeaderList{{Name: "Content-Length", Value: "99"}}},
	} {
		u, err := origin.ParseURL(tc.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.ServeFetch(context.Background(), &fetch.Request{Method: "GET", URLList: []*origin.URL{u}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, resp.Header, cmpEmpty); diff != "" {
			t.Errorf("%s: headers -want +got:\n%s", tc.url, diff)
		}
	}
}

var cmpEmpty = cmp.Comparer(func(a, b fetch.HeaderList) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
})

// TestHandlerServer checks what an http.Handler receives and how its answer
// comes back.
func TestHandlerServer(t *testing.T) {
	var got struct {
		method, origin, acrm, host, body string
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.method, got.origin, got.acrm, got.host, got.body = r.Method, r.Header.Get("Origin"), r.Header.Get("Access-Control-Request-Method"), r.Host, string(b)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "PATCH")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		io.WriteString(w, "<p>hi</p>")
	})
	b := simulate.New(simulate.HandlerServer(h))
	body := "payload"
	res := b.Fetch(context.Background(), page(t, "https://app.example"), simulate.Request{URL: "https://api.example:8443/x", Method: "PATCH", Body: &body})
	if res.Outcome != simulate.Allowed {
		t.Fatalf("outcome %s (%s): %s", res.Outcome, res.Reason, res.Console)
	}
	if got.method != "PATCH" || got.origin != "https://app.example" || got.host != "api.example:8443" || got.body != "payload" {
		t.Errorf("handler saw %+v", got)
	}
	if ct := res.Response.Header["content-type"]; ct != "text/html; charset=utf-8" {
		t.Errorf("content-type %q, want the sniffed text/html; charset=utf-8", ct)
	}
	if cl := res.Response.Header["content-length"]; cl != "9" {
		t.Errorf("content-length %q, want 9", cl)
	}
}

// TestRoundTripperServerFailure checks that an unreachable server is a
// network error naming the host.
func TestRoundTripperServerFailure(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	b := simulate.New(simulate.RoundTripperServer(nil))
	res := b.Fetch(context.Background(), page(t, "http://app.test"), simulate.Request{URL: url + "/x"})
	if res.Outcome != simulate.Blocked || res.Reason != fetch.ReasonNetworkError {
		t.Fatalf("got %s %s, want blocked NetworkError", res.Outcome, res.Reason)
	}
	host := strings.TrimPrefix(url, "http://")
	if !strings.Contains(res.FailedParameter, host) {
		t.Errorf("failure %q does not name %s", res.FailedParameter, host)
	}
	if res.Console != "Failed to load resource: net::ERR_CONNECTION_REFUSED" {
		t.Errorf("console %q", res.Console)
	}
}

// TestCookies checks when the browser's cookies go on the wire.
func TestCookies(t *testing.T) {
	var seen []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("Cookie"))
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	})
	b := simulate.New(simulate.HandlerServer(h), simulate.WithCookies(func(u *origin.URL) string { return "sid=1" }))
	p := page(t, "https://app.example")
	for _, c := range []fetch.CredentialsMode{fetch.CredentialsOmit, fetch.CredentialsSameOrigin, fetch.CredentialsInclude} {
		b.Fetch(context.Background(), p, simulate.Request{URL: "https://api.example/", Credentials: c})
	}
	b.Fetch(context.Background(), p, simulate.Request{URL: "https://app.example/"})
	if diff := cmp.Diff([]string{"", "", "sid=1", "sid=1"}, seen); diff != "" {
		t.Errorf("Cookie headers (omit, same-origin, include cross-origin; same-origin same-origin) -want +got:\n%s", diff)
	}
}
