package fetch

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files (the README's divergences table)")

// divergenceTable renders Divergences as the README's Markdown table.
func divergenceTable() string {
	var b strings.Builder
	b.WriteString("| divergence | spec | Chromium | Firefox | WebKit | source |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for _, d := range Divergences() {
		cells := []string{d.Summary + " (`" + d.ID + "`)", d.Spec, d.Chromium, d.Firefox, d.WebKit, d.Source}
		for i, c := range cells {
			cells[i] = strings.ReplaceAll(c, "|", "\\|")
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

// TestREADMEDivergences keeps the README's table in step with Divergences;
// run with -update to rewrite it.
func TestREADMEDivergences(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- divergences:begin -->\n", "<!-- divergences:end -->"
	s := string(data)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s: no %q ... %q markers", path, begin, end)
	}
	want := divergenceTable()
	got := s[i+len(begin) : j]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the divergences table is stale; run go test ./fetch -run TestREADMEDivergences -update", path)
}

// TestDivergencesNameProfileFields checks that every divergence names a
// Profile field, that the field really differs between the profiles the
// record says differ, and that every Profile field but Engine is documented.
func TestDivergencesNameProfileFields(t *testing.T) {
	typ := reflect.TypeOf(Profile{})
	documented := map[string]bool{}
	for _, d := range Divergences() {
		if _, ok := typ.FieldByName(d.Field); !ok {
			t.Errorf("divergence %s names Profile field %q, which does not exist", d.ID, d.Field)
		}
		if documented[d.Field] {
			t.Errorf("divergence %s: field %s documented twice", d.ID, d.Field)
		}
		documented[d.Field] = true
		if d.Summary == "" || d.Spec == "" || d.Chromium == "" || d.Firefox == "" || d.WebKit == "" || d.Source == "" {
			t.Errorf("divergence %s has an empty description", d.ID)
		}
	}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Name != "Engine" && !documented[f.Name] {
			t.Errorf("Profile field %s is not documented in Divergences", f.Name)
		}
	}
}
