"""The translation drift of a pair is kept in the project's cache with its folder's
check: a second check reads it back instead of reading both bodies again, and finds the
same; a changed translation is read again."""

from __future__ import annotations

from builder.check import checker, drift
from builder.core import cache

from .conftest import EXAMPLES, make_project


def _drift_problems(report) -> list:
    return sorted((p for p in report.problems if p.code.startswith("translation-")),
                  key=lambda p: p.sort_key())


def test_a_second_check_reads_the_drift_back(tmp_path, monkeypatch):
    root = make_project(tmp_path, EXAMPLES / "invalid" / "translation-figures")
    first = _drift_problems(checker.check(root / "content"))
    assert first  # the example's translation drifts
    checker._MEMO.clear()
    cache._OPEN.clear()  # a new process: only the files of the cache remain

    def unread(*_):
        raise AssertionError("the drift of an unchanged pair was computed again")

    monkeypatch.setattr(drift, "_drift", unread)
    assert _drift_problems(checker.check(root / "content")) == first


def test_a_changed_translation_is_read_again(tmp_path, monkeypatch):
    root = make_project(tmp_path, EXAMPLES / "invalid" / "translation-figures")
    checker.check(root / "content")
    checker._MEMO.clear()
    cache._OPEN.clear()
    translation = next(p for p in (root / "content").rglob("index.en.md"))
    translation.write_text(translation.read_text(encoding="utf-8") + "\nOne more line.\n",
                           encoding="utf-8")
    calls = []
    real = drift._drift
    monkeypatch.setattr(drift, "_drift", lambda a, b: calls.append(b.rel) or real(a, b))
    checker.check(root / "content")
    assert translation.relative_to(root).as_posix() in calls
