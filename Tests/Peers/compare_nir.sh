#!/usr/bin/env bash
# Exports small snnTorch networks to NIR, runs them in snnTorch and (the .nir files) in Spikeline on
# the same input spikes, and prints whether the output spikes agree step for step. With
# --fixtures DIR it instead re-creates the NIR files bundled for `swift test` (Tests/Fixtures/nir).
#
# usage: Tests/Peers/compare_nir.sh [--json | --fixtures DIR]
# PyTorch, snnTorch, nir and nirtorch go into a throwaway virtual environment (SPIKELINE_PEER_VENV,
# default Tests/Peers/.venv-nir); nothing here is needed by the build or by `swift test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${SPIKELINE_PEER_VENV:-$here/.venv-nir}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import nir, nirtorch, snntorch, torch" 2>/dev/null; then
  echo "creating $venv with PyTorch, snnTorch and nir ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet torch "snntorch==1.0.0" "nir==1.0.8" "nirtorch==2.6" numpy >&2
fi
if [ "${1:-}" = "--fixtures" ]; then
  "$venv/bin/python" "$here/make_nir_fixtures.py" "${2:?usage: compare_nir.sh --fixtures DIR}"
  exit 0
fi
echo "building spikeline (release) ..." >&2
(cd "$root" && swift build -c release --product spikeline >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
OMP_WAIT_POLICY=PASSIVE "$venv/bin/python" "$here/nir_peer.py" "$root/.build/release/spikeline" "$work" "${1:-}"
