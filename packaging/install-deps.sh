#!/usr/bin/env bash
# Installs every Debian 12 package that golive's build, the app and its tests need.
# Idempotent: packages already present are left alone; safe to run again.
set -euo pipefail

build=(
  build-essential cmake ninja-build pkg-config git clang-format
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev
  libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins qt6-svg-dev libgl-dev
  qtkeychain-qt6-dev libspdlog-dev libfmt-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libqrencode-dev libbenchmark-dev libpq-dev libssl-dev
  clang-14 libclang-rt-14-dev lld
  qt6-tools-dev qt6-l10n-tools
)
runtime=(fonts-dejavu-core dbus dbus-x11 gnome-keyring libsecret-tools qt6-translations-l10n)
tests=(
  prometheus poppler-utils zbar-tools xvfb xauth x11-apps imagemagick
  apache2-utils openssl curl python3 sqlite3 procps
  cmark-gfm postgresql openssh-client
  lintian appstream man-db file
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
# Debian's postgresql package makes a "main" cluster and starts it as a system service. golive's
# server tests and benchmarks start their own PostgreSQL (initdb into a temporary folder, a free
# port), so none is wanted: postgresql-common goes first and is told not to make one.
if printf '%s\n' "${missing[@]}" | grep -qx postgresql; then
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-common
  $SUDO sed -ri 's/^#? *create_main_cluster *=.*$/create_main_cluster = false/' \
    /etc/postgresql-common/createcluster.conf
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The Debian prometheus package starts a system service on install; golive's
# tests start their own on a free port, so a stray one only wastes memory.
# The same for postgresql (clusters made before this script ran are stopped from starting on
# boot, never deleted: they may hold someone's data).
if command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || true
fi
