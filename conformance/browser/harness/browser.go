package harness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// Options configure a Browser.
type Options struct {
	// ExecPath is the browser binary; empty means FindChromium (or
	// FindFirefox, FindMiniBrowser for the other engines).
	ExecPath string
	// BindHost is the address the loopback servers listen on; empty means
	// 127.0.0.1. Every host name in a scenario resolves to it.
	BindHost string
	// FetchTimeout bounds one fetch() call; zero means 10 seconds.
	FetchTimeout time.Duration
	// MaxAfter is the longest "after" wait the harness sleeps through in
	// real time; a longer one makes the scenario unobservable. Zero means
	// 6 seconds.
	MaxAfter time.Duration
}

// withDefaults fills the options left zero.
func (o Options) withDefaults() Options {
	if o.BindHost == "" {
		o.BindHost = "127.0.0.1"
	}
	if o.FetchTimeout == 0 {
		o.FetchTimeout = 10 * time.Second
	}
	if o.MaxAfter == 0 {
		o.MaxAfter = 6 * time.Second
	}
	return o
}

// chromiumCandidates are tried in order by FindChromium. Debian's
// /usr/bin/chromium is a wrapper script that adds flags of its own, so the
// real binary comes first.
var chromiumCandidates = []string{
	"/usr/lib/chromium/chromium",
	"chromium",
	"chromium-browser",
	"google-chrome",
	"google-chrome-stable",
}

// FindChromium returns the Chromium binary to run: $CORSIM_CHROMIUM if set,
// else the first of the usual names that exists.
func FindChromium() (string, error) {
	if p := os.Getenv("CORSIM_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CORSIM_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	for _, c := range chromiumCandidates {
		if strings.HasPrefix(c, "/") {
			if _, err := os.Stat(c); err == nil {
				return c, nil
			}
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found (tried /usr/lib/chromium/chromium, chromium, chromium-browser, google-chrome; set CORSIM_CHROMIUM to the binary, or install Debian's chromium package)")
}

// Browser is one headless Chromium and the loopback servers it talks to.
// Scenarios run one at a time, each in a fresh browser context (empty
// preflight cache, HTTP cache and cookie jar).
type Browser struct {
	opts     Options
	version  string
	servers  *servers
	dataDir  string
	ctx      context.Context // the browser's chromedp context
	cancel   context.CancelFunc
	allocEnd context.CancelFunc

	// spare holds the next scenarios' tabs (tabsAhead of them); tabs counts
	// tabs being opened
	// or closed in the background.
	spare chan *tab
	tabs  sync.WaitGroup
}

// Start launches Chromium. Close it when done.
func Start(opts Options) (*Browser, error) {
	if opts.ExecPath == "" {
		p, err := FindChromium()
		if err != nil {
			return nil, err
		}
		opts.ExecPath = p
	}
	opts = opts.withDefaults()
	srv, err := newServers(opts.BindHost)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "corsim-chromium-")
	if err != nil {
		srv.close()
		return nil, err
	}
	b := &Browser{opts: opts, servers: srv, dataDir: dir}
	if err := writePreferences(dir); err != nil {
		b.Close()
		return nil, err
	}

	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(opts.ExecPath),
		chromedp.UserDataDir(dir),
	}
	for _, f := range chromiumFlags(opts.BindHost) {
		allocOpts = append(allocOpts, chromedp.Flag(f.name, f.value))
	}
	actx, aend := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	ctx, cancel := chromedp.NewContext(actx)
	b.ctx, b.cancel, b.allocEnd = ctx, cancel, aend

	// The first Run starts the browser; it lives as long as ctx, so it
	// gets no deadline of its own.
	v, err := chromedp.Run(ctx, chromedp.Action[browser.GetVersionResult](func(ctx context.Context, t *chromedp.Target) (browser.GetVersionResult, error) {
		return cdp.Call(ctx, chromedp.FromContext(ctx).Browser, browser.GetVersion, cdp.Empty{})
	}))
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("starting Chromium (%s): %w", opts.ExecPath, err)
	}
	b.version = v.Product
	b.spare = make(chan *tab, tabsAhead)
	b.spare <- b.newTab()
	for range tabsAhead - 1 {
		b.tabs.Add(1)
		go func() {
			defer b.tabs.Done()
			b.spare <- b.newTab()
		}()
	}
	return b, nil
}

// tabsAhead is how many tabs (each in a browser context of its own) are
// opened ahead of the scenarios that will use them: opening one takes
// longer than most scenarios.
const tabsAhead = 2

// A flag is one command-line switch.
type flag struct {
	name  string
	value any
}

// chromiumFlags are the command-line switches of the harness's Chromium.
func chromiumFlags(bindHost string) []flag {
	return []flag{
		{"headless", true},
		{"no-sandbox", true},
		{"disable-gpu", true},
		{"disable-quic", true},
		{"no-first-run", true},
		{"no-default-browser-check", true},
		{"disable-background-networking", true},
		{"disable-component-update", true},
		{"disable-sync", true},
		{"disable-extensions", true},
		{"disable-default-apps", true},
		{"disable-dev-shm-usage", true},
		{"disable-breakpad", true},
		{"ignore-certificate-errors", true},
		// Every host name, and every IP literal but the servers' own,
		// resolves to the loopback servers.
		{"host-resolver-rules", "MAP * " + bindHost + ", EXCLUDE " + bindHost},
		// Local Network Access would ask for a permission for every
		// loopback request; HTTPS upgrades would rewrite http:// URLs.
		{"disable-features", "LocalNetworkAccessChecks,HttpsUpgrades"},
	}
}

// Version is the browser's product string, e.g. "Chrome/156.0.8078.79".
func (b *Browser) Version() string { return b.version }

// Close stops the browser and the servers and removes the profile.
func (b *Browser) Close() error {
	if b.spare != nil {
		b.tabs.Wait()
		close(b.spare)
		for t := range b.spare {
			t.cancel()
		}
	}
	if b.cancel != nil {
		b.cancel()
	}
	if b.allocEnd != nil {
		b.allocEnd()
	}
	b.servers.close()
	return os.RemoveAll(b.dataDir)
}

// preferences are the profile settings the harness needs. Off-the-record
// browser contexts (one per scenario) block third-party cookies unless the
// cookie controls mode is 0 ("allow").
const preferences = `{"profile":{"cookie_controls_mode":0}}`

func writePreferences(dir string) error {
	d := filepath.Join(dir, "Default")
	if err := os.MkdirAll(d, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(d, "Preferences"), []byte(preferences), 0o600)
}
