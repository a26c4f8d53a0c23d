MODEL (
  name dwd.honors,
  kind FULL,
  grain (uscc, honor_name, level),
  description '资质荣誉：每个企业每项荣誉与级别一行，同一键以最近接收的批次为准'
);

SELECT t.uscc, t.honor_name, t.level, t.recognized_on, t.valid_until
FROM ods.honors AS t
JOIN ref.batches AS b ON b.batch_id = t._batch_id AND b.status = 'loaded'
QUALIFY row_number() OVER (PARTITION BY t.uscc, t.honor_name, t.level ORDER BY b.received_at DESC, t._row DESC) = 1
