package fetch

import "fmt"

// Engine names whose behaviour to predict: the Fetch Standard to the letter,
// or one of the three browser engines.
type Engine uint8

// The engines. The zero value is EngineSpec.
const (
	EngineSpec Engine = iota
	EngineChromium
	EngineFirefox
	EngineWebKit
)

var engineNames = [...]string{"spec", "chromium", "firefox", "webkit"}

// Engines lists every engine, spec first.
func Engines() []Engine { return []Engine{EngineSpec, EngineChromium, EngineFirefox, EngineWebKit} }

// String returns the engine's name as scenario files spell it: "spec",
// "chromium", "firefox" or "webkit".
func (e Engine) String() string { return enumString(engineNames[:], int(e), "Engine") }

// MarshalText implements encoding.TextMarshaler.
func (e Engine) MarshalText() ([]byte, error) { return marshalEnum(engineNames[:], int(e), "Engine") }

// UnmarshalText implements encoding.TextUnmarshaler.
func (e *Engine) UnmarshalText(b []byte) error {
	return unmarshalEnum(engineNames[:], b, "engine (spec, chromium, firefox, webkit)", (*uint8)(e))
}

// ParseEngine returns the engine named s.
func ParseEngine(s string) (Engine, error) {
	var e Engine
	return e, e.UnmarshalText([]byte(s))
}

// EmptyLocationHandling says what a redirect whose Location header is empty
// does.
type EmptyLocationHandling uint8

const (
	// EmptyLocationFollow: "" resolves to the response's own URL, which
	// redirects to itself until the redirect limit (the spec).
	EmptyLocationFollow EmptyLocationHandling = iota
	// EmptyLocationResponse: the redirect response is the response (the
	// network stack redirects only to a URL).
	EmptyLocationResponse
	// EmptyLocationError: the fetch fails at once.
	EmptyLocationError
)

// LocationLinesHandling says what several Location header lines do.
type LocationLinesHandling uint8

const (
	// LocationLinesFail: more than one line is a network error (the spec:
	// Location allows a single value).
	LocationLinesFail LocationLinesHandling = iota
	// LocationLinesIdenticalAllowed: identical lines count as one; lines
	// that differ fail.
	LocationLinesIdenticalAllowed
	// LocationLinesCombined: the lines are combined with ", " and the
	// result is parsed as one (relative) URL.
	LocationLinesCombined
)

// MaxAgeHandling says what an engine does with an Access-Control-Max-Age
// value it cannot use.
type MaxAgeHandling uint8

const (
	// MaxAgeUseDefault caches the preflight for the default 5 seconds.
	MaxAgeUseDefault MaxAgeHandling = iota
	// MaxAgeNoCache does not cache the preflight at all.
	MaxAgeNoCache
)

