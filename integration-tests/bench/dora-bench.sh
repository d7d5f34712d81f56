#!/usr/bin/env bash
# DHCPv4 DORA benchmark: our JVM host without / with the failover hook (a, b) and ISC Kea 2.2
# single / hot-standby HA pair (c, d). Runs outside CI (root, network namespaces, perfdhcp).
# Everything happens in dora_bench.py (Python 3, standard library only): it creates the network
# namespaces, starts and stops every process it uses (by PID) and deletes the namespaces on exit,
# also on Ctrl-C / SIGTERM. Options: dora-bench.sh --help. See README.md beside this file.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $EUID -ne 0 ]]; then
  echo "dora-bench.sh: needs root (network namespaces, DHCP port 67)" >&2
  exit 2
fi
py="$(command -v python3 || true)"
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
[[ -n "$py" ]] || { echo "dora-bench.sh: python3 not found" >&2; exit 2; }
exec "$py" -B "$here/dora_bench.py" "$@"
