#!/usr/bin/env bash
# bench-check.sh: check the performance targets (issue 21) against the BENCH
# line of a `make bench` run (docs/performance.md). Reads the file given, or
# standard input; prints each target PASS or FAIL with its figure.
#
# The machines here are shared and noisy, so a FAIL is reported but the exit
# status is 0, unless TEND_BENCH_STRICT=1, when any FAIL (or a missing
# figure) exits 1.
set -euo pipefail

line=$(grep '^BENCH ' "${1:-/dev/stdin}" | tail -n 1 || true)
if [[ -z "$line" ]]; then
	echo "bench-check: no BENCH line in ${1:-standard input}" >&2
	exit 1
fi

awk -v strict="${TEND_BENCH_STRICT:-0}" -v line="$line" '
function check(key, op, limit, what,    v, ok) {
	if (!(key in f)) {
		printf "MISSING  %-58s %s not in the BENCH line\n", what, key
		failed++
		return
	}
	v = f[key] + 0
	if (op == "<=") ok = v <= limit
	else if (op == "<") ok = v < limit
	else if (op == ">=") ok = v >= limit
	printf "%-8s %-58s %s=%s (target %s %s)\n", ok ? "PASS" : "FAIL", what, key, f[key], op, limit
	if (!ok) failed++
}
BEGIN {
	n = split(line, parts, " ")
	for (i = 2; i <= n; i++) {
		split(parts[i], kv, "=")
		f[kv[1]] = kv[2]
	}
	check("dashboard_cpu_ms", "<=", 2.5, "dashboard CPU per request, app + database (ms)")
	check("client_page_cpu_ms", "<=", 2.5, "client page CPU per request, app + database (ms)")
	check("submit_cpu_ms", "<=", 2.5, "submit CPU per request, app + database (ms)")
	check("dashboard_vs_floor_rps", ">=", 0.5, "dashboard throughput / floor page throughput")
	check("dashboard_p99_ms", "<", 25, "dashboard p99 at 200 req/s (ms)")
	check("client_page_p99_ms", "<", 25, "client page p99 at 200 req/s (ms)")
	check("submit_p99_ms", "<", 25, "submit p99 at 200 req/s (ms)")
	check("rss_mib", "<", 100, "peak RSS (MiB)")
	check("scale10_cpu_ratio", "<=", 1.2, "CPU per dashboard, 10x data / 1x data")
	check("handout_vs_floor_pdf", "<=", 3, "module handout / core-font floor PDF")
	if (failed == 0) {
		print "bench-check: every target met"
		exit 0
	}
	if (strict == "1") {
		printf "bench-check: %d target(s) missed; TEND_BENCH_STRICT=1, so this fails\n", failed
		exit 1
	}
	printf "bench-check: %d target(s) missed; not failing (set TEND_BENCH_STRICT=1 to fail on a miss: this machine is shared and noisy)\n", failed
}'
