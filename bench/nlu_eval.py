"""`make eval`: how well models trained from the repository understand messages they never saw.

For every seed (config.yml's and three more, `--seeds` to choose) it trains
the model if needed, parses in-process

- the blind set tests/data/nlu_blind.yml (written from the contract alone,
  by someone who never saw nlu/data): only per-intent and per-entity
  figures are printed, never its messages, so that nobody tunes on it;
- the development set tests/data/nlu_dev.yml (`--errors` lists its mistakes);
- the generic openers of tests/data/openers.yml and the messages in other
  languages of tests/data/languages.yml,

and prints the figures of each model, then min / mean / max over the seeds
next to the targets. It prints figures; it does not pass or fail.

    python -m bench.nlu_eval [--seeds config,1,2,3] [--set blind,dev] [--errors]
"""

import argparse
import statistics
from collections import Counter, defaultdict
from typing import Dict, List, Optional

from actions.clarify import EMERGENCY_CONFIDENCE
from bench.nlu_model import LANGUAGES, OPENERS, Parser, entity_values, load_messages, load_yaml, seed_name, seeds_from
from nlu.text import fold
from scripts.train import train

DEFAULT_SEEDS = "config,1,2,3"
# (figure, target, higher is better); the targets for the blind set and every seed.
TARGETS = {
    "intent accuracy": (0.96, True),
    "category accuracy": (0.95, True),
    "service accuracy": (0.97, True),
    "info_type accuracy": (None, True),
    "location found": (0.95, True),
    "location exact": (0.80, True),
    "report_id found": (None, True),
    "emergency recall": (1.0, True),
    "false emergencies": (0, False),
    "emergency notice shown": (1.0, True),
    "notice without emergency": (None, False),
}


def place_found(expected: str, predicted: str) -> bool:
    """A place counts as found when one span contains the other (prepositions aside)."""
    if not predicted:
        return False
    a, b = fold(expected).strip(), fold(predicted).strip()
    return a in b or b in a


def digits(text: str) -> str:
    """The contract asks for the digits of a report number ("M-4711" -> "4711")."""
    return "".join(c for c in text if c.isdigit())


def evaluate(messages: List[Dict], parser: Parser) -> Dict:
    rows = []
    for message in messages:
        parse = parser.parse(message["text"])
        rows.append((message, contract_intent(parse["intent"]["name"]), entity_values(parse), shows_emergency_notice(parse)))
    return summarise(rows)


def shows_emergency_notice(parse: Dict) -> bool:
    """What the citizen sees first: 112 / 110 for an emergency, and when asked back
    about a message that might be one (actions/clarify.py)."""
    if parse["intent"]["name"] == "emergency":
        return True
    return parse["intent"]["name"] == "nlu_fallback" and any(
        r["name"] == "emergency" and r["confidence"] >= EMERGENCY_CONFIDENCE for r in parse.get("intent_ranking", [])
    )


def contract_intent(name: str) -> str:
    """The contract's name for what the assistant did: a message in another language
    gets the out-of-scope answer, in that language."""
    return "out_of_scope" if name == "other_language" else name


