#!/usr/bin/env bash
# Computes NeuroBench's metrics for one small network in snnTorch (with the `neurobench` package) and
# Spikeline's for the same network, weights and inputs, and prints them side by side.
#
# usage: Tests/Peers/compare_neurobench.sh [--json]
# PyTorch, snnTorch and NeuroBench go into a throwaway virtual environment (SPIKELINE_PEER_VENV,
# default Tests/Peers/.venv-neurobench); nothing here is needed by the build or by `swift test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${SPIKELINE_PEER_VENV:-$here/.venv-neurobench}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import neurobench, snntorch, torch" 2>/dev/null; then
  echo "creating $venv with PyTorch, snnTorch and NeuroBench ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet torch "snntorch==1.0.0" "neurobench==2.3.0" numpy >&2
fi
echo "building spikeline (release) ..." >&2
(cd "$root" && swift build -c release --product spikeline >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
OMP_WAIT_POLICY=PASSIVE "$venv/bin/python" "$here/neurobench_peer.py" "$root/.build/release/spikeline" "$work" "${1:-}"
