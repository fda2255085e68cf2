package origin

// This file pins the exported API of package origin while it is being built.
// Every function here is replaced by its real implementation in its own file.

import "errors"

var errUnimplemented = errors.New("origin: not implemented yet")

// Origin is an origin as the HTML Standard defines it: either a tuple
// (scheme, host, port) or an opaque origin.
type Origin struct {
	scheme string
	host   string // serialized host
	port   int32  // -1 when the port is null (the scheme's default)
	opaque *opaqueIdentity
}

type opaqueIdentity struct{ _ byte }

// URL is a URL record as the URL Standard defines it.
type URL struct {
	Scheme      string
	Username    string
	Password    string
	Host        string // serialized host; meaningful only when HasHost
	HasHost     bool
	Port        int // -1 when null
	Path        string
	OpaquePath  bool
	Query       string
	HasQuery    bool
	Fragment    string
	HasFragment bool
}

// ParseError reports input that the URL parser (or the Origin header parser) rejects.
type ParseError struct {
	Input  string
	Reason string
}

func (e *ParseError) Error() string { return "invalid URL " + e.Input + ": " + e.Reason }

func Opaque() Origin                                 { return Origin{opaque: new(opaqueIdentity)} }
func FromURL(input string) (Origin, error)           { return Origin{}, errUnimplemented }
func ParseURL(input string, base *URL) (*URL, error) { return nil, errUnimplemented }
func ParseSerializedOrigin(s string) (Origin, error) { return Origin{}, errUnimplemented }
func (u *URL) String() string                        { return "" }
func (u *URL) Origin() Origin                        { return Opaque() }
func (u *URL) IncludesCredentials() bool             { return u.Username != "" || u.Password != "" }
func (u *URL) IsSpecial() bool                       { return false }
func (o Origin) IsValid() bool                       { return o.opaque != nil || o.scheme != "" }
func (o Origin) IsOpaque() bool                      { return o.opaque != nil }
func (o Origin) Scheme() string                      { return o.scheme }
func (o Origin) Host() string                        { return o.host }
func (o Origin) Port() (int, bool)                   { return int(o.port), o.port >= 0 }
func (o Origin) String() string                      { return "" }
func (o Origin) SameOrigin(p Origin) bool            { return o == p }
func (o Origin) SameSite(p Origin) bool              { return false }
func (o Origin) SchemelesslySameSite(p Origin) bool  { return false }
func (o Origin) IsPotentiallyTrustworthy() bool      { return false }
