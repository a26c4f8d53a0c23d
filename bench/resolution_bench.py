"""Entity resolution: accuracy by threshold, and throughput at 5,000 records × 100,000 known.

Usage: ``.venv/bin/python bench/resolution_bench.py [--known 100000] [--records 5000]``.

Accuracy (no city restriction, the harder case): the known pool is half of the real SZSE
list plus generated names shaped like a cluster's registry (same city prefixes and industry
words, different 字号). Positives are known names with one realistic defect in the core (a
substituted, dropped, inserted or transposed character, a bracketed place added); they
should resolve to their enterprise. Negatives are the other half of the SZSE list and newly
generated names absent from the pool; any match is a false merge.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import Counter
from pathlib import Path

from industry_brain.enterprise.resolution import (
    Candidate,
    Resolver,
    normalize_name,
)
from industry_brain.enterprise.uscc import ALPHABET, check_character

ROOT = Path(__file__).resolve().parent.parent
SZSE_LIST = ROOT.parent / "shared" / "data" / "szse_a_shares_2025-12.csv"
TRADE = (
    "恒博华瑞盛鑫源达天宏泰创金锦远诚信德宇晟卓越嘉联凯伟海润安力驰腾星辰和裕丰通翔威正明"
    "亿佳永兴隆昌"
)
WORDS = (
    *("科技", "新能源科技", "电子", "精密机械", "汽车零部件", "新材料", "化工", "医药"),
    *("生物科技", "信息技术", "贸易", "建设工程", "电气", "光电", "智能装备", "环保科技"),
)
FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
CITIES = (("常州", "320400"), ("苏州", "320500"), ("深圳", "440300"), ("杭州", "330100"))
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
MARGIN = 0.1


def fake_uscc(rng: random.Random) -> str:
    first17 = "91320400" + "".join(rng.choices(ALPHABET, k=9))
    return first17 + check_character(first17)


def generated(rng: random.Random, count: int, taken: set[str]) -> list[Candidate]:
    """Generate registry-like names with unique keys, e.g. 常州市恒博新能源科技有限公司."""
    found: list[Candidate] = []
    while len(found) < count:
        city, code = rng.choice(CITIES)
        prefix = city + rng.choice(("", "市"))
        trade = "".join(rng.sample(TRADE, rng.choice((2, 2, 3))))
        name = f"{prefix}{trade}{rng.choice(WORDS)}{rng.choice(FORMS)}"
        if normalize_name(name) not in taken:
            taken.add(normalize_name(name))
            found.append(Candidate(fake_uscc(rng), name, code))
    return found


def defect(rng: random.Random, name: str) -> tuple[str, str]:
    """Return the name with one defect in its core (the legal form is left alone)."""
    form = next((f for f in ("股份有限公司", "有限公司") if name.endswith(f)), "")
    core = list(name[: len(name) - len(form)])
    kind = rng.choice(("substitute", "drop", "insert", "transpose", "bracket"))
    if len(core) < 3:
        kind = "bracket"
    at = rng.randrange(2, max(len(core), 3))
    if kind == "substitute":
        core[at] = rng.choice(TRADE)
    elif kind == "drop":
        del core[at]
    elif kind == "insert":
        core.insert(at, rng.choice(TRADE))
    elif kind == "transpose":
        core[at - 1], core[at] = core[at], core[at - 1]
    else:
        core.append("（" + rng.choice(CITIES)[0] + "）")
    return "".join(core) + form, kind


def accuracy(rng: random.Random) -> None:
    with SZSE_LIST.open(encoding="utf-8-sig", newline="") as handle:
        real = [row["公司全称"] for row in csv.DictReader(handle)]
    rng.shuffle(real)
    pool_real, held_out = real[: len(real) // 2], real[len(real) // 2 :]
    taken = {normalize_name(name) for name in real}
    pool = [Candidate(fake_uscc(rng), name) for name in pool_real]
    pool += generated(rng, 20_000, taken)
    negatives = held_out + [c.name for c in generated(rng, 2_000, taken)]
    positives = []
    for candidate in rng.sample(pool, 3_000):
        variant, kind = defect(rng, candidate.name)
        if normalize_name(variant) not in taken:
            positives.append((variant, kind, candidate.uscc))
    print(f"pool {len(pool):,}; positives {len(positives):,}; negatives {len(negatives):,}")
    resolver = Resolver(pool, threshold=min(THRESHOLDS), margin=0.0)
    pos = [(resolver.candidates(name), kind, uscc) for name, kind, uscc in positives]
    neg = [resolver.candidates(name) for name in negatives]
    print(f"bigram Jaccard, same first two characters, margin {MARGIN}, no city restriction")
    print("threshold  recall  by defect                                    wrong  false merges")
    for threshold in THRESHOLDS:
        right: Counter[str] = Counter()
        wrong = 0
        for ranked, kind, uscc in pos:
            winner = decide(ranked, threshold)
            right[kind] += winner == uscc
            wrong += winner is not None and winner != uscc
        kinds = Counter(kind for _, kind, _ in pos)
        by_kind = " ".join(f"{k[:5]} {right[k] / kinds[k]:4.0%}" for k in sorted(kinds))
        merged = sum(decide(ranked, threshold) is not None for ranked in neg)
        print(
            f"{threshold:9.2f}  {right.total() / len(pos):6.1%}  {by_kind}  {wrong:5d}  "
            f"{merged:5d} ({merged / len(neg):.2%})"
        )


def decide(ranked: list[tuple[Candidate, float]], threshold: float) -> str | None:
    top = ranked[0][1] if ranked else 0.0
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0].uscc if top >= threshold and top - second >= MARGIN else None


def throughput(rng: random.Random, known_count: int, record_count: int) -> None:
    known = generated(rng, known_count, set())
    sample = rng.sample(known, record_count // 2)
    records = [(c.name, c.city_code) for c in sample[: record_count // 4]]
    records += [(defect(rng, c.name)[0], c.city_code) for c in sample[record_count // 4 :]]
    records += [(c.name, c.city_code) for c in generated(rng, record_count - len(records), set())]
    started = time.perf_counter()
    resolver = Resolver(known)
    built = time.perf_counter()
    matches = resolver.resolve(records)
    done = time.perf_counter()
    methods = {m: sum(match.method == m for match in matches) for m in ("exact_name", "fuzzy_name")}
    print(
        f"\nthroughput: index {known_count:,} known in {built - started:.2f} s; "
        f"resolve {record_count:,} records in {done - built:.2f} s "
        f"({record_count / (done - built):,.0f} records/s); {methods}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--known", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    accuracy(random.Random(args.seed))
    throughput(random.Random(args.seed), args.known, args.records)


if __name__ == "__main__":
    main()
