"""指标体系评估与自评报告 (M1–M4): the official indicator systems as data, each indicator
bound to a computation over the platform's own data or entered by hand with evidence, the
Zhejiang grading, and the annual reports."""
