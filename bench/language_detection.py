"""Which language detector for short citizen messages: accuracy and cost.

Each candidate is restricted to the same small set of languages (the ones the
assistant has texts for, plus a few frequent others in Gera) and runs in a
process of its own, so that load time and memory growth are its own. The
messages are bench/data/language_samples.yml (short, chat-like, German with
typos and dialect). Prints, per candidate: accuracy per language, the share
of German kept as German (the worst error is German taken for foreign),
accuracy on messages of at most three words, load time, mean and p95 time per
message and the RSS growth after loading and after all messages. The last row
is nlu.language.detect_language, the detector plus the project's rules, where
ro / vi / fa count as right when they come out as "other".
Only lingua is a project dependency; to compare again, install the others
beside it first (pip install -c constraints.txt py3langid langdetect).
Prints figures; it does not pass or fail.

    python -m bench.language_detection [--rounds N]
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import yaml

SAMPLES = Path(__file__).parent / "data" / "language_samples.yml"
LANGUAGES = ["de", "en", "uk", "ru", "ar", "tr", "pl", "ro", "bg", "vi", "fa"]
MAIN = ["de", "en", "uk", "ru", "ar", "tr", "pl"]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def lingua_detector(preload: bool = False, low_accuracy: bool = False):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(
        *(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES)
    )
    if preload:
        builder = builder.with_preloaded_language_models()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def detect(text: str) -> str:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else "de"

    return detect


def py3langid_detector():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return lambda text: identifier.classify(text)[0]


def langdetect_detector():
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()
    factory.load_json_profile([(Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8") for code in LANGUAGES])
    factory.set_seed(0)  # langdetect samples at random; fixed seed for repeatable answers

    def detect(text: str) -> str:
        detector = factory.create()
        detector.append(text)
        try:
            return detector.detect()
        except LangDetectException:  # no letters to go on
            return "de"

    return detect


def project_detector():
    from nlu.language import detect_language

    return detect_language


CANDIDATES = {
    "lingua 2 (lazy models)": lingua_detector,
    "lingua 2 (preloaded)": lambda: lingua_detector(preload=True),
    "lingua 2 (low accuracy, preloaded)": lambda: lingua_detector(preload=True, low_accuracy=True),
    "py3langid (set_languages)": py3langid_detector,
    "langdetect (11 profiles)": langdetect_detector,
    "nlu.language.detect_language": project_detector,
}


def load_samples() -> dict:
    with open(SAMPLES, encoding="utf-8") as file:
        return yaml.safe_load(file)


def percentile(samples, share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(name: str, rounds: int) -> dict:
    """Runs in a child process: load one candidate, detect every sample, return the figures."""
    samples = load_samples()
    before = rss_mb()
    started = time.perf_counter()
    detect = CANDIDATES[name]()
    detect("Where can I collect my new identity card?")  # reaches every detector: ready to answer, as after start-up
    load_seconds = time.perf_counter() - started
    after_load = rss_mb()

    project = name.startswith("nlu.")
    right, total, short_right, short_total, timings, misses = {}, {}, 0, 0, [], []
    for _ in range(rounds):
        for label, texts in samples.items():
            expected = "other" if project and label not in MAIN else label
            for text in texts:
                started = time.perf_counter_ns()
                found = detect(text)
                timings.append((time.perf_counter_ns() - started) / 1000)
                total[label] = total.get(label, 0) + 1
                right[label] = right.get(label, 0) + (found == expected)
                if len(text.split()) <= 3:
                    short_total += 1
                    short_right += found == expected
                if found != expected and _ == 0:
                    misses.append(f"{label}->{found}: {text}")
    return {
        "accuracy": {label: right[label] / total[label] for label in total},
        "short": short_right / short_total,
        "load_s": load_seconds,
        "mean_us": sum(timings) / len(timings),
        "p95_us": percentile(timings, 0.95),
        "rss_load_mb": after_load - before,
        "rss_run_mb": rss_mb() - before,
        "misses": misses,
    }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=3)
    args.add_argument("--misses", action="store_true", help="list the wrongly detected messages")
    args.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one candidate in this process
    options = args.parse_args()
    if options.one:
        print(json.dumps(measure(options.one, options.rounds)))
        return

    samples = load_samples()
    others = [label for label in samples if label not in MAIN]
    print(f"{sum(map(len, samples.values()))} messages: " + ", ".join(f"{k} {len(v)}" for k, v in samples.items()))
    columns = ["de kept", *MAIN[1:], "other", "≤3 words", "load s", "mean µs", "p95 µs", "RSS load", "RSS run"]
    print(f"| candidate | {' | '.join(columns)} |")
    print("|---" * (len(columns) + 1) + "|")
    for name in CANDIDATES:
        command = [sys.executable, "-m", "bench.language_detection", "--one", name, "--rounds", str(options.rounds)]
        result = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
        if result.returncode:
            last = result.stderr.strip().splitlines()[-1]
            print(f"| {name} | {'not installed' if 'ModuleNotFoundError' in last else 'failed: ' + last} |")
            continue
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        accuracy = figures["accuracy"]
        other = sum(accuracy[label] * len(samples[label]) for label in others) / sum(len(samples[x]) for x in others)
        cells = [f"{accuracy[label]:.2f}" for label in MAIN] + [f"{other:.2f}", f"{figures['short']:.2f}"]
        cells += [f"{figures['load_s']:.2f}", f"{figures['mean_us']:.0f}", f"{figures['p95_us']:.0f}"]
        cells += [f"{figures['rss_load_mb']:.0f} MB", f"{figures['rss_run_mb']:.0f} MB"]
        print(f"| {name} | {' | '.join(cells)} |")
        if options.misses:
            for miss in figures["misses"]:
                print(f"    {miss}")


if __name__ == "__main__":
    main()
