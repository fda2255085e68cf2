package harness

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/corsim/corsim/scenario"
)

// An endpoint is one (scheme, port) pair a loopback server listens on.
type endpoint struct {
	scheme string // "http" or "https"
	port   int
}

func (e endpoint) String() string { return e.scheme + " port " + strconv.Itoa(e.port) }

// A recorded request is one request a loopback server received.
type recorded struct {
	// URL is scheme://host[:port] from the Host header and the request
	// target as the browser sent it.
	URL    string
	Method string
	Header http.Header
	// Page is set for the page load itself and for favicon requests, which
	// are not part of the scenario's wire.
	Page bool
}

// routes is what the servers answer for one scenario, and what they saw.
type routes struct {
	// answers maps a normalized absolute URL to its answers by method.
	answers map[string]map[string]scenario.Response
	// pageURL is the normalized URL the page is served at; pageHeaders
	// and pageBody are its response.
	pageURL     string
	pageHeaders []scenario.Header
	pageBody    string

	// hops are the redirects that set cookies before the page loads (by
	// normalized URL); start is the URL navigation begins at.
	hops  map[string]hop
	start string
	// report receives what a self-reporting page posts to reportPath on
	// its own origin (WebKit); nil when no page reports.
	report chan []byte

	mu  sync.Mutex
	log []recorded
}

// reportPath is where a self-reporting page posts its results.
const reportPath = "/__corsim__/report"

// requests returns the requests received so far, in arrival order.
func (r *routes) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.log...)
}

func (r *routes) record(rec recorded) {
	r.mu.Lock()
	r.log = append(r.log, rec)
	r.mu.Unlock()
}

// answer picks the response for a request: by URL, then by exact method,
// then "*"; an unlisted URL or method gets a 404 with no CORS headers.
func (r *routes) answer(url, method string) scenario.Response {
	byMethod, ok := r.answers[url]
	if !ok {
		return notFound
	}
	if a, ok := byMethod[method]; ok {
		return a
	}
	if a, ok := byMethod["*"]; ok {
		return a
	}
	return notFound
}

var notFound = scenario.Response{Status: 404}

// servers is the set of loopback servers of one run. Listeners stay open
// for the whole run; each scenario installs its own routes.
type servers struct {
	host    string // address to bind, normally 127.0.0.1
	tlsConf *tls.Config

	mu        sync.Mutex
	listeners map[endpoint]net.Listener
	conns     map[net.Conn]struct{}
	closed    bool
	wg        sync.WaitGroup

	current atomic.Pointer[routes]
	// launch, when set, answers requests for launchHost before any
	// scenario's routes (the WebKit driver's waiting pages).
	launch func(w *bufio.Writer, req *rawRequest) bool
}

// launchHost is the host of the pages a browser waits on between
// scenarios; no scenario can name it.
const launchHost = "corsim-launch.invalid"

func newServers(host string) (*servers, error) {
	cert, err := selfSignedCert()
	if err != nil {
		return nil, fmt.Errorf("generating the TLS certificate: %w", err)
	}
	return &servers{
		host: host,
		tlsConf: &tls.Config{
			Certificates: []tls.Certificate{cert},
			// HTTP/1.1 only: the servers write every response byte themselves.
			NextProtos: []string{"http/1.1"},
		},
		listeners: make(map[endpoint]net.Listener),
		conns:     make(map[net.Conn]struct{}),
	}, nil
}

// selfSignedCert makes a certificate for any host name used in scenarios.
// The browser runs with --ignore-certificate-errors, so names need not
// match; the SANs are there for tools that do check.
func selfSignedCert() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "corsim loopback server"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost", "*.test", "*.invalid", "*.localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// ensure starts a server for e unless one runs already.
func (s *servers) ensure(e endpoint) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("servers are closed")
	}
	if _, ok := s.listeners[e]; ok {
		return nil
	}
	for other := range s.listeners {
		if other.port == e.port {
			return fmt.Errorf("port %d is needed for both %s and %s; one loopback port can serve one scheme only", e.port, other.scheme, e.scheme)
		}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(s.host, strconv.Itoa(e.port)))
	if err != nil {
		hint := ""
		if e.port < 1024 {
			hint = " (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
		}
		return fmt.Errorf("cannot listen for %s on %s:%d%s: %w", e.scheme, s.host, e.port, hint, err)
	}
	if e.scheme == "https" {
		ln = tls.NewListener(ln, s.tlsConf)
	}
	s.listeners[e] = ln
	s.wg.Add(1)
	go s.accept(ln, e.scheme)
	return nil
}

