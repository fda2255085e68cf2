package fetch

import (
	"os"
	"strings"
	"testing"
)

// TestSpecRevisionsInREADME keeps SpecRevisions and the README's
// "Specifications followed" list in step.
func TestSpecRevisionsInREADME(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, rev := range strings.Split(SpecRevisions, "; ") {
		if !strings.Contains(string(readme), "- "+rev+"\n") {
			t.Errorf("README.md does not list %q under \"Specifications followed\"", rev)
		}
	}
}
