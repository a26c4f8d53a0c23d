MODEL (
  name dwd.enterprise_names,
  kind FULL,
  grain (uscc, name),
  description '企业名称历史：每个企业用过的名称及首次、最后出现时间',
  column_descriptions (
    uscc = '统一社会信用代码',
    name = '企业名称',
    first_seen_at = '首次出现（批次接收时间）',
    last_seen_at = '最后出现（批次接收时间）'
  )
);

SELECT coalesce(m.uscc, r.uscc) AS uscc, r.name, min(b.received_at) AS first_seen_at, max(b.received_at) AS last_seen_at
FROM ods.registry AS r
JOIN ref.batches AS b ON b.batch_id = r._batch_id AND b.status = 'loaded'
LEFT JOIN ref.enterprise_merges AS m ON m.provisional_id = r.uscc
GROUP BY coalesce(m.uscc, r.uscc), r.name
