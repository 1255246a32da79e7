#!/usr/bin/env bash
# Installs the Debian 12 packages newsgraph builds and tests with.
# Run as root (or with sudo). Safe to run again. --browser: only what the
# browser tests need (chromium and node/npm for playwright-core).
set -euo pipefail
PKGS="build-essential pkg-config clang zlib1g-dev libzstd-dev libutf8proc-dev libsqlite3-dev libmicrohttpd-dev python3 gzip zstd"
if [ "${1:-}" = "--browser" ]; then
    PKGS="chromium"
    command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
fi
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null | awk '$NF!="installed"{print $1}' || true)
for p in $PKGS; do dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "${missing// /}" ]; then
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
