#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for browser tests and benchmarks,
# installing it (as root, no questions asked) when missing. Quick when already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing and this is not root; install it with apt-get install chromium" >&2
  exit 1
fi
echo "ensure-chromium: installing Chromium from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
