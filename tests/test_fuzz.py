"""Property-based tests: random and mutated documents give a validated document or a
list of coded problems, never an exception.

Bounded in `make test`; a longer run: `make fuzz` (HYPOTHESIS_PROFILE=long).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check.checker import check
from builder.document import catalogue
from builder.load import markdown

from .conftest import VALID, hang_guard

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPAIR = "content/repairs/ejemplo-bomba-agua/index.md"
ORIGINAL = (VALID / REPAIR).read_text(encoding="utf-8")
_root = Path(tempfile.mkdtemp(prefix="kb-fuzz-")) / "project"
shutil.copytree(VALID, _root)


def outcome(data: bytes):
    """Write the repair file and check: the only allowed outcomes."""
    (_root / REPAIR).write_bytes(data)
    report = check(_root / "content")
    for p in report.problems:
        assert p.code in catalogue()
        assert p.line is None or p.line >= 1
        p.message("es"), p.hint("en")  # every message renders
    mine = [p for p in report.problems if p.path == REPAIR and p.is_error]
    docs = [d for d in report.documents if d.src.rel == REPAIR]
    assert bool(mine) or len(docs) == 1, "no error, so the document must validate"
    return report


@given(st.binary(max_size=2000))
def test_random_bytes(data):
    outcome(data)


@given(st.text(max_size=1500))
def test_random_text(text):
    outcome(text.encode("utf-8", "surrogatepass") if "\ud800" not in text else b"")


@given(st.text(max_size=600))
def test_random_text_after_front_matter_fence(text):
    outcome(("---\n" + text).encode("utf-8", "ignore"))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.dates())
values = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=12), kids, max_size=4)),
    max_leaves=12)
KEYS = list(yaml.safe_load(ORIGINAL.split("---\n")[1]))


@given(st.dictionaries(st.sampled_from(KEYS + ["x", "clase"]), values, max_size=12))
def test_random_front_matter(front):
    head = yaml.safe_dump(front, allow_unicode=True, default_flow_style=False)
    outcome(f"---\n{head}---\n## Contexto\n".encode())


lines = ORIGINAL.split("\n")


@given(st.lists(st.tuples(st.sampled_from(["drop", "dup", "swap", "insert", "indent"]),
                          st.integers(0, len(lines) - 1), st.text(max_size=8)),
                min_size=1, max_size=5))
def test_mutated_valid_document(mutations):
    current = list(lines)
    for action, i, text in mutations:
        i %= len(current)
        if action == "drop":
            del current[i]
        elif action == "dup":
            current.insert(i, current[i])
        elif action == "swap" and i + 1 < len(current):
            current[i], current[i + 1] = current[i + 1], current[i]
        elif action == "insert":
            current.insert(i, text)
        elif action == "indent":
            current[i] = " " + current[i]
        if not current:
            current = [""]
    outcome("\n".join(current).encode("utf-8", "ignore"))


@given(st.sampled_from(KEYS), values)
def test_replaced_value(key, value):
    front = yaml.safe_load(ORIGINAL.split("---\n")[1])
    front[key] = value
    body = ORIGINAL.split("---\n", 2)[2]
    head = yaml.safe_dump(front, allow_unicode=True)
    outcome(f"---\n{head}---\n{body}".encode())


# Markdown made of the pieces the site's syntax is built from, in any order: the
# reader never raises, and each body is checked in bounded time.
MARKUP = ["#", "## ", "\n", "\n\n", "    ", "\t", "- ", "1. ", "> ", "`", "```", "~~~", "*", "_",
          "[", "]", "(", ")", "![", "]:", "<", ">", "</", "<!--", "-->", "&", "&#", ";", "{:",
          "}", "!!! note ", "??? warning ", "[^1]", "[^1]: ", ": ", "|", "|---|", "\\", '"',
          "http://x", "//x", "javascript:", "<img src=", "<script>", "a", "palabra ", "é"]
BODY = ORIGINAL.split("---\n", 2)[2]
HEAD = "---\n" + ORIGINAL.split("---\n", 2)[1] + "---\n"


@given(st.lists(st.sampled_from(MARKUP), max_size=400))
def test_random_markdown_body(pieces):
    body = "".join(pieces)
    with hang_guard(10):
        reading = markdown.parse(body)
        markdown.plain_text(body)
        markdown.rewrite_targets(body, lambda target: "x/" + target)
        list(reading.targets()), list(reading.html()), list(reading.stray_tags())
        outcome((HEAD + BODY + "\n" + body + "\n").encode("utf-8"))


@given(st.lists(st.sampled_from(MARKUP), max_size=60), st.integers(1, 300))
def test_repeated_markdown_body(pieces, times):
    """The same few pieces many times over: the shape that makes backtracking slow."""
    body = "".join(pieces) * times
    with hang_guard(10):
        outcome((HEAD + BODY + "\n" + body[:200_000] + "\n").encode("utf-8"))
