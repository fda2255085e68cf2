package simulate_test

import (
	"context"
	"flag"
	"net/http"
	"strings"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/simulate"
	"github.com/google/go-cmp/cmp"
)

// FuzzFetchCanned runs one fetch() with arbitrary script input (page, URL,
// method, one header) against a canned server whose answer is arbitrary
// bytes too (status, one header line, a Location, a body), for every
// engine. Whatever the bytes: Fetch never panics; a blocked result has a
// reason and no response; an allowed one has a response and no reason; the
// same fetch on a new browser gives the same result.
func FuzzFetchCanned(f *testing.F) {
	f.Add("https://app.example", "https://api.example/a", "GET", "X-Custom", "1", 200, "Access-Control-Allow-Origin", "https://app.example", "", "body", uint8(0))
	f.Add("https://app.example", "https://api.example/a", "PUT", "X-Custom", "1", 204, "Access-Control-Allow-Origin", "*", "", "", uint8(1))
	f.Add("null", "https://api.example/a", "POST", "Content-Type", "text/plain", 200, "Access-Control-Allow-Origin", "null", "", "x", uint8(2))
	f.Add("https://app.example/dir/", "../a", "get", "Accept", "*/*", 302, "Access-Control-Allow-Origin", "*", "https://cdn.example/b", "", uint8(3))
	f.Add("https://app.example", "https://api.example/a", "GET", "Range", "bytes=0-", 206, "Content-Range", "bytes 0-0/1", "", "x", uint8(4))
	f.Add("http://localhost:8080", "http://api.example:6000/", "DELETE", "Authorization", "x", 500, "Access-Control-Allow-Headers", "*", "", "", uint8(5))
	f.Add("https://app.example", "data:,x", "GET", "", "", 200, "", "", "", "", uint8(6))
	f.Add("\x00", "\r\n", "G\x00T", "X\n", "\x7f", 99, "\xff", "\x00", "\x00", "\x00", uint8(0xff))
	big := strings.Repeat("a", 1<<20)
	addLarge(f, "https://app.example", "https://api.example/"+big, "PUT", "X-"+big, big, 200, "Access-Control-Allow-Headers", strings.Repeat("x-a,", 1<<18), "/"+big, big, uint8(1))
	f.Fuzz(func(t *testing.T, pageURL, url, method, name, value string, status int, rname, rvalue, location, body string, flags uint8) {
		page, err := simulate.NewPage(pageURL)
		if err != nil {
			return
		}
		// Bits 0-1: mode; bits 2-3: credentials; bits 4-5: redirect mode;
		// bit 6: use-CORS-preflight; bit 7: the answer is for OPTIONS only.
		req := simulate.Request{URL: url, Method: method, Header: fetch.HeaderList{{Name: name, Value: value}},
			Mode:             [...]fetch.Mode{fetch.ModeCORS, fetch.ModeNoCORS, fetch.ModeSameOrigin, fetch.ModeCORS}[flags&3],
			Credentials:      [...]fetch.CredentialsMode{fetch.CredentialsSameOrigin, fetch.CredentialsOmit, fetch.CredentialsInclude, fetch.CredentialsSameOrigin}[flags>>2&3],
			Redirect:         [...]fetch.RedirectMode{fetch.RedirectFollow, fetch.RedirectManual, fetch.RedirectError, fetch.RedirectFollow}[flags>>4&3],
			UseCORSPreflight: flags&64 != 0,
		}
		if method == "POST" || method == "PUT" {
			req.Body = &body
		}
		var server simulate.Canned
		answer := simulate.CannedResponse{Status: status, Header: fetch.HeaderList{{Name: rname, Value: rvalue}}, Body: body}
		if location != "" {
			answer.Header = append(answer.Header, fetch.Header{Name: "Location", Value: location})
		}
		m := "*"
		if flags&128 != 0 {
			m = "OPTIONS"
		}
		if page.URL != nil {
			if u, err := simulate.NewPage(url); err == nil && u.URL != nil {
				// Answer at the request's URL when it is absolute; errors
				// (a bad status, a URL Handle refuses) leave the table empty.
				_ = server.Handle(u.URL.String(), m, answer)
			}
		}
		for _, e := range fetch.Engines() {
			r := simulate.New(&server, simulate.WithEngine(e)).Fetch(context.Background(), page, req)
			switch r.Outcome {
			case simulate.Blocked:
				if r.Response != nil || r.Reason == fetch.ReasonNone {
					t.Fatalf("%s: blocked with reason %v and response %+v", e, r.Reason, r.Response)
				}
			case simulate.Allowed:
				if r.Response == nil || r.Reason != fetch.ReasonNone {
					t.Fatalf("%s: allowed with reason %v and response %v", e, r.Reason, r.Response)
				}
			default:
				t.Fatalf("%s: outcome %v", e, r.Outcome)
			}
			again := simulate.New(&server, simulate.WithEngine(e)).Fetch(context.Background(), page, req)
			if diff := cmp.Diff(r, again); diff != "" {
				t.Fatalf("%s: two runs differ (-first +second):\n%s", e, diff)
			}
		}
	})
}

