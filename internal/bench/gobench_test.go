package bench

import "testing"

func TestParseBenchMem(t *testing.T) {
	out := "goos: linux\nBenchmarkPages/dashboard-2         \t     200\t   3999539 ns/op\t  912345 B/op\t    9478 allocs/op\n" +
		"BenchmarkPages/client-2 \t 200\t 3900000 ns/op\t 1000 B/op\t 10913 allocs/op\nPASS\n"
	rs, err := parseBenchMem(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Name != "BenchmarkPages/dashboard" || rs[0].AllocsPerOp != 9478 || rs[0].BytesPerOp != 912345 ||
		rs[0].NsPerOp != 3999539 || rs[1].AllocsPerOp != 10913 {
		t.Fatalf("parsed %+v", rs)
	}
}
