#!/usr/bin/env bash
# Spiking training throughput: Spikeline against Dequino et al.'s SpikingLR PyTorch code (its own
# `run_snn` and surrogate, through Tests/Peers/spikinglr_peer.py), the same network (700 → 200r → 100r →
# 50r → 20), T = 100, batch 64, the bundled spoken digits binned at 100 steps, the same thread count,
# runs alternated (one-thread runs of both on the same CPU: SPIKELINE_PEER_CPU, peer_common.sh).
#
# usage: Tests/Peers/compare_spikinglr.sh <Spiking-Compressed-Continual-Learning source folder>
#                                         [--threads 1] [--batches 10] [--rounds 3] [--spikeline <binary>]
# The source folder is a checkout of github.com/Dequino/Spiking-Compressed-Continual-Learning (not
# downloaded here). PyTorch goes into a throwaway virtual environment (SPIKELINE_PEER_VENV, default
# Tests/Peers/.venv-spikinglr); nothing here is needed by `swift test`. The peer trains every layer but
# the input weights (the code's depth 0); Spikeline trains all layers, the input weights too.
# Both rates leave out the run's first batch, which also sets up each program's buffers: the peer
# times batches 1..n, Spikeline reports `steadySamplesPerSecond`; Spikeline's whole-epoch rate, first
# batch included, is printed beside it.
set -euo pipefail
source "$(dirname "$0")/peer_common.sh"
[ $# -ge 1 ] || { echo "usage: $0 <Spiking-Compressed-Continual-Learning source> [--threads n] [--batches n] [--rounds n]" >&2; exit 2; }
source_dir=$(cd "$1" && pwd); shift
[ -f "$source_dir/class_incremental_LR/class_incremental_latent.py" ] || {
  echo "error: $source_dir/class_incremental_LR/class_incremental_latent.py not found: expected a checkout of Dequino/Spiking-Compressed-Continual-Learning" >&2; exit 2; }
threads=1; batches=10; rounds=3; spikeline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --spikeline) spikeline=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
peer_venv spikinglr "torch, numpy" torch numpy
peer_spikeline "$spikeline"
peer_workdir
export OMP_WAIT_POLICY=PASSIVE
"$spikeline" dataset export "$root/Scenarios/Data/spoken-digits.spkd" --steps 100 --out "$work/data" >&2
samples=$((64 * (batches + 1)))
peer_pin "$threads"   # one thread: both on the same CPU
for round in $(seq 1 "$rounds"); do
  echo "round $round: SpikingLR code ($threads threads) ..." >&2
  ${pin[@]+"${pin[@]}"} "$venv/bin/python" "$here/spikinglr_peer.py" "$source_dir" "$work/data" --batches "$batches" --threads "$threads" | tail -1 > "$work/peer-$round.json"
  echo "round $round: Spikeline ($threads threads) ..." >&2
  SPIKELINE_THREADS=$threads ${pin[@]+"${pin[@]}"} "$spikeline" train --steps 100 --batch 64 --lr 0.0002 --optimizer adamax --schedule constant \
    --readout maxMembrane --no-shuffle --epochs 1 --limit "$samples" --no-checkpoint --json > "$work/ours-$round.json"
done
python3 - "$work" "$rounds" "$threads" <<'PY'
import json, os, statistics, sys
work, rounds, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"SpikingLR network 700-200r-100r-50r-20, T = 100, batch 64, {threads} thread(s); training samples per second")
print("(both after their first batch; Spikeline's whole epoch, first batch included, in the last columns)")
print(f"{'round':>5} {'SpikingLR code':>15} {'Spikeline':>10} {'ratio':>7} {'whole epoch':>12} {'ratio':>7}")
ratios, whole_ratios = [], []
for r in range(1, rounds + 1):
    peer = json.load(open(os.path.join(work, f"peer-{r}.json")))
    epoch = json.load(open(os.path.join(work, f"ours-{r}.json")))["epochs"][0]
    whole = epoch["samplesPerSecond"]
    ours = epoch.get("steadySamplesPerSecond") or whole
    ratios.append(ours / peer["samplesPerSecond"])
    whole_ratios.append(whole / peer["samplesPerSecond"])
    print(f"{r:>5} {peer['samplesPerSecond']:15.1f} {ours:10.1f} {ratios[-1]:6.2f}x {whole:12.1f} {whole_ratios[-1]:6.2f}x")
print(f"median: Spikeline trains {statistics.median(ratios):.2f}x the SpikingLR code's samples per second "
      f"({statistics.median(whole_ratios):.2f}x counting its first batch; input firing rate {peer['inputFiringRate'] * 100:.1f} %)")
# What the sparse kernels skip: the dense code multiplies every weight every step; Spikeline adds the
# weight rows of active inputs only (forward) and sums weight gradients over active inputs only.
report = json.load(open(os.path.join(work, f"ours-{rounds}.json")))
ops, rates = report["operations"], report["hiddenFiringRates"]
sizes = [700, 200, 100, 50]
dense_per_step = sum(sizes[i] * sizes[i + 1] + sizes[i + 1] ** 2 for i in range(3)) + 50 * 20
dense = dense_per_step * ops["timesteps"]
print(f"hidden firing rates {', '.join(f'{r * 100:.1f} %' for r in rates)}: forward {ops['forwardSynapticOps']:.3g} synaptic "
      f"operations against {dense:.3g} dense multiply-adds ({dense / ops['forwardSynapticOps']:.1f}x fewer); weight-gradient "
      f"accumulates {ops['backwardAccumulates']:.3g} against {dense:.3g} ({dense / ops['backwardAccumulates']:.1f}x fewer)")
PY