// addLarge adds a seed of about 1 MiB, which shows that the target does
// bounded work on large input when `go test` runs the seeds. Under -fuzz it
// is left out: every fuzzing worker would first run it with coverage
// instrumentation, slow enough on a busy machine to be taken for a hang.
func addLarge(f *testing.F, args ...any) {
	if fl := flag.Lookup("test.fuzz"); fl != nil && fl.Value.String() != "" {
		return
	}
	f.Add(args...)
}

// FuzzNewPage checks that NewPage never panics and that a page it accepts
// has a valid origin, and a URL on that origin unless it is opaque.
func FuzzNewPage(f *testing.F) {
	for _, s := range []string{"null", "https://app.example", "https://app.example/dir/page.html?q#f", "http://[::1]:3000", "data:,x", "about:blank", "", "app.example", "\x00"} {
		f.Add(s)
	}
	addLarge(f, "https://"+strings.Repeat("a.", 1<<19)+"example")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := simulate.NewPage(s)
		if err != nil {
			return
		}
		if !p.Origin.IsValid() {
			t.Fatalf("NewPage(%q): invalid origin", s)
		}
		if p.URL != nil && !p.Origin.IsOpaque() && p.URL.Origin() != p.Origin {
			t.Fatalf("NewPage(%q): origin %v, URL %v on %v", s, p.Origin, p.URL, p.URL.Origin())
		}
	})
}

// FuzzTransport sends a request with arbitrary method, header bytes and
// body through a Transport in front of an http.Handler that answers with
// CORS headers reflecting what it got: RoundTrip never panics, returns a
// response or an error (never both), and a *simulate.NetworkError carries
// no response.
func FuzzTransport(f *testing.F) {
	f.Add("GET", "/a", "X-Custom", "1", "")
	f.Add("PUT", "/a?q", "Content-Type", "application/json", "{}")
	f.Add("DELETE", "/", "Authorization", "Bearer x", "")
	f.Add("patch", "/x", "Cookie", "a=b", "")
	f.Add("G\x00T", "/\r\n", "X\x00", "\x7f", "\xff")
	addLarge(f, "POST", "/"+strings.Repeat("a", 1<<20), "X-A", strings.Repeat("v", 1<<20), strings.Repeat("b", 1<<20))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Methods", r.Header.Get("Access-Control-Request-Method"))
		w.Header().Set("Access-Control-Allow-Headers", r.Header.Get("Access-Control-Request-Headers"))
		w.Header().Set("Access-Control-Expose-Headers", "X-Echo")
		w.Header().Set("X-Echo", r.Method)
		_, _ = w.Write([]byte(r.URL.Path))
	})
	tr, err := simulate.NewHandlerTransport("https://app.example", h, simulate.WithoutTrace())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, name, value, body string) {
		req, err := http.NewRequest(method, "https://api.example"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header[name] = []string{value}
		resp, err := tr.RoundTrip(req)
		if (resp == nil) == (err == nil) {
			t.Fatalf("RoundTrip(%s %s, %q: %q): response %v and error %v", method, path, name, value, resp, err)
		}
		if err != nil {
			if ne, ok := err.(*simulate.NetworkError); ok && (ne.Result == nil || ne.Result.Response != nil) {
				t.Fatalf("RoundTrip(%s %s): NetworkError %+v exposes a response", method, path, ne.Result)
			}
			return
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("RoundTrip(%s %s): status %d, want 200 from a handler that allows everything", method, path, resp.StatusCode)
		}
	})
}
