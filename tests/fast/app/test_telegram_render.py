"""bot/render.py: the assistant's replies as Telegram messages (no servers needed)."""

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.render import Buttons, merge_turns, render, split_text

ASK_PLACE = [{"text": "Wo ist das? Senden Sie Ihren Standort."}, {"custom": {"keyboard": "request_location"}}]
ASK_PHOTO = [{"text": "Haben Sie ein Foto?", "buttons": [{"title": "Ohne Foto", "payload": "/deny"}]}]
PRIVACY = [{"text": "Kurz zum Datenschutz: ... Mehr: /datenschutz"}]


def test_long_text_is_split_at_telegrams_limit_on_word_boundaries():
    text = ("Schmiererei an der Wand. " * 400).strip()
    pieces = split_text(text)
    assert len(pieces) == 3 and all(len(piece) <= 4096 for piece in pieces)
    assert " ".join(pieces) == text


def test_a_word_longer_than_the_limit_is_cut_hard():
    assert [len(piece) for piece in split_text("x" * 9000)] == [4096, 4096, 808]


def test_buttons_carry_short_ids_and_the_chat_keeps_long_payloads():
    chat = {}
    payload = '/inform{"category":"street_furniture","location":"Ecke Heinrichstraße/Sorge, vor dem Eingang"}'
    messages, _ = render([{"text": "Worum geht es?", "buttons": [{"title": "Stadtmobiliar", "payload": payload}]}],
                         Buttons(chat), keyboard_shown=False)
    (button,) = messages[0].markup.inline_keyboard[0]
    assert len(button.callback_data.encode()) <= 64 < len(payload.encode())
    assert Buttons(chat).get(button.callback_data) == (payload, "Stadtmobiliar")
    assert Buttons(chat).get('/inform{"category":"tree"}') is None, "only offered buttons count"


def test_the_place_question_gets_the_location_keyboard():
    messages, shown = render(PRIVACY + ASK_PLACE, Buttons({}), keyboard_shown=False)
    assert [m.text for m in messages] == [PRIVACY[0]["text"], ASK_PLACE[0]["text"]]
    keyboard = messages[1].markup
    assert isinstance(keyboard, ReplyKeyboardMarkup) and shown
    assert keyboard.keyboard[0][0].request_location and keyboard.keyboard[1][0].text == "Abbrechen"


def test_the_keyboard_goes_with_the_next_text_without_buttons():
    messages, shown = render(ASK_PHOTO, Buttons({}), keyboard_shown=True)
    assert isinstance(messages[0].markup, InlineKeyboardMarkup) and shown
    messages, shown = render([{"text": "Beschreiben Sie das Problem."}], Buttons({}), keyboard_shown=True)
    assert isinstance(messages[0].markup, ReplyKeyboardRemove) and not shown


def test_buttons_and_a_keyboard_on_one_text_become_two_messages():
    replies = [{"text": "Wo genau?", "buttons": [{"title": "Abbrechen", "payload": "/cancel"}]},
               {"custom": {"keyboard": "request_location"}}]
    messages, _ = render(replies, Buttons({}), keyboard_shown=False)
    assert isinstance(messages[0].markup, ReplyKeyboardMarkup)
    assert messages[1].text == "Bitte wählen Sie:" and isinstance(messages[1].markup, InlineKeyboardMarkup)


def test_many_short_buttons_go_two_in_a_row():
    buttons = [{"title": f"Kategorie {i}", "payload": f"/inform{i}"} for i in range(16)]
    messages, _ = render([{"text": "Worum geht es?", "buttons": buttons}], Buttons({}), keyboard_shown=False)
    assert [len(row) for row in messages[0].markup.inline_keyboard] == [2] * 8


def test_later_turns_make_earlier_questions_obsolete_but_keep_statements():
    emergency = [{"text": "Notfall? 112"}]
    merged = merge_turns([PRIVACY + ASK_PLACE, emergency + ASK_PLACE])
    assert merged == PRIVACY + emergency + ASK_PLACE


def test_user_text_is_sent_as_plain_text():
    messages, _ = render([{"text": "<b>Loch</b> *hier* _da_"}], Buttons({}), keyboard_shown=False)
    assert messages[0].text == "<b>Loch</b> *hier* _da_"  # sent without parse_mode: shown as typed


def test_a_typed_place_is_shown_as_a_map_pin_before_its_question():
    venue = {"latitude": 50.8794, "longitude": 12.0789, "title": "Johannisplatz", "address": "Gera"}
    replies = [{"custom": {"venue": venue}},
               {"text": "Johannisplatz in Zentrum Süd – stimmt das?", "buttons": [{"title": "Ja, genau da", "payload": "/affirm"}]},
               {"custom": {"keyboard": "request_location"}}]
    messages, shown = render(replies, Buttons({}), keyboard_shown=False)
    assert messages[0].venue == venue and messages[0].text is None
    assert messages[1].text == "Johannisplatz in Zentrum Süd – stimmt das?" and shown


def test_a_broken_venue_is_no_message():
    for venue in ({"latitude": "Norden", "longitude": 12.0, "title": "X"}, {"latitude": 95, "longitude": 12.0,
                  "title": "X"}, {"latitude": 50.8, "longitude": 12.0, "title": "  "}, "Johannisplatz"):
        messages, _ = render([{"custom": {"venue": venue}}], Buttons({}), keyboard_shown=False)
        assert all(m.venue is None for m in messages), venue


def test_a_venue_name_is_a_name_not_a_text():
    venue = {"latitude": 50.8794, "longitude": 12.0789, "title": "Platz " * 100, "address": None}
    (message,), _ = render([{"custom": {"venue": venue}}], Buttons({}), keyboard_shown=False)
    assert len(message.venue["title"]) <= 100 and message.venue["address"] == "Gera"


def test_a_link_button_opens_the_official_page_and_anything_but_https_stays_a_callback():
    chat = {}
    buttons = [{"title": "Termin buchen", "url": "https://www.gera.de/termin", "payload": "/ask_service"},
               {"title": "Unsicher", "url": "http://example.org", "payload": "/ask_service"},
               {"title": "Skript", "url": "javascript:alert(1)", "payload": "/ask_service"}]
    messages, _ = render([{"text": "Personalausweis: …", "buttons": buttons}], Buttons(chat), keyboard_shown=False)
    keys = [key for row in messages[0].markup.inline_keyboard for key in row]
    assert keys[0].url == "https://www.gera.de/termin" and keys[0].callback_data is None
    assert [k.url for k in keys[1:]] == [None, None] and all(k.callback_data for k in keys[1:])
    assert Buttons(chat).get(keys[1].callback_data) == ("/ask_service", "Unsicher")
