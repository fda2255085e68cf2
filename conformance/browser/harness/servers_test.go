package harness

import (
	"bufio"
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/corsim/corsim/scenario"
	"github.com/google/go-cmp/cmp"
)

func TestWriteResponse(t *testing.T) {
	acao := scenario.Header{Name: "Access-Control-Allow-Origin", Value: "http://app.test"}
	tests := []struct {
		desc     string
		method   string
		resp     scenario.Response
		want     string
		wantKeep bool
	}{
		{
			desc:   "listed lines in order, repeated names kept, Content-Length added",
			method: "GET",
			resp: scenario.Response{Status: 200, Body: "ok", Headers: []scenario.Header{
				{Name: "X-B", Value: "2"}, acao, {Name: "X-B", Value: "1"}}},
			want:     "HTTP/1.1 200 OK\r\nX-B: 2\r\nAccess-Control-Allow-Origin: http://app.test\r\nX-B: 1\r\nContent-Length: 2\r\n\r\nok",
			wantKeep: true,
		},
		{
			desc:     "204 has no Content-Length and no body",
			method:   "OPTIONS",
			resp:     scenario.Response{Status: 204, Headers: []scenario.Header{acao}, Body: "ignored"},
			want:     "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: http://app.test\r\n\r\n",
			wantKeep: true,
		},
		{
			desc:     "304 has no Content-Length",
			method:   "GET",
			resp:     scenario.Response{Status: 304},
			want:     "HTTP/1.1 304 Not Modified\r\n\r\n",
			wantKeep: true,
		},
		{
			desc:     "HEAD gets the length but no body",
			method:   "HEAD",
			resp:     scenario.Response{Status: 200, Body: "abc"},
			want:     "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
			wantKeep: true,
		},
		{
			desc:     "a listed Content-Length is not doubled",
			method:   "GET",
			resp:     scenario.Response{Status: 200, Body: "abc", Headers: []scenario.Header{{Name: "content-length", Value: "3"}}},
			want:     "HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc",
			wantKeep: true,
		},
		{
			desc:     "a wrong listed Content-Length closes the connection",
			method:   "GET",
			resp:     scenario.Response{Status: 200, Body: "abc", Headers: []scenario.Header{{Name: "Content-Length", Value: "9"}}},
			want:     "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc",
			wantKeep: false,
		},
		{
			desc:     "unknown status gets a generic reason phrase",
			method:   "GET",
			resp:     scenario.Response{Status: 599},
			want:     "HTTP/1.1 599 Status 599\r\nContent-Length: 0\r\n\r\n",
			wantKeep: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			var buf bytes.Buffer
			w := bufio.NewWriter(&buf)
			keep := writeResponse(w, tc.method, tc.resp)
			w.Flush()
			if got := buf.String(); got != tc.want {
				t.Errorf("writeResponse(%s, %d): got %q, want %q", tc.method, tc.resp.Status, got, tc.want)
			}
			if keep != tc.wantKeep {
				t.Errorf("writeResponse(%s, %d): keep = %v, want %v", tc.method, tc.resp.Status, keep, tc.wantKeep)
			}
		})
	}
}

// serve feeds one raw request to the servers' handler and returns the raw
// response.
func serve(t *testing.T, s *servers, scheme, raw string) string {
	t.Helper()
	req, err := readRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatalf("readRequest(%q): %v", raw, err)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	s.handle(w, req, scheme)
	w.Flush()
	return buf.String()
}