// A Profile holds every way an engine departs from the Fetch Standard that
// corsim models. The algorithms consult these fields; no code asks which
// engine it runs for. Each field's comment names its source; the
// Divergences function lists them for documentation and tests.
type Profile struct {
	Engine Engine

	// PreflightCacheCap is the largest Access-Control-Max-Age honoured, in
	// seconds; 0 means no cap (the spec leaves it to the user agent).
	PreflightCacheCap int64
	// MaxAgeUnparsable is what an Access-Control-Max-Age that is not
	// delta-seconds does (including several header lines).
	MaxAgeUnparsable MaxAgeHandling
	// MaxAgeNegative is what a negative integer Access-Control-Max-Age does
	// (the spec treats it as unparsable).
	MaxAgeNegative MaxAgeHandling
	// MaxAgeInteger names the integer parser the engine reads
	// Access-Control-Max-Age with instead of delta-seconds: "" for the spec's
	// 1*DIGIT, "int64" for a signed 64-bit integer with an optional + or -
	// (Chromium's StringToInt64; WebKit's parseInteger also trims
	// whitespace: "int64-trim"). A value out of int64 range is unparsable.
	MaxAgeInteger string
	// CacheReplacesPerKey: a new preflight replaces everything cached for
	// its (origin, URL) instead of adding entries per method and header name,
	// and a cached result is used only when it allows the whole request.
	CacheReplacesPerKey bool
	// CacheKeyedByCredentials: an entry stored by a credentialed preflight
	// does not serve an uncredentialed request (the spec lets it).
	CacheKeyedByCredentials bool
	// CacheCapacity bounds the number of cached preflight results; 0 means
	// corsim's default bound.
	CacheCapacity int
	// CacheMaxURLLength: URLs this long or longer are not cached; 0 means no
	// limit.
	CacheMaxURLLength int
	// CacheHEADNeedsMethodMatch: a cached preflight must list HEAD for a
	// HEAD request (only GET and POST skip the method check on lookup).
	CacheHEADNeedsMethodMatch bool
	// CacheDropsOnFailedLookup: a cached result that does not allow the
	// request is removed before the new preflight.
	CacheDropsOnFailedLookup bool
	// CacheEvictsLeastRecentlyUsed: a full cache evicts the key used least
	// recently; otherwise the oldest stored key goes.
	CacheEvictsLeastRecentlyUsed bool

	// WildcardCoversAuthorization: Access-Control-Allow-Headers: * also
	// allows Authorization (the spec says it never does).
	WildcardCoversAuthorization bool
	// PreflightStatusFirst: a preflight response's status is checked before
	// its CORS check, so a 404 without Access-Control-Allow-Origin reports
	// the status. The spec states the CORS check first, and Chromium checks
	// in that order.
	PreflightStatusFirst bool
	// PreflightRedirectFirst: a redirected preflight fails as such
	// (PreflightDisallowedRedirect) before its CORS check; per spec a
	// redirect status is only a status that is not ok, checked after the
	// CORS check.
	PreflightRedirectFirst bool

	// SafelistedRequestHeader is the engine's CORS-safelisted
	// request-header predicate; nil means the spec's.
	SafelistedRequestHeader func(name, value string) bool
	// SafelistCombinesDuplicates: headers of the same name are combined
	// with ", " and judged as one before the safelist check (engines keep
	// request headers in a map); the spec judges each header line.
	SafelistCombinesDuplicates bool
	// SafelistTotalLimit is how many bytes the safelisted values may total
	// before they all count as CORS-unsafe: 0 means the spec's 1024, -1
	// means no limit.
	SafelistTotalLimit int

	// PreflightOriginKeptAfterRedirect: after a cross-origin redirect, a new
	// preflight carries the page's own origin instead of "null".
	PreflightOriginKeptAfterRedirect bool
	// LocalhostMixedContent: loopback http URLs (localhost names and
	// loopback addresses) count as mixed content on a secure page (they are
	// potentially trustworthy per spec).
	LocalhostMixedContent bool
	// MixedContentSecureSchemeOnly: only pages on https (or wss) restrict
	// mixed content; per spec every potentially trustworthy page does,
	// http://localhost included.
	MixedContentSecureSchemeOnly bool
	// EmptyLocation is what a redirect with an empty Location header does
	// under redirect mode follow.
	EmptyLocation EmptyLocationHandling
	// LocationLines is what several Location header lines do.
	LocationLines LocationLinesHandling
	// RedirectKeepsAuthorization: Authorization survives a redirect to
	// another origin (per spec it is removed).
	RedirectKeepsAuthorization bool
	// CacheWildcardLiteral: a "*" stored in the preflight cache matches only
	// a method or header literally named "*" (per spec it matches any, for
	// uncredentialed requests).
	CacheWildcardLiteral bool
	// CacheWildcardCoversAuthorization: a cached "*" header name also
	// matches Authorization (the spec's header-name cache entry match never
	// lets it), so a request whose preflight let "*" cover Authorization
	// is not preflighted again.
	CacheWildcardCoversAuthorization bool
	// CacheSkipsOpaqueOrigins: preflights made by a page with an opaque
	// origin (a sandboxed document) are not cached: its network partition
	// is transient.
	CacheSkipsOpaqueOrigins bool
	// UnsupportedSchemeCheckedFirst: fetch() refuses a URL whose scheme is
	// not http, https, data or blob before anything else, in every mode
	// (CorsDisabledScheme: "URL scheme ... is not supported"); per spec a
	// no-cors or same-origin request reaches scheme fetch first.
	UnsupportedSchemeCheckedFirst bool
	// LocalResourceBlocked: a page that is not itself a file: document
	// cannot fetch file: URLs at all ("Not allowed to load local
	// resource"); per spec it fails as any other non-HTTP(S) URL does.
	LocalResourceBlocked bool
	// ExtraForbiddenRequestHeaders lists header names the engine drops from
	// script's requests although the spec lets script set them.
	ExtraForbiddenRequestHeaders []string
	// RedirectErrorNeedsLocation: redirect mode error refuses only a
	// redirect the network stack would follow (one with a Location); per
	// spec every redirect status is refused. (Manual mode goes by the
	// status in every engine.)
	RedirectErrorNeedsLocation bool
	// CredentialedRedirectBlocked: a redirect to a URL with a username or
	// password is not followed at all, even within an origin (Chromium
	// blocks subresource URLs with embedded credentials).
	CredentialedRedirectBlocked bool
	// ACRHKeepsDuplicates: Access-Control-Request-Headers lists a name once
	// per header line that carries it (sorted, lower-cased, not
	// deduplicated).
	ACRHKeepsDuplicates bool
	// PreflightStickyAcrossRedirects: once a request was preflighted, every
	// hop after a redirect is preflighted too, even when the redirected
	// request (a GET after a 303) would need none.
	PreflightStickyAcrossRedirects bool
	// ContentTypeCombinedWithoutSpace: repeated Content-Type response lines
	// read joined by "," (the header list's get joins with ", ").
	ContentTypeCombinedWithoutSpace bool
	// DataURLContentLength: a data: URL's response carries Content-Length
	// (the body's length) besides Content-Type; the data: URL processor
	// gives Content-Type only.
	DataURLContentLength bool
	// CORSDisabledSchemeOnRedirect: a cors-tainted request redirected to a
	// scheme other than HTTP(S) fails the CORS protocol (CorsDisabledScheme)
	// unless the network stack refuses the target first (data:, file:);
	// per spec every such redirect is a plain network error.
	CORSDisabledSchemeOnRedirect bool
	// RedirectSchemesRefused are the schemes the network stack refuses as a
	// redirect target before the CORS layer sees them (a network error
	// without a CORS reason), in profiles with CORSDisabledSchemeOnRedirect.
	RedirectSchemesRefused []string
	// LocalResourceOnRedirect: a redirect to a file: URL is refused as a
	// local resource the redirecting URL may not load (per spec it is a
	// redirect to a scheme other than HTTP(S), a network error).
	LocalResourceOnRedirect bool
	// ModeCheckedFirst: a same-origin mode request to another origin fails
	// before the mixed-content and bad-port checks (the fetch() code checks
	// the mode before the loader checks the URL); per spec those checks of
	// main fetch step 7 come first.
	ModeCheckedFirst bool
}

