#!/usr/bin/env bash
# Runs every native fuzz target (func FuzzXxx) of the root module, one after
# the other, for DURATION each (a go test -fuzztime value: 10s, 2m, 1000x).
#
#   scripts/fuzz.sh            # 10s each
#   scripts/fuzz.sh 5m         # a longer hunt
#   scripts/fuzz.sh 30s ./fetch/ ./origin/   # some packages only
#
# A failing input is written to the package's testdata/fuzz/FuzzXxx/, where
# `go test` replays it from then on; commit it with the fix. Exits non-zero
# when any target fails, after running them all.
set -euo pipefail

cd "$(dirname "$0")/.."
dur=${1:-10s}
shift || true
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./...)

# `go test -list` prints a package's matching names, then its "ok" line.
list=$(go test -list '^Fuzz' "${pkgs[@]}" | awk '
  /^Fuzz/ { names[n++] = $1; next }
  /^(ok|\?)/ { for (i = 0; i < n; i++) print $2, names[i]; n = 0; next }
  /^FAIL/ { n = 0 }')
count=$(printf '%s\n' "$list" | grep -c . || true)
echo "fuzzing $count targets for $dur each"

# fuzz PKG NAME: one run of one target; prints go test's output on failure.
fuzz() {
  go test -run='^$' -fuzz="^${2}\$" -fuzztime="$dur" "$1" 2>&1
}

# inputs PKG NAME: how many failing inputs the target's testdata holds.
inputs() {
  local dir
  dir=$(go list -f '{{.Dir}}' "$1")/testdata/fuzz/$2
  if [ -d "$dir" ]; then find "$dir" -type f | wc -l; else echo 0; fi
}

start=$SECONDS
failed=()
while read -r pkg name; do
  [ -n "$name" ] || continue
  printf '%-60s ' "$pkg $name"
  before=$(inputs "$pkg" "$name")
  if out=$(fuzz "$pkg" "$name"); then
    echo ok
    continue
  fi
  # A real finding always writes its input to testdata/fuzz/NAME. Go's
  # fuzzing coordinator can also fail a run that found nothing when the
  # -fuzztime deadline catches a worker mid-input on a busy machine
  # (golang/go#51484): such a run is repeated once, and fails the script
  # only if it fails again.
  if [ "$(inputs "$pkg" "$name")" = "$before" ]; then
    printf 'failed without a failing input; again: '
    if out2=$(fuzz "$pkg" "$name"); then
      echo ok
      printf '%s\n' "$out" | tail -n 8 | sed 's/^/    first run: /'
      continue
    fi
    out=$out2
  fi
  echo FAIL
  printf '%s\n' "$out" | tail -n 30
  failed+=("$pkg $name")
done <<<"$list"

echo "fuzzing took $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
