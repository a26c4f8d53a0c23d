MODEL (
  name dwd.relations,
  kind FULL,
  grain (supplier_uscc, buyer_uscc, product_name, period),
  description '供需关系：供方、需方、产品、期间一行，同一键以最近接收的批次为准'
);

SELECT coalesce(ms.uscc, t.supplier_uscc) AS supplier_uscc, coalesce(mb.uscc, t.buyer_uscc) AS buyer_uscc, t.product_name, t.amount_wan_yuan, t.period, t.source
FROM ods.relations AS t
JOIN ref.batches AS b ON b.batch_id = t._batch_id AND b.status = 'loaded'
LEFT JOIN ref.enterprise_merges AS ms ON ms.provisional_id = t.supplier_uscc
LEFT JOIN ref.enterprise_merges AS mb ON mb.provisional_id = t.buyer_uscc
QUALIFY row_number() OVER (PARTITION BY coalesce(ms.uscc, t.supplier_uscc), coalesce(mb.uscc, t.buyer_uscc), t.product_name, t.period ORDER BY b.received_at DESC, t._row DESC) = 1
