#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are installed: `postgresql` (server binaries)
# and `chromium` (/usr/bin/chromium). Installs the missing ones as root, with one
# `apt-get update`, no questions asked; does nothing (quickly) when all are there.
#   bash scripts/ensure-debian-packages.sh postgresql chromium
set -euo pipefail

present() {
  case "$1" in
    postgresql) ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null 2>&1 ;;
    chromium) [ -x /usr/bin/chromium ] ;;
    *) dpkg -s "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for pkg in "$@"; do present "$pkg" || missing+=("$pkg"); done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ]; then
  echo "ensure-debian-packages: missing ${missing[*]} and this is not root; install with: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "ensure-debian-packages: installing ${missing[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
