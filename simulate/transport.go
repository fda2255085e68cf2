package simulate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"

	"github.com/corsim/corsim/fetch"
)

// Transport is an http.RoundTripper that gives Go code what browser script
// on a page would get from fetch(): it sends the preflight a browser would
// send, follows redirects itself with a CORS check on every hop, keeps one
// preflight cache across requests, and returns only what script could read.
// Put it in an http.Client in front of an httptest.Server (NewTransport) or
// an http.Handler (NewHandlerTransport) to test a server's CORS behaviour as
// a browser enforces it.
//
// A Transport is safe for concurrent use.
//
// Where it departs from the http.RoundTripper contract, and why:
//   - A request the browser would block returns a nil response and a
//     *NetworkError, even when a response arrived: script gets a TypeError
//     and nothing of the response, and so does the caller.
//   - It sends more than one request per RoundTrip (the preflight, each
//     redirect hop) and follows redirects itself, as a browser does; the
//     http.Client's own redirect policy then sees only the final response.
//   - The response holds only what script can read: filtered headers (for a
//     cross-origin response, the CORS-safelisted ones and those named by
//     Access-Control-Expose-Headers), and for an opaque or opaque-redirect
//     response (no-cors, redirect manual) status 0, no headers and an empty
//     body.
//   - Request headers a browser forbids script to set (Cookie, Origin, Host,
//     Sec-*, ...) are dropped, as fetch() drops them; Go's http.Header has
//     no order, so headers are sent sorted by name.
//
// The fetch() members http.Request has no field for (mode, credentials,
// redirect) come from the request's context (WithFetchOptions); the defaults
// are fetch()'s: cors, same-origin, follow.
type Transport struct {
	browser *Browser
	page    Page
}

// NewTransport returns a Transport for script on page (an origin such as
// "http://app.test", a URL on it, or "null") whose requests base carries to
// real servers (http.DefaultTransport when nil).
func NewTransport(page string, base http.RoundTripper, opts ...Option) (*Transport, error) {
	return newTransport(page, RoundTripperServer(base), opts)
}

// NewHandlerTransport returns a Transport for script on page whose requests
// h answers in process, whatever their host.
func NewHandlerTransport(page string, h http.Handler, opts ...Option) (*Transport, error) {
	return newTransport(page, HandlerServer(h), opts)
}

// NewServerTransport returns a Transport for script on page whose requests
// server answers.
func NewServerTransport(page string, server Server, opts ...Option) (*Transport, error) {
	return newTransport(page, server, opts)
}

func newTransport(page string, server Server, opts []Option) (*Transport, error) {
	p, err := NewPage(page)
	if err != nil {
		return nil, fmt.Errorf("simulate: invalid page %q: %w", page, err)
	}
	return &Transport{browser: New(server, opts...), page: p}, nil
}

// Browser returns the simulated browser behind the transport.
func (t *Transport) Browser() *Browser { return t.browser }

// FetchOptions are the fetch() init members an http.Request cannot carry.
type FetchOptions struct {
	Mode           fetch.Mode
	Credentials    fetch.CredentialsMode
	Redirect       fetch.RedirectMode
	ReferrerPolicy fetch.ReferrerPolicy
}

type fetchOptionsKey struct{}

// WithFetchOptions returns a context carrying o for Transport.RoundTrip.
func WithFetchOptions(ctx context.Context, o FetchOptions) context.Context {
	return context.WithValue(ctx, fetchOptionsKey{}, o)
}

// A NetworkError is what a Transport returns for a request the browser
// would block: the prediction, without the response.
type NetworkError struct {
	Result *Result
}

func (e *NetworkError) Error() string {
	msg := e.Result.Console
	if msg == "" {
		msg = e.Result.Reason.String()
	}
	return fmt.Sprintf("simulate: %s blocks the request (%s): %s", e.Result.Engine, e.Result.Reason, msg)
}

// RoundTrip performs the request as browser script would with fetch().
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body *string
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("simulate: reading the request body: %w", err)
		}
		s := string(b)
		body = &s
	}
	names := make([]string, 0, len(req.Header))
	for n := range req.Header {
		names = append(names, n)
	}
	sort.Strings(names)
	var h fetch.HeaderList
	for _, n := range names {
		for _, v := range req.Header[n] {
			h = append(h, fetch.Header{Name: n, Value: v})
		}
	}
	o, _ := req.Context().Value(fetchOptionsKey{}).(FetchOptions)
	res := t.browser.Fetch(req.Context(), t.page, Request{
		URL: req.URL.String(), Method: req.Method, Header: h, Body: body,
		Mode: o.Mode, Credentials: o.Credentials, Redirect: o.Redirect, ReferrerPolicy: o.ReferrerPolicy,
	})
	if res.Outcome != Allowed {
		return nil, &NetworkError{Result: res}
	}
	sr := res.Response
	hdr := make(http.Header, len(sr.Header))
	for n, v := range sr.Header {
		hdr[http.CanonicalHeaderKey(n)] = []string{v}
	}
	resp := &http.Response{
		Status:        strconv.Itoa(sr.Status) + " " + http.StatusText(sr.Status),
		StatusCode:    sr.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        hdr,
		Body:          io.NopCloser(bytes.NewReader(sr.Body)),
		ContentLength: int64(len(sr.Body)),
		Request:       req,
	}
	return resp, nil
}
