#!/usr/bin/env bash
# Run every test file, listed explicitly (Node 20's `node --test` with no list skips .ts files),
# then remove what the suite built, whether or not it passed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
shopt -s globstar nullglob
export SLIPWAY_TEST_SUITE="suite-$$-$RANDOM"
files=(test/unit/**/*.test.ts test/lint/*.test.ts test/e2e/**/*.test.ts)
[ ${#files[@]} -gt 0 ] || { echo " !     no test files found" >&2; exit 1; }
node --import tsx --test --test-concurrency=1 "${files[@]}"
code=$?
node --import tsx test/support/cleanup.ts || code=1
exit "$code"
