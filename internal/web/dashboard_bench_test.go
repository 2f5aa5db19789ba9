package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/bench"
)

// BenchmarkDashboardPage is one clinician's dashboard through the whole
// stack in-process (sessions, middleware, queries, template), over a seeded
// practice: one clinician with 50 clients and 1,000 assignments. It leaves
// out only the network and HTTP parsing, so its profile is the server's
// share of a `make bench` dashboard request:
//
//	go test -run '^$' -bench DashboardPage -cpuprofile cpu.out ./internal/web
func BenchmarkDashboardPage(b *testing.B) {
	a, p := bench.NewPractice(b, 1, 50)
	srv := httptest.NewServer(a.Server.Handler())
	b.Cleanup(srv.Close)
	cookie, err := bench.SignIn(context.Background(), srv.URL, p.Clinicians[0].Email, bench.TestPassword)
	if err != nil {
		b.Fatal(err)
	}
	h := a.Server.Handler()
	get := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/clinician", nil)
		req.Header.Set("Cookie", cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := get(); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<h1>Dashboard</h1>") {
		b.Fatalf("GET /clinician: status %d", rec.Code)
	}
	b.ReportAllocs()
	b.SetParallelism(8) // like many browsers at once: the database round trips overlap
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if rec := get(); rec.Code != http.StatusOK {
				b.Errorf("GET /clinician: status %d", rec.Code)
				return
			}
		}
	})
}
