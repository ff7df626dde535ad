#!/usr/bin/env bash
# Debian's Chromium at /usr/bin/chromium for browser tests and benchmarks (see ensure-debian-packages.sh).
exec bash "$(dirname "$0")/ensure-debian-packages.sh" chromium
