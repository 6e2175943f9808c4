#!/usr/bin/env bash
# Installs what pkengine needs on a fresh Debian machine: the Debian packages of the C++ build,
# and a virtual environment .venv/ with the Python packages. A second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang and libclang-rt-dev: the sanitizer and libFuzzer builds of `make test` (build/asan,
# build/tsan).
DEBIAN_PACKAGES=(g++ make ccache clang-format libeigen3-dev libboost-dev catch2
                 libbenchmark-dev nlohmann-json3-dev clang libclang-rt-dev)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
