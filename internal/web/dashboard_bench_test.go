package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/bench"
)

// BenchmarkPages requests a clinician's busiest pages through the whole
// stack in-process (sessions, middleware, queries, templates) over a seeded
// practice: one clinician with 50 clients and 1,000 assignments, 800 of
// them submitted reflections. Only the network and HTTP parsing are left
// out, so a profile of it is the server's share of a `make bench` request:
//
//	go test -run '^$' -bench Pages -cpuprofile cpu.out ./internal/web
func BenchmarkPages(b *testing.B) {
	a, p := bench.NewPractice(b, 1, 50)
	srv := httptest.NewServer(a.Server.Handler())
	b.Cleanup(srv.Close)
	cl := p.Clinicians[0]
	cookie, err := bench.SignIn(context.Background(), srv.URL, cl.Email, bench.TestPassword)
	if err != nil {
		b.Fatal(err)
	}
	h := a.Server.Handler()
	for _, page := range []struct{ name, path, want string }{
		{"dashboard", "/clinician", "<h1>Review queue</h1>"},
		{"client", fmt.Sprintf("/clinician/clients/%d", cl.Clients[0].ID), "<svg"},
	} {
		b.Run(page.name, func(b *testing.B) {
			get := func() *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, page.path, nil)
				req.Header.Set("Cookie", cookie)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			if rec := get(); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), page.want) {
				b.Fatalf("GET %s: status %d, want 200 and %q", page.path, rec.Code, page.want)
			}
			b.ReportAllocs()
			b.SetParallelism(4) // many browsers at once: database round trips overlap
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if rec := get(); rec.Code != http.StatusOK {
						b.Errorf("GET %s: status %d", page.path, rec.Code)
						return
					}
				}
			})
		})
	}
}
