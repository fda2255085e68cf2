package fetch

import "github.com/corsim/corsim/origin"

// IsBadPort reports whether port is a [bad port]: one no fetch may use,
// because other protocols listen there.
//
// [bad port]: https://fetch.spec.whatwg.org/#bad-port
func IsBadPort(port int) bool {
	switch port {
	case 0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
		101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179,
		389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601,
		636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
		6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080:
		return true
	}
	return false
}

// BlockBadPort reports whether a request to u [should be blocked due to a bad
// port]: an HTTP(S) URL whose port is a bad port.
//
// [should be blocked due to a bad port]: https://fetch.spec.whatwg.org/#block-bad-port
func BlockBadPort(u *origin.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Port >= 0 && IsBadPort(u.Port)
}

// BlocksMixedContent reports whether a page on client, served from
// clientURL (nil when unknown), fetching u [should be blocked as mixed
// content]: the page prohibits mixed security contexts and u is not a
// potentially trustworthy URL. Per spec a page prohibits them when its
// origin is potentially trustworthy (so http://localhost pages do too);
// engines restrict only pages served over a secure scheme. A sandboxed page
// has an opaque origin but is still a secure context when its URL is: its
// URL decides.
//
// [should be blocked as mixed content]: https://w3c.github.io/webappsec-mixed-content/#should-block-fetch
func (p *Profile) BlocksMixedContent(client origin.Origin, clientURL *origin.URL, u *origin.URL) bool {
	if client.IsOpaque() && clientURL != nil && p.MixedContentSecureSchemeOnly {
		// DEVIATION (engines): per spec an opaque origin never prohibits
		// mixed content; engines judge a sandboxed document by the origin
		// it would have had (its precursor).
		client = clientURL.Origin()
	}
	if !p.prohibitsMixedContent(client) {
		return false
	}
	return !p.isPotentiallyTrustworthyURL(u)
}

func (p *Profile) prohibitsMixedContent(client origin.Origin) bool {
	if client.IsOpaque() || !client.IsValid() {
		return false
	}
	if p.MixedContentSecureSchemeOnly {
		return client.Scheme() == "https" || client.Scheme() == "wss"
	}
	return client.IsPotentiallyTrustworthy()
}

// isPotentiallyTrustworthyURL is the Secure Contexts spec's "potentially
// trustworthy URL" for the URLs fetch() can reach.
func (p *Profile) isPotentiallyTrustworthyURL(u *origin.URL) bool {
	switch u.Scheme {
	case "data":
		return true
	case "about":
		return u.Path == "blank" || u.Path == "srcdoc"
	}
	o := u.Origin()
	if p.LocalhostMixedContent && o.Scheme() == "http" && (isLocalhostName(o.Host()) || isLoopbackHost(o.Host())) {
		return false
	}
	return o.IsPotentiallyTrustworthy()
}

// isLoopbackHost reports whether host is an IPv4 address in 127.0.0.0/8 or
// the IPv6 loopback address, as serialized hosts spell them.
func isLoopbackHost(host string) bool {
	if host == "[::1]" {
		return true
	}
	if len(host) < 4 || host[:4] != "127." {
		return false
	}
	for i := 4; i < len(host); i++ {
		if c := host[i]; c != '.' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// isLocalhostName reports whether host is "localhost" or a name under
// ".localhost".
func isLocalhostName(host string) bool {
	const lh = "localhost"
	host = trimSuffixDot(host)
	return host == lh || (len(host) > len(lh) && host[len(host)-len(lh)-1:] == "."+lh)
}

func trimSuffixDot(s string) string {
	if len(s) > 0 && s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}

// CrossOriginResourcePolicyCheck performs the [cross-origin resource policy
// check] for a no-cors response from a document without a cross-origin
// embedder policy (COEP unsafe-none): it reports whether the response's
// Cross-Origin-Resource-Policy allows client to read it.
//
// [cross-origin resource policy check]: https://fetch.spec.whatwg.org/#cross-origin-resource-policy-check
func CrossOriginResourcePolicyCheck(client origin.Origin, resp *Response) bool {
	// Internal check, step 2: the combined value must be exactly one of the
	// three tokens; anything else counts as absent.
	policy, ok := resp.Header.Get("Cross-Origin-Resource-Policy")
	if !ok {
		return true
	}
	// NB: a response without a URL has no origin to be same origin or same
	// site with, so same-origin and same-site block it (failing closed).
	u := resp.URL()
	switch policy {
	case "same-origin":
		// 5. Only the response's own origin.
		return u != nil && client.SameOrigin(u.Origin())
	case "same-site":
		// 6. The same site, ignoring scheme, unless a non-secure client
		// reads a secure response.
		return u != nil && client.SchemelesslySameSite(u.Origin()) && (client.Scheme() == "https" || u.Scheme != "https")
	}
	// "cross-origin" and invalid values allow.
	return true
}

// TAOCheck performs the [TAO check]: whether resource timing details of resp
// may be exposed to req's client.
//
// [TAO check]: https://fetch.spec.whatwg.org/#concept-tao-check
func TAOCheck(req *Request, resp *Response) bool {
	// 1. A failure is sticky across redirects.
	if req.TimingAllowFailed {
		return false
	}
	// 2-4. Timing-Allow-Origin listing "*" or the serialized request origin
	// passes.
	values, ok := resp.Header.GetDecodeSplit("Timing-Allow-Origin")
	if ok {
		serialized := req.SerializedOrigin()
		for _, v := range values {
			if v == "*" || v == serialized {
				return true
			}
		}
	}
	// 5. A navigation to another origin fails.
	if req.Mode == ModeNavigate && !req.CurrentURL().Origin().SameOrigin(req.Origin) {
		return false
	}
	// 6-7. Same-origin (basic) requests pass; others fail.
	return req.ResponseTainting == TaintingBasic
}
