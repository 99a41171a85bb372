"""Faces and plates blurred at upload (backend.blurring): what the cascades find, what they blur by mistake, cost.

The labelled set is what the packages ship or this script makes, no download:
- faces: scikit-image's sample photos `astronaut` and `camera` (one face each, boxes labelled by hand
  below), and scenes made from its `lfw_subset` (100 cropped faces of Labeled Faces in the Wild,
  25 x 25 px, greyscale) pasted at six sizes onto its other sample photos, 1280 x 960 like a Telegram
  photo. The LFW faces are frontal or nearly so and pasted without a body or head around them: the
  figures say how small a face the detector still finds, not how it does on passers-by turned away,
  in shadow or behind sunglasses (Haar cascades do worse there; expect lower recall in real photos);
- plates: German-style plates (white, black rim, blue EU band, "G-AB 1234" style text in Pillow's
  own font) rendered onto a darker "bumper" on the sample photos at five widths and tilted by up to
  12 degrees. Real plates are dirty, lit at an angle and seen in perspective; OpenCV's cascade was
  trained on Russian plates. Take the plate figure as an upper bound;
- false finds: the sample photos without people or plates (coffee, cat, rocket, textures, microscope
  and sky pictures), scaled to 1280 px: how many boxes are blurred and which share of the photo.

A face or plate counts as found when the blurred boxes cover at least COVERED of its labelled box
(what matters for privacy is that it is blurred, not that a box matches). Cost: backend.blurring's
find + blur, and the whole upload processing (backend.media.process: decode, find, blur, encode
both versions), for a Telegram-sized photo (1280 x 960) and a 12-megapixel one (4000 x 3000), p50/p95;
OpenCV uses every core, so the figures depend on what else the machine does.
Needs scikit-image (requirements-test-app.txt). Prints figures; it does not pass or fail.

    python -m bench.blurring [--rounds N]
"""

import argparse
import io
import random
import statistics
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from skimage import data

from backend import blurring, media

COVERED = 0.8
SCENE = (1280, 960)
FACE_SIZES = (24, 32, 48, 72, 120, 200)  # px, longer side of the pasted face in a 1280 px photo
PLATE_WIDTHS = (60, 90, 130, 200, 300)  # px; a plate 2 m away fills ~200 px of a 1280 px phone photo
HAND_LABELLED = {"astronaut": [(172, 58, 276, 178)], "camera": [(180, 100, 256, 196)]}
BACKGROUNDS = ("coffee", "rocket", "chelsea", "brick", "grass", "gravel")
NO_FACES = ("coffee", "chelsea", "rocket", "brick", "grass", "gravel", "hubble_deep_field", "coins",
            "page", "text", "retina", "immunohistochemistry", "logo", "moon", "horse", "cell")


def sample(name: str) -> Image.Image:
    return Image.fromarray(getattr(data, name)()).convert("RGB")


def coverage(label, boxes) -> float:
    """Share of the labelled box covered by the union of the boxes."""
    left, top, right, bottom = label
    mask = np.zeros((bottom - top, right - left), bool)
    for bl, bt, br, bb in boxes:
        mask[max(0, bt - top):max(0, bb - top), max(0, bl - left):max(0, br - left)] = True
    return mask.mean()


