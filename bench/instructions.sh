#!/usr/bin/env bash
# bench/instructions.sh RESULTS
#
# Counts the instructions one operation of each benchmark named in RESULTS
# (Go benchmark output, such as run.sh's results.txt) executes, under
# Valgrind, and prints them in Go benchmark format with the unit instr/op.
# Unlike times, the counts do not move with the load on the machine.
#
# Each benchmark runs twice with -benchtime Nx: at a small count, then at
# a count worth some 20 ms of work at RESULTS' fastest time (about 5*10^7
# instructions); the difference in instructions divided by the difference
# in counts is the cost of one operation, without the process's start-up
# and the benchmark's set-up. Every run has GOMAXPROCS=1 and GOGC=off, so
# that neither other threads nor the garbage collector's timing disturb
# the count (the collector's work is left out with it); asynchronous
# preemption is off (Valgrind does not survive Go's preemption signals),
# and the binary is built without cgo. A benchmark run at several
# GOMAXPROCS values is counted once, under its name without the suffix.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/instructions.sh RESULTS" >&2
  exit 2
fi
results=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/bench.test
(cd "$here" && CGO_ENABLED=0 go test -c -o "$bin" .)

# count REGEX N prints the instructions the whole process executes.
count() {
  local out
  out=$(cd "$here" && env GOGC=off GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 \
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" -test.run '^$' -test.bench "$1" -test.benchtime "${2}x" 2>&1)
  local n
  n=$(printf '%s\n' "$out" | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  if [ -z "$n" ] || ! printf '%s\n' "$out" | grep -q '^ok\|^PASS'; then
    printf '%s\n' "$out" | grep -v '^==' | tail -5 >&2
    echo "instructions.sh: no count for $1" >&2
    return 1
  fi
  echo "$n"
}

printf 'goos: %s\ngoarch: %s\npkg: github.com/corsim/corsim/bench\n' "$(go env GOOS)" "$(go env GOARCH)"
# Each name without its GOMAXPROCS suffix, with its fastest ns/op.
awk '/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  for (i = 3; i < NF; i++) if ($(i+1) == "ns/op") ns = $i + 0
  if (!(name in best)) { order[++n] = name; best[name] = ns } else if (ns < best[name]) best[name] = ns
} END { for (i = 1; i <= n; i++) print order[i], best[order[i]] }' "$results" | while read -r name ns; do
  # An anchored pattern per name element: ^BenchmarkX$/^row$/^impl$.
  regex=$(printf '%s\n' "$name" | sed -e 's/[.+]/\\&/g' -e 's#/#$/^#g' -e 's/^/^/' -e 's/$/$/')
  n=$(awk -v ns="$ns" 'BEGIN { n = int(2e7 / (ns > 0 ? ns : 1)); if (n < 100) n = 100; if (n > 2000000) n = 2000000; print n }')
  # Counts above 10 make b.N-style and b.Loop-style benchmarks alike: both
  # then differ by exactly the difference in counts.
  base=$(count "$regex" 11)
  last=$(count "$regex" $(( n + 11 )))
  awk -v name="$name" -v n="$n" -v d="$(( last - base ))" 'BEGIN { printf "%s\t%d\t%.1f instr/op\n", name, n, d / n }'
done
