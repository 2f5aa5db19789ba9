package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/bench"
)

// BenchmarkExport_ClinicianZIP exports one seeded client's whole record (20
// assignments, most of them submitted reflections) through the real server
// and reports the ZIP's size and the largest heap seen while it streamed:
// the ZIP itself is never held, so the peak stays near one PDF's size.
//
//	go test -run '^$' -bench Export -benchtime 3x ./internal/web
func BenchmarkExport_ClinicianZIP(b *testing.B) {
	a, p := bench.NewPractice(b, 1, 50)
	hs := httptest.NewServer(a.Server.Handler())
	b.Cleanup(hs.Close)
	srv := hs.URL
	cl := p.Clinicians[0]
	cookie, err := bench.SignIn(context.Background(), srv, cl.Email, bench.TestPassword)
	if err != nil {
		b.Fatal(err)
	}
	path := fmt.Sprintf("%s/clinician/clients/%d/export", srv, cl.Clients[0].ID)
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	defer close(stop)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var size int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Cookie", cookie)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		size, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("export: %d", res.StatusCode)
		}
	}
	b.ReportMetric(float64(size)/1024, "zip_KiB")
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapAlloc))/1024/1024, "peak_heap_growth_MiB")
}
