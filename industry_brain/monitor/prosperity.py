"""The 荣枯指数: a diffusion index of the enterprises' year-on-year change, PMI-style.

For each measure (用电量, 税收, 营业收入) and each group of enterprises, every enterprise that
reported the measure this month and in the same month a year before counts once:

- 增长 (1 point) when this month's value exceeds last year's by more than ``FLAT_BAND`` of
  last year's absolute value; 下降 (0 points) when it falls short by more than that;
  持平 (½ point) otherwise (both zero is 持平; from zero to anything positive is 增长).
- The measure's diffusion index is 100 × the mean of the points: the share of enterprises up
  plus half the share flat. 50 = as many improving as worsening.

The 荣枯指数 is the weighted mean of the three diffusion indices (``MEASURES``' weights);
when a measure has no like-for-like enterprise in a group, the other weights are rescaled.
Electricity weighs most: it is metered, monthly and hard to smooth (as in the 克强指数).
Comparing values (not ratios) keeps zero and negative values meaningful: from −10 to −5
is an improvement, and nothing is divided by last year's value.
"""

from __future__ import annotations

FLAT_BAND = 0.01
# (column, name, weight): weights add up to 1.
MEASURES: tuple[tuple[str, str, float], ...] = (
    ("electricity_kwh", "用电量", 0.4),
    ("tax_wan_yuan", "税收", 0.3),
    ("revenue_wan_yuan", "营业收入", 0.3),
)


def points_sql(field: str) -> str:
    """Return an enterprise's points for one measure (NULL when a month is missing)."""
    band = f"{FLAT_BAND} * abs({field}_prev)"
    return (
        f"CASE WHEN {field} IS NULL OR {field}_prev IS NULL THEN NULL "
        f"WHEN {field} - {field}_prev > {band} THEN 1.0 "
        f"WHEN {field}_prev - {field} > {band} THEN 0.0 ELSE 0.5 END"
    )


def diffusion_formula(field: str) -> str:
    """Return the SQL aggregate of one measure's diffusion index."""
    return f"100 * avg({points_sql(field)})"


def composite_formula() -> str:
    """Return the SQL aggregate of the 荣枯指数 (weights rescaled over measures present)."""
    weighted = " + ".join(
        f"coalesce({weight} * {diffusion_formula(field)}, 0)" for field, _, weight in MEASURES
    )
    present = " + ".join(
        f"CASE WHEN count({points_sql(field)}) > 0 THEN {weight} ELSE 0 END"
        for field, _, weight in MEASURES
    )
    return f"({weighted}) / nullif({present}, 0)"
