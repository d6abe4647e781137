#!/usr/bin/env bash
# Runs the CUBA benchmark in Brian2 (Cython runtime; C++ standalone on 1 and 2 OpenMP threads) and in
# Spikeline (chip time on 1 and 2 threads; continuous time), in one session on this machine, and
# prints their wall times, spike counts and the speed ratios taken within each round.
#
# usage: Tests/Peers/compare_brian2_cuba.sh [--json] [--spikeline <binary>]
#   (SPIKELINE_PEER_ROUNDS=3 rounds of 1 and 2 threads; --spikeline times that binary, e.g. a build
#   for this machine's CPU, instead of building .build/release/spikeline)
# Brian2 goes into a throwaway virtual environment (SPIKELINE_PEER_VENV, default
# Tests/Peers/.venv-brian2); nothing here is needed by the build or by `swift test`.
set -euo pipefail
source "$(dirname "$0")/peer_common.sh"
json="" binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --json) json=--json; shift ;;
    --spikeline) binary=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare_brian2_cuba.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
# numpy 2.4 removed ndarray.ptp, which Brian2 2.9 still uses (fixed upstream in brian2 PR #1705).
peer_venv brian2 "brian2, Cython" "brian2==2.9.0" cython setuptools "numpy<2.4"
peer_spikeline "$binary"

echo "running Brian2 (cython runtime, warm) ..." >&2
"$venv/bin/python" "$here/brian2_cuba.py" cython > /dev/null 2>&1 || true   # first run fills the Cython cache
brian_cython=$("$venv/bin/python" "$here/brian2_cuba.py" cython 2>/dev/null | tail -n 1)
echo "running Spikeline continuous time ..." >&2
spikeline_continuous=$("$spikeline" bench cuba --json --repeat 1 --time-model continuous)

# Rounds alternate the peers, so a change in the machine's speed hits both alike; every ratio is
# taken within one round, one-thread runs of both on the same CPU (peer_pin). Brian2's C++
# standalone build uses OpenMP for 2 threads.
rounds=${SPIKELINE_PEER_ROUNDS:-3}
results=()
for round in $(seq 1 "$rounds"); do
  for threads in 1 2; do
    echo "round $round: Brian2 C++ standalone and Spikeline chip time on $threads thread(s) ..." >&2
    peer_pin "$threads"
    cpp=$(${pin[@]+"${pin[@]}"} "$venv/bin/python" "$here/brian2_cuba.py" cpp_standalone --threads "$threads" 2>/dev/null | tail -n 1)
    chip=$(${pin[@]+"${pin[@]}"} "$spikeline" bench cuba --json --repeat 5 --threads "$threads")
    results+=("{\"round\": $round, \"threads\": $threads, \"brian2_cpp\": $cpp, \"spikeline_chip\": $chip}")
  done
done
joined=$(IFS=,; echo "[${results[*]}]")

"$venv/bin/python" - "$brian_cython" "$spikeline_continuous" "$joined" "$json" <<'PY'
import json, statistics, sys
cython, continuous, rounds = (json.loads(a) for a in sys.argv[1:4])
as_json = sys.argv[4] == "--json"
for r in rounds:
    r["speedup_vs_brian2_cpp"] = r["brian2_cpp"]["run_s"] / r["spikeline_chip"]["wallSeconds"]
def median(threads, key):
    return statistics.median(key(r) for r in rounds if r["threads"] == threads)
one = {r["round"]: r for r in rounds if r["threads"] == 1}
two = {r["round"]: r for r in rounds if r["threads"] == 2}
scaling = [one[k]["spikeline_chip"]["wallSeconds"] / two[k]["spikeline_chip"]["wallSeconds"] for k in one if k in two]
brian_scaling = [one[k]["brian2_cpp"]["run_s"] / two[k]["brian2_cpp"]["run_s"] for k in one if k in two]
summary = {
    "brian2_cython": cython, "spikeline_continuous": continuous, "rounds": rounds,
    "median_speedup_vs_brian2_cpp_1_thread": median(1, lambda r: r["speedup_vs_brian2_cpp"]),
    "median_speedup_vs_brian2_cpp_2_threads": median(2, lambda r: r["speedup_vs_brian2_cpp"]),
    "median_spikeline_2_thread_scaling": statistics.median(scaling),
    "median_brian2_2_thread_scaling": statistics.median(brian_scaling),
    "continuous_vs_brian2_cpp_1_thread": median(1, lambda r: r["brian2_cpp"]["run_s"]) / continuous["wallSeconds"],
}
if as_json:
    print(json.dumps(summary, indent=2))
    sys.exit(0)
print(f"{'round':>5} {'threads':>7} {'Brian2 C++ s':>12} {'Spikeline s':>11} {'ratio':>6} {'B2 spikes':>9} {'SL spikes':>9}")
for r in rounds:
    b, c = r["brian2_cpp"], r["spikeline_chip"]
    print(f"{r['round']:5d} {r['threads']:7d} {b['run_s']:12.4f} {c['wallSeconds']:11.4f} {r['speedup_vs_brian2_cpp']:6.2f} "
          f"{b['spikes']:9d} {c['spikes']:9d}")
print(f"Brian2 Cython runtime: {cython['run_s']:.4f} s; Spikeline continuous time (exact): {continuous['wallSeconds']:.4f} s")
print(f"median speed-up over Brian2 C++ standalone: {summary['median_speedup_vs_brian2_cpp_1_thread']:.2f}x on 1 thread, "
      f"{summary['median_speedup_vs_brian2_cpp_2_threads']:.2f}x on 2 threads (Brian2 with OpenMP)")
print(f"median 2-thread scaling: Spikeline {summary['median_spikeline_2_thread_scaling']:.2f}x, "
      f"Brian2 {summary['median_brian2_2_thread_scaling']:.2f}x")
PY
