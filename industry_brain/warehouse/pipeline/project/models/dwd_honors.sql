MODEL (
  name dwd.honors,
  kind FULL,
  grain (uscc, honor_name, level),
  description '资质荣誉：每个企业每项荣誉与级别一行，同一键以最近接收的批次为准'
);

SELECT coalesce(m.uscc, t.uscc) AS uscc, t.honor_name, t.level, t.recognized_on, t.valid_until
FROM ods.honors AS t
JOIN ref.batches AS b ON b.batch_id = t._batch_id AND b.status = 'loaded'
LEFT JOIN ref.enterprise_merges AS m ON m.provisional_id = t.uscc
QUALIFY row_number() OVER (PARTITION BY coalesce(m.uscc, t.uscc), t.honor_name, t.level ORDER BY b.received_at DESC, t._row DESC) = 1
