"""The three attack harnesses of `make fuzz` still run: each at a tiny size against the session's servers.

The full attacks (bench/fuzz_telegram.py, bench/fuzz_open311.py, bench/faults.py) take minutes and
print figures; here each runs for seconds, so a change that breaks a harness shows in `make test`.
What they measure is their business: these tests check that they ran and counted, and what no
harness at any size may show (a process that died, a lost report).
"""

import pytest

from bench import faults, fuzz_open311, fuzz_telegram
from scripts.stack import backend
from tests.telegram_fixtures import TOKEN, api_key

pytest_plugins = ["tests.telegram_fixtures"]


def test_thirty_hostile_updates_are_delivered_and_no_adapter_dies(telegram):
    adapter, hook = fuzz_telegram.webhook_adapter(telegram.settings, "4646:fuzz-smoke", name="bot-fuzz-webhook")
    with adapter as webhook_bot:
        attack = fuzz_telegram.Attack(telegram.emulator.url, hook, poll_token=TOKEN, webhook_token="4646:fuzz-smoke",
                                      quiet=3.0)
        fuzz_telegram.run(attack, fuzz_telegram.generate(30, seed=0), rate=30.0, seed=0)
        counts = fuzz_telegram.figures(attack)
        assert webhook_bot.poll() is None and telegram.process.poll() is None
    assert counts["sent"] == 30
    assert counts["answered"] > 0
    assert counts["refused wrongly"] == 0 and counts["accepted wrongly"] == 0


def test_fifty_generated_requests_reach_the_open311_api(stack):
    result = fuzz_open311.fuzz(stack.settings.backend_url, api_key(stack.settings), count=50, seed=0)
    assert sum(result["statuses"].values()) + len(result["failures"]) == 50
    assert len(result["statuses"]) > 2  # successes and several kinds of refusal
    assert stack.processes["backend"].poll() is None


def test_two_citizens_file_through_a_backend_restart_and_nothing_is_lost(stack, telegram):
    result = faults.chat_through_faults(stack, telegram.emulator.url, TOKEN, count=2, order=["backend"],
                                        servers={"backend": backend}, down=2.0, between=0.0, warm_up=5.0,
                                        settle_max=60.0)
    assert sum(c.tally.rounds for c in result["citizens"]) >= 2
    assert result["confirmed"], "no citizen got a report number or the outbox promise"
    assert faults.lost_reports(result["confirmed"], result["in backend"]) == []
    assert all(result["alive"].values())
