"""Checking a photo before it leaves the adapter, and reading the place a camera wrote into it.

The check mirrors the backend's (a real JPEG, PNG or WebP; at most
MEDIA_MAX_BYTES and MEDIA_MAX_PIXELS, the pixels read from the header
before decoding), so a citizen hears at once what is wrong. The GPS
position of a photo sent as a file is read here only to offer it as the
place ("Ist das der Ort?"); the backend removes all metadata when it stores
the photo.
"""

import io
import warnings
from dataclasses import dataclass
from typing import Optional, Tuple

from PIL import Image, UnidentifiedImageError

from bot import texts

FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
OPENERS = ["JPEG", "PNG", "WEBP"]  # Pillow's JPEG opener also reads MPO (a JPEG plus previews, common on phones)
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
GPS_IFD = 0x8825
LATITUDE_REF, LATITUDE, LONGITUDE_REF, LONGITUDE = 1, 2, 3, 4


class PhotoProblem(ValueError):
    """The file is not a photo the city can take; the message says why, in German."""


@dataclass(frozen=True)
class Photo:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def file_name(self) -> str:
        return f"telegram.{EXTENSIONS[self.content_type]}"


def too_large(size: int, max_bytes: int) -> Optional[str]:
    """The German answer when `size` bytes is over the limit (known before downloading), else None."""
    return texts.PHOTO_TOO_LARGE.format(megabytes=max_bytes / (1024 * 1024)) if size > max_bytes else None


def check(data: bytes, max_bytes: int, max_pixels: int) -> Photo:
    """A checked photo, or PhotoProblem."""
    problem = too_large(len(data), max_bytes)
    if problem:
        raise PhotoProblem(problem)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=OPENERS)
            width, height = image.size
            if width * height > max_pixels:
                raise PhotoProblem(texts.PHOTO_TOO_MANY_PIXELS.format(millions=max_pixels / 1e6))
            image.verify()  # reads the whole file without decoding the pixels: truncated data fails here
        except PhotoProblem:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
            raise PhotoProblem(texts.NOT_A_PHOTO) from None
    return Photo(data, FORMATS[image.format], width, height)


def gps_position(data: bytes) -> Optional[Tuple[float, float]]:
    """(latitude, longitude) from the photo's EXIF GPS data, if it has a usable one."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
    except Exception:  # broken EXIF is common and never a reason to refuse the photo
        return None
    try:
        latitude = _degrees(gps[LATITUDE]) * (-1 if str(gps.get(LATITUDE_REF, "N")).upper().startswith("S") else 1)
        longitude = _degrees(gps[LONGITUDE]) * (-1 if str(gps.get(LONGITUDE_REF, "E")).upper().startswith("W") else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (latitude == 0 and longitude == 0):
        return None
    return round(latitude, 6), round(longitude, 6)


def _degrees(value) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    return degrees + minutes / 60 + seconds / 3600
