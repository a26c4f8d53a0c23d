MODEL (
  name ads.enterprise_names,
  kind FULL,
  grain (uscc, name),
  description '企业名称（应用层）：现用名与曾用名，来自登记信息各批次与名称变更事件，供企业搜索与画像读取',
  column_descriptions (
    uscc = '统一社会信用代码',
    name = '企业名称',
    is_current = '是否现用名',
    first_seen_on = '最早见于（批次接收日期或变更日期）',
    last_seen_on = '最晚见于（批次接收日期或变更日期）',
    sources = '来源（登记信息、名称变更事件）'
  )
);

WITH seen AS (
  SELECT uscc, name, CAST(first_seen_at AS DATE) AS since, CAST(last_seen_at AS DATE) AS until,
    '登记信息' AS source
  FROM dwd.enterprise_names
  UNION ALL
  SELECT uscc, before_value, NULL, event_date, '名称变更事件'
  FROM dwd.events
  WHERE event_type = '名称变更' AND nullif(trim(before_value), '') IS NOT NULL
  UNION ALL
  SELECT uscc, after_value, event_date, NULL, '名称变更事件'
  FROM dwd.events
  WHERE event_type = '名称变更' AND nullif(trim(after_value), '') IS NOT NULL
)
SELECT
  s.uscc,
  trim(s.name) AS name,
  bool_or(trim(s.name) = e.name) AS is_current,
  min(s.since) AS first_seen_on,
  max(s.until) AS last_seen_on,
  string_agg(DISTINCT s.source, '、' ORDER BY s.source) AS sources
FROM seen AS s
JOIN dwd.enterprise AS e ON e.uscc = s.uscc
GROUP BY s.uscc, trim(s.name)
