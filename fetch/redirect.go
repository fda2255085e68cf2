package fetch

import "github.com/corsim/corsim/origin"

// MaxRedirects is the number of redirects a request may follow; the next one
// is a network error.
const MaxRedirects = 20

// LocationURL computes a response's [location URL]: nil when the status is
// not a redirect status or there is no Location header; the Location value
// parsed against the response's URL otherwise, inheriting requestFragment
// when it has no fragment of its own. ok is false when Location cannot be
// used: several Location header lines, or a value that does not parse.
//
// [location URL]: https://fetch.spec.whatwg.org/#concept-response-location-url
func LocationURL(resp *Response, requestFragment *string) (u *origin.URL, ok bool) {
	// 1. Only redirect statuses have a location URL.
	if !IsRedirectStatus(resp.Status) {
		return nil, true
	}
	// 2. Extract Location, which allows a single header line.
	n := resp.Header.Count("Location")
	if n == 0 {
		return nil, true
	}
	if n > 1 {
		return nil, false
	}
	v, _ := firstValue(resp.Header, "Location")
	// 3. Parse it against the response's URL.
	loc, err := origin.ParseURL(v, resp.URL())
	if err != nil {
		return nil, false
	}
	// 4. Inherit the request's fragment.
	if !loc.HasFragment && requestFragment != nil {
		c := *loc
		c.Fragment, c.HasFragment = *requestFragment, true
		loc = &c
	}
	return loc, true
}

// FollowRedirect performs [HTTP-redirect fetch] on req for the redirect
// response resp, up to the point where main fetch runs again: it checks the
// location, counts the redirect, refuses credentials in a URL the CORS
// protocol cannot send them to, rewrites the method and body (301/302 POST,
// 303), drops Authorization on a cross-origin hop, and appends the new URL
// to req's URL list.
//
// It returns ReasonNone and a nil URL when resp has no location URL (the
// redirect response is then the response), ReasonNone and the URL when req
// now targets it, or the reason the redirect is a network error.
//
// [HTTP-redirect fetch]: https://fetch.spec.whatwg.org/#concept-http-redirect-fetch
func FollowRedirect(req *Request, resp *Response) (*origin.URL, Reason) {
	// 3. The location URL, inheriting the current URL's fragment.
	var frag *string
	if cur := req.CurrentURL(); cur.HasFragment {
		frag = &cur.Fragment
	}
	loc, ok := LocationURL(resp, frag)
	// 5. A Location that cannot be used is a network error.
	if !ok {
		return nil, ReasonInvalidRedirectLocation
	}
	// 4. Without one, the redirect response is the response.
	if loc == nil {
		return nil, ReasonNone
	}
	// 6. Only HTTP(S) targets may be followed.
	if loc.Scheme != "http" && loc.Scheme != "https" {
		return loc, ReasonRedirectToNonHTTP
	}
	// 7-8. At most 20 redirects.
	if req.RedirectCount == MaxRedirects {
		return loc, ReasonTooManyRedirects
	}
	req.RedirectCount++
	// 9. A cors request cannot be sent to a cross-origin URL with
	// credentials in it ...
	if req.Mode == ModeCORS && loc.IncludesCredentials() && !req.Origin.SameOrigin(loc.Origin()) {
		return loc, ReasonRedirectContainsCredentials
	}
	// 10. ... nor can a cors-tainted one, even back to its own origin.
	if req.ResponseTainting == TaintingCORS && loc.IncludesCredentials() {
		return loc, ReasonRedirectContainsCredentials
	}
	// 11. Bodies here always have a source, so they can be sent again.
	// 12. 301 and 302 turn POST into GET; 303 turns everything but GET and
	// HEAD into GET. The body and the request-body headers go.
	if ((resp.Status == 301 || resp.Status == 302) && req.Method == "POST") ||
		(resp.Status == 303 && req.Method != "GET" && req.Method != "HEAD") {
		req.Method = "GET"
		req.Body, req.HasBody = nil, false
		for _, name := range requestBodyHeaderNames {
			req.Header.Delete(name)
		}
	}
	// 13. Authorization does not follow a redirect to another origin.
	if !req.CurrentURL().Origin().SameOrigin(loc.Origin()) {
		req.Header.Delete("Authorization")
	}
	// 18. The new URL becomes the current URL.
	req.URLList = append(req.URLList, loc)
	return loc, ReasonNone
}

// requestBodyHeaderNames are the [request-body-header names].
//
// [request-body-header names]: https://fetch.spec.whatwg.org/#request-body-header-name
var requestBodyHeaderNames = [...]string{"Content-Encoding", "Content-Language", "Content-Location", "Content-Type"}
