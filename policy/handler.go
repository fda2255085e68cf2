package policy

import "net/http"

// Handler returns net/http middleware that applies p: it answers
// CORS-preflight requests itself, with p's preflight status and headers,
// and passes every other request to next after adding p's headers
// (Access-Control-Allow-Origin and the rest for allowed origins, Vary
// whenever the answer depends on the request). A nil next answers only
// preflights and leaves other responses empty; a nil p allows no origin.
//
// Handler does not allocate for an allowed request that is not a
// preflight: header values are precomputed and shared between responses
// (each is a slice whose capacity is its length, so a later handler that
// appends to one copies it). Handlers after it must not modify the
// elements of those slices in place.
func Handler(p *Policy, next http.Handler) http.Handler {
	if p == nil {
		p = &Policy{}
	}
	return &handler{p: p, next: next}
}

type handler struct {
	p    *Policy
	next http.Handler
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var acrm, acrh []string
	if r.Method == "OPTIONS" {
		acrm, acrh = r.Header[hACRM], r.Header[hACRH]
	}
	d := h.p.decide(r.Method, r.Header[hOrigin], acrm, acrh)
	d.writeHTTP(w.Header())
	if d.kind == kindPreflight {
		w.WriteHeader(h.p.status())
		return
	}
	if h.next != nil {
		h.next.ServeHTTP(w, r)
	}
}
