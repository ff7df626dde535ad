#!/usr/bin/env bash
# PostgreSQL's server binaries for the tests (see ensure-debian-packages.sh).
exec bash "$(dirname "$0")/ensure-debian-packages.sh" postgresql
