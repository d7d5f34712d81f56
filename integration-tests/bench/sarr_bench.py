#!/usr/bin/env python3
"""DHCPv6 SARR throughput: our JVM DHCPv6 host without / with the failover hook, addresses, then
addresses and prefixes.

Run it through sarr-bench.sh (root, Linux, outside CI). Standard library only. The DHCPv4
benchmark's machinery is shared, not copied: dora_bench.py's process, CPU, quiet-machine,
ladder and step code run here unchanged; this file adds the DHCPv6 topology, the hosts'
DHCPv6 configurations, perfdhcp -6's command line and report, and the report.

Variants (alternated a, b, c, d, a, b, ... per round)
  a  bin/failover-host-v6, no hook library, addresses           (perfdhcp -6 -e address-only)
  b  a bin/failover-host-v6 pair with the failover hook, addresses
  c  bin/failover-host-v6, no hook library, addresses + prefixes (perfdhcp -6 -e address-and-prefix)
  d  a bin/failover-host-v6 pair with the failover hook, addresses + prefixes

Topology (created here, deleted at exit, also on Ctrl-C / SIGTERM):
  <p>cli   bc0 fd00:99::1/64  -- veth --  bs1 fd00:99::2/64  <p>srv1
  <p>srv1  bh1 fd00:98::1/64  -- veth --  bh2 fd00:98::2/64  <p>srv2
perfdhcp -6 runs in <p>cli on bc0 (multicast from its link-local address); only the first server
has a client link, the second one receives its partner's lease updates only. Duplicate address
detection is off. Each step starts the servers afresh, as in dora_bench.py; at the end of each
step the servers are stopped and their lease journals compared (a pair's ACTIVE leases must be
the same on both, and each server must hold at least as many as REPLYs were received).
"""

import argparse
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dora_bench as d  # noqa: E402  (the shared machinery)

# The DHCPv4 report parser, kept before main() puts parse_perfdhcp6 in its place.
PARSE_PERFDHCP4 = d.parse_perfdhcp

CLI_ADDR, SRV1_ADDR = "fd00:99::1", "fd00:99::2"
HA1_ADDR, HA2_ADDR = "fd00:98::1", "fd00:98::2"
WARMUP_DUID_BASE = "00030001aa0000000000"  # warm-up clients never collide with measured ones
MODE = {"e": "address-only"}  # perfdhcp -6 -e of the variant being measured


class Topology6(d.Topology):
    def create(self):
        existing = d.run(["ip", "netns", "list"]).stdout.split()
        for ns in (self.cli, self.srv1, self.srv2):
            if ns in existing:
                raise SystemExit("network namespace %s already exists; delete it (ip netns del %s) or "
                                 "pick another --ns-prefix" % (ns, ns))
        for ns in (self.cli, self.srv1, self.srv2):
            d.run(["ip", "netns", "add", ns])
            d.NAMESPACES.append(ns)
            d.run(["ip", "-n", ns, "link", "set", "lo", "up"])
            for scope in ("all", "default"):
                d.run(["ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.%s.accept_dad=0" % scope])
        d.run(["ip", "link", "add", "bc0", "netns", self.cli, "type", "veth", "peer", "name", "bs1", "netns", self.srv1])
        d.run(["ip", "link", "add", "bh1", "netns", self.srv1, "type", "veth", "peer", "name", "bh2", "netns", self.srv2])
        for ns, dev, addr in ((self.cli, "bc0", CLI_ADDR), (self.srv1, "bs1", SRV1_ADDR),
                              (self.srv1, "bh1", HA1_ADDR), (self.srv2, "bh2", HA2_ADDR)):
            d.run(["ip", "-n", ns, "addr", "add", addr + "/64", "dev", dev])
            d.run(["ip", "-n", ns, "link", "set", dev, "up"])
        # perfdhcp -6 binds bc0's link-local address, which the kernel adds once the link is up.
        deadline = time.monotonic() + 20
        while "fe80::" not in d.run(["ip", "-n", self.cli, "-6", "addr", "show", "dev", "bc0", "scope", "link"]).stdout:
            if time.monotonic() > deadline:
                raise SystemExit("bc0 in %s got no link-local address within 20 s" % self.cli)
            time.sleep(0.1)
        d.log("namespaces %s, %s, %s created" % (self.cli, self.srv1, self.srv2))


