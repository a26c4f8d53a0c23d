"""Hypothesis strategies: valid rules over the built-in facts, and enterprises' facts."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from industry_brain.rules import AllOf, AnyOf, Clause, Not, Rule
from industry_brain.rules.facts import Fact
from tests.rules.support import FACTS

NUMBERS = st.one_of(
    st.sampled_from([0, 1, 3, 2000, -5, 2.5]),
    st.integers(min_value=-1_000_000, max_value=1_000_000),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
CODES = st.text(alphabet="0123456789", min_size=1, max_size=4)
REGIONS = st.sampled_from(["320412", "320411", "320400", "440305", "321002", "320000"])
REGION_VALUES = st.one_of(REGIONS, st.sampled_from(["3204", "32", "44", "本市", "本省", "本区县"]))
HONORS = st.sampled_from(["专精特新", "高新技术企业", "专精特新“小巨人”", "单项冠军"])
STATUS = st.sampled_from(["存续", "在业", "注销", "迁出"])
# Any text that is not blank: quotes, backslashes and brackets included.
ANY_TEXT = st.text(min_size=1, max_size=8).filter(lambda text: text.strip() != "")


def _scalar(fact: Fact, op: str, wild: bool) -> st.SearchStrategy[Any]:
    if fact.type == "number":
        return NUMBERS
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "set":
        return st.one_of(HONORS, ANY_TEXT) if wild else HONORS
    if fact.region:
        return (
            REGIONS
            if op in ("=", "!=")
            else CODES.filter(lambda c: len(c) <= 6)
            if op == "prefix"
            else REGION_VALUES
        )
    if fact.id == "industry_code":
        return CODES
    return st.one_of(STATUS, ANY_TEXT) if wild else STATUS


@st.composite
def clauses(draw: st.DrawFn, wild: bool = False) -> Clause:
    """A valid clause of any built-in fact (``wild``: any text where text is allowed)."""
    from industry_brain.rules.model import OPS_BY_TYPE

    fact = draw(st.sampled_from(sorted(FACTS.values(), key=lambda f: f.id)))
    op = draw(st.sampled_from(OPS_BY_TYPE[fact.type]))
    scalar = _scalar(fact, op, wild)
    if op in ("in", "not_in"):
        return Clause(fact, op, tuple(draw(st.lists(scalar, min_size=1, max_size=3))))
    return Clause(fact, op, draw(scalar))


def rules(wild: bool = False) -> st.SearchStrategy[Rule]:
    """Valid rules nested up to a few levels."""

    def groups(children: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
        items = st.lists(children, min_size=1, max_size=3).map(tuple)
        return st.one_of(items.map(AllOf), items.map(AnyOf), children.map(Not))

    return st.recursive(clauses(wild), groups, max_leaves=8)


@st.composite
def enterprises(draw: st.DrawFn, uscc: str = "E") -> dict[str, Any]:
    """One enterprise's facts, each possibly missing (None)."""

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.one_of(st.none(), strategy))

    return {
        "uscc": uscc,
        "revenue_last_year": maybe(NUMBERS),
        "tax_last_year": maybe(NUMBERS),
        "employees": maybe(NUMBERS),
        "rd_ratio_last_year": maybe(NUMBERS),
        "region_code": maybe(REGIONS),
        "industry_code": maybe(CODES),
        "honors": maybe(st.lists(HONORS, unique=True, max_size=3)),
        "age_years": maybe(NUMBERS),
        "status": maybe(STATUS),
        "above_scale": maybe(st.booleans()),
        "revenue_growth_3y": maybe(NUMBERS),
        "invention_patents": maybe(NUMBERS),
        "home_region_code": maybe(st.sampled_from(["320400", "320412", "320000"])),
    }
