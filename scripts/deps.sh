#!/usr/bin/env bash
# Installs the Debian packages Phoenix needs, and only those that are missing.
# Quiet when everything is already there. Called by `make`, `make test` and
# `make demo`; safe to run by hand. Needs root (or sudo) only when it has
# something to install.
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config      # compiler, build system
    libcmocka-dev                         # unit tests
    valgrind                              # constant-time (ctgrind) checks
    qemu-system-x86                       # boots the kernel in tests
    libyaml-dev                           # experiment files
    libjansson-dev                        # WfCommons JSON workflows
    graphviz libgraphviz-dev              # DOT task graphs, viz/dag.py
    libsdl2-dev                           # interactive viewers
    python3 python3-matplotlib python3-pytest  # viz/ tools and their tests
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        SUDO="sudo"
    else
        echo "deps: missing packages (${missing[*]}) and not root; install them with apt" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
