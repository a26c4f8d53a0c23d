MODEL (
  name dwd.enterprise,
  kind FULL,
  grain uscc,
  description '企业主数据：每个统一社会信用代码一行，取最近接收批次中的登记信息，附行政区划与行业',
  column_descriptions (
    uscc = '统一社会信用代码；无代码的企业为临时编码（P开头），合并后取统一社会信用代码',
    name = '企业名称（最新）',
    established_on = '成立日期',
    registered_capital_wan_yuan = '注册资本（万元）',
    address = '注册地址',
    industry_code = '行业代码（GB/T 4754-2017 小类或更粗）',
    industry_name = '行业名称',
    industry_division = '行业大类代码（2位）',
    business_scope = '经营范围',
    status = '登记状态',
    above_scale = '是否规上',
    employees = '从业人数',
    legal_representative = '法定代表人（个人信息）',
    contact_phone = '联系电话（个人信息）',
    county_code = '区县代码（GB/T 2260，由地址解析）',
    city_code = '地市代码',
    province_code = '省级代码',
    longitude = '经度（登记时给出的坐标，否则为区县中心）',
    latitude = '纬度（同上）',
    location_precision = '坐标精度：address 为地址坐标，county/city/province 为所在区划的中心',
    batch_id = '最新信息所在批次'
  ),
  audits (not_null(columns := (uscc, name)), unique_values(columns := (uscc)))
);

WITH registry AS (
  -- A provisional id merged into a real code is that enterprise; rows under the real code
  -- (from a registry) describe it better than those of the provisional id (e.g. a list).
  SELECT r.* REPLACE (coalesce(m.uscc, r.uscc) AS uscc), b.received_at,
    m.uscc IS NOT NULL AS _via_merge
  FROM ods.registry AS r
  JOIN ref.batches AS b ON b.batch_id = r._batch_id AND b.status = 'loaded'
  LEFT JOIN ref.enterprise_merges AS m ON m.provisional_id = r.uscc
), latest AS (
  SELECT *
  FROM registry
  QUALIFY row_number() OVER (
    PARTITION BY uscc ORDER BY _via_merge, received_at DESC, _row DESC
  ) = 1
)
SELECT
  l.uscc,
  l.name,
  l.established_on,
  l.registered_capital_wan_yuan,
  l.address,
  l.industry_code,
  i.name AS industry_name,
  left(l.industry_code, 2) AS industry_division,
  l.business_scope,
  l.status,
  l.above_scale,
  l.employees,
  l.legal_representative,
  l.contact_phone,
  a.county_code,
  a.city_code,
  a.province_code,
  CASE WHEN l.longitude IS NOT NULL AND l.latitude IS NOT NULL THEN l.longitude ELSE a.longitude END
    AS longitude,
  CASE WHEN l.longitude IS NOT NULL AND l.latitude IS NOT NULL THEN l.latitude ELSE a.latitude END
    AS latitude,
  CASE
    WHEN l.longitude IS NOT NULL AND l.latitude IS NOT NULL THEN 'address'
    WHEN a.county_code IS NOT NULL THEN 'county'
    WHEN a.city_code IS NOT NULL THEN 'city'
    WHEN a.province_code IS NOT NULL THEN 'province'
  END AS location_precision,
  l._batch_id AS batch_id
FROM latest AS l
LEFT JOIN ref.industries AS i ON i.code = l.industry_code
LEFT JOIN ref.address_regions AS a ON a.address = l.address
