"""Every text a citizen reads or hears in the chat, collected in one place (issue 18, items 3 and 4).

Used by the chat-text tests (tests/fast/app/test_chat_texts.py: screen reader rules, plain language) and by
`python -m bench.readability` (make eval). Nothing is imported from the modules that hold the texts: the
domain is read as YAML and the Python modules are parsed (ast), so both runtimes can run the collector.

Sources:
- domain.yml: every response variation (text and button titles); the easy-language variations (condition on
  the slot `easy_language`) are marked `easy`;
- the Python modules in PY_SOURCES: string literals that read as German prose (two words or more, starting
  with a capital letter or a quotation mark; not docstrings, log messages or payloads), the values of
  "title" in button dicts and of module constants named *_TITLES, and in bot/texts.py every module-level
  string (its button titles are one word).
  An f-string's fields become placeholders ("{number}"), as in the domain's templates.

Not collected: the service catalog's facts (backend/catalog/catalog.yml, data the city verifies), category
names (one or two words), and the notices in other languages (the language is not German; only the screen
reader rules apply to them).

Main flows (the readability target applies to them): reporting a defect, the state of one's reports, answers
about services, help and greeting, privacy and the emergency notice: MAIN_FLOW_RESPONSES, every text of the
modules in MAIN_FLOW_MODULES and the adapter's texts in MAIN_FLOW_BOT_TEXTS.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "domain.yml"
BOT_TEXTS = "bot/texts.py"
PY_SOURCES = ("actions/report.py", "actions/status.py", "actions/services.py", "actions/clarify.py",
              "actions/feedback.py", "actions/easy.py", "actions/clients/assets.py", BOT_TEXTS,
              "bot/handlers.py", "bot/notifications.py", "bot/photos.py", "backend/notifications.py",
              "backend/feedback.py")
# Responses in other languages than German (actions/language.py): the suffix is the language.
OTHER_LANGUAGE = re.compile(r"_(en|uk|ru|ar|tr|pl)$")
MAIN_FLOW_RESPONSES = {
    "utter_greet", "utter_help", "utter_how_can_i_help", "utter_cancel", "utter_out_of_scope", "utter_emergency",
    "utter_privacy_note", "utter_privacy", "utter_ask_category", "utter_ask_category_free_text", "utter_ask_place",
    "utter_place_found", "utter_place_choose", "utter_place_not_found", "utter_ask_photo",
    "utter_ask_description", "utter_outside_gera", "utter_ask_duplicate", "utter_report_summary",
    "utter_ask_what_to_change", "utter_report_filed", "utter_report_filed_without_number", "utter_report_queued",
    "utter_report_rejected", "utter_report_supported", "utter_support_failed", "utter_status_one",
    "utter_status_not_found", "utter_status_list", "utter_status_none", "utter_status_unavailable",
    "utter_which_service", "utter_service_not_in_catalog", "utter_catalog_unavailable", "utter_ask_lamp",
    "utter_easy_on", "utter_easy_off",
}
MAIN_FLOW_MODULES = {"actions/report.py", "actions/status.py", "actions/services.py", "actions/clarify.py",
                     "actions/easy.py"}
MAIN_FLOW_BOT_TEXTS = {"PRIVACY_SHORT", "PRIVACY", "HELP_COMMANDS", "ACCESSIBILITY",
                       "UNAVAILABLE", "NO_ANSWER", "CHOOSE", "CHOSEN"}
PROSE = re.compile(r"^[„\"A-ZÄÖÜ{(]\S*\s+\S")
CODE = re.compile(r"^(SELECT|UPDATE|INSERT|DELETE|CREATE)\b|^\{path\}")
BUTTON_NAME = re.compile(r"(_BUTTON|_YES|_NO|^RETRY|_TITLES)$")
TITLES_NAME = re.compile(r"_TITLES$")  # button titles kept as a module constant (actions/feedback.py RATING_TITLES)
IDENTIFIER = re.compile(r"^[a-z_/{}, ]*$")  # a command's name, pieces of the command list
CITIZEN_ERRORS = {"bad_request", "not_found"}  # the backend's refusals reach the citizen (utter_*_rejected)
LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical"}


@dataclass
class ChatText:
    """One message or one button title, where it comes from, and whether a main flow says it."""

    source: str  # "domain.yml:utter_ask_place", "bot/texts.py:PRIVACY", "actions/status.py:84"
    text: str
    kind: str = "message"  # or "button"
    main_flow: bool = False
    easy: bool = False  # an easy-language ("Leichte Sprache") variation
    german: bool = True
    buttons: List[str] = field(default_factory=list)


def collect() -> List[ChatText]:
    """Every citizen text of the repository (see the module's docstring)."""
    return list(domain_texts()) + [text for path in PY_SOURCES for text in python_texts(path)]


def messages(main_flow_only: bool = False, german_only: bool = True) -> List[ChatText]:
    return [t for t in collect() if t.kind == "message" and (t.german or not german_only)
            and (t.main_flow or not main_flow_only)]


def domain_texts() -> Iterator[ChatText]:
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    for name, variations in responses.items():
        for variation in variations:
            easy = any(c.get("name") == "easy_language" and c.get("value") is True
                       for c in variation.get("condition") or [])
            source = f"domain.yml:{name}" + (" (einfach)" if easy else "")
            main, german = name in MAIN_FLOW_RESPONSES, not OTHER_LANGUAGE.search(name)
            titles = [button["title"] for button in variation.get("buttons") or []]
            if variation.get("text"):
                yield ChatText(source, variation["text"], "message", main, easy, german, titles)
            for title in titles:
                yield ChatText(source, title, "button", main, easy, german)


def python_texts(path: str) -> Iterator[ChatText]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    skipped = _docstrings(tree) | _log_arguments(tree) | _fstring_parts(tree)
    titles = _title_values(tree)
    names = {key: name for key, name in _module_strings(tree).items() if path == BOT_TEXTS or TITLES_NAME.search(name)}
    for node in ast.walk(tree):
        if _is_string(node) and id(node) not in skipped:
            text, name = literal(node), names.get(id(node))
            kind = _kind(text, name, id(node) in titles)
            if kind:
                yield ChatText(f"{path}:{name or node.lineno}", text, kind, _main(path, name))


def _is_string(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _kind(text: str, name: Optional[str], title: bool) -> Optional[str]:
    """"button", "message", or None for a string nobody reads (code, a command's name, a word looked for)."""
    if CODE.match(text) or (name and IDENTIFIER.match(text)):
        return None
    if title or (name and BUTTON_NAME.search(name) and not text.endswith((".", "?", "!"))):
        return "button"
    return "message" if name or (PROSE.match(text) and not text.startswith("/")) else None


def _main(path: str, name: Optional[str]) -> bool:
    return path in MAIN_FLOW_MODULES or (path == BOT_TEXTS and name in MAIN_FLOW_BOT_TEXTS)


def literal(node) -> str:
    """A string literal as text; an f-string's fields as "{field}" placeholders."""
    if isinstance(node, ast.Constant):
        return node.value
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(value.value)
        else:
            parts.append("{" + ast.unparse(value.value) + "}")
    return "".join(parts)


def _docstrings(tree) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _log_arguments(tree) -> set:
    """Strings in log calls and in comparisons or membership tests (words the code looks for, not says)."""
    found = set()
    for node in ast.walk(tree):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOG_CALLS
        if isinstance(node, ast.Raise) and not _citizen_error(node):
            call = True
        if call or isinstance(node, ast.Compare) or isinstance(node, ast.Subscript):
            found |= {id(n) for n in ast.walk(node) if isinstance(n, (ast.Constant, ast.JoinedStr))
                      and not (isinstance(node, ast.Subscript) and n is not node.slice)}
    return found


def _citizen_error(node: ast.Raise) -> bool:
    exc = node.exc
    return isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name) and exc.func.id in CITIZEN_ERRORS


def _title_values(tree) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "title":
                    found.add(id(value))
    return found


def _module_strings(tree) -> dict:
    """id of each module-level string (or f-string) → its constant's name (bot/texts.py)."""
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            for value in ast.walk(node.value):
                if _is_string(value):
                    names[id(value)] = node.targets[0].id
    return names


def _fstring_parts(tree) -> set:
    """The constant parts of f-strings: collected with their f-string."""
    return {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in ast.walk(node)
            if part is not node}
