#!/usr/bin/env python3
"""DHCPv4 DORA throughput: our JVM host without / with the failover hook, ISC Kea single / HA.

Run it through dora-bench.sh (root, Linux, outside CI). Standard library only.

Variants
  a  bin/failover-host-v4, no hook library            (skipped if the launcher is missing)
  b  bin/failover-host-v4 pair with the failover hook  (skipped if launcher or plugin jar is missing)
  c  one ISC Kea 2.2 kea-dhcp4
  d  a Kea 2.2 hot-standby HA pair (libdhcp_ha.so + libdhcp_lease_cmds.so)

Topology (created here, deleted at exit, also on Ctrl-C / SIGTERM):
  <p>cli   bc0 10.99.0.1/24  -- veth --  bs1 10.99.0.2/24  <p>srv1
  <p>srv1  bh1 10.98.0.1/24  -- veth --  bh2 10.98.0.2/24  <p>srv2
perfdhcp runs in <p>cli as a relay (giaddr 10.99.0.1, its port 67) and sends to 10.99.0.2:67,
the first server. The second server of a pair talks to the first over 10.98.0.0/24 only.

Each measured step starts the variant's servers afresh (empty lease files), warms them up with
clients of another MAC range, runs one bounded perfdhcp run at a fixed offered rate, waits until
the lease files stop changing, reads CPU times and the servers' counters, stops the servers and
compares the partners' lease files. Per variant and round the offered rate doubles until the
ACK rate stops rising, then two bisection steps refine the peak. Rounds alternate the variants
(a, b, c, d, a, b, c, d, ...).
"""

import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
KEA_DIR = os.path.join(HERE, "kea")
KEA_HOOKS = "/usr/lib/x86_64-linux-gnu/kea/hooks"
CLK_TCK = os.sysconf("SC_CLK_TCK")

CLI_ADDR, SRV1_ADDR = "10.99.0.1", "10.99.0.2"
HA1_ADDR, HA2_ADDR = "10.98.0.1", "10.98.0.2"
MEASURED_MAC_BASE = None  # perfdhcp's default base 00:0c:01:02:03:04
WARMUP_MAC_BASE = "00:0c:aa:00:00:00"  # warm-up clients never collide with measured ones
NUM_CLIENTS = 1000000  # perfdhcp numbers clients sequentially from the base: one run < 1e6 DORAs

DISCARDED = []  # steps measured again because other processes were busy meanwhile
STARTED = {}  # pid -> (description, Popen): every process this script started, for cleanup
NAMESPACES = []  # namespaces this script created


