// Package playground tests the corsim playground (corsim serve) in a real
// headless Chromium: the page loads, a preset runs, an edited header
// changes the verdict, the state survives in the URL fragment, every
// control has a label, and the layout fits a 375 px wide phone.
package playground

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/corsim/corsim/internal/playground"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/simulate"
)

// tourFile holds the tour, which "corsim serve" offers as presets.
const tourFile = "../../../cmd/corsim/tour/tour.json"

func policyServer(raw json.RawMessage, target origin.Origin) (simulate.Server, error) {
	p, err := policy.Parse(raw)
	if err != nil {
		return nil, err
	}
	return p.Server(target), nil
}

// findChromium returns the Chromium binary, as the harness finds it:
// $CORSIM_CHROMIUM, else Debian's real binary (its /usr/bin/chromium is a
// wrapper adding flags of its own), else the usual names on PATH.
func findChromium() (string, error) {
	if p := os.Getenv("CORSIM_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CORSIM_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/lib/chromium/chromium"); err == nil {
		return "/usr/lib/chromium/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found (tried /usr/lib/chromium/chromium, chromium, chromium-browser, google-chrome; set CORSIM_CHROMIUM to the binary)")
}

// startChromium starts a headless Chromium with a fresh profile, or skips
// the test when there is none.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	exe, err := findChromium()
	if err != nil {
		t.Skipf("the playground test needs Chromium: %v", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
	}
	for _, f := range []string{"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
		"disable-background-networking", "disable-component-update", "disable-sync", "disable-extensions"} {
		opts = append(opts, chromedp.Flag(f, true))
	}
	actx, aend := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(aend)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, tcancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(tcancel)
	return ctx
}

// pageErrors collects uncaught exceptions and console errors of the page.
type pageErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (p *pageErrors) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		p.msgs = append(p.msgs, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value))
			}
			p.msgs = append(p.msgs, "console.error: "+strings.Join(parts, " "))
		}
	case *cdplog.EventEntryAdded:
		// CSP violations, failed loads.
		if ev.Entry.Level == cdplog.EntryLevelError {
			p.msgs = append(p.msgs, fmt.Sprintf("%s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

func (p *pageErrors) get() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.msgs...)
}

// artifactDir is a new temporary directory for the screenshots; it
// outlives the test, so the logged paths can be opened afterwards.
func artifactDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "corsim-playground-")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// saveScreenshot writes a full-page screenshot to dir/name, and to
// $CORSIM_ARTIFACTS/name too when that is set (CI keeps that directory).
func saveScreenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	savePNG(t, dir, name, png)
}

