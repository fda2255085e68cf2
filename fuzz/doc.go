// Package fuzz holds corsim's cross-package properties: statements about
// the whole model that no single package can check alone, tested on random
// pages, servers, redirect chains, requests and policies drawn by
// internal/gen and internal/gen/scene.
//
// Each property is a test named after what it asserts, for example
// TestBlockedResultExposesNothing or TestNoPreflightNeverSendsOptions; a few
// are also native fuzz targets through rapid.MakeFuzz, so `go test -fuzz`
// can search their input space for longer. The properties:
//
//   - origins: serializing a URL's origin and parsing it back gives the same
//     origin; same-origin is an equivalence relation, and for tuple origins
//     it is equality of serializations.
//   - the preflight decision: the letter case and the order of request
//     header names never change whether a preflight is sent or what it asks;
//     a request that needs no preflight never puts an OPTIONS request on the
//     wire.
//   - the preflight cache: a cache hit never allows what a fresh preflight
//     to the same server would refuse.
//   - what script sees: a blocked fetch exposes no status, header or body;
//     a cross-origin no-cors fetch gives an opaque response; for a
//     same-origin request the CORS headers of the responses never matter.
//   - the simulation: the same scene gives the same results, trace and
//     console messages included; each engine differs from the spec only
//     where a recorded divergence (fetch.Divergences) says so.
//   - policies: a browser fetching from a policy-backed server is allowed
//     exactly when the policy allows every request the browser sent.
//   - robustness: every parser of outside bytes does bounded work on 1 MiB
//     inputs, and a simulate.Transport and its preflight cache stand being
//     hammered from many goroutines (run with -race).
//
// On failure, rapid prints the seed to replay (-rapid.seed=N) and the
// smallest failing input it found. The package's doc.go is its only
// non-test file.
package fuzz
