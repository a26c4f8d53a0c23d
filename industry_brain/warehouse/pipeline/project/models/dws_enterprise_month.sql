MODEL (
  name dws.enterprise_month,
  kind FULL,
  grain (uscc, period),
  description '企业月度汇总：经营指标及同比、环比增速（%）',
  column_descriptions (
    uscc = '统一社会信用代码',
    period = '期间（当月1日）',
    revenue_wan_yuan = '营业收入（万元）',
    output_value_wan_yuan = '工业总产值（万元）',
    tax_wan_yuan = '税收（万元）',
    electricity_kwh = '用电量（千瓦时）',
    employees = '从业人数',
    revenue_yoy_pct = '营业收入同比增速（%）',
    revenue_mom_pct = '营业收入环比增速（%）',
    output_yoy_pct = '工业总产值同比增速（%）',
    tax_yoy_pct = '税收同比增速（%）',
    electricity_yoy_pct = '用电量同比增速（%）'
  )
);

-- Growth against the same enterprise's row exactly 12 months (1 month) back, if there is one:
-- a window over one date (RANGE … PRECEDING AND … PRECEDING) instead of two self-joins of
-- the 36-million-row table (half the time, and it spills instead of building hash tables).
SELECT
  uscc,
  period,
  revenue_wan_yuan,
  output_value_wan_yuan,
  tax_wan_yuan,
  electricity_kwh,
  employees,
  rd_expense_wan_yuan,
  export_wan_yuan,
  energy_tce,
  round(100 * (revenue_wan_yuan / nullif(max(revenue_wan_yuan) OVER year_back, 0) - 1), 2)
    AS revenue_yoy_pct,
  round(100 * (revenue_wan_yuan / nullif(max(revenue_wan_yuan) OVER month_back, 0) - 1), 2)
    AS revenue_mom_pct,
  round(
    100 * (output_value_wan_yuan / nullif(max(output_value_wan_yuan) OVER year_back, 0) - 1), 2
  ) AS output_yoy_pct,
  round(100 * (tax_wan_yuan / nullif(max(tax_wan_yuan) OVER year_back, 0) - 1), 2) AS tax_yoy_pct,
  round(100 * (electricity_kwh / nullif(max(electricity_kwh) OVER year_back, 0) - 1), 2)
    AS electricity_yoy_pct
FROM dwd.operations
WINDOW
  year_back AS (
    PARTITION BY uscc ORDER BY period
    RANGE BETWEEN INTERVAL 12 MONTH PRECEDING AND INTERVAL 12 MONTH PRECEDING
  ),
  month_back AS (
    PARTITION BY uscc ORDER BY period
    RANGE BETWEEN INTERVAL 1 MONTH PRECEDING AND INTERVAL 1 MONTH PRECEDING
  )
