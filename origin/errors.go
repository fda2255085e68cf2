package origin

import "strconv"

// ParseError reports input that ParseURL, FromURL or ParseSerializedOrigin
// rejects.
type ParseError struct {
	// Input is the input as given.
	Input string
	// Reason is stable and machine-readable. For URLs it is the URL
	// Standard's name of the validation error that made parsing fail
	// ("host-invalid-code-point", "port-out-of-range",
	// "missing-scheme-non-relative-URL", "IPv4-too-many-parts",
	// "domain-to-ASCII", …). For serialized origins it is one of the names
	// listed at ParseSerializedOrigin.
	Reason string
	// Detail is an optional human-readable precision ("forbidden domain code
	// point U+0020"); its wording may change.
	Detail string
	// What names what was being parsed; "" means "URL".
	What string
}

// Error returns `invalid URL "<input>": <reason>`, followed by the detail in
// parentheses when there is one.
func (e *ParseError) Error() string {
	what := e.What
	if what == "" {
		what = "URL"
	}
	s := "invalid " + what + " " + strconv.Quote(e.Input) + ": " + e.Reason
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}
