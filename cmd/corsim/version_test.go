package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

func TestCurrentVersion(t *testing.T) {
	specs := map[string]string{"origin": origin.SpecRevisions, "fetch": fetch.SpecRevisions}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	for _, tc := range []struct {
		desc string
		info *debug.BuildInfo
		want versionInfo
	}{
		{"no build info", nil, versionInfo{Version: "(devel)", Go: runtime.Version(), Platform: platform, Specs: specs}},
		{"a checkout", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}},
			versionInfo{Version: "(devel)", Revision: "0123456789abcdef0123", Modified: true, Go: "go1.26.0", Platform: platform, Specs: specs}},
		{"go install", &debug.BuildInfo{GoVersion: "go1.26.1", Main: debug.Module{Version: "v1.2.3"}},
			versionInfo{Version: "v1.2.3", Go: "go1.26.1", Platform: platform, Specs: specs}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			got := currentVersion(func() (*debug.BuildInfo, bool) { return tc.info, tc.info != nil })
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("currentVersion (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	code, stdout, stderr := cli(t, "", "version")
	if code != exitOK || stderr != "" {
		t.Fatalf("version: exit %d, stderr %q", code, stderr)
	}
	if !strings.HasPrefix(stdout, "corsim ") || !strings.Contains(stdout, "\nbuilt with go") {
		t.Errorf("version: %q, want \"corsim VERSION\" then \"built with goX\"", stdout)
	}
	for _, revs := range []string{origin.SpecRevisions, fetch.SpecRevisions} {
		for _, rev := range strings.Split(revs, "; ") {
			if !strings.Contains(stdout, " "+rev+"\n") {
				t.Errorf("version does not list %q:\n%s", rev, stdout)
			}
		}
	}

	code, stdout, _ = cli(t, "", "version", "--json")
	var got versionInfo
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != exitOK {
		t.Fatalf("version --json: exit %d, %v\n%s", code, err, stdout)
	}
	if got.Version == "" || got.Go == "" || got.Specs["origin"] != origin.SpecRevisions || got.Specs["fetch"] != fetch.SpecRevisions {
		t.Errorf("version --json: %+v", got)
	}

	args := []string{"version", "extra"}
	code, stdout, stderr = cli(t, "", args...)
	wantOneLineError(t, args, code, stdout, stderr, `version takes no arguments, got "extra"`)
	code, stdout, _ = cli(t, "", "version", "--help")
	if code != exitOK || !strings.HasPrefix(stdout, "Usage: corsim version [--json]") {
		t.Errorf("version --help: exit %d, %q", code, stdout)
	}
}