def summarise(rows) -> Dict:
    by_intent = defaultdict(lambda: [0, 0])
    confusions: Counter = Counter()
    counts = {k: [0, 0] for k in ("category", "service", "info_type", "location found", "location exact", "report_id")}
    by_value = {kind: defaultdict(lambda: [0, 0]) for kind in ("category", "service")}
    false_emergencies, errors = [], []
    false_emergency_intents: Counter = Counter()
    notices = {"shown": [0, 0], "false": 0}
    spans: Counter = Counter()

    def count(kind: str, right: bool, message: Dict, predicted) -> None:
        counts[kind][0] += right
        counts[kind][1] += 1
        if not right:
            errors.append(f"{kind} {message.get(kind.split()[0])!r} -> {predicted!r}: {message['text']}")

    for message, intent, entities, notice in rows:
        expected = message["intent"]
        if expected == "emergency":
            notices["shown"][0] += notice
            notices["shown"][1] += 1
        elif notice:
            notices["false"] += 1
        by_intent[expected][1] += 1
        if intent == expected:
            by_intent[expected][0] += 1
        else:
            confusions[(expected, intent)] += 1
            errors.append(f"intent {expected} -> {intent}: {message['text']}")
        if intent == "emergency" and expected != "emergency":
            false_emergencies.append(message["text"])
            false_emergency_intents[expected] += 1
        for kind in ("category", "service", "info_type"):
            if kind in message:
                right = entities.get(kind) == message[kind]
                count(kind, right, message, entities.get(kind))
                if kind in by_value:
                    by_value[kind][message[kind]][0] += right
                    by_value[kind][message[kind]][1] += 1
        if "location" in message:
            predicted = entities.get("location", "")
            count("location found", place_found(message["location"], predicted), message, predicted)
            if place_found(message["location"], predicted):  # a place not found is listed above
                count("location exact", fold(message["location"]) == fold(predicted), message, predicted)
            else:
                counts["location exact"][1] += 1
            spans[span_mismatch(message["location"], predicted)] += 1
        if "report_id" in message:
            predicted = digits(entities.get("report_id", ""))
            count("report_id", bool(predicted) and digits(str(message["report_id"])) == predicted, message, predicted)
    total = sum(n for _, n in by_intent.values())
    emergencies = by_intent.get("emergency", [0, 0])
    figures = {
        "intent accuracy": sum(c for c, _ in by_intent.values()) / total,
        "category accuracy": share(counts["category"]),
        "service accuracy": share(counts["service"]),
        "info_type accuracy": share(counts["info_type"]),
        "location found": share(counts["location found"]),
        "location exact": share(counts["location exact"]),
        "report_id found": share(counts["report_id"]),
        "emergency recall": share(emergencies),
        "false emergencies": len(false_emergencies),
        "emergency notice shown": share(notices["shown"]),
        "notice without emergency": notices["false"],
    }
    return {
        "messages": total,
        "figures": figures,
        "sizes": {k: n for k, (_, n) in counts.items()},
        "recall": {i: c / n for i, (c, n) in sorted(by_intent.items())},
        "spans": spans,
        "value_recall": {kind: {v: (c, n) for v, (c, n) in sorted(values.items())} for kind, values in by_value.items()},
        "false_emergencies": false_emergencies,
        "false_emergency_intents": false_emergency_intents,
        "confusions": confusions.most_common(10),
        "errors": errors,
    }


def span_mismatch(expected: str, predicted: str) -> str:
    """How a found place differs from the expected one: the kind of mistake, without the message."""
    a, b = fold(expected).strip(), fold(predicted).strip()
    if a == b:
        return "exact"
    if not b:
        return "none found"
    if b in a:
        return "too short"
    if a in b:
        return "too long"
    return "overlapping or other"


def share(pair) -> Optional[float]:
    right, total = pair
    return right / total if total else None


def openers_and_languages(parser: Parser) -> Dict[str, float]:
    """Recall on the generic openers and on the messages in other languages."""
    figures = {}
    openers = load_yaml(OPENERS)
    for kind, intent in (("report", "report_issue"), ("service", "ask_service")):
        texts = openers[kind]
        figures[f"openers {kind} (n={len(texts)})"] = sum(parser.parse(t)["intent"]["name"] == intent for t in texts) / len(texts)
    languages = load_yaml(LANGUAGES)
    for language, texts in languages["emergency"].items():
        right = 0
        for text in texts:
            parse = parser.parse(text)
            in_language = language == "de_broken" or parse.get("language") == language
            right += parse["intent"]["name"] == "emergency" and in_language
        figures[f"emergency {language} (n={len(texts)})"] = right / len(texts)
    for language, texts in languages["not_emergency"].items():
        answered = sum(parse_is_other_language(parser.parse(t), language) for t in texts)
        figures[f"other language {language} (n={len(texts)})"] = answered / len(texts)
    near = languages["german_near_misses"]
    figures[f"near misses not emergency (n={len(near)})"] = sum(parser.parse(t)["intent"]["name"] != "emergency" for t in near) / len(near)
    return figures