def log(msg):
    print("[%s] %s" % (datetime.datetime.now().strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def run(cmd, check=True, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stdout.strip()))
    return r


# ---------------------------------------------------------------- namespaces


class Topology:
    def __init__(self, prefix):
        self.cli, self.srv1, self.srv2 = prefix + "cli", prefix + "srv1", prefix + "srv2"

    def create(self):
        existing = run(["ip", "netns", "list"]).stdout.split()
        for ns in (self.cli, self.srv1, self.srv2):
            if ns in existing:
                raise SystemExit("network namespace %s already exists; delete it (ip netns del %s) or "
                                 "pick another --ns-prefix" % (ns, ns))
        for ns in (self.cli, self.srv1, self.srv2):
            run(["ip", "netns", "add", ns])
            NAMESPACES.append(ns)
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
        run(["ip", "link", "add", "bc0", "netns", self.cli, "type", "veth", "peer", "name", "bs1", "netns", self.srv1])
        run(["ip", "link", "add", "bh1", "netns", self.srv1, "type", "veth", "peer", "name", "bh2", "netns", self.srv2])
        for ns, dev, addr in ((self.cli, "bc0", CLI_ADDR), (self.srv1, "bs1", SRV1_ADDR),
                              (self.srv1, "bh1", HA1_ADDR), (self.srv2, "bh2", HA2_ADDR)):
            run(["ip", "-n", ns, "addr", "add", addr + "/24", "dev", dev])
            run(["ip", "-n", ns, "link", "set", dev, "up"])
        # Kea opens no socket on an interface that is not RUNNING yet (and does not retry).
        deadline = time.monotonic() + 10
        for ns, dev in ((self.cli, "bc0"), (self.srv1, "bs1"), (self.srv1, "bh1"), (self.srv2, "bh2")):
            while "LOWER_UP" not in run(["ip", "-n", ns, "-o", "link", "show", "dev", dev]).stdout:
                if time.monotonic() > deadline:
                    raise SystemExit("veth %s in %s did not come up" % (dev, ns))
                time.sleep(0.05)
        log("namespaces %s, %s, %s created" % (self.cli, self.srv1, self.srv2))


def delete_namespaces():
    while NAMESPACES:
        ns = NAMESPACES.pop()
        run(["ip", "netns", "del", ns], check=False)  # deletes its veth ends too
        log("namespace %s deleted" % ns)


# ---------------------------------------------------------------- processes


def start(desc, cmd, log_path, env=None):
    f = open(log_path, "ab")
    p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    f.close()
    STARTED[p.pid] = (desc, p)
    return p


def stop(p, grace=10.0):
    """SIGTERM to the process we started (by PID), SIGKILL after grace seconds."""
    if p.poll() is None:
        try:
            os.kill(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait(5)
    STARTED.pop(p.pid, None)
    return p.returncode


def stop_all_started():
    for pid, (desc, p) in list(STARTED.items()):
        log("stopping %s (pid %d)" % (desc, pid))
        stop(p, grace=5.0)


def cpu_snapshot():
    """pid -> (ppid, utime+stime+cutime+cstime, utime+stime; in ticks) of every process now."""
    procs = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        procs[int(d)] = (int(fields[1]), sum(int(x) for x in fields[11:15]), int(fields[11]) + int(fields[12]))
    return procs


def descendants(procs, roots):
    out, todo = set(), list(roots)
    while todo:
        q = todo.pop()
        if q in out:
            continue
        out.add(q)
        todo.extend(c for c, v in procs.items() if v[0] == q)
    return out


def foreign_cpu_seconds(before, after, mine):
    """CPU that processes other than ours (and this script's children) used between two snapshots."""
    # Kernel threads (children of kthreadd, pid 2) are left out: ksoftirqd carries our own veth
    # traffic under load.
    own = descendants(after, list(mine) + [2]) | descendants(before, list(mine) + [2])
    # Own time only (no cutime / cstime): a parent reaping a child would count the child's whole
    # life again.
    t = 0
    for pid, v in after.items():
        if pid in own:
            continue
        t += v[2] - before[pid][2] if pid in before else v[2]
    return t / CLK_TCK


def wait_quiet(limit=60.0, threshold=0.15, window=3):
    """Wait (at most `limit` s) until other processes used less than `threshold` of a core in each
    of `window` consecutive seconds. Returns the cores they used in the last second."""
    t0, quiet = time.monotonic(), 0
    while True:
        a = cpu_snapshot()
        time.sleep(1.0)
        busy = foreign_cpu_seconds(a, cpu_snapshot(), [os.getpid()])
        quiet = quiet + 1 if busy < threshold else 0
        if quiet >= window or time.monotonic() - t0 > limit:
            return busy


def tree_cpu_seconds(pid):
    """utime+stime+cutime+cstime of pid and its live descendants (a launcher script's java too)."""
    procs = cpu_snapshot()
    return sum(procs[q][1] for q in descendants(procs, [pid]) if q in procs) / CLK_TCK


# ---------------------------------------------------------------- perfdhcp


def parse_perfdhcp(text, stages=(("DISCOVER-OFFER", "do"), ("REQUEST-ACK", "ra"))):
    """perfdhcp's report: its 4-way rate and, per exchange stage, packets sent / received / dropped and delays."""
    out = {}
    m = re.search(r"Rate: ([0-9.]+) 4-way", text)
    out["perfdhcp_rate"] = float(m.group(1)) if m else None
    for stage, key in stages:
        m = re.search(r"Statistics for: %s\*\*\*(.*?)(?:\*\*\*|\Z)" % stage, text, re.S)
        block = m.group(1) if m else ""

        def num(label, cast=int):
            mm = re.search(r"^%s: ([0-9.]+)" % re.escape(label), block, re.M)
            return cast(mm.group(1)) if mm else None

        out[key + "_sent"] = num("sent packets")
        out[key + "_recv"] = num("received packets")
        out[key + "_drops"] = num("drops")
        out[key + "_orphans"] = num("orphans")
        out[key + "_avg_ms"] = num("avg delay", float)
        out[key + "_max_ms"] = num("max delay", float)
    return out


PERFDHCP_THREADS = "single"


def perfdhcp_cmd(ns, rate, period, mac_base=None):
    # -g single: on 2 cores perfdhcp's receiver thread (-g multi, its default there) costs about
    # a third more CPU, taken from the servers under test.
    cmd = ["ip", "netns", "exec", ns, "perfdhcp", "-4", "-g", PERFDHCP_THREADS, "-l", CLI_ADDR, "-r", str(rate), "-p", str(period),
           "-W", "1000000", "-R", str(NUM_CLIENTS)]
    if mac_base:
        cmd += ["-b", "mac=" + mac_base]
    return cmd + [SRV1_ADDR]


def run_perfdhcp(ns, rate, period, out_path, mac_base=None):
    """One bounded perfdhcp run; returns (parsed output, its own CPU seconds, exit code)."""
    cmd = perfdhcp_cmd(ns, rate, period, mac_base)
    with open(out_path, "w") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
        STARTED[p.pid] = ("perfdhcp", p)
        deadline = time.monotonic() + period + 30
        status, usage = None, None
        while status is None:
            wpid, st, ru = os.wait4(p.pid, os.WNOHANG)
            if wpid:
                status, usage = st, ru
                break
            if time.monotonic() > deadline:
                log("perfdhcp overran %d s: killing pid %d" % (period + 30, p.pid))
                os.kill(p.pid, signal.SIGKILL)
                _, status, usage = os.wait4(p.pid, 0)
                break
            time.sleep(0.05)
        p.returncode = os.waitstatus_to_exitcode(status)
        STARTED.pop(p.pid, None)
    with open(out_path) as f:
        parsed = parse_perfdhcp(f.read())
    return parsed, usage.ru_utime + usage.ru_stime, p.returncode


# ---------------------------------------------------------------- Kea


def kea_command(sock_path, command, timeout=5.0, **arguments):
    msg = {"command": command}
    if arguments:
        msg["arguments"] = arguments
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(sock_path)
        s.sendall(json.dumps(msg).encode())
        buf = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            buf += d
            try:
                return json.loads(buf)
            except ValueError:
                continue
        return json.loads(buf)
    finally:
        s.close()


def load_template(name, **subst):
    with open(os.path.join(KEA_DIR, name)) as f:
        text = "".join(line for line in f if not line.lstrip().startswith("#"))
    for k, v in subst.items():
        text = text.replace("@%s@" % k, v)
    return json.loads(text)


def lease_file_state(path):
    """Final state per address (memfile appends one row per change; the last row wins)."""
    leases = {}
    if not os.path.exists(path):
        return leases
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            leases[row["address"]] = (row["hwaddr"], row["client_id"], row["valid_lifetime"], row["expire"],
                                      row["subnet_id"], row["state"])
    return leases


def wait_files_stable(paths, quiet=1.0, limit=30.0):
    """Wait until none of the files changed size for `quiet` seconds (at most `limit`)."""
    t0 = time.monotonic()
    last, since = None, time.monotonic()
    while time.monotonic() - t0 < limit:
        sizes = tuple(os.path.getsize(p) if os.path.exists(p) else -1 for p in paths)
        if sizes != last:
            last, since = sizes, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return time.monotonic() - t0
        time.sleep(0.1)
    return None


class KeaVariant:
    """(c) one kea-dhcp4, or (d) a hot-standby HA pair."""

    def __init__(self, key, ha, args, topo):
        self.key, self.ha, self.args, self.topo = key, ha, args, topo
        self.title = ("Kea 2.2 hot-standby HA pair" if ha else "Kea 2.2 single kea-dhcp4")
        self.procs = {}

    def skip_reason(self):
        for b in ("kea-dhcp4", "perfdhcp") + (("kea-ctrl-agent",) if self.ha and self.args.kea_ha_transport == "ctrl-agent" else ()):
            if not shutil.which(b):
                return "%s not installed" % b
        if self.ha:
            for lib in ("libdhcp_ha.so", "libdhcp_lease_cmds.so"):
                if not os.path.exists(os.path.join(KEA_HOOKS, lib)):
                    return "%s missing in %s" % (lib, KEA_HOOKS)
        return None

    def _config(self, name, rundir):
        c = load_template(name, RUN_DIR=rundir)
        d = c["Dhcp4"]
        st = self.args.kea_ha_transport == "ctrl-agent"
        if st:
            d["multi-threading"] = {"enable-multi-threading": False}
        if self.args.kea_parked_packet_limit is not None:
            d["parked-packet-limit"] = self.args.kea_parked_packet_limit
        for h in d.get("hooks-libraries", []):
            for ha in h.get("parameters", {}).get("high-availability", []):
                if st:
                    ha["multi-threading"] = {"enable-multi-threading": False}
                    for p in ha["peers"]:
                        p["url"] = p["url"].replace(":8001/", ":8000/")
        return c

    def start(self, rundir):
        env = dict(os.environ, KEA_PIDFILE_DIR=rundir, KEA_LOCKFILE_DIR=rundir)
        servers = ([("srv1", self.topo.srv1, "kea-dhcp4-ha-primary.json", HA1_ADDR),
                    ("srv2", self.topo.srv2, "kea-dhcp4-ha-standby.json", HA2_ADDR)] if self.ha
                   else [("srv1", self.topo.srv1, "kea-dhcp4-single.json", None)])
        self.socks, self.lease_files = [], []
        for name, ns, tmpl, ha_addr in servers:
            cfg = os.path.join(rundir, "kea-%s.json" % name)
            with open(cfg, "w") as f:
                json.dump(self._config(tmpl, rundir), f, indent=1)
            self.socks.append(os.path.join(rundir, name + ".sock"))
            self.lease_files.append(os.path.join(rundir, "leases-%s.csv" % name))
            self.procs["kea-dhcp4 " + name] = start("kea-dhcp4 " + name, ["ip", "netns", "exec", ns, "kea-dhcp4", "-c", cfg],
                                                    os.path.join(rundir, name + ".out"), env)
            if self.ha and self.args.kea_ha_transport == "ctrl-agent":
                ca = load_template("kea-ctrl-agent.json", RUN_DIR=rundir, HA_ADDRESS=ha_addr,
                                   SOCKET=self.socks[-1], NAME=name)
                ca_cfg = os.path.join(rundir, "ca-%s.json" % name)
                with open(ca_cfg, "w") as f:
                    json.dump(ca, f, indent=1)
                self.procs["kea-ctrl-agent " + name] = start(
                    "kea-ctrl-agent " + name, ["ip", "netns", "exec", ns, "kea-ctrl-agent", "-c", ca_cfg],
                    os.path.join(rundir, "ca-%s.out" % name), env)

    def ha_states(self):
        states = []
        for s in self.socks:
            try:
                r = kea_command(s, "ha-heartbeat")
                r = r[0] if isinstance(r, list) else r
                states.append(r.get("arguments", {}).get("state", "?"))
            except (OSError, ValueError) as e:
                states.append("no answer (%s)" % e.__class__.__name__)
        return states

    def wait_ready(self, limit=60.0):
        t0 = time.monotonic()
        while time.monotonic() - t0 < limit:
            for desc, p in self.procs.items():
                if p.poll() is not None:
                    return "%s exited with %s" % (desc, p.returncode)
            try:
                if self.ha:
                    if self.ha_states() == ["hot-standby", "hot-standby"]:
                        return None
                else:
                    if kea_command(self.socks[0], "version-get").get("result") == 0:
                        return None
            except (OSError, ValueError):
                pass
            time.sleep(0.25)
        return "not ready after %.0f s (HA states %s)" % (limit, self.ha_states() if self.ha else "-")

    def pids(self):
        return {desc: p.pid for desc, p in self.procs.items()}

    def settle(self):
        return wait_files_stable(self.lease_files)

    def counters(self):
        out = {}
        for name, s in zip(("srv1", "srv2"), self.socks):
            try:
                a = kea_command(s, "statistic-get-all").get("arguments", {})
            except (OSError, ValueError):
                continue
            for k in ("pkt4-received", "pkt4-receive-drop", "pkt4-ack-sent", "pkt4-offer-sent",
                      "pkt4-request-received", "cumulative-assigned-addresses"):
                if k in a and a[k]:
                    out["%s %s" % (name, k)] = a[k][0][0]
        if self.ha:
            out["ha-states-after"] = self.ha_states()
        return out

    def stop(self):
        for desc in reversed(list(self.procs)):
            stop(self.procs[desc])
        self.procs = {}

    def lease_check(self):
        states = [lease_file_state(p) for p in self.lease_files]
        res = {"leases": [len(s) for s in states]}
        if self.ha:
            a, b = states
            only_a = sum(1 for k in a if k not in b)
            only_b = sum(1 for k in b if k not in a)
            differ = sum(1 for k in a if k in b and a[k] != b[k])
            res.update(same=(only_a == 0 and only_b == 0 and differ == 0),
                       only_primary=only_a, only_standby=only_b, differing=differ)
        return res


# ---------------------------------------------------------------- our host (variants a, b)


class OurHostVariant:
    """(a) bin/failover-host-v4 alone, (b) a failover pair of it.

    What may need adjusting when the host lands: config() (keys of docs/configuration.md, Dhcp4
    part), wait_ready() (readiness signal), lease_check() (reads the host's lease journal,
    <store-directory>/host-v4-leases, format of docs/host-v4.md).
    """

    def __init__(self, key, pair, args, topo):
        self.key, self.pair, self.args, self.topo = key, pair, args, topo
        self.title = "our host + failover hook, pair" if pair else "our host, no hook"
        self.launcher = args.host_launcher
        self.procs = {}

    def skip_reason(self):
        if not os.access(self.launcher, os.X_OK):
            return "%s not found or not executable (--host-launcher)" % os.path.relpath(self.launcher, REPO)
        if self.pair and not os.path.exists(os.path.join(self.args.plugin_dir, self.args.plugin_jar)):
            return "failover plugin jar %s not found in %s (--plugin-dir / --plugin-jar)" % (
                self.args.plugin_jar, self.args.plugin_dir)
        return None

    def config(self, name, rundir):
        primary = name == "srv1"
        own, partner = (HA1_ADDR, HA2_ADDR) if primary else (HA2_ADDR, HA1_ADDR)
        c = {"Dhcp4": {
            "server-address": SRV1_ADDR if primary else HA2_ADDR,
            # The secondary has no client link, as Kea's standby: clients reach only the primary.
            "listen": {"interface": "bs1", "address": SRV1_ADDR, "port": 67} if primary
            else {"interface": "bh2", "address": HA2_ADDR, "port": 67},
            "plugin-directory": self.args.plugin_dir,
            "store-directory": os.path.join(rundir, "state-" + name),
            "valid-lifetime": 7200,
            # Same addresses as Kea's pool; perfdhcp's giaddr is 10.99.0.1.
            "pools": [{"name": "bench", "pool": "10.64.0.10 - 10.79.255.250"}],
        }}
        if self.pair:
            c["Dhcp4"]["hooks-libraries"] = [{"library": self.args.plugin_jar, "parameters": {"failover": [{
                "name": "bench-v4",
                "this-server-name": "server1" if primary else "server2",
                "role": "primary" if primary else "secondary",
                "partner": {"name": "server2" if primary else "server1", "address": partner, "port": 647},
                "listen": {"address": own, "port": 647},
                # A fresh pair (no stored state) goes STARTUP -> RECOVER -> RECOVER-WAIT and serves
                # new clients only from NORMAL, one MCLT later (RFC 8156 section 8): the smallest
                # MCLT (30 s, the default of --mclt) keeps that wait short. First leases then last
                # one MCLT: with a long warm-up, raise --mclt so that the warm-up's leases do not
                # expire (on both servers, with an EXPIRED BNDUPD each way) during the measured run.
                "mclt": self.args.mclt,
                "max-unacked-bndupd": 256,
                "startup-time": 1,
                # independent: no POOLREQ hand-over of half a million free addresses at start.
                "pools": [{"name": "bench", "allocation": "independent"}],
            }]}}]
        return c

    def start(self, rundir):
        names = [("srv1", self.topo.srv1)] + ([("srv2", self.topo.srv2)] if self.pair else [])
        self.rundir, self.names = rundir, [n for n, _ in names]
        for name, ns in names:
            cfg = os.path.join(rundir, "host-%s.json" % name)
            with open(cfg, "w") as f:
                json.dump(self.config(name, rundir), f, indent=1)
            self.procs["failover-host-v4 " + name] = start(
                "failover-host-v4 " + name, ["ip", "netns", "exec", ns, self.launcher, "--config", cfg],
                os.path.join(rundir, name + ".out"))

    def wait_ready(self, limit=None):
        """The host's HOST_STARTED line on every server; for the pair, FO_STATE_CHANGED ... -> NORMAL
        on both (the log IDs of docs/operations.md)."""
        limit = limit or (self.args.mclt + 60 if self.pair else 60)
        t0 = time.monotonic()
        outs = [os.path.join(self.rundir, n + ".out") for n in self.names]
        while time.monotonic() - t0 < limit:
            for desc, p in self.procs.items():
                if p.poll() is not None:
                    return "%s exited with %s" % (desc, p.returncode)
            texts = []
            for o in outs:
                with open(o, errors="replace") as f:
                    texts.append(f.read())
            started = all("HOST_STARTED" in t for t in texts)
            normal = all(re.search(r"FO_STATE_CHANGED .*-> NORMAL", t) for t in texts) if self.pair else True
            if started and normal:
                time.sleep(self.args.ours_settle)
                return None
            time.sleep(0.25)
        return "not ready after %.0f s (%s)" % (limit, "no HOST_STARTED" if not started else "pair not in NORMAL")

    def pids(self):
        return {desc: p.pid for desc, p in self.procs.items()}

    def journals(self):
        # The host's lease journal (docs/host-v4.md): one text line per lease change.
        return [os.path.join(self.rundir, "state-" + n, "host-v4-leases") for n in self.names]

    def settle(self):
        return wait_files_stable(self.journals())

    def counters(self):
        return {}

    def stop(self):
        for desc in reversed(list(self.procs)):
            stop(self.procs[desc])
        self.procs = {}

    def lease_check(self):
        """Final state per address from each server's journal: 'L addr state kind iaid duid ... crc'
        records a lease, 'D addr crc' its removal; the last line per address wins."""
        states = []
        for path in self.journals():
            final = {}
            if os.path.exists(path):
                with open(path) as f:
                    for line in f:
                        w = line.split()
                        if not w or w[0].startswith("#"):
                            continue
                        if w[0] == "L" and len(w) >= 6:
                            final[w[1]] = (w[2], w[5])
                        elif w[0] == "D" and len(w) >= 2:
                            final.pop(w[1], None)
            states.append({a: v for a, v in final.items() if v[0] == "ACTIVE"})
        res = {"leases": [len(x) for x in states]}
        if self.pair:
            a, b = states
            res.update(same=(a == b), only_primary=sum(1 for k in a if k not in b),
                       only_standby=sum(1 for k in b if k not in a),
                       differing=sum(1 for k in a if k in b and a[k] != b[k]))
        return res


# ---------------------------------------------------------------- measurement


def measure_step(variant, rate, rnd, args, topo, outdir, attempt=0):
    rundir = os.path.join(outdir, "r%d-%s-%d%s" % (rnd, variant.key, rate, "-retry%d" % attempt if attempt else ""))
    os.makedirs(rundir)
    step = {"round": rnd, "variant": variant.key, "rate": rate, "period": args.period, "dir": rundir}
    busy = wait_quiet(limit=args.quiet_wait)
    if busy >= 0.15:
        log("machine not quiet: other processes use %.2f cores; measuring anyway (recorded)" % busy)
    try:
        variant.start(rundir)
        err = variant.wait_ready()
        if err:
            step["error"] = err
            return step
        if args.warmup_seconds > 0:
            # Never above half the measured rate: the warm-up must not overload what it warms up.
            step["warmup_rate"] = wr = max(1, min(args.warmup_rate, rate // 2))
            w, _, _ = run_perfdhcp(topo.cli, wr, args.warmup_seconds,
                                   os.path.join(rundir, "perfdhcp-warmup.out"), WARMUP_MAC_BASE)
            step["warmup_acks"] = w["ra_recv"]
            if not w["ra_recv"]:
                step["error"] = "no ACK during the warm-up (server not answering), see %s" % rundir
                return step
            variant.settle()
        pids = variant.pids()
        if args.idle_seconds > 0:
            # What each process costs with no traffic at all (timers, heartbeats, polling threads).
            i0 = {d: tree_cpu_seconds(p) for d, p in pids.items()}
            time.sleep(args.idle_seconds)
            step["idle_cores"] = {d: (tree_cpu_seconds(p) - i0[d]) / args.idle_seconds for d, p in pids.items()}
        snap0 = cpu_snapshot()
        cpu0 = {d: tree_cpu_seconds(p) for d, p in pids.items()}
        t0 = time.monotonic()
        pd, pd_cpu, rc = run_perfdhcp(topo.cli, rate, args.period, os.path.join(rundir, "perfdhcp.out"),
                                      MEASURED_MAC_BASE)
        step["settle_s"] = variant.settle()
        step["wall_s"] = time.monotonic() - t0
        cpu1 = {d: tree_cpu_seconds(p) for d, p in pids.items()}
        step["other_cpu_s"] = foreign_cpu_seconds(snap0, cpu_snapshot(), [os.getpid()] + list(pids.values()))
        step.update(pd)
        step["perfdhcp_rc"] = rc
        step["cpu"] = {d: cpu1[d] - cpu0[d] for d in pids}
        step["cpu"]["perfdhcp"] = pd_cpu
        step["counters"] = variant.counters()
        if pd["do_sent"] is None or pd["ra_recv"] is None:
            step["error"] = "perfdhcp output not understood (exit %s), see %s" % (rc, rundir)
            return step
        step["sent_rate"] = pd["do_sent"] / args.period
        step["ack_rate"] = pd["ra_recv"] / args.period
        step["loss"] = 1.0 - pd["ra_recv"] / pd["do_sent"] if pd["do_sent"] else 1.0
        if not pd["ra_recv"]:
            step["error"] = "no ACK at all, see %s" % rundir
    except Exception as e:  # noqa: BLE001 - a step's failure is reported, the run goes on
        step["error"] = "%s: %s" % (e.__class__.__name__, e)
    finally:
        variant.stop()
        try:
            step["lease_check"] = lc = variant.lease_check()
            # Every ACKed client must hold a lease on every server (Kea HA: the primary sends the
            # ACK only after the standby acknowledged the lease update).
            acked = (step.get("warmup_acks") or 0) + (step.get("ra_recv") or 0)
            if lc.get("leases"):
                lc["acked"] = acked
                lc["cover_acks"] = all(n >= acked for n in lc["leases"])
        except Exception as e:  # noqa: BLE001
            step["lease_check"] = {"error": str(e)}
    return step


def describe_step(s):
    if "error" in s:
        return "%s r%d offered %6d/s: ERROR %s" % (s["variant"], s["round"], s["rate"], s["error"])
    lc = s.get("lease_check", {})
    same = "" if "same" not in lc else (" files same" if lc["same"] else
                                        " FILES DIFFER (only primary %d, only standby %d, differing %d)" % (
                                            lc["only_primary"], lc["only_standby"], lc["differing"]))
    ha = s.get("counters", {}).get("ha-states-after")
    return ("%s r%d offered %6d/s sent %8.0f/s ACK %8.0f/s loss %5.1f%% RA avg %.1f ms leases %s%s%s cpu %s" % (
        s["variant"], s["round"], s["rate"], s["sent_rate"], s["ack_rate"], 100 * s["loss"], s["ra_avg_ms"] or 0,
        lc.get("leases"), same, (" HA %s" % ha) if ha else "",
        ", ".join("%s %.2f s" % (k, v) for k, v in s["cpu"].items())) + (
        ", other processes %.2f s" % s["other_cpu_s"] if "other_cpu_s" in s else ""))


def ladder(variant, rnd, args, topo, outdir, steps_out):
    steps = []

    def do(rate):
        attempts = []
        for attempt in range(args.noise_retries + 1):
            s = measure_step(variant, rate, rnd, args, topo, outdir, attempt)
            log(describe_step(s))
            attempts.append(s)
            noisy = s.get("other_cpu_s", 0) > args.max_noise * (s.get("wall_s") or args.period)
            if not noisy or "error" in s:
                break
            if attempt < args.noise_retries:
                log("other processes used %.1f CPU s during that step: measuring again" % s["other_cpu_s"])
        # Keep the attempt other processes disturbed least; the others are reported as discarded.
        s = min(attempts, key=lambda x: (0 if "error" in x else 1, x.get("other_cpu_s", 0))) \
            if "error" not in attempts[-1] else attempts[-1]
        DISCARDED.extend(x for x in attempts if x is not s)
        s["attempts"] = len(attempts)
        steps.append(s)
        steps_out.append(s)
        return s

    best, rate = None, args.start_rate
    # Up: double the offered rate until the ACK rate rises by less than 5 %.
    while len(steps) < args.max_steps and rate <= args.max_rate:
        s = do(rate)
        if "error" in s:
            break
        if best is not None and s["ack_rate"] < best["ack_rate"] * 1.05:
            if s["ack_rate"] > best["ack_rate"]:
                best = s
            break
        best = s
        rate *= 2
    if best is None:
        return steps
    # Down: if even the first rate lost more than the loss-free share, halve it (3 times at most).
    rate, down = min(s["rate"] for s in steps), 0
    while (not any("error" not in s and s["loss"] <= args.loss_free for s in steps)
           and rate >= 250 and down < 3 and len(steps) < args.max_steps):
        rate, down = rate // 2, down + 1
        s = do(rate)
        if "error" in s:
            break
        if s["ack_rate"] > best["ack_rate"]:
            best = s
    # Refine: bisect between the peak step and its measured neighbour above it if the peak step
    # was (nearly) loss-free (the capacity is higher), else below it (the peak step was overloaded).
    for _ in range(args.refine):
        ok = [s for s in steps if "error" not in s]
        if best["loss"] <= 0.05:
            lo, hi = best["rate"], min([s["rate"] for s in ok if s["rate"] > best["rate"]], default=None)
        else:
            lo, hi = max([s["rate"] for s in ok if s["rate"] < best["rate"]], default=None), best["rate"]
        if lo is None or hi is None or hi - lo < 200 or len(steps) >= args.max_steps:
            break
        s = do(int(round((lo + hi) / 2 / 100.0)) * 100)
        if "error" in s:
            break
        if s["ack_rate"] > best["ack_rate"]:
            best = s
    return steps


def summarise(variant_steps, loss_free):
    """Per round: the peak-ACK step and the highest loss-free step; medians across rounds."""
    by_round = {}
    for s in variant_steps:
        if "error" not in s:
            by_round.setdefault(s["round"], []).append(s)
    peaks, clean = [], []
    for rnd, ss in sorted(by_round.items()):
        peaks.append(max(ss, key=lambda s: s["ack_rate"]))
        ok = [s for s in ss if s["loss"] <= loss_free]
        clean.append(max(ok, key=lambda s: s["rate"]) if ok else None)
    return peaks, clean


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def cpu_per_k(step, net=False):
    """CPU seconds per 1,000 completed DORAs; net: minus the process's idle cost over the step."""
    if not step or not step.get("ra_recv"):
        return {}
    idle = step.get("idle_cores", {})
    if net and not idle:
        return {}
    return {p: (c - (idle.get(p, 0) * step["wall_s"] if net else 0)) / (step["ra_recv"] / 1000.0)
            for p, c in step["cpu"].items() if not net or p in idle}


def fmt(x, nd=0, suffix=""):
    if x is None:
        return "—"
    return ("{:,.%df}" % nd).format(x) + suffix


def report(variants, skipped, steps, args, machine):
    lines = []
    P = lines.append
    P("### Machine and run")
    P("")
    for k, v in machine.items():
        P("* %s: %s" % (k, v))
    P("")
    ok_steps = [s for s in steps if "error" not in s]
    noisy = [s for s in ok_steps if s.get("other_cpu_s", 0) > args.max_noise * (s.get("wall_s") or s["period"])]
    P("%d steps were measured again because other processes used more than %g core meanwhile; "
      "in the steps kept, they did during %d of %d%s." % (
        len(DISCARDED), args.max_noise, len(noisy), len(ok_steps), (" (%s)" % ", ".join("r%d %s %d/s: %.1f s" % (
            s["round"], s["variant"], s["rate"], s["other_cpu_s"]) for s in noisy)) if noisy else ""))
    P("")
    P("### Saturation (median over rounds; min–max in brackets)")
    P("")
    P("| Variant | Rounds | Peak ACK/s (DORA completed) | Offered rate at the peak | DORA loss at the peak | "
      "Highest offered rate with ≤ %g %% loss | Lease files (HA: primary = standby) |" % (100 * args.loss_free))
    P("|---|---|---|---|---|---|---|")
    medians = {}
    summaries = {}
    for v in variants:
        if v.key in skipped:
            P("| (%s) %s | — | skipped: %s | | | | |" % (v.key, v.title, skipped[v.key]))
            continue
        vs = [s for s in steps if s["variant"] == v.key]
        peaks, clean = summarise(vs, args.loss_free)
        summaries[v.key] = (peaks, clean)
        if not peaks:
            P("| (%s) %s | 0 | no successful step | | | | |" % (v.key, v.title))
            continue
        acks = [p["ack_rate"] for p in peaks]
        medians[v.key] = med(acks)
        checks = [s.get("lease_check", {}) for s in vs if "error" not in s]
        lease_txt = ""
        if any("same" in c for c in checks):
            n_same = sum(1 for c in checks if c.get("same"))
            lease_txt = "identical after %d of %d steps" % (n_same, len(checks))
            bad = [s for s in vs if "error" not in s and s.get("lease_check", {}).get("same") is False]
            if bad:
                only_p = [s["lease_check"]["only_primary"] for s in bad]
                only_s = sum(s["lease_check"]["only_standby"] + s["lease_check"]["differing"] for s in bad)
                drops = [s for s in bad if s.get("counters", {}).get("srv1 pkt4-receive-drop") == s["lease_check"]["only_primary"]]
                lo, hi = min(b["rate"] for b in bad), max(b["rate"] for b in bad)
                lease_txt += ("; after the other %d (offered %s/s) the standby lacked %s to %s leases the primary "
                              "held%s%s" % (
                                  len(bad), fmt(lo) if lo == hi else "%s–%s" % (fmt(lo), fmt(hi)),
                                  fmt(min(only_p)), fmt(max(only_p)),
                                  (", in %d of them exactly the primary's pkt4-receive-drop" % len(drops)) if drops else "",
                                  ("" if not only_s else "; %d leases only on the standby or different" % only_s)))
        if any("cover_acks" in c for c in checks):
            n_cov = sum(1 for c in checks if c.get("cover_acks"))
            lease_txt += ("; " if lease_txt else "") + "every server held at least as many leases as ACKs " \
                "received in %d of %d steps" % (n_cov, len(checks))
        if not lease_txt:
            lease_txt = checks[0].get("note", "—") if checks else "—"
        P("| (%s) %s | %d | **%s** [%s–%s] | %s | %s | %s | %s |" % (
            v.key, v.title, len(peaks), fmt(med(acks)), fmt(min(acks)), fmt(max(acks)),
            fmt(med([p["rate"] for p in peaks])), fmt(med([100 * p["loss"] for p in peaks]), 1, " %"),
            ("≥ " + fmt(med([c["rate"] if c else None for c in clean]))) if any(clean) else "none",
            lease_txt))
    P("")
    P("### Ratios of the median peak ACK rates")
    P("")
    P("| Ratio | Value |")
    P("|---|---|")
    for num, den, label in (("b", "a", "b / a: our host with the failover hook / without"),
                            ("d", "c", "d / c: Kea HA hot-standby pair / single Kea")):
        if num in medians and den in medians and medians[den]:
            P("| %s | **%.2f** |" % (label, medians[num] / medians[den]))
        else:
            P("| %s | — (%s) |" % (label, "variant skipped" if (num in skipped or den in skipped) else "no data"))
    P("")
    P("### CPU seconds per 1,000 leases (median over rounds; each process, incl. its threads and children)")
    P("")
    P("At the highest loss-free step (the cost of the work itself) and at the peak step (includes "
      "work on exchanges that were then lost).")
    P("")
    P("| Variant | Process | at the loss-free step | at the peak step | idle, no traffic (cores) | "
      "at the loss-free step, idle cost subtracted |")
    P("|---|---|---|---|---|---|")
    for v in variants:
        if v.key not in summaries:
            continue
        peaks, clean = summaries[v.key]
        procs = []
        for s in peaks + [c for c in clean if c]:
            for p in s["cpu"]:
                if p not in procs:
                    procs.append(p)
        idle = [s.get("idle_cores", {}) for s in steps if s["variant"] == v.key and "error" not in s]
        for p in procs:
            P("| (%s) | %s | %s | %s | %s | %s |" % (
                v.key, p, fmt(med([cpu_per_k(c).get(p) for c in clean]), 3),
                fmt(med([cpu_per_k(s).get(p) for s in peaks]), 3),
                fmt(med([i.get(p) for i in idle if p in i]), 3),
                fmt(med([cpu_per_k(c, net=True).get(p) for c in clean]), 3)))
    P("")
    P("### Every step")
    P("")
    P("| Round | Variant | Offered /s | Sent /s | ACK /s | Loss | REQUEST→ACK avg ms | CPU s (per process) | "
      "Other processes' CPU s | Leases (per server) | Server counters / HA state after |")
    P("|---|---|---|---|---|---|---|---|---|---|---|")
    for s in steps:
        if "error" in s:
            P("| %d | %s | %d | error: %s | | | | | | | |" % (s["round"], s["variant"], s["rate"], s["error"]))
            continue
        lc = s.get("lease_check", {})
        leases = lc.get("leases")
        ltxt = "/".join(fmt(x) for x in leases) if leases else "—"
        if "same" in lc:
            ltxt += " same" if lc["same"] else " **differ** (only primary %d)" % lc["only_primary"]
        if "cover_acks" in lc:
            ltxt += ", ≥ %s ACKed" % fmt(lc["acked"]) if lc["cover_acks"] else ", **fewer than %s ACKed**" % fmt(lc["acked"])
        c = s.get("counters", {})
        ctxt = "; ".join("%s %s" % (k, v) for k, v in c.items()
                         if k.endswith(("receive-drop", "assigned-addresses")) or k == "ha-states-after")
        P("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            s["round"], s["variant"], fmt(s["rate"]), fmt(s["sent_rate"]), fmt(s["ack_rate"]),
            fmt(100 * s["loss"], 1, " %"), fmt(s["ra_avg_ms"], 1),
            ", ".join("%s %.2f" % (k, v) for k, v in s["cpu"].items()), fmt(s.get("other_cpu_s"), 2) + (" (best of %d)" % s["attempts"] if s.get("attempts", 1) > 1 else ""),
            ltxt, ctxt))
    return "\n".join(lines) + "\n"


def machine_description(args):
    def first(cmd):
        try:
            return run(cmd, check=False).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            cpu = m.group(1) if m else "?"
    except OSError:
        pass
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return {
        "date (UTC)": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "CPU": "%s, nproc %d" % (cpu, os.cpu_count()),
        "kernel": platform.release(),
        "Kea": "kea-dhcp4 %s, perfdhcp %s" % (first(["kea-dhcp4", "-v"]), first(["perfdhcp", "-v"]).replace("VERSION: ", "")),
        "load average at start": load,
        "Kea HA transport": args.kea_ha_transport + (
            " (Kea multi-threading on, HA http-dedicated-listener)" if args.kea_ha_transport == "dedicated-listener"
            else " (Kea single-threaded, one kea-ctrl-agent per server)"),
        "Kea parked-packet-limit": "default (256)" if args.kea_parked_packet_limit is None else args.kea_parked_packet_limit,
        "steps": "perfdhcp -g %s -p %d -W 1000000 -R %d per step, warm-up %d s at min(%d/s, half the step's rate) (other MAC range), "
                 "fresh servers per step, ladder from %d/s doubling, %d refinement steps" % (
                     args.perfdhcp_threads, args.period, NUM_CLIENTS, args.warmup_seconds, args.warmup_rate, args.start_rate, args.refine),
        "command": "integration-tests/bench/dora-bench.sh " + " ".join(sys.argv[1:]),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="a,b,c,d", help="comma-separated subset of a,b,c,d (default all)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds, each running every variant once (default 3)")
    ap.add_argument("--period", type=int, default=10, help="seconds per measured perfdhcp run (default 10)")
    ap.add_argument("--start-rate", type=int, default=1000, help="first offered rate of the ladder (default 1000)")
    ap.add_argument("--max-rate", type=int, default=128000, help="highest offered rate tried (default 128000)")
    ap.add_argument("--max-steps", type=int, default=10, help="steps per variant and round (default 10)")
    ap.add_argument("--refine", type=int, default=2, help="bisection steps around the peak (default 2)")
    ap.add_argument("--loss-free", type=float, default=0.01, help="loss fraction counted as loss-free (default 0.01)")
    ap.add_argument("--warmup-seconds", type=int, default=3, help="warm-up run before each step (default 3, 0 = none)")
    ap.add_argument("--warmup-rate", type=int, default=1000, help="warm-up rate (default 1000, at most half the step's rate)")
    ap.add_argument("--idle-seconds", type=int, default=3,
                    help="seconds each server's CPU is read with no traffic before each step (default 3, 0 = off)")
    ap.add_argument("--kea-ha-transport", choices=("dedicated-listener", "ctrl-agent"), default="dedicated-listener")
    ap.add_argument("--kea-parked-packet-limit", type=int, default=None,
                    help="override Kea's parked-packet-limit (default: Kea's own, 256; 0 = no limit)")
    ap.add_argument("--ns-prefix", default="bench-", help="network namespace name prefix (default bench-)")
    ap.add_argument("--out", default=None, help="results directory (default /tmp/dora-bench-<time>)")
    ap.add_argument("--plugin-dir", default=os.path.join(REPO, "plugin", "target"),
                    help="failover plugin directory for variant b")
    ap.add_argument("--plugin-jar", default="dhcp-failover-plugin.jar", help="failover plugin jar for variant b")
    ap.add_argument("--host-launcher", default=os.path.join(REPO, "bin", "failover-host-v4"),
                    help="our DHCPv4 host's launcher for variants a and b (default bin/failover-host-v4)")
    ap.add_argument("--mclt", type=int, default=30,
                    help="the pair's MCLT in seconds (default 30): a fresh pair waits one MCLT in RECOVER-WAIT, "
                         "and first leases last one MCLT, so it must exceed warm-up + measured run + settling")
    ap.add_argument("--ours-settle", type=float, default=1.0,
                    help="seconds to wait after our host started (pair: both in NORMAL) before measuring (default 1)")
    ap.add_argument("--perfdhcp-threads", choices=("single", "multi"), default="single",
                    help="perfdhcp -g (default single: less CPU taken from the servers on a small machine)")
    ap.add_argument("--quiet-wait", type=float, default=120.0,
                    help="before each step, wait up to this many seconds for other processes to go quiet (default 120)")
    ap.add_argument("--max-noise", type=float, default=0.1,
                    help="cores other processes may use during a step before it is measured again (default 0.1)")
    ap.add_argument("--time-budget", type=float, default=180.0,
                    help="minutes after which no new round starts (default 180)")
    ap.add_argument("--noise-retries", type=int, default=2, help="re-measurements of a noisy step (default 2)")
    ap.add_argument("--report-only", metavar="DIR",
                    help="print the report of an earlier run from DIR/steps.json (no root, no measuring)")
    args = ap.parse_args()
    if args.report_only:
        with open(os.path.join(args.report_only, "steps.json")) as f:
            saved = json.load(f)
        if isinstance(saved, list):
            saved = {"steps": saved}
        DISCARDED.extend(saved.get("discarded", []))
        topo = Topology(args.ns_prefix)
        variants = [OurHostVariant("a", False, args, topo), OurHostVariant("b", True, args, topo),
                    KeaVariant("c", False, args, topo), KeaVariant("d", True, args, topo)]
        keys = {s["variant"] for s in saved["steps"]}
        print(report([v for v in variants if v.key in keys], {}, saved["steps"], args, saved.get("machine", {})))
        return
    global PERFDHCP_THREADS
    PERFDHCP_THREADS = args.perfdhcp_threads
    if os.geteuid() != 0:
        raise SystemExit("needs root (network namespaces, port 67)")
    if args.period < 1 or args.period > 120 or args.rounds < 1 or args.rounds > 20 or args.quiet_wait > 3600:
        raise SystemExit("--period must be 1..120 s and --rounds 1..20 (every run is bounded)")

    outdir = args.out or os.path.join("/tmp", "dora-bench-" + time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(outdir, exist_ok=True)
    topo = Topology(args.ns_prefix)
    all_variants = [OurHostVariant("a", False, args, topo), OurHostVariant("b", True, args, topo),
                    KeaVariant("c", False, args, topo), KeaVariant("d", True, args, topo)]
    wanted = [k.strip() for k in args.variants.split(",") if k.strip()]
    variants = [v for v in all_variants if v.key in wanted]
    skipped = {}
    for v in variants:
        r = v.skip_reason()
        if r:
            skipped[v.key] = r
            log("variant (%s) %s skipped: %s" % (v.key, v.title, r))

    def on_signal(signum, frame):
        raise SystemExit("interrupted by signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    machine = machine_description(args)
    steps = []
    t_start = time.monotonic()
    stopped_early = None
    try:
        topo.create()
        for rnd in range(1, args.rounds + 1):
            if rnd > 1 and time.monotonic() - t_start > 60 * args.time_budget:
                stopped_early = "time budget of %g min used up after %d rounds" % (args.time_budget, rnd - 1)
                log(stopped_early)
                break
            for v in variants:
                if v.key in skipped:
                    continue
                log("round %d/%d, variant (%s) %s" % (rnd, args.rounds, v.key, v.title))
                ladder(v, rnd, args, topo, outdir, steps)
                with open(os.path.join(outdir, "steps.json"), "w") as f:
                    json.dump({"machine": machine, "steps": steps, "discarded": DISCARDED}, f, indent=1)
    except SystemExit as e:
        stopped_early = "interrupted (%s) in round %d" % (e, max([s["round"] for s in steps], default=0))
    finally:
        stop_all_started()
        delete_namespaces()
    machine["rounds completed"] = "%d%s" % (len({s["round"] for s in steps}), "; " + stopped_early if stopped_early else "")
    machine["wall time"] = "%.0f min" % ((time.monotonic() - t_start) / 60)
    md = report(variants, skipped, steps, args, machine)
    with open(os.path.join(outdir, "report.md"), "w") as f:
        f.write(md)
    print(md)
    log("raw results: %s (steps.json, report.md, one directory per step with configs, logs, perfdhcp output)" % outdir)
    if stopped_early and stopped_early.startswith("interrupted"):
        sys.exit(130)


if __name__ == "__main__":
    main()
