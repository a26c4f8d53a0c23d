"""Fixtures from other suites: file imports and the small classified cluster."""

from tests.chain.test_chain_platform import classified
from tests.warehouse.conftest import do_import

__all__ = ["classified", "do_import"]
