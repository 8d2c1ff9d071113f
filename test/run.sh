#!/usr/bin/env bash
# Run the test files, listed explicitly (Node 20's `node --test` with no list skips .ts files).
#   test/run.sh        every test (root, Docker, and test/setup.sh's packages); then remove what
#                      the suite built, whether or not it passed
#   test/run.sh unit   test/unit and test/lint only: no root, no Docker, no network
# No git config outside the repo applies (a ~/.gitconfig with user.name must not be what lets a test
# commit); the tests give ssh `-F /dev/null` and vagrant an empty HOME for the same reason.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
shopt -s globstar nullglob
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
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
