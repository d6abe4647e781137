#!/usr/bin/env bash
# Seconds per training iteration: Spikeline's `bir` against GMvandeVen's original brain-inspired-replay
# PyTorch code, same data (the bundled MNIST-5k files, through Tests/Peers/bir_peer.py), split MNIST,
# Class-IL, batch 128, 2 × 400 units, z = 100, Adam 1e-3, same thread count, runs alternated (one-thread
# runs of both on the same CPU: SPIKELINE_PEER_CPU, peer_common.sh).
#
# usage: Tests/Peers/compare_bir.sh <brain-inspired-replay source folder> [--threads 1] [--iterations 100]
#                                   [--methods GR,BI-R,None] [--rounds 2] [--spikeline <binary>]
# The source folder is a checkout of github.com/GMvandeVen/brain-inspired-replay (this script does not
# download it). PyTorch, torchvision, scipy, scikit-learn, tqdm and matplotlib (what the original code
# imports) go into a throwaway virtual environment (SPIKELINE_PEER_VENV, default Tests/Peers/.venv-bir);
# nothing here is needed by `swift test`.
# Per-iteration time on both sides is (t(2N) − t(N)) / (N × 5 tasks), so that loading, construction and
# evaluation cancel out. --spikeline runs another build (e.g. a CPU-specific one) instead of .build/release.
set -euo pipefail
source "$(dirname "$0")/peer_common.sh"
[ $# -ge 1 ] || { echo "usage: $0 <brain-inspired-replay source> [--threads n] [--iterations n] [--methods list] [--rounds n]" >&2; exit 2; }
source_dir=$(cd "$1" && pwd); shift
[ -f "$source_dir/main_cl.py" ] || { echo "error: $source_dir/main_cl.py not found: expected a checkout of GMvandeVen/brain-inspired-replay" >&2; exit 2; }
threads=1; iterations=100; methods=GR,BI-R,None; rounds=2; spikeline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --methods) methods=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --spikeline) spikeline=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

peer_venv bir "torch, torchvision, scipy, sklearn, tqdm, matplotlib" torch torchvision scipy scikit-learn tqdm matplotlib numpy
peer_spikeline "$spikeline"
mnist="$root/Scenarios/Data/mnist-5k"
peer_workdir
export OMP_WAIT_POLICY=PASSIVE
peer_pin "$threads"   # one thread: both on the same CPU

for round in $(seq 1 "$rounds"); do
  for method in ${methods//,/ }; do
    echo "round $round: $method, original code ($threads threads) ..." >&2
    # (The original code's progress bars go to a log, shown if it fails.)
    if ! ${pin[@]+"${pin[@]}"} "$venv/bin/python" "$here/bir_peer.py" "$source_dir" "$mnist" --method "$method" --iterations "$iterations" \
      --threads "$threads" > "$work/peer.out" 2> "$work/peer.log"; then
      echo "error: the original code failed ($method, $threads threads); its last output:" >&2
      tail -n 5 "$work/peer.log" >&2
      exit 1
    fi
    tail -n 1 "$work/peer.out" > "$work/peer-$round-$method.json"
    # The original BI-R on MNIST has no frozen pre-trained layers, so it does the arithmetic of our
    # BI-R without internal replay.
    ours=$method; [ "$method" = "BI-R" ] && ours="BI-R-int"
    echo "round $round: $ours, Spikeline ($threads threads) ..." >&2
    for n in "$iterations" $((2 * iterations)); do
      SPIKELINE_THREADS=$threads ${pin[@]+"${pin[@]}"} "$spikeline" bir --benchmark split-mnist5k --methods "$ours" --seeds 1 --iterations "$n" --json \
        > "$work/ours-$round-$method-$n.json"
    done
  done
done

python3 - "$work" "$methods" "$rounds" "$iterations" "$threads" <<'PY'
import json, statistics, sys, os
work, methods, rounds, n, threads = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def wall(path):
    report = json.load(open(path))
    runs = report["runs"] if "runs" in report else report["reports"][0]["runs"]
    return runs[0]["wallSeconds"]
print(f"split MNIST-5k, Class-IL, batch 128, {threads} thread(s); ms per iteration, (t({2*n}) − t({n})) / ({n} × 5)")
print("(BI-R: the original code's BI-R on MNIST against Spikeline's BI-R −int, the same arithmetic: no frozen pre-trained layers)")
print(f"{'method':<10} {'round':>5} {'original (PyTorch)':>19} {'Spikeline':>10} {'ratio':>7}")
for method in methods:
    ratios = []
    for r in range(1, rounds + 1):
        peer = json.load(open(os.path.join(work, f"peer-{r}-{method}.json")))["seconds_per_iteration"]
        ours = (wall(os.path.join(work, f"ours-{r}-{method}-{2*n}.json")) - wall(os.path.join(work, f"ours-{r}-{method}-{n}.json"))) / (n * 5)
        ratios.append(peer / ours)
        print(f"{method:<10} {r:>5} {peer*1e3:19.1f} {ours*1e3:10.1f} {peer/ours:6.2f}x")
    print(f"{method:<10} median: Spikeline is {statistics.median(ratios):.2f}x the original code's speed (>1: faster)")
PY
