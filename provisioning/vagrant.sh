#!/usr/bin/env bash
# Vagrant's shell provisioner: set up Slipway from the synced checkout.
set -euo pipefail
cd /vagrant
SLIPWAY_DOMAIN="${SLIPWAY_DOMAIN:-localhost}" ./configure-system.sh
