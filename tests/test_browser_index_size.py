"""No word shard or vocabulary group file of the browser index is over MAX_FILE.

The limit (64 KB) is hit only by corpora of thousands of write-ups, so here it is
lowered for a generated corpus (bench/corpus.py) large enough to go over it: the
same site built with and without the lower limit must hold the same index once
the parts are put together, and the browser must answer the same.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bench import corpus
from builder.site import browser_index
from builder.site.build import build

from .browser_helpers import CHROMIUM, open_page

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400  # bytes; the generated corpus below has shards and groups over this
REPAIRS = 40
CALL = re.compile(r"^kbIndex\.(\w+)\((.*)\);\n$", re.S)
PART = re.compile(r"^(?P<name>[a-z0-9_]+)(?:-(?P<part>\d+))?\.js$")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """(site built with the lower limit, the same site built with the usual one)."""
    tmp = tmp_path_factory.mktemp("shards")
    generated = corpus.generate(tmp / "small", repairs=REPAIRS, mkdocs=ROOT / "mkdocs.yml")
    shutil.copytree(generated.root, tmp / "whole")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(browser_index, "MAX_FILE", LIMIT)
        small = build(tmp / "small" / "mkdocs.yml", pdf=False).site_dir
    whole = build(tmp / "whole" / "mkdocs.yml", pdf=False).site_dir
    return small, whole


def _read(folder: Path) -> dict[str, dict[str, list]]:
    """Shard or group key -> its entries, parts put together in order."""
    parts: dict[str, dict[int, tuple[dict, int]]] = {}
    for path in folder.glob("*.js"):
        call, args = CALL.match(path.read_text(encoding="utf-8")).groups()
        key, data, *numbers = json.loads(f"[{args}]")
        part, count = numbers or (0, 1)
        assert PART.match(path.name).group("part") == (str(part) if part else None)
        parts.setdefault(key, {})[part] = (data["p"] if call == "shard" else data, count)
    out = {}
    for key, found in parts.items():
        counts = {count for _, count in found.values()}
        assert counts == {len(found)}, (key, sorted(found), counts)
        merged: dict[str, list] = {}
        for number in sorted(found):
            for entry, value in found[number][0].items():
                merged[entry] = merged.get(entry, []) + value
        out[key] = merged
    return out


def test_no_shard_or_group_file_over_the_limit(sites):
    small, whole = sites
    for kind in ("s", "v"):
        sizes = {p.name: p.stat().st_size for p in (small / "search" / kind).glob("*.js")}
        assert max(sizes.values()) <= LIMIT, kind
        over = [p for p in (whole / "search" / kind).glob("*.js") if p.stat().st_size > LIMIT]
        assert over, f"the corpus is too small to test the limit on search/{kind}"
        assert any("-" in name for name in sizes), kind


def test_parts_hold_the_same_index(sites):
    small, whole = sites
    for kind in ("s", "v"):
        assert _read(small / "search" / kind) == _read(whole / "search" / kind)


def test_a_posting_list_longer_than_a_part_is_cut(sites):
    small, _ = sites
    entries: dict[str, int] = {}
    for path in (small / "search" / "s").glob("*.js"):
        _, args = CALL.match(path.read_text(encoding="utf-8")).groups()
        for entry in json.loads(f"[{args}]")[1]["p"]:
            entries[entry] = entries.get(entry, 0) + 1
    assert max(entries.values()) > 1  # some word's documents span two files


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
@pytest.mark.parametrize("query", ["bomba", "motor", "compresor", "fuga de aceite",
                                   "rodamiento dañado", "valbula", "bearing"])
def test_browser_answers_the_same_from_parts(browser, sites, query):
    found = []
    for site in sites:
        base = site.as_uri() + "/"
        page = open_page(browser, base)
        page.goto(base + "buscar/index.html")
        page.wait_for_function("document.querySelector('.kb-search--ready')")
        page.locator(".kb-search input[type=search]").fill(query + " ")
        page.wait_for_function("document.querySelector('.kb-status').textContent !== ''",
                               timeout=20_000)
        page.wait_for_function("!document.querySelector('.kb-results[aria-busy]')")
        found.append((page.locator(".kb-status").text_content(),
                      page.locator(".kb-results li a").evaluate_all(
                          "els => els.map(a => a.getAttribute('href'))")))
        assert page.kb_errors == []
        page.context.close()
    assert found[0] == found[1]
    assert found[0][1], f"{query!r} finds nothing: the test says nothing"
