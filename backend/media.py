"""Photo upload: POST /media stores a checked, metadata-free copy and returns the URL for `media_url`.

Open311 v2 defines no upload, so this is a separate, documented endpoint
(the v2.1 draft style: multipart). POST /media (api_key as form field or
query parameter; the file in the multipart field `file`) answers
`{"media_url": ..., "id": ...}`. The same processing serves the optional
`media` file field of a multipart POST /requests.json.

Checks: a real JPEG, PNG or WebP (opened by Pillow, not trusted by name or
Content-Type), at most MEDIA_MAX_BYTES bytes and MEDIA_MAX_PIXELS pixels
(decompression bombs are refused before decoding). At most DECODE_MAX_PIXELS
are decoded (Pillow holds up to 4 bytes a pixel): a larger JPEG is decoded by
libjpeg at a half, a quarter or an eighth of its size and stored so; PNG and
WebP cannot be decoded smaller and are refused above it (a phone photo is a
JPEG; a PNG screenshot of more than 12 megapixels is rare). At most
PROCESSING_SLOTS photos are processed at once and a few more wait briefly;
the rest get a 503 to retry (the bot's upload and outbox retry 5xx), so a
burst of uploads cannot take the backend's memory. The image is re-encoded,
which drops EXIF (GPS position, camera, time), XMP, comments and colour
profiles; the EXIF orientation is applied first so the photo stays upright.
Faces are blurred before anything is written, and licence plates too
(backend.blurring); where a plate was found, a second file keeps it readable
for the one category that needs it (backend.photo_variants), and linking the
photo to a report keeps only the right one. The original upload is never
written to the media folder, so it cannot be served. Files get random,
unguessable names (backend.media_names).

A photo belongs to the report that names it in `media_url`: the storage links
it when the report is filed. A photo no report has used within a day (the
citizen cancelled, a retried upload) is deleted by the backend itself:
`delete_unlinked_regularly` runs `delete_unlinked` at start and then every
hour, as a background task of the app (backend.app), so backend.db and
media/ keep one writer. The same run settles the versions of a linked photo
whose report was filed while the backend stopped between the two steps.

GET /media/{name} serves the stored copy. It is open for now; the staff web
will protect it by filling in `may_view_media`.
"""

import asyncio
import io
import logging
import math
import os
import time
import warnings
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Optional, Tuple

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from PIL import Image, ImageOps, UnidentifiedImageError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from backend import dates, limits, media_names, photo_variants
from backend.auth import check_api_key, read_form
from backend.config import Settings
from backend.errors import Open311Error, bad_request, not_found
from backend.storage import Storage

FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
UNLINKED_GRACE = timedelta(days=1)  # time for a citizen to finish the report a photo was sent for
UNLINKED_CLEANUP_EVERY = 3600  # seconds between two cleanups; a photo outlives its grace by at most this
ORPHAN_GRACE = 3600  # seconds before a plates-visible file without its photo's row counts as left over
DECODE_MAX_PIXELS = 12_000_000  # decoded at most (48 MB); MEDIA_MAX_PIXELS is what is accepted
JPEG_SCALES = (1, 2, 4, 8)  # the reduced sizes libjpeg decodes to directly
# Photos decoded, blurred and encoded at once (measured 100-150 MB each at 12 megapixels, more with
# faces to blur; detection runs one at a time anyway, backend.blurring), and how many more may wait
# how long for one, each holding a worker thread of the server.
PROCESSING_SLOTS = 2
PROCESSING_WAITING = 3
PROCESSING_WAIT_SECONDS = 10.0
BUSY = "Der Fotodienst ist gerade ausgelastet. Bitte das Foto gleich noch einmal senden."
BUSY_RETRY_SECONDS = 5
log = logging.getLogger(__name__)
NOT_AN_IMAGE = "Die Datei ist kein Foto im Format JPEG, PNG oder WebP."


def may_view_media(request: Request) -> None:
    """Who may see stored photos. Open for now; the staff web puts its login check here."""


upload_router = APIRouter()
view_router = APIRouter(dependencies=[Depends(may_view_media)])
processing = limits.Limiter(PROCESSING_SLOTS, PROCESSING_WAITING, PROCESSING_WAIT_SECONDS)


@dataclass(frozen=True)
class Processed:
    """An upload checked, cleaned and blurred, ready to store."""
    stored: bytes  # faces and plates blurred: the file GET /media serves
    plates_visible: Optional[bytes]  # faces blurred, plates readable; None when no plate was found
    fmt: str  # Pillow's format name, a key of FORMATS
    width: int
    height: int


