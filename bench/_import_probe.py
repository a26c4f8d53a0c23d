"""Timers and peak-RSS probes for ``import_bench.py``; not a benchmark itself.

A ``Probe`` times named stages and records each stage's peak resident set size. The peak is
read from ``VmHWM`` in ``/proc/self/status``, which is reset at the start of every stage by
writing ``5`` to ``/proc/self/clear_refs`` (Linux); where that is not allowed the figures are
the process's peak so far. Stages of the real ``import_file`` and ``run_pipeline`` are timed by
replacing module attributes with timed wrappers (``Probe.wrap``) and by handing the ingest code
a lake connection whose statements are timed (``TimedConnection``), so the code measured is
exactly the code that runs in production.
"""

from __future__ import annotations

import re
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HWM = re.compile(r"VmHWM:\s+(\d+) kB")
_STATEMENTS = (
    ("ib_stage AS SELECT", "staging read (read_csv → work table)"),
    ("ib_parsed AS SELECT", "validation: parse + rules"),
    ("ib_dups AS SELECT", "validation: duplicates within the batch"),
    ("ib_checked AS SELECT", "validation: duplicates within the batch"),
    ("INSERT INTO ods.", "ODS insert"),
    ("COMMIT", "ODS commit (write to disk)"),
    ("count(*) FILTER", "count accepted"),
    ("to_json(_errors)", "fetch rejected rows"),
    ("to_json(c._errors)", "fetch rejected rows"),
    ("ATTACH", "work database attach/detach"),
)


def read_hwm_kib() -> int:
    """Return this process's peak RSS in KiB since the last reset (or since start)."""
    match = _HWM.search(Path("/proc/self/status").read_text())
    return int(match.group(1)) if match else 0


def reset_hwm() -> bool:
    """Reset the peak RSS counter; return whether the kernel allowed it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def children_maxrss_kib() -> int:
    """Return the largest peak RSS of any waited-for child process, in KiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


@dataclass
class Stage:
    """The accumulated time of one named stage."""

    name: str
    seconds: float = 0.0
    calls: int = 0
    peak_kib: int = 0


@dataclass
class Probe:
    """Named stage timers with per-stage peak RSS, in order of first use."""

    stages: dict[str, Stage] = field(default_factory=dict)
    process_peak_kib: int = 0
    _restore: list[tuple[object, str, object]] = field(default_factory=list)
    _open_peaks: list[int] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as (part of) stage ``name``; nested stages are fine."""
        self._fold()
        self._open_peaks.append(0)
        started = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            peak = max(self._fold(), self._open_peaks.pop())
            if self._open_peaks:
                self._open_peaks[-1] = max(self._open_peaks[-1], peak)
            entry = self.stages.setdefault(name, Stage(name))
            entry.seconds += seconds
            entry.calls += 1
            entry.peak_kib = max(entry.peak_kib, peak)

    def _fold(self) -> int:
        """Fold the current peak into every open stage and the process peak, then reset."""
        peak = read_hwm_kib()
        self.process_peak_kib = max(self.process_peak_kib, peak)
        self._open_peaks[:] = [max(value, peak) for value in self._open_peaks]
        reset_hwm()
        return peak

    def wrap(self, owner: object, attribute: str, name: str | None = None) -> None:
        """Replace ``owner.attribute`` (a function) by a version timed as stage ``name``."""
        original = getattr(owner, attribute)
        label = name or attribute

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(label):
                return original(*args, **kwargs)

        self._restore.append((owner, attribute, original))
        setattr(owner, attribute, timed)

    def wrap_labelled(self, owner: object, attribute: str, label_of: Callable[..., str]) -> None:
        """Like ``wrap``, with the stage name computed from the call's arguments."""
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(label_of(*args, **kwargs)):
                return original(*args, **kwargs)

        self._restore.append((owner, attribute, original))
        setattr(owner, attribute, timed)

    def restore(self) -> None:
        """Put every wrapped attribute back."""
        while self._restore:
            owner, attribute, original = self._restore.pop()
            setattr(owner, attribute, original)

    def as_rows(self) -> list[dict[str, Any]]:
        """Return the stages as JSON-ready dicts."""
        return [
            {"stage": s.name, "seconds": s.seconds, "calls": s.calls, "peak_mib": s.peak_kib / 1024}
            for s in self.stages.values()
        ]


def statement_label(query: str) -> str:
    """Name the ingest step a lake statement belongs to."""
    for needle, label in _STATEMENTS:
        if needle in query:
            return label
    return "other lake statements (macros, code table, DDL)"


class TimedResult:
    """A DuckDB connection/result whose fetches count towards a stage."""

    def __init__(self, inner: Any, probe: Probe, label: str) -> None:
        self._inner, self._probe, self._label = inner, probe, label

    def fetchone(self) -> Any:
        """Fetch one row, timed."""
        with self._probe.stage(self._label):
            return self._inner.fetchone()

    def fetchall(self) -> Any:
        """Fetch all rows, timed."""
        with self._probe.stage(self._label):
            return self._inner.fetchall()

    def fetchmany(self, size: int = 1) -> Any:
        """Fetch some rows, timed."""
        with self._probe.stage(self._label):
            return self._inner.fetchmany(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class TimedConnection(TimedResult):
    """A lake connection whose statements are timed by the step they belong to."""

    def execute(self, query: str, parameters: object = None) -> TimedResult:
        """Run a statement, timed."""
        label = statement_label(query)
        with self._probe.stage(label):
            args = (query,) if parameters is None else (query, parameters)
            result = self._inner.execute(*args)
        return TimedResult(result, self._probe, label)

    def cursor(self) -> TimedConnection:
        """Open a second connection to the same database, timed the same way."""
        return TimedConnection(self._inner.cursor(), self._probe, self._label)

    def executemany(self, query: str, parameters: object) -> TimedConnection:
        """Run a statement for many parameter sets, timed."""
        with self._probe.stage(statement_label(query)):
            self._inner.executemany(query, parameters)
        return self


def timed_lake_connect(
    probe: Probe, original: Callable[..., AbstractContextManager[Any]]
) -> Callable[..., AbstractContextManager[Any]]:
    """Return a replacement for ``lake.connect`` that yields ``TimedConnection`` objects."""

    @contextmanager
    def connect(*args: Any, **kwargs: Any) -> Iterator[Any]:
        with original(*args, **kwargs) as con:
            yield TimedConnection(con, probe, "lake")

    return connect
