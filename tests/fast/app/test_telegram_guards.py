"""bot/guards.py and bot/photos.py: order per chat, duplicates, floods, photo checks (no servers needed)."""

import asyncio
import concurrent.futures
import io

import pytest
from PIL import Image
from telegram import Chat, Message, Update

from bot import photos
from bot.guards import ChatOrderedProcessor, RateLimit, SeenUpdates


def update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, "private")
    return Update(update_id, message=Message(update_id, None, chat, text="x"))


def test_updates_of_one_chat_run_in_order_and_chats_run_side_by_side():
    async def scenario():
        processor = ChatOrderedProcessor(64)
        log = []

        async def handle(name, delay):
            log.append(f"start {name}")
            await asyncio.sleep(delay)
            log.append(f"end {name}")

        await asyncio.gather(
            processor.process_update(update(1, 1), handle("a1", 0.05)),
            processor.process_update(update(2, 1), handle("a2", 0)),
            processor.process_update(update(3, 2), handle("b1", 0)),
        )
        return log

    # A fresh loop in its own thread: independent of any loop another test left in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        log = pool.submit(asyncio.run, scenario()).result()
    assert log.index("end a1") < log.index("start a2")
    assert log.index("end b1") < log.index("end a1"), "another chat does not wait"


def test_a_repeated_update_id_is_recognised():
    seen = SeenUpdates(size=2)
    assert seen.first_time(1) and seen.first_time(2)
    assert not seen.first_time(1)
    assert seen.first_time(3) and seen.first_time(1), "only the last ids are kept"


def test_rate_limit_allows_a_burst_then_one_every_two_seconds_and_notes_once():
    now = [0.0]
    limit = RateLimit(burst=3, per_second=0.5, clock=lambda: now[0])
    assert [limit.allow(7) for _ in range(4)] == [True, True, True, False]
    assert limit.should_note(7) and not limit.should_note(7)
    assert limit.allow(8), "other chats are not affected"
    now[0] += 2.0
    assert limit.allow(7) and not limit.allow(7)
    assert limit.should_note(7), "a new flood gets a new note"


def jpeg(size=(40, 30), gps=None) -> bytes:
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "S" if gps[0] < 0 else "N", 2: (abs(gps[0]), 0.0, 0.0),
                        3: "W" if gps[1] < 0 else "E", 4: (abs(gps[1]), 0.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_gps_position_is_read_from_exif_with_hemispheres():
    assert photos.gps_position(jpeg(gps=(50.0, 12.0))) == (50.0, 12.0)
    assert photos.gps_position(jpeg(gps=(-33.0, -70.0))) == (-33.0, -70.0)
    assert photos.gps_position(jpeg()) is None
    assert photos.gps_position(b"no image at all") is None


@pytest.mark.parametrize("data, limits, answer", [
    (b"%PDF-1.7", (10_000, 10_000), "kein Foto"),
    (jpeg()[:100], (10_000, 10_000), "kein Foto"),
    (jpeg(), (100, 10_000), "zu groß"),
    (jpeg(size=(200, 100)), (100_000, 10_000), "zu viele Pixel"),
])
def test_photo_check_refuses_with_a_german_reason(data, limits, answer):
    with pytest.raises(photos.PhotoProblem, match=answer):
        photos.check(data, *limits)


def test_photo_check_accepts_a_real_photo():
    checked = photos.check(jpeg(), 10_000, 10_000)
    assert (checked.content_type, checked.width, checked.height, checked.file_name) == ("image/jpeg", 40, 30, "telegram.jpg")
