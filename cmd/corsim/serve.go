package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/corsim/corsim/internal/playground"
)

func init() {
	commands = append(commands, command{
		name:    "serve",
		summary: "run the web playground (a page and a JSON API) on a local address",
		run:     runServe,
	})
}

const serveUsage = `Usage: corsim serve [--addr host:port]

Serves the playground: a single page (embedded in the binary, nothing
fetched from elsewhere) to describe a page origin, a request, a server
(canned responses or a policy) and an engine, and see the verdict, the
console message, every message between browser and servers with the
deciding header highlighted, what script can read and the trace with links
to the spec. The tour's scenarios are presets; the scenario is kept in the
URL fragment, so a link shares the case. Servers are simulated: the
playground never sends a request anywhere.

API: GET /api/presets (the tour, a JSON array of scenarios);
POST /api/simulate with one scenario as JSON, answered with its results
or 400 {"error": "..."}.

Stop it with Ctrl-C (SIGINT) or SIGTERM; requests in flight finish first.

Flags:
`

// Server limits: slow or oversized clients cannot hold the server.
const (
	shutdownGrace = 5 * time.Second
)

func runServe(e *env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on this host:port (port 0 picks a free one)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), serveUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 after a clean shutdown, 2 on bad input or when the address cannot be used.\n")
	}
	pos, code := parseFlags(e, fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "corsim: serve takes no arguments, got %q (use --addr host:port)\n", pos[0])
		return exitUsage
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		fmt.Fprintf(e.stderr, "corsim: --addr %q is not host:port (such as 127.0.0.1:8080)\n", *addr)
		return exitUsage
	}
	h, err := newPlayground()
	if err != nil {
		fmt.Fprintf(e.stderr, "corsim: %v\n", err)
		return exitUsage
	}
	// Listen for signals before the address is announced, so a signal
	// sent as soon as it is known is a shutdown, not a crash.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "corsim: cannot listen on %s: %v\n", *addr, unwrapNetError(err))
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "corsim playground on http://%s/ (Ctrl-C stops it)\n", ln.Addr())
	if err := serve(ctx, ln, h); err != nil {
		fmt.Fprintf(e.stderr, "corsim: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(e.stdout, "corsim playground stopped")
	return exitOK
}

// newPlayground returns the playground's handler with the tour as presets.
func newPlayground() (http.Handler, error) {
	return playground.New(playground.Options{Presets: tourJSON, Policy: policyServer})
}

// serve serves h on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets requests in flight finish (for up to
// shutdownGrace), and returns.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting down: %v", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// unwrapNetError drops the operation prefix Go puts on network errors
// ("listen tcp 127.0.0.1:80: bind: permission denied" → "bind: permission
// denied"), since the message already names the address.
func unwrapNetError(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}
