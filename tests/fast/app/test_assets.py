"""The asset register (backend/assets.py): a city's export of streetlights imported from CSV or GeoJSON, checked
with line numbers, updated by a re-import; lamps found near a pin and by the number on the mast."""

import pytest

from backend import assets
from common.area import parse_bbox
from tests.asset_register import as_csv, as_geojson, lamps

GERA = parse_bbox("50.80,11.96,50.96,12.23")


@pytest.fixture
def register(backend, tmp_path, monkeypatch):
    """The CLI pointed at the test backend's data directory."""
    monkeypatch.setenv("STADTBOT_DATA_DIR", str(backend.data_dir))
    monkeypatch.setenv("GERA_BBOX", "50.80,11.96,50.96,12.23")
    return tmp_path


def count(backend) -> int:
    return backend.client.app.state.storage.db.execute("SELECT COUNT(*) FROM assets").fetchone()[0]


def test_import_and_reimport_never_duplicates(backend, register, capsys):
    rows = lamps(300)
    (register / "lampen.csv").write_text(as_csv(rows), encoding="utf-8")
    before = count(backend)
    assert assets.main(["import", str(register / "lampen.csv")]) == 0
    assert "300 neu, 0 aktualisiert" in capsys.readouterr().out and count(backend) == before + 300
    moved = [{**row, "lat": row["lat"] + 0.00001} for row in rows]
    (register / "lampen.geojson").write_text(as_geojson(moved), encoding="utf-8")
    assert assets.main(["import", str(register / "lampen.geojson")]) == 0
    assert "0 neu, 300 aktualisiert" in capsys.readouterr().out and count(backend) == before + 300


def test_a_broken_file_names_every_line_and_imports_nothing(backend, register, capsys):
    text = ("id;lat;lon;street\n0001;50.88;12.08;Sorge\n;50.88;12.08;Sorge\n0003;fünfzig;12.08;Sorge\n"
            "0004;52.52;13.40;Berlin\n0001;50.881;12.081;Sorge\n")
    (register / "kaputt.csv").write_text(text, encoding="utf-8")
    before = count(backend)
    assert assets.main(["import", str(register / "kaputt.csv")]) == 1
    err = capsys.readouterr().err
    assert "Zeile 3: die Nummer fehlt" in err and "Zeile 4: Breite/Länge" in err
    assert "Zeile 5: der Ort 52.52, 13.4 liegt nicht in Gera" in err and "Die Nummer 0001 (streetlight) steht zweimal" in err
    assert count(backend) == before


@pytest.mark.parametrize("text, message", [
    ("nummer,x,y\n1,2,3\n", "Kopfzeile braucht die Spalten id, lat und lon"),
])
def test_a_file_without_the_columns_is_refused(text, message):
    with pytest.raises(assets.ImportProblem, match=message):
        assets.read_csv(text, "streetlight", GERA)


def test_geojson_needs_points():
    text = '{"type": "FeatureCollection", "features": [{"geometry": {"type": "LineString", "coordinates": []}}]}'
    with pytest.raises(assets.ImportProblem, match="Objekt 1: nur Punkte"):
        assets.read_geojson(text, "streetlight", GERA)


def test_the_nearest_lamps_of_a_pin_and_a_number_with_a_typo(backend):
    storage = backend.client.app.state.storage
    assets.store(storage, [assets.Asset("streetlight", "9815", 50.87630, 12.08360, "Markt"),
                           assets.Asset("streetlight", "9816", 50.87650, 12.08360, "Markt"),
                           assets.Asset("litter_bin", "P-1", 50.87630, 12.08361, "Markt")])
    key = {"X-Api-Key": backend.api_key}
    near = backend.client.get("/assets/nearby.json", params={"lat": "50.87635", "long": "12.08360"}, headers=key).json()
    assert [(a["asset_id"], round(a["distance"])) for a in near["assets"]] == [("9815", 6), ("9816", 17)]
    far = backend.client.get("/assets/nearby.json", params={"lat": "50.8770", "long": "12.0836"}, headers=key).json()
    assert far["assets"] == []  # nothing within 30 m
    found = backend.client.get("/assets/find.json", params={"id": "Nr. 98 15"}, headers=key).json()
    assert found["asset"]["asset_id"] == "9815"
    typo = backend.client.get("/assets/find.json", params={"id": "9851"}, headers=key).json()
    assert typo["asset"] is None and "9815" in [a["asset_id"] for a in typo["similar"]]
    assert backend.client.get("/assets/find.json", params={"id": "7777777"}, headers=key).status_code == 404


@pytest.mark.parametrize("params, status", [({"lat": "x", "long": "12.08"}, 400), ({"lat": "nan", "long": "12"}, 400),
                                            ({"lat": "50.87", "long": "12.08", "radius": "5000"}, 400),
                                            ({"lat": "50.87", "long": "12.08", "kind": "bench"}, 400)])
def test_bad_queries_are_german_400(backend, params, status):
    response = backend.client.get("/assets/nearby.json", params=params, headers={"X-Api-Key": backend.api_key})
    assert response.status_code == status and response.json()[0]["description"]


def test_the_register_needs_the_key(backend):
    assert backend.client.get("/assets/nearby.json", params={"lat": "50.87", "long": "12.08"}).status_code == 403
