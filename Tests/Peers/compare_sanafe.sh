#!/usr/bin/env bash
# Runs three networks (CUBA-sized, the spoken-digit classifier's shape, a 1/128 slice of Frady et
# al.'s k-NN search) in SANA-FE's Loihi architecture and in Spikeline's Loihi profile, and prints
# dynamic energy and latency per timestep side by side.
#
# usage: Tests/Peers/compare_sanafe.sh [--json]
# SANA-FE (PyPI `sanafe`) goes into a throwaway virtual environment (SPIKELINE_PEER_VENV, default
# Tests/Peers/.venv-sanafe); nothing here is needed by the build or by `swift test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${SPIKELINE_PEER_VENV:-$here/.venv-sanafe}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sanafe, numpy" 2>/dev/null; then
  echo "creating $venv and installing SANA-FE from PyPI ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "sanafe==2.2.9" numpy >&2
fi
echo "building spikeline (release) ..." >&2
(cd "$root" && swift build -c release --product spikeline >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" "$here/sanafe_peer.py" "$root/.build/release/spikeline" "$work" "${1:-}"
