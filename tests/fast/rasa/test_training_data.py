"""The training data covers the contract, and the evaluation sets stay unseen."""

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from nlu.lexicon import Lexicon
from nlu.text import fold
from scripts.train import ROOT, TRAINING_DATA

# nlu/contract.yml is the project's copy of the shared language contract.
CONTRACT = yaml.safe_load((ROOT / "nlu/contract.yml").read_text())
SHARED_CONTRACT = ROOT.parent / "shared/contract/nlu-contract.yml"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
MIN_EXAMPLES = 40
EVALUATION_SETS = ("nlu_blind.yml", "nlu_dev.yml")


@pytest.fixture(scope="module")
def training():
    return load_data(str(ROOT / "nlu/data"))


def contract():
    return CONTRACT


# Values the project added to the shared contract, each with the issue that asked for it; nothing is renamed.
CONTRACT_EXTENSIONS = {("entities", "info_type", "values", "deadline"): "issue 15: Fristen"}


def test_contract_copy_matches_the_shared_contract():
    """The shared contract, word for word in meaning, plus only the listed extensions."""
    if not SHARED_CONTRACT.exists():
        pytest.skip("the shared contract is not beside this checkout")
    ours = yaml.safe_load((ROOT / "nlu/contract.yml").read_text())
    for path in CONTRACT_EXTENSIONS:
        *parents, key = path
        node = ours
        for name in parents:
            node = node[name]
        assert key in node, f"extension {path} is listed but not in nlu/contract.yml"
        del node[key]
    assert ours == yaml.safe_load(SHARED_CONTRACT.read_text())


def normalised(text: str) -> str:
    return " ".join(fold(text).split()).strip(" .!?")


def evaluation_texts():
    """Every message of the evaluation sets and of the test lists written without the training data."""
    for name in EVALUATION_SETS:
        for message in yaml.safe_load((ROOT / "tests/data" / name).read_text())["messages"]:
            yield name, message["text"]
    openers = yaml.safe_load((ROOT / "tests/data/openers.yml").read_text())
    for text in openers["report"] + openers["service"]:
        yield "openers.yml", text
    languages = yaml.safe_load((ROOT / "tests/data/languages.yml").read_text())
    for group in ("emergency", "not_emergency"):
        for texts in languages[group].values():
            yield from (("languages.yml", text) for text in texts)
    yield from (("languages.yml", text) for text in languages["german_near_misses"])


def test_every_contract_intent_is_in_domain_and_trained_enough(training):
    counts = {}
    for example in training.intent_examples:
        counts[example.get("intent")] = counts.get(example.get("intent"), 0) + 1
    for intent in contract()["intents"]:
        assert intent in DOMAIN["intents"], intent
        assert counts.get(intent, 0) >= MIN_EXAMPLES, f"{intent}: {counts.get(intent, 0)} examples"


def test_every_contract_entity_is_in_domain():
    assert set(contract()["entities"]) <= set(DOMAIN["entities"])


def test_every_canonical_value_has_vocabulary():
    lexicon = Lexicon.load()
    for kind in ("category", "service", "info_type"):
        known = {t.value for t in lexicon.terms[kind]}
        assert set(contract()["entities"][kind]["values"]) == known, kind


def test_no_evaluation_sentence_is_in_the_training_data(training):
    trained = {normalised(e.get("text")) for e in training.training_examples}
    leaked = [(name, text) for name, text in evaluation_texts() if normalised(text) in trained]
    assert leaked == []


def test_evaluation_sets_use_only_contract_values():
    allowed = {k: set(contract()["entities"][k]["values"]) for k in ("category", "service", "info_type")}
    for name in EVALUATION_SETS:
        for message in yaml.safe_load((ROOT / "tests/data" / name).read_text())["messages"]:
            assert message["intent"] in contract()["intents"], message
            for kind, values in allowed.items():
                assert message.get(kind, next(iter(values))) in values, message


def test_blind_set_has_at_least_300_messages():
    assert len(yaml.safe_load((ROOT / "tests/data/nlu_blind.yml").read_text())["messages"]) >= 300


def test_every_place_of_the_evaluation_sets_is_written_in_its_message():
    for name in EVALUATION_SETS:
        for message in yaml.safe_load((ROOT / "tests/data" / name).read_text())["messages"]:
            assert message.get("location", "") in message["text"], message


def test_training_data_folders_exist():
    for folder in TRAINING_DATA:
        assert (ROOT / folder).is_dir(), folder
