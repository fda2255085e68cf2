package simulate_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/simulate"
)

func TestTransport(t *testing.T) {
	var lastCookie, lastOrigin string
	mux := http.NewServeMux()
	mux.HandleFunc("/creds", func(w http.ResponseWriter, r *http.Request) {
		lastCookie, lastOrigin = r.Header.Get("Cookie"), r.Header.Get("Origin")
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Set-Cookie", "a=b")
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		http.Redirect(w, r, "/creds", http.StatusFound)
	})
	tr, err := simulate.NewHandlerTransport("https://app.example", mux)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("credentials from the context", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "https://api.example/creds", nil)
		req.Header.Set("Cookie", "forbidden=1") // script cannot set Cookie
		ctx := simulate.WithFetchOptions(req.Context(), simulate.FetchOptions{Credentials: fetch.CredentialsInclude})
		resp, err := tr.RoundTrip(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("status %d, Set-Cookie %q: want 200 and no Set-Cookie", resp.StatusCode, resp.Header.Get("Set-Cookie"))
		}
		if lastCookie != "" || lastOrigin != "https://app.example" {
			t.Errorf("server saw Cookie %q, Origin %q", lastCookie, lastOrigin)
		}
	})

	t.Run("GET with a body throws", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "https://api.example/creds", strings.NewReader("x"))
		_, err := tr.RoundTrip(req)
		var ne *simulate.NetworkError
		if !errors.As(err, &ne) || ne.Result.Reason != fetch.ReasonTypeError {
			t.Fatalf("err %v, want a NetworkError with ReasonTypeError", err)
		}
		if !strings.Contains(ne.Result.TypeErrorMessage, "GET/HEAD") {
			t.Errorf("TypeError message %q", ne.Result.TypeErrorMessage)
		}
	})

	t.Run("redirects are followed with a CORS check per hop", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "https://api.example/redirect", nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || string(body) != "ok" {
			t.Errorf("got %d %q, want 200 ok", resp.StatusCode, body)
		}
		if lastOrigin != "https://app.example" {
			t.Errorf("second hop (same origin as the first) Origin %q", lastOrigin)
		}
	})

	t.Run("manual redirect is opaque", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "https://api.example/redirect", nil)
		ctx := simulate.WithFetchOptions(context.Background(), simulate.FetchOptions{Redirect: fetch.RedirectManual})
		resp, err := tr.RoundTrip(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 0 || len(resp.Header) != 0 {
			t.Errorf("got status %d, headers %v; want 0 and none", resp.StatusCode, resp.Header)
		}
	})

	t.Run("invalid page", func(t *testing.T) {
		if _, err := simulate.NewHandlerTransport("http://[bad", mux); err == nil {
			t.Error("no error for an invalid page")
		}
	})
}

// TestScriptStrings checks that header values given as JavaScript strings
// are converted to bytes, and that a code point above U+00FF throws.
func TestScriptStrings(t *testing.T) {
	var seen string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Get("X-Name")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "x-name")
	})
	b := simulate.New(simulate.HandlerServer(h))
	p, _ := simulate.NewPage("https://app.example")
	res := b.Fetch(context.Background(), p, simulate.Request{URL: "https://api.example/", ScriptStrings: true,
		Header: fetch.HeaderList{{Name: "X-Name", Value: "José"}}})
	if res.Outcome != simulate.Allowed || seen != "Jos\xe9" {
		t.Errorf("Latin-1 value: outcome %s, server saw %q; want allowed and %q", res.Outcome, seen, "Jos\xe9")
	}
	res = b.Fetch(context.Background(), p, simulate.Request{URL: "https://api.example/", ScriptStrings: true,
		Header: fetch.HeaderList{{Name: "X-Name", Value: "€"}}})
	if res.Reason != fetch.ReasonTypeError || res.TypeError.Kind != fetch.TypeErrorByteString || len(res.Wire) != 0 {
		t.Errorf("beyond Latin-1: got %s %+v, %d requests; want a ByteString TypeError and nothing sent", res.Reason, res.TypeError, len(res.Wire))
	}
}
