"""How well the offline geocoder finds places as Gera's citizens type them (issue 14, item 5).

The labelled list is tests/data/geocoding.yml: each text with the point that
the gazetteer's SOURCE data gives (not what the code answered), or
`expected: none` where the partial data honestly cannot know the place. The
top result counts:
- within 50 m / within 250 m of the expected point;
- honestly unresolved: expected none, and the geocoder answered nothing;
- missed: a point was expected, the geocoder answered nothing (honest, but a pin is needed);
- wrong: a point more than 250 m off, or a point where none was expected.
Time: `backend.geocoder.search` in-process, per query, p50/p95 over several rounds (target p95 <= 20 ms),
and reverse geocoding of the expected points. The gazetteer is whatever gazetteer.csv holds (the sourced
partial data until a city builds from OpenStreetMap); its coverage is printed too.
Prints figures; it does not pass or fail.

    python -m bench.geocoding_eval [--rounds N] [--list]
"""

import argparse
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from backend.geocoder import default, distance_m, reverse, search

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "geocoding.yml"
NEAR_M, FAR_M = 50.0, 250.0


def load_labels(path: Path = LABELS):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["places"]


def judge(place, results) -> str:
    """One of: near, close, honest, missed, wrong (see the module docstring)."""
    expected = place["expected"]
    if expected == "none":
        return "honest" if not results else "wrong"
    if not results:
        return "missed"
    dist = distance_m(results[0].lat, results[0].lon, expected["lat"], expected["lon"])
    return "near" if dist <= NEAR_M else "close" if dist <= FAR_M else "wrong"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over the whole list")
    parser.add_argument("--list", action="store_true", help="print every place that was not found near its point")
    args = parser.parse_args(argv)
    places = load_labels()
    gazetteer = default()  # loaded once, as in the backend; not part of the timing
    verdicts, by_group = Counter(), defaultdict(Counter)
    for place in places:
        results = search(place["text"], limit=3)
        verdict = judge(place, results)
        verdicts[verdict] += 1
        by_group[place["group"]][verdict] += 1
        if args.list and verdict not in ("near", "honest"):
            got = f"{results[0].name} ({results[0].precision})" if results else "nichts"
            print(f"  {verdict:7} {place['text']!r} -> {got}")
    times = []
    for _ in range(args.rounds):
        for place in places:
            start = time.perf_counter()
            search(place["text"], limit=3)
            times.append((time.perf_counter() - start) * 1000)
    reverse_times = []
    points = [p["expected"] for p in places if p["expected"] != "none"]
    for _ in range(args.rounds):
        for point in points:
            start = time.perf_counter()
            reverse(point["lat"], point["lon"])
            reverse_times.append((time.perf_counter() - start) * 1000)
    report(places, verdicts, by_group, times, reverse_times, gazetteer)
    return 0


def report(places, verdicts, by_group, times, reverse_times, gazetteer) -> None:
    total = len(places)
    expected_points = sum(1 for p in places if p["expected"] != "none")

    def share(n):
        return f"{n:3d} / {total} ({100 * n / total:5.1f} %)"

    print(f"Geocoding, {total} places as citizens type them (tests/data/geocoding.yml; "
          f"{expected_points} with a point from the source, {total - expected_points} expected none)")
    print(f"  resolved within 50 m     {share(verdicts['near'])}")
    print(f"  resolved within 250 m    {share(verdicts['near'] + verdicts['close'])}")
    print(f"  honestly unresolved      {share(verdicts['honest'])}  (expected none, answered none)")
    print(f"  missed                   {share(verdicts['missed'])}  (a point was expected, answered none: pin needed)")
    print(f"  wrong                    {share(verdicts['wrong'])}  (> 250 m off, or a point where none was expected)")
    print("  per group (near/close/honest/missed/wrong): " + "; ".join(
        f"{group} {c['near']}/{c['close']}/{c['honest']}/{c['missed']}/{c['wrong']}" for group, c in by_group.items()))
    print(f"  search time in-process   p50 {statistics.median(times):.2f} ms, p95 {percentile(times, 0.95):.2f} ms, "
          f"max {max(times):.2f} ms over {len(times)} queries (target p95 <= 20 ms)")
    print(f"  reverse time in-process  p50 {statistics.median(reverse_times):.2f} ms, "
          f"p95 {percentile(reverse_times, 0.95):.2f} ms over {len(reverse_times)} points")
    counts = gazetteer.counts()
    licences = Counter(entry.licence for entry in gazetteer.entries)
    print(f"  gazetteer: {counts['street']} streets, {counts['house']} house numbers, {counts['district']} districts, "
          f"{counts['landmark']} landmarks, {counts['station']} stations; rows per licence:")
    for licence, n in licences.most_common():
        print(f"    {n:6d}  {licence}")


if __name__ == "__main__":
    raise SystemExit(main())
