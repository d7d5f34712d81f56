# Shared by dora-bench.sh and sarr-bench.sh (sourced, not run):
#   run_bench NAME SCRIPT.py ARGS...
# Checks for root and python3, then exec's the Python harness beside this file with ARGS.
run_bench() {
  local name="$1" script="$2"
  shift 2
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  if [[ $EUID -ne 0 ]]; then
    echo "$name: needs root (network namespaces, DHCP server ports)" >&2
    exit 2
  fi
  local py
  py="$(command -v python3 || true)"
  [[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
  [[ -n "$py" ]] || { echo "$name: python3 not found" >&2; exit 2; }
  exec "$py" -B "$here/$script" "$@"
}
