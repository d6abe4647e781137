#!/usr/bin/env bash
# Computes NeuroBench's metrics for one small network in snnTorch (with the `neurobench` package) and
# Spikeline's for the same network, weights and inputs, and prints them side by side.
#
# usage: Tests/Peers/compare_neurobench.sh [--json]
# PyTorch, snnTorch and NeuroBench go into a throwaway virtual environment (SPIKELINE_PEER_VENV,
# default Tests/Peers/.venv-neurobench); nothing here is needed by the build or by `swift test`.
set -euo pipefail
source "$(dirname "$0")/peer_common.sh"
peer_venv neurobench "neurobench, snntorch, torch" torch "snntorch==1.0.0" "neurobench==2.3.0" numpy
peer_spikeline
peer_workdir
OMP_WAIT_POLICY=PASSIVE "$venv/bin/python" "$here/neurobench_peer.py" "$spikeline" "$work" "${1:-}"