def face_scenes(rng: random.Random):
    """(name, photo, labelled face boxes, face size): LFW faces pasted onto sample photos, one size per scene."""
    faces = data.lfw_subset()[:100]
    order = list(range(100))
    rng.shuffle(order)
    scenes, next_face = [], 0
    for size in FACE_SIZES:
        per_scene = max(1, min(12, (SCENE[0] // (size * 2)) * (SCENE[1] // (size * 2)) // 2))
        left = 100  # every face at every size
        while left > 0:
            photo = sample(BACKGROUNDS[len(scenes) % len(BACKGROUNDS)]).resize(SCENE)
            boxes = []
            for _ in range(min(per_scene, left)):
                face = Image.fromarray((faces[order[next_face % 100]] * 255).astype("uint8")).convert("RGB")
                next_face += 1
                for _attempt in range(50):
                    x, y = rng.randrange(0, SCENE[0] - size), rng.randrange(0, SCENE[1] - size)
                    box = (x, y, x + size, y + size)
                    if all(_apart(box, other, size // 2) for other in boxes):
                        break
                photo.paste(face.resize((size, size), Image.Resampling.BICUBIC), box[:2])
                boxes.append(box)
            left -= len(boxes)
            scenes.append((f"lfw@{size}", photo, boxes, size))
    return scenes


def _apart(a, b, gap) -> bool:
    return a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]


def plate(width: int, rng: random.Random) -> Image.Image:
    """A German-style plate, `width` px wide (520 x 110 mm), transparent outside."""
    scale = 4  # drawn large, then scaled down like a camera would
    w, h = 520 * scale, 110 * scale
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=5 * scale, fill=(245, 245, 240), outline=(20, 20, 20),
                           width=4 * scale)
    draw.rounded_rectangle((4 * scale, 4 * scale, 44 * scale, h - 4 * scale), radius=3 * scale, fill=(0, 51, 153))
    font = ImageFont.load_default(size=75 * scale)
    small = ImageFont.load_default(size=34 * scale)
    draw.text((24 * scale, 92 * scale), "D", font=small, fill=(255, 255, 255), anchor="ms")
    letters = "".join(rng.choice("ABCDEFGHKLMNPRSTUVWXYZ") for _ in range(rng.choice((1, 2))))
    text = f"G {letters} {rng.randrange(1, 9999)}"
    draw.text((285 * scale, 58 * scale), text, font=font, fill=(15, 15, 15), anchor="mm", stroke_width=2 * scale,
              stroke_fill=(15, 15, 15))
    return image.resize((width, max(1, round(width * 110 / 520))), Image.Resampling.LANCZOS)


def plate_scenes(rng: random.Random):
    """(name, photo, labelled plate boxes, width): plates on a bumper, tilted, on sample photos."""
    scenes = []
    for width in PLATE_WIDTHS:
        for round_ in range(8):
            photo = sample(BACKGROUNDS[round_ % len(BACKGROUNDS)]).resize(SCENE)
            boxes = []
            for _ in range(3 if width < 200 else 2):
                tile = plate(width, rng).rotate(rng.uniform(-12, 12), expand=True, resample=Image.Resampling.BICUBIC)
                for _attempt in range(50):
                    x = rng.randrange(width // 2, SCENE[0] - tile.width - width // 2)
                    y = rng.randrange(width // 4, SCENE[1] - tile.height - width // 4)
                    box = (x, y, x + tile.width, y + tile.height)
                    if all(_apart(box, other, width // 2) for other in boxes):
                        break
                paint = tuple(rng.randrange(20, 140) for _ in range(3))
                ImageDraw.Draw(photo).rectangle((x - width // 3, y - width // 8, box[2] + width // 3,
                                                 box[3] + width // 8), fill=paint)
                photo.paste(tile, box[:2], tile)
                boxes.append(box)
            scenes.append((f"plate@{width}", photo, boxes, width))
    return scenes


def recall(scenes, kind: str):
    """Per size: (found, total); and the false finds (boxes of the other kind do not count)."""
    by_size, extra = {}, 0
    for _name, photo, labels, size in scenes:
        found = blurring.find(photo)
        boxes = found.faces if kind == "faces" else found.plates
        hits = [coverage(label, boxes) >= COVERED for label in labels]
        done, total = by_size.get(size, (0, 0))
        by_size[size] = (done + sum(hits), total + len(labels))
        extra += sum(1 for box in boxes if all(coverage(label, [box]) == 0 for label in labels))
    return by_size, extra


def print_recall(title: str, by_size: dict, unit: str) -> None:
    found = sum(f for f, _ in by_size.values())
    total = sum(t for _, t in by_size.values())
    print(f"{title}: recall {found}/{total} = {found / total:.0%}")
    for size, (f, t) in sorted(by_size.items()):
        print(f"  {size:>4} px {unit}: {f:>3}/{t:<3} {f / t:5.0%}")


def false_finds() -> None:
    print(f"Photos without faces or plates ({len(NO_FACES)} sample photos at 1280 px):")
    for name in NO_FACES:
        photo = sample(name)
        photo = photo.resize((1280, round(1280 * photo.height / photo.width)))
        found = blurring.find(photo)
        area = np.zeros((photo.height, photo.width), bool)
        for left, top, right, bottom in found.faces + found.plates:
            area[top:bottom, left:right] = True
        print(f"  {name:<22} {len(found.faces)} face boxes, {len(found.plates)} plate boxes, "
              f"{area.mean():5.1%} blurred")


def timed(function, rounds: int):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def cost(rounds: int) -> None:
    print(f"Cost per photo in ms, p50 / p95 over {rounds} rounds (astronaut scaled up, JPEG quality 90):")
    for label, size in (("Telegram 1280 x 960", (1280, 960)), ("12 MP 4000 x 3000", (4000, 3000))):
        photo = sample("astronaut").resize(size, Image.Resampling.BICUBIC)
        out = io.BytesIO()
        photo.save(out, "JPEG", quality=90)
        upload = out.getvalue()
        blurring.find(photo)  # loads the cascades

        def find_and_blur():
            found = blurring.find(photo)
            blurring.blurred(blurring.blurred(photo, found.faces), found.plates)

        for what, function in (("find + blur", find_and_blur),
                               ("upload processing", lambda: media.process(upload, 40_000_000))):
            p50, p95 = timed(function, rounds)
            print(f"  {label:<20} {what:<18} {p50:7.0f} / {p95:7.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(12)
    print(f"backend.blurring: detection on copies of at most {blurring.DETECT_SIDE} px, "
          f"found = at least {COVERED:.0%} of the labelled box blurred")
    hand = [(name, sample(name), boxes, 0) for name, boxes in HAND_LABELLED.items()]
    for name, photo, boxes, _ in hand:
        found = blurring.find(photo)
        print(f"{name} ({photo.width} x {photo.height}): {sum(coverage(b, found.faces) >= COVERED for b in boxes)}"
              f"/{len(boxes)} faces blurred, {len(found.faces)} face boxes, {len(found.plates)} plate boxes")
    by_size, extra = recall(face_scenes(rng), "faces")
    print_recall("Faces (LFW, pasted, 1280 x 960)", by_size, "face")
    print(f"  face boxes on no labelled face: {extra}")
    by_size, extra = recall(plate_scenes(rng), "plates")
    print_recall("Plates (rendered German style, tilted up to 12 degrees, 1280 x 960)", by_size, "wide")
    print(f"  plate boxes on no labelled plate: {extra}")
    false_finds()
    cost(args.rounds)


if __name__ == "__main__":
    main()
