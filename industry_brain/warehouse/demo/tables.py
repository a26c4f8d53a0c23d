"""Rows of the registry, operations and products standards, keyed by the standards' keys.

Cells hold typed values (money in 万元 as floats, dates as ``date``); the writers turn them
into text or spreadsheet cells in each file's own convention. A cell may also hold text
that a typed value cannot express, which is how the deliberately bad rows get their values.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from industry_brain.warehouse.demo import places
from industry_brain.warehouse.demo.months import period_text
from industry_brain.warehouse.demo.operations import Panel
from industry_brain.warehouse.demo.population import Context, Enterprise

Cell = str | int | float | bool | date | None
Row = dict[str, Cell]

ABOVE_SCALE_REVENUE_WAN_YUAN = 2000.0


def settle_registry(enterprises: list[Enterprise], panel: Panel) -> None:
    """Set 规上 and headcount of local enterprises from their last twelve reported months."""
    for row, enterprise in enumerate(enterprises):
        last = panel.last_reported(row)
        trailing = float(panel.revenue[row, max(0, last - 11) : last + 1].sum())
        enterprise.above_scale = trailing >= ABOVE_SCALE_REVENUE_WAN_YUAN
        enterprise.employees = int(panel.employees[row, last])


def settle_outside(enterprises: list[Enterprise]) -> None:
    """Set 规上 of outside enterprises from their annual revenue."""
    for enterprise in enterprises:
        enterprise.above_scale = enterprise.revenue_wan_yuan >= ABOVE_SCALE_REVENUE_WAN_YUAN


def registry_row(enterprise: Enterprise) -> Row:
    """Return the enterprise's registry row; local enterprises still in the region carry the
    coordinates of their site (the others are placed at their district's centre)."""
    site = None
    if enterprise.local and enterprise.status != "迁出":
        site = places.site_coordinates(enterprise.uscc, enterprise.region)
    return {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "established_on": enterprise.established_on,
        "registered_capital_wan_yuan": enterprise.capital_wan_yuan,
        "address": enterprise.address,
        "industry_code": enterprise.industry_code,
        "business_scope": enterprise.business_scope,
        "status": enterprise.status,
        "above_scale": enterprise.above_scale,
        "employees": enterprise.employees,
        "longitude": site[0] if site else None,
        "latitude": site[1] if site else None,
    }


def operations_rows(enterprises: list[Enterprise], months: list[date], panel: Panel) -> list[Row]:
    """Return one row per enterprise and reported month, month by month."""
    rows: list[Row] = []
    for column, month in enumerate(months):
        period = period_text(month)
        for row in np.flatnonzero(panel.reported[:, column]):
            output = float(panel.output[row, column])
            rows.append(
                {
                    "uscc": enterprises[row].uscc,
                    "period": period,
                    "revenue_wan_yuan": float(panel.revenue[row, column]),
                    "output_value_wan_yuan": None if math.isnan(output) else output,
                    "tax_wan_yuan": float(panel.tax[row, column]),
                    "electricity_kwh": round(float(panel.electricity[row, column])),
                    "employees": int(panel.employees[row, column]),
                    "rd_expense_wan_yuan": float(panel.rd[row, column]),
                    "export_wan_yuan": float(panel.export[row, column]),
                    "energy_tce": float(panel.energy[row, column]),
                }
            )
    return rows


def product_rows(ctx: Context, enterprises: list[Enterprise]) -> list[Row]:
    """Return each enterprise's main products with revenue shares summing to 100."""
    rows: list[Row] = []
    for enterprise in enterprises:
        count = len(enterprise.products)
        alpha = np.array((3.0, 1.5, 1.0, 0.7)[:count])
        shares = sorted((float(x) for x in ctx.np_rng.dirichlet(alpha) * 100.0), reverse=True)
        rounded = [max(0.5, round(share, 1)) for share in shares[1:]]
        shares = [round(100.0 - sum(rounded), 1), *rounded]
        for (name, category), share in zip(enterprise.products, shares, strict=True):
            rows.append(
                {
                    "uscc": enterprise.uscc,
                    "product_name": name,
                    "product_category": category,
                    "revenue_share": share,
                }
            )
    return rows
