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
# A file that restarts the engine or rewrites the real server says so on a line of its own,
# `// suite: exclusive`; it runs alone, after the rest. Every other file has its own hermetic server
# (ports, state, labels), so those run side by side: SLIPWAY_TEST_CONCURRENCY at a time (default 2, one
# a core: more made timing-bound tests flaky on a 2-core machine).
exclusive=() shared=()
for f in "${files[@]}"; do
  if grep -qx '// suite: exclusive' "$f"; then exclusive+=("$f"); else shared+=("$f"); fi
done
code=0
node --import tsx --test --test-concurrency="${SLIPWAY_TEST_CONCURRENCY:-2}" "${shared[@]}" || code=1
if [ ${#exclusive[@]} -gt 0 ]; then
  node --import tsx --test --test-concurrency=1 "${exclusive[@]}" || code=1
fi
node --import tsx test/support/cleanup.ts || code=1
exit "$code"
