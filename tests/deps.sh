#!/bin/sh
# Installs what building and testing libparindex needs (Debian/Ubuntu): the
# packages of tests/packages.txt, through sudo when not root.
set -eu
cd "$(dirname "$0")"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2046
$SUDO apt-get install -y --no-install-recommends $(cat packages.txt)
pkg-config --exists libxml-2.0 cmocka
