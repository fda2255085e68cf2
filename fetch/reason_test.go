package fetch

import (
	"strings"
	"testing"
)

// TestReasonValuesAreStable pins the number of every reason: reasons may be
// stored, so a renumbering must fail here. New reasons go at the end.
func TestReasonValuesAreStable(t *testing.T) {
	pinned := []struct {
		value uint16
		name  string
	}{
		{0, "None"},
		{1, "MissingAllowOriginHeader"},
		{2, "MultipleAllowOriginValues"},
		{3, "InvalidAllowOriginValue"},
		{4, "AllowOriginMismatch"},
		{5, "WildcardOriginNotAllowed"},
		{6, "InvalidAllowCredentials"},
		{7, "PreflightInvalidStatus"},
		{8, "PreflightDisallowedRedirect"},
		{9, "PreflightMissingAllowOriginHeader"},
		{10, "PreflightMultipleAllowOriginValues"},
		{11, "PreflightInvalidAllowOriginValue"},
		{12, "PreflightAllowOriginMismatch"},
		{13, "PreflightWildcardOriginNotAllowed"},
		{14, "PreflightInvalidAllowCredentials"},
		{15, "InvalidAllowMethodsPreflightResponse"},
		{16, "InvalidAllowHeadersPreflightResponse"},
		{17, "MethodDisallowedByPreflightResponse"},
		{18, "HeaderDisallowedByPreflightResponse"},
		{19, "InvalidResponse"},
		{20, "DisallowedByMode"},
		{21, "CorsDisabledScheme"},
		{22, "RedirectContainsCredentials"},
		{23, "NoCorsRedirectModeNotFollow"},
		{24, "TypeError"},
		{25, "MixedContent"},
		{26, "BadPort"},
		{27, "RedirectModeError"},
		{28, "TooManyRedirects"},
		{29, "RedirectToNonHTTP"},
		{30, "InvalidRedirectLocation"},
		{31, "SameOriginRedirect"},
		{32, "BlockedByCORP"},
		{33, "NetworkError"},
	}
	for _, p := range pinned {
		if got := Reason(p.value).String(); got != p.name {
			t.Errorf("Reason(%d).String(): got %q, want %q (reasons must never be renumbered)", p.value, got, p.name)
		}
	}
	// The named constants hold the pinned values.
	for r, want := range map[Reason]uint16{
		ReasonNone: 0, ReasonMissingAllowOriginHeader: 1, ReasonWildcardOriginNotAllowed: 5, ReasonInvalidAllowCredentials: 6,
		ReasonPreflightInvalidStatus: 7, ReasonHeaderDisallowedByPreflightResponse: 18, ReasonInvalidResponse: 19,
		ReasonNoCorsRedirectModeNotFollow: 23, ReasonTypeError: 24, ReasonNetworkError: 33,
	} {
		if uint16(r) != want {
			t.Errorf("Reason%s = %d, want %d", r, uint16(r), want)
		}
	}
	if got := len(Reasons()); got < len(pinned)-1 {
		t.Errorf("len(Reasons()): got %d, want at least %d", got, len(pinned)-1)
	}
}

func TestReasonMetadata(t *testing.T) {
	rs := Reasons()
	if rs[0] != Reason(1) {
		t.Errorf("Reasons()[0]: got %v, want Reason(1) (ReasonNone is left out)", rs[0])
	}
	seen := map[string]bool{}
	for i, r := range rs {
		if r != Reason(i+1) {
			t.Errorf("Reasons()[%d]: got %d, want %d", i, r, i+1)
		}
		name := r.String()
		if name == "" || strings.HasPrefix(name, "Reason(") || seen[name] {
			t.Errorf("Reason %d: name %q is empty, unnamed or repeated", uint16(r), name)
		}
		seen[name] = true
		if a := r.Anchor(); !strings.HasPrefix(a, "https://") || !strings.Contains(a, "#") || strings.HasSuffix(a, "#") {
			t.Errorf("%v.Anchor(): got %q, want a URL with a fragment", r, a)
		}
		if r.Step() == "" {
			t.Errorf("%v.Step(): empty", r)
		}
		if r.OK() {
			t.Errorf("%v.OK(): got true", r)
		}
		// Text round trip.
		b, err := r.MarshalText()
		if err != nil || string(b) != name {
			t.Errorf("%v.MarshalText(): got (%q, %v), want (%q, nil)", r, b, err, name)
		}
		var back Reason
		if err := back.UnmarshalText(b); err != nil || back != r {
			t.Errorf("UnmarshalText(%q): got (%v, %v), want %v", b, back, err, r)
		}
		// CORS protocol failures carry Chromium's CorsError name.
		if r.IsCORS() != (r.CorsError() != "") {
			t.Errorf("%v: IsCORS() %v but CorsError() %q", r, r.IsCORS(), r.CorsError())
		}
		if r.IsCORS() && r.CorsError() != name {
			t.Errorf("%v.CorsError(): got %q, want the reason's own name", r, r.CorsError())
		}
		if r.IsPreflight() && (!r.IsCORS() || !strings.Contains(r.Anchor(), "#cors-preflight-fetch")) {
			t.Errorf("%v: a preflight reason must be a CORS reason anchored at the CORS-preflight fetch (anchor %q)", r, r.Anchor())
		}
		if ff := r.FirefoxReason(); ff != "" && !strings.HasPrefix(ff, "CORS") {
			t.Errorf("%v.FirefoxReason(): got %q, want a CORS... code", r, ff)
		}
	}
	if !ReasonNone.OK() || ReasonNone.String() != "None" || ReasonNone.Message(EngineChromium, MessageContext{}) != "" {
		t.Errorf("ReasonNone: OK %v, name %q", ReasonNone.OK(), ReasonNone.String())
	}
	bad := Reason(60000)
	if bad.String() != "Reason(60000)" || bad.CorsError() != "" || bad.FirefoxReason() != "" || bad.Anchor() != "" ||
		bad.Step() != "" || bad.IsCORS() || bad.IsPreflight() || bad.Message(EngineSpec, MessageContext{URL: "u"}) != "" {
		t.Errorf("an unknown reason has metadata: %q %q %q", bad.String(), bad.CorsError(), bad.Anchor())
	}
	if _, err := bad.MarshalText(); err == nil {
		t.Errorf("MarshalText of an unknown reason: got no error")
	}
	var r Reason
	if err := r.UnmarshalText([]byte("NoSuchReason")); err == nil {
		t.Errorf("UnmarshalText(NoSuchReason): got no error")
	}
	if err := r.UnmarshalText([]byte("missingalloworiginheader")); err == nil {
		t.Errorf("UnmarshalText is case-sensitive: got no error for a lower-case name")
	}
}

