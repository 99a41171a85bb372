"""The reports citizens were told about against the reports the backend keeps: lost and filed twice.

After a phase the harness asks the backend (GET /open311/v2/requests.json
with the X-Api-Key header, `account_id` = the chat's id, as "Meine
Meldungen" does and bench/faults.py) for the reports of every chat the phase
used, and finds each one's round by its address ("Sorge <house>"; a house
is distinct per round of a citizen, a chat belongs to one citizen, so
(chat, house) names one round). `count` then gives, as bench/faults.py does:

- lost: a confirmed number the backend has under none of these chats, or an
  outbox promise whose round has no report;
- filed twice: every report of a round beyond its first;
- filed unheard: a round in the backend that its citizen never got a
  confirmation for (the answer was lost, e.g. with a killed worker).
"""

import asyncio
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Tuple

import httpx

from bench.load.citizens import Confirmation

HOUSE = re.compile(r"Sorge (\d+)")
Round = Tuple[int, int]  # (chat id, house)
SETTLE_SECONDS = 60.0  # how long to wait for the outbox to deliver a promised report


@dataclass
class ReportCount:
    confirmed: int = 0  # with a number
    promised: int = 0  # the outbox's promise
    in_backend: int = 0
    lost: List[Confirmation] = field(default_factory=list)
    twice: Dict[Round, List[str]] = field(default_factory=dict)
    unheard: List[Round] = field(default_factory=list)

    @property
    def filed_twice(self) -> int:
        return sum(len(numbers) - 1 for numbers in self.twice.values())


def count(confirmations: Iterable[Confirmation], filed: Dict[Round, List[str]]) -> ReportCount:
    """Compare what citizens were told (`confirmations`) with what the backend has (`filed`: round -> numbers)."""
    confirmations = list(confirmations)
    numbers = {number for found in filed.values() for number in found}
    told_numbers = {c.number for c in confirmations if c.number}
    told_rounds = {(c.chat_id, c.house) for c in confirmations}
    return ReportCount(
        confirmed=sum(c.number is not None for c in confirmations),
        promised=sum(c.number is None for c in confirmations),
        in_backend=sum(len(found) for found in filed.values()),
        lost=[c for c in confirmations if (c.number not in numbers if c.number else (c.chat_id, c.house) not in filed)],
        twice={round_: found for round_, found in filed.items() if len(found) > 1},
        unheard=sorted(round_ for round_, found in filed.items()
                       if round_ not in told_rounds and not told_numbers & set(found)))


def rounds_of(chat_id: int, reports: Iterable[dict]) -> Dict[Round, List[str]]:
    """One chat's reports by round; a report without "Sorge <n>" goes under house -1."""
    found: Dict[Round, List[str]] = defaultdict(list)
    for report in reports:
        house = HOUSE.search(f"{report.get('description') or ''} {report.get('address') or ''}")
        found[(chat_id, int(house.group(1)) if house else -1)].append(str(report["service_request_id"]))
    return found


async def filed_reports(backend_url: str, key: str, chat_ids: Iterable[int]) -> Dict[Round, List[str]]:
    filed: Dict[Round, List[str]] = {}
    async with httpx.AsyncClient(timeout=30, headers={"X-Api-Key": key}) as http:
        for chat_id in dict.fromkeys(chat_ids):
            response = await http.get(f"{backend_url}/open311/v2/requests.json",
                                      params={"account_id": str(chat_id), "page_size": "200"})
            response.raise_for_status()
            filed.update(rounds_of(chat_id, response.json()))
    return filed


async def settled_count(backend_url: str, key: str, chat_ids: List[int], confirmations: List[Confirmation],
                        settle: float = SETTLE_SECONDS) -> ReportCount:
    """`count` once the backend has every promised report, or after `settle` seconds."""
    deadline = time.monotonic() + settle
    while True:
        result = count(confirmations, await filed_reports(backend_url, key, chat_ids))
        if not any(c.number is None for c in result.lost) or time.monotonic() > deadline:
            return result
        await asyncio.sleep(2.0)
