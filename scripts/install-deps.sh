#!/usr/bin/env bash
# Installs the Debian 12 packages Embedscope needs to build, test and run, skipping those already
# installed. Run as root. Usage: scripts/install-deps.sh [extra-package ...]
set -euo pipefail

packages=(build-essential cmake qt6-base-dev libeigen3-dev qt6-svg-dev libgl-dev python3 xz-utils
          zlib1g-dev liblzma-dev libbz2-dev libzstd-dev libzip-dev bzip2 zstd zip libfftw3-dev
          libgif-dev libwebp-dev "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
