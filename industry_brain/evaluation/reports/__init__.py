"""The evaluation's documents: the annual 自评报告 (PDF and Word) of one indicator system and
the Jiangxi 产业情况调研报告 (Word), built as one neutral list of blocks and rendered by
``pdf`` (WeasyPrint) and ``docx`` (python-docx).

Invariants:
- A value without data is printed as “缺数据” with its reason and the indicator is named in the
  report's list of missing indicators; it is never printed as 0.
- A judgement the platform cannot make is a marked field “【待填写：…】” for the author.
"""
