"""Character-bigram TF-IDF vectors for fuzzy similarity of Chinese product wording.

The vocabulary is fixed when the index is built (node profiles and confirmed examples);
bigrams outside it still count in a query's norm, so text full of unrelated words scores
low. Generic bigrams (材料, 汽车, 电子, 科技 …) are dropped so that a shared generic word
never makes two texts similar.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

_KEEP = re.compile(r"[^0-9A-Z\u4e00-\u9fff]+")
STOP_BIGRAMS = frozenset(
    "材料 产品 系统 设备 汽车 电子 有限 公司 股份 科技 制造 销售 技术 服务 生产 集团 新能 能源 "
    "工业 研发 开发 加工 零部 部件 配件 用品 应用 解决 方案 相关 业务 主要 其他 智能 控制 新型 "
    "高性 性能 一般 项目 经营 许可 批准 依法 须经 部门 开展 活动 进出 出口 进口 货物 技术 咨询 "
    "推广 转让 交流 零售 批发 信息 组件 模块 总成 专用 电气 机械 器材 元件 器件 装置 及其 以及 "
    "用于 等产 品的 的研 产销".split()
)


def bigrams(text: str) -> list[str]:
    """Return the informative character bigrams of normalized text."""
    grams: list[str] = []
    for chunk in _KEEP.split(text):
        grams.extend(
            chunk[i : i + 2] for i in range(len(chunk) - 1) if chunk[i : i + 2] not in STOP_BIGRAMS
        )
    return grams


class BigramIndex:
    """TF-IDF rows for a fixed list of documents, with cosine similarity to a query."""

    def __init__(self, documents: Sequence[Counter[str]]) -> None:
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(set(document))
        count = max(len(documents), 1)
        self.vocabulary = {gram: i for i, gram in enumerate(sorted(frequency))}
        self.idf = np.array(
            [math.log((1 + count) / (1 + frequency[gram])) + 1 for gram in self.vocabulary],
            dtype=np.float32,
        )
        self.default_idf = math.log(1 + count) + 1
        self.matrix = np.zeros((len(documents), len(self.vocabulary)), dtype=np.float32)
        for row, document in enumerate(documents):
            for gram, tf in document.items():
                column = self.vocabulary[gram]
                self.matrix[row, column] = (1 + math.log(tf)) * self.idf[column]
        norms = np.linalg.norm(self.matrix, axis=1, keepdims=True)
        self.matrix /= np.where(norms > 0, norms, 1)

    def similarities(self, query: Counter[str]) -> NDArray[np.float32]:
        """Return the cosine similarity of the query to every document."""
        columns, values, norm2 = [], [], 0.0
        for gram, tf in query.items():
            column = self.vocabulary.get(gram)
            idf = self.idf[column] if column is not None else self.default_idf
            value = (1 + math.log(tf)) * float(idf)
            norm2 += value * value
            if column is not None:
                columns.append(column)
                values.append(value)
        if not columns:
            return np.zeros(self.matrix.shape[0], dtype=np.float32)
        vector = np.asarray(values, dtype=np.float32) / math.sqrt(norm2)
        result: NDArray[np.float32] = self.matrix[:, columns] @ vector
        return result
