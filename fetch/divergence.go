package fetch

// A Divergence is one way engines depart from the Fetch Standard (or from
// each other) that corsim models, with what each does and where that was
// read or observed. The Profile fields named by Field hold the behaviour;
// this record documents it.
type Divergence struct {
	// ID is a short stable name, e.g. "authorization-wildcard".
	ID string
	// Field names the Profile field that holds the behaviour.
	Field string
	// Summary says what differs.
	Summary string
	// Spec, Chromium, Firefox and WebKit describe each one's behaviour.
	Spec, Chromium, Firefox, WebKit string
	// Source says where each behaviour was read or observed.
	Source string
}

// Divergences lists every engine divergence corsim models, in a stable
// order.
func Divergences() []Divergence {
	return []Divergence{
		{
			ID: "authorization-wildcard", Field: "WildcardCoversAuthorization",
			Summary:  "Access-Control-Allow-Headers: * covering Authorization",
			Spec:     "never covers it",
			Chromium: "covers it (DevTools issue)", Firefox: "covers it (console warning)", WebKit: "covers it",
			Source: "whatwg/fetch#1919; Chromium preflight_result.cc; Firefox pref network.cors_preflight.authorization_covered_by_wildcard",
		},
		{
			ID: "preflight-status-order", Field: "PreflightStatusFirst",
			Summary:  "a preflight response with a bad status and no Access-Control-Allow-Origin",
			Spec:     "the CORS check is stated first (PreflightMissingAllowOriginHeader)",
			Chromium: "CORS check first (observed)", Firefox: "CORS check first (observed: CORSMissingAllowOrigin, Status code: 404)",
			WebKit: "status first (observed: \"Preflight response is not successful\")",
			Source: "Chromium 156, Firefox 153 and WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "preflight-redirect-order", Field: "PreflightRedirectFirst",
			Summary:  "a redirected preflight response without Access-Control-Allow-Origin",
			Spec:     "the CORS check first (PreflightMissingAllowOriginHeader); a redirect is only a status that is not ok",
			Chromium: "the redirect first: PreflightDisallowedRedirect (observed)",
			Firefox:  "as spec (observed: CORSMissingAllowOrigin)", WebKit: "the status first (\"Preflight response is not successful\")",
			Source: "Chromium 156 and Firefox 153 observed by conformance/browser; WebKit CrossOriginAccessControl.cpp",
		},
		{
			ID: "safelisted-request-headers", Field: "SafelistedRequestHeader",
			Summary:  "which request headers are CORS-safelisted",
			Spec:     "Accept, Accept-Language, Content-Language, Content-Type, Range with their value rules",
			Chromium: "also DPR, Width, Viewport-Width, Device-Memory, RTT, Downlink, ECT, Save-Data, Intervention; own Range and Content-Type parsing",
			Firefox:  "bytes 0x80 and above are unsafe in Accept, Content-Type and the language headers",
			WebKit:   "own Range parsing",
			Source:   "Chromium services/network/public/cpp/cors/cors.cc; Gecko nsContentUtils; WebKit CrossOriginAccessControl.cpp",
		},
		{
			ID: "safelist-duplicate-headers", Field: "SafelistCombinesDuplicates",
			Summary:  "repeated request headers and the safelist",
			Spec:     "each header line judged alone",
			Chromium: "combined with \", \" first (observed)", Firefox: "each header line judged alone (observed)", WebKit: "combined with \", \" first (observed)",
			Source: "observed by conformance/browser (two Content-Type: text/plain lines; two 100-byte Accept lines)",
		},
		{
			ID: "safelist-total-limit", Field: "SafelistTotalLimit",
			Summary:  "1024-byte total of safelisted values",
			Spec:     "over 1024 bytes all become unsafe",
			Chromium: "over 1024 bytes all become unsafe", Firefox: "no total limit (observed: nine 128-byte Accept lines, no preflight)", WebKit: "no total limit",
			Source: "Chromium cors.cc; Firefox 153 observed by conformance/browser; WebKit CrossOriginAccessControl.cpp",
		},
		{
			ID: "preflight-cache-cap", Field: "PreflightCacheCap",
			Summary:  "largest Access-Control-Max-Age honoured",
			Spec:     "user-agent defined (no cap modelled)",
			Chromium: "7200 s", Firefox: "86400 s", WebKit: "600 s",
			Source: "Chromium preflight_result.cc kMaxTimeout; Gecko nsCORSListenerProxy.cpp; WebKit CrossOriginPreflightResultCache.cpp",
		},
		{
			ID: "max-age-unparsable", Field: "MaxAgeUnparsable",
			Summary:  "an Access-Control-Max-Age that is not delta-seconds",
			Spec:     "default 5 s",
			Chromium: "default 5 s", Firefox: "not cached", WebKit: "default 5 s",
			Source: "SPEC.md §4.1",
		},
		{
			ID: "max-age-negative", Field: "MaxAgeNegative",
			Summary:  "a negative Access-Control-Max-Age",
			Spec:     "unparsable, so default 5 s",
			Chromium: "not cached", Firefox: "not cached", WebKit: "not cached",
			Source: "SPEC.md §4.1",
		},
		{
			ID: "max-age-integer", Field: "MaxAgeInteger",
			Summary:  "how Access-Control-Max-Age is read",
			Spec:     "delta-seconds: ASCII digits only",
			Chromium: "a signed 64-bit integer (\"+60\" is 60; out of range is unparsable)",
			Firefox:  "digits only", WebKit: "a signed 64-bit integer, surrounding whitespace trimmed",
			Source: "Chromium preflight_result.cc (StringToInt64); WebKit CrossOriginPreflightResultCache.cpp (parseInteger)",
		},
		{
			ID: "preflight-cache-granularity", Field: "CacheReplacesPerKey",
			Summary:  "what the preflight cache keeps per URL",
			Spec:     "an entry per method and header name, merged across preflights",
			Chromium: "the latest preflight's result only", Firefox: "as spec", WebKit: "the latest preflight's result only",
			Source: "Chromium preflight_cache.cc; WebKit CrossOriginPreflightResultCache.cpp",
		},
		{
			ID: "preflight-cache-credentials", Field: "CacheKeyedByCredentials",
			Summary:  "a credentialed cache entry serving an uncredentialed request",
			Spec:     "it does",
			Chromium: "it does", Firefox: "it does not (credentials are part of the key)", WebKit: "it does",
			Source: "Gecko nsCORSListenerProxy.cpp",
		},
		{
			ID: "preflight-cache-head", Field: "CacheHEADNeedsMethodMatch",
			Summary:  "HEAD on a preflight cache lookup",
			Spec:     "safelisted, needs no method match",
			Chromium: "as spec", Firefox: "needs a cached method match", WebKit: "as spec",
			Source: "Gecko nsCORSListenerProxy.cpp",
		},
		{
			ID: "preflight-cache-size", Field: "CacheCapacity",
			Summary:  "preflight cache size",
			Spec:     "unbounded (corsim bounds it at 1024 keys)",
			Chromium: "1024 entries", Firefox: "100 entries, least recently used evicted", WebKit: "unbounded (corsim bounds it at 1024 keys)",
			Source: "Chromium preflight_cache.cc; Gecko nsCORSListenerProxy.cpp",
		},
		{
			ID: "preflight-cache-eviction", Field: "CacheEvictsLeastRecentlyUsed",
			Summary:  "which entry a full preflight cache evicts",
			Spec:     "user-agent defined (corsim: the oldest stored)",
			Chromium: "ten at random (corsim: the oldest stored)", Firefox: "the least recently used", WebKit: "never full",
			Source: "Chromium preflight_cache.cc; Gecko nsCORSListenerProxy.cpp",
		},
		{
			ID: "preflight-cache-url-length", Field: "CacheMaxURLLength",
			Summary:  "long URLs in the preflight cache",
			Spec:     "cached",
			Chromium: "URLs of 1024 bytes or more are not cached", Firefox: "cached", WebKit: "cached",
			Source: "Chromium preflight_cache.cc",
		},
		{
			ID: "preflight-cache-failed-lookup", Field: "CacheDropsOnFailedLookup",
			Summary:  "a cached result that does not allow a request",
			Spec:     "kept (entries only expire or are cleared on a network error)",
			Chromium: "removed", Firefox: "kept", WebKit: "removed",
			Source: "Chromium preflight_cache.cc; WebKit CrossOriginPreflightResultCache.cpp",
		},
		{
			ID: "preflight-origin-after-redirect", Field: "PreflightOriginKeptAfterRedirect",
			Summary: "Origin of a preflight after a cross-origin redirect",
			Spec:    "null", Chromium: "null", Firefox: "the page's origin", WebKit: "null",
			Source: "SPEC.md §4.7 (observed in the three engines)",
		},
		{
			ID: "mixed-content-pages", Field: "MixedContentSecureSchemeOnly",
			Summary:  "which pages block mixed content",
			Spec:     "every potentially trustworthy page, http://localhost included",
			Chromium: "https pages only", Firefox: "https pages only", WebKit: "https pages only",
			Source: "Mixed Content §4.3; Blink mixed_content_checker.cc",
		},
		{
			ID: "mixed-content-localhost", Field: "LocalhostMixedContent",
			Summary:  "http://localhost or http://127.0.0.1 fetched from an https page",
			Spec:     "allowed (potentially trustworthy)",
			Chromium: "allowed", Firefox: "allowed", WebKit: "blocked as mixed content (observed for both)",
			Source: "SPEC.md §4.7; WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "redirect-non-http-scheme", Field: "CORSDisabledSchemeOnRedirect",
			Summary:  "a cross-origin CORS request redirected to a scheme other than HTTP(S)",
			Spec:     "a network error",
			Chromium: "CorsDisabledScheme, except for schemes the network stack refuses first (data:, file:, about: ...: ERR_UNSAFE_REDIRECT) (observed)",
			Firefox:  "CORSRequestNotHttp for ftp: and about:, CORSDidNotSucceed for data: (observed)", WebKit: "a network error",
			Source: "Chromium 156 and Firefox 153 observed by conformance/browser",
		},
		{
			ID: "redirect-refused-schemes", Field: "RedirectSchemesRefused",
			Summary:  "the schemes a redirect may not lead to at all, before the CORS layer sees them",
			Spec:     "none apart (every scheme other than HTTP(S) is a network error)",
			Chromium: "data:, file:, about:, blob:, javascript:, filesystem: (ERR_UNSAFE_REDIRECT; observed for data:, file:, about:)",
			Firefox:  "data: (observed), blob:, javascript:, filesystem: (not observed); about: reaches the CORS check (observed)",
			WebKit:   "as spec",
			Source:   "Chromium 156 and Firefox 153 observed by conformance/browser",
		},
		{
			ID: "redirect-to-file", Field: "LocalResourceOnRedirect",
			Summary:  "a CORS request redirected to a file: URL",
			Spec:     "a network error (a scheme other than HTTP(S))",
			Chromium: "as spec (ERR_UNSAFE_REDIRECT, observed)",
			Firefox:  "refused as a local resource the redirecting URL may not load, then CORSDidNotSucceed (observed)",
			WebKit:   "as spec",
			Source:   "Chromium 156 and Firefox 153 observed by conformance/browser",
		},
		{
			ID: "same-origin-mode-first", Field: "ModeCheckedFirst",
			Summary:  "a same-origin mode fetch that is also mixed content or on a bad port",
			Spec:     "mixed content and bad ports are checked first (main fetch step 7)",
			Chromium: "the mode is checked first: DisallowedByMode (observed)", Firefox: "the mode is checked first (observed)",
			WebKit: "the mode is checked first (observed for mixed content)",
			Source: "Chromium 156, Firefox 153 and WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "redirect-empty-location", Field: "EmptyLocation",
			Summary:  "a redirect with an empty Location, redirect mode follow",
			Spec:     "\"\" resolves to the response's own URL: it redirects to itself until the limit",
			Chromium: "the response itself (observed)", Firefox: "as spec (observed: 21 requests)", WebKit: "a network error at once (observed)",
			Source: "Chromium 156, Firefox 153 and WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "redirect-identical-locations", Field: "LocationLines",
			Summary:  "several Location lines",
			Spec:     "failure (Location allows one line)",
			Chromium: "identical lines are one Location (observed)", Firefox: "identical lines are one Location (observed)",
			WebKit: "the lines are joined with \", \" and followed as one relative URL (observed)",
			Source: "Chromium 156, Firefox 153 and WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "cache-wildcard-authorization", Field: "CacheWildcardCoversAuthorization",
			Summary:  "a cached Access-Control-Allow-Headers: * and a later Authorization header",
			Spec:     "no match: a new preflight",
			Chromium: "no match: a new preflight (observed)", Firefox: "no match: a new preflight", WebKit: "a match: no preflight",
			Source: "Chromium 156 observed by conformance/browser; WebKit CrossOriginPreflightResultCache.cpp",
		},
		{
			ID: "cache-opaque-origins", Field: "CacheSkipsOpaqueOrigins",
			Summary:  "preflights made by a sandboxed (opaque-origin) page",
			Spec:     "cached under the origin \"null\"",
			Chromium: "not cached: the partition is transient (observed)", Firefox: "as spec", WebKit: "as spec",
			Source: "Chromium 156 observed by conformance/browser",
		},
		{
			ID: "unsupported-scheme-first", Field: "UnsupportedSchemeCheckedFirst",
			Summary:  "fetch() of a URL whose scheme is not http, https, data or blob",
			Spec:     "no-cors and same-origin requests reach scheme fetch, then a network error",
			Chromium: "CorsDisabledScheme in every mode, before anything else (observed)", Firefox: "as spec", WebKit: "as spec",
			Source: "Chromium 156 observed by conformance/browser",
		},
		{
			ID: "local-resource", Field: "LocalResourceBlocked",
			Summary:  "a web page fetching a file: URL",
			Spec:     "a network error (not an HTTP(S) URL)",
			Chromium: "refused as a local resource, no CorsError (observed)", Firefox: "refused as a local resource",
			WebKit: "as spec (observed in mode cors: \"Cross origin requests are only supported for HTTP.\")",
			Source: "Chromium 156 and WebKitGTK 2.50 observed by conformance/browser; Gecko security checks",
		},
		{
			ID: "extra-forbidden-request-headers", Field: "ExtraForbiddenRequestHeaders",
			Summary:  "request headers script may set",
			Spec:     "all but the forbidden request-headers (User-Agent may be set)",
			Chromium: "also drops User-Agent (observed)", Firefox: "as spec", WebKit: "as spec",
			Source: "Chromium 156 observed by conformance/browser",
		},
		{
			ID: "redirect-error-without-location", Field: "RedirectErrorNeedsLocation",
			Summary:  "redirect mode error and a redirect status without Location",
			Spec:     "a network error",
			Chromium: "the response itself (observed)", Firefox: "as spec (observed)", WebKit: "the response itself (observed)",
			Source: "Chromium 156, Firefox 153 and WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "credentialed-redirect", Field: "CredentialedRedirectBlocked",
			Summary:  "a redirect to a URL with a username or password, within an origin",
			Spec:     "followed (only cross-origin CORS redirects with credentials fail)",
			Chromium: "blocked (observed: subresource URLs with embedded credentials)", Firefox: "as spec (observed)", WebKit: "as spec",
			Source: "Chromium 156 and Firefox 153 observed by conformance/browser",
		},
		{
			ID: "redirect-keeps-authorization", Field: "RedirectKeepsAuthorization",
			Summary:  "an Authorization header and a redirect to another origin",
			Spec:     "removed from the redirected request",
			Chromium: "as spec", Firefox: "as spec", WebKit: "kept (observed: the next preflight lists it)",
			Source: "WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "cache-wildcard-literal", Field: "CacheWildcardLiteral",
			Summary:  "a \"*\" stored in the preflight cache, for a later uncredentialed request",
			Spec:     "matches any method or header name (but Authorization)",
			Chromium: "as spec", Firefox: "matches only \"*\" itself: a new preflight (observed)", WebKit: "as spec",
			Source: "Firefox 153 observed by conformance/browser",
		},
		{
			ID: "acrh-duplicates", Field: "ACRHKeepsDuplicates",
			Summary:  "a header name script set twice, in Access-Control-Request-Headers",
			Spec:     "once (the names are deduplicated)",
			Chromium: "once", Firefox: "once per header line (observed: x-alpha,x-alpha)", WebKit: "once",
			Source: "Firefox 153 observed by conformance/browser",
		},
		{
			ID: "preflight-after-redirect", Field: "PreflightStickyAcrossRedirects",
			Summary:  "a redirect of a preflighted request whose new request needs no preflight (a GET after a 303)",
			Spec:     "no new preflight",
			Chromium: "as spec", Firefox: "a new preflight (observed: ACRM GET)", WebKit: "a new preflight (observed)",
			Source: "Firefox 153 and WebKitGTK 2.50 observed by conformance/browser",
		},
		{
			ID: "content-type-combining", Field: "ContentTypeCombinedWithoutSpace",
			Summary:  "two Content-Type response lines, as script reads them",
			Spec:     "joined by \", \"",
			Chromium: "as spec", Firefox: "joined by \",\" (observed)", WebKit: "as spec",
			Source: "Firefox 153 observed by conformance/browser",
		},
		{
			ID: "data-url-content-length", Field: "DataURLContentLength",
			Summary:  "the headers of a data: URL's response",
			Spec:     "Content-Type only",
			Chromium: "as spec (observed)", Firefox: "also Content-Length, the body's length (observed)", WebKit: "as spec",
			Source: "Chromium 156 and Firefox 153 observed by conformance/browser",
		},
	}
}
