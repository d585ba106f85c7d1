#!/usr/bin/env bash
# Installs the Debian 12 packages genx3d needs to build, run and test, if any is missing, and the
# JavaScript sandbox's npm packages. Safe to run again: it does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  librabbitmq-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libspdlog-dev catch2 libssl-dev
  libjemalloc-dev
  rabbitmq-server
  python3 python3-requests python3-jsonschema python3-yaml python3-pytest
  python3-celery  # bench/run.sh's celery-0ms: the baseline issue 6's targets are ratios to
  nodejs npm
  admesh  # an independent STL reader: tests check downloaded meshes against `validation`
)

missing=()
for p in "${packages[@]}"; do
  # nodejs may come from another repository whose package provides npm itself.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The CSG library that generated code is checked against (csg.js from npm).
if [ ! -d sandbox/node_modules/csg ]; then
  echo "install-deps: npm install in sandbox/"
  (cd sandbox && npm ci --no-audit --no-fund --silent)
fi
