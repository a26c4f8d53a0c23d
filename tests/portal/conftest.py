"""Fixtures from other suites: file imports, the small classified cluster, the known cluster."""

from tests.chain.test_chain_platform import classified
from tests.known_cluster import known_cluster
from tests.warehouse.conftest import do_import

__all__ = ["classified", "do_import", "known_cluster"]
