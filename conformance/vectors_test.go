package conformance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVectorSets checks the table of external vector sets: each consumer
// test exists and names its file, and, when the variable is set, each file
// holds the listed number of cases.
func TestVectorSets(t *testing.T) {
	for _, v := range vectorSets {
		t.Run(v.File, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(v.ConsumerFile)))
			if err != nil {
				t.Fatalf("consumer file: %v", err)
			}
			test := v.Consumer[strings.IndexByte(v.Consumer, '.')+1:]
			if !strings.Contains(string(src), "func "+test+"(t *testing.T)") {
				t.Errorf("%s does not define %s", v.ConsumerFile, test)
			}
			if !strings.Contains(string(src), `"`+v.File+`"`) {
				t.Errorf("%s does not name %q", v.ConsumerFile, v.File)
			}
			if !strings.Contains(string(src), v.Env) && !strings.Contains(string(src), "wptEnv") {
				t.Errorf("%s does not read $%s", v.ConsumerFile, v.Env)
			}

			dir := os.Getenv(v.Env)
			if dir == "" {
				t.Skipf("$%s is not set: point it at a folder holding %s (../shared/wpt) or at a web-platform-tests checkout "+
					"(https://github.com/web-platform-tests/wpt) to check the counts", v.Env, v.File)
			}
			candidates := []string{filepath.Join(dir, v.File)}
			if v.WPTPath != "" {
				candidates = append(candidates, filepath.Join(dir, filepath.FromSlash(v.WPTPath)))
			}
			var data []byte
			for _, p := range candidates {
				if data, err = os.ReadFile(p); err == nil {
					break
				}
			}
			if err != nil {
				if v.WPTPath == "" {
					t.Skipf("$%s=%s has no %s (a derived file, not in a web-platform-tests checkout)", v.Env, dir, v.File)
				}
				t.Fatalf("$%s=%s holds neither %s nor %s", v.Env, dir, v.File, v.WPTPath)
			}
			var items []json.RawMessage
			if err := json.Unmarshal(data, &items); err != nil {
				t.Fatalf("%s: %v", v.File, err)
			}
			cases, comments := 0, 0
			for _, it := range items {
				switch strings.TrimSpace(string(it))[0] {
				case '{', '[':
					cases++
				case '"':
					comments++
				default:
					t.Errorf("%s: unexpected item %.40s", v.File, it)
				}
			}
			if cases != v.Count || comments != v.Comments {
				t.Errorf("%s: %d cases and %d comments, the table says %d and %d: update vectorSets (and the consumer's expectations)",
					v.File, cases, comments, v.Count, v.Comments)
			}
		})
	}
}
