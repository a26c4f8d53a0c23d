"""Measure the chain classifier: build time and throughput on generated enterprises.

Usage: ``python bench/chain_bench.py [--rows 100000] [--seed 7] [--processes 2]``.
Inputs are generated from the template's own vocabulary (a third of the rows) mixed with
non-chain filler text, deterministic by seed. Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from concurrent.futures import ProcessPoolExecutor

from industry_brain.chain.classify import ChainClassifier, Enterprise
from industry_brain.chain.template import ChainTemplate, get_template

FILLER = (
    "企业管理咨询 物业管理 餐饮服务 食品销售 建筑工程施工 园林绿化 服装加工 纺织品 家具 "
    "日用百货 广告设计 软件开发 会议服务 货物运输 仓储服务 农产品收购 医疗器械 化妆品 "
    "文具用品 五金交电 建材销售 酒类经营 保健食品 茶叶种植 水产养殖 机械加工 塑料制品"
).split()
CODES = ("3670", "3841", "1512", "6513", "2614", "3812", "5212", "7010")


def generate(template: ChainTemplate, rows: int, seed: int) -> list[Enterprise]:
    """Return deterministic enterprises: a third with chain terms, the rest filler only."""
    rng = random.Random(seed)
    vocabulary = [term for node in template.nodes for term in (*node.products, *node.keywords)]
    enterprises = []
    for i in range(rows):
        words = rng.sample(FILLER, 4)
        if i % 3 == 0:
            words[rng.randrange(4)] = rng.choice(vocabulary)
        scope = "；".join(rng.sample(FILLER, 6))
        enterprises.append(
            Enterprise(
                name=f"测试{i}{rng.choice(FILLER)}有限公司",
                business_scope=scope,
                products="、".join(words),
                industry_code=rng.choice(CODES),
            )
        )
    return enterprises


def _classify_chunk(args: tuple[str, list[Enterprise]]) -> int:
    """Build a classifier in a worker and classify its chunk; return rows on the chain."""
    classifier = ChainClassifier(get_template(args[0]))
    return sum(1 for result in classifier.classify_many(args[1]) if result)


def main() -> None:
    """Print build time, single-process and multi-process throughput."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--template", default="new_energy_vehicle")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--processes", type=int, default=2)
    options = parser.parse_args()
    template = get_template(options.template)
    enterprises = generate(template, options.rows, options.seed)
    started = time.perf_counter()
    classifier = ChainClassifier(template)
    built = time.perf_counter() - started
    print(f"template {template.id}: {len(template.nodes)} nodes, build {built * 1000:.1f} ms")
    started = time.perf_counter()
    results = classifier.classify_many(enterprises)
    elapsed = time.perf_counter() - started
    on_chain = sum(1 for result in results if result)
    print(
        f"1 process: {len(enterprises)} enterprises in {elapsed:.2f} s = "
        f"{len(enterprises) / elapsed:,.0f}/s ({on_chain} on the chain)"
    )
    size = -(-len(enterprises) // options.processes)
    chunks = [(template.id, enterprises[i : i + size]) for i in range(0, len(enterprises), size)]
    started = time.perf_counter()
    with ProcessPoolExecutor(options.processes) as pool:
        total = sum(pool.map(_classify_chunk, chunks))
    elapsed = time.perf_counter() - started
    rate = len(enterprises) / elapsed
    print(
        f"{options.processes} processes (incl. start and build): {rate:,.0f}/s ({total} on chain)"
    )


if __name__ == "__main__":
    main()
