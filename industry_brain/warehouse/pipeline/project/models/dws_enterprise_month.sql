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

SELECT
  o.uscc,
  o.period,
  o.revenue_wan_yuan,
  o.output_value_wan_yuan,
  o.tax_wan_yuan,
  o.electricity_kwh,
  o.employees,
  o.rd_expense_wan_yuan,
  o.export_wan_yuan,
  o.energy_tce,
  round(100 * (o.revenue_wan_yuan / nullif(y.revenue_wan_yuan, 0) - 1), 2) AS revenue_yoy_pct,
  round(100 * (o.revenue_wan_yuan / nullif(m.revenue_wan_yuan, 0) - 1), 2) AS revenue_mom_pct,
  round(100 * (o.output_value_wan_yuan / nullif(y.output_value_wan_yuan, 0) - 1), 2) AS output_yoy_pct,
  round(100 * (o.tax_wan_yuan / nullif(y.tax_wan_yuan, 0) - 1), 2) AS tax_yoy_pct,
  round(100 * (o.electricity_kwh / nullif(y.electricity_kwh, 0) - 1), 2) AS electricity_yoy_pct
FROM dwd.operations AS o
LEFT JOIN dwd.operations AS y ON y.uscc = o.uscc AND y.period = o.period - INTERVAL 12 MONTH
LEFT JOIN dwd.operations AS m ON m.uscc = o.uscc AND m.period = o.period - INTERVAL 1 MONTH
