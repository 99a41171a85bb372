"""Closing the loop on Telegram (issue 16): a report set "erledigt" asks the citizen whether it is fixed.
"Nein, noch nicht" with a photo and words reopens it for staff ("wieder geöffnet" in the queue, the remark and
the photo on its page, internal); "Ja, behoben" is thanked and rated 1–5 (the staff dashboard counts it)."""

import httpx

from bot.texts import FIXED_NO_BUTTON, FIXED_QUESTION, FIXED_YES_BUTTON
from tests.staff_fixtures import csrf_from, logged_in
from tests.telegram_fixtures import backend_report, photo_with_exif, texts_of
from tests.test_telegram_notifications import change_status, file_report

pytest_plugins = ["tests.telegram_fixtures", "tests.staff_fixtures"]


def solved(telegram, citizen, staff=None) -> str:
    """A report filed on Telegram and set "erledigt" (by a staff member in the staff web, else the city's API)."""
    number = file_report(citizen)
    if staff is None:
        change_status(telegram.settings, number, "solved", "Die Ampel ist repariert.")
    else:
        token = csrf_from(staff.get(f"/staff/reports/{number}").text)
        changed = staff.post(f"/staff/reports/{number}/state", data={"csrf_token": token, "state": "solved",
                                                                     "note": "Die Ampel ist repariert."})
        assert changed.status_code == 303
    news = citizen.waits_for(FIXED_NO_BUTTON)
    assert FIXED_QUESTION in texts_of(news) and FIXED_YES_BUTTON in [t for m in news for t in m.button_titles]
    return number


def test_not_fixed_with_photo_and_words_reopens_the_report_for_staff(telegram, telegram_citizen, stack_backend,
                                                                     stack_staff_user):
    with logged_in(stack_backend, stack_staff_user) as staff:
        number = solved(telegram, telegram_citizen, staff)
    asked = telegram_citizen.presses(FIXED_NO_BUTTON, expect="Foto schicken")
    assert f"Meldung Nr. {number} wieder geöffnet" in texts_of(asked)
    assert backend_report(telegram.settings, number)["status"] == "open"
    telegram_citizen.sends_photo(photo_with_exif("JPEG"), (320, 240), caption="Sie blinkt nur gelb",
                                 expect=f"zu Meldung Nr. {number} gelegt")

    with logged_in(stack_backend, stack_staff_user) as staff:
        queue = staff.get("/staff/reports", params={"stand": "reopened"}).text
        assert f">{number}</a>" in queue
        page = staff.get(f"/staff/reports/{number}").text
    assert "Rückmeldung der meldenden Person: Sie blinkt nur gelb Mit Foto." in page
    assert "Weitere Fotos" in page and "wieder geöffnet" in page
    public = httpx.get(f"{telegram.settings.backend_url}/open311/v2/requests/{number}.json").json()[0]
    assert "gelb" not in str(public), "the citizen's remark is internal"


def test_fixed_is_thanked_and_rated(telegram, telegram_citizen, stack_backend, stack_staff_user):
    number = solved(telegram, telegram_citizen)
    asked = telegram_citizen.presses(FIXED_YES_BUTTON, expect="Wie zufrieden")
    assert [t for m in asked for t in m.button_titles][-5:] == ["1 – gar nicht", "2 – wenig", "3 – mittel", "4 – gut",
                                                                "5 – sehr"]
    assert "Danke" in texts_of(telegram_citizen.presses("5 – sehr", expect="Bewertung"))
    assert backend_report(telegram.settings, number)["status"] == "closed"
    with logged_in(stack_backend, stack_staff_user) as staff:
        section = staff.get("/staff/dashboard").text.split('id="zufriedenheit"')[1].split("</section>")[0]
    assert "Ampel" in section
    again = telegram_citizen.presses("4 – gut", expect="schon bewertet")
    assert "Das ging leider nicht" in texts_of(again)


def test_an_album_becomes_one_report_and_a_photo_can_follow_from_my_reports(telegram, telegram_citizen,
                                                                             stack_backend, stack_staff_user):
    for n in range(3):  # Telegram sends an album as one message per photo, with one media_group_id
        telegram_citizen.sends_photo(photo_with_exif("JPEG"), (320, 240), media_group_id="album-1",
                                     caption="Schmiererei an der Wand" if n == 0 else None)
    telegram_citizen.waits_for("Wo ist das")
    point = {"latitude": 50.8765, "longitude": 12.0812}
    summary = telegram_citizen.sends(expect="Absenden", location=point)
    assert "Foto: ja (3 Fotos)" in texts_of(summary)
    number = texts_of(telegram_citizen.presses("Absenden", expect="Nr.")).split("Nr. ")[1].split(".")[0]
    with logged_in(stack_backend, stack_staff_user) as staff:
        page = staff.get(f"/staff/reports/{number}").text
    assert page.count("Weiteres Foto zur Meldung") == 2 and "Schmiererei an der Wand" in page

    overview = telegram_citizen.says("/meine_meldungen", expect=f"Foto oder Hinweis zu Nr. {number}")
    assert number in texts_of(overview)
    telegram_citizen.presses(f"Foto oder Hinweis zu Nr. {number}", expect="ergänzen")
    telegram_citizen.sends_photo(photo_with_exif("JPEG"), (320, 240), expect="ein paar Worte")
    telegram_citizen.presses("Nichts weiter", expect=f"zu Meldung Nr. {number} gelegt")
    with logged_in(stack_backend, stack_staff_user) as staff:
        page = staff.get(f"/staff/reports/{number}").text
    assert page.count("Weiteres Foto zur Meldung") == 3
