#!/usr/bin/env bash
# Mutation testing of origin/ and fetch/ (or the packages given as
# arguments) with gremlins, installed into a temporary GOBIN: it is a tool,
# not a dependency of the module.
#
#   scripts/mutation.sh                 # origin and fetch
#   scripts/mutation.sh fetch           # one package
#   WORKERS=2 scripts/mutation.sh       # more parallel mutants
#   ONLY="cors.go preflight.go" scripts/mutation.sh fetch
#                                       # only mutants in these files
#
# Only mutants the package's own tests cover are run (gremlins' default),
# one package test binary per mutant, on WORKERS workers (1 by default: the
# machine is shared) with TEST_CPU CPUs each and a timeout of
# TIMEOUT_COEFFICIENT times the unmutated run. The score printed per package
# is gremlins' test efficacy: killed / (killed + lived). Results in JSON go to
# $OUT (default: a temporary directory, printed at the end).
set -euo pipefail

version=v0.6.0
cd "$(dirname "$0")/.."
root=$(pwd)

# The WPT vectors kill many URL-parser mutants; use them when they are there.
if [ -z "${CORSIM_WPT_DIR:-}" ] && [ -d "$root/../shared/wpt" ]; then
  export CORSIM_WPT_DIR="$root/../shared/wpt"
fi

# gremlins sets each mutant's timeout from the time its coverage run took:
# a test result from Go's cache would make that time, and so every timeout,
# far too short.
export GOFLAGS="${GOFLAGS:-} -count=1"

gobin=$(mktemp -d)
trap 'rm -rf "$gobin"' EXIT
echo "installing gremlins $version into $gobin"
GOBIN="$gobin" GOFLAGS= go install "github.com/go-gremlins/gremlins/cmd/gremlins@$version"

out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(origin fetch)

status=0
for pkg in "${pkgs[@]}"; do
  echo
  echo "==> gremlins unleash ./$pkg"
  # ONLY names the files to mutate; every other source file is excluded.
  exclude=()
  if [ -n "${ONLY:-}" ]; then
    for f in "$pkg"/*.go; do
      b=$(basename "$f")
      case "$b" in *_test.go) continue ;; esac
      # gremlins matches the patterns against paths relative to the package.
      case " $ONLY " in *" $b "*) ;; *) exclude+=(--exclude-files "^${b//./\\.}\$") ;; esac
    done
  fi
  # Thresholds are not gremlins' gate here: the summary below is.
  "$gobin/gremlins" unleash "./$pkg" "${exclude[@]}" \
    --workers "${WORKERS:-1}" \
    --test-cpu "${TEST_CPU:-1}" \
    --timeout-coefficient "${TIMEOUT_COEFFICIENT:-10}" \
    --output "$out/$pkg.json" \
    --output-statuses lt | tee "$out/$pkg.log" || status=$?
done

echo
echo "==> scores (killed / (killed + lived)); details in $out"
for pkg in "${pkgs[@]}"; do
  [ -f "$out/$pkg.log" ] || continue
  printf '%-8s ' "$pkg"
  grep -E 'Killed:|Test efficacy:' "$out/$pkg.log" | tr '\n' ' '
  echo
done
exit $status
