package bench

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"time"
)

// BenchResult is one line of `go test -bench -benchmem` output.
type BenchResult struct {
	Name        string
	NsPerOp     float64
	AllocsPerOp float64
	BytesPerOp  float64
}

var benchMemLine = regexp.MustCompile(`(?m)^(Benchmark\S*?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op\s+([0-9.]+) B/op\s+([0-9.]+) allocs/op`)

// GoBenchmarkMem runs benchmarks matching name once each with -benchmem
// and benchtime (e.g. "200x"), with env added, and returns each line.
func GoBenchmarkMem(ctx context.Context, dir, pkg, name, benchtime string, env []string) ([]BenchResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", name, "-benchmem", "-benchtime", benchtime, "-count", "1", pkg)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench %s: %w\n%s", name, err, out)
	}
	return parseBenchMem(string(out))
}

func parseBenchMem(out string) ([]BenchResult, error) {
	var rs []BenchResult
	for _, m := range benchMemLine.FindAllStringSubmatch(out, -1) {
		r := BenchResult{Name: m[1]}
		var err error
		for i, dst := range []*float64{&r.NsPerOp, &r.BytesPerOp, &r.AllocsPerOp} {
			if *dst, err = strconv.ParseFloat(m[i+2], 64); err != nil {
				return nil, err
			}
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("no -benchmem lines in benchmark output:\n%s", out)
	}
	return rs, nil
}
