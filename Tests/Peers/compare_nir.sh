#!/usr/bin/env bash
# Exports small snnTorch networks to NIR, runs them in snnTorch and (the .nir files) in Spikeline on
# the same input spikes, and prints whether the output spikes agree step for step. With
# --fixtures DIR it instead re-creates the NIR files bundled for `swift test` (Tests/Fixtures/nir).
#
# usage: Tests/Peers/compare_nir.sh [--json | --fixtures DIR]
# PyTorch, snnTorch, nir and nirtorch go into a throwaway virtual environment (SPIKELINE_PEER_VENV,
# default Tests/Peers/.venv-nir); nothing here is needed by the build or by `swift test`.
set -euo pipefail
source "$(dirname "$0")/peer_common.sh"
peer_venv nir "nir, nirtorch, snntorch, torch" torch "snntorch==1.0.0" "nir==1.0.8" "nirtorch==2.6" numpy
if [ "${1:-}" = "--fixtures" ]; then
  "$venv/bin/python" "$here/make_nir_fixtures.py" "${2:?usage: compare_nir.sh --fixtures DIR}"
  exit 0
fi
peer_spikeline
peer_workdir
OMP_WAIT_POLICY=PASSIVE "$venv/bin/python" "$here/nir_peer.py" "$spikeline" "$work" "${1:-}"
