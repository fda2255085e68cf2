package harness

import (
	"net/http"
	"time"

	"github.com/corsim/corsim/scenario"
)

// Status says whether a scenario could be observed.
type Status string

const (
	// StatusObserved: every request ran in the browser.
	StatusObserved Status = "observed"
	// StatusUnsupported: the harness cannot run this kind of scenario yet
	// (policy servers).
	StatusUnsupported Status = "unsupported"
	// StatusUnobservable: the scenario needs something a real browser
	// cannot show in real time (a long "after" wait).
	StatusUnobservable Status = "unobservable"
	// StatusError: the scenario cannot be run as written, or the browser
	// or a server failed.
	StatusError Status = "error"
)

// Verdict is the fate of one expectation.
type Verdict string

const (
	Held         Verdict = "held"
	Failed       Verdict = "failed"
	Unobservable Verdict = "unobservable" // Chromium cannot show this field
	NotChecked   Verdict = "not-checked"  // the expectation is for another engine
)

// A Report is what the harness saw for one scenario.
type Report struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	// Reason explains a status other than observed.
	Reason string `json:"reason,omitempty"`
	// PageOrigin is self.origin as the page's script reported it.
	PageOrigin string `json:"pageOrigin,omitempty"`
	// ServedAt is the URL the harness served the page at; PageURL is the
	// page's URL as the scenario gives it (its origin plus "/" when it gives
	// an origin). Console lines that name the document name ServedAt.
	ServedAt string        `json:"servedAt,omitempty"`
	PageURL  string        `json:"pageURL,omitempty"`
	Requests []Observation `json:"requests,omitempty"`
	// Prediction is why no comparison was made when one was asked for
	// (the simulator refused the scenario).
	Prediction string        `json:"prediction,omitempty"`
	Duration   time.Duration `json:"durationNs"`
}

// An Observation is one request of a scenario as the browser ran it.
type Observation struct {
	// Result is the observation in the simulator's result shape: Engine
	// "chromium", Trace and FirefoxReason empty.
	Result  scenario.Result `json:"result"`
	Details Details         `json:"details"`
	Checks  []Check         `json:"checks,omitempty"`
	// Comparisons set the simulator's prediction against this
	// observation, when the run asked for it (see Compare).
	Comparisons []Comparison `json:"comparisons,omitempty"`
}

// Details are what the browser shows beyond scenario.Result.
type Details struct {
	// ScriptError is the exception script got from fetch(), as
	// String(error) prints it ("TypeError: Failed to fetch").
	ScriptError string `json:"scriptError,omitempty"`
	// FailedParameter is Chromium's CorsErrorStatus.failedParameter.
	FailedParameter string `json:"failedParameter,omitempty"`
	// CorsErrorSource says where CorsError came from: "loadingFailed" or
	// "audits".
	CorsErrorSource string `json:"corsErrorSource,omitempty"`
	// NetFailures are the Network.loadingFailed events of the request.
	NetFailures []NetFailure `json:"netFailures,omitempty"`
	// CorsIssues are the Audits CorsIssue reports, warnings included.
	CorsIssues []CorsIssue `json:"corsIssues,omitempty"`
	// OtherIssues are the codes of other Audits issues (MixedContentIssue ...).
	OtherIssues []string `json:"otherIssues,omitempty"`
	// Console is every console line printed while the request ran.
	Console []ConsoleLine `json:"console,omitempty"`
	// CookieObservable[i] says whether Result.Wire[i].Cookie shows the
	// credentials flag: a probe cookie could have reached that request.
	CookieObservable []bool `json:"cookieObservable,omitempty"`
	// WireHeaders[i] are the header fields of Result.Wire[i] as received.
	WireHeaders []http.Header `json:"wireHeaders,omitempty"`
	// Stray are requests the servers got that no scenario URL explains
	// (the browser's own background traffic); they are not on the wire.
	Stray []string `json:"stray,omitempty"`
	// Body is the response body script read; BodyError the error reading it.
	Body      string `json:"body,omitempty"`
	BodyError string `json:"bodyError,omitempty"`
}

// A NetFailure is one Network.loadingFailed event.
type NetFailure struct {
	URL             string `json:"url,omitempty"`
	Type            string `json:"type,omitempty"`
	ErrorText       string `json:"errorText"`
	BlockedReason   string `json:"blockedReason,omitempty"`
	CorsError       string `json:"corsError,omitempty"`
	FailedParameter string `json:"failedParameter,omitempty"`
}

// A CorsIssue is one Audits.issueAdded CorsIssue.
type CorsIssue struct {
	CorsError       string `json:"corsError"`
	FailedParameter string `json:"failedParameter,omitempty"`
	IsWarning       bool   `json:"isWarning,omitempty"`
	URL             string `json:"url,omitempty"`
}

// A ConsoleLine is one console message.
type ConsoleLine struct {
	// Via is the protocol event: "log" (Log.entryAdded), "console"
	// (Runtime.consoleAPICalled) or "exception" (Runtime.exceptionThrown).
	Via    string `json:"via"`
	Source string `json:"source,omitempty"`
	Level  string `json:"level"`
	Text   string `json:"text"`
}

// A Check is one field of a scenario's expect block against the observation.
type Check struct {
	Field   string  `json:"field"`
	Want    string  `json:"want"`
	Got     string  `json:"got"`
	Verdict Verdict `json:"verdict"`
	Why     string  `json:"why,omitempty"`
}