// Profile returns the engine's profile. Profiles are values: changing the
// returned copy changes nothing else.
func (e Engine) Profile() Profile {
	switch e {
	case EngineChromium:
		return Profile{
			Engine:                 e,
			PreflightRedirectFirst: true,
			// services/network/cors/preflight_result.cc: kMaxTimeout = 2 h;
			// StringToInt64 failure gives the 5 s default; negative gives 0.
			PreflightCacheCap: 7200,
			MaxAgeUnparsable:  MaxAgeUseDefault,
			MaxAgeNegative:    MaxAgeNoCache,
			MaxAgeInteger:     "int64",
			// services/network/cors/preflight_cache.cc: one PreflightResult
			// per (origin, URL, isolation key), 1024 entries, URLs of 1024
			// bytes or more not cached; a failed lookup erases the entry.
			CacheReplacesPerKey:         true,
			CacheCapacity:               1024,
			CacheMaxURLLength:           1024,
			CacheDropsOnFailedLookup:    true,
			WildcardCoversAuthorization: true,
			SafelistedRequestHeader:     chromiumIsCORSSafelistedRequestHeader,
			// Blink's HTTPHeaderMap combines repeated request headers
			// before the network service judges them.
			SafelistCombinesDuplicates: true,
			// third_party/blink/renderer/core/loader/mixed_content_checker.cc:
			// only schemes restricting mixed content (https) count.
			MixedContentSecureSchemeOnly: true,
			// Observed in Chromium 156: a redirect to ftp: reports
			// CorsDisabledScheme; one to data: fails as ERR_UNSAFE_REDIRECT.
			CORSDisabledSchemeOnRedirect: true,
			// ERR_UNSAFE_REDIRECT (observed for data:, file:, about:).
			RedirectSchemesRefused: []string{"data", "file", "about", "blob", "javascript", "filesystem"},
			// Observed in Chromium 156: DisallowedByMode for a same-origin
			// mode fetch of an http URL from an https page.
			ModeCheckedFirst: true,
			// Observed in Chromium 156 (conformance corpus): an empty
			// Location is the response; identical Location lines are one;
			// the cache neither lets "*" cover Authorization nor keeps a
			// sandboxed page's preflights; ftp: fails in every mode; file:
			// is a local resource; script cannot set User-Agent.
			EmptyLocation:                 EmptyLocationResponse,
			LocationLines:                 LocationLinesIdenticalAllowed,
			CacheSkipsOpaqueOrigins:       true,
			UnsupportedSchemeCheckedFirst: true,
			LocalResourceBlocked:          true,
			ExtraForbiddenRequestHeaders:  []string{"User-Agent"},
			RedirectErrorNeedsLocation:    true,
			CredentialedRedirectBlocked:   true,
		}
	case EngineFirefox:
		return Profile{
			Engine: e,
			// nsCORSListenerProxy.cpp: std::min(age, 86400U); a value with
			// any non-digit is not cached; entries keyed by withCredentials;
			// 100 entries, LRU; only GET and POST skip the method check.
			PreflightCacheCap:                86400,
			MaxAgeUnparsable:                 MaxAgeNoCache,
			MaxAgeNegative:                   MaxAgeNoCache,
			CacheKeyedByCredentials:          true,
			CacheCapacity:                    100,
			CacheEvictsLeastRecentlyUsed:     true,
			CacheHEADNeedsMethodMatch:        true,
			WildcardCoversAuthorization:      true,
			SafelistedRequestHeader:          firefoxIsCORSSafelistedRequestHeader,
			PreflightOriginKeptAfterRedirect: true,
			MixedContentSecureSchemeOnly:     true,
			LocationLines:                    LocationLinesIdenticalAllowed,
			CacheWildcardLiteral:             true,
			LocalResourceBlocked:             true,
			// Observed in Firefox 153 by the differential harness:
			// repeated request headers judged line by line with no total
			// limit, ACRH not deduplicated, the CORS check of a preflight
			// before its status, the mode before mixed content, an empty
			// Location followed, ftp: redirects refused as not http.
			SafelistTotalLimit:              -1,
			ACRHKeepsDuplicates:             true,
			PreflightStickyAcrossRedirects:  true,
			ContentTypeCombinedWithoutSpace: true,
			ModeCheckedFirst:                true,
			CORSDisabledSchemeOnRedirect:    true,
			// Observed: data: fails without a CORS reason, about: reaches
			// the CORS check (CORSRequestNotHttp), file: is a local
			// resource.
			RedirectSchemesRefused:  []string{"data", "blob", "javascript", "filesystem"},
			LocalResourceOnRedirect: true,
			DataURLContentLength:    true,
		}
	case EngineWebKit:
		return Profile{
			Engine:                 e,
			PreflightRedirectFirst: true,
			// CrossOriginPreflightResultCache.cpp: maxPreflightCacheTimeout
			// = 600 s; one item per key, replaced; removed on failed lookup.
			PreflightCacheCap:           600,
			MaxAgeUnparsable:            MaxAgeUseDefault,
			MaxAgeNegative:              MaxAgeNoCache,
			MaxAgeInteger:               "int64-trim",
			CacheReplacesPerKey:         true,
			CacheDropsOnFailedLookup:    true,
			WildcardCoversAuthorization: true,
			SafelistedRequestHeader:     webkitIsCORSSafelistedRequestHeader,
			// CrossOriginAccessControl.cpp: the safelist walks an
			// HTTPHeaderMap, which holds repeated headers combined, and
			// sums no sizes (no 1024-byte rule).
			SafelistCombinesDuplicates:   true,
			SafelistTotalLimit:           -1,
			LocalhostMixedContent:        true,
			MixedContentSecureSchemeOnly: true,
			EmptyLocation:                EmptyLocationError,
			LocationLines:                LocationLinesCombined,
			// Observed in WebKitGTK 2.50 by the differential harness: the
			// preflight repeats after redirects, Authorization survives a
			// cross-origin redirect, redirect mode error needs a Location,
			// the mode is checked before mixed content, and a file: URL
			// fetched in mode cors fails as a scheme other than HTTP(S).
			PreflightStickyAcrossRedirects:   true,
			RedirectKeepsAuthorization:       true,
			RedirectErrorNeedsLocation:       true,
			ModeCheckedFirst:                 true,
			CacheWildcardCoversAuthorization: true,
			PreflightStatusFirst:             true,
		}
	default:
		return Profile{
			Engine:                  EngineSpec,
			MaxAgeUnparsable:        MaxAgeUseDefault,
			MaxAgeNegative:          MaxAgeUseDefault,
			SafelistedRequestHeader: IsCORSSafelistedRequestHeader,
		}
	}
}

// DefaultMaxAge is the number of seconds a preflight is cached when its
// response has no usable Access-Control-Max-Age; every engine agrees.
const DefaultMaxAge = 5

// defaultCacheCapacity bounds the preflight cache of profiles that set no
// capacity of their own.
const defaultCacheCapacity = 1024

// String describes the profile by its engine's name.
func (p Profile) String() string { return fmt.Sprintf("%s profile", p.Engine) }
