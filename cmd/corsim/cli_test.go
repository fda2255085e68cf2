package main

import (
	"bytes"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// updateGolden rewrites the testdata/*.golden files from the current
// output: go test ./cmd/corsim -run TestX -update.
var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// cli runs corsim in process and returns the exit status and output.
func cli(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = run(e, args)
	return code, out.String(), errOut.String()
}

// tempFile writes content to a new file and returns its path.
func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// unusedAddr returns a loopback address nothing listens on.
func unusedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// checkGolden compares got with testdata/name.golden, or rewrites the file
// with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/corsim -run %s -update to create it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}

// wantOneLineError checks that a command failed with exit status 2 and one
// line on standard error containing want.
func wantOneLineError(t *testing.T, args []string, code int, stdout, stderr, want string) {
	t.Helper()
	if code != exitUsage {
		t.Errorf("corsim %q: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
	}
	if !strings.HasPrefix(stderr, "corsim: ") || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("corsim %q: stderr %q, want one line starting with \"corsim: \"", args, stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("corsim %q: stderr %q, want it to contain %q", args, stderr, want)
	}
	if stdout != "" {
		t.Errorf("corsim %q: stdout %q, want nothing", args, stdout)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
		t.Errorf("corsim %q: stderr holds a stack trace: %q", args, stderr)
	}
}
