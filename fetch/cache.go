package fetch

import (
	"sync"
	"time"

	"github.com/corsim/corsim/origin"
)

// A PreflightCache is the [CORS-preflight cache] of one browser: what earlier
// preflights allowed, per (partition, serialized request origin, URL), so
// that later requests can skip the preflight. How it stores and matches
// entries follows the engine profile it is made with: the spec (and Firefox)
// keep one entry per method and header name, merged across preflights;
// Chromium and WebKit keep the latest preflight's result per URL.
//
// A PreflightCache is safe for concurrent use. Its clock is injected; its
// size is bounded (the profile's capacity, else 1024 keys), the oldest key
// being evicted first.
//
// [CORS-preflight cache]: https://fetch.spec.whatwg.org/#concept-cache
type PreflightCache struct {
	profile Profile
	now     func() time.Time

	mu    sync.Mutex
	items map[cacheKey]*cacheItem
	seq   uint64 // insertion counter, for eviction order
}

// cacheKey is the spec's (network partition key, byte-serialized origin,
// URL). The partition is the top-level origin of the request's client; in
// corsim that is the request's origin.
type cacheKey struct {
	partition origin.Origin
	origin    string
	url       origin.URL
}

type cacheItem struct {
	seq     uint64
	methods []cacheEntry
	headers []cacheEntry
}

// cacheEntry is one method or header name with its expiry and credentials.
type cacheEntry struct {
	name        string
	expires     time.Time
	credentials bool
}

// NewPreflightCache returns an empty cache behaving as profile says, reading
// time from now (time.Now when nil).
func NewPreflightCache(profile Profile, now func() time.Time) *PreflightCache {
	if now == nil {
		now = time.Now
	}
	return &PreflightCache{profile: profile, now: now, items: make(map[cacheKey]*cacheItem)}
}

func (c *PreflightCache) key(req *Request) cacheKey {
	return cacheKey{partition: req.Origin, origin: req.SerializedOrigin(), url: *req.CurrentURL()}
}

// capacity is the most keys the cache holds.
func (c *PreflightCache) capacity() int {
	if c.profile.CacheCapacity > 0 {
		return c.profile.CacheCapacity
	}
	return defaultCacheCapacity
}

// usable reports whether e may serve req at now: not expired, and stored
// with credentials compatible with req's ([cache entry match]).
//
// [cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match
func (c *PreflightCache) usable(e *cacheEntry, include bool, now time.Time) bool {
	if !now.Before(e.expires) {
		return false
	}
	if c.profile.CacheKeyedByCredentials {
		return e.credentials == include
	}
	// A credentialed entry also serves an uncredentialed request, not the
	// reverse.
	return e.credentials || !include
}

// wildcardUsable reports whether a cached "*" may stand for any method or
// header name. NB: the spec lets a "*" stored by a credentialed preflight
// (which passed because the method was listed by name) match anything for
// later credentialed requests, which no engine does and which would let a
// cache hit allow what a fresh preflight refuses; corsim treats a cached "*"
// as a wildcard only for uncredentialed requests, and (as engines do) only
// when it was stored by an uncredentialed preflight.
func wildcardUsable(e *cacheEntry, include bool) bool {
	return !include && !e.credentials
}

// NeedsPreflight reports whether HTTP fetch must send a preflight for req
// (step 4.1): its method has no method cache entry match and is not
// CORS-safelisted (or the use-CORS-preflight flag is set), or one of its
// CORS-unsafe request-header names has no header-name cache entry match.
// req must be one main fetch sends with a preflight
// (Profile.NeedsCORSWithPreflight).
//
// On a miss in a profile that drops failed entries (Chromium, WebKit), the
// stale result is removed.
func (c *PreflightCache) NeedsPreflight(req *Request) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.key(req)
	it := c.items[k]
	need := c.needsPreflightLocked(it, req)
	if need && it != nil && c.profile.CacheDropsOnFailedLookup {
		delete(c.items, k)
	}
	if !need && it != nil && c.profile.CacheEvictsLeastRecentlyUsed {
		c.seq++
		it.seq = c.seq
	}
	return need
}

func (c *PreflightCache) needsPreflightLocked(it *cacheItem, req *Request) bool {
	include := req.Credentials == CredentialsInclude
	now := c.now()
	methodSafe := IsCORSSafelistedMethod(req.Method)
	if c.profile.CacheHEADNeedsMethodMatch && req.Method == "HEAD" {
		methodSafe = false
	}
	// 4.1.1. The method needs a match unless it is safelisted (and no
	// preflight is forced).
	if (!methodSafe || req.UseCORSPreflight) && !c.methodMatch(it, req.Method, include, now) {
		return true
	}
	// 4.1.2. Every CORS-unsafe request-header name needs a match.
	need := false
	c.profile.eachCORSUnsafe(req.Header, func(i int) bool {
		if !c.headerMatch(it, req.Header[i].Name, include, now) {
			need = true
			return false
		}
		return true
	})
	return need
}

