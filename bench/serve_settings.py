"""`make serve`'s production settings with the benchmarks' plain views mounted
(`bench.urls`): what `make load` runs against, so that the load and its plain-view
baseline meet the same server. Never for a real deployment."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
