"""Photo processing bounded in memory and concurrency: large photos decoded small or refused, few at once.

Pillow holds up to 4 bytes a pixel, so a 40-megapixel photo would take 160 MB decoded. A JPEG above
media.DECODE_MAX_PIXELS is decoded by libjpeg at a fraction of its size; a PNG or WebP that large is
refused before its pixels are read. At most media.PROCESSING_SLOTS uploads are processed at once;
beyond the few that may wait, an upload hears that the photo service is busy (503, which the bot retries).
What this saves was measured by hand, as the peak RSS of a subprocess (tracemalloc does not see
Pillow's buffers); the figures are in backend/README.md, "Photos". Here the tests watch which sizes
Pillow loads.
"""

import io
import threading

import pytest
from PIL import Image, ImageFile

from backend import media
from tests.fast.app.conftest import Overlap, jpeg_bytes

ORIENTATION = 0x0112
TOO_MANY_PIXELS = "zu viele Pixel"


def image_bytes(fmt: str, size, orientation: int = 1, **options) -> bytes:
    """A solid-colour image: tiny as a file, large once decoded."""
    exif = Image.Exif()
    if orientation != 1:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(out, fmt, exif=exif, **options)
    return out.getvalue()


def upload(client, backend, content: bytes, name="foto.jpg", content_type="image/jpeg"):
    return client.post("/media", data={"api_key": backend.api_key}, files={"file": (name, content, content_type)})


def stored_image(backend, response) -> Image.Image:
    assert response.status_code == 201, response.text
    name = response.json()["media_url"].rsplit("/", 1)[1]
    return Image.open(backend.data_dir / "media" / name)


@pytest.fixture
def loads(monkeypatch):
    """The sizes of the images whose pixels Pillow reads (PNG and JPEG read through ImageFile.load)."""
    loaded, original = [], ImageFile.ImageFile.load

    def load(self):
        loaded.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return loaded


def test_png_of_40_megapixels_is_refused_before_its_pixels_are_read(backend, loads):
    png = image_bytes("PNG", (8000, 5000), compress_level=1)  # half a MB as a file, 160 MB decoded
    response = upload(backend.client, backend, png, name="bildschirm.png", content_type="image/png")
    assert response.status_code == 400
    assert TOO_MANY_PIXELS in response.json()[0]["description"]
    assert "12 Millionen" in response.json()[0]["description"]
    assert loads == []


def test_webp_just_over_the_decoding_cap_is_refused():
    webp = image_bytes("WEBP", (4000, 3001), lossless=True, method=0)
    with pytest.raises(media.Open311Error) as refused:
        media.decode(webp, 40_000_000)
    assert refused.value.status == 400 and TOO_MANY_PIXELS in refused.value.description


def test_png_within_the_decoding_cap_is_still_accepted():
    image, fmt = media.decode(image_bytes("PNG", (4000, 3000), compress_level=1), 40_000_000)
    assert (image.size, fmt) == ((4000, 3000), "PNG")


def test_phone_photo_of_40_megapixels_is_stored_at_a_quarter_of_its_pixels_and_upright(backend, loads):
    jpeg = image_bytes("JPEG", (8000, 5000), orientation=6, quality=50)  # "rotate 90°", as phones write it
    stored = stored_image(backend, upload(backend.client, backend, jpeg))
    assert stored.format == "JPEG" and stored.size == (2500, 4000)
    assert ORIENTATION not in stored.getexif()
    assert loads and all(width * height <= media.DECODE_MAX_PIXELS for width, height in loads)


@pytest.mark.parametrize("size, decoded", [
    ((4000, 3000), (4000, 3000)),  # exactly at the cap: decoded as it is
    ((4243, 2829), (2122, 1415)),  # just over it: half, rounded up as libjpeg does
])
def test_jpeg_is_decoded_at_the_largest_size_within_the_cap(size, decoded):
    image, fmt = media.decode(image_bytes("JPEG", size, quality=50), 40_000_000)
    assert (image.size, fmt) == (decoded, "JPEG")
    assert image.width * image.height <= media.DECODE_MAX_PIXELS


def test_jpeg_over_the_accepted_pixels_is_still_refused():
    with pytest.raises(media.Open311Error) as refused:
        media.decode(image_bytes("JPEG", (4243, 2829), quality=50), 10_000_000)
    assert TOO_MANY_PIXELS in refused.value.description and "10 Millionen" in refused.value.description


class SlowProcessing(Overlap):
    """Stands in for decoding, blurring and encoding: takes a while, counts how many ran at once."""

    def __call__(self, data: bytes, max_pixels: int) -> media.Processed:
        self.run()
        return media.Processed(jpeg_bytes(), None, "JPEG", 64, 48)


def all_at_once(backend, count: int) -> list:
    """`count` photo uploads from parallel threads, started together; their responses."""
    start, responses = threading.Barrier(count), [None] * count

    def send(index):
        client = backend.new_client()
        start.wait()
        responses[index] = upload(client, backend, jpeg_bytes())

    threads = [threading.Thread(target=send, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=25)
    return responses


def test_burst_of_uploads_is_processed_two_at_a_time_and_the_rest_hear_the_service_is_busy(backend, monkeypatch):
    slow = SlowProcessing(seconds=0.5)
    monkeypatch.setattr(media, "process", slow)
    stored_before = len(list((backend.data_dir / "media").glob("*")))
    responses = all_at_once(backend, 10)  # two run, three wait (at most 10 s), five are refused at once
    busy = [response for response in responses if response.status_code == 503]
    assert slow.most_at_once == media.PROCESSING_SLOTS == 2
    assert busy and all(response.json() == [{"code": 503, "description": media.BUSY}] for response in busy)
    assert all(response.headers["retry-after"] for response in busy)
    assert sorted({response.status_code for response in responses}) == [201, 503]
    stored = sum(response.status_code == 201 for response in responses)
    assert stored == slow.calls  # a refused upload was not processed
    assert len(list((backend.data_dir / "media").glob("*"))) == stored_before + stored


def test_upload_that_waits_too_long_for_a_slot_hears_the_service_is_busy(backend, monkeypatch):
    slow = SlowProcessing(seconds=0.6)
    monkeypatch.setattr(media, "process", slow)
    monkeypatch.setattr(media, "processing", media.limits.Limiter(slots=1, waiting=4, wait_seconds=0.2))
    responses = all_at_once(backend, 3)  # one runs; the two waiting give up after 0.2 s
    assert sorted(response.status_code for response in responses) == [201, 503, 503]
    assert slow.most_at_once == 1 and slow.calls == 1
