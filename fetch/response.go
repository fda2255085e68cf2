package fetch

import (
	"sort"

	"github.com/corsim/corsim/origin"
)

// A Response is the Fetch Standard's [response]: what a server answered, or
// a filtered view of it as script sees it, or a network error.
//
// [response]: https://fetch.spec.whatwg.org/#concept-response
type Response struct {
	Type   ResponseType
	Status int
	// URLList is the list of URLs the response went through; its last URL
	// is the response's URL. Empty for opaque and network-error responses.
	URLList []*origin.URL
	Header  HeaderList
	Body    []byte
	// CORSExposedHeaderNames is the response's CORS-exposed header-name list,
	// set by main fetch from Access-Control-Expose-Headers.
	CORSExposedHeaderNames []string
	// RangeRequested is the response's range-requested flag.
	RangeRequested bool
	// Internal is the unfiltered response behind a filtered one (nil for an
	// unfiltered response or a network error).
	Internal *Response
}

// URL returns the response's URL (the last of its URL list), or nil.
func (r *Response) URL() *origin.URL {
	if len(r.URLList) == 0 {
		return nil
	}
	return r.URLList[len(r.URLList)-1]
}

// Redirected reports whether the response's URL list has more than one URL
// (script's response.redirected). For a filtered response the internal
// response's list counts, except that opaque responses hide it.
func (r *Response) Redirected() bool { return len(r.URLList) > 1 }

// IsNetworkError reports whether r is a network error.
func (r *Response) IsNetworkError() bool { return r.Type == ResponseError }

// NetworkError returns a new [network error]: type error, status 0, no
// headers, no body.
//
// [network error]: https://fetch.spec.whatwg.org/#concept-network-error
func NetworkError() *Response { return &Response{Type: ResponseError} }

// IsOKStatus reports whether status is an [ok status], 200 to 299.
//
// [ok status]: https://fetch.spec.whatwg.org/#ok-status
func IsOKStatus(status int) bool { return 200 <= status && status <= 299 }

// IsRedirectStatus reports whether status is a [redirect status]: 301, 302,
// 303, 307 or 308.
//
// [redirect status]: https://fetch.spec.whatwg.org/#redirect-status
func IsRedirectStatus(status int) bool { return isRedirectStatus(status) }

// IsNullBodyStatus reports whether status is a [null body status]: 101, 103,
// 204, 205 or 304.
//
// [null body status]: https://fetch.spec.whatwg.org/#null-body-status
func IsNullBodyStatus(status int) bool {
	switch status {
	case 101, 103, 204, 205, 304:
		return true
	}
	return false
}

// CORSExposedHeaderNames computes what main fetch (step 14.1) sets as the
// CORS-exposed header-name list of a response to a cors-tainted request:
// the names of Access-Control-Expose-Headers, or, when it lists "*" and the
// request's credentials mode is not include, every header name of the
// response. A header that fails to parse exposes nothing.
func CORSExposedHeaderNames(credentials CredentialsMode, header HeaderList) []string {
	list := newTokenList(header, "Access-Control-Expose-Headers")
	// 14.1.1. Extract the list; failure or absence exposes nothing.
	if list.absent() {
		return nil
	}
	if _, bad := list.invalid(); bad {
		// NB: the current text reads "if headerNames is non-null or
		// failure"; before an editorial change it read "neither null nor
		// failure", which is what engines do: a failed parse exposes nothing.
		return nil
	}
	// 14.1.2. Without credentials, "*" exposes every header name.
	if credentials != CredentialsInclude && list.containsFold("*") {
		return uniqueHeaderNames(header)
	}
	// 14.1.3. Otherwise the list as given; a "*" left in it only matches a
	// header literally named "*".
	var names []string
	list.each(func(e string) bool {
		names = append(names, e)
		return true
	})
	return names
}

