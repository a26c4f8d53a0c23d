"""经济风险预警 (D4): rules as data, warnings deduplicated per condition, warnings as tasks."""
