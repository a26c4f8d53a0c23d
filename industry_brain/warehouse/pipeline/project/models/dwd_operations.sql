MODEL (
  name dwd.operations,
  kind FULL,
  grain (uscc, period),
  description '企业经营月度事实：每个企业每月一行，同一期间以最近接收的批次为准',
  column_descriptions (
    uscc = '统一社会信用代码',
    period = '期间（当月1日）',
    revenue_wan_yuan = '营业收入（万元）',
    output_value_wan_yuan = '工业总产值（万元）',
    tax_wan_yuan = '税收（万元）',
    electricity_kwh = '用电量（千瓦时）',
    employees = '从业人数',
    rd_expense_wan_yuan = '研发投入（万元）',
    export_wan_yuan = '出口额（万元）',
    energy_tce = '综合能耗（吨标准煤）'
  ),
  audits (not_null(columns := (uscc, period)), unique_combination_of_columns(columns := (uscc, period)))
);

SELECT
  coalesce(m.uscc, o.uscc) AS uscc, o.period, o.revenue_wan_yuan, o.output_value_wan_yuan, o.tax_wan_yuan,
  o.electricity_kwh, o.employees, o.rd_expense_wan_yuan, o.export_wan_yuan, o.energy_tce
FROM ods.operations AS o
JOIN ref.batches AS b ON b.batch_id = o._batch_id AND b.status = 'loaded'
LEFT JOIN ref.enterprise_merges AS m ON m.provisional_id = o.uscc
QUALIFY row_number() OVER (PARTITION BY coalesce(m.uscc, o.uscc), o.period ORDER BY b.received_at DESC, o._row DESC) = 1
