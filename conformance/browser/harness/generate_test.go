package harness

import (
	"bytes"
	"testing"

	"github.com/corsim/corsim/scenario"
)

func TestGenerate(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		a, err := Generate(seed, 25)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(seed, 25)
		if !bytes.Equal(a, b) {
			t.Fatalf("Generate(%d): two calls differ", seed)
		}
		ss, err := scenario.Parse("gen.json", a)
		if err != nil {
			t.Fatalf("Generate(%d): the file does not parse: %v", seed, err)
		}
		if len(ss) != 25 {
			t.Fatalf("Generate(%d, 25): got %d scenarios", seed, len(ss))
		}
		for _, s := range ss {
			if _, err := makePlan(s); err != nil {
				t.Errorf("Generate(%d): scenario %s cannot run: %v", seed, s.Name, err)
			}
		}
	}
	x, _ := Generate(1, 5)
	y, _ := Generate(2, 5)
	if bytes.Equal(x, y) {
		t.Errorf("Generate(1) and Generate(2) are equal")
	}
}
