"""Faces and licence plates are blurred before a photo is stored, in-process (backend.blurring, backend.media).

The face is scikit-image's `astronaut` sample photo, the plate a German-style plate drawn onto its
`coffee` photo; what the detector finds on real photos is measured by bench/blurring.py.
"""

import io
import sqlite3
import uuid
from datetime import timedelta

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps
from skimage import data

from backend import blurring, dates, media, photo_variants
from tests.fast.app.conftest import InProcessBackend, file_report

FACE = (185, 75, 265, 165)  # inside the astronaut's face, labelled by hand
AROUND_FACE = (110, 10, 340, 240)  # the face with everything the blur may reach
PLATE_AT, PLATE_WIDTH = (239, 268), 130
PLATE = (PLATE_AT[0], PLATE_AT[1], PLATE_AT[0] + PLATE_WIDTH, PLATE_AT[1] + round(PLATE_WIDTH * 110 / 520))


def jpeg(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, **options)
    return out.getvalue()


def face_photo() -> Image.Image:
    return Image.fromarray(data.astronaut())


def plate_photo() -> Image.Image:
    """A car's plate in front of a coffee cup: white, black rim, blue EU band, "G AB 123" (520 x 110 mm)."""
    photo = Image.fromarray(data.coffee())
    scale = 4
    plate = Image.new("RGB", (520 * scale, 110 * scale), (245, 245, 240))
    draw = ImageDraw.Draw(plate)
    draw.rectangle((0, 0, plate.width - 1, plate.height - 1), outline=(20, 20, 20), width=4 * scale)
    draw.rectangle((4 * scale, 4 * scale, 44 * scale, plate.height - 4 * scale), fill=(0, 51, 153))
    draw.text((285 * scale, 58 * scale), "G AB 123", font=ImageFont.load_default(size=75 * scale),
              fill=(15, 15, 15), anchor="mm", stroke_width=2 * scale, stroke_fill=(15, 15, 15))
    ImageDraw.Draw(photo).rectangle((200, 250, 410, 315), fill=(60, 60, 70))  # the bumper
    photo.paste(plate.resize((PLATE[2] - PLATE[0], PLATE[3] - PLATE[1]), Image.Resampling.LANCZOS), PLATE_AT)
    return photo


def upload(backend: InProcessBackend, content: bytes) -> str:
    """Store a photo through POST /media, as the Telegram adapter does; its media_url."""
    response = backend.client.post("/media", data={"api_key": backend.api_key},
                                   files={"file": ("foto.jpg", content, "image/jpeg")})
    assert response.status_code == 201, response.text
    return response.json()["media_url"]


def served(backend: InProcessBackend, media_url: str) -> np.ndarray:
    """The photo as GET /media serves it to the city's systems, as signed pixels."""
    response = backend.client.get(media_url, headers={"X-Api-Key": backend.api_key})
    assert response.status_code == 200, response.text
    return pixels(Image.open(io.BytesIO(response.content)))


