"""Which lamp does a citizen mean? (issue 17, item 4, the part built so far: the register and the lookup.)

A register of generated lamps around Gera's street points (tests/asset_register.py; 25 m apart along each
street, as masts stand) goes into a fresh backend database. 1,000 citizens stand at a random lamp and pin
their place with a GPS error of 5–40 m (uniform, in a random direction). Printed:
- the share whose true lamp is the nearest within 30 m (what the first button would offer), the share whose
  true lamp is among the buttons (up to 5 within 30 m), and the share with no lamp within 30 m;
- the time of one lookup (`backend.assets.nearby` in-process, SQLite with the (kind, lat, long) index),
  p50/p95 (target p95 <= 5 ms).
Duplicates avoided by known incidents come with the incidents (not built yet). Prints figures only.

    python -m bench.lamp_matching [--lamps 3000] [--reports 1000] [--seed 0]
"""

import argparse
import math
import random
import statistics
import tempfile
import time
from pathlib import Path

from backend import assets
from backend.storage import Storage
from tests.asset_register import lamps

METRES_PER_DEGREE = 111_320.0


def moved(lat: float, lon: float, metres: float, bearing: float) -> tuple:
    return (lat + metres * math.cos(bearing) / METRES_PER_DEGREE,
            lon + metres * math.sin(bearing) / (METRES_PER_DEGREE * math.cos(math.radians(lat))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lamps", type=int, default=3000)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    register = lamps(args.lamps, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        storage = Storage(Path(folder) / "backend.db")
        assets.store(storage, [assets.Asset("streetlight", r["id"], r["lat"], r["lon"], r["street"]) for r in register])
        first = among = none = 0
        times = []
        for _ in range(args.reports):
            lamp = rng.choice(register)
            lat, lon = moved(lamp["lat"], lamp["lon"], rng.uniform(5, 40), rng.uniform(0, 2 * math.pi))
            started = time.perf_counter()
            found = assets.nearby(storage, "streetlight", lat, lon, 30.0)
            times.append((time.perf_counter() - started) * 1000)
            ids = [a["asset_id"] for a in found]
            first += bool(ids) and ids[0] == lamp["id"]
            among += lamp["id"] in ids
            none += not ids
    times.sort()
    n = args.reports
    print(f"Lamp matching: {len(register)} lamps (25 m apart along {len({r['street'] for r in register})} streets), "
          f"{n} pins with 5-40 m GPS error")
    print(f"  true lamp is the first button   {first:5d} / {n} ({first / n:6.1%})")
    print(f"  true lamp among the buttons     {among:5d} / {n} ({among / n:6.1%})")
    print(f"  no lamp within 30 m             {none:5d} / {n} ({none / n:6.1%})  (the citizen types the number)")
    print(f"  lookup in-process               p50 {statistics.median(times):.2f} ms, "
          f"p95 {times[int(0.95 * len(times)) - 1]:.2f} ms (target p95 <= 5 ms)")


if __name__ == "__main__":
    main()
