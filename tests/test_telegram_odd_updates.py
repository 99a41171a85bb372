"""Every input has a defined answer: voice, video, stickers, contacts, polls, edits, groups, odd files, floods.

"Nothing else arrived" is shown without sleeping: the chat is processed in
order, so once the answer to a later message is there, any answer to an
earlier one would be there too.
"""

import time

import pytest

from tests.telegram_fixtures import texts_of

pytest_plugins = ["tests.telegram_fixtures"]

FILE = {"file_id": "AgADBAAD-nicht-da", "file_unique_id": "u1"}


@pytest.mark.parametrize("kind, content, answer", [
    ("voice", {**FILE, "duration": 4, "mime_type": "audio/ogg"}, "Sprachnachrichten verstehe ich noch nicht"),
    ("audio", {**FILE, "duration": 40}, "Sprachnachrichten verstehe ich noch nicht"),
    ("video_note", {**FILE, "length": 240, "duration": 5}, "Sprachnachrichten verstehe ich noch nicht"),
    ("video", {**FILE, "width": 640, "height": 480, "duration": 9}, "Videos kann ich noch nicht ansehen"),
    ("sticker", {**FILE, "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False},
     "Danke für den Sticker"),
    ("contact", {"phone_number": "+49 365 0000000", "first_name": "Erika"}, "Kontaktdaten brauche ich nicht"),
    ("poll", {"id": "5", "question": "Wo?", "options": [{"persistent_id": "a", "text": "hier", "voter_count": 0},
                                                       {"persistent_id": "b", "text": "da", "voter_count": 0}],
              "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
              "allows_multiple_answers": False, "allows_revoting": True, "members_only": False},
     "Umfragen kann ich nicht beantworten"),
    ("dice", {"emoji": "🎲", "value": 4}, "Damit kann ich leider nichts anfangen"),
    ("document", {**FILE, "file_name": "Antrag.pdf", "mime_type": "application/pdf"}, "Diese Datei kann ich nicht öffnen"),
])
def test_odd_message_gets_its_german_answer(telegram_citizen, kind, content, answer):
    replies = telegram_citizen.sends(expect=answer, **{kind: content})
    assert len(replies) == 1 and replies[0].text.startswith(answer)


def test_edited_message_asks_for_a_new_one(telegram_citizen):
    telegram_citizen.says("/datenschutz", expect="Gespeichert werden")
    first = telegram_citizen.last_sent["message_id"]
    edited = {"message_id": first, "date": int(time.time()) - 5, "edit_date": int(time.time()),
              "chat": telegram_citizen.chat, "from": telegram_citizen.user, "text": "/datenschutz bitte"}
    telegram_citizen.sends_update({"edited_message": edited}, expect="Geänderte Nachrichten")


def test_a_venue_is_taken_as_the_place(telegram_citizen):
    venue = {"location": {"latitude": 50.8786, "longitude": 12.0821}, "title": "Rathaus",
             "address": "Kornmarkt 12, Gera"}
    replies = telegram_citizen.sends(expect="Worum geht es", venue=venue, location=venue["location"])
    assert "Datenschutz" in texts_of(replies)


def test_unknown_command_and_typed_payloads_never_reach_the_assistant(telegram_citizen):
    telegram_citizen.says("/foo", expect="Diesen Befehl kenne ich nicht")
    replies = telegram_citizen.says('/send_photo{"media_url":"http://example.org/x.jpg"}',
                                    expect="Diesen Befehl kenne ich nicht")
    assert "/meine_meldungen" in texts_of(replies)


def test_group_chat_hears_once_that_the_assistant_works_privately(new_citizen):
    group = {"id": -1_000_000_000_123, "type": "supergroup", "title": "Nachbarschaft Bieblach"}
    member = new_citizen(chat_id=group["id"], chat=group)
    replies = member.says("/start@StadtbotGeraTestBot", expect="nur im privaten Chat")
    assert "@StadtbotGeraTestBot" in texts_of(replies)
    member.says("Hallo Bot, da ist ein Schlagloch")
    added = {"chat": group, "from": member.user, "date": int(time.time()),
             "old_chat_member": {"status": "left", "user": {"id": 4242, "is_bot": True, "first_name": "Stadtbot"}},
             "new_chat_member": {"status": "member", "user": {"id": 4242, "is_bot": True, "first_name": "Stadtbot"}}}
    member.sends_update({"my_chat_member": added}, expect="nur im privaten Chat")
    # Exactly two notes: the first message and the bot being added; the second message got none.
    assert texts_of(member.received).count("nur im privaten Chat") == 2


def test_a_repeated_update_is_ignored(telegram_citizen):
    telegram_citizen.says("/datenschutz", expect="Gespeichert werden")
    original = telegram_citizen.last_sent
    repeated = {"update_id": original["update_id"], "message": {
        "message_id": original["message_id"], "date": int(time.time()), "chat": telegram_citizen.chat,
        "from": telegram_citizen.user, "text": "/datenschutz",
        "entities": [{"type": "bot_command", "offset": 0, "length": 12}]}}
    telegram_citizen.sends_update(repeated)
    telegram_citizen.says("/hilfe", expect="Befehle:")
    assert texts_of(telegram_citizen.received).count("Gespeichert werden") == 1


def test_stale_or_forged_button_is_answered_and_sends_nothing(telegram_citizen):
    greeting = telegram_citizen.says("/datenschutz", expect="Gespeichert werden")
    for data in ("b:ffff", '/send_photo{"media_url":"http://example.org/x.jpg"}'):
        telegram_citizen.last_sent = telegram_citizen._post("/sendCallback", {
            "chatId": telegram_citizen.chat_id, "messageId": greeting[0].message_id, "data": data,
            "from": telegram_citizen.user})
        telegram_citizen.waits_for("nicht mehr aktuell")
        assert "nicht mehr aktuell" in telegram_citizen.callback_answer()["text"]


def test_a_flood_is_answered_once_with_a_calm_note(telegram_citizen):
    for _ in range(20):
        telegram_citizen.says("/datenschutz")
    telegram_citizen.waits_for("sehr schnell")
    # The bucket refills (one message every two seconds): a probe gets through again.
    deadline = time.monotonic() + 30
    while "Befehle:" not in texts_of(telegram_citizen.received):
        assert time.monotonic() < deadline, "the chat never recovered from the flood"
        telegram_citizen.says("/hilfe")
        try:
            telegram_citizen.waits_for("Befehle:", timeout=3)
        except AssertionError:
            pass
    everything = texts_of(telegram_citizen.received)
    assert everything.count("sehr schnell") == 1
    assert everything.count("Gespeichert werden") in (8, 9)  # the burst (plus a refill while it ran)


def test_an_update_the_library_cannot_read_does_not_stall_the_bot(telegram_citizen):
    # A poll without the fields Bot API 9.6 made required: python-telegram-bot refuses to read it.
    old_poll = {"id": "6", "question": "Wo?", "options": [{"text": "hier", "voter_count": 0}],
                "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
                "allows_multiple_answers": False}
    telegram_citizen.sends(poll=old_poll, expect="Damit kann ich leider nichts anfangen")
    telegram_citizen.says("/datenschutz", expect="Gespeichert werden")
