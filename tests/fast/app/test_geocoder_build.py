"""The gazetteer builder on a small OpenStreetMap extract written here (real Gera coordinates, a few objects).

What a city gets after `make gazetteer OSM=...`: streets as lines with a point
near their middle, house numbers from nodes and buildings, districts,
landmarks and stations, everything inside Gera only, with the ODbL source and
the extract's date; the sourced partial data fills in where OSM has nothing.
"""

import csv
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from backend.geocoder import build, load, reverse, search
from backend.geocoder.gazetteer import distance_m
from common.area import parse_bbox

GERA = parse_bbox("50.80,11.96,50.96,12.23")
STAMP = "2026-11-30T12:00:00Z"

# id: (lat, lon)
NODES = {
    1: (50.87520, 12.07850), 2: (50.87593, 12.07945), 3: (50.87660, 12.08040),  # Heinrichstraße
    11: (50.87720, 12.08250), 12: (50.87760, 12.08350), 13: (50.87800, 12.08450),  # Sorge
    21: (50.87840, 12.08300), 22: (50.87700, 12.08400),  # Schloßstraße, crossing Sorge at node 12
    31: (50.87605, 12.07960), 32: (50.87605, 12.07980), 33: (50.87615, 12.07980), 34: (50.87615, 12.07960),  # No. 35
    41: (50.87900, 12.07000), 42: (50.87900, 12.07150), 43: (50.88000, 12.07150), 44: (50.88000, 12.07000),  # park
    51: (50.93750, 12.14800), 52: (50.93800, 12.15000),  # Am Anger in Söllmnitz
    53: (50.91600, 12.12300), 54: (50.91650, 12.12500),  # Am Anger in Dorna
    61: (50.83320, 12.07900), 62: (50.83350, 12.08000),  # a bridge on the Elster
    71: (51.34000, 12.37000), 72: (51.34100, 12.37200),  # Leipziger Straße in Leipzig: outside
}
TAGGED_NODES = {
    100: ((50.87570, 12.07910), {"addr:street": "Heinrichstraße", "addr:housenumber": "23"}),
    101: ((50.86000, 12.17000), {"addr:street": "Heinrichstraße", "addr:housenumber": "99", "addr:city": "Ronneburg"}),
    102: ((50.84370, 12.06520), {"place": "suburb", "name": "Lusan"}),
    103: ((50.87800, 12.03900), {"place": "village", "name": "Ernsee"}),
    104: ((50.88710, 12.10030), {"amenity": "school", "name": "Osterlandgymnasium"}),
    105: ((50.88340, 12.07710), {"railway": "station", "name": "Gera Hbf", "public_transport": "station"}),
    106: ((50.87950, 12.08000), {"amenity": "bench"}),  # no name: nothing
}
WAYS = {
    201: ([1, 2, 3], {"highway": "secondary", "name": "Heinrichstraße"}),
    202: ([11, 12, 13], {"highway": "pedestrian", "name": "Sorge"}),
    203: ([21, 12, 22], {"highway": "residential", "name": "Schloßstraße"}),
    204: ([31, 32, 33, 34, 31], {"building": "yes", "addr:street": "Heinrichstraße", "addr:housenumber": "35"}),
    205: ([41, 42, 43, 44, 41], {"leisure": "park", "name": "Hofwiesenpark"}),
    206: ([51, 52], {"highway": "residential", "name": "Am Anger"}),
    207: ([53, 54], {"highway": "residential", "name": "Am Anger"}),
    208: ([61, 62], {"highway": "primary", "name": "Zwickauer Straße", "bridge": "yes",
                     "bridge:name": "Friedensbrücke"}),
    209: ([71, 72], {"highway": "primary", "name": "Leipziger Straße"}),
}


