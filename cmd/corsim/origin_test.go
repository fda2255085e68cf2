package main

import (
	"bytes"
	"strings"
	"testing"
)

// runOriginCommand runs "corsim origin" in-process with buffers.
func runOriginCommand(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = run(e, append([]string{"origin"}, args...))
	return code, out.String(), errOut.String()
}

func TestOriginCommand(t *testing.T) {
	tests := []struct {
		desc       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string // a substring; "" means stderr must be empty
	}{
		{
			desc:       "one URL per line",
			args:       []string{"https://Example.COM:443/a?b#c", "http://0x7f.1:8080/", "https://bücher.example/", "http://[0:0::1]/"},
			wantCode:   exitOK,
			wantStdout: "https://example.com\nhttp://127.0.0.1:8080\nhttps://xn--bcher-kva.example\nhttp://[::1]\n",
		},
		{
			desc:       "opaque origins print null",
			args:       []string{"data:text/plain,x", "file:///etc/hosts", "blob:https://a.example/id", "blob:ftp://a.example/"},
			wantCode:   exitOK,
			wantStdout: "null\nnull\nhttps://a.example\nnull\n",
		},
		{
			desc:       "an invalid URL fails, the others still print",
			args:       []string{"https://a.example/", "http://exa mple.com/", "https://b.example/"},
			wantCode:   exitMismatch,
			wantStdout: "https://a.example\nhttps://b.example\n",
			wantStderr: `corsim: invalid URL "http://exa mple.com/": domain-to-ASCII`,
		},
		{
			desc:       "a port out of range",
			args:       []string{"http://a.example:65536/"},
			wantCode:   exitMismatch,
			wantStderr: `corsim: invalid URL "http://a.example:65536/": port-out-of-range`,
		},
		{
			desc:       "a relative URL without a base",
			args:       []string{"/path"},
			wantCode:   exitMismatch,
			wantStderr: `corsim: invalid URL "/path": missing-scheme-non-relative-URL`,
		},
		{
			desc:       "control characters are quoted",
			args:       []string{"\x00"},
			wantCode:   exitMismatch,
			wantStderr: `corsim: invalid URL "\x00": missing-scheme-non-relative-URL`,
		},
		{
			desc:       "relative URLs against a base",
			args:       []string{"--base", "https://api.example.com/v1/items", "../users", "//cdn.example.net/x.js", "\\\\evil.example/", "data:,x"},
			wantCode:   exitOK,
			wantStdout: "https://api.example.com\nhttps://cdn.example.net\nhttps://evil.example\nnull\n",
		},
		{
			desc:       "base with the = form",
			args:       []string{"--base=http://localhost:3000/app/", "page"},
			wantCode:   exitOK,
			wantStdout: "http://localhost:3000\n",
		},
		{
			desc:       "a relative URL that fails against its base",
			args:       []string{"--base", "data:text/plain,x", "page", "#frag"},
			wantCode:   exitMismatch,
			wantStdout: "null\n",
			wantStderr: `corsim: invalid URL "page": missing-scheme-non-relative-URL`,
		},
		{
			desc:       "an invalid base",
			args:       []string{"--base", "not a url", "https://a.example/"},
			wantCode:   exitUsage,
			wantStderr: `corsim: --base: invalid URL "not a url": missing-scheme-non-relative-URL`,
		},
		{
			desc:       "an empty base",
			args:       []string{"--base=", "https://a.example/"},
			wantCode:   exitUsage,
			wantStderr: `corsim: --base: invalid URL ""`,
		},
		{
			desc:       "no URL",
			args:       nil,
			wantCode:   exitUsage,
			wantStderr: "corsim: origin needs at least one URL",
		},
		{
			desc:       "only a base",
			args:       []string{"--base", "https://a.example/"},
			wantCode:   exitUsage,
			wantStderr: "corsim: origin needs at least one URL",
		},
		{
			desc:       "unknown flag",
			args:       []string{"--nope", "https://a.example/"},
			wantCode:   exitUsage,
			wantStderr: "flag provided but not defined: -nope",
		},
		{
			desc:       "-- ends the flags",
			args:       []string{"--", "https://a.example/"},
			wantCode:   exitOK,
			wantStdout: "https://a.example\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			code, stdout, stderr := runOriginCommand(t, tc.args...)
			if code != tc.wantCode {
				t.Errorf("corsim origin %q: got exit status %d, want %d (stderr %q)", tc.args, code, tc.wantCode, stderr)
			}
			if stdout != tc.wantStdout {
				t.Errorf("corsim origin %q: got stdout %q, want %q", tc.args, stdout, tc.wantStdout)
			}
			if tc.wantStderr == "" && stderr != "" || !strings.Contains(stderr, tc.wantStderr) {
				t.Errorf("corsim origin %q: got stderr %q, want it to contain %q", tc.args, stderr, tc.wantStderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("corsim origin %q: stderr has a stack trace: %s", tc.args, stderr)
			}
		})
	}
}

func TestOriginCommandHelp(t *testing.T) {
	for _, flag := range []string{"--help", "-h"} {
		code, stdout, stderr := runOriginCommand(t, flag)
		if code != exitOK {
			t.Errorf("corsim origin %s: got exit status %d, want %d", flag, code, exitOK)
		}
		for _, want := range []string{"Usage: corsim origin [--base URL] URL...", "-base", "Exit status"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("corsim origin %s: stdout %q lacks %q", flag, stdout, want)
			}
		}
		if stderr != "" {
			t.Errorf("corsim origin %s: got stderr %q", flag, stderr)
		}
	}
	// The command is listed by corsim --help.
	var out bytes.Buffer
	run(&env{stdout: &out, stderr: &out}, []string{"--help"})
	if !strings.Contains(out.String(), "origin") || !strings.Contains(out.String(), "print the origin of each URL") {
		t.Errorf("corsim --help does not list the origin command:\n%s", out.String())
	}
}

// Every line the command prints is one origin: the number of lines is the
// number of URLs that parse, whatever the input.
func FuzzOriginCommand(f *testing.F) {
	f.Add("https://a.example/", "")
	f.Add("x", "https://b.example/")
	f.Add("\\\\h", "http://[::1]/")
	f.Fuzz(func(t *testing.T, input, base string) {
		args := []string{"--", input}
		if base != "" {
			args = []string{"--base=" + base, "--", input}
		}
		code, stdout, stderr := runOriginCommand(t, args...)
		switch code {
		case exitOK:
			if strings.Count(stdout, "\n") != 1 || stderr != "" {
				t.Fatalf("corsim origin %q: exit 0 with stdout %q, stderr %q", args, stdout, stderr)
			}
		case exitMismatch, exitUsage:
			if stdout != "" || !strings.HasPrefix(stderr, "corsim: ") || strings.Count(stderr, "\n") != 1 {
				t.Fatalf("corsim origin %q: exit %d with stdout %q, stderr %q", args, code, stdout, stderr)
			}
		default:
			t.Fatalf("corsim origin %q: exit status %d", args, code)
		}
	})
}
