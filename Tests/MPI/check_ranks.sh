#!/usr/bin/env bash
# Installs Open MPI if it is missing, builds spikeline with its MPI transport, and checks that
# `mpirun -np N spikeline run <scenario> --ranks` writes byte-identical results to one process, and
# that `bench scale --ranks` (each rank keeping only its share of the synapses) counts the same.
# Prints what the spike exchange cost per tick.
#
# usage: Tests/MPI/check_ranks.sh [--ranks N] [--scenario FILE] [--duration SECONDS] [--tests]
#   --ranks N        MPI ranks (default 2; more than this machine's cores adds --oversubscribe)
#   --scenario FILE  a chip-time network scenario (default Scenarios/cuba.json)
#   --duration S     simulated seconds (default: the scenario's)
#   --tests          also run the MPI test suites (swift test, debug) against the MPI build
# The MPI build goes to .build/mpi (SPIKELINE_MPI=1 swift build -c release --scratch-path .build/mpi),
# so the default build in .build is untouched. Needs root or sudo to install Open MPI (Debian/Ubuntu:
# libopenmpi-dev openmpi-bin pkg-config).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ranks=2 scenario=Scenarios/cuba.json duration="" tests=0
while [ $# -gt 0 ]; do
  case "$1" in
    --ranks) ranks=$2; shift 2 ;;
    --scenario) scenario=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --tests) tests=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check_ranks.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v mpirun > /dev/null || ! pkg-config --exists ompi-c 2> /dev/null; then
  echo "installing Open MPI (libopenmpi-dev, openmpi-bin, pkg-config) ..." >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libopenmpi-dev openmpi-bin pkg-config >&2
fi
echo "$(mpirun --version | head -n 1)" >&2

echo "building spikeline with SPIKELINE_MPI=1 (release, .build/mpi) ..." >&2
(cd "$root" && SPIKELINE_MPI=1 swift build -c release --scratch-path .build/mpi --product spikeline >&2)
spikeline="$root/.build/mpi/release/spikeline"

# Open MPI refuses to run as root unless told; containers often have no CMA support for shared memory.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpiflags=(-np "$ranks")
cores=$(nproc)
[ "$ranks" -gt "$cores" ] && mpiflags+=(--oversubscribe)
extra=()
[ -n "$duration" ] && extra+=(--duration "$duration")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
echo "one process: spikeline run $scenario --threads 1 ${extra[*]:-}" >&2
"$spikeline" run "$scenario" --threads 1 "${extra[@]}" --out "$work/one" > "$work/one.txt" 2> /dev/null
echo "$ranks ranks: mpirun ${mpiflags[*]} spikeline run $scenario --ranks ${extra[*]:-}" >&2
mpirun "${mpiflags[@]}" "$spikeline" run "$scenario" --ranks "${extra[@]}" --out "$work/ranked" > "$work/ranked.txt" 2> "$work/ranked.err"
grep '^ranks:' "$work/ranked.err" || true

status=0
for file in "$work/one"/*; do
  name=$(basename "$file")
  if cmp -s "$file" "$work/ranked/$name"; then
    echo "same bytes: $name"
  else
    echo "DIFFERENT: $name" >&2
    status=1
  fi
done
# Ranks that keep only their share of the synapses (bench scale) must count what one process counts.
scale=(bench scale --neurons 20000 --synapses-per-neuron 50 --duration 0.05 --json)
summary() { grep -E '^  "(synapses|spikes|synapticEvents)" :' | tr -d ' ,' | sort | tr '\n' ' '; }
one=$("$spikeline" "${scale[@]}" --threads 1 2> /dev/null | summary)
shared=$(mpirun "${mpiflags[@]}" "$spikeline" "${scale[@]}" --threads 1 --ranks 2> /dev/null | summary)
if [ "$one" = "$shared" ]; then
  echo "same counts with each rank's share of the synapses (synapses, spikes, synaptic events): $one"
else
  echo "DIFFERENT counts with synapse shares: one process $one, $ranks ranks $shared" >&2
  status=1
fi
if [ "$tests" = 1 ]; then
  echo "running the rank test suites against the MPI build (debug) ..." >&2
  SPIKELINE_MPI=1 swift test --scratch-path .build/mpi --filter "RanksCommandTests|RankExchangeTests" || status=1
fi
[ $status = 0 ] && echo "OK: $ranks MPI ranks reproduce one process byte for byte" || echo "FAILED" >&2
exit $status
