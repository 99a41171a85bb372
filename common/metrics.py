"""What the metrics of the Sanic servers (Rasa's channel, the action server) share: a `worker` label.

With SANIC_WORKERS > 1 every worker process keeps its own registry, and a scrape reaches one of them;
the label tells Prometheus which, so counters do not seem to jump between workers (sum over `worker`).
"""

import os
from typing import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import Metric


class PerWorker:
    """The registry's samples with the label `worker` (this process's id)."""

    def __init__(self, registry: CollectorRegistry):
        self.registry = registry

    def collect(self) -> Iterator[Metric]:
        worker = str(os.getpid())
        for family in self.registry.collect():
            family.samples = [sample._replace(labels={**sample.labels, "worker": worker}) for sample in family.samples]
            yield family
