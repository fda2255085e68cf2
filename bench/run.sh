#!/usr/bin/env bash
# bench/run.sh [COUNT]
#
# Runs the paired benchmarks of the bench module COUNT times (default 10),
# has benchstat summarize them with one column per implementation, and
# prints the Markdown tables of the README's Performance section: each
# peer's time as a multiple of corsim's, allocations, scenarios per second,
# real Chromium's time for the same scenario, instruction counts, and
# whether each goal is met.
#
# Environment:
#   BENCHTIME     -benchtime of each run (default 1s)
#   BENCH_OUT     where the results go (default bench/results, not in git)
#   CORSIM_WPT_DIR  the web-platform-tests URL data (default ../shared/wpt
#                 beside the repository, when it exists; else the wpt rows
#                 are skipped)
#   BROWSER=0     skip the real-Chromium run (conformance/browser)
#   INSTRUCTIONS=0  skip the Valgrind instruction counts
#   UPDATE=1      also rewrite the README's Performance section
#
# Timings are only as good as the machine is quiet: run it on an idle one.
set -euo pipefail

count=${1:-10}
case $count in
  '' | *[!0-9]* | 0) echo "usage: bench/run.sh [COUNT]   (COUNT: a positive number of runs)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=${BENCH_OUT:-$here/results}
benchtime=${BENCHTIME:-1s}
mkdir -p "$out"

if [ -z "${CORSIM_WPT_DIR:-}" ] && [ -f "$root/../shared/wpt/urltestdata.json" ]; then
  export CORSIM_WPT_DIR=$root/../shared/wpt
fi
if [ -z "${CORSIM_WPT_DIR:-}" ]; then
  echo "run.sh: \$CORSIM_WPT_DIR is not set: the wpt rows are skipped (point it at a folder holding urltestdata.json)" >&2
fi

# benchstat, installed into a temporary GOBIN when it is not on PATH.
benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ]; then
  gobin=$(mktemp -d)
  trap 'rm -rf "$gobin"' EXIT
  echo "run.sh: installing benchstat into $gobin" >&2
  GOBIN=$gobin go install golang.org/x/perf/cmd/benchstat@latest
  benchstat=$gobin/benchstat
fi

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
command="bench/run.sh $count"
[ "$benchtime" = 1s ] || command="BENCHTIME=$benchtime $command"
cd "$here"

echo "run.sh: benchmarks, -count $count -benchtime $benchtime (load average $load)" >&2
go test -run '^$' -bench '^Benchmark(Origin|Middleware)$' -benchmem -count "$count" -benchtime "$benchtime" . > "$out/results.txt"
go test -run '^$' -bench '^BenchmarkSimulate$' -benchmem -cpu 1,2 -count "$count" -benchtime "$benchtime" . >> "$out/results.txt"

go run ./cmd/perftable -key < "$out/results.txt" > "$out/keyed.txt"
"$benchstat" -format csv -col /impl "$out/keyed.txt" > "$out/stats.csv" 2> "$out/benchstat.log"
"$benchstat" -col /impl "$out/keyed.txt" > "$out/benchstat.txt" 2>> "$out/benchstat.log"

flags=()
if [ "${BROWSER:-1}" != 0 ]; then
  # The same scenario in real Chromium, timed by the differential harness
  # (under the lock every user of the harness takes), as many times as
  # the benchmarks ran.
  files=()
  for _ in $(seq "$count"); do files+=("$here/testdata/preflighted-fetch.json"); done
  echo "run.sh: real Chromium (conformance/browser), $count runs" >&2
  if (cd "$root/conformance/browser" && flock -w 1800 /tmp/corsim-browser.lock go run . --json --out "$out/browser.json" "${files[@]}") > "$out/browser.log" 2>&1; then
    flags+=(-browser "$out/browser.json")
  else
    echo "run.sh: the Chromium run failed (see $out/browser.log); the comparison is left out" >&2
  fi
fi
if [ "${INSTRUCTIONS:-1}" != 0 ]; then
  if command -v valgrind >/dev/null; then
    echo "run.sh: instruction counts under Valgrind" >&2
    "$here/instructions.sh" "$out/results.txt" > "$out/instructions.txt"
    go run ./cmd/perftable -key < "$out/instructions.txt" > "$out/instructions-keyed.txt"
    "$benchstat" -format csv -col /impl "$out/instructions-keyed.txt" > "$out/instructions.csv" 2>> "$out/benchstat.log"
    flags+=(-instructions "$out/instructions.csv")
  else
    echo "run.sh: valgrind is not installed: no instruction counts (apt-get install valgrind)" >&2
  fi
fi

go run ./cmd/perftable "${flags[@]}" -command "$command" -load "$load" "$out/stats.csv" | tee "$out/table.md"
if [ "${UPDATE:-0}" = 1 ]; then
  go run ./cmd/perftable "${flags[@]}" -command "$command" -load "$load" -update "$root/README.md" "$out/stats.csv"
  echo "run.sh: README.md updated" >&2
fi
