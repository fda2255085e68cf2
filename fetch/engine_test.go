package fetch

import (
	"reflect"
	"strings"
	"testing"

	"github.com/corsim/corsim/internal/gen"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestEngineNames(t *testing.T) {
	want := []Engine{EngineSpec, EngineChromium, EngineFirefox, EngineWebKit}
	if diff := cmp.Diff(want, Engines()); diff != "" {
		t.Errorf("Engines(): -want +got:\n%s", diff)
	}
	for e, name := range map[Engine]string{EngineSpec: "spec", EngineChromium: "chromium", EngineFirefox: "firefox", EngineWebKit: "webkit"} {
		if got := e.String(); got != name {
			t.Errorf("Engine(%d).String(): got %q, want %q", uint8(e), got, name)
		}
		b, err := e.MarshalText()
		if err != nil || string(b) != name {
			t.Errorf("%v.MarshalText(): got (%q, %v)", e, b, err)
		}
		if got, err := ParseEngine(name); err != nil || got != e {
			t.Errorf("ParseEngine(%q): got (%v, %v), want %v", name, got, err, e)
		}
	}
	for _, bad := range []string{"", "Chromium", "chrome", "safari", "gecko", "spec "} {
		if _, err := ParseEngine(bad); err == nil {
			t.Errorf("ParseEngine(%q): got no error", bad)
		}
	}
	if got := Engine(9).String(); got != "Engine(9)" {
		t.Errorf("Engine(9).String(): got %q", got)
	}
	if _, err := Engine(9).MarshalText(); err == nil {
		t.Errorf("Engine(9).MarshalText(): got no error")
	}
}

// funcID identifies a function value for comparison.
func funcID(f func(string, string) bool) uintptr {
	if f == nil {
		return 0
	}
	return reflect.ValueOf(f).Pointer()
}

// TestProfiles pins the engine behaviours SPEC.md §4 documents; each
// column is spec, Chromium, Firefox, WebKit.
func TestProfiles(t *testing.T) {
	ps := [4]Profile{EngineSpec.Profile(), EngineChromium.Profile(), EngineFirefox.Profile(), EngineWebKit.Profile()}
	field := func(get func(Profile) any) [4]any {
		return [4]any{get(ps[0]), get(ps[1]), get(ps[2]), get(ps[3])}
	}
	tests := []struct {
		name string
		got  [4]any
		want [4]any
	}{
		{"Engine", field(func(p Profile) any { return p.Engine }), [4]any{EngineSpec, EngineChromium, EngineFirefox, EngineWebKit}},
		{"PreflightCacheCap (§4.1)", field(func(p Profile) any { return p.PreflightCacheCap }), [4]any{int64(0), int64(7200), int64(86400), int64(600)}},
		{"MaxAgeUnparsable (§4.1)", field(func(p Profile) any { return p.MaxAgeUnparsable }),
			[4]any{MaxAgeUseDefault, MaxAgeUseDefault, MaxAgeNoCache, MaxAgeUseDefault}},
		{"MaxAgeNegative (§4.1)", field(func(p Profile) any { return p.MaxAgeNegative }),
			[4]any{MaxAgeUseDefault, MaxAgeNoCache, MaxAgeNoCache, MaxAgeNoCache}},
		{"CacheReplacesPerKey (§4.1 granularity)", field(func(p Profile) any { return p.CacheReplacesPerKey }), [4]any{false, true, false, true}},
		{"CacheKeyedByCredentials (§4.1)", field(func(p Profile) any { return p.CacheKeyedByCredentials }), [4]any{false, false, true, false}},
		{"CacheCapacity (§4.1 size)", field(func(p Profile) any { return p.CacheCapacity }), [4]any{0, 1024, 100, 0}},
		{"CacheMaxURLLength (§4.1 size)", field(func(p Profile) any { return p.CacheMaxURLLength }), [4]any{0, 1024, 0, 0}},
		{"CacheHEADNeedsMethodMatch (§4.1 safelisted methods)", field(func(p Profile) any { return p.CacheHEADNeedsMethodMatch }), [4]any{false, false, true, false}},
		{"CacheDropsOnFailedLookup (§4.1 granularity)", field(func(p Profile) any { return p.CacheDropsOnFailedLookup }), [4]any{false, true, false, true}},
		{"WildcardCoversAuthorization (§4.2)", field(func(p Profile) any { return p.WildcardCoversAuthorization }), [4]any{false, true, true, true}},
		{"SafelistCombinesDuplicates (§4.6.5, header maps; Firefox observed line by line)", field(func(p Profile) any { return p.SafelistCombinesDuplicates }), [4]any{false, true, false, true}},
		{"SafelistTotalLimit (§4.6.5)", field(func(p Profile) any { return p.SafelistTotalLimit }), [4]any{0, 0, -1, -1}},
		{"PreflightOriginKeptAfterRedirect (§4.7)", field(func(p Profile) any { return p.PreflightOriginKeptAfterRedirect }), [4]any{false, false, true, false}},
		{"LocalhostMixedContent (§4.7)", field(func(p Profile) any { return p.LocalhostMixedContent }), [4]any{false, false, false, true}},
		{"SafelistedRequestHeader (§4.6.2-4)", field(func(p Profile) any { return funcID(p.SafelistedRequestHeader) }),
			[4]any{funcID(IsCORSSafelistedRequestHeader), funcID(chromiumIsCORSSafelistedRequestHeader),
				funcID(firefoxIsCORSSafelistedRequestHeader), funcID(webkitIsCORSSafelistedRequestHeader)}},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v (spec, chromium, firefox, webkit)", tc.name, tc.got, tc.want)
		}
	}
}

