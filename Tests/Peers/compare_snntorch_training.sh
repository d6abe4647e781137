#!/usr/bin/env bash
# Training throughput and loss curve: Spikeline vs snnTorch (PyTorch CPU), same network, data,
# initial weights, batch size, T, optimiser and sample order, measured in one run on this machine.
#
# usage: Tests/Peers/compare_snntorch_training.sh [--samples 1280] [--epochs 3] [--threads 2]
# snnTorch and the CPU build of PyTorch go into a throwaway virtual environment
# (SPIKELINE_PEER_VENV, default Tests/Peers/.venv-snntorch); nothing here is needed by `swift test`.
set -euo pipefail
source "$(dirname "$0")/peer_common.sh"
samples=1280; epochs=3; threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --samples) samples=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

peer_venv snntorch "snntorch, torch" torch snntorch numpy --extra-index-url https://download.pytorch.org/whl/cpu
peer_spikeline
peer_workdir

common=(--steps 100 --batch 64 --lr 0.002 --optimizer adam --schedule constant --slope 10 --readout maxMembrane --no-shuffle)
echo "exporting binned data and initial weights ..." >&2
"$spikeline" dataset export "$root/Scenarios/Data/spoken-digits.spkd" --steps 100 --out "$work/data" >&2
"$spikeline" train "${common[@]}" --epochs 0 --limit "$samples" --checkpoint "$work/init.spkc" --json > /dev/null
"$venv/bin/python" - "$work/init.spkc" "$work/init.json" <<'PY'
import json, struct, sys
raw = open(sys.argv[1], "rb").read()
assert raw[:4] == b"SPKC"
n = struct.unpack_from("<I", raw, 8)[0]
header = json.loads(raw[12:12 + n])
offset = 12 + n
out = {"feedforward": [], "recurrent": [], "shapes": []}
for layer in header["layers"]:
    count = layer["inputs"] * layer["outputs"]
    out["feedforward"].append(list(struct.unpack_from("<%df" % count, raw, offset))); offset += 4 * count
    out["shapes"].append([layer["inputs"], layer["outputs"]])
    if layer["recurrent"]:
        count = layer["outputs"] ** 2
        out["recurrent"].append(list(struct.unpack_from("<%df" % count, raw, offset))); offset += 4 * count
json.dump(out, open(sys.argv[2], "w"))
PY

echo "training with Spikeline ($samples samples, $epochs epochs) ..." >&2
SPIKELINE_THREADS=$threads "$spikeline" train "${common[@]}" --epochs "$epochs" --limit "$samples" --checkpoint "$work/run.spkc" --json > "$work/spikeline.json"
"$spikeline" train "${common[@]}" --epochs 0 --limit "$samples" --json > /dev/null  # warm file cache symmetry
echo "training with snnTorch ..." >&2
"$venv/bin/python" "$here/snntorch_train.py" "$work/data" --epochs "$epochs" --samples "$samples" --threads "$threads" \
  --init "$work/init.json" > "$work/snntorch.json"

"$venv/bin/python" - "$work/spikeline.json" "$work/snntorch.json" <<'PY'
import json, statistics, sys
ours = json.load(open(sys.argv[1])); peer = json.load(open(sys.argv[2]))
ours_rate = [e["samplesPerSecond"] for e in ours["epochs"]]
ours_loss = [e["loss"] for e in ours["epochs"]]
print(f"{'epoch':>5} {'Spikeline samples/s':>20} {'snnTorch samples/s':>19} {'Spikeline loss':>15} {'snnTorch loss':>14}")
for i, (a, b, c, d) in enumerate(zip(ours_rate, peer["samplesPerSecond"], ours_loss, peer["loss"])):
    print(f"{i + 1:>5} {a:20.1f} {b:19.1f} {c:15.4f} {d:14.4f}")
steady_ours = statistics.median(ours_rate[1:] or ours_rate)
steady_peer = statistics.median(peer["samplesPerSecond"][1:] or peer["samplesPerSecond"])
print(f"{peer['framework']}, {peer['threads']} threads, T={peer['steps']}, batch {peer['batch']}, {peer['samples']} samples")
print(f"Spikeline trains {steady_ours / steady_peer:.2f}x faster than snnTorch (median of epochs after the first)")
PY