// methodMatch is the [method cache entry match].
//
// [method cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-method
func (c *PreflightCache) methodMatch(it *cacheItem, method string, include bool, now time.Time) bool {
	if it == nil {
		return false
	}
	for i := range it.methods {
		e := &it.methods[i]
		if !c.usable(e, include, now) {
			continue
		}
		if e.name == method {
			return true
		}
		if e.name == "*" && wildcardUsable(e, include) && !c.profile.CacheWildcardLiteral {
			return true
		}
	}
	return false
}

// headerMatch is the [header-name cache entry match].
//
// [header-name cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-header
func (c *PreflightCache) headerMatch(it *cacheItem, name string, include bool, now time.Time) bool {
	if it == nil {
		return false
	}
	for i := range it.headers {
		e := &it.headers[i]
		if !c.usable(e, include, now) {
			continue
		}
		if equalFoldASCII(e.name, name) {
			return true
		}
		if e.name == "*" && wildcardUsable(e, include) && !c.profile.CacheWildcardLiteral &&
			(!IsCORSNonWildcardRequestHeaderName(name) || c.profile.CacheWildcardCoversAuthorization) {
			return true
		}
	}
	return false
}

// Store records a successful preflight for req (steps 7.11-7.15 of the
// CORS-preflight fetch): an entry per method of Access-Control-Allow-Methods
// and per name of Access-Control-Allow-Headers in header, each living
// maxAge seconds. maxAge 0 stores nothing. A request forced to preflight
// whose response lists no methods stores its own method.
func (c *PreflightCache) Store(req *Request, header HeaderList, maxAge int64) {
	if maxAge <= 0 {
		return
	}
	if c.profile.CacheSkipsOpaqueOrigins && req.Origin.IsOpaque() {
		return
	}
	k := c.key(req)
	if c.profile.CacheMaxURLLength > 0 && len(k.url.String()) >= c.profile.CacheMaxURLLength {
		return
	}
	include := req.Credentials == CredentialsInclude
	var methods, headers []string
	newTokenList(header, "Access-Control-Allow-Methods").each(func(e string) bool {
		methods = append(methods, e)
		return true
	})
	if methods == nil && req.UseCORSPreflight && !header.Contains("Access-Control-Allow-Methods") {
		methods = []string{req.Method}
	}
	newTokenList(header, "Access-Control-Allow-Headers").each(func(e string) bool {
		headers = append(headers, e)
		return true
	})
	now := c.now()
	expires := now.Add(time.Duration(maxAge) * time.Second)

	c.mu.Lock()
	defer c.mu.Unlock()
	it := c.items[k]
	if it == nil || c.profile.CacheReplacesPerKey {
		if it == nil && len(c.items) >= c.capacity() {
			c.evictOldestLocked()
		}
		c.seq++
		it = &cacheItem{seq: c.seq}
		c.items[k] = it
	}
	for _, m := range methods {
		it.methods = upsert(it.methods, m, false, include, expires, c.profile.CacheKeyedByCredentials)
	}
	for _, h := range headers {
		it.headers = upsert(it.headers, h, true, include, expires, c.profile.CacheKeyedByCredentials)
	}
}

// upsert refreshes the entry that a request with these credentials would
// match, or adds one.
func upsert(es []cacheEntry, name string, fold, include bool, expires time.Time, keyed bool) []cacheEntry {
	for i := range es {
		same := es[i].name == name || (fold && equalFoldASCII(es[i].name, name))
		matches := es[i].credentials == include || (!keyed && es[i].credentials)
		if same && matches {
			es[i].expires = expires
			return es
		}
	}
	return append(es, cacheEntry{name: name, expires: expires, credentials: include})
}

func (c *PreflightCache) evictOldestLocked() {
	var oldest cacheKey
	var seq uint64
	first := true
	for k, it := range c.items {
		if first || it.seq < seq {
			oldest, seq, first = k, it.seq, false
		}
	}
	if !first {
		delete(c.items, oldest)
	}
}

// Clear performs [clear cache entries] for req: everything cached for its
// partition, serialized origin and URL is removed. Main fetch does this when
// a CORS-with-preflight fetch ends in a network error.
//
// [clear cache entries]: https://fetch.spec.whatwg.org/#concept-cache-clear
func (c *PreflightCache) Clear(req *Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, c.key(req))
}

// Len returns the number of (partition, origin, URL) keys cached.
func (c *PreflightCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}
