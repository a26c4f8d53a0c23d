MODEL (
  name ads.enterprise_scores,
  kind FULL,
  grain uscc,
  description '企业评分（应用层）：成长性、创新能力、经营稳定性（0–100）及其全部输入，定义见 docs/scores.md',
  column_descriptions (
    uscc = '统一社会信用代码',
    as_of = '评分所依据的最近期间',
    months_12 = '近12个月报送月数',
    months_prev_12 = '前12个月报送月数',
    revenue_growth_pct = '营业收入增速（%）：近12个月月均比前12个月月均',
    employees_growth_pct = '从业人数增速（%）：近12个月月均比前12个月月均',
    growth_score = '成长性（0–100）',
    invention_patents = '发明专利数',
    other_patents = '实用新型与外观设计专利数',
    high_tech = '是否有效期内的高新技术企业',
    specialised = '是否有效期内的专精特新企业（含小巨人）',
    rd_ratio_pct = '研发投入强度（%）：近12个月研发投入占营业收入',
    innovation_score = '创新能力（0–100）',
    months_reported_24 = '近24个月报送月数',
    revenue_yoy_months = '近24个月有同比增速的月数',
    revenue_yoy_std_pct = '月度营业收入同比增速的标准差（百分点，增速截取在 -100 至 200 之间）',
    status = '登记状态',
    stability_score = '经营稳定性（0–100）'
  )
);

WITH latest AS (
  SELECT max(period) AS period FROM dws.enterprise_month
), ops AS (
  SELECT
    m.uscc,
    count(*) FILTER (WHERE m.period > l.period - INTERVAL 12 MONTH) AS months_12,
    count(*) FILTER (
      WHERE m.period <= l.period - INTERVAL 12 MONTH AND m.period > l.period - INTERVAL 24 MONTH
    ) AS months_prev_12,
    count(*) FILTER (WHERE m.period > l.period - INTERVAL 24 MONTH) AS months_reported_24,
    avg(m.revenue_wan_yuan) FILTER (WHERE m.period > l.period - INTERVAL 12 MONTH) AS revenue_avg,
    avg(m.revenue_wan_yuan) FILTER (
      WHERE m.period <= l.period - INTERVAL 12 MONTH AND m.period > l.period - INTERVAL 24 MONTH
    ) AS revenue_prev_avg,
    avg(m.employees) FILTER (WHERE m.period > l.period - INTERVAL 12 MONTH) AS employees_avg,
    avg(m.employees) FILTER (
      WHERE m.period <= l.period - INTERVAL 12 MONTH AND m.period > l.period - INTERVAL 24 MONTH
    ) AS employees_prev_avg,
    sum(m.revenue_wan_yuan) FILTER (WHERE m.period > l.period - INTERVAL 12 MONTH) AS revenue_12m,
    sum(m.rd_expense_wan_yuan) FILTER (WHERE m.period > l.period - INTERVAL 12 MONTH) AS rd_12m,
    count(m.revenue_yoy_pct) FILTER (WHERE m.period > l.period - INTERVAL 24 MONTH)
      AS revenue_yoy_months,
    -- least/greatest skip NULLs in DuckDB, so months without a rate are left out first.
    stddev_samp(greatest(-100, least(200, m.revenue_yoy_pct))) FILTER (
      WHERE m.revenue_yoy_pct IS NOT NULL AND m.period > l.period - INTERVAL 24 MONTH
    ) AS revenue_yoy_std
  FROM dws.enterprise_month AS m, latest AS l
  GROUP BY m.uscc
), honors AS (
  SELECT
    uscc,
    bool_or(honor_name LIKE '%高新技术企业%') AS high_tech,
    bool_or(honor_name LIKE '%专精特新%') AS specialised
  FROM dwd.honors
  WHERE valid_until IS NULL OR valid_until >= current_date
  GROUP BY uscc
), patents AS (
  SELECT
    uscc,
    count(*) FILTER (WHERE patent_type = '发明') AS invention,
    count(*) FILTER (WHERE patent_type IS DISTINCT FROM '发明') AS other
  FROM dwd.patents
  GROUP BY uscc
), inputs AS (
  SELECT
    e.uscc,
    e.status,
    l.period AS as_of,
    coalesce(o.months_12, 0) AS months_12,
    coalesce(o.months_prev_12, 0) AS months_prev_12,
    coalesce(o.months_reported_24, 0) AS months_reported_24,
    CASE WHEN o.months_12 >= 6 AND o.months_prev_12 >= 6 AND o.revenue_prev_avg > 0
      THEN round(100 * (o.revenue_avg / o.revenue_prev_avg - 1), 2) END AS revenue_growth_pct,
    CASE WHEN o.months_12 >= 6 AND o.months_prev_12 >= 6 AND o.employees_prev_avg > 0
      THEN round(100 * (o.employees_avg / o.employees_prev_avg - 1), 2) END AS employees_growth_pct,
    coalesce(p.invention, 0) AS invention_patents,
    coalesce(p.other, 0) AS other_patents,
    coalesce(h.high_tech, FALSE) AS high_tech,
    coalesce(h.specialised, FALSE) AS specialised,
    CASE WHEN o.revenue_12m > 0 AND o.rd_12m IS NOT NULL
      THEN round(100 * o.rd_12m / o.revenue_12m, 2) END AS rd_ratio_pct,
    coalesce(o.revenue_yoy_months, 0) AS revenue_yoy_months,
    round(o.revenue_yoy_std, 2) AS revenue_yoy_std_pct
  FROM dwd.enterprise AS e
  CROSS JOIN latest AS l
  LEFT JOIN ops AS o ON o.uscc = e.uscc
  LEFT JOIN honors AS h ON h.uscc = e.uscc
  LEFT JOIN patents AS p ON p.uscc = e.uscc
)
SELECT
  uscc,
  as_of,
  months_12,
  months_prev_12,
  revenue_growth_pct,
  employees_growth_pct,
  CAST(round(
    CASE
      WHEN revenue_growth_pct IS NULL THEN NULL
      WHEN employees_growth_pct IS NULL THEN greatest(0, least(100, 50 + revenue_growth_pct))
      ELSE 0.7 * greatest(0, least(100, 50 + revenue_growth_pct))
        + 0.3 * greatest(0, least(100, 50 + employees_growth_pct))
    END
  ) AS INTEGER) AS growth_score,
  invention_patents,
  other_patents,
  high_tech,
  specialised,
  rd_ratio_pct,
  CAST(round(
    least(30, 6 * invention_patents) + least(10, other_patents)
    + CASE WHEN high_tech THEN 20 ELSE 0 END + CASE WHEN specialised THEN 15 ELSE 0 END
    + least(25, 5 * greatest(0, coalesce(rd_ratio_pct, 0)))
  ) AS INTEGER) AS innovation_score,
  months_reported_24,
  revenue_yoy_months,
  revenue_yoy_std_pct,
  status,
  CAST(round(
    CASE
      WHEN status IN ('迁出', '注销', '吊销') THEN 0
      WHEN revenue_yoy_months < 6 OR revenue_yoy_std_pct IS NULL THEN NULL
      ELSE 100 * (months_reported_24 / 24.0) * greatest(0, 1 - revenue_yoy_std_pct / 100)
    END
  ) AS INTEGER) AS stability_score
FROM inputs
