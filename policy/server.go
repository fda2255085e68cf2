package policy

import (
	"context"
	"strconv"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/origin"
)

// A Server answers the requests a simulated browser sends to one origin as
// a server running Handler(p, next) would, next answering 200 with a short
// text body. It has the method of package simulate's Server interface, so a
// simulated browser can fetch from it. Requests to any other origin get 404
// without CORS headers.
type Server struct {
	p      *Policy
	target origin.Origin
}

// Server returns a server for target that applies the policy.
func (p *Policy) Server(target origin.Origin) *Server { return &Server{p: p, target: target} }

// serverBody is what the application behind the policy answers.
const serverBody = "ok\n"

// ServeFetch answers req. Its response is unfiltered, as a server sends it.
func (s *Server) ServeFetch(_ context.Context, req *fetch.Request) (*fetch.Response, error) {
	if !req.CurrentURL().Origin().SameOrigin(s.target) {
		return &fetch.Response{Status: 404, Header: fetch.HeaderList{{Name: "Content-Length", Value: "0"}}}, nil
	}
	p := s.p
	if p == nil {
		p = &Policy{}
	}
	ev := p.Evaluate(req.Method, req.Header)
	resp := &fetch.Response{Header: ev.Header}
	if ev.Preflight {
		resp.Status = ev.Status
		if resp.Status != 204 {
			resp.Header = append(resp.Header, fetch.Header{Name: "Content-Length", Value: "0"})
		}
		return resp, nil
	}
	resp.Status = 200
	resp.Header = append(resp.Header,
		fetch.Header{Name: "Content-Type", Value: "text/plain; charset=utf-8"},
		fetch.Header{Name: "Content-Length", Value: strconv.Itoa(len(serverBody))})
	if req.Method != "HEAD" {
		resp.Body = []byte(serverBody)
	}
	return resp, nil
}
