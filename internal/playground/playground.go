// Package playground is the web playground "corsim serve" runs: one page,
// embedded, over a small JSON API that simulates a scenario.
//
// The page (assets/index.html, app.js, style.css: plain HTML, CSS and
// JavaScript, no build step, nothing fetched from elsewhere) edits one
// scenario in the public scenario format: the page's origin, the request,
// the servers (canned responses or a policy) and the engine. It shows the
// verdict and the console message, a sequence diagram of every request
// and answer with the deciding header highlighted, the headers script can
// read, and the trace with links to the spec. The scenario lives in the
// URL fragment (base64url JSON), so a case can be shared as a link.
//
// The API:
//
//	GET  /api/presets   the tour's scenarios, a JSON array in the scenario format
//	POST /api/simulate  one scenario object (Content-Type: application/json)
//	                    → 200 {"name", "engine", "results": [Result...],
//	                           "expected": bool, "mismatches": [string...]}
//	                    → 400, 405, 413 or 415 {"error": "..."}
//
// The simulation uses canned responses or a policy only: the playground
// never sends a request anywhere.
package playground

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/scenario"
)

//go:embed assets
var assets embed.FS

// Limits on what one API request may ask for.
const (
	// MaxBodyBytes bounds a POST /api/simulate body.
	MaxBodyBytes = 1 << 20
	// maxRequests bounds the requests of one scenario.
	maxRequests = 100
	// simulateTimeout bounds one simulation.
	simulateTimeout = 10 * time.Second
)

// Options configure the playground.
type Options struct {
	// Presets is a JSON array of scenarios offered as presets (the tour).
	Presets []byte
	// Policy builds servers for scenarios that give a "policy"; without
	// it such scenarios are refused.
	Policy scenario.ServerFromPolicy
}

// handler serves the page, its assets and the API.
type handler struct {
	opts    Options
	presets []byte // compact JSON
	static  http.Handler
}

// New returns the playground's handler. It fails when the presets are not a
// valid scenario array.
func New(opts Options) (http.Handler, error) {
	presets := bytes.TrimSpace(opts.Presets)
	if len(presets) == 0 {
		presets = []byte("[]")
	}
	if presets[0] != '[' {
		return nil, errors.New("playground: presets must be a JSON array of scenarios")
	}
	if _, err := scenario.Parse("presets", presets); err != nil {
		return nil, fmt.Errorf("playground: %w", err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, presets); err != nil {
		return nil, fmt.Errorf("playground: presets: %w", err)
	}
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		return nil, err
	}
	h := &handler{opts: opts, presets: compact.Bytes(), static: http.FileServerFS(sub)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/presets", h.servePresets)
	mux.HandleFunc("/api/simulate", h.serveSimulate)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path+" (the API has GET /api/presets and POST /api/simulate)")
	})
	mux.HandleFunc("/{$}", h.serveStatic)
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/app.js", h.serveStatic)
	mux.HandleFunc("/style.css", h.serveStatic)
	mux.HandleFunc("/favicon.svg", h.serveStatic)
	return secure(mux), nil
}

// secure adds the headers every answer carries: the page loads nothing from
// anywhere else and may not be framed.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func (h *handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	h.static.ServeHTTP(w, r)
}

func (h *handler) servePresets(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here: use GET")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(h.presets)
}

// A Response is the answer to POST /api/simulate.
type Response struct {
	Name   string `json:"name"`
	Engine string `json:"engine"`
	// Results holds one result per request of the scenario.
	Results []Result `json:"results"`
	// Expected reports whether the scenario has an expect block;
	// Mismatches lists the expectations that did not hold.
	Expected   bool     `json:"expected"`
	Mismatches []string `json:"mismatches"`
}

func (h *handler) serveSimulate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here: POST a scenario as JSON")
		return
	}
	if mt, ok := fetch.ParseMIMEType(r.Header.Get("Content-Type")); !ok || mt.Essence() != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "the body must be a scenario as JSON, sent with Content-Type: application/json")
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the scenario is larger than %d bytes", MaxBodyBytes))
			return
		}
		writeError(w, http.StatusBadRequest, "cannot read the request body: "+err.Error())
		return
	}
	resp, status, msg := h.simulate(r.Context(), body)
	if resp == nil {
		writeError(w, status, msg)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	return buf.Bytes(), err
}

// simulate runs one scenario given as JSON; on bad input it returns a nil
// response, the status and the message.
func (h *handler) simulate(ctx context.Context, body []byte) (*Response, int, string) {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		return nil, http.StatusBadRequest, "expected one scenario object, not an array"
	}
	ss, err := scenario.Parse("scenario", body)
	if err != nil {
		return nil, http.StatusBadRequest, describe(err)
	}
	s := ss[0]
	if len(s.Requests) > maxRequests {
		return nil, http.StatusBadRequest, fmt.Sprintf("field requests: %d requests; the playground runs at most %d", len(s.Requests), maxRequests)
	}
	ctx, cancel := context.WithTimeout(ctx, simulateTimeout)
	defer cancel()
	run, err := scenario.Simulate(ctx, "scenario", s, scenario.RunOptions{Policy: h.opts.Policy})
	if err != nil {
		return nil, http.StatusBadRequest, describe(err)
	}
	resp := &Response{Name: s.Name, Engine: run.Engine.String(), Mismatches: []string{}}
	for i, pub := range run.Results {
		resp.Results = append(resp.Results, NewResult(pub, run.Simulated[i]))
	}
	for _, e := range s.Expect {
		resp.Expected = resp.Expected || e != nil
	}
	for _, m := range run.Mismatches {
		resp.Mismatches = append(resp.Mismatches, m.String())
	}
	return resp, 0, ""
}

// describe words a scenario error for the playground, where there is no
// file to name: `scenario "x": field request.mode: "y" is not one of ...`.
func describe(err error) string {
	var se *scenario.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	var parts []string
	if se.Scenario != "" {
		parts = append(parts, "scenario "+se.Scenario)
	}
	if se.Field != "" {
		parts = append(parts, "field "+se.Field)
	}
	return strings.Join(append(parts, se.Msg), ": ")
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, struct {
		Error string `json:"error"`
	}{msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"cannot encode the result"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
