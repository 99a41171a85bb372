"""Search and reverse over the gazetteer: a typed place -> ranked points in Gera, a point -> the nearest named place.

Search forgives typos and abbreviations but never guesses: a name is taken
only when it is close to a known name both as a whole and in its stem
("Bergstraße" is not "Herderstraße" although both end in "straße"). A house
number the data does not have gives the street's point, marked as street
precision; a crossing is the middle between the two streets' nearest points
when both are known and near each other, else nothing. Results outside
Gera's box are dropped.
"""

import math
from dataclasses import dataclass, replace
from typing import Iterable, List, Optional, Tuple

from rapidfuzz import fuzz, process

from common.area import DEFAULT_GERA_BBOX, BBox, parse_bbox
from backend.geocoder.gazetteer import Entry, Gazetteer, default, distance_m
from backend.geocoder.normalise import Query, key, parse, split_suffix, strip_leading, words

GERA = parse_bbox(DEFAULT_GERA_BBOX)
ACCEPT = 0.85  # a fuzzy match below this is no match
STEM_ACCEPT = 0.8  # the part before "straße"/"weg" must be this close on its own
OTHER_SUFFIX_ACCEPT = 0.92  # "…weg" typed for a "…straße" (or the other way) only when nearly equal otherwise
NEAR_BEST = 0.04  # candidates this close to the best score are listed as alternatives
CROSSING_MAX_M = 300.0  # two streets' nearest points further apart than this do not make a crossing
DISTRICT_RADIUS_M = 3000.0
SAME_PLACE_M = 1500.0  # rows of one name closer than this are one place (different villages' "Am Anger" are not)  # "Lasurstraße in Zwötzen": candidates this near the district's point
HOUSE_RADIUS_M, STREET_RADIUS_M, LANDMARK_RADIUS_M, DISTRICT_REVERSE_M = 60.0, 200.0, 500.0, 5000.0


@dataclass(frozen=True)
class Result:
    """One answer: a point, what it is, how sure and how precise."""

    entry: Entry
    lat: float
    lon: float
    name: str  # the name as shown ("Heinrichstraße 35", "Sorge / Kurt-Keicher-Straße")
    precision: str  # house | street | crossing | district | landmark | station
    score: float = 1.0  # 0..1, how well the typed text matched
    housenumber: str = ""  # set when the point is that house's
    requested_housenumber: str = ""  # asked for, but the data has no such house: the point is the street's
    other: Optional[Entry] = None  # the second street of a crossing
    distance: Optional[float] = None  # reverse: metres between the asked point and this one


# ---- search -----------------------------------------------------------------------------------------------

def search(text: str, limit: int = 3, *, bbox: BBox = GERA, gazetteer: Optional[Gazetteer] = None) -> List[Result]:
    """Up to `limit` ranked results for a typed place; [] when nothing is good enough."""
    if not text or not text.strip() or limit < 1:
        return []
    gaz = gazetteer or default()
    query = parse(text)
    if not query.name and not query.plain:
        return []
    whole = _candidates(gaz, _variants(query.plain, gaz))
    if whole and whole[0][0] == 1.0:
        return _finish(whole, "", bbox, limit, gaz)
    if query.crossing:
        crossing = _crossing(gaz, *query.crossing)
        return [crossing] if crossing and bbox.contains(crossing.lat, crossing.lon) else []
    if not query.name:
        return []
    named = _candidates(gaz, _variants(query.name, gaz))
    # The name without its number and surroundings usually reads best; the whole text wins only when closer.
    if named and named[0][0] >= (whole[0][0] if whole else 0):
        return _finish(named, query.housenumber or "", bbox, limit, gaz)
    return _finish(whole, "", bbox, limit, gaz)


def _variants(text: str, gaz: Gazetteer) -> List[Tuple[str, Optional[Entry]]]:
    """The ways to read a typed name: as it is, without leading words, and "X in <district>" as X near it."""
    out = [(text, None)]
    stripped = strip_leading(text)
    if stripped and stripped != text:
        out.append((stripped, None))
    for base in list(out):
        head, district = _split_district(base[0], gaz)
        if district:
            out.append((head, district))
    return out


