MODEL (
  name ads.cluster_month,
  kind FULL,
  grain period,
  description '集群月度总量（应用层）：本集群区域内企业的经营指标合计与同比增速',
  column_descriptions (
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
    r.period,
    sum(r.enterprises) AS enterprises,
    sum(r.above_scale_enterprises) AS above_scale_enterprises,
    sum(r.revenue_wan_yuan) AS revenue_wan_yuan,
    sum(r.output_value_wan_yuan) AS output_value_wan_yuan,
    sum(r.tax_wan_yuan) AS tax_wan_yuan,
    sum(r.electricity_kwh) AS electricity_kwh
  FROM dws.region_month AS r
  LEFT JOIN ref.cluster AS c ON TRUE
  WHERE c.prefix IS NULL OR r.county_code LIKE c.prefix || '%'
  GROUP BY r.period
)
SELECT
  t.*,
  round(100 * (t.revenue_wan_yuan / nullif(y.revenue_wan_yuan, 0) - 1), 2) AS revenue_yoy_pct
FROM totals AS t
LEFT JOIN totals AS y ON y.period = t.period - INTERVAL 12 MONTH