func TestServersRouteAndRecord(t *testing.T) {
	data := []byte(`{"name": "r", "page": "http://app.test:8001", "request": {"url": "http://API.test:8002/data?x=1"},
	  "responses": {"http://API.test:8002/data?x=1": {
	    "OPTIONS": {"status": 204, "headers": [["Access-Control-Allow-Origin", "*"]]},
	    "PUT": {"status": 201},
	    "*": {"status": 200, "body": "star"}}}}`)
	ss, err := scenario.Parse("r.json", data)
	if err != nil {
		t.Fatal(err)
	}
	p, err := makePlan(ss[0])
	if err != nil {
		t.Fatal(err)
	}
	s := &servers{}
	rt := &routes{answers: p.answers, pageURL: p.pageURL, pageBody: "<p>"}
	s.current.Store(rt)

	tests := []struct {
		scheme, raw string
		wantStatus  string
	}{
		{"http", "OPTIONS /data?x=1 HTTP/1.1\r\nHost: api.test:8002\r\nOrigin: http://app.test:8001\r\nAccess-Control-Request-Method: PUT\r\n\r\n", "HTTP/1.1 204 "},
		{"http", "PUT /data?x=1 HTTP/1.1\r\nHost: api.test:8002\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 201 "},
		{"http", "put /data?x=1 HTTP/1.1\r\nHost: api.test:8002\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 200 "}, // exact method match only
		{"http", "GET /data HTTP/1.1\r\nHost: api.test:8002\r\n\r\n", "HTTP/1.1 404 "},                          // unlisted URL
		{"https", "GET /data?x=1 HTTP/1.1\r\nHost: api.test:8002\r\n\r\n", "HTTP/1.1 404 "},                     // other scheme
		{"http", "GET /__corsim__/page HTTP/1.1\r\nHost: app.test:8001\r\n\r\n", "HTTP/1.1 200 "},               // the page
		{"http", "GET /favicon.ico HTTP/1.1\r\nHost: app.test:8001\r\n\r\n", "HTTP/1.1 404 "},
	}
	for _, tc := range tests {
		got := serve(t, s, tc.scheme, tc.raw)
		if !strings.HasPrefix(got, tc.wantStatus) {
			t.Errorf("serve(%q): got %q, want prefix %q", tc.raw, got, tc.wantStatus)
		}
	}
	type rec struct {
		Method, URL string
		Page        bool
	}
	var got []rec
	for _, r := range rt.requests() {
		got = append(got, rec{r.Method, r.URL, r.Page})
	}
	want := []rec{
		{"OPTIONS", "http://api.test:8002/data?x=1", false},
		{"PUT", "http://api.test:8002/data?x=1", false},
		{"put", "http://api.test:8002/data?x=1", false},
		{"GET", "http://api.test:8002/data", false},
		{"GET", "https://api.test:8002/data?x=1", false},
		{"GET", "http://app.test:8001/__corsim__/page", true},
		{"GET", "http://app.test:8001/favicon.ico", true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recorded requests (-want +got):\n%s", diff)
	}
}

func TestEnsureRejectsPortForTwoSchemes(t *testing.T) {
	s, err := newServers("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if err := s.ensure(endpoint{"http", 0}); err != nil {
		t.Fatalf("ensure(http, 0): %v", err)
	}
	err = s.ensure(endpoint{"https", 0})
	if err == nil || !strings.Contains(err.Error(), "both http and https") {
		t.Errorf("ensure(https, 0) after (http, 0): got %v, want an error naming both schemes", err)
	}
}

func TestReadRequest(t *testing.T) {
	raw := "POST /p?q=1 HTTP/1.1\r\nHost: API.test:81\r\nAccept: te\x01xt\r\nx-a: 1\r\nX-A: 2\r\nContent-Length: 3\r\n\r\nabc" +
		"PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n" +
		"GET / HTTP/1.1\r\nHost: b\r\n\r\n"
	br := bufio.NewReader(strings.NewReader(raw))
	r1, err := readRequest(br)
	if err != nil {
		t.Fatal(err)
	}
	if r1.method != "POST" || r1.target != "/p?q=1" || r1.host != "API.test:81" || r1.close {
		t.Errorf("first request: got %+v", r1)
	}
	if diff := cmp.Diff(http.Header{"Host": {"API.test:81"}, "Accept": {"te\x01xt"}, "X-A": {"1", "2"}, "Content-Length": {"3"}}, r1.header); diff != "" {
		t.Errorf("first request header (-want +got):\n%s", diff)
	}
	r2, err := readRequest(br)
	if err != nil {
		t.Fatal(err)
	}
	if r2.method != "PUT" || !r2.close {
		t.Errorf("second request: got %+v, want PUT with Connection: close", r2)
	}
	r3, err := readRequest(br)
	if err != nil || r3.host != "b" {
		t.Errorf("third request after a chunked body: got %+v, %v", r3, err)
	}
	for _, bad := range []string{"GET /\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"} {
		if _, err := readRequest(bufio.NewReader(strings.NewReader(bad))); err == nil {
			t.Errorf("readRequest(%q): got no error", bad)
		}
	}
}
