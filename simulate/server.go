package simulate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// A Server answers the requests a simulated browser puts on the wire. The
// request's URL is its current URL; its header list holds what the browser
// sends (Origin, Access-Control-Request-Method and -Headers on a preflight,
// the headers script set, a Cookie header when credentials are included and
// the browser has cookies). The response is unfiltered: the browser filters
// it. A returned error is a network failure (the browser sees a network
// error), not an HTTP status.
//
// Package policy's Policy is a Server too, as is anything with this method.
type Server interface {
	ServeFetch(ctx context.Context, req *fetch.Request) (*fetch.Response, error)
}

// ServerFunc adapts a function to the Server interface.
type ServerFunc func(ctx context.Context, req *fetch.Request) (*fetch.Response, error)

// ServeFetch calls f.
func (f ServerFunc) ServeFetch(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
	return f(ctx, req)
}

// A CannedResponse is one scripted answer: a status, header lines in order
// (a name may repeat) and a body.
type CannedResponse struct {
	Status int
	Header fetch.HeaderList
	Body   string
}

// Canned is a Server that answers from a table, as scenario files describe
// servers: by URL, then by method. The method "OPTIONS" answers preflights;
// "*" answers any method without an entry of its own (so it also answers a
// preflight when no "OPTIONS" entry is given). A URL not in the table
// answers 404 with no CORS headers.
//
// It sends exactly the listed header lines, in order, plus Content-Length
// (the body's length) unless listed, except for 1xx, 204 and 304 responses.
// The zero value answers 404 to everything. A Canned must not be changed
// while it serves; serving is safe for concurrent use. Responses share the
// table's header lists and bodies: callers must not modify them.
type Canned struct {
	byURL map[cannedKey]map[string]*fetch.Response
}

// cannedKey is a URL as a server sees it, without userinfo (sent, if at all,
// as an Authorization header) or fragment (never sent), compared field by
// field so that a lookup needs no serialization.
type cannedKey struct {
	scheme, host string
	hasHost      bool
	port         int
	path         string
	opaquePath   bool
	query        string
	hasQuery     bool
}

func keyOf(u *origin.URL) cannedKey {
	return cannedKey{u.Scheme, u.Host, u.HasHost, u.Port, u.Path, u.OpaquePath, u.Query, u.HasQuery}
}

// Handle adds the answer for method (or "*") at rawURL, an absolute URL. A
// fragment in rawURL is ignored, as a browser never sends it.
func (c *Canned) Handle(rawURL, method string, r CannedResponse) error {
	u, err := origin.ParseURL(rawURL, nil)
	if err != nil {
		return err
	}
	if method == "" {
		return fmt.Errorf("simulate: empty method for %s", rawURL)
	}
	if r.Status < 100 || r.Status > 599 {
		return fmt.Errorf("simulate: status %d for %s %s is not an HTTP status", r.Status, method, rawURL)
	}
	if c.byURL == nil {
		c.byURL = make(map[cannedKey]map[string]*fetch.Response)
	}
	key := keyOf(u)
	if c.byURL[key] == nil {
		c.byURL[key] = make(map[string]*fetch.Response)
	}
	h := make(fetch.HeaderList, 0, len(r.Header)+1)
	for _, line := range r.Header {
		// NB: an HTTP client strips whitespace around field values.
		h = append(h, fetch.Header{Name: line.Name, Value: fetch.NormalizeHeaderValue(line.Value)})
	}
	if hasBodyStatus(r.Status) && !h.Contains("Content-Length") {
		h = append(h, fetch.Header{Name: "Content-Length", Value: strconv.Itoa(len(r.Body))})
	}
	var body []byte
	if r.Body != "" {
		body = []byte(r.Body)
	}
	c.byURL[key][method] = &fetch.Response{Status: r.Status, Header: h, Body: body}
	return nil
}

// urlKey is a URL as a request line carries it: serialized without its
// fragment.
func urlKey(u *origin.URL) string {
	if !u.HasFragment {
		return u.String()
	}
	c := *u
	c.Fragment, c.HasFragment = "", false
	return c.String()
}

