// Package simulate is a browser in a box: it predicts everything a browser
// does for one fetch() call, without launching one.
//
// A Browser holds what a real browser keeps between requests (an engine
// profile, a clock, the CORS-preflight cache, whether it has cookies). Its
// Fetch method takes the page's origin and what script passed to fetch(),
// and runs the Fetch Standard's algorithms against a Server: request
// construction, mixed content and bad ports, the main fetch switch on mode
// and origin, the preflight decision, the preflight and its validation, the
// actual request, the CORS check on every response, redirects hop by hop,
// and response filtering. The Result says whether script gets a response or
// a TypeError, why (with Chromium's CorsError name, Firefox's reason code
// and each engine's console message), every request the servers received,
// what script can read of the response, and the trace of decisions with the
// spec anchor behind each.
//
// Servers are anything that answers a fetch.Request: canned responses
// (Canned), an in-process http.Handler (HandlerServer, so a real router
// wrapped in its CORS middleware can be simulated), or a live server behind
// an http.RoundTripper (RoundTripperServer). Package policy adds a server
// backed by a declared CORS policy.
//
// Transport is an http.RoundTripper that gives Go code what browser script
// would get, so a Go test can check a server's CORS behaviour the way a
// browser would enforce it.
//
// The simulation is deterministic (given the clock) and a Browser is safe
// for concurrent use.
package simulate