def _split_district(text: str, gaz: Gazetteer) -> Tuple[str, Optional[Entry]]:
    """'lasurstrasse in zwoetzen' -> ('lasurstrasse', <Zwötzen>); the tail must be a district's exact name."""
    for separator in (" in ", " im ", ", ", " ortsteil ", " "):
        head, found, tail = text.rpartition(separator)
        if not found or not head.strip():
            continue
        districts = [e for e in gaz.by_key.get(key(tail), []) if e.kind == "district"]
        if districts:
            return head.strip(" ,"), districts[0]
    # The district first, as stops are named: "langenberg eisenberger strasse".
    head, _, tail = text.partition(" ")
    districts = [e for e in gaz.by_key.get(key(head), []) if e.kind == "district"] if tail else []
    return (tail, districts[0]) if districts else (text, None)


def _candidates(gaz: Gazetteer, variants: Iterable[Tuple[str, Optional[Entry]]]) -> List[Tuple[float, Entry, str]]:
    """(score, entry, matched name) for every entry whose name matches one of the readings, best first."""
    best = {}
    for text, district in variants:
        query_key = key(text)
        for score, name_key in _matching_keys(gaz, query_key):
            for entry in gaz.by_key[name_key]:
                if district:
                    # Only near the district, the nearer the better, and below a reading of the whole text.
                    away = distance_m(entry.lat, entry.lon, district.lat, district.lon)
                    if away > DISTRICT_RADIUS_M:
                        continue
                    score = score * 0.99 - 0.01 * away / DISTRICT_RADIUS_M
                if score > best.get(entry.id, (0.0,))[0]:
                    best[entry.id] = (score, entry, _matched_name(entry, name_key))
    return sorted(best.values(), key=lambda item: (-item[0], -item[1].importance, item[1].id))


def _matching_keys(gaz: Gazetteer, query_key: str) -> List[Tuple[float, str]]:
    if not query_key:
        return []
    if query_key in gaz.by_key:
        return [(1.0, query_key)]
    if len(query_key) < 5 or query_key.isdigit():
        return []  # too short to forgive a typo without guessing
    found = process.extract(query_key, gaz.keys, scorer=fuzz.ratio, score_cutoff=ACCEPT * 100 - 5, limit=20)
    scored = [(similarity(query_key, name_key), name_key) for name_key, _, _ in found]
    return [(score, name_key) for score, name_key in scored if score >= ACCEPT]


def similarity(query_key: str, name_key: str) -> float:
    """0..1: the whole and, for street names, the stem must both be close (see the module docstring)."""
    whole = fuzz.ratio(query_key, name_key) / 100
    query_stem, query_suffix = split_suffix(query_key)
    name_stem, name_suffix = split_suffix(name_key)
    if query_suffix != name_suffix:
        if whole < OTHER_SUFFIX_ACCEPT:
            return 0.0
        if query_suffix and name_suffix:
            return whole
        # A typo in the ending itself ("heinrichsraße", "puschkinplaz"): the name's stem must start the query.
        stem = name_stem if name_suffix else query_stem
        other = query_key if name_suffix else name_key
        return whole if fuzz.ratio(stem, other[: len(stem)]) / 100 >= STEM_ACCEPT + 0.05 else 0.0
    if query_suffix:
        stem = fuzz.ratio(query_stem, name_stem) / 100
        if stem < STEM_ACCEPT or len(query_stem) < 3:
            return 0.0
        return min(whole, (whole + stem) / 2)
    return whole


def _matched_name(entry: Entry, name_key: str) -> str:
    if key(entry.name) == name_key:
        return entry.name
    return next((alt for alt in entry.alt_names if key(alt) == name_key), entry.name)


def _finish(candidates, housenumber: str, bbox: BBox, limit: int, gaz: Gazetteer) -> List[Result]:
    """Results from the candidates near the best score: inside Gera, each place once, house numbers applied."""
    if not candidates:
        return []
    top = candidates[0][0]
    results, chosen = [], []
    for score, entry, matched in candidates:
        if score < top - NEAR_BEST:
            break
        if not bbox.contains(entry.lat, entry.lon):
            continue
        if any(_same_place(entry, matched, other, other_matched) for other, other_matched in chosen):
            continue
        chosen.append((entry, matched))
        results.append(_with_house(_result(entry, score), housenumber, gaz))
        if len(results) == limit:
            break
    return results


