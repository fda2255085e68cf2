package fetch

import "testing"

func TestIsCORSSafelistedMethod(t *testing.T) {
	tests := []struct {
		desc string
		in   string
		want bool
	}{
		{"GET", "GET", true},
		{"HEAD", "HEAD", true},
		{"POST", "POST", true},
		{"lower-case get is not safelisted", "get", false},
		{"mixed-case Post is not safelisted", "Post", false},
		{"PUT", "PUT", false},
		{"OPTIONS", "OPTIONS", false},
		{"PATCH", "PATCH", false},
		{"empty", "", false},
		{"GET with a space", "GET ", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsCORSSafelistedMethod(tc.in); got != tc.want {
				t.Errorf("IsCORSSafelistedMethod(%q): got %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestIsForbiddenMethod(t *testing.T) {
	tests := []struct {
		desc string
		in   string
		want bool
	}{
		{"CONNECT", "CONNECT", true},
		{"TRACE", "TRACE", true},
		{"TRACK", "TRACK", true},
		{"lower-case connect", "connect", true},
		{"lower-case trace", "trace", true},
		{"mixed-case TrAcK", "TrAcK", true},
		{"GET", "GET", false},
		{"TRACES", "TRACES", false},
		{"TRAC", "TRAC", false},
		{"CONNECTS", "CONNECTS", false},
		{"empty", "", false},
		{"Kelvin sign is not K", "TRAC\xe2\x84\xaa", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsForbiddenMethod(tc.in); got != tc.want {
				t.Errorf("IsForbiddenMethod(%q): got %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeMethod(t *testing.T) {
	tests := []struct {
		desc string
		in   string
		want string
	}{
		{"delete", "delete", "DELETE"},
		{"get", "get", "GET"},
		{"head", "hEaD", "HEAD"},
		{"options", "options", "OPTIONS"},
		{"post", "Post", "POST"},
		{"put", "put", "PUT"},
		{"already normal", "GET", "GET"},
		{"patch stays", "patch", "patch"},
		{"patcH stays", "patcH", "patcH"},
		{"unknown method stays", "chicken", "chicken"},
		{"forbidden methods are not normalized", "connect", "connect"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := NormalizeMethod(tc.in); got != tc.want {
				t.Errorf("NormalizeMethod(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeMethodDoesNotAllocate(t *testing.T) {
	for _, m := range []string{"get", "post", "patch", "OPTIONS"} {
		if n := testing.AllocsPerRun(100, func() { _ = NormalizeMethod(m) }); n != 0 {
			t.Errorf("NormalizeMethod(%q): %v allocations, want 0", m, n)
		}
	}
}

func TestIsMethod(t *testing.T) {
	tests := []struct {
		desc string
		in   string
		want bool
	}{
		{"GET", "GET", true},
		{"extension method", "M-SEARCH", true},
		{"all token punctuation", "!#$%&'*+-.^_`|~", true},
		{"empty", "", false},
		{"space", "GE T", false},
		{"slash", "A/B", false},
		{"non-ASCII byte", "G\xC9T", false},
		{"comma", "GET,", false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if got := IsMethod(tc.in); got != tc.want {
				t.Errorf("IsMethod(%q): got %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
