#!/usr/bin/env bash
# ensure-apt.sh COMMAND PACKAGE...: installs the Debian packages when
# COMMAND is not on the PATH.
set -euo pipefail
cmd=$1; shift
if command -v "$cmd" >/dev/null; then exit 0; fi
echo "ensure-apt: installing $* from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "$@" >/dev/null
