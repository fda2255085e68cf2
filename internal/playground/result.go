package playground

import (
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

// A Result is one request's result as the playground and "corsim check
// --json" show it: the public result of "corsim run --json" and, beside it,
// what only a simulation knows: why the browser refused (the stable reason
// and the spec step), every exchange with the server's unfiltered answer,
// and which header of which answer decided the verdict.
type Result struct {
	scenario.Result
	// Reason is fetch.Reason's stable name; empty when allowed.
	Reason string `json:"reason,omitempty"`
	// Step and Anchor name the spec step that failed and link to it.
	Step   string `json:"step,omitempty"`
	Anchor string `json:"anchor,omitempty"`
	// FailedParameter is the offending value (a header value, a method, a
	// header name, a URL).
	FailedParameter string `json:"failedParameter,omitempty"`
	// TypeError is the message of the TypeError fetch() threw before
	// sending anything, when it did.
	TypeError string `json:"typeError,omitempty"`
	// Warnings are console warnings printed although the fetch went on.
	Warnings []string `json:"warnings,omitempty"`
	// Exchanges are the requests the servers received, in order, each with
	// its answer: the messages of the sequence diagram.
	Exchanges []Exchange `json:"exchanges"`
	// Deciding is the part of an answer that made the browser refuse; nil
	// when allowed or when no answer decided (mixed content, a bad port, a
	// TypeError, a network failure).
	Deciding *Deciding `json:"deciding,omitempty"`
}

// An Exchange is one request on the wire and the server's answer. Headers
// are [name, value] pairs, as in scenario files.
type Exchange struct {
	Preflight bool   `json:"preflight"`
	Method    string `json:"method"`
	URL       string `json:"url"`
	// RequestHeaders are every header the browser sent, in order.
	RequestHeaders [][2]string `json:"requestHeaders"`
	// Status is the answer's status; 0 when no answer came.
	Status int `json:"status"`
	// ResponseHeaders are the answer's header lines, unfiltered: what curl
	// shows, not what script can read.
	ResponseHeaders [][2]string `json:"responseHeaders"`
}

// Deciding points at what decided a blocked result: a response header of
// one exchange (present or missing), or that exchange's status.
type Deciding struct {
	// Exchange indexes Result.Exchanges (and simulate.Result.Wire).
	Exchange int `json:"exchange"`
	// Header is the deciding header's name; empty when the status decided.
	Header string `json:"header,omitempty"`
	// Present reports whether the answer carried Header.
	Present bool `json:"present"`
	// Status is set when the answer's status decided.
	Status bool `json:"status,omitempty"`
}

// NewResult pairs a public result with the simulation it came from.
func NewResult(pub scenario.Result, sim *simulate.Result) Result {
	r := Result{Result: pub, Exchanges: make([]Exchange, 0, len(sim.Wire)), Warnings: sim.Warnings}
	if sim.Reason != fetch.ReasonNone {
		r.Reason = sim.Reason.String()
		r.Step = sim.Reason.Step()
		r.Anchor = sim.Reason.Anchor()
		r.FailedParameter = sim.FailedParameter
	}
	if sim.TypeError != nil {
		r.TypeError = sim.TypeError.Message(sim.Engine)
	}
	for _, w := range sim.Wire {
		r.Exchanges = append(r.Exchanges, Exchange{
			Preflight:       w.Preflight,
			Method:          w.Method,
			URL:             w.URL,
			RequestHeaders:  pairs(w.Header),
			Status:          w.Status,
			ResponseHeaders: pairs(w.ResponseHeader),
		})
	}
	r.Deciding = Decide(sim)
	return r
}

func pairs(l fetch.HeaderList) [][2]string {
	out := make([][2]string, len(l))
	for i, h := range l {
		out[i] = [2]string{h.Name, h.Value}
	}
	return out
}

// Decide says which part of which answer made the browser block res: for
// the CORS check's reasons, Access-Control-Allow-Origin or
// Access-Control-Allow-Credentials of the last answer; for the preflight's,
// its status or the Access-Control-Allow-* header at fault; for redirect
// failures, the Location of the redirect; for a CORP block,
// Cross-Origin-Resource-Policy. It returns nil when res was allowed or
// when no answer decided.
func Decide(res *simulate.Result) *Deciding {
	if res == nil || res.Outcome != simulate.Blocked || len(res.Wire) == 0 {
		return nil
	}
	// The browser stops at the failing hop, so it is the last request on
	// the wire; for a preflight reason, the last preflight.
	hop := len(res.Wire) - 1
	if res.Reason.IsPreflight() {
		for hop >= 0 && !res.Wire[hop].Preflight {
			hop--
		}
		if hop < 0 {
			return nil
		}
	}
	w := res.Wire[hop]
	if w.Status == 0 {
		return nil // no answer: a network failure decided
	}
	d := &Deciding{Exchange: hop}
	switch res.Reason {
	case fetch.ReasonMissingAllowOriginHeader, fetch.ReasonMultipleAllowOriginValues,
		fetch.ReasonInvalidAllowOriginValue, fetch.ReasonAllowOriginMismatch,
		fetch.ReasonWildcardOriginNotAllowed,
		fetch.ReasonPreflightMissingAllowOriginHeader, fetch.ReasonPreflightMultipleAllowOriginValues,
		fetch.ReasonPreflightInvalidAllowOriginValue, fetch.ReasonPreflightAllowOriginMismatch,
		fetch.ReasonPreflightWildcardOriginNotAllowed:
		d.Header = "Access-Control-Allow-Origin"
	case fetch.ReasonInvalidAllowCredentials, fetch.ReasonPreflightInvalidAllowCredentials:
		d.Header = "Access-Control-Allow-Credentials"
	case fetch.ReasonInvalidAllowMethodsPreflightResponse, fetch.ReasonMethodDisallowedByPreflightResponse:
		d.Header = "Access-Control-Allow-Methods"
	case fetch.ReasonInvalidAllowHeadersPreflightResponse, fetch.ReasonHeaderDisallowedByPreflightResponse:
		d.Header = "Access-Control-Allow-Headers"
	case fetch.ReasonPreflightInvalidStatus, fetch.ReasonPreflightDisallowedRedirect:
		d.Status = true
		return d
	case fetch.ReasonBlockedByCORP:
		d.Header = "Cross-Origin-Resource-Policy"
	case fetch.ReasonRedirectContainsCredentials, fetch.ReasonRedirectToNonHTTP,
		fetch.ReasonInvalidRedirectLocation, fetch.ReasonTooManyRedirects,
		fetch.ReasonSameOriginRedirect, fetch.ReasonRedirectModeError,
		fetch.ReasonCorsDisabledScheme, fetch.ReasonDisallowedByMode:
		// These decide on a redirect's target when a redirect led to them;
		// before any request they have no answer to point at.
		if !fetch.IsRedirectStatus(w.Status) {
			return nil
		}
		d.Header = "Location"
	default:
		return nil
	}
	d.Present = w.ResponseHeader.Contains(d.Header)
	return d
}
