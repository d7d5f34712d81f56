#!/usr/bin/env bash
# DHCPv4 DORA benchmark: our JVM host without / with the failover hook (a, b) and ISC Kea 2.2
# single / hot-standby HA pair (c, d). Runs outside CI (root, network namespaces, perfdhcp).
# Everything happens in dora_bench.py (Python 3, standard library only): it creates the network
# namespaces, starts and stops every process it uses (by PID) and deletes the namespaces on exit,
# also on Ctrl-C / SIGTERM. Options: dora-bench.sh --help. See README.md beside this file.
set -euo pipefail
# shellcheck source=bench-lib.bash
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.bash"
run_bench dora-bench.sh dora_bench.py "$@"
