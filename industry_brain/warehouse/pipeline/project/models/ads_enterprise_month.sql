MODEL (
  name ads.enterprise_month,
  kind FULL,
  grain (uscc, period),
  description '企业月度经营（应用层）：每个企业最近36个月的经营指标，供企业画像的月度曲线与月度数字下钻读取',
  column_descriptions (
    uscc = '统一社会信用代码',
    period = '期间（当月1日）',
    revenue_wan_yuan = '营业收入（万元）',
    output_value_wan_yuan = '工业总产值（万元）',
    tax_wan_yuan = '税收（万元）',
    electricity_kwh = '用电量（千瓦时）',
    employees = '从业人数',
    revenue_yoy_pct = '营业收入同比增速（%）'
  )
);

WITH latest AS (
  SELECT max(period) AS period FROM dws.enterprise_month
)
SELECT
  m.uscc,
  m.period,
  m.revenue_wan_yuan,
  m.output_value_wan_yuan,
  m.tax_wan_yuan,
  m.electricity_kwh,
  m.employees,
  m.revenue_yoy_pct
FROM dws.enterprise_month AS m, latest AS l
WHERE m.period > l.period - INTERVAL 36 MONTH
