#!/usr/bin/env bash
# Run the test files, listed explicitly (Node 20's `node --test` with no list skips .ts files).
#   test/run.sh        every test (root, Docker, and test/setup.sh's packages); then remove what
#                      the suite built, whether or not it passed
#   test/run.sh unit   test/unit and test/lint only: no root, no Docker, no network
# HOME is an empty directory, so nothing in the caller's ~/.gitconfig or ~/.vagrant.d can decide a result.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
shopt -s globstar nullglob
home=$(mktemp -d) || exit 1
trap 'rm -rf "$home"' EXIT
export HOME=$home GIT_CONFIG_NOSYSTEM=1
unset XDG_CONFIG_HOME
if [ "${1:-}" = unit ]; then
  node --import tsx --test --test-concurrency=4 test/unit/**/*.test.ts test/lint/*.test.ts
  exit
fi
export SLIPWAY_TEST_SUITE="suite-$$-$RANDOM"
files=(test/unit/**/*.test.ts test/lint/*.test.ts test/tools/*.test.ts test/e2e/**/*.test.ts)
[ ${#files[@]} -gt 0 ] || { echo " !     no test files found" >&2; exit 1; }
node --import tsx --test --test-concurrency=1 "${files[@]}"
code=$?
node --import tsx test/support/cleanup.ts || code=1
exit "$code"
