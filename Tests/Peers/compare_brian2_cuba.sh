#!/usr/bin/env bash
# Runs the CUBA benchmark in Brian2 (Cython runtime and C++ standalone) and in Spikeline, in one
# session on this machine, and prints their wall times, rates and the speed ratios.
#
# usage: Tests/Peers/compare_brian2_cuba.sh [--json]
# Brian2 goes into a throwaway virtual environment (SPIKELINE_PEER_VENV, default
# Tests/Peers/.venv-brian2); nothing here is needed by the build or by `swift test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${SPIKELINE_PEER_VENV:-$here/.venv-brian2}
json=${1:-}

if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv and installing Brian2 from PyPI ..." >&2
  python3 -m venv "$venv"
  # numpy 2.4 removed ndarray.ptp, which Brian2 2.9 still uses (fixed upstream in brian2 PR #1705).
  "$venv/bin/pip" install --quiet "brian2==2.9.0" cython setuptools "numpy<2.4" >&2
fi

echo "building spikeline (release) ..." >&2
(cd "$root" && swift build -c release --product spikeline >&2)
spikeline="$root/.build/release/spikeline"

echo "running Brian2 (cython runtime, warm) ..." >&2
"$venv/bin/python" "$here/brian2_cuba.py" cython > /dev/null 2>&1 || true   # first run fills the Cython cache
brian_cython=$("$venv/bin/python" "$here/brian2_cuba.py" cython 2>/dev/null | tail -n 1)
echo "running Brian2 (C++ standalone) ..." >&2
brian_cpp=$("$venv/bin/python" "$here/brian2_cuba.py" cpp_standalone 2>/dev/null | tail -n 1)
echo "running Spikeline (chip time, 0.1 ms ticks; continuous time) ..." >&2
spikeline_chip=$("$spikeline" bench cuba --json --repeat 5)
spikeline_continuous=$("$spikeline" bench cuba --json --repeat 1 --time-model continuous)

"$venv/bin/python" - "$brian_cython" "$brian_cpp" "$spikeline_chip" "$spikeline_continuous" "$json" <<'PY'
import json, sys
cython, cpp, chip, continuous = (json.loads(a) for a in sys.argv[1:5])
as_json = sys.argv[5] == "--json"
rows = [
    ("Brian2 2.9 Cython runtime", cython["run_s"], cython["spikes"], cython["synaptic_events"], cython["mean_rate_hz"]),
    ("Brian2 2.9 C++ standalone", cpp["run_s"], cpp["spikes"], cpp["synaptic_events"], cpp["mean_rate_hz"]),
    ("Spikeline chip time 0.1 ms", chip["wallSeconds"], chip["spikes"], chip["synapticEvents"], chip["meanRateHz"]),
    ("Spikeline continuous time", continuous["wallSeconds"], continuous["spikes"], continuous["synapticEvents"], continuous["meanRateHz"]),
]
summary = {
    "brian2_cython": cython, "brian2_cpp_standalone": cpp, "spikeline_chip": chip, "spikeline_continuous": continuous,
    "speedup_chip_vs_cpp_standalone": cpp["run_s"] / chip["wallSeconds"],
    "speedup_chip_vs_cython": cython["run_s"] / chip["wallSeconds"],
    "rate_ratio_chip_vs_cpp_standalone": chip["meanRateHz"] / cpp["mean_rate_hz"],
}
if as_json:
    print(json.dumps(summary, indent=2))
    sys.exit(0)
print(f"{'simulator':30} {'wall s':>8} {'spikes':>8} {'syn. events':>12} {'rate Hz':>8} {'SynEv/s':>10}")
for name, wall, spikes, events, rate in rows:
    print(f"{name:30} {wall:8.4f} {spikes:8d} {events:12d} {rate:8.2f} {events / wall:10.3g}")
print(f"Spikeline chip time is {summary['speedup_chip_vs_cpp_standalone']:.2f}x faster than Brian2 C++ standalone "
      f"and {summary['speedup_chip_vs_cython']:.1f}x faster than Brian2 Cython; "
      f"firing rate ratio {summary['rate_ratio_chip_vs_cpp_standalone']:.3f}")
PY
