package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

func init() {
	commands = append(commands, command{
		name:    "explain",
		summary: "explain one request described by flags, against a policy, canned responses or a live URL",
		run:     runExplain,
	})
}

const explainUsage = `Usage: corsim explain --page ORIGIN [request flags] (--policy FILE | --responses FILE | --live) URL

Explains what a browser does when script on the page at --page runs
fetch(URL, {method, headers, body, mode, credentials, redirect}): the
preflight it sends, every request and answer, whether it blocks the request
or the response and why (with the console message and the header that
decided), what script can read, and each step with its spec anchor.

The server is exactly one of:
  --policy FILE     a server CORS policy in the policy package's JSON form
  --responses FILE  canned answers, a JSON object in the scenario file's
                    "responses" form: {URL: {METHOD or "*": {status, headers, body}}}
  --live            the real server at URL, over the network ("corsim check"
                    is the short form)
("-" reads the file from standard input.) The simulation is the one
"corsim run" performs on a scenario file with the same fields.

Flags:
`

// headerFlag is a repeatable -H 'Name: value' flag.
type headerFlag []scenario.Header

func (h *headerFlag) String() string {
	var parts []string
	for _, x := range *h {
		parts = append(parts, x.Name+": "+x.Value)
	}
	return strings.Join(parts, ", ")
}

func (h *headerFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	if !ok {
		return fmt.Errorf("%q is not a header line such as 'Content-Type: application/json'", s)
	}
	name = strings.Trim(name, " \t")
	if name == "" {
		return fmt.Errorf("%q has no header name before the colon", s)
	}
	*h = append(*h, scenario.Header{Name: name, Value: strings.Trim(value, " \t")})
	return nil
}

// optionalString is a string flag that knows whether it was given.
type optionalString struct {
	set   bool
	value string
}

func (o *optionalString) String() string { return o.value }

func (o *optionalString) Set(s string) error {
	o.set, o.value = true, s
	return nil
}

// requestFlags describe one fetch() call, for explain and check.
type requestFlags struct {
	page        string
	url         string
	method      string
	headers     headerFlag
	body        optionalString
	mode        string
	credentials string
	redirect    string
	engine      string
}

func (r *requestFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.page, "page", "", `the page's origin, such as https://app.example (or a URL on it, or "null") (required)`)
	fs.StringVar(&r.url, "url", "", "the URL to fetch (or give it as the argument)")
	fs.StringVar(&r.method, "method", "GET", "the method, as script passes it")
	fs.Var(&r.headers, "H", "a request header 'Name: value' script sets (repeatable)")
	fs.Var(&r.body, "body", "a request body (a string; script sends none without this flag)")
	fs.StringVar(&r.mode, "mode", "cors", "the request mode: cors, no-cors or same-origin")
	fs.StringVar(&r.credentials, "credentials", "same-origin", "the credentials mode: same-origin, omit or include")
	fs.StringVar(&r.redirect, "redirect", "follow", "the redirect mode: follow, error or manual")
	fs.StringVar(&r.engine, "engine", "chromium", "whose behaviour to predict: chromium, firefox, webkit or spec")
}

// check validates the flags and settles the URL from --url or the
// arguments; it returns a one-line message naming what is wrong.
func (r *requestFlags) check(cmd string, args []string) string {
	if r.page == "" {
		return cmd + " needs --page, the origin of the page that calls fetch() (such as https://app.example)"
	}
	switch {
	case len(args) > 1:
		return fmt.Sprintf("%s takes one URL, got %d arguments (%s)", cmd, len(args), strings.Join(args, " "))
	case len(args) == 1 && r.url != "" && args[0] != r.url:
		return fmt.Sprintf("%s got two URLs: --url %q and %q", cmd, r.url, args[0])
	case len(args) == 1:
		r.url = args[0]
	case r.url == "":
		return cmd + " needs the URL to fetch (as the argument or --url)"
	}
	for _, f := range []struct{ flag, value, allowed string }{
		{"mode", r.mode, "cors no-cors same-origin"},
		{"credentials", r.credentials, "same-origin omit include"},
		{"redirect", r.redirect, "follow error manual"},
		{"engine", r.engine, "chromium firefox webkit spec"},
	} {
		if !containsWord(f.allowed, f.value) {
			return fmt.Sprintf("--%s %q is not one of %s", f.flag, f.value, strings.ReplaceAll(f.allowed, " ", ", "))
		}
	}
	page, err := simulate.NewPage(r.page)
	if err != nil {
		return fmt.Sprintf("--page %q is not an origin such as https://app.example, a URL on one, or \"null\": %v", r.page, err)
	}
	if _, err := origin.ParseURL(r.url, page.URL); err != nil {
		return fmt.Sprintf("%q is not a URL (a relative one resolves against the page): %v", r.url, err)
	}
	return ""
}

