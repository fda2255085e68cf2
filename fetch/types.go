package fetch

import "fmt"

// Mode is a request's [mode].
//
// [mode]: https://fetch.spec.whatwg.org/#concept-request-mode
type Mode uint8

// The request modes. The zero value is ModeCORS, the mode fetch() and
// new Request() use by default (the spec's own default, "no-cors", is for
// requests made by HTML elements).
const (
	ModeCORS Mode = iota
	ModeSameOrigin
	ModeNoCORS
	ModeNavigate
	ModeWebSocket
)

var modeNames = [...]string{"cors", "same-origin", "no-cors", "navigate", "websocket"}

// String returns the spec's name of the mode, e.g. "no-cors".
func (m Mode) String() string { return enumString(modeNames[:], int(m), "Mode") }

// MarshalText implements encoding.TextMarshaler with the spec's name.
func (m Mode) MarshalText() ([]byte, error) { return marshalEnum(modeNames[:], int(m), "Mode") }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Mode) UnmarshalText(b []byte) error {
	return unmarshalEnum(modeNames[:], b, "mode", (*uint8)(m))
}

// ParseMode returns the mode the spec names s.
func ParseMode(s string) (Mode, error) {
	var m Mode
	return m, m.UnmarshalText([]byte(s))
}

// CredentialsMode is a request's [credentials mode].
//
// [credentials mode]: https://fetch.spec.whatwg.org/#concept-request-credentials-mode
type CredentialsMode uint8

// The credentials modes. The zero value is CredentialsSameOrigin, the
// default of fetch() and new Request().
const (
	CredentialsSameOrigin CredentialsMode = iota
	CredentialsOmit
	CredentialsInclude
)

var credentialsNames = [...]string{"same-origin", "omit", "include"}

// String returns the spec's name of the credentials mode, e.g. "include".
func (c CredentialsMode) String() string {
	return enumString(credentialsNames[:], int(c), "CredentialsMode")
}

// MarshalText implements encoding.TextMarshaler with the spec's name.
func (c CredentialsMode) MarshalText() ([]byte, error) {
	return marshalEnum(credentialsNames[:], int(c), "CredentialsMode")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *CredentialsMode) UnmarshalText(b []byte) error {
	return unmarshalEnum(credentialsNames[:], b, "credentials mode", (*uint8)(c))
}

// ParseCredentialsMode returns the credentials mode the spec names s.
func ParseCredentialsMode(s string) (CredentialsMode, error) {
	var c CredentialsMode
	return c, c.UnmarshalText([]byte(s))
}

// RedirectMode is a request's [redirect mode].
//
// [redirect mode]: https://fetch.spec.whatwg.org/#concept-request-redirect-mode
type RedirectMode uint8

// The redirect modes. The zero value is RedirectFollow, the default.
const (
	RedirectFollow RedirectMode = iota
	RedirectError
	RedirectManual
)

var redirectNames = [...]string{"follow", "error", "manual"}

// String returns the spec's name of the redirect mode, e.g. "manual".
func (r RedirectMode) String() string { return enumString(redirectNames[:], int(r), "RedirectMode") }

// MarshalText implements encoding.TextMarshaler with the spec's name.
func (r RedirectMode) MarshalText() ([]byte, error) {
	return marshalEnum(redirectNames[:], int(r), "RedirectMode")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *RedirectMode) UnmarshalText(b []byte) error {
	return unmarshalEnum(redirectNames[:], b, "redirect mode", (*uint8)(r))
}

// ParseRedirectMode returns the redirect mode the spec names s.
func ParseRedirectMode(s string) (RedirectMode, error) {
	var r RedirectMode
	return r, r.UnmarshalText([]byte(s))
}

// ResponseTainting is a request's [response tainting]: what kind of filtered
// response main fetch gives the request.
//
// [response tainting]: https://fetch.spec.whatwg.org/#concept-request-response-tainting
type ResponseTainting uint8

// The response taintings; the zero value is TaintingBasic, the spec's
// default.
const (
	TaintingBasic ResponseTainting = iota
	TaintingCORS
	TaintingOpaque
)

var taintingNames = [...]string{"basic", "cors", "opaque"}

