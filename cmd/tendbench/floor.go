package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tend-practice/tend/internal/bench"
)

// runFloor is `tendbench floor`: the floor page's own process
// (bench.ServeFloor), started by the bench itself.
func runFloor(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("tendbench floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbURL := fs.String("db-url", "", "the bench database")
	clinician := fs.Int64("clinician", 0, "the clinician whose rows the page shows")
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on")
	conns := fs.Int("conns", 16, "database connections")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbURL == "" || *clinician <= 0 {
		return fmt.Errorf("tendbench floor needs -db-url and -clinician")
	}
	return bench.ServeFloor(ctx, *dbURL, *clinician, *listen, *conns)
}

// floorResult is the floor page measured in this run.
type floorResult struct {
	Saturation, Fixed bench.Load
	AllocsPerRequest  float64
	Bytes             int
}

// floorLoad starts the floor process on the bench database and loads it as
// the dashboard is loaded: at saturation and at the fixed rate.
func (b *benchRun) floorLoad(ctx context.Context, clinicianID int64) (floorResult, error) {
	var r floorResult
	exe, err := os.Executable()
	if err != nil {
		return r, err
	}
	srv, err := bench.StartFloor(ctx, exe, b.dbURL, clinicianID, b.o.dbConns, filepath.Join(b.tmp, "floor.log"))
	if err != nil {
		return r, err
	}
	defer srv.Stop()
	page := srv.URL + "/floor"
	body, err := fetch(ctx, page, "")
	if err != nil {
		return r, err
	}
	r.Bytes = len(body)
	b.step("floor pid %d at %s: %d bytes", srv.PID(), page, r.Bytes)
	tr := bench.Get(page, "")
	bench.Run(bench.Attack{Name: "warm-up", Targeter: tr, Rate: 100, Duration: 2 * time.Second})
	a0, err := bench.RemoteAllocs(srv.URL)
	if err != nil {
		return r, err
	}
	r.Saturation = bench.Measured(bench.Attack{Name: "floor page, saturation", Targeter: tr, Workers: b.o.workers, Duration: b.o.duration,
		Check: bench.Status(200)}, srv.PID(), b.o.dbName)
	a1, err := bench.RemoteAllocs(srv.URL)
	if err != nil {
		return r, err
	}
	if r.Saturation.Requests > 0 {
		// Two /allocs reads are in the count; their share is a few objects.
		r.AllocsPerRequest = float64(a1-a0) / float64(r.Saturation.Requests)
	}
	b.step("%s: %s; %.0f allocations per request", r.Saturation.Name, summary(r.Saturation), r.AllocsPerRequest)
	r.Fixed = bench.Measured(bench.Attack{Name: "floor page", Targeter: tr, Rate: b.o.rate, Duration: b.o.duration,
		Check: bench.Status(200)}, srv.PID(), b.o.dbName)
	b.step("%s: %s", r.Fixed.Name, summary(r.Fixed))
	return r, nil
}

func fetch(ctx context.Context, u, cookie string) ([]byte, error) {
	f, err := os.CreateTemp("", "tendbench-fetch-")
	if err != nil {
		return nil, err
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	if err := download(ctx, u, cookie, name); err != nil {
		return nil, err
	}
	return os.ReadFile(name)
}
