MODEL (
  name dwd.events,
  kind FULL,
  grain (uscc, event_type, event_date, after_value),
  description '登记变更事件：每个事件一行，同一键以最近接收的批次为准'
);

SELECT coalesce(m.uscc, t.uscc) AS uscc, t.event_type, t.event_date, t.before_value, t.after_value
FROM ods.events AS t
JOIN ref.batches AS b ON b.batch_id = t._batch_id AND b.status = 'loaded'
LEFT JOIN ref.enterprise_merges AS m ON m.provisional_id = t.uscc
QUALIFY row_number() OVER (PARTITION BY coalesce(m.uscc, t.uscc), t.event_type, t.event_date, t.after_value ORDER BY b.received_at DESC, t._row DESC) = 1
