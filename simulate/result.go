package simulate

import (
	"encoding/base64"
	"strings"
	"sync"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// Outcome is what script gets from fetch(): a response or a TypeError.
type Outcome uint8

const (
	// Allowed: fetch() resolves with a response (an opaque one included).
	Allowed Outcome = iota + 1
	// Blocked: fetch() rejects with a TypeError.
	Blocked
)

// String returns "allowed" or "blocked".
func (o Outcome) String() string {
	switch o {
	case Allowed:
		return "allowed"
	case Blocked:
		return "blocked"
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// A Result is everything corsim predicts about one fetch().
type Result struct {
	Engine  fetch.Engine
	Outcome Outcome
	// Reason says why the fetch was blocked (ReasonNone when allowed).
	Reason fetch.Reason
	// FailedParameter is the offending value: a header value, a method, a
	// header name, a URL.
	FailedParameter string
	// CorsError is Chromium's CorsError name for Reason, "" when none.
	CorsError string
	// FirefoxReason is Firefox's reason code, "" when none.
	FirefoxReason string
	// Console is the message the engine prints to the console.
	Console string
	// Warnings are console warnings printed even though the fetch went on.
	Warnings []string
	// TypeError is set when fetch() threw before making any request.
	TypeError *fetch.TypeError
	// TypeErrorMessage is the message of the TypeError script catches for a
	// network error ("Failed to fetch" in Chromium).
	TypeErrorMessage string
	// Preflight reports whether a preflight went on the wire.
	Preflight bool
	// Wire lists every request the servers received, in order.
	Wire []Wire
	// Response is what script sees; nil when blocked.
	Response *ScriptResponse
	// Trace holds the decisions taken, in order (empty with WithoutTrace).
	Trace []Step
}

// A Wire is one request a server received.
type Wire struct {
	// Preflight is set for a CORS-preflight request.
	Preflight bool
	Method    string
	URL       string
	// Origin, ACRM and ACRH are the Origin, Access-Control-Request-Method
	// and Access-Control-Request-Headers values; nil when not sent.
	Origin *string
	ACRM   *string
	ACRH   *string
	// Cookie reports whether the browser would attach cookies: the
	// request's credentials flag.
	Cookie bool
	// Header is every header sent.
	Header fetch.HeaderList
	// Status is the status the server answered with (0 if it could not).
	Status int
	// ResponseHeader is what the server answered with, unfiltered: what
	// curl would show, not what script can read.
	ResponseHeader fetch.HeaderList
}

// ScriptResponse is a response as script sees it.
type ScriptResponse struct {
	// Type is basic, cors, opaque or opaqueredirect.
	Type fetch.ResponseType
	// Status is 0 for opaque and opaque-redirect responses.
	Status int
	// URL is response.url: the final URL without fragment ("" when opaque).
	URL string
	// Redirected is response.redirected.
	Redirected bool
	// Header holds the headers script can read: lower-cased names, repeated
	// values combined with ", ".
	Header map[string]string
	// Body is the body script can read (nil when opaque).
	Body []byte
}

// A Step is one decision of the simulated browser.
type Step struct {
	// ID names the kind of step ("cors-preflight-decision", "cors-check" ...).
	ID string
	// Spec is the URL of the spec section the decision applies.
	Spec string
	// Text explains the decision.
	Text string
}

func (r *run) scriptResponse(resp *fetch.Response) *ScriptResponse {
	sr := r.scriptResp
	*sr = ScriptResponse{Type: resp.Type, Status: resp.Status, Header: resp.ReadableHeaders(), Body: resp.Body}
	if r.b.profile.ContentTypeCombinedWithoutSpace && resp.Header.Count("Content-Type") > 1 {
		// DEVIATION (Firefox): repeated Content-Type lines read joined by
		// "," without a space.
		sr.Header["content-type"] = strings.ReplaceAll(sr.Header["content-type"], ", ", ",")
	}
	if u := resp.URL(); u != nil {
		sr.URL = r.href(u)
	}
	// Opaque-redirect responses keep their URL list but not their
	// redirected flag: only the first URL is there.
	sr.Redirected = resp.Redirected()
	return sr
}

// dataURLResponse decodes a data: URL into a response, as scheme fetch
// does: its MIME type as Content-Type and its payload as the body.
func dataURLResponse(u *origin.URL) (*fetch.Response, bool) {
	s := u.String()[len("data:"):]
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	comma := strings.IndexByte(s, ',')
	if comma < 0 {
		return nil, false
	}
	meta, payload := strings.TrimSpace(s[:comma]), s[comma+1:]
	body := []byte(percentDecode(payload))
	if m := strings.TrimRight(meta, " \t\n\r\f"); len(m) >= 7 && strings.EqualFold(strings.TrimSpace(m[len(m)-7:]), ";base64") {
		meta = strings.TrimSpace(m[:len(m)-7])
		dec, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
				return -1
			}
			return r
		}, string(body)))
		if err != nil {
			dec, err = base64.RawStdEncoding.DecodeString(string(body))
			if err != nil {
				return nil, false
			}
		}
		body = dec
	}
	if strings.HasPrefix(meta, ";") {
		meta = "text/plain" + meta
	}
	ct := "text/plain;charset=US-ASCII"
	if mt, ok := fetch.ParseMIMEType(meta); ok {
		ct = mt.String()
	}
	return &fetch.Response{Status: 200, Header: fetch.HeaderList{{Name: "Content-Type", Value: ct}}, Body: body}, true
}

func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// A VirtualClock is a clock that moves only when told to, for
// deterministic simulations. It is safe for concurrent use.
type VirtualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewVirtualClock returns a clock reading start.
func NewVirtualClock(start time.Time) *VirtualClock { return &VirtualClock{now: start} }

// Now returns the clock's time.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *VirtualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
