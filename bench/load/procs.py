"""CPU and memory of the measured processes, read from /proc (Linux), and the machine's load.

CPU seconds are utime + stime of a process and its live descendants
(/proc/<pid>/task/*/children), taken at the start and the end of a phase;
"% of a core" is CPU seconds / wall seconds. Peak RSS is sampled twice a
second (VmRSS, descendants included). `machine_busy` is every core's busy
time from /proc/stat, so "everything else" = machine − our processes shows
what other work on the shared machine took meanwhile.
"""

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def descendants(pid: int) -> List[int]:
    found = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += descendants(int(child))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return found


def cpu_seconds(pid: int, tree: bool = True) -> float:
    total = 0
    for member in descendants(pid) if tree else [pid]:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total / TICKS


def rss_kb(pid: int, tree: bool = True) -> int:
    total = 0
    for member in descendants(pid) if tree else [pid]:
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def machine_busy() -> float:
    """Busy CPU seconds of all cores since boot (user, nice, system, irq, softirq, steal)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    return (user + nice + system + irq + softirq + steal) / TICKS


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@dataclass
class Usage:
    """CPU and peak RSS of named processes over one phase (a negative id: that process alone, without the
    processes it started; the harness starts the servers it measures)."""

    pids: Dict[str, int]
    cpu_start: Dict[str, float] = field(default_factory=dict)
    cpu: Dict[str, float] = field(default_factory=dict)
    peak_kb: Dict[str, int] = field(default_factory=dict)
    machine: float = 0.0
    wall: float = 0.0
    started_at: float = 0.0
    load_before: str = ""
    load_after: str = ""

    def start(self) -> None:
        self.load_before = loadavg()
        self.cpu_start = {name: cpu_seconds(abs(pid), pid > 0) for name, pid in self.pids.items()}
        self.peak_kb = {name: rss_kb(abs(pid), pid > 0) for name, pid in self.pids.items()}
        self.machine, self.wall = machine_busy(), time.monotonic()
        self.started_at = self.wall

    def finish(self) -> None:
        self.cpu = {name: cpu_seconds(abs(pid), pid > 0) - self.cpu_start[name] for name, pid in self.pids.items()}
        self.machine, self.wall = machine_busy() - self.machine, time.monotonic() - self.wall
        self.load_after = loadavg()

    def sample(self) -> None:
        for name, pid in self.pids.items():
            self.peak_kb[name] = max(self.peak_kb.get(name, 0), rss_kb(abs(pid), pid > 0))

    async def sample_until(self, done: asyncio.Event, every: float = 0.5) -> None:
        while not done.is_set():
            self.sample()
            try:
                async with asyncio.timeout(every):
                    await done.wait()
            except TimeoutError:
                pass

    def lines(self) -> List[str]:
        ours = sum(self.cpu.values())
        rows = [f"   {'process':<28} {'CPU s':>7} {'% of a core':>12} {'share of ours':>14} {'peak RSS MB':>12}"]
        for name, seconds in self.cpu.items():
            rows.append(f"   {name:<28} {seconds:>7.1f} {100 * seconds / self.wall:>11.0f}% "
                        f"{100 * seconds / max(ours, 1e-9):>13.0f}% {self.peak_kb[name] / 1024:>12.0f}")
        others = max(self.machine - ours, 0.0)
        rows.append(f"   {'everything else on the host':<28} {others:>7.1f} {100 * others / self.wall:>11.0f}%")
        rows.append(f"   machine: {self.machine:.1f} CPU s of {self.wall * CORES:.1f} available "
                    f"({CORES} cores, {100 * self.machine / (self.wall * CORES):.0f}% busy); "
                    f"loadavg before {self.load_before}, after {self.load_after}")
        return rows
