MODEL (
  name ads.enterprise_events,
  kind FULL,
  grain (uscc, category, event_type, event_date, after_value),
  description '企业事件时间轴（应用层）：登记变更事件与资质荣誉认定，按日期排列',
  column_descriptions (
    uscc = '统一社会信用代码',
    category = '类别（登记变更、资质荣誉）',
    event_type = '事件类型',
    event_date = '日期',
    before_value = '变更前',
    after_value = '变更后（荣誉为名称与级别）'
  )
);

SELECT uscc, '登记变更' AS category, event_type, event_date, before_value, after_value
FROM dwd.events
UNION ALL
SELECT
  uscc,
  '资质荣誉',
  '认定',
  recognized_on,
  NULL,
  honor_name || coalesce('（' || level || '）', '')
FROM dwd.honors
WHERE recognized_on IS NOT NULL
