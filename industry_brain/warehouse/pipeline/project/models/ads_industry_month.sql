MODEL (
  name ads.industry_month,
  kind FULL,
  grain (industry_division, period),
  description '行业大类月度指标（应用层），附行业名称'
);

SELECT d.*, i.name AS industry_division_name
FROM dws.industry_month AS d
LEFT JOIN ref.industries AS i ON i.code = d.industry_division
