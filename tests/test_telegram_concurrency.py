"""Twenty citizens write at once; each gets their own answers and their own report. One who floods slows nobody."""

from concurrent.futures import ThreadPoolExecutor

from bot.guards import PER_CHAT_UPDATES
from tests.telegram_fixtures import TelegramCitizen, backend_report, filed_number, texts_of

pytest_plugins = ["tests.telegram_fixtures"]

CITIZENS = 20


def report_a_pothole(url: str, house: int) -> tuple:
    citizen = TelegramCitizen(url)
    try:
        citizen.says("Hallo", expect="Wobei kann ich helfen")
        citizen.says(f"Schlagloch in der Sorge {house}", expect="Weiß ich nicht genau")
        citizen.presses("Weiß ich nicht genau", expect="Ohne Foto")  # each keeps its own typed address
        summary = citizen.presses("Ohne Foto", expect="Absenden")
        assert f"Sorge {house}" in texts_of(summary)
        number = filed_number(citizen.presses("Absenden", expect="Nr."))
        return citizen, number
    finally:
        citizen.close()


def test_twenty_citizens_at_once_each_get_their_own_answers(telegram):
    houses = [100 + i for i in range(CITIZENS)]
    with ThreadPoolExecutor(CITIZENS) as pool:
        results = list(pool.map(lambda house: report_a_pothole(telegram.emulator.url, house), houses))
    numbers = [number for _, number in results]
    assert len(set(numbers)) == CITIZENS
    for (citizen, number), house in zip(results, houses):
        everything = texts_of(citizen.received)
        others = [h for h in houses if h != house]
        assert not any(f"Sorge {h}" in everything for h in others), "nobody sees another citizen's report"
        assert backend_report(telegram.settings, number)["address"] == f"Sorge {house}"


def test_a_chat_that_forwards_300_messages_hears_once_to_slow_down_and_another_is_answered(new_citizen):
    flooder, neighbour = new_citizen(), new_citizen()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda number: flooder.says(f"Hallo {number}"), range(300)))
    neighbour.says("Hallo")
    neighbour.waits_for("Wobei kann ich helfen", timeout=20)
    flooder.waits_for("Bitte langsamer")
    while flooder.poll(3):  # until the flood has been worked off
        pass
    everything = texts_of(flooder.received)
    assert everything.count("Bitte langsamer") == 1
    assert everything.count("Wobei kann ich helfen") <= PER_CHAT_UPDATES, "the rest was dropped, not queued"