// TestReasonSteps pins the spec step each reason names where the step
// number matters to a reader of the CORS check.
func TestReasonSteps(t *testing.T) {
	for r, want := range map[Reason]string{
		ReasonMissingAllowOriginHeader:            "CORS check, step 2",
		ReasonAllowOriginMismatch:                 "CORS check, step 4",
		ReasonWildcardOriginNotAllowed:            "CORS check, step 4", // step 3 only succeeds; with include, * fails at 4
		ReasonInvalidAllowCredentials:             "CORS check, steps 6-8",
		ReasonPreflightWildcardOriginNotAllowed:   "CORS-preflight fetch, step 7 (CORS check, step 4)",
		ReasonMethodDisallowedByPreflightResponse: "CORS-preflight fetch, step 7.5",
		ReasonRedirectContainsCredentials:         "HTTP-redirect fetch, steps 9-10",
		ReasonTooManyRedirects:                    "HTTP-redirect fetch, step 7",
	} {
		if got := r.Step(); got != want {
			t.Errorf("%v.Step(): got %q, want %q", r, got, want)
		}
	}
}

func TestPreflightVariant(t *testing.T) {
	for r, want := range map[Reason]Reason{
		ReasonMissingAllowOriginHeader:  ReasonPreflightMissingAllowOriginHeader,
		ReasonMultipleAllowOriginValues: ReasonPreflightMultipleAllowOriginValues,
		ReasonInvalidAllowOriginValue:   ReasonPreflightInvalidAllowOriginValue,
		ReasonAllowOriginMismatch:       ReasonPreflightAllowOriginMismatch,
		ReasonWildcardOriginNotAllowed:  ReasonPreflightWildcardOriginNotAllowed,
		ReasonInvalidAllowCredentials:   ReasonPreflightInvalidAllowCredentials,
		ReasonNetworkError:              ReasonNetworkError,
	} {
		if got := r.preflightVariant(); got != want {
			t.Errorf("%v.preflightVariant(): got %v, want %v", r, got, want)
		}
		if got := r.preflightVariant(); got != ReasonNetworkError && (got.FirefoxReason() != r.FirefoxReason() || !got.IsPreflight()) {
			t.Errorf("%v and its preflight twin %v map to Firefox codes %q and %q", r, got, r.FirefoxReason(), got.FirefoxReason())
		}
	}
}

// representativeContext is a message context as simulate fills it for a
// failure with reason r.
func representativeContext(r Reason) MessageContext {
	ctx := MessageContext{
		URL: apiB + "/data", Origin: pageA, PageURL: pageA + "/index.html",
		Value: "x-custom", Status: 200, AllowOriginLines: 1, Method: "PUT",
	}
	switch r {
	case ReasonMultipleAllowOriginValues, ReasonPreflightMultipleAllowOriginValues:
		ctx.Value, ctx.AllowOriginLines = pageA+", "+apiB, 2
	case ReasonPreflightInvalidStatus:
		ctx.Status = 404
	case ReasonRedirectContainsCredentials, ReasonRedirectToNonHTTP, ReasonTooManyRedirects:
		ctx.InitialURL = pageA + "/start"
	case ReasonMixedContent:
		ctx.URL = "http://api.example/data"
	case ReasonNetworkError, ReasonInvalidResponse:
		ctx.Status = 0
	}
	ctx.CORS = true
	return ctx
}

func TestEveryReasonHasAMessage(t *testing.T) {
	for _, r := range Reasons() {
		for _, e := range Engines() {
			got := r.Message(e, representativeContext(r))
			if r == ReasonTypeError {
				// fetch() throws to script; nothing reaches the console.
				if got != "" {
					t.Errorf("%v.Message(%v): got %q, want none", r, e, got)
				}
				continue
			}
			if r == ReasonCredentialedRedirect && e != EngineWebKit {
				// Observed: Chromium 156 prints no console line (only a
				// DevTools deprecation issue); no other engine refuses it.
				if got != "" {
					t.Errorf("%v.Message(%v): got %q, want none", r, e, got)
				}
				continue
			}
			if e == EngineFirefox && firefoxSilent[r] {
				// Observed: Firefox 153 prints nothing for these.
				if got != "" {
					t.Errorf("%v.Message(firefox): got %q, want none", r, got)
				}
				continue
			}
			if strings.TrimSpace(got) == "" {
				t.Errorf("%v.Message(%v): empty", r, e)
			}
		}
	}
}

// firefoxSilent are the failures Firefox 153 prints no console line for
// (observed by the differential harness: a bad port, redirect mode error,
// no-cors with redirect manual).
var firefoxSilent = map[Reason]bool{
	ReasonBadPort: true, ReasonRedirectModeError: true, ReasonNoCorsRedirectModeNotFollow: true,
}
