package fetch

import (
	"strings"
	"testing"

	"github.com/corsim/corsim/origin"
)

// FuzzNewRequest feeds arbitrary script input to the Request constructor:
// a URL, a method, a header and a body, in every mode. Whatever the bytes,
// it either throws a TypeError that quotes something or builds a request
// whose URL is what the URL parser gives, whose method is a normalized
// method token, and whose header list holds only what the Headers guard
// lets script set.
func FuzzNewRequest(f *testing.F) {
	f.Add("https://api.example/data", "GET", "X-Custom", "1", "", uint8(0))
	f.Add("/relative?q#f", "post", "Content-Type", "text/plain", "x=1", uint8(0b1000))
	f.Add("https://u:p@api.example/", "PUT", "Accept", "*/*", "", uint8(0))
	f.Add("data:,x", "patch", "Cookie", "a=b", "", uint8(1))
	f.Add("https://api.example/", "CONNECT", "Host", "evil", "", uint8(1))
	f.Add("https://api.example/", "GET", "Range", "bytes=0-", "body", uint8(0b1001))
	f.Add("http://[::1", "G ET", "X\x00", "\r\n", "", uint8(2))
	f.Add("https://api.example/", "GET", "Sec-Fetch-Mode", "cors", "", uint8(0))
	f.Add("https://api.example/", "POST", "X-HTTP-Method-Override", "TRACE", "", uint8(0))
	addLarge(f, "https://api.example/"+strings.Repeat("a", 1<<20), "GET", "X-A", strings.Repeat("v", 1<<20), strings.Repeat("b", 1<<20), uint8(0b1000))
	base, err := origin.ParseURL(pageA+"/dir/page.html", nil)
	if err != nil {
		f.Fatal(err)
	}
	client := base.Origin()
	f.Fuzz(func(t *testing.T, input, method, name, value, body string, flags uint8) {
		// Bits 0-1: mode; bits 2-3 credentials (0 for the default);
		// bit 3 also: a body; bits 4-5: redirect mode; bit 6:
		// use-CORS-preflight.
		modes := [...]Mode{ModeCORS, ModeNoCORS, ModeSameOrigin, ModeNavigate}
		init := RequestInit{
			Method: method, Headers: HeaderList{{name, value}}, Mode: modes[flags&3],
			Credentials:      [...]CredentialsMode{CredentialsSameOrigin, CredentialsOmit, CredentialsInclude, CredentialsSameOrigin}[flags>>2&3],
			Redirect:         [...]RedirectMode{RedirectFollow, RedirectManual, RedirectError, RedirectFollow}[flags>>4&3],
			UseCORSPreflight: flags&64 != 0,
		}
		if flags&8 != 0 {
			init.Body = &body
		}
		req, terr := NewRequest(client, base, input, init)
		if terr != nil {
			if req != nil {
				t.Fatalf("NewRequest(%q, %q): a request and a TypeError %v", input, method, terr)
			}
			if terr.Kind == 0 || terr.Error() == "" {
				t.Fatalf("NewRequest(%q, %q): TypeError %#v without a kind or message", input, method, terr)
			}
			for _, e := range Engines() {
				if terr.Message(e) == "" {
					t.Fatalf("NewRequest(%q, %q): TypeError %#v has no %s message", input, method, terr, e)
				}
			}
			return
		}
		// The URL is the URL parser's.
		want, err := origin.ParseURL(input, base)
		if err != nil {
			t.Fatalf("NewRequest(%q): accepted a URL ParseURL refuses: %v", input, err)
		}
		got := req.URL()
		if got.Scheme != want.Scheme || got.Host != want.Host || got.Port != want.Port || got.Path != want.Path || got.Query != want.Query {
			t.Fatalf("NewRequest(%q): URL %v, ParseURL gives %v", input, got, want)
		}
		if got.Username != "" || got.Password != "" {
			t.Fatalf("NewRequest(%q): URL with credentials %v accepted", input, got)
		}
		if len(req.URLList) != 1 || req.Origin != client || !req.UnsafeRequest || req.ResponseTainting != TaintingBasic {
			t.Fatalf("NewRequest(%q): request %+v is not a new request from %v", input, req, client)
		}
		// The method is a token, normalized, and not forbidden.
		if !IsMethod(req.Method) || IsForbiddenMethod(req.Method) || NormalizeMethod(req.Method) != req.Method {
			t.Fatalf("NewRequest(%q, %q): method %q", input, method, req.Method)
		}
		if req.Method == "GET" || req.Method == "HEAD" {
			if req.HasBody {
				t.Fatalf("NewRequest(%q, %q): a %s request with a body", input, method, req.Method)
			}
		}
		// Only headers script may set survive the guard.
		for _, h := range req.Header {
			if !IsHeaderName(h.Name) || !IsHeaderValue(h.Value) || IsForbiddenRequestHeader(h.Name, h.Value) {
				t.Fatalf("NewRequest(%q): header %q survives the guard", input, h)
			}
			if req.Mode == ModeNoCORS && !IsNoCORSSafelistedRequestHeader(h.Name, h.Value) {
				t.Fatalf("NewRequest(%q): no-cors request keeps header %q", input, h)
			}
		}
		if req.Mode == ModeNoCORS && !IsCORSSafelistedMethod(req.Method) {
			t.Fatalf("NewRequest(%q, %q): no-cors request with method %q", input, method, req.Method)
		}
	})
}