// notFound is the answer for URLs not in the table.
var notFoundHeader = fetch.HeaderList{{Name: "Content-Length", Value: "0"}}

// ServeFetch answers req from the table.
func (c *Canned) ServeFetch(_ context.Context, req *fetch.Request) (*fetch.Response, error) {
	byMethod := c.byURL[keyOf(req.CurrentURL())]
	r, ok := byMethod[req.Method]
	if !ok {
		r, ok = byMethod["*"]
	}
	if !ok {
		return &fetch.Response{Status: 404, Header: notFoundHeader}, nil
	}
	resp := *r
	return &resp, nil
}

// hasBodyStatus reports whether a response with this status carries
// Content-Length: not 1xx, 204 or 304.
func hasBodyStatus(status int) bool {
	return status >= 200 && status != 204 && status != 304
}

// HandlerServer returns a Server that hands each request to h in process,
// as a real server would receive it: the request line, the browser's
// headers and the body. What h writes is the response; net/http's defaults
// for a real server are applied (Content-Type sniffed when h sets none and
// writes a body, Content-Length from the body). Headers come back sorted by
// name, each name's values in the order h set them.
func HandlerServer(h http.Handler) Server {
	return ServerFunc(func(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
		hreq, err := httpRequest(ctx, req)
		if err != nil {
			return nil, err
		}
		hreq.RemoteAddr = "192.0.2.1:49152"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, hreq)
		res := rec.Result()
		body := rec.Body.Bytes()
		return fetchResponse(res.StatusCode, res.Header, body, res.ContentLength), nil
	})
}

// RoundTripperServer returns a Server that sends each request to its URL
// through rt (http.DefaultTransport when nil) and reports what comes back.
// It never follows redirects: the simulated browser does. Bodies are read
// up to 16 MiB.
func RoundTripperServer(rt http.RoundTripper) Server {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return ServerFunc(func(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
		hreq, err := httpRequest(ctx, req)
		if err != nil {
			return nil, err
		}
		res, err := rt.RoundTrip(hreq)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", req.Method, hreq.URL.Host, err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
		if err != nil {
			return nil, fmt.Errorf("%s %s: reading the response: %w", req.Method, hreq.URL.Host, err)
		}
		return fetchResponse(res.StatusCode, res.Header, body, res.ContentLength), nil
	})
}

// httpRequest turns a wire request into a net/http request.
func httpRequest(ctx context.Context, req *fetch.Request) (*http.Request, error) {
	var body io.Reader = http.NoBody
	if req.HasBody {
		body = bytes.NewReader(req.Body)
	}
	hreq, err := http.NewRequestWithContext(ctx, req.Method, urlKey(req.CurrentURL()), body)
	if err != nil {
		return nil, fmt.Errorf("simulate: cannot send %s %s: %w", req.Method, req.CurrentURL(), err)
	}
	for _, h := range req.Header {
		hreq.Header.Add(h.Name, h.Value)
	}
	if req.HasBody {
		hreq.ContentLength = int64(len(req.Body))
	}
	return hreq, nil
}

// fetchResponse turns a net/http response into an unfiltered fetch
// response, header names sorted.
func fetchResponse(status int, header http.Header, body []byte, contentLength int64) *fetch.Response {
	names := make([]string, 0, len(header))
	for n := range header {
		names = append(names, n)
	}
	sort.Strings(names)
	var h fetch.HeaderList
	for _, n := range names {
		for _, v := range header[n] {
			h = append(h, fetch.Header{Name: n, Value: fetch.NormalizeHeaderValue(v)})
		}
	}
	if hasBodyStatus(status) && !h.Contains("Content-Length") {
		n := contentLength
		if n < 0 {
			n = int64(len(body))
		}
		h = append(h, fetch.Header{Name: "Content-Length", Value: strconv.FormatInt(n, 10)})
	}
	return &fetch.Response{Status: status, Header: h, Body: body}
}
