package harness

import (
	"bufio"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// A proxy is an HTTP proxy in front of the loopback servers, for a browser
// that cannot be told to resolve every host name to them (WebKitGTK's
// MiniBrowser takes a proxy but no host-resolver rules). Requests for http
// URLs arrive in absolute form and are answered in place, exactly as the
// server for that URL would answer them; CONNECT tunnels reach the https
// server on the requested port. What the browser decides (Origin,
// preflights, cookies, mixed content) does not depend on the proxy.
type proxy struct {
	sv *servers
	ln net.Listener
	wg sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func newProxy(sv *servers) (*proxy, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(sv.host, "0"))
	if err != nil {
		return nil, err
	}
	p := &proxy{sv: sv, ln: ln, conns: make(map[net.Conn]struct{})}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// addr is the proxy's host:port.
func (p *proxy) addr() string { return p.ln.Addr().String() }

// close stops the proxy and its connections (and the tunnels in them).
func (p *proxy) close() {
	p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns[c] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
			p.mu.Lock()
			delete(p.conns, c)
			p.mu.Unlock()
			c.Close()
		}()
	}
}

// serve answers the requests of one client connection.
func (p *proxy) serve(c net.Conn) {
	br := bufio.NewReader(c)
	bw := bufio.NewWriter(c)
	for {
		req, err := readRequest(br)
		if err != nil {
			return
		}
		if req.method == "CONNECT" {
			p.tunnel(c, br, req.target)
			return
		}
		u, err := url.Parse(req.target)
		if err != nil || u.Scheme != "http" || u.Host == "" {
			bw.WriteString("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			bw.Flush()
			return
		}
		// Answer as the origin server would: origin-form target, the
		// proxy's own header left out.
		req.target = u.RequestURI()
		if req.host == "" {
			req.host = u.Host
		}
		if strings.EqualFold(req.header.Get("Proxy-Connection"), "close") {
			req.close = true
		}
		delete(req.header, "Proxy-Connection")
		keep := p.sv.handle(bw, req, "http")
		if bw.Flush() != nil || !keep || req.close {
			return
		}
	}
}

// tunnel connects the client to the https server on the target's port.
func (p *proxy) tunnel(c net.Conn, br *bufio.Reader, target string) {
	_, port, err := net.SplitHostPort(target)
	if _, perr := strconv.Atoi(port); err != nil || perr != nil {
		io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
		return
	}
	up, err := net.Dial("tcp", net.JoinHostPort(p.sv.host, port))
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer up.Close()
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() {
		// Bytes the client sent after CONNECT are already in br.
		io.Copy(up, br)
		if tc, ok := up.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
		done <- struct{}{}
	}()
	go func() {
		io.Copy(c, up)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
		done <- struct{}{}
	}()
	<-done
	<-done
}
