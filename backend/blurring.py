"""Faces and licence plates in citizens' photos: found offline, blurred beyond recognition.

Every stored photo has its faces blurred; plates are blurred too, except for the one category where
the plate is the point (backend.photo_variants decides which version a report keeps). Detection uses
the Haar cascades that ship inside opencv-python-headless 4.x (frontal and profile faces, OpenCV's
plate cascade), so nothing is downloaded and no service sees the photo. They are old and small:
bench/blurring.py measures what they find and what they cost (figures in backend/README.md,
"Photos"). Privacy errs on the side of blurring: the passes are tuned for recall, and the box around
a find is enlarged before it is blurred; a false find costs a blurred patch of pavement.

Detection runs on copies scaled down to at most DETECT_SIDE pixels on the longer side (cost grows with
the pixels, and a 12-megapixel upload shows a cascade no more than a Telegram photo does); boxes are
mapped back to the full image, which is blurred at full resolution. So a face smaller than about 2 %
of the photo's longer side (a frontal one; 3 % for a profile) is not looked for.

OpenCV's classifiers are not safe to share between threads, and detection uses every core anyway, so
one lock lets one photo at a time through (uploads run in the thread pool).
"""

import threading
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import cv2
import numpy as np
from PIL import Image, ImageFilter

Box = Tuple[int, int, int, int]  # left, top, right, bottom in pixels of the full image

DETECT_SIDE = 960  # longer side of the copy the cascades look at
FACE_GROW = 0.35  # a cascade's face box runs from brows to mouth: add hair, ears and chin
PLATE_GROW = 0.2
CELLS = 6  # a blurred face keeps at most this many colour cells across its longer side
FRONTAL = "haarcascade_frontalface_alt2.xml"
PROFILE = "haarcascade_profileface.xml"  # trained on faces turned one way; the mirrored copy finds the other
PLATE = "haarcascade_russian_plate_number.xml"  # German plates have the same shape; the 16-stage one finds none


@dataclass(frozen=True)
class Pass:
    """One cascade run: on a copy `side` pixels long, windows grown by `step`, kept when `neighbours` agree.

    The smallest window is the cascade's own (20 px), so `side` sets the smallest face found: 20 px in
    960 is 27 px of a 1280 px Telegram photo. A larger step or a smaller copy is cheaper and misses more
    (bench/blurring.py).
    """
    cascade: str
    side: int
    step: float
    neighbours: int
    mirrored: bool = False


FACE_PASSES = (Pass(FRONTAL, DETECT_SIDE, 1.1, 3),
               # Profiles are the costliest cascade and run twice: on a smaller copy (40 px faces of 1280).
               Pass(PROFILE, 640, 1.1, 3, mirrored=True))
PLATE_PASSES = (Pass(PLATE, DETECT_SIDE, 1.05, 3),)  # cheap; the small step finds tilted plates more often

_lock = threading.Lock()
_cascades = {}


@dataclass(frozen=True)
class Found:
    """What detection found in a photo, in full-image pixels (already enlarged for blurring)."""
    faces: List[Box]
    plates: List[Box]


def find(image: Image.Image) -> Found:
    """Faces and plates in a decoded, upright photo."""
    width, height = image.size
    scale = min(1.0, DETECT_SIDE / max(width, height))
    small = image if scale == 1.0 else image.resize(
        (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.BILINEAR, reducing_gap=2.0)
    # The cascades were trained on evened-out contrast; dim photos need it most.
    gray = cv2.equalizeHist(np.asarray(small.convert("L")))
    with _lock:
        faces = [box for run in FACE_PASSES for box in _detect(run, gray, scale)]
        plates = [box for run in PLATE_PASSES for box in _detect(run, gray, scale)]
    return Found(faces=_to_full(faces, FACE_GROW, (width, height)),
                 plates=_to_full(plates, PLATE_GROW, (width, height)))


def blurred(image: Image.Image, boxes: Sequence[Box]) -> Image.Image:
    """A copy of the photo with every box pixelated and smoothed so no face or plate can be read."""
    if not boxes:
        return image
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info or "A" in image.mode else "RGB")
    else:
        image = image.copy()
    for box in boxes:
        region = image.crop(box)
        w, h = region.size
        # Averaging down to a few cells removes what identifies a face; the blur on top hides the cells.
        cells = (max(1, round(CELLS * w / max(w, h))), max(1, round(CELLS * h / max(w, h))))
        coarse = region.resize(cells, Image.Resampling.BOX).resize((w, h), Image.Resampling.BILINEAR)
        image.paste(coarse.filter(ImageFilter.GaussianBlur(max(w, h) / (2 * CELLS))), box[:2])
    return image


def _detect(run: Pass, gray: np.ndarray, scale: float) -> List[Tuple[float, float, float, float]]:
    """The boxes one pass finds, as (x, y, w, h) in full-image pixels."""
    if run.cascade not in _cascades:
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + run.cascade)
        if cascade.empty():  # a broken install must not silently store unblurred photos
            raise RuntimeError(f"OpenCV cascade {run.cascade} missing")
        _cascades[run.cascade] = cascade
    shrink = min(1.0, run.side / max(gray.shape))
    if shrink < 1.0:
        gray = cv2.resize(gray, (max(1, round(gray.shape[1] * shrink)), max(1, round(gray.shape[0] * shrink))),
                          interpolation=cv2.INTER_AREA)
    images = [gray] + ([np.ascontiguousarray(gray[:, ::-1])] if run.mirrored else [])
    boxes = []
    for number, view in enumerate(images):
        for x, y, w, h in _cascades[run.cascade].detectMultiScale(
                view, scaleFactor=run.step, minNeighbors=run.neighbours):
            if number == 1:  # back from the mirrored copy
                x = view.shape[1] - x - w
            factor = scale * shrink
            boxes.append((x / factor, y / factor, w / factor, h / factor))
    return boxes


def _to_full(boxes: List[Tuple[float, float, float, float]], grow: float, size: Tuple[int, int]) -> List[Box]:
    """Boxes (x, y, w, h) as enlarged (left, top, right, bottom) boxes of the full image, clipped to it."""
    width, height = size
    full = []
    for x, y, w, h in boxes:
        dx, dy = w * grow, h * grow
        left, top = max(0, int(x - dx)), max(0, int(y - dy))
        right, bottom = min(width, int(x + w + dx) + 1), min(height, int(y + h + dy) + 1)
        if right > left and bottom > top:
            full.append((left, top, right, bottom))
    return full