def _same_place(a: Entry, a_name: str, b: Entry, b_name: str) -> bool:
    """Two rows of one place: found by the same name near each other (a stop and its replacement; a village, its stop)."""
    return key(a_name) == key(b_name) and distance_m(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_M


def _result(entry: Entry, score: float) -> Result:
    return Result(entry=entry, lat=entry.lat, lon=entry.lon, name=entry.name, precision=entry.kind, score=score,
                  housenumber=entry.housenumber)


def _with_house(result: Result, housenumber: str, gaz: Gazetteer) -> Result:
    """A street with a house number: that house's point when known, else the street's, marked as such."""
    if not housenumber or result.entry.kind not in ("street", "landmark"):
        return result
    number = housenumber.lower()
    houses = gaz.houses.get((key(result.entry.name), number), [])
    if houses:
        house = min(houses, key=lambda h: distance_m(h.lat, h.lon, result.lat, result.lon))
        return Result(entry=house, lat=house.lat, lon=house.lon, name=f"{result.entry.name} {house.housenumber}",
                      precision="house", score=result.score, housenumber=house.housenumber)
    return replace(result, requested_housenumber=housenumber)


def _crossing(gaz: Gazetteer, first: str, second: str) -> Optional[Result]:
    """The middle between two known streets' nearest points, when they are near each other."""
    firsts = _candidates(gaz, _variants(first, gaz))
    seconds = _candidates(gaz, _variants(second, gaz))
    best = None
    for score_a, entry_a, name_a in _near_best(firsts):
        for score_b, entry_b, name_b in _near_best(seconds):
            if key(entry_a.name) == key(entry_b.name):
                continue
            dist, point_a, point_b = _nearest_points(entry_a, entry_b)
            if dist <= CROSSING_MAX_M and (best is None or dist < best[0]):
                best = (dist, point_a, point_b, min(score_a, score_b), entry_a, entry_b, name_a, name_b)
    if best is None:
        return None
    _, (lat_a, lon_a), (lat_b, lon_b), score, entry_a, entry_b, name_a, name_b = best
    return Result(entry=entry_a, lat=(lat_a + lat_b) / 2, lon=(lon_a + lon_b) / 2, name=f"{name_a} / {name_b}",
                  precision="crossing", score=score, other=entry_b)


def _near_best(candidates, most: int = 5):
    return [c for c in candidates[:most] if c[0] >= candidates[0][0] - NEAR_BEST]


def _nearest_points(a: Entry, b: Entry):
    """(metres, point of a, point of b) of the closest pair; pairs clearly too far apart are not measured."""
    reach = CROSSING_MAX_M / 111_000 * 1.6  # degrees; generous in longitude at Gera's latitude
    best = (math.inf, (a.lat, a.lon), (b.lat, b.lon))
    for pa in a.points():
        for pb in b.points():
            if abs(pa[0] - pb[0]) < reach and abs(pa[1] - pb[1]) < reach:
                dist = distance_m(*pa, *pb)
                if dist < best[0]:
                    best = (dist, pa, pb)
    return best


# ---- reverse ----------------------------------------------------------------------------------------------

def reverse(lat: float, lon: float, *, bbox: BBox = GERA, gazetteer: Optional[Gazetteer] = None) -> Optional[Result]:
    """The nearest house (60 m), else street (200 m), else landmark or station (500 m), else district (5 km)."""
    if not (math.isfinite(lat) and math.isfinite(lon)) or not bbox.contains(lat, lon):
        return None
    gaz = gazetteer or default()
    for kinds, radius in ((("house",), HOUSE_RADIUS_M), (("street",), STREET_RADIUS_M),
                          (("landmark", "station"), LANDMARK_RADIUS_M), (("district",), DISTRICT_REVERSE_M)):
        nearest = min((hit for kind in kinds for hit in gaz.grids[kind].near(lat, lon, radius)),
                      key=lambda hit: (hit[0], hit[1].id), default=None)
        if nearest:
            dist, entry = nearest
            name = f"{entry.street or entry.name} {entry.housenumber}" if entry.kind == "house" else entry.name
            return Result(entry=entry, lat=entry.lat, lon=entry.lon, name=name, precision=entry.kind,
                          housenumber=entry.housenumber, distance=round(dist, 1))
    return None
