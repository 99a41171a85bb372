"""`make eval`: how well the NLU understands messages it was never trained on.

Parses every message of tests/data/nlu_heldout.yml (or --set dev) with the
trained model in-process and prints intent accuracy, per-intent recall,
canonical-value accuracy, extraction rates, emergency figures and the top
confusions. It prints figures; it does not pass or fail.

    python -m bench.nlu_eval [--set heldout|dev] [--errors]
"""

import argparse
from collections import Counter, defaultdict
from typing import Dict, List

from bench.nlu_model import Parser, entity_values, load_messages
from nlu.text import fold


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
        rows.append((message, parse["intent"]["name"], entity_values(parse)))
    return summarise(rows)


def summarise(rows) -> Dict:
    by_intent = defaultdict(lambda: [0, 0])
    confusions: Counter = Counter()
    values = {k: [0, 0] for k in ("category", "service", "info_type")}
    location, location_exact, report_id = [0, 0], [0, 0], [0, 0]
    false_emergencies, errors = [], []
    for message, intent, entities in rows:
        expected = message["intent"]
        by_intent[expected][1] += 1
        if intent == expected:
            by_intent[expected][0] += 1
        else:
            confusions[(expected, intent)] += 1
            errors.append(f"intent {expected} -> {intent}: {message['text']}")
        if intent == "emergency" and expected != "emergency":
            false_emergencies.append(message["text"])
        for kind, counts in values.items():
            if kind in message:
                counts[1] += 1
                if entities.get(kind) == message[kind]:
                    counts[0] += 1
                else:
                    errors.append(f"{kind} {message[kind]} -> {entities.get(kind)}: {message['text']}")
        if "location" in message:
            location[1] += 1
            location_exact[1] += 1
            location[0] += place_found(message["location"], entities.get("location", ""))
            location_exact[0] += fold(message["location"]) == fold(entities.get("location", ""))
            if not place_found(message["location"], entities.get("location", "")):
                errors.append(f"location {message['location']!r} -> {entities.get('location')!r}: {message['text']}")
        if "report_id" in message:
            report_id[1] += 1
            predicted = digits(entities.get("report_id", ""))
            found = bool(predicted) and digits(str(message["report_id"])) == predicted
            report_id[0] += found
            if not found:
                errors.append(f"report_id {message['report_id']} -> {entities.get('report_id')}: {message['text']}")
    total = sum(n for _, n in by_intent.values())
    return {
        "messages": total,
        "intent_accuracy": sum(c for c, _ in by_intent.values()) / total,
        "recall": {i: c / n for i, (c, n) in sorted(by_intent.items())},
        "values": {k: (c / n if n else None, n) for k, (c, n) in values.items()},
        "location_found": (location[0] / location[1], location[1]) if location[1] else (None, 0),
        "location_exact": (location_exact[0] / location_exact[1], location_exact[1]) if location_exact[1] else (None, 0),
        "report_id_found": (report_id[0] / report_id[1], report_id[1]) if report_id[1] else (None, 0),
        "emergency_recall": by_intent["emergency"][0] / by_intent["emergency"][1] if by_intent["emergency"][1] else None,
        "false_emergencies": false_emergencies,
        "confusions": confusions.most_common(10),
        "errors": errors,
    }


def report(name: str, result: Dict, show_errors: bool, load_seconds: float) -> str:
    lines = [
        f"NLU evaluation on the {name} set: {result['messages']} messages (model load {load_seconds:.1f} s)",
        f"intent accuracy            {result['intent_accuracy']:.3f}",
    ]
    for kind, (share, n) in result["values"].items():
        lines.append(f"{kind + ' accuracy':<27}{share:.3f}  (n={n})" if n else f"{kind} accuracy: no examples")
    for label, key in (("location found", "location_found"), ("location exact", "location_exact"), ("report_id found", "report_id_found")):
        share, n = result[key]
        lines.append(f"{label:<27}{share:.3f}  (n={n})" if n else f"{label}: no examples")
    lines.append(f"emergency recall           {result['emergency_recall']:.3f}")
    lines.append(f"false emergencies          {len(result['false_emergencies'])}")
    lines += [f"    {text}" for text in result["false_emergencies"]]
    lines.append("per-intent recall:")
    lines += [f"    {intent:<22}{share:.3f}" for intent, share in result["recall"].items()]
    lines.append("top confusions (expected -> predicted):")
    lines += [f"    {a} -> {b}: {n}" for (a, b), n in result["confusions"]]
    if show_errors:
        lines.append("errors:")
        lines += [f"    {e}" for e in result["errors"]]
    return "\n".join(lines)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--set", choices=("heldout", "dev"), default="heldout")
    args.add_argument("--errors", action="store_true", help="list every wrong message")
    options = args.parse_args()
    parser = Parser()
    result = evaluate(load_messages(options.set), parser)
    print(report(options.set, result, options.errors, parser.load_seconds))


if __name__ == "__main__":
    main()
