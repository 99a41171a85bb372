"""What every citizen tries first: greetings, help, thanks, goodbye, "are you a bot?", nonsense."""

from tests.conftest import button_titles, texts


def test_greeting_says_what_the_assistant_does_with_buttons(citizen):
    replies = citizen.says("Hallo")
    assert "Meldungen" in texts(replies) or "Schäden" in texts(replies)
    assert "Mangel melden" in button_titles(replies)
    assert "Frage zu einer Leistung" in button_titles(replies)


def test_help_explains_both_tasks(citizen):
    answer = texts(citizen.says("was kannst du eigentlich?"))
    assert "Schäden" in answer and "melden" in answer and "Leistungen" in answer


def test_thanks_are_answered_politely(citizen):
    assert "Gern geschehen" in texts(citizen.says("vielen dank!"))


def test_goodbye(citizen):
    assert "Auf Wiedersehen" in texts(citizen.says("Tschüss"))


def test_bot_question_is_answered_honestly_with_a_human_contact(citizen):
    answer = texts(citizen.says("Bist du ein Bot oder ein Mensch?"))
    assert "kein Mensch" in answer
    assert "0365 838-1900" in answer


def test_out_of_scope_is_polite_and_says_what_is_possible(citizen):
    replies = citizen.says("Wie wird das Wetter morgen?")
    assert "nicht helfen" in texts(replies)
    assert "Mangel melden" in button_titles(replies)


def test_cancel_without_a_process_confirms_nothing_was_sent(citizen):
    assert "nichts gesendet" in texts(citizen.says("abbrechen"))


def test_every_reply_uses_formal_address(citizen):
    for message in ("Hallo", "Hilfe", "danke", "Erzähl mir einen Witz"):
        answer = texts(citizen.says(message))
        assert " du " not in f" {answer.lower()} " and " dein" not in answer.lower()
