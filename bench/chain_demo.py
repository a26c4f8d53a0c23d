"""Classify the demo cluster with the pipeline's chain step; time it and score it on the truth.

Usage: ``python bench/chain_demo.py [--enterprises 3000] [--outside 5000] [--seed 20261122]``.
Builds the demo (``load_demo``: generate, import, pipeline) in a temporary data directory,
then runs the chain step once more on its own and compares every enterprise's main node with
the generator's ``truth/enterprise_nodes.csv``. The demo's names, scopes and products come from
the generator's vocabulary, not the template's, so this is a second, independent check of the
classifier. Prints figures only.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from industry_brain import lake, migrate
from industry_brain.accounts.principal import Principal
from industry_brain.chain.evaluate import evaluate, report
from industry_brain.chain.models import ChainAssignment
from industry_brain.chain.pipeline import classify_warehouse
from industry_brain.chain.template import get_template
from industry_brain.db import Database
from industry_brain.settings import Settings, prepare_settings
from industry_brain.warehouse.demo_setup import load_demo


def main() -> None:
    """Build the demo, time the chain step, print accuracy against the truth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--outside", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ib-chain-demo-"))
    try:
        settings = prepare_settings(Settings(data_dir=folder, env="dev"))
        database = Database.from_settings(settings)
        migrate.upgrade(database.engine)
        actor = Principal.system("bench")
        started = time.perf_counter()
        load_demo(
            settings=settings,
            database=database,
            actor=actor,
            enterprises=args.enterprises,
            outside=args.outside,
            seed=args.seed,
        )
        print(f"demo built in {time.perf_counter() - started:.1f} s")
        template = get_template("new_energy_vehicle")
        with lake.connect(settings) as con:
            started = time.perf_counter()
            run = classify_warehouse(con, database=database, actor=actor, template=template)
            seconds = time.perf_counter() - started
        print(
            f"chain step ({template.id}): {run.enterprises} enterprises in {seconds:.2f} s "
            f"= {run.enterprises / seconds:,.0f}/s, {run.assigned} assigned, "
            f"健全度 {run.completeness_pct}%"
        )
        with database.reader() as db:
            main_node = dict(
                db.execute(
                    select(ChainAssignment.uscc, ChainAssignment.node_id).where(
                        ChainAssignment.run_id == run.id, ChainAssignment.rank == 1
                    )
                ).all()
            )
        truth_file = next(folder.glob("demo-input/*/truth/enterprise_nodes.csv"))
        with truth_file.open(encoding="utf-8") as handle:
            truth = {row["uscc"]: row["node_id"] or None for row in csv.DictReader(handle)}
        pairs = [(gold, main_node.get(uscc)) for uscc, gold in truth.items()]
        print(f"\nagainst {truth_file.name} ({len(pairs)} enterprises):")
        print(report(evaluate(pairs)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
