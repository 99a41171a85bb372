"""Photo upload against the running backend: real images only, limits, metadata removed, URL served."""

import io
import struct
import zlib

import httpx
import pytest
from PIL import Image

from tests.backend_fixtures import backend  # noqa: F401

GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112



def fetch(backend, url: str) -> httpx.Response:
    """Photos are not public: the city's systems fetch them with the API key in a header (staff with a login)."""
    return httpx.get(url, headers={"X-Api-Key": backend.api_key})

def jpeg_with_gps(size=(64, 48), orientation=1) -> bytes:
    """A JPEG whose EXIF says where and with what it was taken."""
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (50.0, 52.0, 34.0), 3: "E", 4: (12.0, 5.0, 1.0)})
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def image_bytes(fmt: str, size=(40, 30), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt, **options)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    ihdr = bytearray(data[12:29])  # chunk type + 13 bytes of data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def upload(backend, content: bytes, name="foto.jpg", content_type="image/jpeg", api_key="default"):
    data = {} if api_key is None else {"api_key": backend.api_key if api_key == "default" else api_key}
    return httpx.post(f"{backend.url}/media", data=data, files={"file": (name, content, content_type)}, timeout=30)


def stored_path(backend, media_url: str):
    return backend.data_dir / "media" / media_url.rsplit("/", 1)[1]


def assert_error(response, status, *words):
    assert response.status_code == status, response.text
    body = response.json()
    assert body[0]["code"] == status
    for word in words:
        assert word in body[0]["description"]


def test_jpeg_with_gps_exif_is_stored_without_metadata(backend):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test photo really has a position
    response = upload(backend, original)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["media_url"].startswith(f"{backend.url}/media/") and body["id"]
    for stored in (stored_path(backend, body["media_url"]).read_bytes(), fetch(backend, body["media_url"]).content):
        image = Image.open(io.BytesIO(stored))
        image.load()
        assert image.format == "JPEG" and image.size == (64, 48)
        assert len(image.getexif()) == 0 and "exif" not in image.info
        assert b"Exif" not in stored and b"TestCam" not in stored


def test_xmp_and_comments_are_removed(backend):
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, "JPEG", xmp=b"<x:xmpmeta>exif:GPSLatitude 50,52N</x:xmpmeta>",
                                    comment=b"Erika Mustermann")
    stored = fetch(backend, upload(backend, out.getvalue()).json()["media_url"]).content
    assert b"GPSLatitude" not in stored and b"Mustermann" not in stored


def test_exif_orientation_is_applied_before_it_is_removed(backend):
    response = upload(backend, jpeg_with_gps(size=(64, 48), orientation=6))  # "rotate 90°"
    image = Image.open(io.BytesIO(fetch(backend, response.json()["media_url"]).content))
    assert image.size == (48, 64) and len(image.getexif()) == 0


@pytest.mark.parametrize("fmt, content_type, extension", [("PNG", "image/png", ".png"),
                                                          ("WEBP", "image/webp", ".webp")])
def test_png_and_webp_are_accepted(backend, fmt, content_type, extension):
    response = upload(backend, image_bytes(fmt), name="bild", content_type=content_type)
    assert response.status_code == 201, response.text
    assert response.json()["media_url"].endswith(extension)
    served = fetch(backend, response.json()["media_url"])
    assert served.headers["content-type"] == content_type
    assert Image.open(io.BytesIO(served.content)).size == (40, 30)


def test_multi_picture_jpeg_from_a_phone_is_stored_as_plain_jpeg(backend):
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(out, "MPO", save_all=True, append_images=[Image.new("RGB", (32, 24))])
    response = upload(backend, out.getvalue())
    assert response.status_code == 201, response.text
    image = Image.open(io.BytesIO(fetch(backend, response.json()["media_url"]).content))
    assert image.format == "JPEG" and image.size == (32, 24)


def test_png_text_metadata_is_removed(backend):
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text("Author", "Erika Mustermann")
    response = upload(backend, image_bytes("PNG", pnginfo=info), name="b.png", content_type="image/png")
    assert b"Mustermann" not in fetch(backend, response.json()["media_url"]).content


