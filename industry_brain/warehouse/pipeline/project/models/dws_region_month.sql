MODEL (
  name dws.region_month,
  kind FULL,
  grain (county_code, period),
  description '区县月度汇总：企业数、规上企业数与经营指标合计，及同比增速（%）',
  column_descriptions (
    county_code = '区县代码（GB/T 2260）',
    period = '期间（当月1日）',
    enterprises = '报送经营数据的企业数',
    above_scale_enterprises = '其中规上企业数',
    revenue_wan_yuan = '营业收入合计（万元）',
    output_value_wan_yuan = '工业总产值合计（万元）',
    tax_wan_yuan = '税收合计（万元）',
    electricity_kwh = '用电量合计（千瓦时）',
    revenue_yoy_pct = '营业收入同比增速（%）'
  )
);

WITH totals AS (
  SELECT
    e.county_code,
    o.period,
    count(*) AS enterprises,
    count(*) FILTER (WHERE e.above_scale) AS above_scale_enterprises,
    sum(o.revenue_wan_yuan) AS revenue_wan_yuan,
    sum(o.output_value_wan_yuan) AS output_value_wan_yuan,
    sum(o.tax_wan_yuan) AS tax_wan_yuan,
    sum(o.electricity_kwh) AS electricity_kwh
  FROM dwd.operations AS o
  JOIN dwd.enterprise AS e ON e.uscc = o.uscc
  WHERE e.county_code IS NOT NULL
  GROUP BY e.county_code, o.period
)
SELECT
  t.*,
  round(100 * (t.revenue_wan_yuan / nullif(y.revenue_wan_yuan, 0) - 1), 2) AS revenue_yoy_pct
FROM totals AS t
LEFT JOIN totals AS y ON y.county_code = t.county_code AND y.period = t.period - INTERVAL 12 MONTH
