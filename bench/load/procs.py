"""CPU and memory of the measured processes, read from /proc (Linux), and the machine's load.

A measured server is a group: its main process and every live descendant
(/proc/<pid>/task/*/children), so Rasa's and the action server's Sanic
workers count with their main process, and PostgreSQL's backends with the
postmaster. Each member's utime + stime is remembered per process id at the
start and at every sample (twice a second), so a worker that dies during the
phase (killed, or exited) keeps the CPU it used until its last sample instead
of vanishing from the sum. CPU seconds of a group = Σ (last seen − at start;
0 for a process born later); "% of a core" is CPU seconds / wall seconds.
Peak RSS is the largest sum of the members' VmRSS seen (forked workers share
pages, so the sum overstates what they take together). `machine_busy` is
every core's busy time from /proc/stat, so "everything else" = machine − our
processes shows what other work on the shared machine took meanwhile.
"""

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

from scripts.workers import descendants

TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def members(pid: int, tree: bool = True) -> List[int]:
    return sorted(descendants(pid)) if tree else [pid]


def process_cpu(pid: int) -> Optional[float]:
    """utime + stime of one process in seconds; None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15 of stat)
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def process_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0  # gone, or a zombie (no VmRSS line)


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for its parent)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def cpu_seconds(pid: int, tree: bool = True) -> float:
    return sum(cpu for cpu in map(process_cpu, members(pid, tree)) if cpu is not None)


def rss_kb(pid: int, tree: bool = True) -> int:
    return sum(map(process_rss_kb, members(pid, tree)))


def machine_busy() -> float:
    """Busy CPU seconds of all cores since boot (user, nice, system, irq, softirq, steal)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    return (user + nice + system + irq + softirq + steal) / TICKS


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class Group:
    """One measured server: its main process (`root`) and, with `tree`, its descendants, each remembered."""

    root: int
    tree: bool
    at_start: Dict[int, float] = field(default_factory=dict)  # pid -> CPU seconds when the phase started
    last: Dict[int, float] = field(default_factory=dict)  # pid -> CPU seconds when last seen
    peak_kb: int = 0
    member_peak_kb: Dict[int, int] = field(default_factory=dict)

    def start(self) -> None:
        self.at_start, self.last, self.member_peak_kb = {}, {}, {}
        self.sample()
        self.at_start = dict(self.last)

    def sample(self) -> None:
        total = 0
        for pid in members(self.root, self.tree):
            cpu = process_cpu(pid)
            if cpu is None:
                continue
            self.last[pid] = cpu
            kb = process_rss_kb(pid)
            self.member_peak_kb[pid] = max(self.member_peak_kb.get(pid, 0), kb)
            total += kb
        self.peak_kb = max(self.peak_kb, total)

    def cpu(self) -> Dict[int, float]:
        """CPU seconds since the start per process that was seen."""
        return {pid: seconds - self.at_start.get(pid, 0.0) for pid, seconds in self.last.items()}


@dataclass
class Usage:
    """CPU and peak RSS of named process groups over one phase (a negative id: that process alone, without
    the processes it started; the harness starts the servers it measures). `detail`: groups whose members
    get a row each (the workers of a server)."""

    pids: Dict[str, int]
    detail: Set[str] = field(default_factory=set)
    groups: Dict[str, Group] = field(default_factory=dict)
    cpu: Dict[str, float] = field(default_factory=dict)
    member_cpu: Dict[str, Dict[int, float]] = field(default_factory=dict)
    machine: float = 0.0
    wall: float = 0.0
    started_at: float = 0.0
    load_before: str = ""
    load_after: str = ""

    def start(self) -> None:
        self.load_before = loadavg()
        self.groups = {name: Group(abs(pid), pid > 0) for name, pid in self.pids.items()}
        for group in self.groups.values():
            group.start()
        self.machine, self.wall = machine_busy(), time.monotonic()
        self.started_at = self.wall

    def finish(self) -> None:
        self.sample()
        self.member_cpu = {name: group.cpu() for name, group in self.groups.items()}
        self.cpu = {name: sum(per_pid.values()) for name, per_pid in self.member_cpu.items()}
        self.machine, self.wall = machine_busy() - self.machine, time.monotonic() - self.wall
        self.load_after = loadavg()

    def sample(self) -> None:
        for group in self.groups.values():
            group.sample()

    async def sample_until(self, done: asyncio.Event, every: float = 0.5) -> None:
        while not done.is_set():
            self.sample()
            try:
                async with asyncio.timeout(every):
                    await done.wait()
            except TimeoutError:
                pass

    def processes(self, name: str) -> int:
        return len(self.member_cpu.get(name, {}))

    def lines(self, answered: int) -> List[str]:
        """The table: per group CPU, % of a core, share of ours, CPU ms per answered message, peak RSS."""
        ours = sum(self.cpu.values())
        rows = [f"   {'process':<30} {'CPU s':>7} {'% of a core':>12} {'share of ours':>14} "
                f"{'ms/answer':>10} {'peak RSS MB':>12}"]
        for name, seconds in self.cpu.items():
            group = self.groups[name]
            label = name if self.processes(name) <= 1 else f"{name} ({self.processes(name)} processes)"
            rows.append(self._row(label, seconds, ours, answered, group.peak_kb))
            if name in self.detail and self.processes(name) > 1:
                for pid, member in self.member_cpu[name].items():
                    role = "main" if pid == group.root else "worker"
                    gone = "" if alive(pid) else ", gone"
                    rows.append(self._row(f"  {role} {pid}{gone}", member, ours, answered,
                                          group.member_peak_kb.get(pid, 0)))
        others = max(self.machine - ours, 0.0)
        rows.append(f"   {'everything else on the host':<30} {others:>7.1f} {100 * others / self.wall:>11.0f}%")
        rows.append(f"   machine: {self.machine:.1f} CPU s of {self.wall * CORES:.1f} available "
                    f"({CORES} cores, {100 * self.machine / (self.wall * CORES):.0f}% busy); "
                    f"loadavg before {self.load_before}, after {self.load_after}")
        return rows

    def _row(self, label: str, seconds: float, ours: float, answered: int, peak_kb: int) -> str:
        per_answer = f"{1000 * seconds / answered:.1f}" if answered else "-"
        return (f"   {label:<30} {seconds:>7.1f} {100 * seconds / self.wall:>11.0f}% "
                f"{100 * seconds / max(ours, 1e-9):>13.0f}% {per_answer:>10} {peak_kb / 1024:>12.0f}")


def living(pids: Iterable[int]) -> List[int]:
    return [pid for pid in pids if alive(pid)]