func savePNG(t *testing.T, dir, name string, png []byte) {
	t.Helper()
	dirs := []string{dir}
	if a := os.Getenv("CORSIM_ARTIFACTS"); a != "" {
		if err := os.MkdirAll(a, 0o755); err != nil {
			t.Fatalf("CORSIM_ARTIFACTS: %v", err)
		}
		dirs = append(dirs, a)
	}
	for _, d := range dirs {
		path := filepath.Join(d, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
}

// waitVerdict waits until the verdict shown is want ("Allowed" or
// "Blocked") and returns the verdict's whole text.
func waitVerdict(t *testing.T, ctx context.Context, want string) string {
	t.Helper()
	js := fmt.Sprintf(`(() => { const v = document.querySelector('#verdict strong'); return v && v.textContent === %q ? v.parentElement.textContent : ''; })()`, want)
	got, err := chromedp.Run(ctx, chromedp.Poll[string](js, chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('output').innerText`))
		t.Fatalf("waiting for the verdict %q: %v; the page shows:\n%s", want, err, shown)
	}
	return got
}

func TestPlayground(t *testing.T) {
	tour, err := os.ReadFile(tourFile)
	if err != nil {
		t.Fatalf("reading the tour: %v", err)
	}
	h, err := playground.New(playground.Options{Presets: tour, Policy: policyServer})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	ctx := startChromium(t)
	errs := &pageErrors{}
	ctx, cancel := chromedp.NewContext(ctx, chromedp.WithListener(errs.listen))
	t.Cleanup(cancel)
	dir := artifactDir(t)

	// Load the page; it runs the first preset on its own.
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
			return err
		}),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`body[data-ready="true"]`),
	); err != nil {
		t.Fatalf("loading the playground: %v", err)
	}
	waitVerdict(t, ctx, "Blocked")

	// Pick a preset: "*" with credentials is refused.
	const preset = "wildcard-with-credentials"
	if err := chromedp.Do(ctx,
		chromedp.SetValue("#preset", preset),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('preset').dispatchEvent(new Event('change', {bubbles: true}))`),
	); err != nil {
		t.Fatalf("picking preset %s: %v", preset, err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const c = document.querySelector('#verdict code'); return !!c && c.textContent === 'WildcardOriginNotAllowed'; })()`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('verdict').textContent`))
		t.Fatalf("preset %s: waiting for CORS error WildcardOriginNotAllowed: %v; the verdict shown is %q", preset, err, shown)
	}
	waitVerdict(t, ctx, "Blocked")
	deciding, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.deciding mark')].map(m => m.textContent).join('|')`))
	if err != nil {
		t.Fatal(err)
	}
	if deciding != "Access-Control-Allow-Origin: *" {
		t.Errorf("highlighted deciding header: got %q, want %q", deciding, "Access-Control-Allow-Origin: *")
	}
	saveScreenshot(t, ctx, dir, "playground-blocked.png")

	// Edit the server's Access-Control-Allow-Origin from "*" to the page's
	// origin by typing, and simulate from the keyboard.
	const acao = "#res-0-h-0-value"
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('res-0-h-0-name').value`))
	if err != nil || name != "Access-Control-Allow-Origin" {
		t.Fatalf("response 1, header 1: got %q (%v), want Access-Control-Allow-Origin", name, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Clear(acao),
		chromedp.SendKeys(acao, "https://app.example"),
		chromedp.Focus("#simulate"),
		chromedp.KeyEvent("\r"),
	); err != nil {
		t.Fatalf("editing the header: %v", err)
	}
	waitVerdict(t, ctx, "Allowed")
	// Screen readers hear the verdict through a status region.
	if said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[role=status][aria-live=polite]#announce').textContent`)); err != nil || said != "Allowed." {
		t.Errorf("the live region says %q (%v), want \"Allowed.\"", said, err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, ctx, dir, "playground.png")

	// The fragment holds the edited scenario: a fresh load of the link
	// shows the same case and verdict.
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(link, "#") {
		t.Fatalf("address %q has no fragment", link)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate("about:blank"),
		chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile),
		chromedp.Navigate(link),
		chromedp.WaitVisible(`body[data-ready="true"]`),
	); err != nil {
		t.Fatalf("reloading the shared link: %v", err)
	}
	waitVerdict(t, ctx, "Allowed")
	value, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('res-0-h-0-value').value`))
	if err != nil || value != "https://app.example" {
		t.Errorf("shared link: Access-Control-Allow-Origin field holds %q (%v), want https://app.example", value, err)
	}

	// A phone-sized viewport: nothing wider than the screen.
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 375 {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')`))
		t.Errorf("at 375 px the page is %d px wide (scrolls sideways); too wide: %s", width, wide)
	}
	saveScreenshot(t, ctx, dir, "playground-375px.png")
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('result').scrollIntoView()`)); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	savePNG(t, dir, "playground-375px-result.png", shot)

	// Every control has a label.
	unlabelled, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('input, select, textarea, button')]
		.filter(e => e.type !== 'hidden')
		.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
		.map(e => e.outerHTML.slice(0, 80))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(unlabelled) > 0 {
		t.Errorf("controls without a label: %q", unlabelled)
	}

	if msgs := errs.get(); len(msgs) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(msgs, "\n"))
	}
}
