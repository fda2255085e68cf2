package origin_test

import (
	"errors"
	"fmt"

	"github.com/corsim/corsim/origin"
)

// An origin is scheme, host and port; the path, query and credentials do not
// count, and the default port is no port.
func Example() {
	page, _ := origin.FromURL("https://app.example.com/dashboard?tab=1")
	api, _ := origin.FromURL("https://API.example.com:443/v1/items")
	same, _ := origin.FromURL("https://user@app.example.com:443/other")

	fmt.Println(page, api)
	fmt.Println("same origin:", page.SameOrigin(api), page.SameOrigin(same))
	fmt.Println("same site:", page.SameSite(api))

	// localhost and 127.0.0.1 are different origins, both secure contexts.
	local, _ := origin.FromURL("http://localhost:8080/")
	loopback, _ := origin.FromURL("http://127.0.0.1:8080/")
	fmt.Println(local.SameOrigin(loopback), local.IsPotentiallyTrustworthy(), loopback.IsPotentiallyTrustworthy())
	// Output:
	// https://app.example.com https://api.example.com
	// same origin: false true
	// same site: true
	// false true true
}

func ExampleFromURL() {
	for _, s := range []string{
		"HTTPS://Bücher.Example:443/katalog",
		"http://0x7f.1:8080/",
		"http://[0:0::1]/",
		"blob:https://a.example/550e8400-e29b-41d4-a716-446655440000",
		"data:text/plain,hi",
		"https://exa mple.com/",
	} {
		o, err := origin.FromURL(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(o, o.IsOpaque())
	}
	// Output:
	// https://xn--bcher-kva.example false
	// http://127.0.0.1:8080 false
	// http://[::1] false
	// https://a.example false
	// null true
	// invalid URL "https://exa mple.com/": domain-to-ASCII (forbidden domain code point U+0020)
}

func ExampleOrigin_SameSite() {
	o := func(s string) origin.Origin { x, _ := origin.FromURL(s); return x }
	fmt.Println(o("https://a.example.com").SameSite(o("https://b.example.com:8443")))
	// github.io is a public suffix (private section of the list).
	fmt.Println(o("https://alice.github.io").SameSite(o("https://bob.github.io")))
	// Same site is schemeful; schemelessly same site is not.
	fmt.Println(o("http://example.com").SameSite(o("https://example.com")))
	fmt.Println(o("http://example.com").SchemelesslySameSite(o("https://example.com")))
	fmt.Println(o("https://www.example.co.uk").Site())
	// Output:
	// true
	// false
	// false
	// true
	// https://example.co.uk
}

func ExampleParseSerializedOrigin() {
	for _, header := range []string{"https://app.example.com", "http://localhost:3000", "null", "https://app.example.com:443", "HTTPS://APP.EXAMPLE.COM"} {
		o, err := origin.ParseSerializedOrigin(header)
		var pe *origin.ParseError
		if errors.As(err, &pe) {
			fmt.Printf("%q: rejected: %s\n", header, pe.Reason)
			continue
		}
		fmt.Printf("%q: %v (opaque %v)\n", header, o, o.IsOpaque())
	}
	// Output:
	// "https://app.example.com": https://app.example.com (opaque false)
	// "http://localhost:3000": http://localhost:3000 (opaque false)
	// "null": null (opaque true)
	// "https://app.example.com:443": rejected: port-not-canonical
	// "HTTPS://APP.EXAMPLE.COM": rejected: scheme-invalid
}

// Resolving a redirect's Location against the response URL.
func ExampleParseURL() {
	base, _ := origin.ParseURL("https://api.example.com/v1/items/7?x=1", nil)
	for _, location := range []string{"../users", "//cdn.example.net/a.js", "?page=2", "\\\\evil.example/"} {
		u, err := origin.ParseURL(location, base)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(u, u.Origin())
	}
	// Output:
	// https://api.example.com/v1/users https://api.example.com
	// https://cdn.example.net/a.js https://cdn.example.net
	// https://api.example.com/v1/items/7?page=2 https://api.example.com
	// https://evil.example/ https://evil.example
}

// Comparing serializations treats every opaque origin as the same one:
// "null" is not an identity.
func ExampleOrigin_SameOrigin_incorrect() {
	sandboxedA := origin.Opaque() // e.g. a sandboxed iframe
	sandboxedB := origin.Opaque() // another one, elsewhere on the web
	fmt.Println("by serialization:", sandboxedA.String() == sandboxedB.String())
	fmt.Println("same origin:", sandboxedA.SameOrigin(sandboxedB))
	// Output:
	// by serialization: true
	// same origin: false
}
