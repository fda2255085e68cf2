// Package bench measures corsim next to the libraries people would
// otherwise pick, on identical inputs, and checks first that they give the
// same answers (or documents, row by row, where they do not):
//
//   - origins from URLs: origin.FromURL against net/url.Parse (taking the
//     scheme, host and port) and github.com/nlnwa/whatwg-url, on the
//     web-platform-tests URL inputs and a realistic set of URLs;
//   - server policy as middleware: policy.Handler against github.com/rs/cors,
//     github.com/go-chi/cors and github.com/gin-contrib/cors, on one request
//     matrix (preflights and actual requests, allowed and denied, one and
//     1,000 origins, credentialed, adversarial Access-Control-Request-Headers);
//   - simulation: scenarios per second, and a preflighted fetch against the
//     same scenario in real Chromium (timed by conformance/browser).
//
// Every paired benchmark names the implementation in the last element of
// its name (BenchmarkMiddleware/preflight-allowed/corsim, .../rscors,
// .../chicors, .../gincors), so any tool can pair rows. run.sh runs them
// and prints the ratio table; cmd/perftable turns benchstat's CSV into that
// table and rewrites the README's Performance section.
//
// It is a module of its own so that the corsim module does not depend on
// the peers. It has no code outside its tests and cmd/perftable.
package bench
