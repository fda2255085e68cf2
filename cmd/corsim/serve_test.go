package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/corsim/corsim/internal/playground"
)

func TestServeHandler(t *testing.T) {
	h, err := newPlayground()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte("<title>corsim playground</title>")) {
		t.Errorf("GET /: %d, %.80q", resp.StatusCode, page)
	}

	resp, err = http.Get(srv.URL + "/api/presets")
	if err != nil {
		t.Fatal(err)
	}
	var presets []struct {
		Name string `json:"name"`
	}
	err = json.NewDecoder(resp.Body).Decode(&presets)
	resp.Body.Close()
	if err != nil || len(presets) != 12 || presets[0].Name != "get-without-acao" {
		t.Errorf("GET /api/presets: %v, %d presets, want the 12 tour scenarios", err, len(presets))
	}

	// A policy scenario runs: serve wires in the policy package.
	body := `{"name": "p", "page": "https://app.example", "request": {"url": "https://api.example/x", "method": "DELETE"},
		"policy": {"origins": ["https://app.example"], "methods": ["DELETE"]}}`
	resp, err = http.Post(srv.URL+"/api/simulate", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var got playground.Response
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(got.Results) != 1 || got.Results[0].Outcome != "allowed" || !got.Results[0].Preflight {
		t.Errorf("POST /api/simulate with a policy: %d %v %+v", resp.StatusCode, err, got)
	}
}

// TestServeGraceful checks that serve lets a request in flight finish when
// its context ends, then returns.
func TestServeGraceful(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "done")
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h) }()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-entered
	cancel()
	// Shutdown closes the listener first: once nothing answers, the
	// request is in flight during the shutdown.
	for {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
	}
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("the request in flight got %q, want it to finish with \"done\"", body)
	}
	if err := <-served; err != nil {
		t.Errorf("serve: %v, want a clean shutdown", err)
	}
}

// TestServeCommandStopsOnSIGTERM runs "corsim serve" as a user would and
// stops it with a signal.
func TestServeCommandStopsOnSIGTERM(t *testing.T) {
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: pw, stderr: &errOut, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		code := run(e, []string{"serve", "--addr", "127.0.0.1:0"})
		pw.Close()
		done <- code
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing; stderr %q", errOut.String())
	}
	first := lines.Text()
	url, ok := strings.CutPrefix(first, "corsim playground on ")
	url, _, _ = strings.Cut(url, " ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("serve's first line %q does not give its address", first)
	}
	resp, err := http.Get(url + "api/presets")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %sapi/presets: %d", url, resp.StatusCode)
	}
	// The command listens for SIGINT and SIGTERM before printing its
	// address, so the signal reaches it, not the default handler.
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	if code := <-done; code != exitOK {
		t.Errorf("serve: exit %d after SIGTERM, want 0; stderr %q", code, errOut.String())
	}
	if len(rest) != 1 || rest[0] != "corsim playground stopped" {
		t.Errorf("serve printed %q after the signal, want \"corsim playground stopped\"", rest)
	}
}

func TestServeBadInput(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	busy := ln.Addr().String()
	for _, tc := range []struct {
		desc string
		args []string
		want string
	}{
		{"argument", []string{"serve", "8080"}, `serve takes no arguments, got "8080" (use --addr host:port)`},
		{"unknown flag", []string{"serve", "--port", "8080"}, "serve: flag provided but not defined: -port"},
		{"addr without port", []string{"serve", "--addr", "localhost"}, `--addr "localhost" is not host:port`},
		{"address in use", []string{"serve", "--addr", busy}, "cannot listen on " + busy + ": bind: address already in use"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			code, stdout, stderr := cli(t, "", tc.args...)
			wantOneLineError(t, tc.args, code, stdout, stderr, tc.want)
		})
	}
}

func TestServeHelp(t *testing.T) {
	code, stdout, stderr := cli(t, "", "serve", "--help")
	if code != exitOK || stderr != "" {
		t.Errorf("serve --help: exit %d, stderr %q", code, stderr)
	}
	checkGolden(t, "serve-help", stdout)
}
