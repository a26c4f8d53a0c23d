MODEL (
  name dwd.patents,
  kind FULL,
  grain (patent_no),
  description '专利：每个专利号一行，同一键以最近接收的批次为准'
);

SELECT coalesce(m.uscc, t.uscc) AS uscc, t.patent_no, t.title, t.patent_type, t.applied_on, t.granted_on, t.ipc
FROM ods.patents AS t
JOIN ref.batches AS b ON b.batch_id = t._batch_id AND b.status = 'loaded'
LEFT JOIN ref.enterprise_merges AS m ON m.provisional_id = t.uscc
QUALIFY row_number() OVER (PARTITION BY t.patent_no ORDER BY b.received_at DESC, t._row DESC) = 1
