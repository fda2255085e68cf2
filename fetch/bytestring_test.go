package fetch

import "testing"

func TestIsomorphicEncode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"text/plain", "text/plain", true},
		{"é", "\xe9", true},
		{"ÿ", "\xff", true},
		{"€", "", false},
		{"a\U0001F600", "", false},
		{"\xff", "", false}, // invalid UTF-8 decodes to U+FFFD
	} {
		got, ok := IsomorphicEncode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("IsomorphicEncode(%q): got %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if n := testing.AllocsPerRun(100, func() { IsomorphicEncode("application/json") }); n != 0 {
		t.Errorf("IsomorphicEncode of ASCII allocates %v times", n)
	}
}
