MODEL (
  name ads.enterprise_profile,
  kind FULL,
  grain uscc,
  description '企业画像（应用层）：登记信息、所在区划、近12个月经营、荣誉与专利，供页面读取',
  column_descriptions (
    uscc = '统一社会信用代码',
    name = '企业名称',
    industry_code = '行业代码',
    industry_name = '行业名称',
    county_code = '区县代码',
    city_code = '地市代码',
    province_code = '省级代码',
    longitude = '经度',
    latitude = '纬度',
    location_precision = '坐标精度（address 地址坐标；county/city/province 区划中心）',
    status = '登记状态',
    above_scale = '是否规上',
    employees = '从业人数',
    legal_representative = '法定代表人（个人信息）',
    contact_phone = '联系电话（个人信息）',
    is_local = '是否注册在本集群区域内',
    last_period = '最近报送期间',
    revenue_12m_wan_yuan = '近12个月营业收入（万元）',
    tax_12m_wan_yuan = '近12个月税收（万元）',
    output_12m_wan_yuan = '近12个月工业总产值（万元）',
    revenue_12m_yoy_pct = '近12个月营业收入同比增速（%）',
    honors = '资质荣誉（以、分隔）',
    tags = '标签（规上与有效期内的资质荣誉，以、分隔）',
    patents = '专利数',
    invention_patents = '发明专利数'
  )
);

WITH latest AS (
  SELECT max(period) AS period FROM dwd.operations
), ops AS (
  SELECT
    o.uscc,
    max(o.period) AS last_period,
    sum(o.revenue_wan_yuan) FILTER (WHERE o.period > l.period - INTERVAL 12 MONTH) AS revenue_12m,
    sum(o.revenue_wan_yuan) FILTER (
      WHERE o.period <= l.period - INTERVAL 12 MONTH AND o.period > l.period - INTERVAL 24 MONTH
    ) AS revenue_prev_12m,
    sum(o.tax_wan_yuan) FILTER (WHERE o.period > l.period - INTERVAL 12 MONTH) AS tax_12m,
    sum(o.output_value_wan_yuan) FILTER (WHERE o.period > l.period - INTERVAL 12 MONTH) AS output_12m
  FROM dwd.operations AS o, latest AS l
  GROUP BY o.uscc
), honors AS (
  SELECT uscc, string_agg(DISTINCT honor_name, '、' ORDER BY honor_name) AS honors
  FROM dwd.honors
  GROUP BY uscc
), tags AS (
  SELECT uscc, string_agg(DISTINCT honor_name, '、' ORDER BY honor_name) AS valid_honors
  FROM dwd.honors
  WHERE valid_until IS NULL OR valid_until >= current_date
  GROUP BY uscc
), patents AS (
  SELECT uscc, count(*) AS patents, count(*) FILTER (WHERE patent_type = '发明') AS invention_patents
  FROM dwd.patents
  GROUP BY uscc
)
SELECT
  e.uscc,
  e.name,
  e.industry_code,
  e.industry_name,
  e.county_code,
  e.city_code,
  e.province_code,
  e.longitude,
  e.latitude,
  e.location_precision,
  e.status,
  e.above_scale,
  e.employees,
  e.legal_representative,
  e.contact_phone,
  coalesce(coalesce(e.county_code, e.city_code, e.province_code) LIKE c.prefix || '%', TRUE)
    AS is_local,
  o.last_period,
  o.revenue_12m AS revenue_12m_wan_yuan,
  o.tax_12m AS tax_12m_wan_yuan,
  o.output_12m AS output_12m_wan_yuan,
  round(100 * (o.revenue_12m / nullif(o.revenue_prev_12m, 0) - 1), 2) AS revenue_12m_yoy_pct,
  h.honors,
  CASE
    WHEN e.above_scale AND t.valid_honors IS NOT NULL THEN '规上、' || t.valid_honors
    WHEN e.above_scale THEN '规上'
    ELSE t.valid_honors
  END AS tags,
  coalesce(p.patents, 0) AS patents,
  coalesce(p.invention_patents, 0) AS invention_patents
FROM dwd.enterprise AS e
LEFT JOIN ref.cluster AS c ON TRUE
LEFT JOIN ops AS o ON o.uscc = e.uscc
LEFT JOIN honors AS h ON h.uscc = e.uscc
LEFT JOIN tags AS t ON t.uscc = e.uscc
LEFT JOIN patents AS p ON p.uscc = e.uscc
