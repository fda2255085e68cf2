// Package policy is the server's side of CORS: a policy model, its
// evaluation as net/http middleware, a linter, and probing of servers the
// way CORS scanners do.
//
// # What a CORS policy is
//
// Browsers keep script on one origin from reading responses from another
// (the same-origin policy). A server lifts that restriction for chosen
// origins by answering with Access-Control-Allow-Origin. For requests a
// plain HTML form could not send (a method other than GET, HEAD or POST, a
// header outside the CORS safelist), the browser first asks permission
// with a CORS-preflight request (OPTIONS with Origin,
// Access-Control-Request-Method and Access-Control-Request-Headers) and
// sends the request only if the answer allows its method and headers. A
// request with credentials (cookies, HTTP authentication) is readable only
// if the response names the origin exactly and says
// "Access-Control-Allow-Credentials: true"; for such requests every "*" is
// just a name.
//
// A Policy says which origins, methods and headers a server allows.
// Evaluate and Handler turn it into response headers; the server decides
// preflights itself, so a denied preflight tells the browser exactly what
// is missing, and the outcome does not depend on engine quirks (Chromium
// upper-casing "patch", every engine letting "*" cover Authorization).
// Dynamic answers carry Vary so that HTTP caches keep them apart.
//
// A Policy's Server answers a simulated browser (package simulate) as
// Handler would, which is what scenario files with a "policy" run against.
//
// # The JSON form
//
// The JSON form of a policy, used by scenario files' "policy" field and by
// "corsim lint --policy FILE", is an object with these fields (all but
// "origins" optional; unknown fields are errors):
//
//	{
//	  "origins": ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
//	  "methods": ["PUT", "DELETE"],
//	  "requestHeaders": ["Content-Type", "Authorization"],
//	  "exposedHeaders": ["X-Request-Id"],
//	  "credentials": true,
//	  "maxAge": 600,
//	  "preflightStatus": 204
//	}
//
// The fields:
//
//   - "origins": who may read responses. A serialized origin exactly as
//     browsers send it (lower case, no path or trailing slash, no default
//     port); "*" for anyone (not with credentials); "https://*.example.com"
//     for any subdomain of example.com at any depth, never example.com
//     itself, the wildcard standing for whole labels of letters, digits and
//     hyphens; "http://localhost:*" for any port (the default port
//     included). "null" and file: origins are refused: anyone can make a
//     page whose origin serializes as "null".
//   - "methods": methods allowed beyond GET, HEAD and POST, byte for byte
//     ("patch" is not "PATCH"); "*" for any. CONNECT, TRACE and TRACK are
//     refused.
//   - "requestHeaders": request-header names allowed beyond the
//     CORS-safelisted ones, any case; "*" for any name except
//     Authorization, which must be listed by name. Forbidden request-header
//     names (Cookie, Origin, Sec-* …) and CORS response headers are refused.
//   - "exposedHeaders": response-header names script may read beyond the
//     CORS-safelisted ones; "*" for all, for requests without credentials.
//     Set-Cookie is refused.
//   - "credentials": allow credentialed requests. Then "*" origins, http
//     origins other than localhost, and wildcards over a public suffix
//     ("https://*.github.io") are refused; "*" methods and headers are
//     answered by naming what the preflight asked for.
//   - "maxAge": seconds browsers may cache a preflight: 0 or absent sends
//     nothing (browsers use 5), -1 sends 0 (no caching), at most 86400.
//     Chromium caps at 7200, WebKit at 600.
//   - "preflightStatus": 200 to 299; 204 by default.
//
// New and Parse report every problem at once, each a *ConfigError with a
// stable ErrorCode, joined with errors.Join.
//
// # Linting and probing
//
// Lint reviews a policy; Probe and ProbeURL send a server the requests a
// CORS scanner sends (crafted Origin values, preflights) and review its
// answers. Each Finding has a stable rule ID, a severity, evidence and the
// fix. Probing sends only GET and OPTIONS requests, and infers the
// server's effective policy and what a browser of each engine would let
// script do for a matrix of origins, methods and headers; the verdicts come
// from the same checks the simulated browser applies (package fetch's CORS
// check and preflight validation).
//
// Specifications: the CORS protocol of the Fetch Standard
// (https://fetch.spec.whatwg.org/#http-cors-protocol), in particular the
// CORS-preflight fetch, the CORS check, "CORS protocol and credentials" and
// "CORS protocol and HTTP caches", at the revision package fetch follows.
package policy