// String returns the spec's name of the tainting, e.g. "cors".
func (t ResponseTainting) String() string {
	return enumString(taintingNames[:], int(t), "ResponseTainting")
}

// MarshalText implements encoding.TextMarshaler with the spec's name.
func (t ResponseTainting) MarshalText() ([]byte, error) {
	return marshalEnum(taintingNames[:], int(t), "ResponseTainting")
}

// ResponseType is a response's [type].
//
// [type]: https://fetch.spec.whatwg.org/#concept-response-type
type ResponseType uint8

// The response types. The zero value is ResponseDefault, the type of an
// unfiltered response.
const (
	ResponseDefault ResponseType = iota
	ResponseBasic
	ResponseCORS
	ResponseError
	ResponseOpaque
	ResponseOpaqueRedirect
)

var typeNames = [...]string{"default", "basic", "cors", "error", "opaque", "opaqueredirect"}

// String returns the spec's name of the type, e.g. "opaqueredirect".
func (t ResponseType) String() string { return enumString(typeNames[:], int(t), "ResponseType") }

// MarshalText implements encoding.TextMarshaler with the spec's name.
func (t ResponseType) MarshalText() ([]byte, error) {
	return marshalEnum(typeNames[:], int(t), "ResponseType")
}

// ReferrerPolicy is a [referrer policy]; it decides, for requests that are not
// CORS requests, whether the Origin header says "null".
//
// [referrer policy]: https://w3c.github.io/webappsec-referrer-policy/#referrer-policy
type ReferrerPolicy uint8

// The referrer policies. The zero value is the empty policy, which main
// fetch replaces with the default, strict-origin-when-cross-origin.
const (
	ReferrerPolicyDefault ReferrerPolicy = iota
	ReferrerPolicyNoReferrer
	ReferrerPolicyNoReferrerWhenDowngrade
	ReferrerPolicySameOrigin
	ReferrerPolicyOrigin
	ReferrerPolicyStrictOrigin
	ReferrerPolicyOriginWhenCrossOrigin
	ReferrerPolicyStrictOriginWhenCrossOrigin
	ReferrerPolicyUnsafeURL
)

var referrerPolicyNames = [...]string{"", "no-referrer", "no-referrer-when-downgrade", "same-origin",
	"origin", "strict-origin", "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"}

// String returns the policy's token, e.g. "no-referrer"; the empty policy
// is "".
func (p ReferrerPolicy) String() string {
	return enumString(referrerPolicyNames[:], int(p), "ReferrerPolicy")
}

// MarshalText implements encoding.TextMarshaler with the policy's token.
func (p ReferrerPolicy) MarshalText() ([]byte, error) {
	return marshalEnum(referrerPolicyNames[:], int(p), "ReferrerPolicy")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *ReferrerPolicy) UnmarshalText(b []byte) error {
	return unmarshalEnum(referrerPolicyNames[:], b, "referrer policy", (*uint8)(p))
}

// RedirectTaint is the result of a request's [redirect-taint]. Anything but
// RedirectTaintSameOrigin makes the request's origin serialize as "null".
//
// [redirect-taint]: https://fetch.spec.whatwg.org/#concept-request-tainted-origin
type RedirectTaint uint8

// The redirect-taint values.
const (
	RedirectTaintSameOrigin RedirectTaint = iota
	RedirectTaintSameSite
	RedirectTaintCrossSite
)

var redirectTaintNames = [...]string{"same-origin", "same-site", "cross-site"}

// String returns the spec's name of the value, e.g. "cross-site".
func (t RedirectTaint) String() string {
	return enumString(redirectTaintNames[:], int(t), "RedirectTaint")
}

func enumString(names []string, i int, typ string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", typ, i)
}

func marshalEnum(names []string, i int, typ string) ([]byte, error) {
	if i >= 0 && i < len(names) {
		return []byte(names[i]), nil
	}
	return nil, fmt.Errorf("fetch: invalid %s %d", typ, i)
}

func unmarshalEnum(names []string, b []byte, what string, dst *uint8) error {
	for i, n := range names {
		if string(b) == n {
			*dst = uint8(i)
			return nil
		}
	}
	return fmt.Errorf("fetch: %q is not a valid %s", b, what)
}
