"""The cache under .cache/kb: kept values come back, stale or foreign ones never do."""

from __future__ import annotations

import pickle
import subprocess
import sys

from builder.check.checker import check
from builder.core import cache

from .conftest import ROOT, make_project


def _counting():
    calls = []

    def make(value):
        def inner():
            calls.append(value)
            return value
        return inner

    return calls, make


def test_kept_values_come_back_and_unused_ones_are_dropped(tmp_path):
    calls, make = _counting()
    one = cache.Store(tmp_path, "t", shards=4)
    keys = [cache.digest(i) for i in range(20)]
    for k in keys:
        assert one.get(k, make(k)) == k
    one.save()
    assert len(calls) == 20 and len(list(tmp_path.glob("t/*.pickle"))) == 4
    two = cache.Store(tmp_path, "t", shards=4)  # as the next run finds it
    for k in keys[:5]:
        assert two.get(k, make("again")) == k
    assert len(calls) == 20  # nothing made again
    two.save()
    three = cache.Store(tmp_path, "t", shards=4)
    assert [three.has(k) for k in keys] == [True] * 5 + [False] * 15


def test_a_store_of_another_environment_is_ignored(tmp_path):
    key = cache.digest("x")
    path = tmp_path / "t.pickle"
    path.write_bytes(pickle.dumps(("another code", {key: "old"})))
    assert cache.Store(tmp_path, "t").get(key, lambda: "new") == "new"


def test_no_project_no_cache(tmp_path):
    (tmp_path / "content").mkdir()
    assert cache.folder(tmp_path) is None  # no mkdocs.yml: a loose content folder
    store = cache.Store(None, "t")
    store.get("k", lambda: 1)
    store.save()
    assert list(tmp_path.iterdir()) == [tmp_path / "content"]


def test_a_changed_image_is_checked_again(tmp_path):
    """The check of a folder is kept under its files' state: replacing a photo by a
    broken file is found, with the kept result of every other folder reused."""
    root = make_project(tmp_path)
    content = root / "content"
    assert not check(content).errors
    image = next(content.glob("*/*/*.png"))
    image.write_bytes(b"not a picture")
    found = check(content)
    assert {p.code for p in found.errors} & {"broken-image", "not-an-image"}


CHILD = """
from builder.core import parallel
assert parallel.started(lambda: {"a": [1, 2]})() == {"a": [1, 2]}
def fails():
    raise ValueError("no index")
try:
    parallel.started(fails)()
except parallel.ChildError as exc:
    print(exc)
"""


def test_the_child_sends_its_result_or_its_error():
    # in a process of its own: pytest-xdist's threads make started() run in the caller
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ValueError: no index"
