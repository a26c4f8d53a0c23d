MODEL (
  name ads.region_month,
  kind FULL,
  grain (county_code, period),
  description '区县月度指标（应用层），附区县名称，供驾驶舱与地图读取'
);

SELECT r.*, g.name AS county_name
FROM dws.region_month AS r
LEFT JOIN ref.regions AS g ON g.code = r.county_code