def perfdhcp6_cmd(ns, rate, period, mac_base=None):
    """perfdhcp -6 SOLICIT / ADVERTISE / REQUEST / REPLY; mac_base set: the warm-up's DUID range."""
    cmd = ["ip", "netns", "exec", ns, "perfdhcp", "-6", "-g", d.PERFDHCP_THREADS, "-l", "bc0", "-e", MODE["e"],
           "-r", str(rate), "-p", str(period), "-W", "1000000", "-R", str(d.NUM_CLIENTS)]
    if mac_base:
        cmd += ["-b", "duid=" + WARMUP_DUID_BASE]
    return cmd


def parse_perfdhcp6(text):
    """perfdhcp -6's report under dora_bench's keys: do = SOLICIT-ADVERTISE, ra = REQUEST-REPLY."""
    return PARSE_PERFDHCP4(text, stages=(("SOLICIT-ADVERTISE", "do"), ("REQUEST-REPLY", "ra")))


class HostV6Variant(d.OurHostVariant):
    """(a, c) bin/failover-host-v6 alone, (b, d) a failover pair of it; mode: perfdhcp's -e."""

    def __init__(self, key, pair, mode, args, topo):
        super().__init__(key, pair, args, topo)
        self.mode = mode
        self.title = ("our DHCPv6 host + failover hook, pair" if pair else "our DHCPv6 host, no hook") + (
            ", addresses" if mode == "address-only" else ", addresses + prefixes")

    def config(self, name, rundir):
        primary = name == "srv1"
        own, partner = (HA1_ADDR, HA2_ADDR) if primary else (HA2_ADDR, HA1_ADDR)
        c = {"Dhcp6": {
            "server-duid": "00:01:00:01:2d:24:bd:00:00:50:56:00:00:0%d" % (1 if primary else 2),
            "listen": {"interface": "bs1", "address": SRV1_ADDR, "port": 547} if primary
            else {"interface": "bh2", "address": HA2_ADDR, "port": 547},
            "plugin-directory": self.args.plugin_dir,
            "store-directory": os.path.join(rundir, "state-" + name),
            "valid-lifetime": 7200,
            "preferred-lifetime": 3600,
            "pools": [{"name": "bench", "pool": "2001:db8:1::/96"}],
            # 65,536 /56s: the plugin mirrors a proportional pool's free prefixes into the host's
            # table (docs/host-v6.md), so the pool's size costs start-up time and memory.
            "pd-pools": [{"name": "bench-pd", "prefix": "2001:db8:100::", "prefix-len": 40, "delegated-len": 56}],
        }}
        if self.pair:
            c["Dhcp6"]["hooks-libraries"] = [{"library": self.args.plugin_jar, "parameters": {"failover": [{
                "name": "bench-v6",
                "this-server-name": "server1" if primary else "server2",
                "role": "primary" if primary else "secondary",
                "partner": {"name": "server2" if primary else "server1", "address": partner, "port": 647},
                "listen": {"address": own, "port": 647},
                "mclt": self.args.mclt,  # a fresh pair's RECOVER-WAIT and its first leases' length (dora_bench.py)
                "max-unacked-bndupd": 256,
                "startup-time": 1,
                "pools": [{"name": "bench"}, {"name": "bench-pd", "secondary-share": 50}],
            }]}}]
        return c

    def start(self, rundir):
        MODE["e"] = self.mode
        names = [("srv1", self.topo.srv1)] + ([("srv2", self.topo.srv2)] if self.pair else [])
        self.rundir, self.names = rundir, [n for n, _ in names]
        for name, ns in names:
            cfg = os.path.join(rundir, "host-%s.json" % name)
            with open(cfg, "w") as f:
                json.dump(self.config(name, rundir), f, indent=1)
            self.procs["failover-host-v6 " + name] = d.start(
                "failover-host-v6 " + name, ["ip", "netns", "exec", ns, self.launcher, "--config", cfg],
                os.path.join(rundir, name + ".out"))

    def journals(self):
        # The host's lease journal (docs/host-v6.md): the DHCPv4 host's format with IPv6 resources.
        return [os.path.join(self.rundir, "state-" + n, "host-v6-leases") for n in self.names]