// uniqueHeaderNames returns the byte-lowercased names of l, each once, in
// order.
func uniqueHeaderNames(l HeaderList) []string {
	names := make([]string, 0, len(l))
	for i := range l {
		n := lowerASCII(l[i].Name)
		dup := false
		for _, m := range names {
			if m == n {
				dup = true
				break
			}
		}
		if !dup {
			names = append(names, n)
		}
	}
	return names
}

// FilterBasic returns the [basic filtered response] of internal: every header
// but Set-Cookie and Set-Cookie2.
//
// [basic filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-basic
func FilterBasic(internal *Response) *Response {
	r := *internal
	r.Type = ResponseBasic
	r.Internal = internal
	r.Header = nil
	for _, h := range internal.Header {
		if !IsForbiddenResponseHeaderName(h.Name) {
			r.Header = append(r.Header, h)
		}
	}
	return &r
}

// FilterCORS returns the [CORS filtered response] of internal: only the
// headers whose names are CORS-safelisted response-header names given
// internal's CORS-exposed header-name list.
//
// [CORS filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-cors
func FilterCORS(internal *Response) *Response {
	r := *internal
	r.Type = ResponseCORS
	r.Internal = internal
	r.Header = make(HeaderList, 0, len(internal.Header))
	for _, h := range internal.Header {
		if IsCORSSafelistedResponseHeaderName(h.Name, internal.CORSExposedHeaderNames) {
			r.Header = append(r.Header, h)
		}
	}
	return &r
}

// FilterOpaque returns the [opaque filtered response] of internal: status 0,
// no headers, no body, an empty URL list.
//
// [opaque filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-opaque
func FilterOpaque(internal *Response) *Response {
	return &Response{Type: ResponseOpaque, Internal: internal}
}

// FilterOpaqueRedirect returns the [opaque-redirect filtered response] of
// internal: status 0, no headers, no body; the URL list is kept.
//
// [opaque-redirect filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect
func FilterOpaqueRedirect(internal *Response) *Response {
	return &Response{Type: ResponseOpaqueRedirect, URLList: internal.URLList, Internal: internal}
}

// ReadableHeaders returns the headers script can read from a (filtered)
// response, as the Headers object iterates them: names byte-lowercased and
// sorted, values of repeated names combined with ", " (Set-Cookie never
// appears: filtering removed it).
func (r *Response) ReadableHeaders() map[string]string {
	if len(r.Header) == 0 {
		return map[string]string{}
	}
	out := make(map[string]string, len(r.Header))
	for _, h := range r.Header {
		n := lowerHeaderName(h.Name)
		if v, ok := out[n]; ok {
			out[n] = v + ", " + h.Value
		} else {
			out[n] = h.Value
		}
	}
	return out
}

// SortAndCombine performs the header list's [sort and combine]: names
// byte-lowercased and sorted, each with its combined value, except
// Set-Cookie, which keeps one entry per value.
//
// [sort and combine]: https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine
func (l HeaderList) SortAndCombine() HeaderList {
	var out HeaderList
	seen := map[string]int{}
	for _, h := range l {
		n := lowerASCII(h.Name)
		if n == "set-cookie" {
			out = append(out, Header{Name: n, Value: h.Value})
			continue
		}
		if i, ok := seen[n]; ok {
			out[i].Value += ", " + h.Value
			continue
		}
		seen[n] = len(out)
		out = append(out, Header{Name: n, Value: h.Value})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// commonHeaderNames are lower-case names that ReadableHeaders returns
// without allocating.
var commonHeaderNames = [...]string{"cache-control", "content-language", "content-length", "content-type",
	"expires", "last-modified", "pragma", "date", "etag", "vary", "location", "server",
	"access-control-allow-origin", "access-control-allow-credentials", "access-control-expose-headers"}

// lowerHeaderName byte-lowercases a header name, returning a shared string
// for the common ones.
func lowerHeaderName(name string) string {
	for _, c := range commonHeaderNames {
		if equalFoldASCII(name, c) {
			return c
		}
	}
	return lowerASCII(name)
}
