#!/bin/sh
# Installs what building and testing libparindex needs (Debian/Ubuntu).
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential g++ cmake pkg-config libxml2-dev libxml2-utils \
    libcmocka-dev python3 binutils >/dev/null
