"""Report map, the queue's area and supporter filters, and the CSV/GeoJSON export, against the running backend.

The areas are the shipped approximate ones (backend/staff/areas.geojson); the
point-in-polygon rules (holes, MultiPolygon, a faulty file) are checked on
backend.staff.areas directly, since the running backend reads one fixed file.
The map in a real browser is tested in test_staff_browser.py.
"""

import csv
import io
import re
import uuid

import httpx
import pytest

from backend.staff import areas
from backend.staff.settings import AREAS_FILE
from common.env import ConfigError
from tests.staff_fixtures import file_report

pytest_plugins = ["tests.staff_fixtures"]

# Inside the shipped approximate areas (rough rectangles), far from each other's edges.
LANGENBERG = {"lat": "50.9210", "long": "12.0900"}
LUSAN = {"lat": "50.8580", "long": "12.1150"}
OUTSIDE = {"lat": "50.8100", "long": "12.2000"}  # in Gera's box, in no area of the file


def support(backend, number, device=None):
    httpx.post(f"{backend.api}/requests/{number}/supporters.json",
               data={"api_key": backend.api_key, "device_id": device or f"d-{uuid.uuid4().hex}"}).raise_for_status()


def queue_numbers(html: str) -> list:
    return re.findall(r'<td><a href="/staff/reports/(\d+)">', html)


