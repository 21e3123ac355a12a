#!/bin/sh
# Installs the Debian packages procscope needs to build and test, if missing.
# Safe to run again: it only installs what dpkg does not already list.
set -eu

PKGS="make gcc libc6-dev linux-libc-dev perl strace jq lsof procps util-linux
iproute2 git tar python3 findutils
clang llvm libbpf-dev libelf-dev zlib1g-dev bpftool pkg-config"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run this script as root to install them)" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
