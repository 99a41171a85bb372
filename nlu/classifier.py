"""Rasa's logistic-regression intent classifier with its regularisation as a setting.

Rasa 3.6's LogisticRegressionClassifier fixes scikit-learn's C at 1.0. On
our word and character n-grams that regularises so strongly that a single
clear word ("Graffiti") loses against the many short greetings; a weaker
regularisation (a larger C, measured in bench/RESULTS.md) lets such words
count. Everything else (training, ranking, saving) is Rasa's.
"""

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentClassifier(LogisticRegressionClassifier):
    """Logistic regression over the sparse features, with C from config.yml."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])
