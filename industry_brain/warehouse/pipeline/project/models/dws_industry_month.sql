MODEL (
  name dws.industry_month,
  kind FULL,
  grain (industry_division, period),
  description '行业大类月度汇总：企业数与经营指标合计，及同比增速（%）',
  column_descriptions (
    industry_division = '行业大类代码（GB/T 4754-2017，2位）',
    period = '期间（当月1日）',
    enterprises = '报送经营数据的企业数',
    revenue_wan_yuan = '营业收入合计（万元）',
    output_value_wan_yuan = '工业总产值合计（万元）',
    tax_wan_yuan = '税收合计（万元）',
    revenue_yoy_pct = '营业收入同比增速（%）'
  )
);

WITH totals AS (
  SELECT
    e.industry_division,
    o.period,
    count(*) AS enterprises,
    sum(o.revenue_wan_yuan) AS revenue_wan_yuan,
    sum(o.output_value_wan_yuan) AS output_value_wan_yuan,
    sum(o.tax_wan_yuan) AS tax_wan_yuan
  FROM dwd.operations AS o
  JOIN dwd.enterprise AS e ON e.uscc = o.uscc
  WHERE e.industry_division IS NOT NULL
  GROUP BY e.industry_division, o.period
)
SELECT
  t.*,
  round(100 * (t.revenue_wan_yuan / nullif(y.revenue_wan_yuan, 0) - 1), 2) AS revenue_yoy_pct
FROM totals AS t
LEFT JOIN totals AS y
  ON y.industry_division = t.industry_division AND y.period = t.period - INTERVAL 12 MONTH
