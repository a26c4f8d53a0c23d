"""The in-process index behind the enterprise search (docs/adr/0006-enterprise-search.md).

Exact, prefix and substring matches are those of the enterprise list's ``LIKE`` (a name,
lower-cased, holds the trimmed, lower-cased query), so the list and the search agree. One
posting array holds, for every character and character bigram, the names that contain it:

- substring: the names holding every bigram of the query (its character for a one-character
  query), checked with ``in`` only when the query is longer than two characters;
- exact and prefix: a range of the names sorted (bisect);
- code: a range of the codes sorted (bisect) for a query of 2–18 code characters (spaces
  dropped, upper-cased);
- fuzzy: the IDF-weighted Dice coefficient of the character-bigram sets of the matching keys
  of the query and of each name (``resolution.normalize_name``: NFKC, case-folded, letters
  and digits only, legal form cut, as entity resolution compares names), from a second
  posting array over those keys, so that reordered words, a mistyped character, spaces or
  brackets still find the name while bigrams most names share (常州, 新能) count little.

Ranking: exact > prefix > substring > fuzzy; within each, a current name before a former one,
then (fuzzy) higher similarity, then larger 12-month revenue, then code.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from industry_brain.enterprise.resolution import normalize_name
from industry_brain.enterprise.uscc import CODE_QUERY

FUZZY_MIN = 0.3
FUZZY_MIN_LENGTH = 3  # one bigram says nothing a substring match does not
_SHIFT = 21  # code points are < 2**21: a bigram is (first << 21) | second, never a unigram
_TEXT_BITS = 22
Tier = Literal["exact", "prefix", "substring", "fuzzy"]
Field = Literal["code", "name", "former_name"]
TIERS: tuple[Tier, ...] = ("exact", "prefix", "substring", "fuzzy")


@dataclass(frozen=True, slots=True)
class Enterprise:
    """What a hit shows of an enterprise."""

    uscc: str
    name: str
    industry_name: str | None
    status: str | None
    is_local: bool | None


@dataclass(frozen=True, slots=True)
class NameRow:
    """A name to index: its enterprise (position in the enterprise list) and if former."""

    owner: int
    name: str
    former: bool


@dataclass(frozen=True, slots=True)
class Match:
    """One enterprise found: which name (or the code) matched, how, and how well."""

    enterprise: Enterprise
    rank: int  # position of the enterprise, largest revenue first
    matched: str
    field: Field
    tier: Tier
    score: float

    @property
    def key(self) -> tuple[int, int, int]:
        """Order among exact, prefix and substring matches."""
        return TIERS.index(self.tier), int(self.field == "former_name"), self.rank


class _Postings:
    """For every character (optionally) and character bigram, the texts that hold it, in
    ascending order, and its inverse document frequency."""

    def __init__(self, texts: Sequence[str], *, characters: bool) -> None:
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        text = "\0".join(texts).encode("utf-32-le")
        points = np.frombuffer(text, dtype=np.uint32).astype(np.int64)
        owner = np.repeat(np.arange(len(texts), dtype=np.int32), lengths + 1)[: len(points)]
        single = points != 0
        pair = single[:-1] & single[1:]
        codes = (points[:-1][pair] << _SHIFT) | points[1:][pair]
        owners = owner[:-1][pair]
        if characters:
            codes = np.concatenate((points[single], codes))
            owners = np.concatenate((owner[single], owners))
        # One sortable number per pair (a code is below 2**42, a text below 2**22), so one
        # unstable sort orders codes and their texts; repeats are dropped.
        if len(texts) >= 1 << _TEXT_BITS:
            raise ValueError(f"too many names for one index: {len(texts)}")
        pairs = np.unique((codes.astype(np.uint64) << _TEXT_BITS) | owners.astype(np.uint64))
        codes = (pairs >> _TEXT_BITS).astype(np.int64)
        self.owners = (pairs & ((1 << _TEXT_BITS) - 1)).astype(np.int32)
        boundaries = np.flatnonzero(np.diff(codes)) + 1
        firsts = np.concatenate(([0], boundaries)) if len(codes) else boundaries
        self.codes = codes[firsts.astype(np.int64)]
        self.starts = np.concatenate(([0], boundaries, [len(codes)])).astype(np.int64)
        frequency = np.diff(self.starts)
        total = max(len(texts), 1)
        self.idf = np.log((1 + total) / (1 + frequency)) + 1
        self.unknown_idf = math.log(1 + total) + 1
        self.text_weight = np.bincount(
            self.owners, weights=np.repeat(self.idf, frequency), minlength=len(texts)
        )

    def find(self, code: int) -> tuple[NDArray[np.int32], float] | None:
        """Return the texts holding ``code`` and its IDF, or None if no text does."""
        at = int(np.searchsorted(self.codes, code))
        if at == len(self.codes) or self.codes[at] != code:
            return None
        return self.owners[self.starts[at] : self.starts[at + 1]], float(self.idf[at])


class NameIndex:
    """Current and former names and codes of the published enterprises, searchable."""

    def __init__(self, enterprises: Sequence[Enterprise], names: Sequence[NameRow]) -> None:
        self.enterprises = list(enterprises)
        self.names = list(names)
        codes = sorted((e.uscc, i) for i, e in enumerate(self.enterprises))
        self.code_keys = [code for code, _ in codes]
        self.code_owner = np.array([i for _, i in codes], dtype=np.int32)
        self.owner = np.array([n.owner for n in self.names], dtype=np.int32)
        self.former = np.array([n.former for n in self.names], dtype=np.int8)
        self.folds = [_lower(n.name) for n in self.names]
        self.lengths = np.array([len(f) for f in self.folds], dtype=np.int32)
        ordered = sorted(range(len(self.folds)), key=self.folds.__getitem__)
        self.sorted_folds = [self.folds[i] for i in ordered]
        self.position = np.empty(len(ordered), dtype=np.int64)
        self.position[np.array(ordered, dtype=np.int64)] = np.arange(len(ordered))
        self.text = _Postings(self.folds, characters=True)
        # Similarity compares matching keys: a legal form is no part of it.
        self.keys = _Postings([normalize_name(n.name) for n in self.names], characters=False)

    def _containing(self, fold: str) -> NDArray[np.int32]:
        """Names that may contain ``fold`` (exactly those for 1–2 characters)."""
        codes = [ord(fold)] if len(fold) == 1 else list(_bigram_codes(fold))
        found = [self.text.find(code) for code in codes]
        if any(posting is None for posting in found):
            return np.empty(0, dtype=np.int32)
        ordered = sorted((posting[0] for posting in found if posting is not None), key=len)
        result = ordered[0]
        for names in ordered[1:]:
            result = np.intersect1d(result, names, assume_unique=True)
        return result

    def _code_matches(self, query: str) -> Iterator[Match]:
        code = "".join(query.split()).upper()
        if not CODE_QUERY.fullmatch(code):
            return
        at = bisect.bisect_left(self.code_keys, code)
        end = bisect.bisect_left(self.code_keys, code + "\U0010ffff")
        if at < end and self.code_keys[at] == code:
            yield self._code_match(int(self.code_owner[at]), "exact")
            at += 1
        owners = self.code_owner[at:end].astype(np.int64)
        for i in _ascending(owners):
            yield self._code_match(int(owners[i]), "prefix")

    def _code_match(self, index: int, tier: Tier) -> Match:
        enterprise = self.enterprises[index]
        return Match(enterprise, index, enterprise.uscc, "code", tier, 1.0)

    def _name_matches(self, fold: str) -> Iterator[Match]:
        names = self._containing(fold)
        if not len(names):
            return
        at = bisect.bisect_left(self.sorted_folds, fold)
        end = bisect.bisect_left(self.sorted_folds, fold + "\U0010ffff")
        where = self.position[names]
        prefix = (where >= at) & (where < end)
        tier = np.where(prefix & (self.lengths[names] == len(fold)), 0, np.where(prefix, 1, 2))
        # Enterprises are listed largest first, so the owner index orders by revenue.
        keys = (tier.astype(np.int64) << 40) | (self.former[names].astype(np.int64) << 39)
        keys |= self.owner[names].astype(np.int64)
        check = len(fold) > 2
        for i in _ascending(keys):
            name = int(names[i])
            if tier[i] == 2 and check and fold not in self.folds[name]:
                continue
            yield self._match(name, TIERS[int(tier[i])], 1.0)

    def _fuzzy_matches(self, key: str) -> Iterator[Match]:
        codes = list(_bigram_codes(key))
        if not codes:
            return
        shared = np.zeros(len(self.names), dtype=np.float64)
        query_weight = 0.0
        for code in codes:
            found = self.keys.find(code)
            if found is None:
                query_weight += self.keys.unknown_idf
                continue
            query_weight += found[1]
            shared[found[0]] += found[1]
        candidates = np.flatnonzero(shared)
        scores = 2 * shared[candidates] / (query_weight + self.keys.text_weight[candidates])
        keep = scores >= FUZZY_MIN
        candidates, scores = candidates[keep], scores[keep]
        order = np.lexsort((self.owner[candidates], self.former[candidates], -np.round(scores, 4)))
        for i in order:
            yield self._match(int(candidates[i]), "fuzzy", round(float(scores[i]), 4))

    def _match(self, name: int, tier: Tier, score: float) -> Match:
        row = self.names[name]
        field: Field = "former_name" if row.former else "name"
        return Match(self.enterprises[row.owner], row.owner, row.name, field, tier, score)

    def search(self, query: str, *, limit: int) -> list[Match]:
        """Return up to ``limit`` enterprises best first, each with its best match."""
        fold = query.replace("\0", "").strip().lower()
        found: dict[str, Match] = {}
        for stream in (self._code_matches(query), self._name_matches(fold) if fold else None):
            taken: set[str] = set()
            for match in stream or ():
                if match.enterprise.uscc not in taken:
                    taken.add(match.enterprise.uscc)
                    known = found.get(match.enterprise.uscc)
                    if known is None or match.key < known.key:
                        found[match.enterprise.uscc] = match
                    if len(taken) == limit:
                        break
        best = sorted(found.values(), key=lambda m: m.key)[:limit]
        key = normalize_name(query)
        if len(best) < limit and len(key) >= FUZZY_MIN_LENGTH:
            seen = {m.enterprise.uscc for m in best}
            for match in self._fuzzy_matches(key):
                if match.enterprise.uscc not in seen:
                    seen.add(match.enterprise.uscc)
                    best.append(match)
                    if len(best) == limit:
                        break
        return best


def _ascending(values: NDArray[np.int64], *, head: int = 64) -> Iterator[int]:
    """Yield the positions of ``values`` in ascending order of value, sorting only the first
    ``head`` unless the caller reads further (most searches stop early)."""
    if len(values) <= head:
        yield from (int(i) for i in np.argsort(values, kind="stable"))
        return
    first = np.argpartition(values, head)[:head]
    yield from (int(i) for i in first[np.argsort(values[first], kind="stable")])
    rest = np.setdiff1d(np.arange(len(values)), first, assume_unique=True)
    yield from (int(i) for i in rest[np.argsort(values[rest], kind="stable")])


def _lower(name: str) -> str:
    """The name lower-cased, the same string object when that changes nothing (most names)."""
    lowered = name.lower()
    return name if lowered == name else lowered


def _bigram_codes(text: str) -> Iterator[int]:
    seen = set()
    for first, second in zip(text, text[1:], strict=False):
        code = (ord(first) << _SHIFT) | ord(second)
        if code not in seen:
            seen.add(code)
            yield code