def test_upload_without_api_key_is_forbidden(backend):
    assert_error(upload(backend, jpeg_with_gps(), api_key=None), 403, "API-Schlüssel")
    assert_error(upload(backend, jpeg_with_gps(), api_key="falsch"), 403)


def test_non_image_is_bad_request(backend):
    response = upload(backend, b"Das ist kein Foto, nur Text." * 10, name="foto.jpg", content_type="image/jpeg")
    assert_error(response, 400, "kein Foto", "JPEG, PNG oder WebP")


def test_image_in_another_format_is_bad_request(backend):
    assert_error(upload(backend, image_bytes("GIF"), name="a.gif", content_type="image/gif"), 400, "kein Foto")


def test_truncated_jpeg_is_bad_request(backend):
    whole = image_bytes("JPEG", size=(400, 300))
    assert_error(upload(backend, whole[: len(whole) // 2]), 400)


def test_empty_file_is_bad_request(backend):
    assert_error(upload(backend, b""), 400)


def test_missing_file_field_is_bad_request(backend):
    response = httpx.post(f"{backend.url}/media", data={"api_key": backend.api_key},
                          files={"photo": ("a.jpg", jpeg_with_gps(), "image/jpeg")})
    assert_error(response, 400, "„file“")


@pytest.mark.parametrize("size", [10 * 1024 * 1024 + 1, 12 * 1024 * 1024])
def test_too_large_upload_is_rejected(backend, size):
    # just over the limit: refused after reading; far over it: refused by Content-Length before reading
    assert_error(upload(backend, b"\xff" * size), 413, "zu groß", "10 MB")


@pytest.mark.parametrize("width, height", [(7000, 6000), (30000, 30000)])
def test_pixel_bomb_is_rejected(backend, width, height):
    response = upload(backend, png_claiming(width, height), name="bombe.png", content_type="image/png")
    assert_error(response, 400, "zu viele Pixel")


def test_file_names_are_random_and_unguessable(backend):
    first, second = (upload(backend, jpeg_with_gps()).json()["media_url"] for _ in range(2))
    assert first != second
    assert len(first.rsplit("/", 1)[1].split(".")[0]) >= 32


def test_unknown_media_name_is_not_found(backend):
    assert_error(fetch(backend, f"{backend.url}/media/{'A' * 32}.jpg"), 404, "kein Foto")
    assert_error(fetch(backend, f"{backend.url}/media/..%2Fbackend.db"), 404)


def test_served_photo_is_never_taken_for_html(backend):
    response = fetch(backend, upload(backend, jpeg_with_gps()).json()["media_url"])
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_only_cleaned_copies_are_in_the_media_folder(backend):
    upload(backend, jpeg_with_gps())
    files = list((backend.data_dir / "media").iterdir())
    assert files and all(not f.name.startswith(".") for f in files)
    assert all(b"Exif" not in f.read_bytes() for f in files)


def test_multipart_report_with_a_photo_gets_its_media_url(backend):
    response = httpx.post(f"{backend.url}/open311/v2/requests.json",
                          data={"api_key": backend.api_key, "service_code": "graffiti", "address_string": "Markt"},
                          files={"media": ("foto.jpg", jpeg_with_gps(), "image/jpeg")})
    assert response.status_code == 201, response.text
    rid = response.json()[0]["service_request_id"]
    report = httpx.get(f"{backend.url}/open311/v2/requests/{rid}.json",
                       headers={"X-Api-Key": backend.api_key}).json()[0]
    photo = fetch(backend, report["media_url"])
    assert photo.status_code == 200 and b"Exif" not in photo.content


def test_multipart_report_with_a_non_image_is_bad_request(backend):
    response = httpx.post(f"{backend.url}/open311/v2/requests.json",
                          data={"api_key": backend.api_key, "service_code": "graffiti", "address_string": "Markt"},
                          files={"media": ("foto.jpg", b"kein Bild", "image/jpeg")})
    assert_error(response, 400, "kein Foto")
