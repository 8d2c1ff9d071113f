#!/usr/bin/env bash
# The programs the test suite needs beyond a Slipway server, from Debian's archive: `npm test` runs
# this first, so the README's two commands stay the whole set-up. Safe to run again.
#   bash test/setup.sh           # the test suite's packages
#   bash test/setup.sh --bench   # and wrk, for `npm run bench:proxy`
set -euo pipefail

# busybox-static: the test base image (no registry is reachable); shellcheck and vagrant: the script
# lint; systemd: `systemd-analyze verify` and a real systemd to supervise under; pebble: a local ACME server;
# chromium: the dashboard test's headless browser (driven by puppeteer-core, never downloaded);
# debootstrap: the Debian image of test/cluster's node containers.
packages=(busybox-static shellcheck vagrant systemd pebble chromium debootstrap)
[ "${1:-}" = --bench ] && packages+=(wrk)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo " !     the tests need these packages, which are not installed: ${missing[*]}" >&2
  echo " !     as root: apt-get install --no-install-recommends ${missing[*]}" >&2
  echo " !     (or run npm test as root, which installs them)" >&2
  exit 1
fi
echo "-----> Installing the test suite's packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
