#!/usr/bin/env bash
# Runs three networks (CUBA-sized, the spoken-digit classifier's shape, a 1/128 slice of Frady et
# al.'s k-NN search) in SANA-FE's Loihi architecture and in Spikeline's Loihi profile, and prints
# dynamic energy and latency per timestep side by side.
#
# usage: Tests/Peers/compare_sanafe.sh [--json]
# SANA-FE (PyPI `sanafe`) goes into a throwaway virtual environment (SPIKELINE_PEER_VENV, default
# Tests/Peers/.venv-sanafe); nothing here is needed by the build or by `swift test`.
set -euo pipefail
source "$(dirname "$0")/peer_common.sh"
peer_venv sanafe "sanafe, numpy" "sanafe==2.2.9" numpy
peer_spikeline
peer_workdir
"$venv/bin/python" "$here/sanafe_peer.py" "$spikeline" "$work" "${1:-}"
