#!/usr/bin/env bash
# Installs the Debian 12 packages fengqiao needs to build, test, document and benchmark itself.
# Quick no-op when everything is present. Run as root (CI and `make` do); otherwise it prints the
# apt-get command to run.
set -euo pipefail

packages=(
  # compiler and build
  g++ cmake ninja-build pkg-config make
  # libraries
  libboost-dev nlohmann-json3-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # Python module and its tests (Debian's Python: /usr/bin/python3)
  python3-dev pybind11-dev python3-pybind11
  python3-pytest python3-numpy python3-pandas python3-matplotlib python3-tqdm
  # a font with Chinese glyphs for the jurisdiction names in simulation plots
  fonts-wqy-microhei
  # API reference and diagrams
  doxygen graphviz
  # peers for the comparison benchmarks
  python3-simpy python3-transitions
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "fengqiao needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
