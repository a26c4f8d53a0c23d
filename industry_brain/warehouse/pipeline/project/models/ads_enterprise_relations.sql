MODEL (
  name ads.enterprise_relations,
  kind FULL,
  grain (supplier_uscc, buyer_uscc, product_name),
  description '企业供需关系（应用层）：供方、需方与产品一行，金额按近12个月与全部期间汇总，供企业画像的供应商与客户图读取',
  column_descriptions (
    supplier_uscc = '供方统一社会信用代码',
    supplier_name = '供方名称（在企业主数据中时）',
    buyer_uscc = '需方统一社会信用代码',
    buyer_name = '需方名称（在企业主数据中时）',
    product_name = '产品名称',
    amount_12m_wan_yuan = '近12个月金额（万元）',
    amount_total_wan_yuan = '全部期间金额（万元）',
    first_period = '最早期间',
    last_period = '最近期间',
    sources = '来源'
  )
);

WITH latest AS (
  SELECT max(period) AS period FROM dwd.relations
)
SELECT
  r.supplier_uscc,
  s.name AS supplier_name,
  r.buyer_uscc,
  b.name AS buyer_name,
  coalesce(r.product_name, '') AS product_name,
  sum(r.amount_wan_yuan) FILTER (WHERE r.period > l.period - INTERVAL 12 MONTH) AS amount_12m_wan_yuan,
  sum(r.amount_wan_yuan) AS amount_total_wan_yuan,
  min(r.period) AS first_period,
  max(r.period) AS last_period,
  string_agg(DISTINCT r.source, '、' ORDER BY r.source) AS sources
FROM dwd.relations AS r
CROSS JOIN latest AS l
LEFT JOIN dwd.enterprise AS s ON s.uscc = r.supplier_uscc
LEFT JOIN dwd.enterprise AS b ON b.uscc = r.buyer_uscc
GROUP BY r.supplier_uscc, s.name, r.buyer_uscc, b.name, coalesce(r.product_name, '')
