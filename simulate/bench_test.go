package simulate_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/simulate"
)

// preflightedServer answers a JSON PUT's preflight and the PUT itself.
func preflightedServer(b testing.TB) *simulate.Canned {
	c := &simulate.Canned{}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(c.Handle("https://api.example/items/7", "OPTIONS", simulate.CannedResponse{Status: 204, Header: fetch.HeaderList{
		{Name: "Access-Control-Allow-Origin", Value: "https://app.example"},
		{Name: "Access-Control-Allow-Methods", Value: "GET, PUT, DELETE"},
		{Name: "Access-Control-Allow-Headers", Value: "Content-Type, Authorization"},
		{Name: "Access-Control-Max-Age", Value: "0"},
	}}))
	must(c.Handle("https://api.example/items/7", "PUT", simulate.CannedResponse{Status: 200, Header: fetch.HeaderList{
		{Name: "Access-Control-Allow-Origin", Value: "https://app.example"},
		{Name: "Content-Type", Value: "application/json"},
		{Name: "Vary", Value: "Origin"},
	}, Body: `{"id":7}`}))
	return c
}

var putRequest = func() simulate.Request {
	body := `{"name":"x"}`
	return simulate.Request{
		URL: "https://api.example/items/7", Method: "PUT", Body: &body,
		Header: fetch.HeaderList{{Name: "Content-Type", Value: "application/json"}, {Name: "Authorization", Value: "Bearer t"}},
	}
}()

func benchmarkFetch(b *testing.B, server simulate.Server, opts ...simulate.Option) {
	page, err := simulate.NewPage("https://app.example")
	if err != nil {
		b.Fatal(err)
	}
	br := simulate.New(server, opts...)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res := br.Fetch(ctx, page, putRequest)
		if res.Outcome != simulate.Allowed || !res.Preflight {
			b.Fatalf("unexpected result: %s %s", res.Outcome, res.Reason)
		}
	}
}

// BenchmarkPreflightedFetch measures one fetch that needs a preflight
// (max-age 0, so every iteration sends it), against canned responses and
// against an in-process http.Handler, with the trace on and off.
func BenchmarkPreflightedFetch(b *testing.B) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, PUT, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			w.Header().Set("Access-Control-Max-Age", "0")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":7}`))
	})
	b.Run("canned/trace", func(b *testing.B) { benchmarkFetch(b, preflightedServer(b)) })
	b.Run("canned/notrace", func(b *testing.B) { benchmarkFetch(b, preflightedServer(b), simulate.WithoutTrace()) })
	b.Run("handler/trace", func(b *testing.B) { benchmarkFetch(b, simulate.HandlerServer(handler)) })
	b.Run("handler/notrace", func(b *testing.B) {
		benchmarkFetch(b, simulate.HandlerServer(handler), simulate.WithoutTrace())
	})
}

// BenchmarkParallelFetch measures scenarios per second on every core.
func BenchmarkParallelFetch(b *testing.B) {
	page, _ := simulate.NewPage("https://app.example")
	br := simulate.New(preflightedServer(b), simulate.WithoutTrace())
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			if res := br.Fetch(ctx, page, putRequest); res.Outcome != simulate.Allowed {
				b.Errorf("blocked: %s", res.Reason)
			}
		}
	})
}
