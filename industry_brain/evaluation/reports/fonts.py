"""What rendering needs from the machine: a Chinese font (charts, PDF) and Pango (PDF).

Both are system packages; when either is missing the error says what to install
(``scripts/system-deps.sh``) instead of producing boxes for every Chinese character.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from industry_brain.errors import DomainError

PREFERRED = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
)
WQY_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
INSTALL = "请运行 scripts/system-deps.sh（需要 root）"


class ReportDependencyError(DomainError):
    """The machine lacks a system package a report needs (a Chinese font, Pango)."""

    status_code = 503
    code = "report_dependency_missing"


@dataclass(frozen=True)
class CjkFont:
    """A Chinese font: its family name (for CSS and matplotlib) and its file."""

    family: str
    path: Path


def _fontconfig_chinese() -> CjkFont | None:
    if shutil.which("fc-list") is None:
        return None
    found = subprocess.run(
        ["fc-list", ":lang=zh", "family", "file"], capture_output=True, text=True, check=False
    ).stdout
    for line in sorted(found.splitlines()):
        path, _, families = line.partition(": ")
        if path and families:
            return CjkFont(families.split(",")[0].strip(), Path(path))
    return None


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """Return the Chinese font to draw with: a preferred family known to matplotlib, the
    WenQuanYi file, or any Chinese font fontconfig knows; else raise ReportDependencyError."""
    from matplotlib import font_manager

    known = {entry.name: Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    for family in PREFERRED:
        if family in known:
            return CjkFont(family, known[family])
    candidate = CjkFont(PREFERRED[0], WQY_FILE) if WQY_FILE.exists() else _fontconfig_chinese()
    if candidate is None:
        raise ReportDependencyError(
            f"生成报告需要中文字体，本机没有找到（如 WenQuanYi Micro Hei）：{INSTALL}，"
            "或安装 fonts-wqy-microhei"
        )
    font_manager.fontManager.addfont(str(candidate.path))
    family = font_manager.FontProperties(fname=str(candidate.path)).get_name()
    return CjkFont(family, candidate.path)
