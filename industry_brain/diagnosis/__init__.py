"""数字化诊断 (F1): questionnaires as data, assessments, levels, gaps and matched solutions."""
