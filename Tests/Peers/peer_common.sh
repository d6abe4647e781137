# Sourced by the Tests/Peers/compare_*.sh scripts: what every peer comparison sets up the same way.
# Defines $here (this folder) and $root (the package), and:
#   peer_venv NAME "IMPORTS" PIP-ARGUMENTS...
#       sets $venv to SPIKELINE_PEER_VENV or Tests/Peers/.venv-NAME and, unless its Python already
#       imports IMPORTS (comma-separated modules), creates it and pip-installs PIP-ARGUMENTS into it.
#   peer_spikeline [BINARY]
#       sets $spikeline to BINARY, or builds the release product and takes .build/release/spikeline.
#   peer_workdir
#       sets $work to a temporary folder removed when the script exits.
#   peer_pin THREADS
#       sets the array $pin to the command prefix that runs a THREADS-thread measurement: for one
#       thread, `taskset -c CPU` with CPU = SPIKELINE_PEER_CPU (default 0; "none" leaves the choice
#       to the scheduler), so both programs of a comparison run on the same CPU (the vCPUs of a
#       virtual machine can run at different speeds, and an unpinned run lands on either); otherwise
#       nothing. Run as ${pin[@]+"${pin[@]}"} COMMAND.
# Nothing here is needed by the build or by `swift test`.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

peer_venv() {
  local name=$1 imports=$2
  shift 2
  venv=${SPIKELINE_PEER_VENV:-$here/.venv-$name}
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import $imports" 2> /dev/null; then
    echo "creating $venv with $* ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "$@" >&2
  fi
}

peer_spikeline() {
  if [ -n "${1:-}" ]; then
    spikeline=$1
    return
  fi
  echo "building spikeline (release) ..." >&2
  (cd "$root" && swift build -c release --product spikeline >&2)
  spikeline="$root/.build/release/spikeline"
}

peer_workdir() {
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
}

peer_pin() {
  pin=()
  local cpu=${SPIKELINE_PEER_CPU:-0}
  if [ "$1" = 1 ] && [ "$cpu" != none ] && command -v taskset > /dev/null; then
    pin=(taskset -c "$cpu")
  fi
}