// TestDivergencesAgreeWithProfiles checks the documented divergences
// against the profiles: an engine described "as spec", or in the spec's own
// words, has the spec profile's value.
func TestDivergencesAgreeWithProfiles(t *testing.T) {
	spec := reflect.ValueOf(EngineSpec.Profile())
	equal := func(a, b reflect.Value) bool {
		switch a.Kind() {
		case reflect.Func:
			return a.Pointer() == b.Pointer() || (a.IsNil() && b.IsNil())
		case reflect.Slice:
			return reflect.DeepEqual(a.Interface(), b.Interface())
		}
		return a.Interface() == b.Interface()
	}
	for _, d := range Divergences() {
		for e, text := range map[Engine]string{EngineChromium: d.Chromium, EngineFirefox: d.Firefox, EngineWebKit: d.WebKit} {
			if text != "as spec" && text != d.Spec {
				continue
			}
			got := reflect.ValueOf(e.Profile()).FieldByName(d.Field)
			want := spec.FieldByName(d.Field)
			if !got.IsValid() {
				t.Errorf("divergence %s: no Profile field %s", d.ID, d.Field)
				continue
			}
			if !equal(got, want) {
				t.Errorf("divergence %s says %v behaves as the spec (%q), but its %s is %v, the spec's %v", d.ID, e, text, d.Field, got, want)
			}
		}
	}
}

func TestProfileIsAValue(t *testing.T) {
	p := EngineChromium.Profile()
	p.PreflightCacheCap, p.WildcardCoversAuthorization = 1, false
	if q := EngineChromium.Profile(); q.PreflightCacheCap != 7200 || !q.WildcardCoversAuthorization {
		t.Errorf("changing a returned profile changed the next one: %+v", q)
	}
	if got := Engine(42).Profile(); got.Engine != EngineSpec || got.PreflightCacheCap != 0 || got.WildcardCoversAuthorization {
		t.Errorf("Engine(42).Profile(): got %+v, want the spec profile", got)
	}
	if got := EngineFirefox.Profile().String(); got != "firefox profile" {
		t.Errorf("String(): got %q", got)
	}
	// The zero Profile judges headers with the spec's safelist.
	var zero Profile
	if !zero.NeedsCORSWithPreflight(corsRequest(t, pageA, "GET", CredentialsSameOrigin, HeaderList{{"DPR", "2"}}, apiB)) {
		t.Errorf("zero Profile: DPR did not need a preflight")
	}
}

// TestPropertyProfileUnsafeNames checks the profiles' CORS-unsafe
// request-header names against the package's own models: the spec profile
// against CORSUnsafeRequestHeaderNames, WebKit's against
// webkitCORSUnsafeRequestHeaderNames, and every profile's
// NeedsCORSWithPreflight against its names.
func TestPropertyProfileUnsafeNames(t *testing.T) {
	values := []string{"1", "en", "text/plain", "application/json", "bytes=0-", "Bytes=0-", "on", "*/*",
		strings.Repeat("a", 100), strings.Repeat("a", 129)}
	spec, webkit := EngineSpec.Profile(), EngineWebKit.Profile()
	rapid.Check(t, func(t *rapid.T) {
		var l HeaderList
		for range rapid.IntRange(0, 12).Draw(t, "headers") {
			l = append(l, Header{gen.HeaderName().Draw(t, "name"), rapid.SampledFrom(values).Draw(t, "value")})
		}
		if got, want := spec.CORSUnsafeRequestHeaderNames(l), CORSUnsafeRequestHeaderNames(l); !cmp.Equal(got, want) {
			t.Fatalf("spec profile: CORSUnsafeRequestHeaderNames(%q) = %q, package function %q", l, got, want)
		}
		if got, want := webkit.CORSUnsafeRequestHeaderNames(l), webkitCORSUnsafeRequestHeaderNames(l); !cmp.Equal(got, want) {
			t.Fatalf("webkit profile: CORSUnsafeRequestHeaderNames(%q) = %q, webkit model %q", l, got, want)
		}
		for _, e := range Engines() {
			p := e.Profile()
			req := &Request{Method: "GET", Header: l, UnsafeRequest: true}
			if got, want := p.NeedsCORSWithPreflight(req), len(p.CORSUnsafeRequestHeaderNames(l)) > 0; got != want {
				t.Fatalf("%v: NeedsCORSWithPreflight(GET %q) = %v, but the unsafe names are %q", e, l, got, p.CORSUnsafeRequestHeaderNames(l))
			}
		}
	})
}