def _tags(tags: dict) -> str:
    return "".join(f"<tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items())


# A boundary relation "Gera" (admin_level 6) as a rectangle that leaves out Söllmnitz's east (lon > 12.14).
BOUNDARY_NODES = {901: (50.82, 12.00), 902: (50.82, 12.14), 903: (50.95, 12.14), 904: (50.95, 12.00)}
BOUNDARY = ('<way id="900" {meta}><nd ref="901"/><nd ref="902"/><nd ref="903"/><nd ref="904"/><nd ref="901"/></way>'
            '<relation id="1000" {meta}><member type="way" ref="900" role="outer"/>'
            '<tag k="type" v="boundary"/><tag k="boundary" v="administrative"/><tag k="admin_level" v="6"/>'
            '<tag k="name" v="Gera"/></relation>')


def write_extract(path: Path, boundary: bool = False) -> Path:
    """An OSM XML file with the objects above, as Geofabrik's extracts have them (with version and timestamp)."""
    meta = f'version="1" timestamp="{STAMP}"'
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="stadtbot-test">']
    for node_id, (lat, lon) in {**NODES, **(BOUNDARY_NODES if boundary else {})}.items():
        lines.append(f'<node id="{node_id}" {meta} lat="{lat}" lon="{lon}"/>')
    for node_id, ((lat, lon), tags) in TAGGED_NODES.items():
        lines.append(f'<node id="{node_id}" {meta} lat="{lat}" lon="{lon}">{_tags(tags)}</node>')
    for way_id, (refs, tags) in WAYS.items():
        nds = "".join(f'<nd ref="{ref}"/>' for ref in refs)
        lines.append(f'<way id="{way_id}" {meta}>{nds}{_tags(tags)}</way>')
    if boundary:
        lines.append(BOUNDARY.format(meta=meta))
    lines.append("</osm>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The gazetteer built from the written extract: (rows, loaded gazetteer, counts)."""
    folder = tmp_path_factory.mktemp("gazetteer")
    out = folder / "gazetteer.csv"
    counts = build.build(write_extract(folder / "gera-mini.osm"), out, GERA)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows, load(out), counts


def osm(rows, **match):
    return [r for r in rows if r["licence"] == "ODbL 1.0" and all(r[k] == v for k, v in match.items())]


def test_streets_are_lines_with_a_point_near_their_middle(built):
    rows, _, _ = built
    [street] = osm(rows, kind="street", name="Heinrichstraße")
    assert (float(street["lat"]), float(street["lon"])) == NODES[2]
    assert len(street["shape"].split(";")) >= 4, "vertices along the street, not only its ends"
    assert street["ref"] == "way/201"


def test_same_street_name_in_two_villages_gives_two_streets(built):
    rows, _, _ = built
    assert len(osm(rows, kind="street", name="Am Anger")) == 2


def test_house_numbers_come_from_nodes_and_building_centroids(built):
    rows, gazetteer, _ = built
    [building] = osm(rows, kind="house", housenumber="35")
    assert distance_m(float(building["lat"]), float(building["lon"]), 50.8761, 12.0797) < 10
    [node] = osm(rows, kind="house", housenumber="23")
    assert node["street"] == "Heinrichstraße" and node["ref"] == "node/100"
    [result] = search("Heinrichstraße 35", gazetteer=gazetteer)
    assert result.precision == "house" and result.housenumber == "35"


def test_nothing_outside_gera_is_taken(built):
    rows, _, _ = built
    assert not osm(rows, name="Leipziger Straße")
    assert not osm(rows, housenumber="99"), "an address of Ronneburg stays out"


def test_districts_landmarks_stations_and_named_bridges(built):
    rows, gazetteer, _ = built
    assert osm(rows, kind="district", name="Lusan") and osm(rows, kind="district", name="Ernsee")
    assert osm(rows, kind="landmark", name="Hofwiesenpark", category="leisure", type="park")
    assert osm(rows, kind="landmark", name="Osterlandgymnasium")
    assert osm(rows, kind="landmark", name="Friedensbrücke", type="bridge")
    assert osm(rows, kind="station", name="Gera Hbf")
    assert search("am Hofwiesenpark", gazetteer=gazetteer)[0].name == "Hofwiesenpark"


def test_every_osm_row_names_the_source_with_the_extracts_date(built):
    rows, _, _ = built
    for row in osm(rows):
        assert row["source"] == "OpenStreetMap-Mitwirkende, Stand 2026-11-30"


def test_osm_wins_where_the_sourced_data_has_the_same_place(built):
    rows, _, _ = built
    assert [r["licence"] for r in rows if r["kind"] == "street" and r["name"] == "Heinrichstraße"] == ["ODbL 1.0"]
    assert [r["licence"] for r in rows if r["name"] == "Friedensbrücke"] == ["ODbL 1.0"]
    assert len([r for r in rows if r["kind"] == "district" and r["name"] == "Lusan"]) == 1
    # What OSM does not have here stays, with its own source and licence.
    [tower] = [r for r in rows if r["name"] == "Ferberturm"]
    assert "CC BY 4.0" in tower["licence"] and "db-hafas-stations" in tower["source"]


def test_a_crossing_of_two_osm_streets_is_where_they_meet(built):
    _, gazetteer, _ = built
    [crossing] = search("Ecke Sorge/Schloßstraße", gazetteer=gazetteer)
    assert crossing.precision == "crossing"
    assert distance_m(crossing.lat, crossing.lon, *NODES[12]) < 25


def test_reverse_on_the_built_gazetteer_names_the_house_then_the_street(built):
    _, gazetteer, _ = built
    house = reverse(50.87611, 12.07972, gazetteer=gazetteer)
    assert house.precision == "house" and house.name == "Heinrichstraße 35"
    # Between two vertices of Sorge, 100 m from either end: the street's line is found, not only its point.
    street = reverse(50.87785, 12.08420, gazetteer=gazetteer)
    assert street.precision == "street" and street.name == "Sorge" and street.distance < 30


def test_the_command_line_writes_the_file_and_says_what_it_holds(tmp_path, capsys):
    out = tmp_path / "g.csv"
    assert build.main([str(write_extract(tmp_path / "x.osm")), "--out", str(out)]) == 0
    assert out.is_file() and "Einträge" in capsys.readouterr().out
    assert build.main([str(tmp_path / "fehlt.osm.pbf"), "--out", str(out)]) == 2


def test_the_builder_reads_pbf_as_geofabrik_ships_it(tmp_path):
    import osmium

    pbf = tmp_path / "gera-mini.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(write_extract(tmp_path / "gera-mini.osm"))):
            writer.add(obj)
    counts = build.build(pbf, tmp_path / "g.csv", GERA)
    gazetteer = load(tmp_path / "g.csv")
    assert counts["house"] == 2 and search("Heinrichstraße 23", gazetteer=gazetteer)[0].precision == "house"


def test_the_shipped_gazetteer_is_what_the_builder_makes_of_the_sourced_data(tmp_path):
    from backend.geocoder import GAZETTEER_FILE

    build.build(None, tmp_path / "g.csv", GERA)
    assert (tmp_path / "g.csv").read_text(encoding="utf-8") == GAZETTEER_FILE.read_text(encoding="utf-8"), \
        "run `python -m backend.geocoder.build` after changing sources/ or sourced.py"


def test_with_gera_s_boundary_in_the_extract_only_what_lies_inside_it_is_kept(tmp_path):
    build.build(write_extract(tmp_path / "x.osm", boundary=True), tmp_path / "g.csv", GERA)
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    [anger] = osm(rows, kind="street", name="Am Anger")  # Dorna's; Söllmnitz's lies east of the boundary
    assert float(anger["lon"]) < 12.14
    assert osm(rows, kind="street", name="Heinrichstraße") and osm(rows, kind="house", housenumber="35")
    assert not osm(rows, name="Gera"), "the boundary itself is no place"
