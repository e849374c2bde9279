#!/usr/bin/env bash
# Installs every Debian 12 package that golive's build, the app and its tests need.
# Idempotent: packages already present are left alone; safe to run again.
set -euo pipefail

build=(
  build-essential cmake ninja-build pkg-config git clang-format
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev
  libqt6sql6-sqlite qt6-qpa-plugins qt6-svg-dev libgl-dev
  qtkeychain-qt6-dev libspdlog-dev libfmt-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libqrencode-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev lld
)
runtime=(fonts-dejavu-core dbus dbus-x11 gnome-keyring libsecret-tools)
tests=(
  prometheus poppler-utils zbar-tools xvfb xauth x11-apps imagemagick
  apache2-utils openssl curl python3 sqlite3 procps
  cmark-gfm
)

all=("${build[@]}" "${runtime[@]}" "${tests[@]}")
missing=()
for p in "${all[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#all[@]} packages already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The Debian prometheus package starts a system service on install; golive's
# tests start their own on a free port, so a stray one only wastes memory.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
