package fetch

import (
	"github.com/corsim/corsim/origin"
)

// A Request is the Fetch Standard's [request], reduced to the fields that
// decide what the same-origin policy and CORS do with it.
//
// [request]: https://fetch.spec.whatwg.org/#concept-request
type Request struct {
	// Method is the request's method, already normalized when the request
	// came from fetch() (see NormalizeMethod).
	Method string
	// URLList holds the request's URL and every redirect target, in order;
	// the last one is the current URL. It must not be empty.
	URLList []*origin.URL
	// Header is the request's header list as script set it (after the
	// Headers guard) plus what the browser adds.
	Header HeaderList
	// Body is the request body; HasBody distinguishes an empty body from
	// none.
	Body    []byte
	HasBody bool

	Mode        Mode
	Credentials CredentialsMode
	Redirect    RedirectMode
	// Origin is the request's origin: the origin of the document or worker
	// that made it.
	Origin         origin.Origin
	ReferrerPolicy ReferrerPolicy
	// ResponseTainting is set by main fetch; requests start out basic.
	ResponseTainting ResponseTainting
	// UseCORSPreflight is the [use-CORS-preflight flag]: set for requests
	// with upload listeners or stream bodies, it forces a preflight.
	//
	// [use-CORS-preflight flag]: https://fetch.spec.whatwg.org/#use-cors-preflight-flag
	UseCORSPreflight bool
	// UnsafeRequest is the [unsafe-request flag], set for every request made
	// by fetch(), new Request() and XMLHttpRequest; requests made by HTML
	// elements do not have it and never get a preflight.
	//
	// [unsafe-request flag]: https://fetch.spec.whatwg.org/#unsafe-request-flag
	UnsafeRequest bool
	// RedirectCount is how many redirects the request has followed.
	RedirectCount int
	// TimingAllowFailed is the request's timing allow failed flag.
	TimingAllowFailed bool

	// originCache holds Origin's serialization (with the Origin value it was
	// computed from), filled in when the request is built (NewRequest,
	// NewPreflightRequest, Clone), so that serializing a request origin does
	// not allocate. Methods only read it: a request may be checked from
	// several goroutines at once.
	originCache struct {
		of origin.Origin
		s  string
	}
}

// URL returns the request's first URL.
func (r *Request) URL() *origin.URL { return r.URLList[0] }

// CurrentURL returns the request's [current URL], the last of its URL list.
//
// [current URL]: https://fetch.spec.whatwg.org/#concept-request-current-url
func (r *Request) CurrentURL() *origin.URL { return r.URLList[len(r.URLList)-1] }

// Clone returns a copy of r whose URL list and header list can be changed
// without changing r's. URLs are shared: they are never modified.
func (r *Request) Clone() *Request {
	c := *r
	c.URLList = append([]*origin.URL(nil), r.URLList...)
	c.Header = r.Header.Clone()
	return &c
}

// RedirectTaint computes the request's [redirect-taint]: whether some hop
// of its URL list left an origin other than the request's own.
//
// [redirect-taint]: https://fetch.spec.whatwg.org/#concept-request-tainted-origin
func (r *Request) RedirectTaint() RedirectTaint {
	// 1-2. Start from same-origin, with no previous URL.
	taint := RedirectTaintSameOrigin
	var last origin.Origin
	for i, u := range r.URLList {
		o := u.Origin()
		// 3.1. The first URL only becomes the previous one.
		if i == 0 {
			last = o
			continue
		}
		// NB: same origin implies same site, so a hop that step 3.2 can
		// stop at also passes the test of step 3.3; testing 3.3's condition
		// first skips obtaining sites (which allocates) for the common hops
		// within an origin or from the request's own origin.
		if !o.SameOrigin(last) && !r.Origin.SameOrigin(last) {
			// 3.2. A hop to another site, from a URL whose site is not the
			// request's, taints the request cross-site.
			if !o.SameSite(last) && !r.Origin.SameSite(last) {
				return RedirectTaintCrossSite
			}
			// 3.3. A hop to another origin, from a URL whose origin is not
			// the request's, taints it same-site.
			taint = RedirectTaintSameSite
		}
		// 3.4.
		last = o
	}
	return taint
}

// redirectTainted reports whether the request's redirect-taint is not
// same-origin, which is all that serializing a request origin needs.
//
// OPTIMIZATION: same-site and cross-site both serialize as "null", and
// every hop that taints the request fails step 3.3's same-origin test, so
// the first such hop decides without obtaining any site (which allocates).
// TestPropertyRedirectTaintedAgrees checks it against RedirectTaint.
func (r *Request) redirectTainted() bool {
	if len(r.URLList) < 2 {
		return false
	}
	last := r.URLList[0].Origin()
	for _, u := range r.URLList[1:] {
		o := u.Origin()
		if !o.SameOrigin(last) && !r.Origin.SameOrigin(last) {
			return true
		}
		last = o
	}
	return false
}

// SerializedOrigin performs [serializing a request origin]: "null" when the
// request is redirect-tainted or its origin is opaque, else the ASCII
// serialization of its origin.
//
// [serializing a request origin]: https://fetch.spec.whatwg.org/#serializing-a-request-origin
func (r *Request) SerializedOrigin() string {
	// 1. A tainted request reveals no origin.
	if r.redirectTainted() {
		return "null"
	}
	// 2. Otherwise, the ASCII serialization ("null" for an opaque origin).
	if r.originCache.s != "" && r.originCache.of == r.Origin {
		return r.originCache.s
	}
	return r.Origin.String()
}

// OriginHeader performs [append a request Origin header]: it reports whether
// the browser sends an Origin header with the request and with which value.
//
// [append a request Origin header]: https://fetch.spec.whatwg.org/#append-a-request-origin-header
func (r *Request) OriginHeader() (value string, send bool) {
	// 1. The value starts as the serialized request origin.
	serialized := r.SerializedOrigin()
	// 2. CORS requests and WebSocket handshakes always carry it.
	if r.ResponseTainting == TaintingCORS || r.Mode == ModeWebSocket {
		return serialized, true
	}
	// 3. Other requests carry it only when their method is neither GET nor
	// HEAD.
	if r.Method == "GET" || r.Method == "HEAD" {
		return "", false
	}
	// 3.1. Outside cors mode the referrer policy may hide the origin.
	if r.Mode != ModeCORS {
		switch r.effectiveReferrerPolicy() {
		case ReferrerPolicyNoReferrer:
			serialized = "null"
		case ReferrerPolicyNoReferrerWhenDowngrade, ReferrerPolicyStrictOrigin,
			ReferrerPolicyStrictOriginWhenCrossOrigin:
			// A secure origin does not reveal itself to a non-secure URL.
			if !r.Origin.IsOpaque() && r.Origin.Scheme() == "https" && r.CurrentURL().Scheme != "https" {
				serialized = "null"
			}
		case ReferrerPolicySameOrigin:
			if !r.Origin.SameOrigin(r.CurrentURL().Origin()) {
				serialized = "null"
			}
		}
	}
	// 3.2.
	return serialized, true
}

// effectiveReferrerPolicy is the request's referrer policy after main fetch
// fills in the default.
func (r *Request) effectiveReferrerPolicy() ReferrerPolicy {
	if r.ReferrerPolicy == ReferrerPolicyDefault {
		// NB: main fetch takes the policy container's policy; a document
		// without a Referrer-Policy has the default below.
		return ReferrerPolicyStrictOriginWhenCrossOrigin
	}
	return r.ReferrerPolicy
}