def parse_is_other_language(parse: Dict, language: str) -> bool:
    return parse["intent"]["name"] == "other_language" and parse.get("language") == language


def one_model(seed: Optional[int], set_names: List[str], show_errors: bool) -> Dict[str, Dict]:
    model = train(seed, quiet=True)
    parser = Parser(model)
    print(f"\n## seed {seed_name(seed)}: {model.name} (load {parser.load_seconds:.0f} s)")
    results = {}
    for name in set_names:
        result = evaluate(load_messages(name), parser)
        results[name] = result["figures"]
        print(report(name, result, show_errors and name == "dev"))
    results["checks"] = openers_and_languages(parser)
    print("openers and other languages (share answered right):")
    for figure, value in results["checks"].items():
        print(f"    {figure:<40}{value:.3f}")
    parser.close()
    return results


def report(name: str, result: Dict, show_errors: bool) -> str:
    lines = [f"{name} set: {result['messages']} messages"]
    for figure, value in result["figures"].items():
        size = {"category accuracy": "category", "service accuracy": "service", "info_type accuracy": "info_type",
                "location found": "location found", "location exact": "location exact", "report_id found": "report_id"}.get(figure)
        suffix = f"  (n={result['sizes'][size]})" if size else ""
        lines.append(f"    {figure:<28}{format_value(value)}{suffix}")
    lines.append("    per-intent recall: " + ", ".join(f"{i} {r:.2f}" for i, r in result["recall"].items()))
    # Per value and per expected intent only: figures a writer of training data may see for the blind set too.
    for kind, values in result["value_recall"].items():
        lines.append(f"    per-{kind} right/all: " + ", ".join(f"{v} {c}/{n}" for v, (c, n) in values.items()))
    if result["false_emergency_intents"]:
        lines.append("    false emergencies by expected intent: "
                     + ", ".join(f"{i} {n}" for i, n in result["false_emergency_intents"].most_common()))
    lines.append("    places against the expected span: " + ", ".join(f"{kind} {n}" for kind, n in result["spans"].most_common()))
    if name != "blind":
        lines += [f"    false emergency: {text}" for text in result["false_emergencies"]]
        lines.append("    top confusions: " + ", ".join(f"{a}->{b} {n}" for (a, b), n in result["confusions"]))
    if show_errors:
        lines += [f"    {e}" for e in result["errors"]]
    return "\n".join(lines)


def format_value(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def summary(per_seed: Dict[str, Dict[str, Dict]]) -> str:
    """min / mean / max of every figure over the seeds, with the target."""
    seeds = list(per_seed)
    lines = [f"\n## over {len(seeds)} seeds ({', '.join(seeds)})", f"{'set / figure':<48}{'target':>8}{'min':>8}{'mean':>8}{'max':>8}   per seed"]
    first = per_seed[seeds[0]]
    for set_name, figures in first.items():
        for figure in figures:
            values = [per_seed[s][set_name][figure] for s in seeds]
            if any(v is None for v in values):
                continue
            target, higher = TARGETS.get(figure, (1.0 if set_name == "checks" else None, True))
            worst = min(values) if higher else max(values)
            mark = "" if target is None else ("  ok" if (worst >= target if higher else worst <= target) else "  BELOW TARGET")
            lines.append(
                f"{set_name + ' / ' + figure:<48}{format_value(target):>8}{min(values):>8.3f}{statistics.mean(values):>8.3f}{max(values):>8.3f}"
                f"   {' '.join(format_value(v) for v in values)}{mark}"
            )
    return "\n".join(lines)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--seeds", default=DEFAULT_SEEDS, help="comma-separated; 'config' is config.yml's seed")
    args.add_argument("--set", default="blind,dev", help="comma-separated: blind, dev")
    args.add_argument("--errors", action="store_true", help="list every mistake on the development set")
    options = args.parse_args()
    set_names = [s.strip() for s in options.set.split(",") if s.strip()]
    per_seed = {seed_name(seed): one_model(seed, set_names, options.errors) for seed in seeds_from(options.seeds)}
    print(summary(per_seed))


if __name__ == "__main__":
    main()
