#!/usr/bin/env bash
# `npm run test:cluster`: the cluster tests, one file at a time (each puts the host engine into swarm
# mode), then the cleanups, which run whether or not they passed. Needs root, Docker and Debian's archive.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
shopt -s nullglob
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export SLIPWAY_TEST_SUITE="cluster-$$-$RANDOM"
files=(test/cluster/*.test.ts)
[ ${#files[@]} -gt 0 ] || { echo " !     no cluster test files found" >&2; exit 1; }
node --import tsx --test --test-concurrency=1 "${files[@]}"
code=$?
node --import tsx test/cluster/cleanup.ts || code=1
# Then what every suite removes: its labelled leftovers and (unless kept) the shared base image.
node --import tsx test/support/cleanup.ts || code=1
exit "$code"
