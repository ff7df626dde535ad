#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries are on this machine, installing Debian's package
# when they are missing (as root, no questions asked). Quick when already installed.
set -euo pipefail

if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-postgres: PostgreSQL is not installed and this is not root; install it (apt-get install postgresql) or set TEST_DATABASE_URL" >&2
  exit 1
fi
echo "ensure-postgres: installing PostgreSQL from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