class TestAreas:
    SQUARE = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    HOLE = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]

    def _one(self, geometry):
        document = {"type": "FeatureCollection",
                    "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": geometry}]}
        return areas.parse(document)[0]

    def test_polygon_with_hole(self):
        area = self._one({"type": "Polygon", "coordinates": [self.SQUARE, self.HOLE]})
        assert area.contains(lat=2, long=2) and not area.contains(lat=5, long=5)
        assert not area.contains(lat=11, long=2) and not area.contains(None, None)

    def test_multipolygon_and_triangle_beyond_bounding_box(self):
        triangle = [[20, 0], [30, 0], [20, 10], [20, 0]]
        area = self._one({"type": "MultiPolygon", "coordinates": [[self.SQUARE], [triangle]]})
        assert area.contains(lat=1, long=21) and area.contains(lat=9, long=9)
        # Inside the triangle's bounding box but beyond its diagonal: the exact test says no.
        assert not area.contains(lat=9, long=29)

    @pytest.mark.parametrize("geometry, message", [
        ({"type": "Point", "coordinates": [1, 2]}, "Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "at least 4 positions"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "end where it starts"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}, "out of range"),
    ])
    def test_invalid_feature_is_named(self, geometry, message):
        with pytest.raises(ConfigError, match=message) as caught:
            self._one(geometry)
        assert "feature 0 ('A')" in str(caught.value)

    def test_invalid_file_and_doubled_names(self, tmp_path):
        broken = tmp_path / "broken.geojson"
        broken.write_text("{not json")
        with pytest.raises(ConfigError, match="cannot read GeoJSON"):
            areas.load(broken)
        feature = {"type": "Feature", "properties": {"name": "A"},
                   "geometry": {"type": "Polygon", "coordinates": [self.SQUARE]}}
        with pytest.raises(ConfigError, match="repeated: A"):
            areas.parse({"type": "FeatureCollection", "features": [feature, feature]})

    def test_shipped_file_knows_the_centre(self):
        shipped = areas.load(AREAS_FILE)
        assert areas.area_at(shipped, 50.8763, 12.0836) == "Innenstadt"  # Markt
        assert areas.area_at(shipped, 50.8831, 12.0772) == "Innenstadt"  # Hauptbahnhof
        assert areas.area_at(shipped, 50.9210, 12.0900) == "Langenberg"
        assert areas.area_at(shipped, 51.5, 12.0) == ""


class TestQueueFilters:
    def test_bad_area_or_supporters_is_400_in_german(self, staff_client):
        for query, message in ((("gebiet", "Atlantis"), "Unbekanntes Gebiet „Atlantis“"),
                               (("unterstuetzer", "viele"), "„unterstuetzer“ muss eine ganze Zahl"),
                               (("unterstuetzer", "-1"), "„unterstuetzer“ muss eine ganze Zahl"),
                               (("unterstuetzer", "²"), "„unterstuetzer“ muss eine ganze Zahl")):
            response = staff_client.get("/staff/reports", params=dict([query]))
            assert response.status_code == 400 and message in response.text, query

    def test_area_filter_and_column(self, backend, staff_client):
        marker = uuid.uuid4().hex[:8]
        lusan = file_report(backend, description=f"Lusan {marker}", **LUSAN)
        outside = file_report(backend, description=f"Außerhalb {marker}", **OUTSIDE)
        no_place = file_report(backend, description=f"Ohne Ort {marker}", lat="", long="",
                               address_string="irgendwo in Gera")
        html = staff_client.get("/staff/reports", params={"gebiet": "Lusan"}).text
        assert lusan in queue_numbers(html) and outside not in queue_numbers(html)
        assert '<option value="Lusan" selected>' in html
        everything = staff_client.get("/staff/reports").text
        row = lambda number: re.search(rf'>{number}</a></td>.*?</tr>', everything, re.DOTALL).group(0)  # noqa: E731
        assert '<td class="area">Lusan</td>' in row(lusan)
        assert '<td class="area">–</td>' in row(outside) and '<td class="area">–</td>' in row(no_place)

    def test_supporter_filter(self, backend, staff_client):
        marker = uuid.uuid4().hex[:8]
        none = file_report(backend, description=f"keiner {marker}")
        one = file_report(backend, description=f"einer {marker}")
        two = file_report(backend, description=f"zwei {marker}")
        support(backend, one)
        support(backend, two)
        support(backend, two)
        at_least_one = queue_numbers(staff_client.get("/staff/reports", params={"unterstuetzer": "1"}).text)
        assert one in at_least_one and two in at_least_one and none not in at_least_one
        at_least_two = queue_numbers(staff_client.get("/staff/reports", params={"unterstuetzer": "2"}).text)
        assert two in at_least_two and one not in at_least_two

    def test_area_paging_counts_exact_matches(self, backend, staff_client):
        """More than one page in one area: total, both pages and the link to page 2 (which keeps the filter)."""
        before = staff_client.get("/staff/reports", params={"gebiet": "Langenberg"}).text
        known = int(re.search(r'<p class="count">(\d+) Meldung', before).group(1))
        mine = [file_report(backend, description=f"Langenberg {i}", **LANGENBERG) for i in range(52)]
        file_report(backend, description="Innenstadt dazwischen")
        first = staff_client.get("/staff/reports", params={"gebiet": "Langenberg"}).text
        assert re.search(r'<p class="count">(\d+) Meldung', first).group(1) == str(known + 52)
        assert len(queue_numbers(first)) == 50
        link = re.search(r'<a href="(\?[^"]*seite=2[^"]*)">weiter</a>', first).group(1).replace("&amp;", "&")
        assert "gebiet=Langenberg" in link
        second = staff_client.get("/staff/reports" + link).text
        assert len(queue_numbers(second)) == known + 2
        assert set(mine) <= set(queue_numbers(first)) | set(queue_numbers(second))
        assert all(cell == "Langenberg" for cell in re.findall(r'<td class="area">([^<]*)</td>', first + second))


def read_csv(response) -> list:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


class TestExport:
    def test_bad_filter_is_400_in_german(self, staff_client):
        for path in ("/staff/reports/export.csv", "/staff/reports/export.geojson"):
            response = staff_client.get(path, params={"gebiet": "Atlantis"})
            assert response.status_code == 400 and "Unbekanntes Gebiet „Atlantis“" in response.text

    def test_list_links_carry_the_filters(self, staff_client):
        html = staff_client.get("/staff/reports", params={"kategorie": "tree", "unterstuetzer": "1"}).text
        link = re.search(r'id="export-csv" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        assert link.startswith("/staff/reports/export.csv?") and "kategorie=tree" in link and "unterstuetzer=1" in link
        assert 'id="export-geojson" href="/staff/reports/export.geojson?' in html

    def test_csv_for_excel_without_contact_data_and_formulas(self, backend, staff_client):
        marker = uuid.uuid4().hex[:8]
        contact = {"account_id": f"chat-{marker}", "device_id": f"dev-{marker}", "email": f"{marker}@example.org",
                   "phone": "0365 123456", "first_name": f"Vor{marker}", "last_name": f"Nach{marker}"}
        number = file_report(backend, photo=True, service_code="tree", description='=HYPERLINK("http://böse.example")',
                             address_string="-Gera, Markt 1", **LUSAN, **contact)
        response = staff_client.get("/staff/reports/export.csv", params={"kategorie": "tree", "gebiet": "Lusan"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert re.fullmatch(r'attachment; filename="meldungen-\d{4}-\d{2}-\d{2}\.csv"',
                            response.headers["content-disposition"])
        rows = read_csv(response)
        assert rows[0] == ["Nummer", "Kategorie", "Stand", "Eingegangen", "Geändert", "Adresse", "Breite", "Länge",
                           "Gebiet", "Unterstützer", "Foto", "Beschreibung"]
        mine = next(row for row in rows if row[0] == number)
        assert mine[1] == "Baum"  # the category by its German name
        assert mine[2] == "eingegangen" and re.fullmatch(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", mine[3])
        assert mine[5] == "'-Gera, Markt 1" and mine[11] == "'=HYPERLINK(\"http://böse.example\")"
        assert mine[6:11] == ["50,858000", "12,115000", "Lusan", "0", "ja"]
        assert all(row[8] == "Lusan" for row in rows[1:])  # the filter holds in the export
        text = response.content.decode("utf-8-sig")
        assert not any(value in text for value in contact.values())

    def test_export_has_all_pages(self, backend, staff_client):
        for i in range(51):
            file_report(backend, description=f"Seite {i}", **LANGENBERG)
        listed = staff_client.get("/staff/reports", params={"gebiet": "Langenberg"}).text
        total = int(re.search(r'<p class="count">(\d+) Meldung', listed).group(1))
        assert total > 50
        rows = read_csv(staff_client.get("/staff/reports/export.csv", params={"gebiet": "Langenberg"}))
        assert len(rows) == total + 1

    def test_geojson_points_in_long_lat_order(self, backend, staff_client):
        marker = uuid.uuid4().hex[:8]
        placed = file_report(backend, description=f"Punkt {marker}", account_id=f"chat-{marker}", **LUSAN)
        unplaced = file_report(backend, description=f"Ohne Ort {marker}", lat="", long="", address_string="Gera")
        response = staff_client.get("/staff/reports/export.geojson")
        assert response.status_code == 200 and response.headers["content-type"] == "application/geo+json"
        assert response.headers["content-disposition"].endswith('.geojson"')
        document = response.json()
        assert document["type"] == "FeatureCollection" and document["ohne_koordinaten"] >= 1
        by_number = {f["properties"]["Nummer"]: f for f in document["features"]}
        assert unplaced not in by_number
        feature = by_number[placed]
        assert feature["geometry"] == {"type": "Point", "coordinates": [12.115, 50.858]}
        assert feature["properties"]["Gebiet"] == "Lusan" and feature["properties"]["Beschreibung"] == f"Punkt {marker}"
        assert f"chat-{marker}" not in response.text and "account_id" not in response.text


def test_report_without_coordinates_shows_gera_to_set_its_point(backend, staff_client):
    number = file_report(backend, lat="", long="", address_string="Markt 1, Gera")
    html = staff_client.get(f"/staff/reports/{number}").text
    assert 'data-lat="" data-long=""' in html and "leaflet.js" in html  # Gera without a marker
    assert "Ort unsicher" in html.split('id="coordinates">')[1].split("</dd>")[0]
    assert "Kartenpunkt setzen" in html and "auf OpenStreetMap ansehen" not in html


def test_map_data_and_vendored_leaflet(backend, staff_client):
    number = file_report(backend)
    html = staff_client.get(f"/staff/reports/{number}").text
    assert 'data-lat="50.876500" data-long="12.081200"' in html
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    for path in ("/staff/static/leaflet/leaflet.js", "/staff/static/leaflet/leaflet.css",
                 "/staff/static/leaflet/images/marker-icon.png", "/staff/static/report-map.js"):
        assert staff_client.get(path).status_code == 200, path
    assert "https://tile.openstreetmap.org" in staff_client.get("/staff/reports").headers["content-security-policy"]
