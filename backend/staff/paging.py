"""Paging of the staff lists: the `seite` query value and the "zurück"/"weiter" links."""

import re
from typing import Mapping
from urllib.parse import urlencode

_PAGE = re.compile(r"^[1-9][0-9]{0,5}$")  # ASCII only: str.isdigit() also accepts "²", which int() refuses
PAGE_ERROR = "„seite“ muss eine positive ganze Zahl sein."


def page_number(params: Mapping[str, str]) -> int:
    """The requested page (1 when absent); ValueError with the German PAGE_ERROR when it is not a page."""
    text = (params.get("seite") or "1").strip()
    if not _PAGE.match(text):
        raise ValueError(PAGE_ERROR)
    return int(text)


def page_links(query: Mapping[str, object], page: int, total: int, size: int) -> dict:
    """{"zurück": "?…", "weiter": "?…"} as far as there are such pages; `query` keeps the list's filters."""
    links = {}
    if page > 1:
        links["zurück"] = "?" + urlencode({**query, "seite": page - 1})
    if page * size < total:
        links["weiter"] = "?" + urlencode({**query, "seite": page + 1})
    return links
