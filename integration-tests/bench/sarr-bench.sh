#!/usr/bin/env bash
# DHCPv6 SARR benchmark: our JVM DHCPv6 host without / with the failover hook, addresses (a, b),
# then addresses and prefixes (c, d). Runs outside CI (root, network namespaces, perfdhcp -6).
# Everything happens in sarr_bench.py, which shares dora_bench.py's machinery (processes by PID,
# CPU accounting, quiet-machine waits, the rate ladder): it creates the network namespaces and
# deletes them on exit, also on Ctrl-C / SIGTERM. Options: sarr-bench.sh --help. See README.md.
set -euo pipefail
# shellcheck source=bench-lib.bash
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.bash"
run_bench sarr-bench.sh sarr_bench.py "$@"
