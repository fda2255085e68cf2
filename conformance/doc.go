// Package conformance holds corsim's scenario corpus: several hundred
// scenarios, each a page calling fetch() against canned servers, with what
// the browser must do, the spec anchor the case exercises and a line on why
// it matters.
//
// The corpus is data (testdata/*.json, in the public scenario format, see
// package scenario) and is embedded in the package. Each scenario's expect
// block is written for its engine (Chromium by default) from the Fetch
// Standard and the engines' documented behaviour, and checked against real
// Chromium with the differential harness in conformance/browser. Where
// another engine (Firefox, WebKit, or the Fetch Standard read literally)
// behaves differently, testdata/divergences.json records the fields that
// differ, the divergence (an ID of fetch.Divergences or a short new one) and
// the source. The package's tests run every scenario for every engine and
// compare the prediction with the expectation merged with that engine's
// divergences, so the profiles differ exactly where a recorded divergence
// says they do.
//
// The tests also check that the corpus produces every fetch.Reason, every
// class of request and response header, every mode and credentials mode
// against same- and cross-origin URLs, redirects of every status in every
// direction, and every modelled divergence that a scenario can show.
//
// vectors.go lists the external test vectors (web-platform-tests data read
// through $CORSIM_WPT_DIR) that corsim's tests run, with their counts.
package conformance
