"""The chain graph in a real browser: it draws, leads to a node, and fits a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.warehouse.ingest.service import import_file
from industry_brain.warehouse.models import ClusterProfile
from industry_brain.warehouse.pipeline.run import run_pipeline
from tests.browser_support import DATA_ADMIN, log_in, nav_to, overflow_px, screenshot
from tests.chain.test_chain_platform import PRODUCTS, REGISTRY, RELATIONS, _operations
from tests.conftest import make_settings
from tests.warehouse.conftest import write_csv

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _load(tmp_path: Path) -> None:
    """Load the small cluster into the live server's data directory and run the pipeline."""
    settings = make_settings(tmp_path / "var")
    database = Database.from_settings(settings)
    actor = Principal.system("test")
    try:
        for standard, lines in (
            ("registry", REGISTRY),
            ("products", PRODUCTS),
            ("relations", RELATIONS),
            ("operations", _operations()),
        ):
            import_file(
                settings=settings,
                database=database,
                standard_code=standard,
                path=write_csv(tmp_path / f"{standard}.csv", lines),
                actor=actor,
            )
        with database.writer() as db:
            db.add(ClusterProfile(name="常州市新能源汽车产业集群", region_code="320400"))
            db.commit()
        run_pipeline(settings=settings, database=database, actor=actor)
    finally:
        database.dispose()


def test_chain_graph_draws_and_leads_to_a_node_at_desktop_and_phone_width(
    page: Page, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    _load(tmp_path)
    log_in(page, live_server, DATA_ADMIN)
    nav_to(page, "产业链图谱")
    page.get_by_role("link", name=re.compile("新能源汽车")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("新能源汽车")
    canvas = page.locator("#chain-graph canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 400
    screenshot(page, request)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#chain-graph canvas")).to_be_visible()
    overflow = overflow_px(page)
    assert overflow <= 1, f"page is {overflow}px wider than a phone"
    page.locator("#nodes").get_by_role("link", name="正极材料").click()
    expect(page).to_have_url(re.compile(r"/chain/new_energy_vehicle/nodes/cathode$"))
    expect(page.locator("#node-enterprises")).to_contain_text("常州乙新材料有限公司")
