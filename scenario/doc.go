// Package scenario reads and runs corsim's scenario files: who fetches what
// from whom, and how the servers answer.
//
// A scenario says that a page on an origin runs
//
//	fetch(request.url, {method, headers, body, mode, credentials, redirect})
//
// against servers described either as canned responses (by URL, then by
// method) or as a server CORS policy. The format is a public contract,
// described field by field in the README's "Scenario files" section; the same
// files drive the simulator ("corsim run"), the conformance corpus and the
// real-browser differential harness, so a scenario means exactly what it would
// mean in a real browser.
//
// Parse reads a file strictly: an unknown field, a malformed value or a
// missing required field is an error naming the file, the scenario and the
// field. Run (in run.go) predicts the outcome with package simulate and checks
// the scenario's expect block.
package scenario
