package fuzz

import (
	"reflect"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/gen/scene"
	"github.com/corsim/corsim/simulate"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// checkSimulationIsDeterministic: the same scene run twice on two new
// browsers of the same engine gives the same results, field for field:
// outcomes, reasons, console messages, requests on the wire, what script
// sees, and the trace.
func checkSimulationIsDeterministic(t *rapid.T) {
	s := scene.Draw().Draw(t, "scene")
	e := scene.Engine().Draw(t, "engine")
	a, err := s.Run(nil, simulate.WithEngine(e))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Run(nil, simulate.WithEngine(e))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("%s: two runs of %+v differ (-first +second):\n%s", e, s, diff)
	}
}

func TestSimulationIsDeterministic(t *testing.T) {
	rapid.Check(t, checkSimulationIsDeterministic)
}

func FuzzSimulationIsDeterministic(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkSimulationIsDeterministic))
}

// divergenceFields returns the Profile fields that fetch.Divergences
// records, failing t if a record names no field of Profile.
func divergenceFields(t interface {
	Helper()
	Fatalf(string, ...any)
}) []string {
	t.Helper()
	typ := reflect.TypeFor[fetch.Profile]()
	var fields []string
	for _, d := range fetch.Divergences() {
		if _, ok := typ.FieldByName(d.Field); !ok {
			t.Fatalf("divergence %q records field %q, which fetch.Profile does not have", d.ID, d.Field)
		}
		fields = append(fields, d.Field)
	}
	return fields
}

// TestEveryProfileFieldIsARecordedDivergence checks that every field of
// fetch.Profile but Engine is some divergence's field: otherwise an engine
// could differ from the spec in a way no record explains.
func TestEveryProfileFieldIsARecordedDivergence(t *testing.T) {
	recorded := map[string]bool{}
	for _, f := range divergenceFields(t) {
		recorded[f] = true
	}
	typ := reflect.TypeFor[fetch.Profile]()
	for i := range typ.NumField() {
		if name := typ.Field(i).Name; name != "Engine" && !recorded[name] {
			t.Errorf("fetch.Profile.%s is not the field of any fetch.Divergences() record", name)
		}
	}
}

// withSpecValues returns p with the named fields set to the spec profile's
// values.
func withSpecValues(p fetch.Profile, fields ...string) fetch.Profile {
	spec := reflect.ValueOf(fetch.EngineSpec.Profile())
	v := reflect.ValueOf(&p).Elem()
	for _, f := range fields {
		v.FieldByName(f).Set(spec.FieldByName(f))
	}
	return p
}

// runProfile runs s on a new browser following p.
func runProfile(t *rapid.T, s *scene.Scene, p fetch.Profile) []outcome {
	server, err := s.Server()
	if err != nil {
		t.Fatal(err)
	}
	b := simulate.NewWithProfile(server, p, simulate.WithoutTrace(), simulate.WithClock(simulate.NewVirtualClock(scene.Epoch).Now))
	res, err := s.RunOn(b)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]outcome, len(res))
	for i, r := range res {
		out[i] = outcomeOf(r)
	}
	return out
}

// checkEnginesDifferOnlyByDivergences: where an engine's results differ
// from the spec profile's, the engine's profile with every recorded
// divergence set back to the spec's value gives the spec's results, and
// some single divergence set back changes the engine's results: the
// difference is explained by the records, and by at least one of them alone
// or in combination.
func checkEnginesDifferOnlyByDivergences(t *rapid.T) {
	s := scene.Draw().Draw(t, "scene")
	e := rapid.SampledFrom([]fetch.Engine{fetch.EngineChromium, fetch.EngineChromium, fetch.EngineFirefox, fetch.EngineWebKit}).Draw(t, "engine")
	fields := divergenceFields(t)
	spec := runProfile(t, &s, fetch.EngineSpec.Profile())
	got := runProfile(t, &s, e.Profile())
	if cmp.Equal(spec, got) {
		return
	}
	undone := runProfile(t, &s, withSpecValues(e.Profile(), fields...))
	if diff := cmp.Diff(spec, undone); diff != "" {
		t.Fatalf("%s with every recorded divergence undone still differs from the spec on %+v (-spec +undone):\n%s", e, s, diff)
	}
	var explaining []string
	for _, f := range fields {
		if !cmp.Equal(runProfile(t, &s, withSpecValues(e.Profile(), f)), got) {
			explaining = append(explaining, f)
		}
	}
	if len(explaining) == 0 {
		// Two divergences each enough for the difference: undoing one
		// leaves the other. Undoing all but one must then still differ
		// for some.
		for _, f := range fields {
			others := make([]string, 0, len(fields)-1)
			for _, g := range fields {
				if g != f {
					others = append(others, g)
				}
			}
			if !cmp.Equal(runProfile(t, &s, withSpecValues(e.Profile(), others...)), spec) {
				explaining = append(explaining, f)
			}
		}
	}
	if len(explaining) == 0 {
		t.Fatalf("%s differs from the spec on %+v, and no recorded divergence explains how", e, s)
	}
}

func TestEnginesDifferFromSpecOnlyByRecordedDivergences(t *testing.T) {
	rapid.Check(t, checkEnginesDifferOnlyByDivergences)
}

func FuzzEnginesDifferFromSpecOnlyByRecordedDivergences(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkEnginesDifferOnlyByDivergences))
}
