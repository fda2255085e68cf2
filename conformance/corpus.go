package conformance

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/corsim/corsim/scenario"
)

//go:embed testdata/*.json
var testdata embed.FS

// divergencesFile holds per-engine expectation overrides; every other JSON
// file in testdata is a scenario file.
const divergencesFile = "testdata/divergences.json"

// A File is one scenario file of the corpus.
type File struct {
	// Name is the file's path in the package, e.g.
	// "testdata/cors-check.json".
	Name      string
	Scenarios []*scenario.Scenario
}

// Corpus parses every scenario file of the corpus, in name order. Scenario
// names are unique across the whole corpus; a duplicate is an error.
func Corpus() ([]File, error) {
	names, err := fs.Glob(testdata, "testdata/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var files []File
	seen := make(map[string]string)
	for _, name := range names {
		if name == divergencesFile {
			continue
		}
		data, err := testdata.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ss, err := scenario.Parse(name, data)
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			if other, dup := seen[s.Name]; dup {
				return nil, fmt.Errorf("%s: scenario %q: name already used in %s", name, s.Name, path.Base(other))
			}
			seen[s.Name] = name
		}
		files = append(files, File{Name: name, Scenarios: ss})
	}
	return files, nil
}
