package harness

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Generate returns n random scenarios as a scenario file (a JSON array),
// the same for the same seed. They carry no expect blocks: they are meant
// for comparing the simulator with the browser (--compare), where every
// disagreement is a finding.
//
// The scenarios combine a page (http, https, opaque, localhost), a target
// (same origin, same site, cross-site http or https), a method, request
// headers from the safelisted/unsafe/Chromium-specific mix that decides
// preflights, a mode, a credentials mode, a redirect mode, a preflight answer
// (status, ACAO, ACAC, ACAM, ACAH variants), and an actual answer that may
// redirect to a third origin first.
func Generate(seed uint64, n int) ([]byte, error) {
	r := rand.New(rand.NewPCG(seed, 0x636f7273696d)) // "corsim"
	var out []map[string]any
	for i := range n {
		out = append(out, genScenario(r, fmt.Sprintf("gen-%d-%d", seed, i)))
	}
	return json.MarshalIndent(out, "", "  ")
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func genScenario(r *rand.Rand, name string) map[string]any {
	page := pick(r, "http://app.test", "https://app.test", "null", "http://localhost:8080", "http://app.example.test")
	pageOrigin := page
	if page == "null" {
		pageOrigin = "null"
	}
	target := pick(r, "http://api.test", "https://api.test", "http://api.example.test", "http://127.0.0.1:8080", "self")
	if target == "self" {
		target = page
		if page == "null" {
			target = "http://api.test"
		}
	}
	url := target + "/r" + fmt.Sprint(r.IntN(1000))

	method := pick(r, "GET", "GET", "POST", "POST", "PUT", "DELETE", "patch", "HEAD")
	var headers [][2]string
	for _, h := range [][2]string{
		{"Content-Type", pick(r, "application/json", "text/plain", "multipart/form-data; boundary=x")},
		{"X-Custom", "1"},
		{"Authorization", "Bearer x"},
		{"DPR", "2"},
		{"Range", pick(r, "bytes=0-", "bytes=0-1,3-4")},
		{"Accept", pick(r, "text/plain", "te\x01xt")},
	} {
		if r.IntN(5) == 0 {
			headers = append(headers, h)
		}
	}
	req := map[string]any{"url": url}
	if method != "GET" || r.IntN(2) == 0 {
		req["method"] = method
	}
	if len(headers) > 0 {
		req["headers"] = headers
	}
	if method != "GET" && method != "HEAD" && r.IntN(3) > 0 {
		req["body"] = "x"
	}
	req["mode"] = pick(r, "cors", "cors", "cors", "cors", "no-cors", "same-origin")
	req["credentials"] = pick(r, "same-origin", "same-origin", "omit", "include")
	req["redirect"] = pick(r, "follow", "follow", "follow", "error", "manual")

	acao := func() [][2]string {
		switch r.IntN(7) {
		case 0:
			return nil
		case 1:
			return [][2]string{{"Access-Control-Allow-Origin", "*"}}
		case 2:
			return [][2]string{{"Access-Control-Allow-Origin", "null"}}
		case 3:
			return [][2]string{{"Access-Control-Allow-Origin", "http://other.test"}}
		case 4:
			return [][2]string{{"Access-Control-Allow-Origin", pageOrigin}, {"Access-Control-Allow-Origin", pageOrigin}}
		default:
			return [][2]string{{"Access-Control-Allow-Origin", pageOrigin}}
		}
	}
	acac := func() [][2]string {
		if r.IntN(3) == 0 {
			return nil
		}
		return [][2]string{{"Access-Control-Allow-Credentials", pick(r, "true", "true", "TRUE")}}
	}
	var names []string
	for _, h := range headers {
		names = append(names, strings.ToLower(h[0]))
	}
	pf := append(acao(), acac()...)
	switch r.IntN(5) {
	case 0:
	case 1:
		pf = append(pf, [2]string{"Access-Control-Allow-Methods", "*"})
	case 2:
		pf = append(pf, [2]string{"Access-Control-Allow-Methods", "GET, POST"})
	default:
		pf = append(pf, [2]string{"Access-Control-Allow-Methods", method})
	}
	switch r.IntN(4) {
	case 0:
	case 1:
		pf = append(pf, [2]string{"Access-Control-Allow-Headers", "*"})
	default:
		if len(names) > 0 {
			pf = append(pf, [2]string{"Access-Control-Allow-Headers", strings.Join(names[:1+r.IntN(len(names))], ", ")})
		}
	}
	answers := map[string]any{
		"OPTIONS": map[string]any{"status": pick(r, 204, 204, 200, 500), "headers": nonNil(pf)},
	}
	final := append(acao(), acac()...)
	final = append(final, [2]string{"X-A", "1"})
	if r.IntN(2) == 0 {
		final = append(final, [2]string{"Access-Control-Expose-Headers", pick(r, "X-A", "*")})
	}
	responses := map[string]any{url: answers}
	if r.IntN(4) == 0 {
		next := pick(r, "http://cdn.test/final", "https://cdn.test/final", strings.Replace(url, "/r", "/f", 1))
		answers["*"] = map[string]any{"status": pick(r, 301, 302, 307, 308), "headers": nonNil(append(acao(), [2]string{"Location", next}))}
		responses[next] = map[string]any{"*": map[string]any{"status": 200, "headers": nonNil(final), "body": "ok"}}
	} else {
		answers["*"] = map[string]any{"status": 200, "headers": nonNil(final), "body": "ok"}
	}
	return map[string]any{"name": name, "page": page, "request": req, "responses": responses}
}

func nonNil(hs [][2]string) [][2]string {
	if hs == nil {
		return [][2]string{}
	}
	return hs
}
