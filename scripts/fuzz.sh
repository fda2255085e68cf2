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

start=$SECONDS
failed=()
while read -r pkg name; do
  [ -n "$name" ] || continue
  printf '%-60s ' "$pkg $name"
  if out=$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$dur" "$pkg" 2>&1); then
    echo ok
  else
    echo FAIL
    printf '%s\n' "$out" | tail -n 30
    failed+=("$pkg $name")
  fi
done <<<"$list"

echo "fuzzing took $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
