package scenario

// A Result is what happened to one request of a scenario, in the JSON form
// "corsim run --json" prints. The simulator fills every field; the
// real-browser harness fills what a browser lets it observe and leaves Trace
// empty.
type Result struct {
	Name          string    `json:"name"`
	Engine        string    `json:"engine"`
	Outcome       string    `json:"outcome"` // "allowed" or "blocked"
	CorsError     string    `json:"corsError"`
	FirefoxReason string    `json:"firefoxReason"`
	Console       string    `json:"console"`
	Preflight     bool      `json:"preflight"`
	Wire          []Wire    `json:"wire"`
	Response      *Observed `json:"response,omitempty"`
	Trace         []Step    `json:"trace,omitempty"`
}

// A Wire is one request a server received.
type Wire struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	// Origin is the Origin header's value; nil when the header was not sent.
	Origin *string `json:"origin,omitempty"`
	// ACRM and ACRH are the Access-Control-Request-Method and -Headers values;
	// nil when not sent.
	ACRM *string `json:"acrm,omitempty"`
	ACRH *string `json:"acrh,omitempty"`
	// Cookie reports whether cookies would be attached (the request's
	// credentials flag).
	Cookie bool `json:"cookie"`
}

// Observed is the response as script sees it.
type Observed struct {
	Type       string `json:"type"` // basic, cors, opaque, opaqueredirect
	Status     int    `json:"status"`
	URL        string `json:"url"`
	Redirected bool   `json:"redirected"`
	// Headers are the headers script can read, names lower-cased, repeated
	// values combined with ", ".
	Headers map[string]string `json:"headers"`
}

// A Step is one decision of the simulated browser.
type Step struct {
	Step string `json:"step"`
	Spec string `json:"spec"`
	Text string `json:"text"`
}

// A SequenceResult is the result of a scenario that uses "requests": one
// Result per request, in order.
type SequenceResult struct {
	Name    string   `json:"name"`
	Engine  string   `json:"engine"`
	Results []Result `json:"results"`
}
