package bench

import (
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Attack describes one load run against a server on this machine.
type Attack struct {
	Name     string
	Targeter vegeta.Targeter
	// Rate is the requests per second to send whatever the responses do (an
	// open loop, as users arrive); 0 sends as fast as Workers connections
	// allow, to find the saturation throughput.
	Rate     int
	Workers  int
	Duration time.Duration
	// Check says whether a response is what the page should answer; a
	// response that fails it counts as an error. Nil accepts any 2xx or 3xx.
	Check func(*vegeta.Result) error
	// Timeout is how long one request may take; 0 is 10 s.
	Timeout time.Duration
}

// Load is what an attack measured. Latencies are exact percentiles over
// every request, not estimates.
type Load struct {
	Name          string
	Rate          int // requested; 0 for saturation
	Requests      int
	OK            int
	Elapsed       time.Duration
	Throughput    float64 // successful responses per second
	P50, P90, P99 time.Duration
	Max           time.Duration
	Codes         map[uint16]int
	FirstError    string
	// CPU per request, when the caller measured it (Measured): the
	// server's and the database backends'. On a shared machine these move
	// far less than latencies do, and 1 s / (ServerCPU + DatabaseCPU) per
	// core bounds the throughput the two could reach on their own.
	ServerCPU, DatabaseCPU time.Duration
}

// Measured runs the attack and adds the CPU the server process and the
// database's backends spent per request.
func Measured(a Attack, serverPID int, database string) Load {
	s0, _ := CPUTime(serverPID)
	d0 := DatabaseCPU(database)
	l := Run(a)
	s1, _ := CPUTime(serverPID)
	d1 := DatabaseCPU(database)
	if l.Requests > 0 {
		l.ServerCPU = (s1 - s0) / time.Duration(l.Requests)
		l.DatabaseCPU = max(0, d1-d0) / time.Duration(l.Requests)
	}
	return l
}

// Run sends the attack and measures it. It stops after Duration, or
// earlier when the targeter runs out of targets.
func Run(a Attack) Load {
	workers, maxWorkers := uint64(a.Workers), uint64(a.Workers)
	if a.Rate > 0 {
		// An open loop: start with a few workers and add more when the
		// server falls behind, so slow responses do not lower the rate.
		workers, maxWorkers = 8, 512
	}
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	atk := vegeta.NewAttacker(
		vegeta.Workers(workers), vegeta.MaxWorkers(maxWorkers),
		vegeta.Connections(int(maxWorkers)), vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow), vegeta.Timeout(timeout),
		vegeta.MaxBody(0), // bodies are checked before the run, not during it
	)
	pacer := vegeta.Rate{Freq: a.Rate, Per: time.Second}
	out := Load{Name: a.Name, Rate: a.Rate, Codes: map[uint16]int{}}
	latencies := make([]time.Duration, 0, 1<<14)
	var first, last time.Time
	for res := range atk.Attack(a.Targeter, pacer, a.Duration, a.Name) {
		if res.Error == vegeta.ErrNoTargets.Error() {
			continue
		}
		if first.IsZero() {
			first = res.Timestamp
		}
		last = res.End()
		out.Requests++
		out.Codes[res.Code]++
		latencies = append(latencies, res.Latency)
		err := checkResult(res, a.Check)
		if err != nil {
			if out.FirstError == "" {
				out.FirstError = err.Error()
			}
			continue
		}
		out.OK++
	}
	out.Elapsed = last.Sub(first)
	if out.Elapsed > 0 {
		out.Throughput = float64(out.OK) / out.Elapsed.Seconds()
	}
	slices.Sort(latencies)
	out.P50, out.P90, out.P99 = percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99)
	if n := len(latencies); n > 0 {
		out.Max = latencies[n-1]
	}
	return out
}

func checkResult(res *vegeta.Result, check func(*vegeta.Result) error) error {
	// vegeta reports a status outside 2xx and 3xx as an error too; a
	// check decides about those itself.
	if res.Error != "" && (res.Code == 0 || check == nil) {
		return fmt.Errorf("%s %s: %s", res.Method, res.URL, res.Error)
	}
	if check != nil {
		return check(res)
	}
	return nil
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i, 1), len(sorted))-1]
}

// Status accepts exactly one status code.
func Status(code int) func(*vegeta.Result) error {
	return func(r *vegeta.Result) error {
		if int(r.Code) != code {
			return fmt.Errorf("%s %s: status %d, want %d", r.Method, r.URL, r.Code, code)
		}
		return nil
	}
}

// Get is a targeter that asks for one page again and again, signed in with
// cookie ("" for none).
func Get(url, cookie string) vegeta.Targeter {
	h := http.Header{}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	return vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: url, Header: h})
}

// Counter hands out the numbers 0, 1, 2 ... to concurrent targeters.
type Counter struct{ n atomic.Int64 }

// Next returns the next number.
func (c *Counter) Next() int { return int(c.n.Add(1) - 1) }

// MedianLoad sums runs' counts and takes the median of their latencies,
// throughput and CPU per request.
func MedianLoad(name string, runs []Load) Load {
	out := Load{Name: name, Codes: map[uint16]int{}}
	med := func(f func(Load) float64) float64 {
		xs := make([]float64, 0, len(runs))
		for _, r := range runs {
			xs = append(xs, f(r))
		}
		return Median(xs)
	}
	dur := func(f func(Load) time.Duration) time.Duration {
		return time.Duration(med(func(l Load) float64 { return float64(f(l)) }))
	}
	for _, r := range runs {
		out.Rate = r.Rate
		out.Requests += r.Requests
		out.OK += r.OK
		out.Elapsed += r.Elapsed
		for c, n := range r.Codes {
			out.Codes[c] += n
		}
		if out.FirstError == "" {
			out.FirstError = r.FirstError
		}
	}
	out.Throughput = med(func(l Load) float64 { return l.Throughput })
	out.P50 = dur(func(l Load) time.Duration { return l.P50 })
	out.P90 = dur(func(l Load) time.Duration { return l.P90 })
	out.P99 = dur(func(l Load) time.Duration { return l.P99 })
	out.Max = dur(func(l Load) time.Duration { return l.Max })
	out.ServerCPU = dur(func(l Load) time.Duration { return l.ServerCPU })
	out.DatabaseCPU = dur(func(l Load) time.Duration { return l.DatabaseCPU })
	return out
}