func (s *servers) accept(ln net.Listener, scheme string) {
	defer s.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serveConn(c, scheme)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		}()
	}
}

// serveConn answers HTTP/1.1 requests on one connection until the client
// closes it or a response cannot be framed.
func (s *servers) serveConn(c net.Conn, scheme string) {
	br := bufio.NewReader(c)
	bw := bufio.NewWriter(c)
	for {
		req, err := readRequest(br)
		if err != nil {
			return
		}
		keep := s.handle(bw, req, scheme)
		if bw.Flush() != nil || !keep || req.close {
			return
		}
	}
}

// A rawRequest is a request as the browser sent it. The servers parse
// requests themselves because net/http refuses header values that a
// browser sends (control bytes such as 0x01 are legal in fetch() header
// values), and a refused request would look like a network error.
type rawRequest struct {
	method string
	target string // the request target, as sent
	host   string
	header http.Header // keys in canonical form, values as sent
	close  bool
	body   []byte // kept for the report path only, up to maxReport bytes
}

// maxReport bounds the request body a server keeps.
const maxReport = 1 << 20

// maxHeaderBytes bounds one request head.
const maxHeaderBytes = 1 << 20

// readRequest reads one HTTP/1.1 request head and drains its body
// (Content-Length or chunked).
func readRequest(br *bufio.Reader) (*rawRequest, error) {
	total := 0
	line := func() (string, error) {
		l, err := br.ReadString('\n')
		total += len(l)
		if err != nil {
			return "", err
		}
		if total > maxHeaderBytes {
			return "", errors.New("request head too large")
		}
		return strings.TrimRight(l, "\r\n"), nil
	}
	first, err := line()
	if err != nil {
		return nil, err
	}
	parts := strings.Split(first, " ")
	if len(parts) != 3 || !strings.HasPrefix(parts[2], "HTTP/1.") {
		return nil, fmt.Errorf("malformed request line %q", first)
	}
	req := &rawRequest{method: parts[0], target: parts[1], header: make(http.Header)}
	for {
		l, err := line()
		if err != nil {
			return nil, err
		}
		if l == "" {
			break
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			return nil, fmt.Errorf("malformed header line %q", l)
		}
		key := textproto.CanonicalMIMEHeaderKey(name)
		req.header[key] = append(req.header[key], strings.Trim(value, " \t"))
	}
	req.host = req.header.Get("Host")
	req.close = strings.EqualFold(req.header.Get("Connection"), "close") || parts[2] == "HTTP/1.0"
	switch {
	case strings.EqualFold(req.header.Get("Transfer-Encoding"), "chunked"):
		if _, err := io.Copy(io.Discard, httputil.NewChunkedReader(br)); err != nil {
			return nil, err
		}
		// The last chunk is followed by trailer lines and an empty line.
		for {
			l, err := line()
			if err != nil {
				return nil, err
			}
			if l == "" {
				break
			}
		}
	case req.header.Get("Content-Length") != "":
		n, err := strconv.ParseInt(req.header.Get("Content-Length"), 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad Content-Length %q", req.header.Get("Content-Length"))
		}
		if strings.HasSuffix(req.target, reportPath) && n <= maxReport {
			req.body = make([]byte, n)
			if _, err := io.ReadFull(br, req.body); err != nil {
				return nil, err
			}
		} else if _, err := io.CopyN(io.Discard, br, n); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// handle writes the answer to req and reports whether the connection can
// carry another request.
func (s *servers) handle(w *bufio.Writer, req *rawRequest, scheme string) bool {
	if s.launch != nil && strings.EqualFold(req.host, launchHost) {
		return s.launch(w, req)
	}
	rt := s.current.Load()
	url := scheme + "://" + strings.ToLower(req.host) + req.target
	if rt == nil {
		return writeResponse(w, req.method, notFound)
	}
	if url == rt.pageURL && req.method == http.MethodGet {
		rt.record(recorded{URL: url, Method: req.method, Header: req.header, Page: true})
		hs := append([]scenario.Header{
			{Name: "Content-Type", Value: "text/html; charset=utf-8"},
			{Name: "Cache-Control", Value: "no-store"},
		}, rt.pageHeaders...)
		return writeResponse(w, req.method, scenario.Response{Status: 200, Headers: hs, Body: rt.pageBody})
	}
	if h, ok := rt.hops[url]; ok {
		rt.record(recorded{URL: url, Method: req.method, Header: req.header, Page: true})
		hs := []scenario.Header{{Name: "Location", Value: h.location}, {Name: "Cache-Control", Value: "no-store"}}
		for _, c := range h.setCookies {
			hs = append(hs, scenario.Header{Name: "Set-Cookie", Value: c})
		}
		return writeResponse(w, req.method, scenario.Response{Status: 302, Headers: hs})
	}
	if rt.report != nil && req.method == http.MethodPost && strings.HasSuffix(url, reportPath) && strings.HasPrefix(rt.pageURL, strings.TrimSuffix(url, reportPath)+"/") {
		rt.record(recorded{URL: url, Method: req.method, Header: req.header, Page: true})
		select {
		case rt.report <- req.body:
		default:
		}
		return writeResponse(w, req.method, scenario.Response{Status: 204, Headers: []scenario.Header{{Name: "Access-Control-Allow-Origin", Value: "*"}}})
	}
	if rt.report != nil && strings.HasPrefix(req.target, markPath+"?") {
		rt.record(recorded{URL: url, Method: req.method, Header: req.header, Page: true})
		return writeResponse(w, req.method, scenario.Response{Status: 204, Headers: []scenario.Header{{Name: "Cache-Control", Value: "no-store"}}})
	}
	path, _, _ := strings.Cut(req.target, "?")
	_, listed := rt.answers[url]
	if !listed && strings.HasSuffix(path, "/favicon.ico") {
		rt.record(recorded{URL: url, Method: req.method, Header: req.header, Page: true})
		return writeResponse(w, req.method, notFound)
	}
	rt.record(recorded{URL: url, Method: req.method, Header: req.header})
	return writeResponse(w, req.method, rt.answer(url, req.method))
}

// writeResponse writes exactly the listed header lines, in order, plus
// Content-Length unless listed or the status has no body. It reports
// whether the response is framed well enough to keep the connection.
func writeResponse(w *bufio.Writer, method string, a scenario.Response) bool {
	text := http.StatusText(a.Status)
	if text == "" {
		text = "Status " + strconv.Itoa(a.Status)
	}
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\n", a.Status, text)
	noBody := a.Status < 200 || a.Status == 204 || a.Status == 304
	keep := !(a.Status < 200)
	listedLength := false
	for _, h := range a.Headers {
		fmt.Fprintf(w, "%s: %s\r\n", h.Name, h.Value)
		switch strings.ToLower(h.Name) {
		case "content-length":
			listedLength = true
			if n, err := strconv.Atoi(strings.TrimSpace(h.Value)); err != nil || n != len(a.Body) {
				keep = false
			}
		case "transfer-encoding", "connection":
			keep = false
		}
	}
	if !noBody && !listedLength {
		fmt.Fprintf(w, "Content-Length: %d\r\n", len(a.Body))
	}
	w.WriteString("\r\n")
	if !noBody && method != http.MethodHead {
		w.WriteString(a.Body)
	}
	return keep
}

// close stops every listener and connection.
func (s *servers) close() {
	s.mu.Lock()
	s.closed = true
	for _, ln := range s.listeners {
		ln.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}