func containsWord(list, w string) bool {
	for _, x := range strings.Fields(list) {
		if x == w {
			return true
		}
	}
	return false
}

// scenario returns the scenario the flags describe, without servers.
func (r *requestFlags) scenario() *scenario.Scenario {
	rq := scenario.Request{
		URL: r.url, Method: r.method, Headers: r.headers,
		Mode: r.mode, Credentials: r.credentials, Redirect: r.redirect,
	}
	if r.body.set {
		b := r.body.value
		rq.Body = &b
	}
	method := r.method
	if method == "" {
		method = "GET"
	}
	return &scenario.Scenario{
		Name:      method + " " + r.url,
		Page:      r.page,
		Engine:    r.engine,
		Requests:  []scenario.Request{rq},
		Responses: map[string]map[string]scenario.Response{},
		Expect:    []*scenario.Expect{nil},
	}
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("explain URL --page X" and "explain --page X URL"),
// and returns the positional arguments. Everything after "--" is
// positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// parseFlags parses args with fs. For --help it prints the usage on
// standard output and returns exitOK; for a bad flag it prints one line
// naming it and returns exitUsage; otherwise it returns the positional
// arguments and -1.
func parseFlags(e *env, fs *flag.FlagSet, args []string) ([]string, int) {
	usage := fs.Output()
	fs.SetOutput(io.Discard)
	pos, err := parseInterspersed(fs, args)
	fs.SetOutput(usage)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return nil, exitOK
		}
		fmt.Fprintf(e.stderr, "corsim: %s: %v (run \"corsim %s --help\")\n", fs.Name(), err, fs.Name())
		return nil, exitUsage
	}
	return pos, -1
}