def process(data: bytes, max_pixels: int) -> Processed:
    """Check an uploaded image, blur faces and plates, re-encode without metadata."""
    image, fmt = decode(data, max_pixels)
    # Imported here: OpenCV lives in the backend's own runtime, and the Rasa side's tests import this module.
    from backend import blurring

    found = blurring.find(image)
    faces_blurred = blurring.blurred(image, found.faces)
    all_blurred = blurring.blurred(faces_blurred, found.plates)  # a new image when there are plates
    try:
        stored = _encode(all_blurred, fmt)
        plates_visible = _encode(faces_blurred, fmt) if found.plates else None
    except (OSError, ValueError):  # an unusual image mode the encoder refuses
        raise bad_request("Das Foto kann nicht verarbeitet werden. Bitte als JPEG senden.") from None
    return Processed(stored, plates_visible, fmt, all_blurred.width, all_blurred.height)


def decode(data: bytes, max_pixels: int) -> Tuple[Image.Image, str]:
    """Check an uploaded image and decode it upright: (image, Pillow format of the stored copy).

    Up to `max_pixels` are accepted, at most DECODE_MAX_PIXELS decoded: a larger JPEG comes out at a
    half, a quarter or an eighth of its size, a larger PNG or WebP is refused (see the module docstring).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except Image.DecompressionBombError:
            raise bad_request(_too_many_pixels(max_pixels)) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise bad_request(NOT_AN_IMAGE) from None
        width, height = image.size
        if width * height > max_pixels:
            raise bad_request(_too_many_pixels(max_pixels))
        # Many phone cameras write MPO (JPEG plus preview frames); it is stored as a plain JPEG.
        fmt = "JPEG" if image.format == "MPO" else image.format
        if width * height > DECODE_MAX_PIXELS:
            _decode_reduced(image, fmt)
        try:
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # a copy would double the memory
        except Exception:  # Pillow raises many kinds on broken data; all mean "not a usable photo"
            raise bad_request("Das Foto ist beschädigt und kann nicht gelesen werden.") from None
    return image, fmt


def _decode_reduced(image: Image.Image, fmt: str) -> None:
    """Before loading: make libjpeg decode a JPEG at the largest scale that fits DECODE_MAX_PIXELS; refuse the rest."""
    width, height = image.size
    if fmt == "JPEG":
        scale = next((k for k in JPEG_SCALES
                      if math.ceil(width / k) * math.ceil(height / k) <= DECODE_MAX_PIXELS), None)
        if scale is not None:
            # draft() takes the largest scale whose result is at least the size asked for: ask for the floor.
            image.draft(image.mode, (max(1, width // scale), max(1, height // scale)))
    if image.width * image.height > DECODE_MAX_PIXELS:  # PNG, WebP, or a JPEG too large even at an eighth
        raise bad_request(_too_many_pixels(DECODE_MAX_PIXELS))


def _encode(image: Image.Image, fmt: str) -> bytes:
    transparency = image.info.get("transparency")
    image.info = {}  # drop exif, xmp, icc_profile, comments, text chunks
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif fmt != "JPEG" and transparency is not None and image.mode in ("P", "L", "RGB"):
        image.info["transparency"] = transparency
    out = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "PNG": {}, "WEBP": {"quality": 90}}[fmt]
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _too_many_pixels(max_pixels: int) -> str:
    return f"Das Foto hat zu viele Pixel (höchstens {max_pixels / 1e6:g} Millionen)."


def too_large_message(settings: Settings) -> str:
    return f"Das Foto ist zu groß (höchstens {settings.media_max_bytes / (1024 * 1024):g} MB)."


async def store_upload(upload: UploadFile, settings: Settings, storage: Storage, too_large_status: int) -> dict:
    """Check, clean and store one uploaded photo; {"media_url", "id"}."""
    data = await upload.read(settings.media_max_bytes + 1)
    if len(data) > settings.media_max_bytes:
        raise Open311Error(too_large_status, too_large_message(settings))
    if not data:
        raise bad_request("Die Datei ist leer.")
    return await run_in_threadpool(_store, data, settings, storage)


def _store(data: bytes, settings: Settings, storage: Storage) -> dict:
    try:
        with processing.slot():
            photo = process(data, settings.media_max_pixels)
    except limits.Busy:
        raise Open311Error(503, BUSY, headers={"Retry-After": str(BUSY_RETRY_SECONDS)}) from None
    extension, content_type = FORMATS[photo.fmt]
    media_id, file_name = media_names.new_name(extension)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    if photo.plates_visible is not None:
        _write(settings.media_dir, photo_variants.plates_visible_name(file_name), photo.plates_visible)
    _write(settings.media_dir, file_name, photo.stored)
    storage.add_media({"id": media_id, "file_name": file_name, "content_type": content_type,
                       "width": photo.width, "height": photo.height, "bytes": len(photo.stored)})
    return {"media_url": media_names.url_for(settings.backend_url, file_name), "id": media_id}


def _write(media_dir: Path, file_name: str, content: bytes) -> None:
    temporary = media_dir / f".{file_name}.part"
    temporary.write_bytes(content)
    os.replace(temporary, media_dir / file_name)


def delete_unlinked(storage: Storage, media_dir: Path, older_than: timedelta = UNLINKED_GRACE) -> int:
    """Delete the photos (row and files) stored more than `older_than` ago that no report uses; how many.

    Then settle the versions linking left behind (`settle_versions`).
    """
    cutoff = dates.to_db(dates.now() - older_than)
    deleted = 0
    for record in storage.unlinked_media(cutoff):
        # The row goes first and only if still unlinked: a report filed meanwhile keeps its photo.
        if not storage.delete_unlinked_media(record["id"]):
            continue
        deleted += 1
        if media_names.NAME.match(record["file_name"]):  # never build a path from anything but our own names
            for name in (record["file_name"], photo_variants.plates_visible_name(record["file_name"])):
                try:
                    (media_dir / name).unlink(missing_ok=True)
                except OSError as error:  # the row is gone, so the file can no longer be served
                    log.warning("could not delete photo file %s: %s", name, error)
    settle_versions(storage, media_dir)
    return deleted


def settle_versions(storage: Storage, media_dir: Path, older_than: float = ORPHAN_GRACE) -> int:
    """Versions with plates readable that linking left behind: settled as the report needs, or deleted; how many.

    Linking settles them at once (backend.storage); this catches a stop between the two steps, and a
    file whose photo is gone. A fresh file is left alone: its upload may not have stored its row yet.
    """
    settled = 0
    for path in media_dir.glob(f"*{photo_variants.SUFFIX}"):
        file_name = photo_variants.photo_of(path)
        if file_name is None:
            continue
        record = storage.get_media(file_name)
        if record is None:
            try:
                if time.time() - path.stat().st_mtime > older_than:
                    path.unlink(missing_ok=True)
                    settled += 1
            except FileNotFoundError:
                pass
        elif record["request_id"] is not None:
            photo_variants.keep_for(media_dir, file_name, storage.category_of_photo(file_name))
            settled += 1
    return settled


async def delete_unlinked_regularly(storage: Storage, media_dir: Path, every: float = UNLINKED_CLEANUP_EVERY) -> None:
    """`delete_unlinked` at once, then every `every` seconds, in a worker thread, until cancelled."""
    while True:
        cleanup = asyncio.ensure_future(run_in_threadpool(_delete_unlinked_logged, storage, media_dir))
        try:
            await asyncio.shield(cleanup)
        except asyncio.CancelledError:
            # A cancel would leave the thread running unseen; shutdown waits for a started run instead.
            await cleanup
            raise
        await asyncio.sleep(every)


def _delete_unlinked_logged(storage: Storage, media_dir: Path) -> None:
    try:
        deleted = delete_unlinked(storage, media_dir)
    except Exception:  # a locked database, a full disk: try again next time, the backend keeps serving
        log.exception("deleting photos no report uses failed")
        return
    if deleted:
        log.info("deleted %d photos no report used within %s", deleted, UNLINKED_GRACE)


@upload_router.post("/media", status_code=201)
async def upload_photo(request: Request):
    """Store a photo (multipart field `file`, api_key) and answer its media_url."""
    query_key = request.query_params.get("api_key")
    if query_key:
        check_api_key(request, query_key)  # refuse a wrong key before reading a large body
    form = await read_form(request, multipart_only=True)
    try:
        check_api_key(request, query_key or form.get("api_key"))
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise bad_request("Die Datei fehlt: bitte das Foto im Formularfeld „file“ senden.")
        return await store_upload(upload, request.app.state.settings, request.app.state.storage,
                                  too_large_status=413)
    finally:
        await form.close()


@view_router.get("/media/{file_name}")
def photo(file_name: str, request: Request):
    """The stored (cleaned) copy of a photo."""
    record = request.app.state.storage.get_media(file_name) if media_names.NAME.match(file_name) else None
    path = request.app.state.settings.media_dir / file_name
    if record is None or not path.is_file():
        raise not_found("Unter dieser Adresse gibt es kein Foto.")
    return FileResponse(path, media_type=record["content_type"], headers={
        "Cache-Control": "private, max-age=86400",
        "Content-Security-Policy": "default-src 'none'",
    })
