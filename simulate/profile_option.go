package simulate

import "github.com/corsim/corsim/fetch"

// NewWithProfile returns a browser whose requests server answers and which
// follows profile p instead of its engine's own: a what-if browser, such as
// Chromium with one of its divergences from the Fetch Standard undone. The
// browser's engine, which names reasons and words console messages, is
// p.Engine; a WithEngine option is overridden.
//
// A profile is plain data; corsim's algorithms read only its fields, so two
// browsers with equal profiles behave alike whatever engine each names.
func NewWithProfile(server Server, p fetch.Profile, opts ...Option) *Browser {
	b := New(server, append(opts[:len(opts):len(opts)], WithEngine(p.Engine))...)
	b.profile = p
	b.cache = fetch.NewPreflightCache(p, b.now)
	return b
}
