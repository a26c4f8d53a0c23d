"""Deduplication decided on known findings: one warning per (rule, subject), updated as the
condition evolves, never duplicated."""

from __future__ import annotations

from datetime import date

from industry_brain.alerts.merge import Finding, Plan, Tracked, plan_changes

NOV, DEC = date(2024, 11, 1), date(2024, 12, 1)
THRESHOLDS = {1: {"黄": 30.0, "橙": 50.0, "红": 70.0}}


def finding(level: str, *, period: date = DEC, value: float = 60.0, measure: float = 40.0,
            key: str = "A") -> Finding:  # fmt: skip
    return Finding(1, "enterprise", key, "企业A", "320412", period, value, 100.0, measure, level,
                   date(2024, 10, 1), '{"base_period": "2023-12"}')  # fmt: skip


def tracked(level: str, *, status: str = "open", condition: str = "active", period: date = NOV,
            value: float = 60.0, measure: float = 40.0) -> Tracked:  # fmt: skip
    return Tracked(7, "1|A", status, condition, level, date(2024, 9, 1), period, value, measure)


def plan(findings: list[Finding], tracked_: list[Tracked], cleared: set[str] | None = None) -> Plan:
    return plan_changes(
        findings=findings, cleared_keys=cleared or set(),
        tracked={t.key: t for t in tracked_}, month=DEC, thresholds=THRESHOLDS,
    )  # fmt: skip


def test_a_new_condition_raises_one_warning() -> None:
    found = plan([finding("黄")], [])
    assert (
        [f.key for f in found.new] == ["1|A"]
        and found.updates == []
        and found.counts == {"raised": 1}
    )


def test_a_persisting_condition_updates_the_same_warning_and_keeps_its_history() -> None:
    found = plan([finding("黄")], [tracked("黄")])
    assert found.new == []
    assert [(u["id"], u["period"], u["since_period"]) for u in found.updates] == [
        (7, DEC, date(2024, 9, 1))  # since when: the earlier start is kept
    ]
    assert [(e["kind"], e["text"]) for e in found.events] == [("updated", "2024-12 条件持续")]


def test_levels_escalate_and_de_escalate_on_the_same_warning() -> None:
    up = plan([finding("橙", measure=55.0)], [tracked("黄")])
    assert up.new == [] and up.updates[0]["level"] == "橙" and up.updates[0]["threshold"] == 50.0
    assert [e["text"] for e in up.events] == ["2024-12 由黄色升为橙色"]
    down = plan([finding("黄")], [tracked("红")])
    assert [e["kind"] for e in down.events] == ["deescalated"]


def test_re_evaluating_the_same_month_changes_nothing_and_a_correction_is_noted() -> None:
    same = plan([finding("黄", period=NOV)], [tracked("黄", period=NOV)])
    assert same.updates == [] and same.events == [] and same.new == []
    corrected = plan([finding("黄", period=NOV, value=65.0, measure=35.0)], [tracked("黄")])
    assert corrected.new == [] and corrected.updates[0]["value"] == 65.0
    assert [e["kind"] for e in corrected.events] == ["corrected"]


def test_a_condition_that_stops_holding_is_noted_and_left_open() -> None:
    found = plan([], [tracked("黄")], cleared={"1|A"})
    assert found.updates == [
        {"id": 7, "condition": "cleared", "cleared_period": DEC, "evaluated_period": DEC}
    ]
    assert [e["text"] for e in found.events] == ["条件已解除 2024-12"]
    again = plan([finding("黄")], [tracked("黄", condition="cleared")])
    assert again.new == [] and again.updates[0]["condition"] == "active"
    assert [e["kind"] for e in again.events] == ["recurred"]


def test_a_closed_warning_is_not_raised_again_unless_it_gets_worse() -> None:
    quiet = plan([finding("黄")], [tracked("橙", status="closed")])
    assert quiet.new == [] and quiet.updates == [{"id": 7, "evaluated_period": DEC}]
    worse = plan([finding("红", measure=75.0)], [tracked("橙", status="closed")])
    assert [f.level for f in worse.new] == ["红"]
    assert worse.updates == [{"id": 7, "track_key": None}]
    over = plan([], [tracked("橙", status="closed")], cleared={"1|A"})
    assert over.updates == [{"id": 7, "track_key": None, "evaluated_period": DEC}]


def test_subjects_not_evaluated_are_left_alone() -> None:
    found = plan([], [tracked("红")])
    assert found.new == [] and found.updates == [] and found.events == []