def reencoded(content: bytes) -> bytes:
    """The upload re-encoded as the backend does it, with nothing blurred."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(content)))
    image.info = {}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.int16)


def region(array: np.ndarray, box) -> np.ndarray:
    left, top, right, bottom = box
    return array[top:bottom, left:right]


def detail(array: np.ndarray) -> float:
    """Mean difference between neighbouring pixels: high for a face, near 0 for a smooth blur."""
    return float(np.abs(np.diff(array, axis=0)).mean() + np.abs(np.diff(array, axis=1)).mean())


def files_of(backend: InProcessBackend, media_url: str) -> list:
    name = media_url.rsplit("/", 1)[1]
    return sorted(path.name for path in (backend.data_dir / "media").iterdir() if path.name.startswith(name))


def test_a_face_in_an_uploaded_photo_is_blurred_beyond_recognition_and_the_rest_stays(backend):
    content = jpeg(face_photo())
    original = pixels(face_photo())
    stored = served(backend, upload(backend, content))

    face_before, face_after = region(original, FACE), region(stored, FACE)
    assert np.abs(face_after - face_before).mean() > 20
    assert detail(face_after) < detail(face_before) / 5
    assert blurring.find(Image.fromarray(stored.astype(np.uint8))).faces == []  # no face left to find
    outside = np.ones(original.shape[:2], bool)
    outside[AROUND_FACE[1]:AROUND_FACE[3], AROUND_FACE[0]:AROUND_FACE[2]] = False
    assert np.abs(stored - pixels(Image.open(io.BytesIO(reencoded(content)))))[outside].mean() < 1


def test_a_plate_is_blurred_in_a_road_damage_report(backend):
    media_url = upload(backend, jpeg(plate_photo()))
    file_report(backend, service_code="road_damage", media_url=media_url, description="Schlagloch vor dem Auto")

    before, after = region(pixels(plate_photo()), PLATE), region(served(backend, media_url), PLATE)
    assert np.abs(after - before).mean() > 20
    assert detail(after) < detail(before) / 5
    assert files_of(backend, media_url) == [media_url.rsplit("/", 1)[1]]  # the readable version is gone


def test_an_abandoned_vehicles_plate_stays_readable_for_staff_only(backend):
    media_url = upload(backend, jpeg(plate_photo()))
    assert detail(region(served(backend, media_url), PLATE)) < 5  # blurred until a report says what it shows

    file_report(backend, service_code="abandoned_vehicle", media_url=media_url, description="Auto seit Wochen hier")

    before, after = region(pixels(plate_photo()), PLATE), region(served(backend, media_url), PLATE)
    assert np.abs(after - before).mean() < 4
    assert files_of(backend, media_url) == [media_url.rsplit("/", 1)[1]]
    assert backend.client.get(media_url).status_code == 401  # no staff login, no key


def test_the_original_upload_is_nowhere_in_the_data_dir(backend):
    marker = f"Original-{uuid.uuid4().hex}"
    exif = Image.Exif()
    exif[0x013B] = marker  # Artist
    original = jpeg(face_photo(), exif=exif.tobytes())
    media_url = upload(backend, original)
    file_report(backend, service_code="abandoned_vehicle", media_url=media_url)

    for path in backend.data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert original not in content and marker.encode() not in content, path.name
            assert original[2000:6000] not in content, path.name  # not even part of the original's pixels


def test_a_photo_without_faces_or_plates_is_only_reencoded(backend):
    content = jpeg(Image.fromarray(data.coffee()))
    media_url = upload(backend, content)

    response = backend.client.get(media_url, headers={"X-Api-Key": backend.api_key})
    assert response.content == reencoded(content)
    assert files_of(backend, media_url) == [media_url.rsplit("/", 1)[1]]  # nothing to keep a second version of


# --- the versions of a photo ---------------------------------------------------------------------------

@pytest.fixture
def photo_with_plate(backend):
    """A photo with a plate, stored in both versions, no report yet: (media_url, file name)."""
    media_url = upload(backend, jpeg(plate_photo()))
    name = media_url.rsplit("/", 1)[1]
    assert files_of(backend, media_url) == [name, photo_variants.plates_visible_name(name)]
    return media_url, name


def test_an_unused_photo_goes_with_both_versions(backend, photo_with_plate):
    media_url, name = photo_with_plate
    with sqlite3.connect(backend.data_dir / "backend.db") as db:  # stored two days ago
        db.execute("UPDATE media SET created_datetime = ? WHERE file_name = ?",
                   [dates.to_db(dates.now() - timedelta(days=2)), name])

    media.delete_unlinked(backend.client.app.state.storage, backend.data_dir / "media")

    assert files_of(backend, media_url) == []


def test_a_photo_left_in_both_versions_is_settled_by_the_cleanup(backend, photo_with_plate, monkeypatch):
    media_url, name = photo_with_plate
    readable = (backend.data_dir / "media" / photo_variants.plates_visible_name(name)).read_bytes()

    def stopped(*args):
        raise OSError("the backend stopped here")

    monkeypatch.setattr(photo_variants, "keep_for", stopped)
    file_report(backend, service_code="abandoned_vehicle", media_url=media_url)  # filed all the same
    monkeypatch.undo()
    assert len(files_of(backend, media_url)) == 2

    media.delete_unlinked(backend.client.app.state.storage, backend.data_dir / "media")

    assert files_of(backend, media_url) == [name]
    assert (backend.data_dir / "media" / name).read_bytes() == readable