func runExplain(e *env, args []string) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var rf requestFlags
	rf.register(fs)
	policyFile := fs.String("policy", "", "answer from this server CORS policy (JSON)")
	responsesFile := fs.String("responses", "", `answer from these canned responses (JSON, the scenario "responses" form)`)
	live := fs.Bool("live", false, "send the requests to the real server at URL")
	timeout := fs.Duration("timeout", 10*time.Second, "with --live: give up on the server after this long")
	asJSON := fs.Bool("json", false, `print the result as JSON (the form of "corsim run --json", one object)`)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), explainUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 when explained (whatever the verdict), 2 on bad input or a network failure.\n")
	}
	pos, code := parseFlags(e, fs, args)
	if code >= 0 {
		return code
	}
	if msg := rf.check("explain", pos); msg != "" {
		fmt.Fprintf(e.stderr, "corsim: %s\n", msg)
		return exitUsage
	}
	sources := 0
	for _, given := range []bool{*policyFile != "", *responsesFile != "", *live} {
		if given {
			sources++
		}
	}
	if sources != 1 {
		fmt.Fprintln(e.stderr, "corsim: explain needs exactly one server: --policy FILE, --responses FILE or --live")
		return exitUsage
	}
	s := rf.scenario()
	opts := runOptions("")
	var ls *liveServer
	switch {
	case *policyFile != "":
		data, err := readInput(e, *policyFile)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		if _, err := policy.Parse(data); err != nil {
			printPolicyError(e.stderr, *policyFile, err)
			return exitUsage
		}
		s.Policy = json.RawMessage(data)
		s.Responses = nil
	case *responsesFile != "":
		data, err := readInput(e, *responsesFile)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		responses, err := parseResponses(*responsesFile, data)
		if err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		s.Responses = responses
	default:
		if msg := checkLiveURL(rf.url, rf.page); msg != "" {
			fmt.Fprintf(e.stderr, "corsim: %s\n", msg)
			return exitUsage
		}
		ls = newLiveServer()
		opts.Server = ls
	}
	run, code := simulateOne(e, s, opts, ls, *timeout)
	if run == nil {
		return code
	}
	if *asJSON {
		if err := writeIndentedJSON(e.stdout, run.Results[0]); err != nil {
			fmt.Fprintf(e.stderr, "corsim: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	renderRun(e.stdout, painter(e.color), run, true)
	return exitOK
}

// simulateOne runs the scenario the flags built; on failure it prints why
// and returns a nil run and the exit status.
func simulateOne(e *env, s *scenario.Scenario, opts scenario.RunOptions, ls *liveServer, timeout time.Duration) (*scenario.Run, int) {
	ctx := context.Background()
	if ls != nil {
		if timeout <= 0 {
			fmt.Fprintf(e.stderr, "corsim: --timeout %v must be positive\n", timeout)
			return nil, exitUsage
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	run, err := scenario.Simulate(ctx, "flags", s, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "corsim: %v\n", err)
		return nil, exitUsage
	}
	if ls != nil {
		if msg := ls.failure(); msg != "" {
			fmt.Fprintf(e.stderr, "corsim: %s\n", msg)
			return nil, exitUsage
		}
	}
	return run, exitOK
}

// parseResponses reads canned responses in the scenario file's
// "responses" form, with the scenario parser's checks and messages.
func parseResponses(file string, data []byte) (map[string]map[string]scenario.Response, error) {
	var probe any
	if err := json.Unmarshal(data, &probe); err != nil {
		// Let the scenario parser word the syntax error, with its line.
		_, perr := scenario.Parse(file, data)
		if perr == nil {
			perr = err
		}
		return nil, perr
	}
	if _, ok := probe.(map[string]any); !ok {
		return nil, fmt.Errorf(`%s: must be a JSON object mapping URLs to {method: answer} objects, such as {"https://api.example/": {"*": {"status": 200}}}`, file)
	}
	wrapped := `{"name": "responses", "page": "null", "request": {"url": "about:blank"}, "responses": ` + string(data) + `}`
	ss, err := scenario.Parse(file, []byte(wrapped))
	if err != nil {
		var se *scenario.Error
		if errors.As(err, &se) {
			// Name the place in the file, not in the wrapper.
			field := strings.TrimPrefix(strings.TrimPrefix(se.Field, "responses"), ".")
			if field == "" {
				return nil, fmt.Errorf("%s: %s", file, se.Msg)
			}
			return nil, fmt.Errorf("%s: %s: %s", file, field, se.Msg)
		}
		return nil, err
	}
	return ss[0].Responses, nil
}

// checkLiveURL makes sure a live request goes to an http or https URL.
func checkLiveURL(rawURL, page string) string {
	p, err := simulate.NewPage(page)
	if err != nil {
		return ""
	}
	u, err := origin.ParseURL(rawURL, p.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Sprintf("%q is not an http or https URL, so there is no server to ask", rawURL)
	}
	return ""
}

// liveServer sends the simulated browser's requests over the network and
// remembers the first network failure, so it can be reported as one rather
// than as a prediction.
type liveServer struct {
	inner simulate.Server
	mu    sync.Mutex
	err   string
}

func newLiveServer() *liveServer {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 30 * time.Second
	return &liveServer{inner: simulate.RoundTripperServer(t)}
}

func (l *liveServer) ServeFetch(ctx context.Context, req *fetch.Request) (*fetch.Response, error) {
	resp, err := l.inner.ServeFetch(ctx, req)
	if err != nil {
		l.mu.Lock()
		if l.err == "" {
			l.err = networkFailure(req, err)
		}
		l.mu.Unlock()
	}
	return resp, err
}

func (l *liveServer) failure() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// networkFailure words a transport error: which host, and why.
func networkFailure(req *fetch.Request, err error) string {
	u := req.CurrentURL()
	host := u.Host
	port := u.Port
	if port < 0 {
		port = 80
		if u.Scheme == "https" {
			port = 443
		}
	}
	hostport := net.JoinHostPort(strings.Trim(host, "[]"), strconv.Itoa(port))
	cause := err
	for {
		next := errors.Unwrap(cause)
		if next == nil {
			break
		}
		var op *net.OpError
		if errors.As(cause, &op) && op.Err != nil {
			cause = op.Err
			break
		}
		cause = next
	}
	why := cause.Error()
	if errors.Is(err, context.DeadlineExceeded) {
		why = "no answer before the --timeout"
	}
	return fmt.Sprintf("network failure: %s %s: cannot get an answer from %s: %s", req.Method, u.String(), hostport, why)
}