def report(variants, skipped, steps, args, machine):
    lines = []
    P = lines.append
    P("### Machine and run")
    P("")
    for k, v in machine.items():
        P("* %s: %s" % (k, v))
    P("")
    P("### Saturation (median over rounds of each round's peak REPLY rate)")
    P("")
    P("| Variant | rounds | REPLY/s (median) | loss there | highest loss-free offered rate | CPU s per 1,000 SARR per process | journals |")
    P("|---|---|---|---|---|---|---|")
    medians = {}
    for v in variants:
        if v.key in skipped:
            P("| (%s) %s | skipped: %s | | | | | |" % (v.key, v.title, skipped[v.key]))
            continue
        peaks, clean = d.summarise([s for s in steps if s["variant"] == v.key], args.loss_free)
        medians[v.key] = m = d.med([p["ack_rate"] for p in peaks])
        cpu = {}
        for p in peaks:
            for proc, c in d.cpu_per_k(p).items():
                cpu.setdefault(proc, []).append(c)
        same = [s.get("lease_check", {}).get("same") for s in steps if s["variant"] == v.key and v.pair]
        P("| (%s) %s | %d | %s | %s | %s | %s | %s |" % (
            v.key, v.title, len(peaks), d.fmt(m), d.fmt(d.med([100 * p["loss"] for p in peaks]), 1, " %"),
            d.fmt(d.med([c["rate"] if c else None for c in clean])),
            ", ".join("%s %.3f" % (proc, d.med(cs)) for proc, cs in cpu.items()) or "—",
            ("pair's ACTIVE leases the same after %d of %d steps" % (sum(1 for x in same if x), len(same)))
            if v.pair else "—"))
    P("")
    for pair, alone in (("b", "a"), ("d", "c")):
        if medians.get(pair) and medians.get(alone):
            P("* %s / %s (hook pair / host alone): %.2f" % (pair, alone, medians[pair] / medians[alone]))
    P("")
    P("### Every step")
    P("")
    for s in steps:
        P("* " + d.describe_step(s))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="a,b,c,d", help="comma-separated subset of a,b,c,d (default all)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds, each running every variant once (default 3)")
    ap.add_argument("--period", type=int, default=10, help="seconds per measured perfdhcp run (default 10)")
    ap.add_argument("--start-rate", type=int, default=1000, help="first offered rate of the ladder (default 1000)")
    ap.add_argument("--max-rate", type=int, default=64000, help="highest offered rate tried (default 64000)")
    ap.add_argument("--max-steps", type=int, default=10, help="steps per variant and round (default 10)")
    ap.add_argument("--refine", type=int, default=2, help="bisection steps around the peak (default 2)")
    ap.add_argument("--loss-free", type=float, default=0.01, help="loss fraction counted as loss-free (default 0.01)")
    ap.add_argument("--warmup-seconds", type=int, default=3, help="warm-up run before each step (default 3, 0 = none)")
    ap.add_argument("--warmup-rate", type=int, default=1000, help="warm-up rate (default 1000, at most half the step's rate)")
    ap.add_argument("--idle-seconds", type=int, default=3,
                    help="seconds each server's CPU is read with no traffic before each step (default 3, 0 = off)")
    ap.add_argument("--ns-prefix", default="bench6-", help="network namespace name prefix (default bench6-)")
    ap.add_argument("--out", default=None, help="results directory (default /tmp/sarr-bench-<time>)")
    ap.add_argument("--plugin-dir", default=os.path.join(d.REPO, "plugin", "target"),
                    help="failover plugin directory for variants b and d")
    ap.add_argument("--plugin-jar", default="dhcp-failover-plugin.jar", help="failover plugin jar for variants b and d")
    ap.add_argument("--host-launcher", default=os.path.join(d.REPO, "bin", "failover-host-v6"),
                    help="our DHCPv6 host's launcher (default bin/failover-host-v6)")
    ap.add_argument("--mclt", type=int, default=30,
                    help="the pair's MCLT in seconds (default 30): a fresh pair waits one MCLT in RECOVER-WAIT, "
                         "and first leases last one MCLT, so it must exceed warm-up + measured run + settling")
    ap.add_argument("--ours-settle", type=float, default=1.0,
                    help="seconds to wait after the host started (pair: both in NORMAL) before measuring (default 1)")
    ap.add_argument("--perfdhcp-threads", choices=("single", "multi"), default="single",
                    help="perfdhcp -g (default single: less CPU taken from the servers on a small machine)")
    ap.add_argument("--quiet-wait", type=float, default=120.0,
                    help="before each step, wait up to this many seconds for other processes to go quiet (default 120)")
    ap.add_argument("--max-noise", type=float, default=0.1,
                    help="cores other processes may use during a step before it is measured again (default 0.1)")
    ap.add_argument("--time-budget", type=float, default=180.0,
                    help="minutes after which no new round starts (default 180)")
    ap.add_argument("--noise-retries", type=int, default=2, help="re-measurements of a noisy step (default 2)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root (network namespaces, port 547)")
    if args.period < 1 or args.period > 120 or args.rounds < 1 or args.rounds > 20 or args.quiet_wait > 3600:
        raise SystemExit("--period must be 1..120 s and --rounds 1..20 (every run is bounded)")
    d.PERFDHCP_THREADS = args.perfdhcp_threads
    # The shared step code calls perfdhcp through these two module functions.
    d.perfdhcp_cmd = perfdhcp6_cmd
    d.parse_perfdhcp = parse_perfdhcp6

    outdir = args.out or os.path.join("/tmp", "sarr-bench-" + time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(outdir, exist_ok=True)
    topo = Topology6(args.ns_prefix)
    all_variants = [HostV6Variant("a", False, "address-only", args, topo),
                    HostV6Variant("b", True, "address-only", args, topo),
                    HostV6Variant("c", False, "address-and-prefix", args, topo),
                    HostV6Variant("d", True, "address-and-prefix", args, topo)]
    wanted = [k.strip() for k in args.variants.split(",") if k.strip()]
    variants = [v for v in all_variants if v.key in wanted]
    skipped = {}
    for v in variants:
        r = v.skip_reason()
        if r:
            skipped[v.key] = r
            d.log("variant (%s) %s skipped: %s" % (v.key, v.title, r))

    def on_signal(signum, frame):
        raise SystemExit("interrupted by signal %d" % signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    machine = {"CPU count": os.cpu_count(), "load average at start": load,
               "steps": "perfdhcp -6 -g %s -p %d -W 1000000 -R %d per step, warm-up %d s, fresh servers per step, "
                        "ladder from %d/s doubling, %d refinement steps" % (
                            args.perfdhcp_threads, args.period, d.NUM_CLIENTS, args.warmup_seconds, args.start_rate,
                            args.refine),
               "command": "integration-tests/bench/sarr-bench.sh " + " ".join(sys.argv[1:])}
    steps = []
    t_start = time.monotonic()
    stopped_early = None
    try:
        topo.create()
        for rnd in range(1, args.rounds + 1):
            if rnd > 1 and time.monotonic() - t_start > 60 * args.time_budget:
                stopped_early = "time budget of %g min used up after %d rounds" % (args.time_budget, rnd - 1)
                d.log(stopped_early)
                break
            for v in variants:
                if v.key in skipped:
                    continue
                d.log("round %d/%d, variant (%s) %s" % (rnd, args.rounds, v.key, v.title))
                d.ladder(v, rnd, args, topo, outdir, steps)
                with open(os.path.join(outdir, "steps.json"), "w") as f:
                    json.dump({"machine": machine, "steps": steps, "discarded": d.DISCARDED}, f, indent=1)
    except SystemExit as e:
        stopped_early = "interrupted (%s) in round %d" % (e, max([s["round"] for s in steps], default=0))
    finally:
        d.stop_all_started()
        d.delete_namespaces()
    machine["rounds completed"] = "%d%s" % (len({s["round"] for s in steps}), "; " + stopped_early if stopped_early else "")
    machine["wall time"] = "%.1f min" % ((time.monotonic() - t_start) / 60)
    md = report(variants, skipped, steps, args, machine)
    with open(os.path.join(outdir, "report.md"), "w") as f:
        f.write(md)
    print(md)
    d.log("raw results: %s (steps.json, report.md, one directory per step with configs, logs, perfdhcp output)" % outdir)
    if stopped_early and stopped_early.startswith("interrupted"):
        sys.exit(130)


if __name__ == "__main__":
    main()
