MODEL (
  name dwd.products,
  kind FULL,
  grain (uscc, product_name),
  description '主营产品：每个企业每个产品一行，同一键以最近接收的批次为准'
);

SELECT coalesce(m.uscc, t.uscc) AS uscc, t.product_name, t.product_category, t.revenue_share
FROM ods.products AS t
JOIN ref.batches AS b ON b.batch_id = t._batch_id AND b.status = 'loaded'
LEFT JOIN ref.enterprise_merges AS m ON m.provisional_id = t.uscc
QUALIFY row_number() OVER (PARTITION BY coalesce(m.uscc, t.uscc), t.product_name ORDER BY b.received_at DESC, t._row DESC) = 1
